import { sagemakerName } from "../../core/names";
import { invalid, positiveNumber, wholeNumber } from "../../core/validate";

/**
 * Application Auto Scaling setups as plain values: what to scale, between which bounds, on which
 * metric, and for endpoints that reach zero, the step policy and alarm that bring them back.
 */

export interface TargetTrackingConfiguration {
    targetValue: number;
    scaleInCooldown: number;
    scaleOutCooldown: number;
    predefinedMetricSpecification?: { predefinedMetricType: string };
    customizedMetricSpecification?: {
        metricName: string;
        namespace: string;
        statistic: string;
        dimensions: { name: string; value: string }[];
    };
}

export interface StepScalingConfiguration {
    adjustmentType: "ChangeInCapacity" | "ExactCapacity";
    metricAggregationType: "Average" | "Maximum";
    cooldown: number;
    // The provider takes the bounds as strings.
    stepAdjustments: { metricIntervalLowerBound?: string; metricIntervalUpperBound?: string; scalingAdjustment: number }[];
}

/** A CloudWatch alarm that triggers a step policy. */
export interface AlarmSpec {
    name: string;
    description: string;
    namespace: string;
    metricName: string;
    dimensions: Record<string, string>;
    statistic: "Average" | "Maximum";
    period: number;
    evaluationPeriods: number;
    datapointsToAlarm: number;
    threshold: number;
    comparisonOperator: "GreaterThanOrEqualToThreshold";
    treatMissingData: "missing";
}

/** A CloudWatch alarm on a metric-math expression that triggers a step policy. */
export interface MathAlarmSpec {
    name: string;
    description: string;
    metrics: { id: string; namespace: string; metricName: string; dimensions: Record<string, string>; stat: "Sum"; period: number }[];
    /** The expression's id is "idle". */
    expression: string;
    evaluationPeriods: number;
    datapointsToAlarm: number;
    threshold: number;
    comparisonOperator: "LessThanOrEqualToThreshold";
    treatMissingData: "breaching";
}

/** One scalable target and its policies. */
export interface ScalingSpec {
    resourceId: string;
    scalableDimension: string;
    minCapacity: number;
    maxCapacity: number;
    targetTracking: { policyName: string; configuration: TargetTrackingConfiguration };
    /** A step policy its alarm triggers: target tracking cannot scale out from zero, having nothing to divide by. */
    scaleOutFromZero?: { policyName: string; configuration: StepScalingConfiguration; alarm: AlarmSpec };
    /** A step policy that sets the capacity to zero when its alarm sees no request at all for a while. */
    idleScaleIn?: { policyName: string; configuration: StepScalingConfiguration; alarm: MathAlarmSpec };
}

// ---- Endpoint variants: instances ----

export const VARIANT_DIMENSION = "sagemaker:variant:DesiredInstanceCount";
export const INVOCATIONS_METRIC = "SageMakerVariantInvocationsPerInstance";
export const BACKLOG_METRIC = "ApproximateBacklogSizePerInstance";
export const BACKLOG_WITHOUT_CAPACITY_METRIC = "HasBacklogWithoutCapacity";

/** The id Application Auto Scaling knows a production variant by. */
export function variantResourceId(endpointName: string, variantName: string): string {
    return `endpoint/${endpointName}/variant/${variantName}`;
}

/** A variant's instances as a scalable target between two bounds. */
function variantTarget(endpointName: string, variantName: string, min: number, max: number) {
    return { resourceId: variantResourceId(endpointName, variantName), scalableDimension: VARIANT_DIMENSION, minCapacity: min, maxCapacity: max };
}

/** Both cooldowns, whole seconds. */
function cooldowns(field: string, s: { scaleInCooldownSeconds?: unknown; scaleOutCooldownSeconds?: unknown }) {
    return {
        scaleInCooldownSeconds: wholeNumber(`${field}.scaleInCooldownSeconds`, s.scaleInCooldownSeconds, 0),
        scaleOutCooldownSeconds: wholeNumber(`${field}.scaleOutCooldownSeconds`, s.scaleOutCooldownSeconds, 0),
    };
}

/** Auto scaling of a real-time variant's instances. */
export interface RealtimeScalingSettings {
    /** The fewest instances, at least 1: a real-time endpoint at zero would refuse requests. */
    minInstanceCount: number;
    /** The most instances, at least minInstanceCount. */
    maxInstanceCount: number;
    /** Invocations per instance per minute that target tracking holds. */
    targetInvocationsPerInstance: number;
    /** Seconds between scale-in steps. Default 300. */
    scaleInCooldownSeconds: number;
    /** Seconds between scale-out steps. Default 300. */
    scaleOutCooldownSeconds: number;
}

export const DEFAULT_REALTIME_COOLDOWNS = { scaleInCooldownSeconds: 300, scaleOutCooldownSeconds: 300 };

type Given<T> = { [K in keyof T]?: unknown };

/** Checks a real-time variant's scaling against its instance count at creation. */
export function planRealtimeScaling(field: string, given: Given<RealtimeScalingSettings>, instanceCount: number): RealtimeScalingSettings {
    const s = { ...DEFAULT_REALTIME_COOLDOWNS, ...given };
    const min = wholeNumber(`${field}.minInstanceCount`, s.minInstanceCount, 1);
    const max = wholeNumber(`${field}.maxInstanceCount`, s.maxInstanceCount, 1);
    if (max < min) {
        throw invalid(`${field}.maxInstanceCount`, max, `must be at least minInstanceCount (${min})`);
    }
    if (instanceCount < min || instanceCount > max) {
        throw invalid(`${field}.minInstanceCount`, min, `and maxInstanceCount (${max}) must hold the instance count at creation (${instanceCount})`);
    }
    return {
        minInstanceCount: min,
        maxInstanceCount: max,
        targetInvocationsPerInstance: positiveNumber(`${field}.targetInvocationsPerInstance`, s.targetInvocationsPerInstance),
        ...cooldowns(field, s),
    };
}

