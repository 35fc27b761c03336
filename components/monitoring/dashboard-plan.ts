import { acceleratorsOf } from "../../core/instance-types";
import { sagemakerName } from "../../core/names";
import { invocationMetricSeconds, MetricsConfig } from "./metrics-plan";
import { percentileStatistic } from "./alarms-plan";
import { COMPONENT_NAMESPACE, ENDPOINT_NAMESPACE, SAGEMAKER_NAMESPACE } from "./sagemaker-metrics";

/**
 * An endpoint's CloudWatch dashboard as a plain value: the body PutDashboard takes (CloudWatch's
 * dashboard body structure: metric widgets with `metrics` rows of namespace, name, dimension
 * name/value pairs and options, or metric-math expressions).
 */

/** Which endpoint: its kind decides which metrics it publishes. */
export const DashboardKind = {
    Realtime: "realtime",
    Async: "async",
    /** An endpoint hosting inference components (ScaleToZeroEndpoint): counts copies and wake-ups per component. */
    InferenceComponents: "inference-components",
} as const;
export type DashboardKind = (typeof DashboardKind)[keyof typeof DashboardKind];

export interface DashboardTarget {
    kind: DashboardKind;
    endpointName: string;
    variantName: string;
    /** Every metric widget names its region. */
    region: string;
    instanceType: string;
    metrics: MetricsConfig;
    /** The inference components on the endpoint (InferenceComponents only), charted in name order whatever the order given. */
    inferenceComponentNames: string[];
}

/** A metric row: namespace, name, dimension name/value pairs, then its options. */
export type MetricRow = (string | MetricOptions)[];
export interface MetricOptions {
    id?: string;
    stat?: string;
    label?: string;
    visible?: boolean;
    yAxis?: "left" | "right";
    expression?: string;
}

export interface Widget {
    type: "metric";
    x: number;
    y: number;
    width: number;
    height: number;
    properties: {
        title: string;
        region: string;
        view: "timeSeries";
        stacked: false;
        period: number;
        stat: string;
        metrics: MetricRow[];
        yAxis: { left: { label: string; min: 0; showUnits: false }; right?: { label: string; min: 0; showUnits: false } };
    };
}

export interface DashboardBody {
    widgets: Widget[];
}

/** Percentiles charted for ModelLatency. */
export const LATENCY_PERCENTILES = [50, 90, 99];

const WIDTH = 8;
const HEIGHT = 6;
/** Three widgets a row: the grid is 24 wide. */
const PER_ROW = 3;

/** The dashboard's name: after the endpoint, unique in the account and region; letters, digits and hyphens fit PutDashboard's. */
export function dashboardName(endpointName: string): string {
    return sagemakerName(endpointName, "dashboard");
}

/** Whether the instance type has NVIDIA GPUs, which the GPU utilization metrics report on (Neuron devices do not). */
export function hasGpus(instanceType: string): boolean {
    return /^ml\.(g\d+[a-z]*|p\d+[a-z]*)\./.test(instanceType) && (acceleratorsOf(instanceType) ?? 0) > 0;
}

type Content = { title: string; stat: string; metrics: MetricRow[]; left: string; right?: string };

/** A metric row of the endpoint's variant (EndpointName, VariantName). */
const variantRow = (t: DashboardTarget, namespace: string, metric: string, options: MetricOptions): MetricRow =>
    [namespace, metric, "EndpointName", t.endpointName, "VariantName", t.variantName, options];
const componentRow = (namespace: string, metric: string, component: string, options: MetricOptions): MetricRow =>
    [namespace, metric, "InferenceComponentName", component, options];

/**
 * Model latency at LATENCY_PERCENTILES, converted from CloudWatch's microseconds to milliseconds by
 * metric math: the raw series stay hidden.
 */
