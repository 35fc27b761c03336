import { acceleratorsOf } from "../../core/instance-types";
import { alarmPeriod, DEFAULT_METRICS, MetricsConfig } from "../monitoring/metrics-plan";
import { sagemakerName } from "../../core/names";
import { ScalingSpec } from "../scaling/scaling-plan";
import { copyCount, invalid, positiveNumber, wholeNumber } from "../../core/validate";

/** Auto scaling of an inference component's copies, as plain values. */
export interface AutoScalingSettings {
    /** The most copies, at least the initial copy count. The least is always 0. */
    maxCopies: number;
    /** Concurrent requests per copy that target tracking holds. AWS's scale-to-zero walkthrough uses 5. */
    targetConcurrency: number;
    /** Seconds between scale-in steps. Default 300. */
    scaleInCooldownSeconds: number;
    /** Seconds between scale-out steps. Default 300. */
    scaleOutCooldownSeconds: number;
    /** Copies the step policy adds when a request finds none. Default 1. */
    scaleOutFromZeroCopies: number;
    /** Seconds before the step policy may act again. Default 60. */
    scaleOutFromZeroCooldownSeconds: number;
    /**
     * Period of the NoCapacityInvocationFailures alarm: 10, 20, 30 or a multiple of 60 seconds, never
     * shorter than the endpoint publishes invocation metrics. Default: that interval (10 s by default).
     */
    alarmPeriodSeconds: number;
    /**
     * Minutes without a single request (served or refused) after which the copies go to zero at
     * once, instead of when target tracking gets there (about 15 minutes). Default: off.
     */
    scaleInToZeroAfterIdleMinutes?: number;
}

export const DEFAULT_AUTO_SCALING: Omit<AutoScalingSettings, "maxCopies" | "alarmPeriodSeconds"> = {
    targetConcurrency: 5,
    scaleInCooldownSeconds: 300,
    scaleOutCooldownSeconds: 300,
    scaleOutFromZeroCopies: 1,
    scaleOutFromZeroCooldownSeconds: 60,
};

/**
 * Target tracking's scale-in waits for 15 one-minute datapoints below target (AWS's scale-to-zero walkthrough measured
 * about 15 minutes to zero copies): an idle scale-in only helps below that.
 */
export const TARGET_TRACKING_SCALE_IN_MINUTES = 15;

/** Everything that decides an inference component, as plain values. */
export interface InferenceComponentInput {
    /** The component's logical name, for messages. */
    component: string;
    /** The base of the default name (`<project>-<stack>-<component>` unless given). */
    namePrefix: string;
    inferenceComponentName?: string;
    /** The endpoint's instance type. */
    instanceType: string;
    acceleratorCount?: number;
    minMemoryMb: number;
    maxMemoryMb?: number;
    cpuCores?: number;
    modelDataDownloadTimeoutInSeconds: number;
    containerStartupHealthCheckTimeoutInSeconds: number;
    initialCopyCount: number;
    /** Undefined: no auto scaling. */
    autoScaling?: Partial<AutoScalingSettings>;
    /** What the endpoint publishes: the alarm's period follows it. Default: the endpoints' default. */
    metrics?: MetricsConfig;
}

export interface InferenceComponentPlan {
    inferenceComponentName: string;
    specification: {
        startupParameters: { modelDataDownloadTimeoutInSeconds: number; containerStartupHealthCheckTimeoutInSeconds: number };
        computeResourceRequirements: {
            minMemoryRequiredInMb: number;
            numberOfAcceleratorDevicesRequired?: number;
            numberOfCpuCoresRequired?: number;
            maxMemoryRequiredInMb?: number;
        };
    };
    initialCopyCount: number;
    autoScaling?: AutoScalingSettings;
}

const INFERENCE_COMPONENT_NAME = /^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;