/** Target tracking on invocations per instance, never below the floor. */
export function realtimeScalingSpec(endpointName: string, variantName: string, s: RealtimeScalingSettings): ScalingSpec {
    return {
        ...variantTarget(endpointName, variantName, s.minInstanceCount, s.maxInstanceCount),
        targetTracking: {
            policyName: `${endpointName}-invocations-target-tracking`,
            configuration: {
                predefinedMetricSpecification: { predefinedMetricType: INVOCATIONS_METRIC },
                targetValue: s.targetInvocationsPerInstance,
                scaleInCooldown: s.scaleInCooldownSeconds,
                scaleOutCooldown: s.scaleOutCooldownSeconds,
            },
        },
    };
}

/** Auto scaling of an asynchronous variant's instances, down to zero when the queue is empty. */
export interface AsyncScalingSettings {
    /** The fewest instances. Default 0: an idle endpoint costs nothing, and requests wait in its queue. */
    minInstanceCount: number;
    /** The most instances, at least 1. */
    maxInstanceCount: number;
    /** Queued requests per instance that target tracking holds. Default 5, as AWS's guide. */
    targetBacklogPerInstance: number;
    /** Seconds between scale-in steps. Default 600. */
    scaleInCooldownSeconds: number;
    /** Seconds between scale-out steps. Default 300. */
    scaleOutCooldownSeconds: number;
    /** Seconds before the step policy may add an instance again. Default 300. */
    scaleOutFromZeroCooldownSeconds: number;
}

// AWS's guide for autoscaling asynchronous endpoints uses these values.
export const DEFAULT_ASYNC_SCALING: Omit<AsyncScalingSettings, "maxInstanceCount"> = {
    minInstanceCount: 0,
    targetBacklogPerInstance: 5,
    scaleInCooldownSeconds: 600,
    scaleOutCooldownSeconds: 300,
    scaleOutFromZeroCooldownSeconds: 300,
};

/**
 * Checks an asynchronous endpoint's scaling: its maximum (`<endpoint>.maxInstanceCount`), the rest
 * of its settings (`<endpoint>.autoScaling.*`), and its instance count at creation when given.
 */
export function planAsyncScaling(
    endpoint: string, maxInstanceCount: unknown, given: Given<Omit<AsyncScalingSettings, "maxInstanceCount">>, initialInstanceCount?: number,
): AsyncScalingSettings {
    const s = { ...DEFAULT_ASYNC_SCALING, ...given };
    const field = `${endpoint}.autoScaling`;
    const max = wholeNumber(`${endpoint}.maxInstanceCount`, maxInstanceCount, 1);
    const min = wholeNumber(`${field}.minInstanceCount`, s.minInstanceCount, 0, max);
    if (initialInstanceCount !== undefined && initialInstanceCount > max) {
        throw invalid(`${endpoint}.maxInstanceCount`, max, `must be at least initialInstanceCount (${initialInstanceCount})`);
    }
    if (initialInstanceCount !== undefined && initialInstanceCount < min) {
        throw invalid(`${field}.minInstanceCount`, min, `must be at most initialInstanceCount (${initialInstanceCount})`);
    }
    return {
        minInstanceCount: min,
        maxInstanceCount: max,
        targetBacklogPerInstance: positiveNumber(`${field}.targetBacklogPerInstance`, s.targetBacklogPerInstance),
        ...cooldowns(field, s),
        scaleOutFromZeroCooldownSeconds: wholeNumber(`${field}.scaleOutFromZeroCooldownSeconds`, s.scaleOutFromZeroCooldownSeconds, 0),
    };
}

/**
 * Target tracking on the queue per instance, and a step policy driven by HasBacklogWithoutCapacity
 * that adds the first instance when work arrives at zero, as AWS's guide sets them up.
 */
export function asyncScalingSpec(endpointName: string, variantName: string, s: AsyncScalingSettings): ScalingSpec {
    return {
        ...variantTarget(endpointName, variantName, s.minInstanceCount, s.maxInstanceCount),
        targetTracking: {
            policyName: `${endpointName}-backlog-target-tracking`,
            configuration: {
                customizedMetricSpecification: {
                    metricName: BACKLOG_METRIC,
                    namespace: "AWS/SageMaker",
                    statistic: "Average",
                    dimensions: [{ name: "EndpointName", value: endpointName }],
                },
                targetValue: s.targetBacklogPerInstance,
                scaleInCooldown: s.scaleInCooldownSeconds,
                scaleOutCooldown: s.scaleOutCooldownSeconds,
            },
        },
        scaleOutFromZero: {
            policyName: `${endpointName}-scale-out-from-zero`,
            configuration: {
                adjustmentType: "ChangeInCapacity",
                metricAggregationType: "Average",
                cooldown: s.scaleOutFromZeroCooldownSeconds,
                stepAdjustments: [{ metricIntervalLowerBound: "0", scalingAdjustment: 1 }],
            },
            alarm: {
                name: sagemakerName(endpointName, "backlog-without-capacity"),
                description: `Requests wait on asynchronous endpoint ${endpointName} with no instance: scale out from zero`,
                namespace: "AWS/SageMaker",
                metricName: BACKLOG_WITHOUT_CAPACITY_METRIC,
                dimensions: { EndpointName: endpointName },
                statistic: "Average",
                period: 60,
                evaluationPeriods: 2,
                datapointsToAlarm: 2,
                threshold: 1,
                comparisonOperator: "GreaterThanOrEqualToThreshold",
                treatMissingData: "missing",
            },
        },
    };
}
