import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { checkTags, TAG_LIMITS } from "../../core/tags";
import { COPY_COUNT_MAX } from "../../core/validate";
import { ReservedEndpoint } from "../../components/endpoint/reserved-endpoint";
import { InferenceModel } from "../../components/model/inference-model";
import { ScalableInferenceComponent } from "../../components/scale-to-zero/inference-component";
import { ScaleToZeroEndpoint } from "../../components/scale-to-zero/scale-to-zero-endpoint";
import { checkRuntimeConfigInputs } from "../../dynamic-providers/runtime-config-plan";
import { checkTrainingPlanInputs } from "../../dynamic-providers/training-plan-plan";
import { apiViolations } from "../support/aws-spec";
import { expectFailure, expectRefused, ofType, runProgram, TYPES } from "../support/harness";

const config = { "aws:region": "us-east-1" };
const ROLE = "arn:aws:iam::123456789012:role/sagemaker-execution";

describe("tags: what the APIs refuse is refused where tags enter", () => {
    it("takes what the API's Tag shape takes, at its limits", () => {
        const tags = { "team": "llm", "cost-center/ä": "Ünïcode 42 _.:/=+-@", ["k".repeat(128)]: "v".repeat(256), "empty": "" };
        assert.deepStrictEqual(checkTags("ep.tags", tags), tags);
        assert.deepStrictEqual(apiViolations("sagemaker", "TagList", Object.entries(tags).map(([Key, Value]) => ({ Key, Value }))), []);
        const fifty = Object.fromEntries(Array.from({ length: TAG_LIMITS.tags }, (_, i) => [`t${i}`, "x"]));
        assert.strictEqual(Object.keys(checkTags("ep.tags", fifty)).length, 50);
    });

    for (const [tags, message] of [
        [{ ["k".repeat(129)]: "v" }, `ep.tags["${"k".repeat(129)}"]: the key has 129 characters; a tag key has 1 to 128`],
        [{ "": "v" }, `ep.tags[""]: the key has 0 characters; a tag key has 1 to 128`],
        [{ owner: "v".repeat(257) }, `ep.tags["owner"]: the value "${"v".repeat(257)}" has 257 characters; a tag value has at most 256`],
        [{ "aws:cloudformation:stack-name": "x" }, `ep.tags["aws:cloudformation:stack-name"]: the key starts with aws:, which AWS reserves for its own tags`],
        [{ "AWS:Owner": "x" }, `ep.tags["AWS:Owner"]: the key starts with aws:, which AWS reserves for its own tags`],
        [{ "team#1": "x" }, `ep.tags["team#1"]: the key has characters a tag key cannot have; it takes letters, digits, spaces and _ . : / = + - @`],
        [{ team: "a<b>" }, `ep.tags["team"]: the value "a<b>" has characters a tag value cannot have; it takes letters, digits, spaces and _ . : / = + - @`],
        [{ team: 7 }, `ep.tags["team"]: 7 is a number; expected a string value`],
        [["team"], `ep.tags: ["team"] is a list; expected a map of tag keys to string values`],
        [Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, "x"])), "ep.tags: 51 tags; a resource takes at most 50"],
    ] as const) {
        it(`refuses ${JSON.stringify(tags).slice(0, 60)}, naming the field, the tag and the rule`, () => {
            assert.throws(() => checkTags("ep.tags", tags), (e: Error) => e.message === message);
            assert.deepStrictEqual(apiViolations("sagemaker", "TagList", Array.isArray(tags) ? [] : Object.entries(tags).map(([Key, Value]) => ({ Key, Value }))).length > 0,
                !Array.isArray(tags) && !JSON.stringify(tags).includes("aws:") && !JSON.stringify(tags).includes("AWS:"), "the API model refuses it too, but for the reserved prefix, a rule of its documentation");
        });
    }

    it("names a secret's tag by its place, never its key or value", () => {
        assert.throws(() => checkTags("ep.tags", { a: "1", "token-key": "s3cr3t".repeat(50) }, true), (e: Error) =>
            e.message === "ep.tags (secret), tag 2 of 2: the value has 300 characters; a tag value has at most 256");
        assert.throws(() => checkTags("ep.tags", { "aws:token": "s3cr3t" }, true), (e: Error) =>
            e.message === "ep.tags (secret), tag 1 of 1: the key starts with aws:, which AWS reserves for its own tags");
    });

    it("refuses a component's bad tags before anything is registered", async () => {
        const registered = await expectRefused(() => {
            new ReservedEndpoint("chat", { modelName: "m", instanceType: "ml.g5.2xlarge", tags: { "aws:owner": "me" } });
        }, /: chat\.tags\["aws:owner"\]: the key starts with aws:/, config);
        assert.deepStrictEqual(registered, []);
        await expectRefused(() => {
            new InferenceModel("llama", { image: "763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.33.0", modelDataUrl: "s3://b/k/", executionRoleArn: ROLE, tags: { team: "x".repeat(300) } });
        }, /: llama\.tags\["team"\]: the value "x+" has 300 characters; a tag value has at most 256$/, config);
    });

    it("refuses tags that resolve late as they resolve, and a secret's without showing it", async () => {
        const failure = await expectFailure({
            stack: "evaluation", config, program: () => {
                new ReservedEndpoint("chat", { modelName: "m", instanceType: "ml.g5.2xlarge", tags: { team: "llm", token: pulumi.secret("s3cr3t-".repeat(40)) } });
            },
        }, /^chat\.tags \(secret\), tag 2 of 2: the value has 280 characters; a tag value has at most 256$/);
        assert.ok(!failure.message.includes("s3cr3t"));
        await expectFailure({
            stack: "evaluation", config, program: () => {
                new ReservedEndpoint("chat", { modelName: "m", instanceType: "ml.g5.2xlarge", tags: pulumi.output({ "aws:x": "1" }) });
            },
        }, /^chat\.tags\["aws:x"\]: the key starts with aws:/);
    });

    it("passes good tags on to every resource as they were given", async () => {
        const r = await runProgram({
            stack: "evaluation", config, program: () => {
                new ReservedEndpoint("chat", { modelName: "m", instanceType: "ml.g5.2xlarge", tags: { team: "llm", owner: pulumi.output("ml-platform") } });
            },
        });
        assert.deepStrictEqual(ofType(r, TYPES.endpoint)[0].inputs.tags, [{ key: "team", value: "llm" }, { key: "owner", value: "ml-platform" }]);
    });

    it("refuses a TrainingPlan's tags at check, showing neither key nor value (the engine sends secrets as plain values)", () => {
        const failures = checkTrainingPlanInputs({
            planName: "p", instanceType: "ml.p5.48xlarge", instanceCount: 1, durationHours: 24, maxUpfrontFee: 1, currencyCode: "USD", tags: { "api-key": "k".repeat(257) },
        });
        assert.deepStrictEqual(failures, [{ property: "tags", reason: "tags (secret), tag 1 of 1: the value has 257 characters; a tag value has at most 256" }]);
    });
});

