import { ReservationUsage } from "../reservation/reservation";
import { spareNeededForUpdate, UpdateFit } from "../../dynamic-providers/endpoint-update-guard-plan";
import { invalid, text, wholeNumber } from "../../core/validate";

/**
 * How an endpoint takes a new config: what it keeps of the running variant, how SageMaker
 * replaces its instances, how many spare reserved instances that needs, and how long Pulumi
 * waits. Plain values in, plain values out.
 */

/** A rolling update as given: batches of instances replaced one after another. */
export interface DeploymentInput {
    /** Instances replaced per batch: from 5 % to 50 % of the variant's instances. Default on a reservation: the fewest allowed. */
    maximumBatchSize?: number;
    /** Seconds each new batch bakes, watched by the rollback alarms, before the next, 0 to 3600. Default 60. */
    waitIntervalSeconds?: number;
    /** CloudWatch alarms (names, at most 10) that roll the update back when they fire. */
    rollbackAlarmNames?: string[];
    /** The longest the whole update may take, 600 to 28800 seconds. Default SageMaker's. */
    maximumExecutionTimeoutSeconds?: number;
}

/** DeploymentConfig as aws-native's Endpoint takes it. */
export interface DeploymentConfig {
    rollingUpdatePolicy: {
        maximumBatchSize: { type: "INSTANCE_COUNT"; value: number };
        waitIntervalInSeconds: number;
        maximumExecutionTimeoutInSeconds?: number;
        /** As the batch: SageMaker's default rolls back the whole old fleet at once, which a reservation has no room for. */
        rollbackMaximumBatchSize: { type: "INSTANCE_COUNT"; value: number };
    };
    autoRollbackConfiguration?: { alarms: { alarmName: string }[] };
}

/** The variant an update replaces, as plain values. */
export interface UpdatedVariant {
    /** The endpoint's logical name, for messages. */
    endpoint: string;
    /** The fewest and the most instances the variant may run when the update starts. */
    minInstances: number;
    maxInstances: number;
    /** Whether the variant runs on a training plan with capacity-reservations-only. */
    onReservation: boolean;
}

export interface UpdatePlan {
    /** Undefined: SageMaker's blue/green update, all at once. */
    deploymentConfig?: DeploymentConfig;
}

// RollingUpdatePolicy's bounds in the SageMaker API model; the batch bounds are in its documentation.
const WAIT_INTERVAL = { min: 0, max: 3600 };
const EXECUTION_TIMEOUT = { min: 600, max: 28800 };
const MAX_ROLLBACK_ALARMS = 10;
const DEFAULT_WAIT_INTERVAL_SECONDS = 60;

/**
 * The batch sizes SageMaker accepts for a variant that may run anywhere from min to max
 * instances when an update starts: at least 5 % of the most, at most 50 % of the fewest.
 */
export function rollingBatchRange(minInstances: number, maxInstances: number): { min: number; max: number } {
    return { min: Math.max(1, Math.ceil(maxInstances * 0.05)), max: Math.floor(minInstances * 0.5) };
}

/**
 * How an endpoint is updated. Given settings become a rolling update. On a reservation, which
 * has no spare instances unless reserved, the default is the smallest rolling batch the variant
 * allows; a variant too small to roll (one instance) is updated blue/green.
 */
export function planUpdate(field: string, given: DeploymentInput | undefined, variant: UpdatedVariant): UpdatePlan {
    const range = rollingBatchRange(variant.minInstances, variant.maxInstances);
    const blueGreen = {};
    if (given === undefined) {
        return variant.onReservation && range.min <= range.max ? rolling(field, { maximumBatchSize: range.min }, range) : blueGreen;
    }
    if (range.min > range.max) {
        const counts = variant.minInstances === variant.maxInstances
            ? `${variant.minInstances} instance${variant.minInstances === 1 ? "" : "s"}` : `${variant.minInstances} to ${variant.maxInstances} instances`;
        const why = `a variant of ${counts} cannot be updated in rolling batches: a batch must be at least 5 % of the most and at most 50 % ` +
            "of the fewest instances; leave deployment unset for a blue/green update";
        throw given.maximumBatchSize === undefined
            ? new Error(`${field}: ${why}`) : invalid(`${field}.maximumBatchSize`, given.maximumBatchSize, `cannot be set: ${why}`);
    }
    return rolling(field, { ...given, maximumBatchSize: given.maximumBatchSize ?? range.min }, range);
}

function rolling(field: string, given: DeploymentInput, range: { min: number; max: number }): UpdatePlan {
    const batch = wholeNumber(`${field}.maximumBatchSize`, given.maximumBatchSize, 1);
    if (batch < range.min || batch > range.max) {
        throw invalid(`${field}.maximumBatchSize`, batch, `must be from ${range.min} to ${range.max} instances (5 % of the most to 50 % of the fewest instances of the variant)`);
    }
    const deploymentConfig: DeploymentConfig = {
        rollingUpdatePolicy: {
            maximumBatchSize: { type: "INSTANCE_COUNT", value: batch },
            rollbackMaximumBatchSize: { type: "INSTANCE_COUNT", value: batch },
            waitIntervalInSeconds: wholeNumber(`${field}.waitIntervalSeconds`, given.waitIntervalSeconds ?? DEFAULT_WAIT_INTERVAL_SECONDS,
                WAIT_INTERVAL.min, WAIT_INTERVAL.max),
        },
    };
    if (given.maximumExecutionTimeoutSeconds !== undefined) {
        deploymentConfig.rollingUpdatePolicy.maximumExecutionTimeoutInSeconds = wholeNumber(
            `${field}.maximumExecutionTimeoutSeconds`, given.maximumExecutionTimeoutSeconds, EXECUTION_TIMEOUT.min, EXECUTION_TIMEOUT.max);
    }
    const alarms = given.rollbackAlarmNames ?? [];
    if (!Array.isArray(alarms) || alarms.length > MAX_ROLLBACK_ALARMS) {
        throw invalid(`${field}.rollbackAlarmNames`, alarms, `must be a list of at most ${MAX_ROLLBACK_ALARMS} alarm names`);
    }
    if (alarms.length > 0) {
        deploymentConfig.autoRollbackConfiguration = {
            alarms: alarms.map((name, i) => ({ alarmName: text(`${field}.rollbackAlarmNames[${i}]`, name) })),
        };
    }
    return { deploymentConfig };
}