function latency(rows: { label: string; row: (options: MetricOptions) => MetricRow }[]): Content {
    const metrics = rows.flatMap(({ label, row }, i) => LATENCY_PERCENTILES.flatMap((p, j) => {
        const id = `l${i}_${j}`;
        return [row({ id, stat: percentileStatistic(p), visible: false }), [{ expression: `${id} / 1000`, label: `${label}p${p} (ms)`, id: `ms${i}_${j}` }]];
    }));
    return { title: `Model latency p${LATENCY_PERCENTILES.join("/p")} (ms)`, stat: "Average", metrics, left: "milliseconds" };
}

/**
 * A count of instances (or copies) from a utilization metric each one publishes every
 * `frequency` seconds: a period's SampleCount over the datapoints one sends in it. None at all is 0.
 */
function counted(rows: { label: string; row: (options: MetricOptions) => MetricRow }[], samplesPerPeriod: number, prefix: string): MetricRow[] {
    return rows.flatMap(({ label, row }, i) => [
        row({ id: `${prefix}${i}`, stat: "SampleCount", visible: false }),
        [{ expression: `FILL(${prefix}${i}, 0) / ${samplesPerPeriod}`, label, id: `${prefix}n${i}` }],
    ]);
}

/** The widgets of each kind of endpoint, in reading order. */
function contents(t: DashboardTarget, samplesPerPeriod: number): Content[] {
    // In name order: the components are a set (a stack may list them in any order), and a body that
    // followed the caller's order would update the dashboard whenever the list is reordered.
    const components = [...t.inferenceComponentNames].sort();
    const prefix = (c: string) => (components.length > 1 ? `${c} ` : "");
    const instances: Content = {
        title: "Instances", stat: "SampleCount", left: "instances",
        metrics: counted([{ label: "instances", row: (o) => variantRow(t, ENDPOINT_NAMESPACE, "CPUUtilization", o) }], samplesPerPeriod, "i"),
    };
    const gpus = acceleratorsOf(t.instanceType) ?? 0;
    const gpu: Content[] = !hasGpus(t.instanceType) ? [] : [{
        title: `GPU utilization (% of the instance's ${gpus} GPU${gpus > 1 ? "s" : ""})`, stat: "Average", left: "percent",
        // The endpoint's GPU metrics add up the instance's GPUs (0 to 100 x GPUs).
        metrics: [
            variantRow(t, ENDPOINT_NAMESPACE, "GPUUtilization", { id: "g0", visible: false }),
            [{ expression: `g0 / ${gpus}`, label: "GPU utilization", id: "gn0" }],
            variantRow(t, ENDPOINT_NAMESPACE, "GPUMemoryUtilization", { id: "g1", visible: false }),
            [{ expression: `g1 / ${gpus}`, label: "GPU memory", id: "gn1" }],
            ...(t.kind !== DashboardKind.InferenceComponents ? [] : components.map((c) =>
                componentRow(COMPONENT_NAMESPACE, "GPUUtilizationNormalized", c, { label: `${c} (of its reserved GPUs)` }))),
        ],
    }];
    const variantErrors = ["Invocation4XXErrors", "Invocation5XXErrors"].map((m) => variantRow(t, SAGEMAKER_NAMESPACE, m, { label: m }));
    switch (t.kind) {
        case DashboardKind.Async:
            return [
                {
                    title: "Queue", stat: "Maximum", left: "requests", right: "seconds",
                    metrics: [
                        [SAGEMAKER_NAMESPACE, "ApproximateBacklogSize", "EndpointName", t.endpointName, { label: "queued requests" }],
                        [SAGEMAKER_NAMESPACE, "ApproximateAgeOfOldestRequest", "EndpointName", t.endpointName, { label: "age of the oldest (s)", yAxis: "right" }],
                    ],
                },
                { title: "Errors", stat: "Sum", left: "requests", metrics: [...variantErrors, variantRow(t, SAGEMAKER_NAMESPACE, "InvocationFailures", { label: "InvocationFailures" })] },
                latency([{ label: "", row: (o) => variantRow(t, SAGEMAKER_NAMESPACE, "ModelLatency", o) }]),
                instances,
                {
                    title: "Wake-ups: requests waiting with no instance", stat: "Maximum", left: "1 = waiting",
                    metrics: [[SAGEMAKER_NAMESPACE, "HasBacklogWithoutCapacity", "EndpointName", t.endpointName, { label: "HasBacklogWithoutCapacity" }]],
                },
                ...gpu,
            ];
        case DashboardKind.InferenceComponents:
            return [
                {
                    title: "Invocations", stat: "Sum", left: "requests",
                    metrics: components.map((c) => componentRow(SAGEMAKER_NAMESPACE, "Invocations", c, { label: c })),
                },
                {
                    title: "Errors", stat: "Sum", left: "requests",
                    metrics: components.flatMap((c) => ["Invocation5XXErrors", "InvocationModelErrors"].map((m) =>
                        componentRow(SAGEMAKER_NAMESPACE, m, c, { label: `${prefix(c)}${m}` }))),
                },
                latency(components.map((c) => ({ label: `${prefix(c)}`, row: (o) => componentRow(SAGEMAKER_NAMESPACE, "ModelLatency", c, o) }))),
                instances,
                {
                    title: "Copies", stat: "SampleCount", left: "copies",
                    metrics: counted(components.map((c) => ({ label: c, row: (o) => componentRow(COMPONENT_NAMESPACE, "CPUUtilizationNormalized", c, o) })),
                        samplesPerPeriod, "c"),
                },
                {
                    // The metric of each component's wake alarm: a request that found no copy.
                    title: "Wake-ups: requests that found no copy", stat: "Sum", left: "requests",
                    metrics: components.map((c) => componentRow(SAGEMAKER_NAMESPACE, "NoCapacityInvocationFailures", c, { label: c })),
                },
                ...gpu,
            ];
        default:
            return [
                { title: "Invocations", stat: "Sum", left: "requests", metrics: [variantRow(t, SAGEMAKER_NAMESPACE, "Invocations", { label: "Invocations" })] },
                { title: "Errors", stat: "Sum", left: "requests", metrics: [...variantErrors, variantRow(t, SAGEMAKER_NAMESPACE, "InvocationModelErrors", { label: "InvocationModelErrors" })] },
                latency([{ label: "", row: (o) => variantRow(t, SAGEMAKER_NAMESPACE, "ModelLatency", o) }]),
                instances,
                ...gpu,
            ];
    }
}

