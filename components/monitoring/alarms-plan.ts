import { alarmPeriod, invocationMetricSeconds, MetricsConfig } from "./metrics-plan";
import { sagemakerName } from "../../core/names";
import { invalid, knownKeys, snsTopicArn, wholeNumber, wrongKind } from "../../core/validate";
import { readKmsKey } from "../../core/kms-plan";
import {
    COMPONENT_DIMENSIONS, ENDPOINT_DIMENSIONS, SAGEMAKER_NAMESPACE, VARIANT_DIMENSIONS,
} from "./sagemaker-metrics";

/**
 * The alarms an operator pages on, as plain values: which alarms each kind of endpoint or
 * component gets, on which metric, with which threshold, in CloudWatch's own units.
 */

/** What is watched: a real-time endpoint's variant, an asynchronous endpoint, or an inference component. */
export const MonitoredKind = {
    Realtime: "realtime",
    Async: "async",
    InferenceComponent: "inference-component",
} as const;
export type MonitoredKind = (typeof MonitoredKind)[keyof typeof MonitoredKind];

/**
 * The alarms' thresholds and evaluation, and the created topic's key, as given. Every setting has a
 * default. Components take them in AlarmsArgs, with a topic that may be another resource's output.
 */
export interface AlarmThresholds {
    /**
     * The KMS key (ARN) that encrypts the created topic. Its key policy must let the CloudWatch
     * service principal (cloudwatch.amazonaws.com) use kms:Decrypt and kms:GenerateDataKey*, or
     * CloudWatch cannot publish the alarms. Default: the topic is not encrypted at rest: CloudWatch
     * cannot publish to a topic under the AWS-managed key alias/aws/sns, whose policy cannot grant it,
     * and alarm notifications carry no request data. Not with notifyTopicArn.
     */
    topicKmsKeyArn?: string;
    /**
     * Endpoints: the share of requests answered with a 5xx by the model (Invocation5XXErrors) above
     * which the server-errors alarm fires, in percent, above 0 and at most 100. Default 5.
     */
    serverErrorRatePercent?: number;
    /**
     * Inference components: the share of requests that failed (InvocationModelErrors: no 2xx,
     * broken connections, malformed answers, timeouts) above which the failed-invocations alarm
     * fires, in percent. Default 5.
     */
    failedInvocationRatePercent?: number;
    /** The percentile of ModelLatency the latency alarm watches, above 0 and below 100, at most two decimals (99.9 is p99.9). Default 99. */
    latencyPercentile?: number;
    /**
     * Model latency at that percentile, in milliseconds, above which the latency alarm fires. Default
     * 30000 (30 s: an LLM's whole answer) on real-time endpoints and inference components; on an
     * asynchronous endpoint, whose requests may each run up to an hour, no latency alarm unless given
     * (its queue's age alarm pages on a stalled endpoint).
     */
    latencyThresholdMs?: number;
    /** Asynchronous endpoints: minutes the oldest queued request may wait (ApproximateAgeOfOldestRequest) before the alarm fires. Default 30. */
    oldestRequestAgeMinutes?: number;
    /**
     * Seconds per evaluated period: 10, 20, 30 or a multiple of 60, never shorter than the endpoint
     * publishes invocation metrics. Default 60, or that interval when longer.
     */
    periodSeconds?: number;
    /** Periods evaluated (N of "M out of N"), at most a day's worth. Default 5. */
    evaluationPeriods?: number;
    /** Breaching periods among them that fire the alarm (M), at most evaluationPeriods. Default 3, or evaluationPeriods when fewer. */
    datapointsToAlarm?: number;
}

/** The alarm settings a plan checks: the thresholds, and the topic they notify once its ARN is known. */
export interface AlarmsInput extends AlarmThresholds {
    /** An existing SNS topic the alarms notify, by ARN. Default: a topic created for the component. */
    notifyTopicArn?: string;
}

/** The settings, checked, with the defaults filled in (the topic's stay optional). */
export type AlarmSettings = Required<Omit<AlarmsInput, "notifyTopicArn" | "topicKmsKeyArn" | "latencyThresholdMs">>
    & Pick<AlarmsInput, "notifyTopicArn" | "topicKmsKeyArn" | "latencyThresholdMs">;