/** What an endpoint keeps of its running variant when it moves to a new config. */
export interface Retention {
    retainAllVariantProperties: boolean;
    excludeRetainedVariantProperties?: { variantPropertyType: "DesiredWeight" }[];
}

/**
 * An auto-scaled variant keeps what auto scaling set, its running instance count, and takes
 * from the new config what the config sets, its weight: without retention an update restarts
 * the variant at the config's initial count, whatever auto scaling had it serving.
 */
export function retentionOf(autoScaled: boolean, weighted: boolean): Retention {
    if (!autoScaled) {
        return { retainAllVariantProperties: false };
    }
    return weighted
        ? { retainAllVariantProperties: true, excludeRetainedVariantProperties: [{ variantPropertyType: "DesiredWeight" }] }
        : { retainAllVariantProperties: true };
}

/**
 * The request Scheduler sends to UpdateEndpoint, in the API's member names: the endpoint onto its
 * on-demand config, keeping what auto scaling set (as the endpoint's own deploys keep it). No
 * DeploymentConfig: SageMaker's blue/green brings up the on-demand fleet before the reserved one
 * goes, so the endpoint serves throughout.
 */
export function switchRequest(endpointName: string, onDemandConfigName: string, retention: Retention): Record<string, unknown> {
    const excluded = retention.excludeRetainedVariantProperties?.map((p) => ({ VariantPropertyType: p.variantPropertyType }));
    return {
        EndpointName: endpointName,
        EndpointConfigName: onDemandConfigName,
        RetainAllVariantProperties: retention.retainAllVariantProperties,
        ...(excluded === undefined ? {} : { ExcludeRetainedVariantProperties: excluded }),
    };
}

/** The spare instances of the reservation an endpoint claims, against what an update of the same size needs. */
export function updateFit(
    share: Pick<UpdateFit, "endpoint" | "endpointConfigName" | "claimedInstances" | "rollingBatch">, usage: ReservationUsage,
): UpdateFit {
    const spare = usage.reservedInstanceCount === undefined ? undefined : usage.reservedInstanceCount - usage.requestedInstanceCount;
    const needed = spareNeededForUpdate(share.claimedInstances, share.claimedInstances, share.rollingBatch);
    return { ...share, reservationArn: usage.reservationArn, spareInstances: spare, spareInstancesNeeded: needed, fits: spare === undefined || needed <= spare };
}

/** The longest Pulumi waits for an endpoint, as `customTimeouts` takes it. */
export interface EndpointTimeouts {
    create: string;
    update: string;
}

/** What an instance goes through before it serves, in seconds, as far as the config says. */
export interface StartupSeconds {
    variantInstanceProvisionTimeoutInSeconds?: number;
    modelDataDownloadTimeoutInSeconds?: number;
    containerStartupHealthCheckTimeoutInSeconds?: number;
}

// Unset, each step may take up to SageMaker's most: large LLM weights take that long.
const STEP_MAX_SECONDS = 3600;
const MARGIN_SECONDS = 15 * 60;

/**
 * Waits long enough for a large LLM: provisioning, download and health check each up to their
 * timeouts (an hour when unset), plus a margin; an update repeats that for every rolling batch
 * and its bake, unless the update's own time limit is shorter.
 */
export function endpointTimeouts(startup: StartupSeconds, update: UpdatePlan, maxInstances: number): EndpointTimeouts {
    const start = (startup.variantInstanceProvisionTimeoutInSeconds ?? STEP_MAX_SECONDS)
        + (startup.modelDataDownloadTimeoutInSeconds ?? STEP_MAX_SECONDS)
        + (startup.containerStartupHealthCheckTimeoutInSeconds ?? STEP_MAX_SECONDS);
    const policy = update.deploymentConfig?.rollingUpdatePolicy;
    let updateSeconds = start;
    if (policy !== undefined) {
        const batches = Math.ceil(maxInstances / policy.maximumBatchSize.value);
        updateSeconds = batches * (start + policy.waitIntervalInSeconds);
        if (policy.maximumExecutionTimeoutInSeconds !== undefined) {
            updateSeconds = Math.min(updateSeconds, policy.maximumExecutionTimeoutInSeconds);
        }
    }
    return { create: minutes(start), update: minutes(updateSeconds) };
}

const minutes = (seconds: number) => `${Math.ceil((seconds + MARGIN_SECONDS) / 60)}m`;

/**
 * The waits when the settings resolve too late for resource options: each startup step at its
 * most, and an update as long as SageMaker lets any rolling update run (28800 s).
 */
export const WORST_CASE_TIMEOUTS: EndpointTimeouts = {
    create: minutes(3 * STEP_MAX_SECONDS),
    update: minutes(EXECUTION_TIMEOUT.max),
};
