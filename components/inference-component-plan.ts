import { acceleratorsOf } from "./instance-types";
import { sagemakerName } from "./names";
import { ScalingSpec } from "./scaling-plan";
import { invalid, positiveNumber, wholeNumber } from "./validate";

/** Auto scaling of an inference component's copies, as plain values. */
export interface AutoScalingSettings {
    /** The most copies, at least the initial copy count. The least is always 0. */
    maxCopies: number;
    /** Concurrent requests per copy that target tracking holds. The seed uses 5. */
    targetConcurrency: number;
    /** Seconds between scale-in steps. Default 300. */
    scaleInCooldownSeconds: number;
    /** Seconds between scale-out steps. Default 300. */
    scaleOutCooldownSeconds: number;
    /** Copies the step policy adds when a request finds none. Default 1. */
    scaleOutFromZeroCopies: number;
    /** Seconds before the step policy may act again. Default 60. */
    scaleOutFromZeroCooldownSeconds: number;
    /** Period of the NoCapacityInvocationFailures alarm: 10, 30 or 60 seconds. Default 30. */
    alarmPeriodSeconds: number;
}

export const DEFAULT_AUTO_SCALING: Omit<AutoScalingSettings, "maxCopies"> = {
    targetConcurrency: 5,
    scaleInCooldownSeconds: 300,
    scaleOutCooldownSeconds: 300,
    scaleOutFromZeroCopies: 1,
    scaleOutFromZeroCooldownSeconds: 60,
    // The developer guide's example uses 60 s, the seed's 30 s; CloudWatch warns that 10 s only
    // works on metrics published at high resolution, which AWS does not document for this one.
    alarmPeriodSeconds: 30,
};

export const ALARM_PERIODS = [10, 30, 60];

/** Everything that decides an inference component, as plain values. */
export interface InferenceComponentInput {
    /** The component's logical name, for messages and default names. */
    component: string;
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

function autoScalingOf(prefix: string, given: Partial<AutoScalingSettings>, initialCopyCount: number): AutoScalingSettings {
    const s = { ...DEFAULT_AUTO_SCALING, maxCopies: initialCopyCount, ...given };
    const field = `${prefix}.autoScaling`;
    const maxCopies = wholeNumber(`${field}.maxCopies`, s.maxCopies, 1);
    if (maxCopies < initialCopyCount) {
        throw invalid(`${field}.maxCopies`, maxCopies, `must be at least initialCopyCount (${initialCopyCount})`);
    }
    if (!ALARM_PERIODS.includes(s.alarmPeriodSeconds)) {
        throw invalid(`${field}.alarmPeriodSeconds`, s.alarmPeriodSeconds, `must be one of ${ALARM_PERIODS.join(", ")} seconds`);
    }
    return {
        maxCopies,
        targetConcurrency: positiveNumber(`${field}.targetConcurrency`, s.targetConcurrency),
        scaleInCooldownSeconds: wholeNumber(`${field}.scaleInCooldownSeconds`, s.scaleInCooldownSeconds, 0),
        scaleOutCooldownSeconds: wholeNumber(`${field}.scaleOutCooldownSeconds`, s.scaleOutCooldownSeconds, 0),
        scaleOutFromZeroCopies: wholeNumber(`${field}.scaleOutFromZeroCopies`, s.scaleOutFromZeroCopies, 1, maxCopies),
        scaleOutFromZeroCooldownSeconds: wholeNumber(`${field}.scaleOutFromZeroCooldownSeconds`, s.scaleOutFromZeroCooldownSeconds, 0),
        alarmPeriodSeconds: s.alarmPeriodSeconds,
    };
}

/** Validates an inference component's settings and builds its specification and scaling. */
export function planInferenceComponent(input: InferenceComponentInput): InferenceComponentPlan {
    const prefix = input.component;
    const name = input.inferenceComponentName ?? sagemakerName(input.component);
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
    const initialCopyCount = wholeNumber(`${prefix}.initialCopyCount`, input.initialCopyCount, 1);
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
        autoScaling: input.autoScaling === undefined ? undefined : autoScalingOf(prefix, input.autoScaling, initialCopyCount),
    };
}

// ---- Application Auto Scaling and CloudWatch, as the seed sets them up ----

export const SCALABLE_DIMENSION = "sagemaker:inference-component:DesiredCopyCount";
export const CONCURRENCY_METRIC = "SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution";
export const NO_CAPACITY_METRIC = "NoCapacityInvocationFailures";

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
    };
}
