import { invalid, wholeNumber } from "../../core/validate";

/**
 * An endpoint's CloudWatch metrics (EndpointConfig MetricsConfig) and what they allow alarms on
 * them: plain values in, plain values out.
 */

/** What the endpoint publishes, and how often. */
export interface MetricsInput {
    /** Seconds between publications: 10, 30, 60, 120, 180, 240 or 300. Default 10. */
    metricPublishFrequencyInSeconds?: number;
    /** Whether invocation metrics are published at that frequency too (else every 60 s), per instance and container. Default true. */
    enableEnhancedMetrics?: boolean;
    /** Whether container, per-GPU and host metrics are published too. Default false. */
    enableDetailedObservability?: boolean;
}

export interface MetricsConfig {
    enableEnhancedMetrics: boolean;
    enableDetailedObservability: boolean;
    metricPublishFrequencyInSeconds: number;
}

/** MetricPublishFrequencyInSeconds' valid values, as the SageMaker API documents them. */
export const METRIC_PUBLISH_FREQUENCIES = [10, 30, 60, 120, 180, 240, 300];

/** Invocation metrics every 10 s: a request to a parked model is seen in seconds, not a minute. */
export const DEFAULT_METRICS: MetricsConfig = { enableEnhancedMetrics: true, enableDetailedObservability: false, metricPublishFrequencyInSeconds: 10 };

/** SageMaker publishes invocation metrics every 60 s unless enhanced metrics are on. */
const STANDARD_INVOCATION_METRIC_SECONDS = 60;

/**
 * Checks an endpoint's metrics settings, with the defaults filled in.
 * @param fieldOf names a setting for messages: `<endpoint>.<key>`, or a config key
 */
export function planMetrics(fieldOf: (key: string) => string, input: MetricsInput = {}): MetricsConfig {
    const frequency = input.metricPublishFrequencyInSeconds ?? DEFAULT_METRICS.metricPublishFrequencyInSeconds;
    if (!METRIC_PUBLISH_FREQUENCIES.includes(frequency)) {
        throw invalid(fieldOf("metricPublishFrequencyInSeconds"), frequency, `must be one of ${METRIC_PUBLISH_FREQUENCIES.join(", ")} seconds`);
    }
    const flag = (key: "enableEnhancedMetrics" | "enableDetailedObservability") => {
        const value = input[key] ?? DEFAULT_METRICS[key];
        if (typeof value !== "boolean") {
            throw invalid(fieldOf(key), value, "must be true or false");
        }
        return value;
    };
    return {
        enableEnhancedMetrics: flag("enableEnhancedMetrics"),
        enableDetailedObservability: flag("enableDetailedObservability"),
        metricPublishFrequencyInSeconds: frequency,
    };
}

/** Seconds between datapoints of the endpoint's invocation metrics (NoCapacityInvocationFailures among them). */
export function invocationMetricSeconds(metrics: MetricsConfig): number {
    return metrics.enableEnhancedMetrics ? metrics.metricPublishFrequencyInSeconds : STANDARD_INVOCATION_METRIC_SECONDS;
}

/** CloudWatch's valid alarm periods: 10, 20, 30, or a multiple of 60 seconds. */
export function isAlarmPeriod(seconds: number): boolean {
    return [10, 20, 30].includes(seconds) || (Number.isInteger(seconds) && seconds > 0 && seconds % 60 === 0);
}

/**
 * The period of an alarm on an invocation metric: by default the metric's own interval (or
 * `fallback`); never shorter, or most periods would hold no datapoint and the alarm would lapse
 * into missing data.
 */
export function alarmPeriod(field: string, given: number | undefined, metrics: MetricsConfig, fallback?: number): number {
    const interval = invocationMetricSeconds(metrics);
    const period = given ?? fallback ?? interval;
    if (!isAlarmPeriod(period)) {
        throw invalid(field, period, "must be 10, 20, 30 or a multiple of 60 seconds (CloudWatch's alarm periods)");
    }
    if (period < interval) {
        const why = metrics.enableEnhancedMetrics
            ? `the endpoint's metricPublishFrequencyInSeconds (${interval})`
            : `the ${interval} s at which invocation metrics are published without enhanced metrics`;
        throw invalid(field, period, `is shorter than ${why}: most periods would hold no datapoint`);
    }
    return wholeNumber(field, period, 1);
}
