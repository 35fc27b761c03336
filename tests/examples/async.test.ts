import * as assert from "assert";
import { runProgram, TestRun } from "sagemaker-inference/testing";
import { asyncProgram } from "../../examples/async/program";

describe("examples/async, under the test kit", () => {
    let run: TestRun;
    before(async () => { run = await runProgram(asyncProgram, { prices: { "ml.g5.2xlarge": 1.515 } }); });

    it("queues requests in a created bucket and answers through two created topics", () => {
        const [bucket] = run.ofType<{ bucketPrefix: string }>("aws:s3/bucket:Bucket");
        assert.strictEqual(bucket.inputs.bucketPrefix, "test-test-summarizer-");
        const [config] = run.ofType<{ asyncInferenceConfig: unknown }>("aws-native:sagemaker:EndpointConfig");
        assert.deepStrictEqual(config.inputs.asyncInferenceConfig, {
            clientConfig: { maxConcurrentInvocationsPerInstance: 4 },
            outputConfig: {
                notificationConfig: {
                    errorTopic: "arn:aws:sns:us-east-1:123456789012:test-test-summarizer-error",
                    successTopic: "arn:aws:sns:us-east-1:123456789012:test-test-summarizer-success",
                },
                s3FailurePath: "s3://test-test-summarizer-3f5a67ac6419/failure/",
                s3OutputPath: "s3://test-test-summarizer-3f5a67ac6419/output/",
            },
        });
        assert.deepStrictEqual(run.outputs, { endpointName: "test-test-summarizer", inputLocation: "s3://test-test-summarizer-3f5a67ac6419/input/" });
    });

    it("scales from 0 to 4 ml.g5.2xlarge: at most 672 instance-hours, 1018.08 a week at 1.515 an hour", () => {
        const [target] = run.ofType<{ resourceId: string; minCapacity: number; maxCapacity: number }>("aws:appautoscaling/target:Target");
        assert.deepStrictEqual([target.inputs.resourceId, target.inputs.minCapacity, target.inputs.maxCapacity], ["endpoint/test-test-summarizer/variant/AllTraffic", 0, 4]);
        assert.deepStrictEqual(run.summary.split("\n").slice(-2), [
            "  ml.g5.2xlarge: 0 to 672 instance-hours per week (test-test-summarizer: 0 to 4 instance(s), scales to zero when nothing is queued); at 1.515 an hour: 0.00 to 1018.08 a week",
            "  prices: hourly, per instance type, from runProgram options.prices",
        ]);
    });
});
