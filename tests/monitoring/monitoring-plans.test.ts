import * as assert from "assert";
import * as fs from "fs";
import * as zlib from "zlib";
import { DEFAULT_METRICS, MetricsConfig } from "../../components/monitoring/metrics-plan";
import { MonitoredKind, MonitoredTarget, planAlarms, planAlarmSpecs, PlannedAlarm } from "../../components/monitoring/alarms-plan";
import { DashboardKind, DashboardTarget, hasGpus, MetricRow, planDashboard } from "../../components/monitoring/dashboard-plan";
import { DOCUMENTED_METRICS, documentedMetric } from "../../components/monitoring/sagemaker-metrics";
import { asyncScalingSpec, DEFAULT_ASYNC_SCALING } from "../../components/scaling/scaling-plan";
import { componentScalingSpec, DEFAULT_AUTO_SCALING } from "../../components/scale-to-zero/inference-component-plan";
import { apiViolations } from "../support/aws-spec";

const STANDARD: MetricsConfig = { enableEnhancedMetrics: false, enableDetailedObservability: false, metricPublishFrequencyInSeconds: 60 };
const REALTIME: MonitoredTarget = { kind: MonitoredKind.Realtime, name: "chat", variantName: "AllTraffic" };
const ASYNC: MonitoredTarget = { kind: MonitoredKind.Async, name: "batch", variantName: "AllTraffic" };
const COMPONENT: MonitoredTarget = { kind: MonitoredKind.InferenceComponent, name: "llama" };

/** The metrics of `@aws-cdk/aws-service-spec`'s catalogue for AWS::SageMaker resources, as `namespace|name|dimensions`. */
let catalogued: Set<string> | undefined;
function catalogue(): Set<string> {
    if (catalogued !== undefined) {
        return catalogued;
    }
    const db = JSON.parse(zlib.gunzipSync(fs.readFileSync(require.resolve("@aws-cdk/aws-service-spec/db.json.gz"))).toString("utf8"));
    const s = db.schema;
    const byId = new Map<string, { dimensions?: { name: string }[]; name: string; namespace?: string; cloudFormationType?: string }>();
    for (const kind of ["resource", "metric", "dimensionSet"]) {
        for (const e of s[kind].entities) {
            byId.set(e.$id, e);
        }
    }
    const keys = new Set<string>();
    for (const [owner, metrics] of Object.entries(s.resourceHasMetric.forward as Record<string, { $id: string }[]>)) {
        if (!byId.get(owner)?.cloudFormationType?.startsWith("AWS::SageMaker::")) {
            continue;
        }
        for (const ref of metrics) {
            const m = byId.get(ref.$id)!;
            for (const set of s.usesDimensionSet.forward[ref.$id] ?? []) {
                keys.add(`${m.namespace}|${m.name}|${byId.get(set.$id)!.dimensions!.map((d) => d.name).sort().join(",")}`);
            }
        }
    }
    catalogued = keys;
    return keys;
}

/** Whether AWS lists the metric: in the CDK's catalogue, or on a documentation page vendored with its URL. */
function listed(namespace: string, metricName: string, dimensions: string[]): boolean {
    return catalogue().has(`${namespace}|${metricName}|${[...dimensions].sort().join(",")}`) || documentedMetric(namespace, metricName, dimensions) !== undefined;
}

/** The metrics of a dashboard's rows: namespace, name and dimension names (expressions have none). */
function rowMetrics(rows: MetricRow[]): { namespace: string; metricName: string; dimensions: string[] }[] {
    return rows.filter((r) => typeof r[0] === "string").map((r) => {
        const strings = r.filter((x): x is string => typeof x === "string");
        return { namespace: strings[0], metricName: strings[1], dimensions: strings.slice(2).filter((_, i) => i % 2 === 0) };
    });
}

function target(kind: DashboardKind, extra: Partial<DashboardTarget> = {}): DashboardTarget {
    return {
        kind, endpointName: "chat", variantName: "AllTraffic", region: "us-east-1", instanceType: "ml.g5.12xlarge", metrics: DEFAULT_METRICS,
        inferenceComponentNames: kind === DashboardKind.InferenceComponents ? ["llama", "mistral"] : [], ...extra,
    };
}