export const DEFAULT_ALARMS: Omit<AlarmSettings, "notifyTopicArn" | "topicKmsKeyArn" | "periodSeconds" | "latencyThresholdMs"> = {
    serverErrorRatePercent: 5,
    failedInvocationRatePercent: 5,
    latencyPercentile: 99,
    oldestRequestAgeMinutes: 30,
    evaluationPeriods: 5,
    datapointsToAlarm: 3,
};

/** The latency alarm's threshold unless given, but on asynchronous endpoints: an LLM's whole answer (InvokeEndpoint itself gives up after 60 s). */
export const DEFAULT_LATENCY_THRESHOLD_MS = 30_000;

/** A paging alarm's period unless given: a minute, or the endpoint's invocation metric interval when longer. */
const DEFAULT_PERIOD_SECONDS = 60;
/** CloudWatch evaluates at most a day of periods (PutMetricAlarm: EvaluationPeriods x Period <= 86,400 s). */
const MAX_EVALUATION_SECONDS = 86_400;

const KEYS: readonly (keyof AlarmsInput)[] = [
    "notifyTopicArn", "topicKmsKeyArn", "serverErrorRatePercent", "failedInvocationRatePercent", "latencyPercentile", "latencyThresholdMs",
    "oldestRequestAgeMinutes", "periodSeconds", "evaluationPeriods", "datapointsToAlarm",
];

/** Why a key for the topic goes with no given topic. */
export const TOPIC_KEY_RULE = "applies only to the topic created when notifyTopicArn is not given";

/** A number in (0, max]. */
function share(field: string, value: unknown, max: number, what: string): number {
    if (typeof value !== "number") {
        throw wrongKind(field, value, `a number above 0 and at most ${max} (${what})`);
    }
    if (!Number.isFinite(value) || value <= 0 || value > max) {
        throw invalid(field, value, `must be above 0 and at most ${max} (${what})`);
    }
    return value;
}

/**
 * CloudWatch's percentile statistic (ExtendedStatistic `pNN` or `pNN.NN`): above 0, below 100, at
 * most two decimals.
 */
function percentile(field: string, value: unknown): number {
    const p = share(field, value, 100, "a percentile such as 99 for p99");
    if (p >= 100 || Math.round(p * 100) !== p * 100) {
        throw invalid(field, p, "must be below 100 with at most two decimals: CloudWatch's percentiles are p0.01 to p99.99");
    }
    return p;
}

/**
 * Checks the alarm settings of a component (`field` is `<component>.alarms` or a config key), against
 * the endpoint's metrics: a period shorter than the invocation metrics' interval would mostly hold
 * no datapoint. A topic key must be in the stack's region when it has one, as every key the package reads.
 */
