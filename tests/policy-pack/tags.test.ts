import * as assert from "assert";
import { TYPES } from "../../policy-pack/sagemaker";
import { tagsPolicy } from "../../policy-pack/tags";
import { runResourcePolicy, UNKNOWN_ARRAY, UNKNOWN_STRING } from "./support";

const REQUIRED = { requiredTagKeys: ["cost-center", "team"] };
const TAGGED = { "cost-center": "ml-42", team: "search" };

describe("policy sagemaker-cost-allocation-tags", () => {
    it("is mandatory, and by default requires no key", async () => {
        assert.strictEqual(tagsPolicy.enforcementLevel, "mandatory");
        assert.deepStrictEqual(tagsPolicy.configSchema?.properties.requiredTagKeys.default, []);
        assert.deepStrictEqual(await runResourcePolicy(tagsPolicy, { type: TYPES.classicModel, name: "m", props: {} }), []);
    });

    it("passes SageMaker resources of each provider that carry the keys: maps, aws-native's lists and tagsAll", async () => {
        const passing = [
            { type: TYPES.classicModel, name: "m", props: { tags: TAGGED } },
            { type: TYPES.classicEndpoint, name: "e", props: { tagsAll: TAGGED } },
            { type: TYPES.nativeEndpointConfig, name: "c", props: { tags: [{ key: "cost-center", value: "ml-42" }, { key: "team", value: "search" }] } },
            { type: TYPES.inferenceComponent, name: "ic", props: { tags: [{ key: "cost-center", value: "1" }, { key: "team", value: "x" }] } },
            { type: TYPES.trainingPlan, name: "plan", props: { tags: TAGGED } },
        ];
        for (const r of passing) {
            assert.deepStrictEqual(await runResourcePolicy(tagsPolicy, r, REQUIRED), [], r.type);
        }
    });

    // Both providers send their inputs to the engine JSON-encoded (@pulumi/aws and @pulumi/aws-native provider.js:
    // `pulumi.output(args?.defaultTags).apply(JSON.stringify)`; pulumi/pulumi#15477), and a default provider's come
    // from config as text: the policy sees `defaultTags` as a JSON string. An object is read too, for an engine that decodes it.
    it("counts the provider's defaultTags, as the engine sends them (JSON text) and as an object", async () => {
        const defaultTags = { tags: { "cost-center": "ml-42" } };
        for (const provider of [{ defaultTags: JSON.stringify(defaultTags) }, { defaultTags }]) {
            for (const r of [
                { type: TYPES.classicEndpointConfig, name: "c", props: { tags: { team: "search" } }, provider },
                { type: TYPES.nativeEndpointConfig, name: "c", props: { tags: [{ key: "team", value: "search" }] }, provider },
            ]) {
                assert.deepStrictEqual(await runResourcePolicy(tagsPolicy, r, REQUIRED), [], `${r.type} ${typeof provider.defaultTags}`);
            }
        }
        const without = async (provider: Record<string, unknown>) => (await runResourcePolicy(tagsPolicy, { type: TYPES.classicModel, name: "m", props: { tags: { team: "x" } }, provider }, REQUIRED)).map((v) => v.message);
        const missing = [`${TYPES.classicModel} m lacks the cost-allocation tag cost-center: set it in its tags or the provider's defaultTags`];
        assert.deepStrictEqual(await without({ defaultTags: JSON.stringify({ tags: { owner: "ml" } }) }), missing);
        assert.deepStrictEqual(await without({ defaultTags: "null" }), missing);
        assert.deepStrictEqual(await without({ region: "us-east-1" }), missing);
        assert.deepStrictEqual(await without({ defaultTags: UNKNOWN_STRING }), []);
    });

    it("refuses each kind of SageMaker resource without them, naming the missing keys", async () => {
        const failing = [TYPES.classicModel, TYPES.classicEndpointConfig, TYPES.classicEndpoint, TYPES.nativeModel, TYPES.nativeEndpointConfig, TYPES.nativeEndpoint, TYPES.inferenceComponent, TYPES.trainingPlan];
        for (const type of failing) {
            const violations = await runResourcePolicy(tagsPolicy, { type, name: "r", props: { tags: type.startsWith("aws-native") ? [{ key: "team", value: "x" }] : { team: "x" } } }, REQUIRED);
            assert.deepStrictEqual(violations.map((v) => v.message), [`${type} r lacks the cost-allocation tag cost-center: set it in its tags or the provider's defaultTags`]);
        }
        assert.match((await runResourcePolicy(tagsPolicy, { type: TYPES.nativeModel, name: "m", props: {} }, REQUIRED))[0].message, /tags cost-center, team: set them/);
    });

    it("checks other SageMaker resources that have tags, and leaves those that take none, other resources and tags unknown during preview alone", async () => {
        assert.strictEqual((await runResourcePolicy(tagsPolicy, { type: "aws:sagemaker/domain:Domain", name: "d", props: { tags: { team: "x" } } }, REQUIRED)).length, 1);
        assert.deepStrictEqual(await runResourcePolicy(tagsPolicy, { type: "aws:sagemaker/modelPackageGroupPolicy:ModelPackageGroupPolicy", name: "p", props: { modelPackageGroupName: "g" } }, REQUIRED), []);
        assert.deepStrictEqual(await runResourcePolicy(tagsPolicy, { type: "aws:iam/role:Role", name: "r", props: {} }, REQUIRED), []);
        assert.deepStrictEqual(await runResourcePolicy(tagsPolicy, { type: TYPES.nativeModel, name: "m", props: { tags: UNKNOWN_ARRAY } }, REQUIRED), []);
    });
});
