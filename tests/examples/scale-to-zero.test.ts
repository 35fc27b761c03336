import * as assert from "assert";
import { runProgram, TestRun } from "sagemaker-inference/testing";
import { scaleToZeroProgram } from "../../examples/scale-to-zero/program";

describe("examples/scale-to-zero, under the test kit", () => {
    let run: TestRun;
    before(async () => { run = await runProgram(scaleToZeroProgram); });

    it("puts both models on one endpoint of up to 2 ml.g5.12xlarge that releases every instance", () => {
        const [config] = run.ofType<{ productionVariants: Record<string, unknown>[] }>("aws-native:sagemaker:EndpointConfig");
        const { instanceType, managedInstanceScaling } = config.inputs.productionVariants[0];
        assert.deepStrictEqual({ instanceType, managedInstanceScaling },
            { instanceType: "ml.g5.12xlarge", managedInstanceScaling: { minInstanceCount: 0, maxInstanceCount: 2, status: "ENABLED" } });
        assert.deepStrictEqual(run.outputs, { endpointName: "test-test-llm" });
    });

    it("gives each model a component of 1 accelerator and 16 GiB per copy, scaled from 0 to 2 copies", () => {
        type Component = { endpointName: string; inferenceComponentName: string; specification: { computeResourceRequirements: unknown } };
        assert.deepStrictEqual(run.ofType<Component>("aws-native:sagemaker:InferenceComponent").map((c) =>
            [c.inputs.inferenceComponentName, c.inputs.endpointName, c.inputs.specification.computeResourceRequirements]), [
            ["test-test-llama3-8b-instruct", "test-test-llm", { minMemoryRequiredInMb: 16384, numberOfAcceleratorDevicesRequired: 1 }],
            ["test-test-mistral-7b-instruct", "test-test-llm", { minMemoryRequiredInMb: 16384, numberOfAcceleratorDevicesRequired: 1 }],
        ]);
        assert.deepStrictEqual(run.ofType<{ resourceId: string; minCapacity: number; maxCapacity: number }>("aws:appautoscaling/target:Target")
            .map((t) => [t.inputs.resourceId, t.inputs.minCapacity, t.inputs.maxCapacity]), [
            ["inference-component/test-test-llama3-8b-instruct", 0, 2],
            ["inference-component/test-test-mistral-7b-instruct", 0, 2],
        ]);
    });

    it("can run at most 336 ml.g5.12xlarge instance-hours a week, none when idle", () => {
        assert.strictEqual(run.summary.split("\n").at(-1),
            "  ml.g5.12xlarge: 0 to 336 instance-hours per week (test-test-llm: 0 to 2 instance(s), scales to zero when no copy runs)");
    });
});