function autoScalingOf(prefix: string, given: Partial<AutoScalingSettings>, initialCopyCount: number, metrics: MetricsConfig): AutoScalingSettings {
    const s = { ...DEFAULT_AUTO_SCALING, maxCopies: initialCopyCount, ...given };
    const field = `${prefix}.autoScaling`;
    const maxCopies = copyCount(`${field}.maxCopies`, s.maxCopies, 1);
    if (maxCopies < initialCopyCount) {
        throw invalid(`${field}.maxCopies`, maxCopies, `must be at least initialCopyCount (${initialCopyCount})`);
    }
    const idle = s.scaleInToZeroAfterIdleMinutes === undefined ? undefined : wholeNumber(
        `${field}.scaleInToZeroAfterIdleMinutes`, s.scaleInToZeroAfterIdleMinutes, 1, TARGET_TRACKING_SCALE_IN_MINUTES - 1);
    return {
        maxCopies,
        targetConcurrency: positiveNumber(`${field}.targetConcurrency`, s.targetConcurrency),
        scaleInCooldownSeconds: wholeNumber(`${field}.scaleInCooldownSeconds`, s.scaleInCooldownSeconds, 0),
        scaleOutCooldownSeconds: wholeNumber(`${field}.scaleOutCooldownSeconds`, s.scaleOutCooldownSeconds, 0),
        scaleOutFromZeroCopies: wholeNumber(`${field}.scaleOutFromZeroCopies`, s.scaleOutFromZeroCopies, 1, maxCopies),
        scaleOutFromZeroCooldownSeconds: wholeNumber(`${field}.scaleOutFromZeroCooldownSeconds`, s.scaleOutFromZeroCooldownSeconds, 0),
        alarmPeriodSeconds: alarmPeriod(`${field}.alarmPeriodSeconds`, s.alarmPeriodSeconds, metrics),
        ...(idle !== undefined && { scaleInToZeroAfterIdleMinutes: idle }),
    };
}

/** Validates an inference component's settings and builds its specification and scaling. */
export function planInferenceComponent(input: InferenceComponentInput): InferenceComponentPlan {
    const prefix = input.component;
    const name = input.inferenceComponentName ?? sagemakerName(input.namePrefix);
    if (name.length > 63 || !INFERENCE_COMPONENT_NAME.test(name)) {
        throw invalid(`${prefix}.inferenceComponentName`, name, `must be at most 63 characters matching ${INFERENCE_COMPONENT_NAME}`);
    }
    const devices = acceleratorsOf(input.instanceType);
    const requirements: InferenceComponentPlan["specification"]["computeResourceRequirements"] = {
        minMemoryRequiredInMb: wholeNumber(`${prefix}.minMemoryMb`, input.minMemoryMb, 128),
    };
    // GPU and Neuron families the table does not list yet still get a device by default.
    const accelerated = devices !== undefined || /^ml\.(g|p|inf|trn)\d/.test(input.instanceType);
    const accelerators = input.acceleratorCount ?? (accelerated ? 1 : undefined);
    if (accelerators !== undefined) {
        requirements.numberOfAcceleratorDevicesRequired = wholeNumber(`${prefix}.acceleratorCount`, accelerators, 1);
        if (devices !== undefined && accelerators > devices) {
            throw invalid(`${prefix}.acceleratorCount`, accelerators, `exceeds the ${devices} accelerator devices of one ${input.instanceType}: no instance could place a copy`);
        }
    }
    if (input.maxMemoryMb !== undefined) {
        requirements.maxMemoryRequiredInMb = wholeNumber(`${prefix}.maxMemoryMb`, input.maxMemoryMb, 128);
        if (requirements.maxMemoryRequiredInMb < requirements.minMemoryRequiredInMb) {
            throw invalid(`${prefix}.maxMemoryMb`, input.maxMemoryMb, `must be at least minMemoryMb (${input.minMemoryMb})`);
        }
    }
    if (input.cpuCores !== undefined) {
        requirements.numberOfCpuCoresRequired = positiveNumber(`${prefix}.cpuCores`, input.cpuCores);
    }
    // The service refuses to create a component with no copies; zero is reached afterwards.
    const initialCopyCount = copyCount(`${prefix}.initialCopyCount`, input.initialCopyCount, 1);
    return {
        inferenceComponentName: name,
        specification: {
            startupParameters: {
                modelDataDownloadTimeoutInSeconds: wholeNumber(`${prefix}.modelDataDownloadTimeoutInSeconds`, input.modelDataDownloadTimeoutInSeconds, 60, 3600),
                containerStartupHealthCheckTimeoutInSeconds: wholeNumber(
                    `${prefix}.containerStartupHealthCheckTimeoutInSeconds`, input.containerStartupHealthCheckTimeoutInSeconds, 60, 3600),
            },
            computeResourceRequirements: requirements,
        },
        initialCopyCount,
        autoScaling: input.autoScaling === undefined ? undefined
            : autoScalingOf(prefix, input.autoScaling, initialCopyCount, input.metrics ?? DEFAULT_METRICS),
    };
}

// ---- Application Auto Scaling and CloudWatch, as AWS's scale-to-zero walkthrough sets them up ----

