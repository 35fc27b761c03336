import * as assert from "assert";
import { InferenceContainer, InferenceModel, InferenceModelArgs } from "../../components/model/inference-model";
import { ReservedEndpoint } from "../../components/endpoint/reserved-endpoint";
import { cfnReplacingPaths } from "../support/aws-spec";
import { expectRefused, one, plannedChanges, ProgramRun, runProgram, TYPES } from "../support/harness";

const IMAGE1 = "123456789012.dkr.ecr.us-east-1.amazonaws.com/myimage1:mytag";
const IMAGE2 = "123456789012.dkr.ecr.us-east-1.amazonaws.com/myimage2:mytag";
const ROLE = "arn:aws:iam::123456789012:role/sagemaker-execution";
const config = { "aws:region": "us-east-1" };
const CONTAINERS: InferenceContainer[] = [{ image: IMAGE1, hostname: "firstContainer" }, { image: IMAGE2, hostname: "secondContainer" }];

/** Seed 001: two containers invoked directly, on demand. */
function seed(change: Partial<InferenceModelArgs> = {}) {
    return () => {
        const model = new InferenceModel("multi", { namePrefix: "multi", mode: "Direct", containers: CONTAINERS, executionRoleArn: ROLE, ...change });
        const endpoint = new ReservedEndpoint("multi", { namePrefix: "multi", modelName: model.modelName, instanceType: "ml.c5.large", instanceCount: 1 });
        return { endpointName: endpoint.endpointName, modelName: model.modelName, mode: model.mode, containerHostnames: model.containerHostnames };
    };
}

const run = (change?: Partial<InferenceModelArgs>) => runProgram({ stack: "production", config, program: seed(change) });
const modelOf = (r: ProgramRun) => one(r, TYPES.model, "multi-model");
const configOf = (r: ProgramRun) => one(r, TYPES.endpointConfig, "multi-config");
const endpointOf = (r: ProgramRun) => one(r, TYPES.endpoint, "multi-endpoint");

describe("multi-container model on a ReservedEndpoint (seed 001)", () => {
    let direct: ProgramRun;
    before(async () => {
        direct = await run();
    });

    it("gives the model both containers by hostname in Direct mode, and no primary container", () => {
        const { name, ...model } = modelOf(direct).inputs;
        assert.deepStrictEqual(model, {
            executionRoleArn: ROLE,
            containers: [{ image: IMAGE1, containerHostname: "firstContainer" }, { image: IMAGE2, containerHostname: "secondContainer" }],
            inferenceExecutionConfig: { mode: "Direct" },
        });
        assert.strictEqual(direct.outputs.modelName, name);
    });

    it("serves that model from an on-demand variant", () => {
        assert.deepStrictEqual(configOf(direct).inputs.productionVariants, [{
            variantName: "AllTraffic",
            instanceType: "ml.c5.large",
            initialInstanceCount: 1,
            initialVariantWeight: 1,
            modelName: modelOf(direct).inputs.name,
        }]);
        assert.deepStrictEqual(configOf(direct).inputs.metricsConfig, { enableEnhancedMetrics: true, enableDetailedObservability: false, metricPublishFrequencyInSeconds: 10 });
        // A fixed single instance on demand: nothing retained, SageMaker's blue/green update.
        assert.deepStrictEqual(endpointOf(direct).inputs, {
            endpointName: "multi",
            endpointConfigName: configOf(direct).inputs.endpointConfigName,
            retainAllVariantProperties: false,
        });
    });

    it("tells callers the mode and the hostnames to pass as TargetContainerHostname", () => {
        assert.deepStrictEqual([direct.outputs.mode, direct.outputs.containerHostnames], ["Direct", ["firstContainer", "secondContainer"]]);
    });

    const updates: [string, Partial<InferenceModelArgs>, string[], string][] = [
        ["switching to Serial mode", { mode: "Serial" }, ["name", "inferenceExecutionConfig.mode"], "Serial"],
        ["a new image for the second container", { containers: [CONTAINERS[0], { image: `${IMAGE2.split(":")[0]}:v2`, hostname: "secondContainer" }] },
            ["name", "containers"], "Direct"],
    ];
    for (const [what, change, modelChanges, mode] of updates) {
        it(`${what}: a new model and endpoint config, the endpoint updated in place`, async () => {
            const after = await run(change);
            assert.strictEqual(after.outputs.mode, mode);
            const [m1, m2] = [modelOf(direct), modelOf(after)];
            assert.deepStrictEqual(plannedChanges(m1.inputs, m2.inputs).sort(), [...modelChanges].sort());
            assert.notStrictEqual(m2.inputs.name, m1.inputs.name, "a new model version is a new model");
            assert.strictEqual(m2.deleteBeforeReplace, false);
            const [c1, c2] = [configOf(direct), configOf(after)];
            assert.notStrictEqual(c2.inputs.endpointConfigName, c1.inputs.endpointConfigName);
            assert.strictEqual(c2.inputs.productionVariants[0].modelName, m2.inputs.name);
            const [e1, e2] = [endpointOf(direct), endpointOf(after)];
            const endpointChanges = plannedChanges(e1.inputs, e2.inputs, e2.ignoreChanges);
            assert.deepStrictEqual(endpointChanges, ["endpointConfigName"]);
            assert.deepStrictEqual(cfnReplacingPaths("AWS::SageMaker::Endpoint", endpointChanges), [], "an update, not a replacement");
            assert.deepStrictEqual([e2.urn, e2.inputs.endpointName, e2.inputs.endpointConfigName], [e1.urn, "multi", c2.inputs.endpointConfigName]);
        });
    }

    const bad: [string, InferenceContainer[], RegExp][] = [
        ["a container without a hostname", [CONTAINERS[0], { image: IMAGE2 }],
            /multi\.containers\[1\]\.hostname: undefined is required in Direct mode/],
        ["two containers with one hostname", [CONTAINERS[0], { image: IMAGE2, hostname: "firstContainer" }],
            /multi\.containers\[1\]\.hostname: "firstContainer" is used by another container; hostnames must be unique in Direct mode/],
    ];
    for (const [what, containers, message] of bad) {
        it(`refuses ${what} in Direct mode before registering anything, naming the container`, async () => {
            assert.deepStrictEqual(await expectRefused(() => seed({ containers })(), message, config), []);
        });
    }
});
