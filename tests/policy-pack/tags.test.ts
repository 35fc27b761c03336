import * as assert from "assert";
import { TYPES } from "../../policy-pack/sagemaker";
import { tagsPolicy } from "../../policy-pack/tags";
import { runResourcePolicy, UNKNOWN_ARRAY } from "./support";

const REQUIRED = { requiredTagKeys: ["cost-center", "team"] };
const TAGGED = { "cost-center": "ml-42", team: "search" };

describe("policy sagemaker-cost-allocation-tags", () => {
    it("is mandatory, and by default requires no key", async () => {
        assert.strictEqual(tagsPolicy.enforcementLevel, "mandatory");
        assert.deepStrictEqual(tagsPolicy.configSchema?.properties.requiredTagKeys.default, []);
        assert.deepStrictEqual(await runResourcePolicy(tagsPolicy, { type: TYPES.classicModel, name: "m", props: {} }), []);
    });

    it("passes SageMaker resources of each provider that carry the keys: maps, aws-native's lists, tagsAll and the provider's defaultTags", async () => {
        const passing = [
            { type: TYPES.classicModel, name: "m", props: { tags: TAGGED } },
            { type: TYPES.classicEndpoint, name: "e", props: { tagsAll: TAGGED } },
            { type: TYPES.classicEndpointConfig, name: "c", props: { tags: { team: "search" } }, provider: { defaultTags: { tags: { "cost-center": "ml-42" } } } },
            { type: TYPES.nativeEndpointConfig, name: "c", props: { tags: [{ key: "cost-center", value: "ml-42" }, { key: "team", value: "search" }] } },
            { type: TYPES.inferenceComponent, name: "ic", props: { tags: [{ key: "cost-center", value: "1" }, { key: "team", value: "x" }] } },
            { type: TYPES.trainingPlan, name: "plan", props: { tags: TAGGED } },
        ];
        for (const r of passing) {
            assert.deepStrictEqual(await runResourcePolicy(tagsPolicy, r, REQUIRED), [], r.type);
        }
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
