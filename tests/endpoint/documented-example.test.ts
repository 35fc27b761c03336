import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ofType, one, ProgramRun, runProgram, TYPES } from "../support/harness";
import { apiViolations } from "../support/aws-spec";
import { docBlock } from "../../scripts/doc-blocks";

/** The program of docs/private-encrypted-endpoints.md, as written: tests/support/package-paths.ts resolves its import to this checkout. */
function documentedProgram(): string {
    const block = docBlock("ts", "dataCapture: { destinationS3Uri");
    assert.strictEqual(block.file, "docs/private-encrypted-endpoints.md");
    return block.code;
}

describe("the private, encrypted, captured and watched endpoint of the docs", () => {
    let run: ProgramRun;
    before(async () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "readme-")), "program.ts");
        fs.writeFileSync(file, documentedProgram());
        run = await runProgram({ stack: "production", config: { "aws:region": "us-east-1" }, program: () => require(file) });
    });

    it("runs the model in the subnets, isolated, and encrypts the volumes and the captures with the key", () => {
        const model = one(run, TYPES.model, "chat-model").inputs;
        assert.deepStrictEqual(model.vpcConfig, { securityGroupIds: ["sg-0a1b2c3d4e5f60718"], subnets: ["subnet-0a1b2c3d4e5f60718", "subnet-1b2c3d4e5f6071829"] });
        assert.strictEqual(model.enableNetworkIsolation, true);
        const config = one(run, TYPES.endpointConfig, "chat-config").inputs;
        const key = "arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b";
        assert.strictEqual(config.kmsKeyId, key);
        assert.deepStrictEqual([config.dataCaptureConfig.destinationS3Uri, config.dataCaptureConfig.initialSamplingPercentage, config.dataCaptureConfig.kmsKeyId],
            ["s3://acme-captures/chat", 20, key]);
        assert.deepStrictEqual(apiViolations("sagemaker", "DataCaptureConfig", config.dataCaptureConfig), []);
        const capture = JSON.parse(one(run, TYPES.rolePolicy, "chat-capture-policy").inputs.policy);
        assert.deepStrictEqual(capture.Statement[0].Resource, ["arn:aws:s3:::acme-captures/chat/*"]);
    });

    it("pages on 5xx responses and p99 latency over 5 s, to a created topic, and charts the endpoint", () => {
        const alarms = ofType(run, TYPES.alarm).map((a) => [a.inputs.metricName, a.inputs.extendedStatistic ?? a.inputs.statistic, a.inputs.threshold]);
        assert.deepStrictEqual(alarms, [["Invocation5XXErrors", "Average", 0.05], ["ModelLatency", "p99", 5_000_000]]);
        const topic = one(run, TYPES.topic, "chat-alarm-topic").inputs.name;
        assert.deepStrictEqual(ofType(run, TYPES.alarm).map((a) => a.inputs.alarmActions), [[`arn:aws:sns:us-east-1:123456789012:${topic}`], [`arn:aws:sns:us-east-1:123456789012:${topic}`]]);
        const dashboard = one(run, "aws:cloudwatch/dashboard:Dashboard", "chat-dashboard").inputs;
        assert.deepStrictEqual(JSON.parse(dashboard.dashboardBody).widgets.map((w: { properties: { title: string } }) => w.properties.title),
            ["Invocations", "Errors", "Model latency p50/p90/p99 (ms)", "Instances", "GPU utilization (% of the instance's 1 GPU)"]);
    });
});