export function planAlarms(field: string, given: unknown, metrics: MetricsConfig, region?: string): AlarmSettings {
    if (typeof given !== "object" || given === null || Array.isArray(given)) {
        throw wrongKind(field, given, "an object of alarm settings");
    }
    const input = given as Record<string, unknown>;
    knownKeys(field, input, KEYS, "an alarm setting");
    const at = (key: keyof AlarmsInput) => `${field}.${key}`;
    const value = <K extends keyof typeof DEFAULT_ALARMS>(key: K) => input[key] ?? DEFAULT_ALARMS[key];
    const period = alarmPeriod(at("periodSeconds"), input.periodSeconds as number | undefined,
        metrics, Math.max(DEFAULT_PERIOD_SECONDS, invocationMetricSeconds(metrics)));
    const evaluationPeriods = wholeNumber(at("evaluationPeriods"), value("evaluationPeriods"), 1, Math.floor(MAX_EVALUATION_SECONDS / period));
    const datapointsToAlarm = wholeNumber(at("datapointsToAlarm"), input.datapointsToAlarm ?? Math.min(DEFAULT_ALARMS.datapointsToAlarm, evaluationPeriods), 1);
    if (datapointsToAlarm > evaluationPeriods) {
        throw invalid(at("datapointsToAlarm"), datapointsToAlarm, `must be at most evaluationPeriods (${evaluationPeriods}): it is M of "M out of N"`);
    }
    const settings: AlarmSettings = {
        serverErrorRatePercent: share(at("serverErrorRatePercent"), value("serverErrorRatePercent"), 100, "percent of requests"),
        failedInvocationRatePercent: share(at("failedInvocationRatePercent"), value("failedInvocationRatePercent"), 100, "percent of requests"),
        latencyPercentile: percentile(at("latencyPercentile"), value("latencyPercentile")),
        // An asynchronous request may take up to an hour; nothing slower is a latency.
        latencyThresholdMs: input.latencyThresholdMs === undefined ? undefined : share(at("latencyThresholdMs"), input.latencyThresholdMs, 3_600_000, "milliseconds"),
        oldestRequestAgeMinutes: share(at("oldestRequestAgeMinutes"), value("oldestRequestAgeMinutes"), 1440 * 7, "minutes"),
        periodSeconds: period,
        evaluationPeriods,
        datapointsToAlarm,
    };
    if (input.notifyTopicArn !== undefined) {
        settings.notifyTopicArn = snsTopicArn(at("notifyTopicArn"), input.notifyTopicArn);
        if (input.topicKmsKeyArn !== undefined) {
            throw invalid(at("topicKmsKeyArn"), input.topicKmsKeyArn, TOPIC_KEY_RULE);
        }
    }
    if (input.topicKmsKeyArn !== undefined) {
        const key = readKmsKey(at("topicKmsKeyArn"), input.topicKmsKeyArn, region);
        if (key.form !== "key ARN") {
            // CloudWatch publishes only under a key whose policy lets it: an AWS managed alias never does.
            throw invalid(at("topicKmsKeyArn"), key.id, "is not a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<key id>) of a customer key whose policy lets cloudwatch.amazonaws.com use it");
        }
        settings.topicKmsKeyArn = key.id;
    }
    return settings;
}

/** What an alarm watches. */
export interface MonitoredTarget {
    kind: MonitoredKind;
    /** The endpoint's name, or the inference component's. */
    name: string;
    /** Real-time endpoints only. */
    variantName?: string;
}

/** Which alarm: each kind gets a fixed set, known before any name resolves. */
export type AlarmKey = "serverErrors" | "failedInvocations" | "modelLatency" | "oldestRequestAge";

/** One alarm, as PutMetricAlarm takes it (Statistic or ExtendedStatistic, never both). */
export interface PlannedAlarm {
    key: AlarmKey;
    name: string;
    description: string;
    namespace: string;
    metricName: string;
    dimensions: Record<string, string>;
    statistic?: "Average" | "Maximum";
    extendedStatistic?: string;
    period: number;
    evaluationPeriods: number;
    datapointsToAlarm: number;
    threshold: number;
    comparisonOperator: "GreaterThanThreshold";
    /** No request in a period is no failure: an idle or parked endpoint stays OK. */
    treatMissingData: "notBreaching";
}

/**
 * The alarms of each kind, in order. An asynchronous endpoint's latency alarm only with a threshold
 * given: each of its requests may run up to an hour, and its queue's age pages on a stall.
 */
export function alarmKeys(kind: MonitoredKind, thresholds: Pick<AlarmThresholds, "latencyThresholdMs">): AlarmKey[] {
    switch (kind) {
        case MonitoredKind.InferenceComponent:
            return ["failedInvocations", "modelLatency"];
        case MonitoredKind.Async:
            return thresholds.latencyThresholdMs === undefined ? ["serverErrors", "oldestRequestAge"] : ["serverErrors", "modelLatency", "oldestRequestAge"];
        default:
            return ["serverErrors", "modelLatency"];
    }
}

/**
 * The name suffix of each alarm: an inference component's differ from an endpoint's, since an
 * endpoint and a component may share a name (SageMaker keeps them apart) while alarm names are one
 * namespace per account and region.
 */
const SUFFIXES: Record<AlarmKey, (kind: MonitoredKind) => string> = {
    serverErrors: () => "server-errors",
    failedInvocations: () => "failed-invocations",
    modelLatency: (kind) => (kind === MonitoredKind.InferenceComponent ? "component-latency" : "model-latency"),
    oldestRequestAge: () => "oldest-request-age",
};

/** What an alarm's names (logical and physical) end with. */
export function alarmSuffix(kind: MonitoredKind, key: AlarmKey): string {
    return SUFFIXES[key](kind);
}