describe("copy counts above what the API takes are refused at preview", () => {
    const endpoint = () => new ScaleToZeroEndpoint("llm", { instanceType: "ml.g5.12xlarge", maxInstanceCount: 2, executionRoleArn: ROLE });
    const TOO_MANY = COPY_COUNT_MAX + 1;
    const range = (min: number) => `must be a whole number from ${min} to 2147483647`;

    it("refuses an initial count, a maximum and a scheduled count above 2^31 - 1 (the API's 32-bit integers)", async () => {
        await expectRefused(() => {
            new ScalableInferenceComponent("llama", { ...endpoint().placement(), modelName: "m", initialCopyCount: TOO_MANY });
        }, new RegExp(`: llama.initialCopyCount: ${TOO_MANY} ${range(1)}$`), config);
        await expectRefused(() => {
            new ScalableInferenceComponent("llama", { ...endpoint().placement(), modelName: "m", autoScaling: { maxCopies: TOO_MANY } });
        }, new RegExp(`: llama.autoScaling.maxCopies: ${TOO_MANY} ${range(1)}$`), config);
        await expectRefused(() => {
            new ScalableInferenceComponent("llama", {
                ...endpoint().placement(), modelName: "m", autoScaling: { enabled: false },
                schedule: { timezone: "UTC", scaleInCron: "cron(0 18 ? * FRI *)", scaleOutCron: "cron(0 7 ? * MON *)", scaleOutCopyCount: TOO_MANY },
            });
        }, new RegExp(`scaleOutCopyCount: ${TOO_MANY} ${range(1)}$`), config);
    });

    it("refuses a runtime config's copy count above it at check", () => {
        assert.deepStrictEqual(checkRuntimeConfigInputs({ inferenceComponentName: "llama", copyCount: TOO_MANY }),
            [{ property: "copyCount", reason: `copyCount: ${TOO_MANY} must be a whole number from 0 to 2147483647` }]);
        assert.deepStrictEqual(checkRuntimeConfigInputs({ inferenceComponentName: "llama", copyCount: COPY_COUNT_MAX }), []);
    });
});