/** An alarm as PutMetricAlarm takes it. */
function request(a: PlannedAlarm) {
    return {
        AlarmName: a.name, AlarmDescription: a.description, Namespace: a.namespace, MetricName: a.metricName,
        Dimensions: Object.entries(a.dimensions).map(([Name, Value]) => ({ Name, Value })), Statistic: a.statistic, ExtendedStatistic: a.extendedStatistic,
        Period: a.period, EvaluationPeriods: a.evaluationPeriods, DatapointsToAlarm: a.datapointsToAlarm, Threshold: a.threshold,
        ComparisonOperator: a.comparisonOperator, TreatMissingData: a.treatMissingData,
    };
}

describe("monitoring: alarm settings", () => {
    it("fills in the defaults: 5 % errors, p99, 30 min of queue, 3 of 5 one-minute periods; the latency threshold by kind", () => {
        const defaults = planAlarms("e.alarms", {}, DEFAULT_METRICS);
        assert.deepStrictEqual(defaults, {
            serverErrorRatePercent: 5, failedInvocationRatePercent: 5, latencyPercentile: 99, latencyThresholdMs: undefined, oldestRequestAgeMinutes: 30,
            periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 3,
        });
        // 30 s on real-time endpoints and components; none on an asynchronous endpoint, whose requests may run an hour.
        assert.deepStrictEqual([REALTIME, COMPONENT].map((t) => planAlarmSpecs(t, defaults).find((a) => a.key === "modelLatency")!.threshold), [30_000_000, 30_000_000]);
        assert.deepStrictEqual(planAlarmSpecs(ASYNC, defaults).map((a) => a.key), ["serverErrors", "oldestRequestAge"]);
    });

    it("takes a period as long as the endpoint publishes, and shorter ones only as often as it publishes", () => {
        assert.strictEqual(planAlarms("e.alarms", {}, { ...STANDARD, metricPublishFrequencyInSeconds: 300, enableEnhancedMetrics: true }).periodSeconds, 300);
        assert.strictEqual(planAlarms("e.alarms", { periodSeconds: 10 }, DEFAULT_METRICS).periodSeconds, 10);
        assert.throws(() => planAlarms("e.alarms", { periodSeconds: 30 }, STANDARD), /^Error: e\.alarms\.periodSeconds: 30 is shorter than the 60 s/);
        assert.throws(() => planAlarms("e.alarms", { periodSeconds: 90 }, STANDARD), /^Error: e\.alarms\.periodSeconds: 90 must be 10, 20, 30 or a multiple of 60/);
    });

    it("keeps datapointsToAlarm within fewer evaluation periods than its default", () => {
        assert.deepStrictEqual(
            (({ evaluationPeriods, datapointsToAlarm }) => ({ evaluationPeriods, datapointsToAlarm }))(planAlarms("e.alarms", { evaluationPeriods: 2 }, DEFAULT_METRICS)),
            { evaluationPeriods: 2, datapointsToAlarm: 2 });
    });

    const refused: [string, Record<string, unknown>, RegExp][] = [
        ["a share above 100 %", { serverErrorRatePercent: 150 }, /^Error: e\.alarms\.serverErrorRatePercent: 150 must be above 0 and at most 100 \(percent of requests\)$/],
        ["no share at all", { failedInvocationRatePercent: 0 }, /^Error: e\.alarms\.failedInvocationRatePercent: 0 must be above 0/],
        ["a percentile of 100", { latencyPercentile: 100 }, /^Error: e\.alarms\.latencyPercentile: 100 must be below 100 with at most two decimals/],
        ["a percentile with three decimals", { latencyPercentile: 99.999 }, /^Error: e\.alarms\.latencyPercentile: 99\.999 must be below 100/],
        ["a latency given as text", { latencyThresholdMs: "30s" }, /^Error: e\.alarms\.latencyThresholdMs: "30s" is a string; expected a number above 0 and at most 3600000 \(milliseconds\)$/],
        ["more datapoints than periods", { evaluationPeriods: 2, datapointsToAlarm: 3 }, /^Error: e\.alarms\.datapointsToAlarm: 3 must be at most evaluationPeriods \(2\)/],
        ["more than a day of periods", { evaluationPeriods: 1441 }, /^Error: e\.alarms\.evaluationPeriods: 1441 must be a whole number from 1 to 1440$/],
        ["a topic that is no SNS ARN", { notifyTopicArn: "arn:aws:sqs:us-east-1:123456789012:q" }, /^Error: e\.alarms\.notifyTopicArn: "arn:aws:sqs:us-east-1:123456789012:q" is not an SNS topic ARN/],
        ["a key for a given topic", { notifyTopicArn: "arn:aws:sns:us-east-1:123456789012:pager", topicKmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/abc" },
            /^Error: e\.alarms\.topicKmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key\/abc" applies only to the topic created when notifyTopicArn is not given$/],
        ["a key alias", { topicKmsKeyArn: "alias/aws/sns" }, /^Error: e\.alarms\.topicKmsKeyArn: "alias\/aws\/sns" is not a KMS key ARN/],
        ["an unknown setting", { latencyP99Ms: 100 }, /^Error: e\.alarms\.latencyP99Ms: 100 is not an alarm setting \(known: notifyTopicArn, /],
    ];
    for (const [what, given, message] of refused) {
        it(`refuses ${what}, naming key, value and rule`, () => {
            assert.throws(() => planAlarms("e.alarms", given, DEFAULT_METRICS), message);
        });
    }

    it("reads the topic's key as every KMS key: an ARN in the stack's region", () => {
        const key = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        assert.strictEqual(planAlarms("e.alarms", { topicKmsKeyArn: key }, DEFAULT_METRICS, "eu-west-1").topicKmsKeyArn, key);
        assert.throws(() => planAlarms("e.alarms", { topicKmsKeyArn: key }, DEFAULT_METRICS, "us-east-1"),
            /^Error: e\.alarms\.topicKmsKeyArn: ".*" is in region eu-west-1, but the stack deploys to us-east-1/);
    });
});

describe("monitoring: the alarms of each kind", () => {
    const settings = planAlarms("e.alarms", { latencyPercentile: 99.9, latencyThresholdMs: 2500 }, DEFAULT_METRICS);

    it("pages on a real-time endpoint's 5xx share and its model latency, in CloudWatch's units", () => {
        assert.deepStrictEqual(planAlarmSpecs(REALTIME, settings).map(request), [
            {
                AlarmName: "chat-server-errors", AlarmDescription: "More than 5 % of requests to endpoint chat got a 5xx from the model in 3 of 5 periods of 60 s",
                Namespace: "AWS/SageMaker", MetricName: "Invocation5XXErrors", Dimensions: [{ Name: "EndpointName", Value: "chat" }, { Name: "VariantName", Value: "AllTraffic" }],
                Statistic: "Average", ExtendedStatistic: undefined, Period: 60, EvaluationPeriods: 5, DatapointsToAlarm: 3, Threshold: 0.05,
                ComparisonOperator: "GreaterThanThreshold", TreatMissingData: "notBreaching",
            },
            {
                AlarmName: "chat-model-latency", AlarmDescription: "The model of endpoint chat took longer than 2500 ms at p99.9 in 3 of 5 periods of 60 s",
                Namespace: "AWS/SageMaker", MetricName: "ModelLatency", Dimensions: [{ Name: "EndpointName", Value: "chat" }, { Name: "VariantName", Value: "AllTraffic" }],
                Statistic: undefined, ExtendedStatistic: "p99.9", Period: 60, EvaluationPeriods: 5, DatapointsToAlarm: 3,
                // Microseconds.
                Threshold: 2_500_000, ComparisonOperator: "GreaterThanThreshold", TreatMissingData: "notBreaching",
            },
        ]);
    });

    it("pages on an asynchronous endpoint's oldest queued request, in seconds, by the endpoint alone", () => {
        const age = planAlarmSpecs(ASYNC, settings).find((a) => a.key === "oldestRequestAge")!;
        assert.deepStrictEqual([age.name, age.metricName, age.dimensions, age.statistic, age.threshold], ["batch-oldest-request-age", "ApproximateAgeOfOldestRequest", { EndpointName: "batch" }, "Maximum", 1800]);
        assert.deepStrictEqual(planAlarmSpecs(ASYNC, settings).map((a) => a.key), ["serverErrors", "modelLatency", "oldestRequestAge"]);
    });

    it("pages on an inference component's failed invocations, by its name, under names no endpoint alarm has", () => {
        const specs = planAlarmSpecs(COMPONENT, settings);
        assert.deepStrictEqual(specs.map((a) => [a.name, a.metricName, a.dimensions, a.statistic ?? a.extendedStatistic, a.threshold]), [
            ["llama-failed-invocations", "InvocationModelErrors", { InferenceComponentName: "llama" }, "Average", 0.05],
            ["llama-component-latency", "ModelLatency", { InferenceComponentName: "llama" }, "p99.9", 2_500_000],
        ]);
        const endpointNamed = planAlarmSpecs({ ...REALTIME, name: "llama" }, settings).map((a) => a.name);
        assert.deepStrictEqual(specs.filter((a) => endpointNamed.includes(a.name)), []);
    });

    it("sends what PutMetricAlarm takes, for every kind", () => {
        const keys: [MonitoredTarget, string[]][] = [
            [REALTIME, ["serverErrors", "modelLatency"]], [ASYNC, ["serverErrors", "modelLatency", "oldestRequestAge"]], [COMPONENT, ["failedInvocations", "modelLatency"]],
        ];
        for (const [t, expected] of keys) {
            const specs = planAlarmSpecs(t, settings);
            assert.deepStrictEqual(specs.map((a) => a.key), expected);
            for (const a of specs) {
                assert.deepStrictEqual(apiViolations("cloudwatch", "PutMetricAlarmInput", request(a)), [], a.name);
            }
        }
    });
});

describe("monitoring: the dashboard", () => {
    it("charts a real-time GPU endpoint: invocations, errors, latency percentiles in ms, instances, GPUs", () => {
        const body = planDashboard(target(DashboardKind.Realtime));
        assert.deepStrictEqual(body.widgets.map((w) => [w.properties.title, w.x, w.y]), [
            ["Invocations", 0, 0], ["Errors", 8, 0], ["Model latency p50/p90/p99 (ms)", 16, 0],
            ["Instances", 0, 6], ["GPU utilization (% of the instance's 4 GPUs)", 8, 6],
        ]);
        const latency = body.widgets[2].properties.metrics;
        assert.deepStrictEqual(latency.slice(0, 2), [
            ["AWS/SageMaker", "ModelLatency", "EndpointName", "chat", "VariantName", "AllTraffic", { id: "l0_0", stat: "p50", visible: false }],
            [{ expression: "l0_0 / 1000", label: "p50 (ms)", id: "ms0_0" }],
        ]);
        // Instances publish CPUUtilization every 10 s: six samples a minute each.
        assert.deepStrictEqual(body.widgets[3].properties.metrics[1], [{ expression: "FILL(i0, 0) / 6", label: "instances", id: "in0" }]);
        assert.strictEqual(body.widgets[3].properties.period, 60);
    });

    it("counts instances by the publication frequency, and charts no GPU where there is none", () => {
        const body = planDashboard(target(DashboardKind.Realtime, { instanceType: "ml.inf2.xlarge", metrics: { ...STANDARD, metricPublishFrequencyInSeconds: 120 } }));
        assert.deepStrictEqual(body.widgets.map((w) => w.properties.title), ["Invocations", "Errors", "Model latency p50/p90/p99 (ms)", "Instances"]);
        assert.strictEqual(body.widgets[3].properties.period, 120);
        assert.deepStrictEqual(body.widgets[3].properties.metrics[1], [{ expression: "FILL(i0, 0) / 1", label: "instances", id: "in0" }]);
        assert.deepStrictEqual([hasGpus("ml.g5.2xlarge"), hasGpus("ml.p5.48xlarge"), hasGpus("ml.inf2.xlarge"), hasGpus("ml.m5.xlarge")], [true, true, false, false]);
    });

    it("charts each inference component's copies and wake-ups on an endpoint that scales to zero", () => {
        const body = planDashboard(target(DashboardKind.InferenceComponents));
        assert.deepStrictEqual(body.widgets.map((w) => w.properties.title), [
            "Invocations", "Errors", "Model latency p50/p90/p99 (ms)", "Instances", "Copies", "Wake-ups: requests that found no copy",
            "GPU utilization (% of the instance's 4 GPUs)",
        ]);
        assert.deepStrictEqual(body.widgets[5].properties.metrics, [
            ["AWS/SageMaker", "NoCapacityInvocationFailures", "InferenceComponentName", "llama", { label: "llama" }],
            ["AWS/SageMaker", "NoCapacityInvocationFailures", "InferenceComponentName", "mistral", { label: "mistral" }],
        ]);
        assert.deepStrictEqual(body.widgets[4].properties.metrics.slice(0, 2), [
            ["/aws/sagemaker/InferenceComponents", "CPUUtilizationNormalized", "InferenceComponentName", "llama", { id: "c0", stat: "SampleCount", visible: false }],
            [{ expression: "FILL(c0, 0) / 6", label: "llama", id: "cn0" }],
        ]);
    });

    it("charts the inference components in name order, so that listing them in another order changes nothing", () => {
        const reversed = planDashboard(target(DashboardKind.InferenceComponents, { inferenceComponentNames: ["mistral", "llama"] }));
        assert.deepStrictEqual(reversed, planDashboard(target(DashboardKind.InferenceComponents)));
        assert.deepStrictEqual(reversed.widgets[0].properties.metrics.map((row) => row[3]), ["llama", "mistral"]);
    });

    it("charts an asynchronous endpoint's queue and wake-ups, without the Invocations it does not publish", () => {
        const body = planDashboard(target(DashboardKind.Async));
        assert.deepStrictEqual(body.widgets.map((w) => w.properties.title), [
            "Queue", "Errors", "Model latency p50/p90/p99 (ms)", "Instances", "Wake-ups: requests waiting with no instance", "GPU utilization (% of the instance's 4 GPUs)",
        ]);
        assert.deepStrictEqual(body.widgets.flatMap((w) => rowMetrics(w.properties.metrics)).filter((m) => m.metricName === "Invocations"), []);
    });

    it("is a body PutDashboard takes, under a name of at most 255 of its characters", () => {
        const body = JSON.stringify(planDashboard(target(DashboardKind.InferenceComponents)));
        assert.deepStrictEqual(apiViolations("cloudwatch", "PutDashboardInput", { DashboardName: "chat-dashboard", DashboardBody: body }), []);
    });
});

describe("monitoring: every metric the package uses is one AWS lists", () => {
    it("the vendored list names its source and agrees with the CDK's catalogue where both list a metric", () => {
        const keys = catalogue();
        assert.ok(keys.has("AWS/SageMaker|ModelLatency|EndpointName,VariantName"), "the catalogue lists the endpoint's metrics");
        for (const m of DOCUMENTED_METRICS) {
            assert.match(m.source, /^https:\/\/docs\.aws\.amazon\.com\/sagemaker\/latest\/dg\/[a-z-]+\.html$/, m.metricName);
        }
        const both = DOCUMENTED_METRICS.filter((m) => keys.has(`${m.namespace}|${m.metricName}|${[...m.dimensions].sort().join(",")}`)).map((m) => m.metricName);
        assert.deepStrictEqual(both, ["Invocations", "Invocation4XXErrors", "Invocation5XXErrors", "ModelLatency"]);
    });

    it("covers the alarms, the dashboards and the scaling alarms and metrics", () => {
        const settings = planAlarms("e.alarms", {}, DEFAULT_METRICS);
        const used = [
            ...[REALTIME, ASYNC, COMPONENT].flatMap((t) => planAlarmSpecs(t, settings)).map((a) => ({ namespace: a.namespace, metricName: a.metricName, dimensions: Object.keys(a.dimensions) })),
            ...Object.values(DashboardKind).flatMap((k) => planDashboard(target(k)).widgets.flatMap((w) => rowMetrics(w.properties.metrics))),
        ];
        const component = componentScalingSpec("llama", { ...DEFAULT_AUTO_SCALING, maxCopies: 2, alarmPeriodSeconds: 10, scaleInToZeroAfterIdleMinutes: 15 });
        const queue = asyncScalingSpec("batch", "AllTraffic", { ...DEFAULT_ASYNC_SCALING, maxInstanceCount: 2 });
        for (const spec of [component, queue]) {
            const alarm = spec.scaleOutFromZero!.alarm;
            used.push({ namespace: alarm.namespace, metricName: alarm.metricName, dimensions: Object.keys(alarm.dimensions) });
            for (const m of spec.idleScaleIn?.alarm.metrics ?? []) {
                used.push({ namespace: m.namespace, metricName: m.metricName, dimensions: Object.keys(m.dimensions) });
            }
            const custom = spec.targetTracking.configuration.customizedMetricSpecification;
            if (custom) {
                used.push({ namespace: custom.namespace, metricName: custom.metricName, dimensions: custom.dimensions.map((d) => d.name) });
            }
        }
        assert.deepStrictEqual(used.filter((m) => !listed(m.namespace, m.metricName, m.dimensions)), []);
        // Each documented metric is one the package uses: the list holds nothing unchecked.
        const names = new Set(used.map((m) => `${m.namespace}|${m.metricName}|${[...m.dimensions].sort().join(",")}`));
        assert.deepStrictEqual(DOCUMENTED_METRICS.filter((m) => !names.has(`${m.namespace}|${m.metricName}|${[...m.dimensions].sort().join(",")}`)).map((m) => m.metricName), []);
    });
});

describe("monitoring: the stacks' one setting", () => {
    // Imported here: the stacks' config reads the same plans.
    const { monitoringOf } = require("../../stacks/config") as typeof import("../../stacks/config");

    it("reads true as alarms with their defaults and a dashboard, false or nothing as neither, and an object as given", () => {
        assert.deepStrictEqual(monitoringOf(true, "us-east-1"), { alarms: {}, dashboard: true });
        assert.deepStrictEqual(monitoringOf(undefined, "us-east-1"), { dashboard: false });
        assert.deepStrictEqual(monitoringOf(false, "us-east-1"), { dashboard: false });
        assert.deepStrictEqual(monitoringOf({ alarms: { latencyThresholdMs: 2000 } }, "us-east-1"), { alarms: { latencyThresholdMs: 2000 }, dashboard: false });
        assert.deepStrictEqual(monitoringOf({ alarms: true, dashboard: true }, "us-east-1"), { alarms: {}, dashboard: true });
    });

    it("refuses a bad setting naming the config key, the value and the rule", () => {
        assert.throws(() => monitoringOf({ alarms: { serverErrorRatePercent: 0 } }, "us-east-1"),
            /^Error: sagemaker-inference:monitoring\.alarms\.serverErrorRatePercent: 0 must be above 0 and at most 100/);
        assert.throws(() => monitoringOf({ dashbaord: true }, "us-east-1"), /^Error: sagemaker-inference:monitoring\.dashbaord: true is not a known setting \(known: alarms, dashboard\)$/);
        assert.throws(() => monitoringOf({}, "us-east-1"), /^Error: sagemaker-inference:monitoring: \{\} turns nothing on: give true/);
        assert.throws(() => monitoringOf({ dashboard: "yes" }, "us-east-1"), /^Error: sagemaker-inference:monitoring\.dashboard: "yes" is a string; expected true or false$/);
        assert.throws(() => monitoringOf({ alarms: { periodSeconds: 30 } }, "us-east-1", { enableEnhancedMetrics: false, enableDetailedObservability: false, metricPublishFrequencyInSeconds: 60 }),
            /^Error: sagemaker-inference:monitoring\.alarms\.periodSeconds: 30 is shorter than the 60 s/);
        assert.throws(() => monitoringOf({ alarms: { topicKmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" } }, "us-east-1"),
            /^Error: sagemaker-inference:monitoring\.alarms\.topicKmsKeyArn: ".*" is in region eu-west-1, but the stack deploys to us-east-1/);
    });
});