/** The alarms' names, from the watched endpoint's or component's name, which is unique in the account and region. */
export function alarmName(target: Pick<MonitoredTarget, "kind" | "name">, key: AlarmKey): string {
    return sagemakerName(target.name, alarmSuffix(target.kind, key));
}

/** A percentile as CloudWatch writes it: p99, p99.9. */
export function percentileStatistic(p: number): string {
    return `p${p}`;
}

/** The alarms of one endpoint or component, in CloudWatch's units: rates as fractions, latency in microseconds, ages in seconds. */
export function planAlarmSpecs(target: MonitoredTarget, s: AlarmSettings): PlannedAlarm[] {
    const component = target.kind === MonitoredKind.InferenceComponent;
    const what = component ? `inference component ${target.name}` : `endpoint ${target.name}`;
    const variant: Record<string, string> = { [VARIANT_DIMENSIONS[0]]: target.name, [VARIANT_DIMENSIONS[1]]: target.variantName! };
    const dimensions: Record<string, string> = component ? { [COMPONENT_DIMENSIONS[0]]: target.name }
        : target.kind === MonitoredKind.Async ? { [ENDPOINT_DIMENSIONS[0]]: target.name } : variant;
    // Invocation metrics of an asynchronous endpoint carry its variant, as a real-time endpoint's do; its queue's, the endpoint alone.
    const invocationDimensions = target.kind === MonitoredKind.Async ? variant : dimensions;
    const window = `${s.datapointsToAlarm} of ${s.evaluationPeriods} periods of ${s.periodSeconds} s`;
    const latencyMs = s.latencyThresholdMs ?? DEFAULT_LATENCY_THRESHOLD_MS;
    const common = {
        namespace: SAGEMAKER_NAMESPACE,
        period: s.periodSeconds,
        evaluationPeriods: s.evaluationPeriods,
        datapointsToAlarm: s.datapointsToAlarm,
        comparisonOperator: "GreaterThanThreshold" as const,
        treatMissingData: "notBreaching" as const,
    };
    const specs: Record<AlarmKey, () => PlannedAlarm> = {
        // 1 per 5xx response and 0 per other: the Average is the share of requests that failed.
        serverErrors: () => ({
            ...common, key: "serverErrors", name: alarmName(target, "serverErrors"),
            description: `More than ${s.serverErrorRatePercent} % of requests to ${what} got a 5xx from the model in ${window}`,
            metricName: "Invocation5XXErrors", dimensions: invocationDimensions, statistic: "Average",
            threshold: s.serverErrorRatePercent / 100,
        }),
        // Every request that got no 2xx: 4xx and 5xx, broken connections, malformed answers and timeouts.
        failedInvocations: () => ({
            ...common, key: "failedInvocations", name: alarmName(target, "failedInvocations"),
            description: `More than ${s.failedInvocationRatePercent} % of requests to ${what} failed (no 2xx, or a timeout) in ${window}`,
            metricName: "InvocationModelErrors", dimensions, statistic: "Average",
            threshold: s.failedInvocationRatePercent / 100,
        }),
        // ModelLatency is in microseconds.
        modelLatency: () => ({
            ...common, key: "modelLatency", name: alarmName(target, "modelLatency"),
            description: `The model of ${what} took longer than ${latencyMs} ms at ${percentileStatistic(s.latencyPercentile)} in ${window}`,
            metricName: "ModelLatency", dimensions: invocationDimensions, extendedStatistic: percentileStatistic(s.latencyPercentile),
            threshold: latencyMs * 1000,
        }),
        // ApproximateAgeOfOldestRequest is in seconds; the queue's metrics carry the endpoint alone.
        oldestRequestAge: () => ({
            ...common, key: "oldestRequestAge", name: alarmName(target, "oldestRequestAge"),
            description: `A request has waited in the queue of ${what} for more than ${s.oldestRequestAgeMinutes} min in ${window}`,
            metricName: "ApproximateAgeOfOldestRequest", dimensions, statistic: "Maximum",
            threshold: s.oldestRequestAgeMinutes * 60,
        }),
    };
    return alarmKeys(target.kind, s).map((key) => specs[key]());
}
