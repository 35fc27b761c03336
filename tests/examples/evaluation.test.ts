import * as assert from "assert";
import { runProgram, TestRun } from "sagemaker-inference/testing";
import { evaluationProgram } from "../../examples/evaluation/program";

const PLAN = "arn:aws:sagemaker:us-east-1:123456789012:training-plan/p5-eval";

describe("examples/evaluation, under the test kit", () => {
    let run: TestRun;
    // The example's project, so that its config key (reservationArn) is its own.
    before(async () => { run = await runProgram(evaluationProgram, { project: "llm-evaluation", config: { "llm-evaluation:reservationArn": PLAN } }); });

    it("serves the candidate on one ml.p5.48xlarge of the training plan, the endpoint depending on the plan's check", () => {
        const [config] = run.ofType<{ productionVariants: Record<string, unknown>[] }>("aws-native:sagemaker:EndpointConfig");
        const { instanceType, initialInstanceCount, capacityReservationConfig } = config.inputs.productionVariants[0];
        assert.deepStrictEqual({ instanceType, initialInstanceCount, capacityReservationConfig }, {
            instanceType: "ml.p5.48xlarge", initialInstanceCount: 1,
            capacityReservationConfig: { capacityReservationPreference: "capacity-reservations-only", mlReservationArn: PLAN },
        });
        const [check] = run.ofType<{ reservationArn: string; instanceType: string; instanceCount: number }>("pulumi-nodejs:dynamic/sagemaker-inference:ReservationCheck");
        assert.deepStrictEqual([check.inputs.reservationArn, check.inputs.instanceType, check.inputs.instanceCount], [PLAN, "ml.p5.48xlarge", 1]);
        const waiting = run.resources.filter((r) => r.dependencies.includes(check.urn)).map((r) => `${r.type} ${r.name}`);
        assert.deepStrictEqual(waiting, ["sagemaker-inference:index:ReservedEndpoint llama3-70b-ft-a"]);
        assert.deepStrictEqual(run.outputs, { endpointName: "llm-evaluation-test-llama3-70b-ft-a" });
    });

    it("refuses to run without the plan's ARN, as pulumi up would", async () => {
        await assert.rejects(runProgram(evaluationProgram, { project: "llm-evaluation" }), { message: /Missing required configuration variable 'llm-evaluation:reservationArn'/ });
    });

    it("reserves 168 ml.p5.48xlarge instance-hours a week, 720 over the plan's made-up month left", () => {
        assert.match(run.summary, /\n {2}ml\.p5\.48xlarge: 168 instance-hours per week reserved by training plan arn:aws:sagemaker:us-east-1:123456789012:training-plan\/p5-eval \(1 instance\(s\), paid whether used or not\), 720 instance-hours over its 720 h left until 2026-12-31T00:00:00\.000Z \(stand-in values offline/);
    });
});
