// The example in testing.ts's doc comment, as written (tests/testing/kit.test.ts checks they are the same): type-checked and run.
import * as assert from "assert";
import { ScaleToZeroEndpoint } from "sagemaker-inference";
import { runProgram } from "sagemaker-inference/testing";

it("deploys the chat endpoint, which runs at most 336 instance-hours a week and none when idle", async () => {
    const run = await runProgram(() => { new ScaleToZeroEndpoint("chat", { instanceType: "ml.g5.2xlarge", maxInstanceCount: 2 }); });
    const [endpoint] = run.ofType<{ endpointName: string }>("aws-native:sagemaker:Endpoint");
    assert.strictEqual(endpoint.inputs.endpointName, "test-test-chat");
    assert.match(run.summary, /ml\.g5\.2xlarge: 0 to 336 instance-hours per week/);
});