/**
 * The dashboard of an endpoint: invocations, errors, latency percentiles, instances (and copies
 * and wake-ups where it scales to zero), GPU utilization on GPU instances. Charted per minute, or
 * per publication when the endpoint publishes less often.
 */
export function planDashboard(t: DashboardTarget): DashboardBody {
    // Utilization metrics follow MetricPublishFrequencyInSeconds whatever the enhanced setting; invocation metrics may not.
    const period = Math.max(60, invocationMetricSeconds(t.metrics), t.metrics.metricPublishFrequencyInSeconds);
    const samplesPerPeriod = period / t.metrics.metricPublishFrequencyInSeconds;
    const widgets = contents(t, samplesPerPeriod).map((c, i): Widget => ({
        type: "metric",
        x: (i % PER_ROW) * WIDTH,
        y: Math.floor(i / PER_ROW) * HEIGHT,
        width: WIDTH,
        height: HEIGHT,
        properties: {
            title: c.title,
            region: t.region,
            view: "timeSeries",
            stacked: false,
            period,
            stat: c.stat,
            metrics: c.metrics,
            yAxis: {
                left: { label: c.left, min: 0, showUnits: false },
                ...(c.right === undefined ? {} : { right: { label: c.right, min: 0, showUnits: false } }),
            },
        },
    }));
    return { widgets };
}