export const SCALABLE_DIMENSION = "sagemaker:inference-component:DesiredCopyCount";
export const CONCURRENCY_METRIC = "SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution";
export const NO_CAPACITY_METRIC = "NoCapacityInvocationFailures";
export const INVOCATIONS_METRIC = "Invocations";

/** One-minute datapoints of the idle alarm: its window is counted in whole minutes. */
const IDLE_PERIOD_SECONDS = 60;

/**
 * Target tracking on concurrent requests per copy, which scales 1..n and back down to zero, and
 * a step policy whose alarm fires on the first request to a component at zero copies.
 */
export function componentScalingSpec(inferenceComponentName: string, s: AutoScalingSettings): ScalingSpec {
    return {
        resourceId: `inference-component/${inferenceComponentName}`,
        scalableDimension: SCALABLE_DIMENSION,
        minCapacity: 0,
        maxCapacity: s.maxCopies,
        targetTracking: {
            policyName: `${inferenceComponentName}-target-tracking`,
            configuration: {
                predefinedMetricSpecification: { predefinedMetricType: CONCURRENCY_METRIC },
                targetValue: s.targetConcurrency,
                scaleInCooldown: s.scaleInCooldownSeconds,
                scaleOutCooldown: s.scaleOutCooldownSeconds,
            },
        },
        scaleOutFromZero: {
            policyName: `${inferenceComponentName}-scale-out-from-zero`,
            configuration: {
                adjustmentType: "ChangeInCapacity",
                metricAggregationType: "Maximum",
                cooldown: s.scaleOutFromZeroCooldownSeconds,
                stepAdjustments: [{ metricIntervalLowerBound: "0", scalingAdjustment: s.scaleOutFromZeroCopies }],
            },
            alarm: {
                name: sagemakerName(inferenceComponentName, "no-capacity"),
                description: `A request found inference component ${inferenceComponentName} at zero copies: scale out from zero`,
                namespace: "AWS/SageMaker",
                metricName: NO_CAPACITY_METRIC,
                dimensions: { InferenceComponentName: inferenceComponentName },
                statistic: "Maximum",
                period: s.alarmPeriodSeconds,
                evaluationPeriods: 1,
                datapointsToAlarm: 1,
                threshold: 1,
                // Not GreaterThanThreshold: one failed request must be enough to wake the component.
                comparisonOperator: "GreaterThanOrEqualToThreshold",
                treatMissingData: "missing",
            },
        },
        ...(s.scaleInToZeroAfterIdleMinutes !== undefined && { idleScaleIn: idleScaleIn(inferenceComponentName, s.scaleInToZeroAfterIdleMinutes) }),
    };
}

/**
 * Zero copies after `minutes` without a request. It does not fight target tracking: while it
 * fires there is no load, so target tracking has nothing to scale out for, and Application Auto
 * Scaling gives precedence to the policy that asks for the most capacity when several act at once.
 * Its alarm counts refused requests (NoCapacityInvocationFailures) with served ones, so a request
 * that wakes a parked component ends the idle state once its minute is evaluated.
 */
function idleScaleIn(inferenceComponentName: string, minutes: number): NonNullable<ScalingSpec["idleScaleIn"]> {
    const metric = (id: string, metricName: string) => ({
        id,
        namespace: "AWS/SageMaker",
        metricName,
        dimensions: { InferenceComponentName: inferenceComponentName },
        stat: "Sum" as const,
        period: IDLE_PERIOD_SECONDS,
    });
    return {
        policyName: `${inferenceComponentName}-idle-scale-in`,
        configuration: {
            adjustmentType: "ExactCapacity",
            metricAggregationType: "Maximum",
            cooldown: 0,
            // At or below the threshold (no request at all): exactly zero copies.
            stepAdjustments: [{ metricIntervalUpperBound: "0", scalingAdjustment: 0 }],
        },
        alarm: {
            name: sagemakerName(inferenceComponentName, "idle"),
            description: `No request reached inference component ${inferenceComponentName} for ${minutes} minutes: scale in to zero copies`,
            metrics: [metric("served", INVOCATIONS_METRIC), metric("refused", NO_CAPACITY_METRIC)],
            // Missing datapoints are minutes without requests: idle.
            expression: "FILL(served, 0) + FILL(refused, 0)",
            evaluationPeriods: minutes,
            datapointsToAlarm: minutes,
            threshold: 0,
            comparisonOperator: "LessThanOrEqualToThreshold",
            treatMissingData: "breaching",
        },
    };
}
