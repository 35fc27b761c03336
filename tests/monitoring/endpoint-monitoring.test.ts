import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { AsyncInferenceEndpoint } from "../../components/async/async-endpoint";
import { ReservedEndpoint } from "../../components/endpoint/reserved-endpoint";
import { EndpointDashboard } from "../../components/monitoring/endpoint-dashboard";
import { ScalableInferenceComponent } from "../../components/scale-to-zero/inference-component";
import { ScaleToZeroEndpoint } from "../../components/scale-to-zero/scale-to-zero-endpoint";
import { formatPlan } from "../../scripts/plan";
import { apiViolations } from "../support/aws-spec";
import { expectFailure, expectRefused, loadStackConfig, one, ofType, runProgram } from "../support/harness";

const config = { "aws:region": "us-east-1" };
const KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const PAGER = "arn:aws:sns:us-east-1:123456789012:pager";
const DASHBOARD = "aws:cloudwatch/dashboard:Dashboard";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const TOPIC = "aws:sns/topic:Topic";

const realtime = (extra: Record<string, unknown> = {}) => new ReservedEndpoint("chat", {
    namePrefix: "chat", modelName: "chat-model", instanceType: "ml.g5.2xlarge", instanceCount: 2, ...extra,
});

describe("monitoring on the components", () => {
    it("a ReservedEndpoint with alarms and a dashboard: an encrypted topic, two paging alarms on it, and its dashboard", async () => {
        const run = await runProgram({ stack: "production", config, program: () => {
            const e = realtime({ alarms: { topicKmsKeyArn: KEY, latencyThresholdMs: 5000 }, dashboard: true });
            return { alarmNames: e.alarmNames, topic: e.alarmTopicArn, dashboard: e.dashboardName };
        } });
        assert.deepStrictEqual(one(run, TOPIC, "chat-alarm-topic").inputs, { name: "chat-alarms", kmsMasterKeyId: KEY });
        assert.deepStrictEqual(apiViolations("sns", "CreateTopicInput", { Name: "chat-alarms", Attributes: { KmsMasterKeyId: KEY } }), []);
        const latency = one(run, ALARM, "chat-model-latency-alarm").inputs;
        assert.deepStrictEqual(latency, {
            name: "chat-model-latency",
            alarmDescription: "The model of endpoint chat took longer than 5000 ms at p99 in 3 of 5 periods of 60 s",
            namespace: "AWS/SageMaker", metricName: "ModelLatency", dimensions: { EndpointName: "chat", VariantName: "AllTraffic" },
            extendedStatistic: "p99", period: 60, evaluationPeriods: 5, datapointsToAlarm: 3, threshold: 5_000_000,
            comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching",
            alarmActions: [latency.alarmActions[0]], okActions: [latency.alarmActions[0]],
        });
        assert.strictEqual(latency.alarmActions[0], "arn:aws:sns:us-east-1:123456789012:chat-alarms");
        assert.deepStrictEqual(ofType(run, ALARM).map((a) => [a.inputs.name, a.inputs.metricName, a.inputs.statistic ?? a.inputs.extendedStatistic, a.inputs.threshold]), [
            ["chat-server-errors", "Invocation5XXErrors", "Average", 0.05],
            ["chat-model-latency", "ModelLatency", "p99", 5_000_000],
        ]);
        const dashboard = one(run, DASHBOARD, "chat-dashboard").inputs;
        assert.strictEqual(dashboard.dashboardName, "chat-dashboard");
        assert.deepStrictEqual(JSON.parse(dashboard.dashboardBody).widgets.map((w: { properties: { title: string; region: string } }) => [w.properties.title, w.properties.region]), [
            ["Invocations", "us-east-1"], ["Errors", "us-east-1"], ["Model latency p50/p90/p99 (ms)", "us-east-1"], ["Instances", "us-east-1"],
            ["GPU utilization (% of the instance's 1 GPU)", "us-east-1"],
        ]);
        assert.deepStrictEqual(run.outputs.alarmNames, ["chat-server-errors", "chat-model-latency"]);
        assert.strictEqual(run.outputs.dashboard, "chat-dashboard");
    });

    it("without alarms or dashboard registers none of them, and says so in its outputs", async () => {
        const run = await runProgram({ stack: "production", config, program: () => {
            const e = realtime();
            return { alarmNames: e.alarmNames, topic: e.alarmTopicArn, dashboard: e.dashboardName };
        } });
        assert.deepStrictEqual([ofType(run, ALARM).length, ofType(run, TOPIC).length, ofType(run, DASHBOARD).length], [0, 0, 0]);
        assert.deepStrictEqual(run.outputs.alarmNames, []);
        assert.strictEqual(run.outputs.topic, undefined);
        assert.strictEqual(run.outputs.dashboard, undefined);
    });

    it("an AsyncInferenceEndpoint notifies a given topic of its queue's age, beside its scaling alarm", async () => {
        const run = await runProgram({ stack: "production", config, program: () => {
            new AsyncInferenceEndpoint("batch", {
                namePrefix: "batch", modelName: "batch-model", instanceType: "ml.g5.2xlarge", maxInstanceCount: 2,
                alarms: { notifyTopicArn: PAGER, oldestRequestAgeMinutes: 45 }, dashboard: true,
            });
        } });
        const age = one(run, ALARM, "batch-oldest-request-age-alarm").inputs;
        assert.deepStrictEqual([age.metricName, age.dimensions, age.statistic, age.threshold, age.alarmActions], [
            "ApproximateAgeOfOldestRequest", { EndpointName: "batch" }, "Maximum", 2700, [PAGER]]);
        // Its own topics are the async results'; none for the alarms.
        assert.deepStrictEqual(ofType(run, TOPIC).map((t) => t.name), ["batch-success-topic", "batch-error-topic"]);
        // No latency alarm without a threshold: an asynchronous request may run an hour.
        assert.deepStrictEqual(ofType(run, ALARM).map((a) => a.name).sort(), ["batch-backlog-alarm", "batch-oldest-request-age-alarm", "batch-server-errors-alarm"]);
        assert.strictEqual(JSON.parse(one(run, DASHBOARD, "batch-dashboard").inputs.dashboardBody).widgets[0].properties.title, "Queue");
    });

    it("inference components share their endpoint's topic, and EndpointDashboard charts their copies and wake-ups", async () => {
        const run = await runProgram({ stack: "dev", config, program: () => {
            const endpoint = new ScaleToZeroEndpoint("shared", {
                namePrefix: "shared", instanceType: "ml.g5.12xlarge", maxInstanceCount: 2, executionRoleArn: "arn:aws:iam::123456789012:role/r", alarms: {},
            });
            const component = new ScalableInferenceComponent("llama", {
                ...endpoint.placement(), namePrefix: "llama", modelName: "llama-model", alarms: { notifyTopicArn: endpoint.alarmTopicArn as never, failedInvocationRatePercent: 1 },
            });
            new EndpointDashboard("shared", { ...endpoint.placement(), kind: "inference-components", inferenceComponentNames: [component.inferenceComponentName] });
        } });
        assert.deepStrictEqual(ofType(run, TOPIC).map((t) => t.inputs.name), ["shared-alarms"]);
        const failed = one(run, ALARM, "llama-failed-invocations-alarm").inputs;
        assert.deepStrictEqual([failed.name, failed.metricName, failed.dimensions, failed.threshold], ["llama-failed-invocations", "InvocationModelErrors", { InferenceComponentName: "llama" }, 0.01]);
        assert.deepStrictEqual(failed.alarmActions, one(run, ALARM, "shared-server-errors-alarm").inputs.alarmActions);
        const widgets = JSON.parse(one(run, DASHBOARD, "shared-dashboard").inputs.dashboardBody).widgets;
        assert.deepStrictEqual(widgets[5].properties.metrics, [["AWS/SageMaker", "NoCapacityInvocationFailures", "InferenceComponentName", "llama", { label: "llama" }]]);
    });

    it("refuses bad alarm settings before registering anything, naming key, value and rule", async () => {
        const registered = await expectRefused(() => realtime({ alarms: { latencyPercentile: 100 } }),
            /^Error: chat\.alarms\.latencyPercentile: 100 must be below 100 with at most two decimals/, config);
        assert.deepStrictEqual(registered, []);
        const period = await expectRefused(() => realtime({ enableEnhancedMetrics: false, alarms: { periodSeconds: 30 } }),
            /^Error: chat\.alarms\.periodSeconds: 30 is shorter than the 60 s at which invocation metrics are published without enhanced metrics/, config);
        assert.deepStrictEqual(period, []);
    });

    it("checks a topic known only later once it resolves, and refuses a key for it at once", async () => {
        const late = (alarms: Record<string, unknown>) => () => {
            new ScalableInferenceComponent("llama", { endpointName: "shared", instanceType: "ml.g5.12xlarge", modelName: "m", acceleratorCount: 1, alarms });
        };
        await expectFailure({ stack: "dev", config, program: late({ notifyTopicArn: pulumi.output("arn:aws:sqs:us-east-1:123456789012:pager") }) },
            /llama\.alarms\.notifyTopicArn: "arn:aws:sqs:us-east-1:123456789012:pager" is not an SNS topic ARN/);
        const keyed = await expectRefused(late({ notifyTopicArn: pulumi.output(PAGER), topicKmsKeyArn: KEY }),
            /^Error: llama\.alarms\.topicKmsKeyArn: ".*" applies only to the topic created when notifyTopicArn is not given$/, config);
        assert.deepStrictEqual(keyed, []);
    });

    it("every component refuses bad alarm settings before registering anything, against its own endpoint's metrics", async () => {
        const standard = { enableEnhancedMetrics: false };
        const build: [string, (alarms: Record<string, unknown>) => void][] = [
            ["batch", (alarms) => new AsyncInferenceEndpoint("batch", { modelName: "m", instanceType: "ml.g5.2xlarge", maxInstanceCount: 2, ...standard, alarms })],
            ["shared", (alarms) => new ScaleToZeroEndpoint("shared", { instanceType: "ml.g5.12xlarge", maxInstanceCount: 2, ...standard, alarms })],
            ["llama", (alarms) => {
                const endpoint = new ScaleToZeroEndpoint("shared", { instanceType: "ml.g5.12xlarge", maxInstanceCount: 2, ...standard });
                new ScalableInferenceComponent("llama", { ...endpoint.placement(), modelName: "m", acceleratorCount: 1, alarms });
            }],
        ];
        for (const [name, make] of build) {
            const registered = await expectRefused(() => make({ periodSeconds: 30 }),
                new RegExp(`^Error: ${name}\\.alarms\\.periodSeconds: 30 is shorter than the 60 s at which invocation metrics are published without enhanced metrics`), config);
            assert.deepStrictEqual(registered.filter((r) => r.name.startsWith(name)), [], name);
        }
    });

    it("the committed stacks turn monitoring on with one setting: every endpoint and component alarms, every endpoint has its dashboard", async () => {
        const production = await runProgram({ stack: "production", config: loadStackConfig("production") });
        assert.deepStrictEqual(ofType(production, ALARM).filter((a) => a.inputs.okActions).map((a) => [a.inputs.name, a.inputs.alarmActions[0]]).sort(), [
            ["sagemaker-inference-production-async-oldest-request-age", "arn:aws:sns:us-east-1:123456789012:sagemaker-inference-production-async-alarms"],
            ["sagemaker-inference-production-async-server-errors", "arn:aws:sns:us-east-1:123456789012:sagemaker-inference-production-async-alarms"],
            ["sagemaker-inference-production-realtime-model-latency", "arn:aws:sns:us-east-1:123456789012:sagemaker-inference-production-realtime-alarms"],
            ["sagemaker-inference-production-realtime-server-errors", "arn:aws:sns:us-east-1:123456789012:sagemaker-inference-production-realtime-alarms"],
        ]);
        assert.deepStrictEqual(ofType(production, DASHBOARD).map((d) => d.inputs.dashboardName).sort(),
            ["sagemaker-inference-production-async-dashboard", "sagemaker-inference-production-realtime-dashboard"]);
        const dev = await runProgram({ stack: "dev", config: loadStackConfig("dev") });
        // One topic, the endpoint's, for the endpoint and both models.
        assert.deepStrictEqual(ofType(dev, TOPIC).map((t) => t.inputs.name), ["sagemaker-inference-dev-alarms"]);
        assert.deepStrictEqual(ofType(dev, ALARM).filter((a) => a.inputs.okActions).map((a) => a.inputs.name).sort(), [
            "llama3-8b-instruct-component-latency", "llama3-8b-instruct-failed-invocations", "mistral-7b-instruct-component-latency",
            "mistral-7b-instruct-failed-invocations", "sagemaker-inference-dev-model-latency", "sagemaker-inference-dev-server-errors",
        ]);
        // Invocation metrics every 10 s (metricPublishFrequencyInSeconds): six CPU samples a minute per copy.
        const copies = JSON.parse(one(dev, DASHBOARD, "sagemaker-inference-dev-dashboard").inputs.dashboardBody).widgets[4].properties;
        assert.deepStrictEqual([copies.title, copies.metrics[1], copies.metrics[3]], [
            "Copies", [{ expression: "FILL(c0, 0) / 6", label: "llama3-8b-instruct", id: "cn0" }], [{ expression: "FILL(c1, 0) / 6", label: "mistral-7b-instruct", id: "cn1" }],
        ]);
    });

    it("npm run plan lists each alarm with its threshold and the topic it notifies, and each dashboard's widgets", async () => {
        const lines = formatPlan("production", await runProgram({ stack: "production", config: loadStackConfig("production") })).split("\n");
        const after = (resource: string) => lines[lines.indexOf(resource) + 1];
        assert.strictEqual(after("+ aws:cloudwatch/metricAlarm:MetricAlarm realtime-model-latency-alarm"),
            '    AWS/SageMaker ModelLatency p99 > 30000000 on {"EndpointName":"sagemaker-inference-production-realtime","VariantName":"AllTraffic"}, ' +
            "3 of 5 x 60 s, notifies arn:aws:sns:us-east-1:123456789012:sagemaker-inference-production-realtime-alarms: " +
            "The model of endpoint sagemaker-inference-production-realtime took longer than 30000 ms at p99 in 3 of 5 periods of 60 s");
        assert.strictEqual(after("+ aws:cloudwatch/dashboard:Dashboard async-dashboard"),
            "    name=sagemaker-inference-production-async-dashboard widgets: Queue; Errors; Model latency p50/p90/p99 (ms); Instances; " +
            "Wake-ups: requests waiting with no instance; GPU utilization (% of the instance's 1 GPU)");
        assert.strictEqual(after("+ aws:sns/topic:Topic realtime-alarm-topic"),
            "    name=sagemaker-inference-production-realtime-alarms encrypted with arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b");
    });

    it("the evaluation stack alarms and charts every candidate's endpoint when its monitoring setting says so", async () => {
        const run = await runProgram({ stack: "evaluation", config: { ...loadStackConfig("evaluation"), "sagemaker-inference:monitoring": { alarms: { notifyTopicArn: PAGER }, dashboard: true } } });
        assert.deepStrictEqual(ofType(run, ALARM).map((a) => [a.inputs.name, a.inputs.alarmActions]).sort(), [
            ["llama3-70b-ft-a-model-latency", [PAGER]], ["llama3-70b-ft-a-server-errors", [PAGER]],
            ["llama3-70b-ft-b-model-latency", [PAGER]], ["llama3-70b-ft-b-server-errors", [PAGER]],
        ]);
        assert.deepStrictEqual(ofType(run, DASHBOARD).map((d) => d.inputs.dashboardName).sort(), ["llama3-70b-ft-a-dashboard", "llama3-70b-ft-b-dashboard"]);
        assert.deepStrictEqual(ofType(run, TOPIC).map((t) => t.name), ["reservation-end-topic"]);
    });
});
