import { contentHash, sagemakerName } from "../../core/names";
import { parseTrainingPlanArn } from "../../dynamic-providers/training-plan-plan";
import { ReservationClaim, ReservationFacts } from "../reservation/reservation";
import { planRealtimeScaling, RealtimeScalingSettings } from "../scaling/scaling-plan";
import { instanceType, invalid, reservableInstanceType, sagemakerNameField, wholeNumber } from "../../core/validate";
import { CheckedValues } from "../../core/checked";

/** Where an endpoint's instances come from: a reservation, with what the program knows of it, or on demand. */
export type CapacityChoice = ReservationFacts | "on-demand";

/** Everything that decides an endpoint's production variant, as plain values. */
export interface VariantInput {
    /** The endpoint's logical name, for messages. */
    endpoint: string;
    instanceType: string;
    instanceCount: number;
    variantName: string;
    capacity: CapacityChoice;
    /** The stack's region; the reservation must be in it. */
    region?: string;
    modelDataDownloadTimeoutInSeconds?: number;
    containerStartupHealthCheckTimeoutInSeconds?: number;
    /** How requests are spread over the instances; default SageMaker's (RANDOM). */
    routing?: RoutingInput;
    /** Fallback instance types, priority 2 to 5 (`instanceType` is priority 1); on demand only. */
    instancePools?: InstancePool[];
    /** Seconds SageMaker tries to provision instances, 300 to 3600, before it fails (or falls back to the next pool). */
    variantInstanceProvisionTimeoutInSeconds?: number;
}

/** A production variant as aws-native's EndpointConfig takes it, less the model name. */
export interface ProductionVariant {
    variantName: string;
    /** Absent when instancePools lists the types. */
    instanceType?: string;
    initialInstanceCount: number;
    initialVariantWeight: number;
    modelDataDownloadTimeoutInSeconds?: number;
    containerStartupHealthCheckTimeoutInSeconds?: number;
    capacityReservationConfig?: {
        capacityReservationPreference: "capacity-reservations-only";
        mlReservationArn: string;
    };
    routingConfig?: RoutingConfig;
    instancePools?: InstancePool[];
    variantInstanceProvisionTimeoutInSeconds?: number;
}

export interface VariantPlan {
    variant: ProductionVariant;
    /** The reservation and this endpoint's claim on it; undefined on demand. */
    reservation?: { facts: ReservationFacts; claim: ReservationClaim };
}

/** The only preference SageMaker offers: the endpoint never spills over to on-demand capacity. */
const CAPACITY_RESERVATIONS_ONLY = "capacity-reservations-only";

/** SageMaker's bounds for both per-variant timeouts. */
const TIMEOUT_MIN = 60;
const TIMEOUT_MAX = 3600;

/** How an endpoint spreads requests over its instances (RoutingConfig.RoutingStrategy). */
export const RoutingStrategy = {
    LeastOutstandingRequests: "LEAST_OUTSTANDING_REQUESTS",
    Random: "RANDOM",
    /** Sends requests that share a prompt prefix to the instance that holds its KV cache. */
    PrefixAware: "PREFIX_AWARE",
} as const;
export type RoutingStrategy = (typeof RoutingStrategy)[keyof typeof RoutingStrategy];

/** Routing as given: a strategy, and for PREFIX_AWARE its two settings. */
export interface RoutingInput {
    routingStrategy?: string;
    /** Longest prompt prefix, in tokens, that routing matches: 1024 to 65536. PREFIX_AWARE only, and required there. */
    prefixLength?: number;
    /** In-flight requests on an instance before routing sends a matching request elsewhere: 1 to 1024. PREFIX_AWARE only, and required there. */
    concurrencyThreshold?: number;
}

export interface RoutingConfig {
    routingStrategy: RoutingStrategy;
    prefixAwareRoutingConfig?: { prefixLength: number; concurrencyThreshold: number };
}

// PrefixAwareRoutingConfig's ranges, as the CloudFormation schema documents them; the SageMaker API
// model vendored in ../shared (botocore of 2026-08-07) predates PREFIX_AWARE.
const PREFIX_LENGTH = { min: 1024, max: 65536 };
const CONCURRENCY_THRESHOLD = { min: 1, max: 1024 };

/**
 * Checks routing settings; undefined when none are given.
 * @param fieldOf names a setting for messages: `<endpoint>.<key>`, or a config key
 */
export function planRouting(fieldOf: (key: string) => string, input: RoutingInput): RoutingConfig | undefined {
    const { routingStrategy, prefixLength, concurrencyThreshold } = input;
    if (routingStrategy === undefined) {
        if (prefixLength !== undefined || concurrencyThreshold !== undefined) {
            throw invalid(fieldOf(prefixLength !== undefined ? "prefixLength" : "concurrencyThreshold"), prefixLength ?? concurrencyThreshold, `goes with routingStrategy ${RoutingStrategy.PrefixAware}, which is not set`);
        }
        return undefined;
    }
    const strategies = Object.values(RoutingStrategy) as string[];
    if (!strategies.includes(routingStrategy)) {
        throw invalid(fieldOf("routingStrategy"), routingStrategy, `must be one of ${strategies.join(", ")}`);
    }
    const strategy = routingStrategy as RoutingStrategy;
    if (strategy !== RoutingStrategy.PrefixAware) {
        for (const [key, value] of Object.entries({ prefixLength, concurrencyThreshold })) {
            if (value !== undefined) {
                throw invalid(fieldOf(key), value, `applies only to routingStrategy ${RoutingStrategy.PrefixAware}, not ${strategy}`);
            }
        }
        return { routingStrategy: strategy };
    }
    return {
        routingStrategy: strategy,
        prefixAwareRoutingConfig: {
            prefixLength: wholeNumber(fieldOf("prefixLength"), prefixLength, PREFIX_LENGTH.min, PREFIX_LENGTH.max),
            concurrencyThreshold: wholeNumber(fieldOf("concurrencyThreshold"), concurrencyThreshold, CONCURRENCY_THRESHOLD.min, CONCURRENCY_THRESHOLD.max),
        },
    };
}

/** One instance type a variant may be provisioned with, by priority (1 first). */
export interface InstancePool {
    instanceType: string;
    priority: number;
}

/** InstancePools' bounds (SageMaker API model: 1 to 5 pools, priorities 1 to 5). */
const MAX_POOLS = 5;
const PROVISION_TIMEOUT = { min: 300, max: 3600 };

/**
 * The variant's pools: its own instance type at priority 1, then the fallbacks. Refused on a
 * reservation, which holds one instance type.
 */
function planInstancePools(prefix: string, type: string, fallbacks: InstancePool[], capacity: CapacityChoice): InstancePool[] {
    if (capacity !== "on-demand") {
        throw invalid(`${prefix}.instancePools`, fallbacks.map((p) => p.instanceType),
            `cannot be used on a reservation: training plan ${capacity.reservationArn} holds ${type} only; fallback types would be on demand`);
    }
    if (fallbacks.length + 1 > MAX_POOLS) {
        throw invalid(`${prefix}.instancePools`, fallbacks.length, `may list at most ${MAX_POOLS - 1} fallback types: with instanceType, SageMaker takes at most ${MAX_POOLS} pools`);
    }
    const pools: InstancePool[] = [{ instanceType: type, priority: 1 }];
    fallbacks.forEach((pool, i) => {
        const field = `${prefix}.instancePools[${i}]`;
        const poolType = instanceType(`${field}.instanceType`, pool.instanceType);
        const priority = wholeNumber(`${field}.priority`, pool.priority, 2, MAX_POOLS);
        const clash = pools.find((p) => p.priority === priority || p.instanceType === poolType);
        if (clash) {
            throw invalid(field, `${poolType} at priority ${priority}`, `repeats ${clash.instanceType} at priority ${clash.priority}` +
                `${clash.priority === 1 ? " (instanceType is priority 1)" : ""}: each pool has its own type and priority`);
        }
        pools.push({ instanceType: poolType, priority });
    });
    return pools.sort((a, b) => a.priority - b.priority);
}

/** Validates an endpoint's settings and builds its production variant. */
export function planVariant(input: VariantInput): VariantPlan {
    const prefix = input.endpoint;
    const type = instanceType(`${prefix}.instanceType`, input.instanceType);
    const count = wholeNumber(`${prefix}.instanceCount`, input.instanceCount, 1);
    sagemakerNameField(`${prefix}.variantName`, input.variantName);
    const variant: ProductionVariant = {
        variantName: input.variantName,
        instanceType: type,
        initialInstanceCount: count,
        initialVariantWeight: 1,
    };
    if (input.modelDataDownloadTimeoutInSeconds !== undefined) {
        variant.modelDataDownloadTimeoutInSeconds = wholeNumber(
            `${prefix}.modelDataDownloadTimeoutInSeconds`, input.modelDataDownloadTimeoutInSeconds, TIMEOUT_MIN, TIMEOUT_MAX);
    }
    if (input.containerStartupHealthCheckTimeoutInSeconds !== undefined) {
        variant.containerStartupHealthCheckTimeoutInSeconds = wholeNumber(
            `${prefix}.containerStartupHealthCheckTimeoutInSeconds`, input.containerStartupHealthCheckTimeoutInSeconds, TIMEOUT_MIN, TIMEOUT_MAX);
    }
    const routing = planRouting((key) => `${prefix}.${key}`, input.routing ?? {});
    if (routing !== undefined) {
        variant.routingConfig = routing;
    }
    if (input.instancePools !== undefined && input.instancePools.length > 0) {
        // The pools name every type, the variant's own first; InstanceType would name it twice.
        delete variant.instanceType;
        variant.instancePools = planInstancePools(prefix, type, input.instancePools, input.capacity);
    }
    if (input.variantInstanceProvisionTimeoutInSeconds !== undefined) {
        variant.variantInstanceProvisionTimeoutInSeconds = wholeNumber(`${prefix}.variantInstanceProvisionTimeoutInSeconds`,
            input.variantInstanceProvisionTimeoutInSeconds, PROVISION_TIMEOUT.min, PROVISION_TIMEOUT.max);
    }
    if (input.capacity === "on-demand") {
        return { variant };
    }
    const { reservationArn, reservedInstanceType, reservedInstanceCount } = input.capacity;
    parseTrainingPlanArn(reservationArn, input.region, `${prefix}.reservation.reservationArn`);
    reservableInstanceType(`${prefix}.instanceType`, type);
    if (reservedInstanceType !== undefined) {
        reservableInstanceType(`${prefix}.reservation.reservedInstanceType`, reservedInstanceType);
    }
    if (reservedInstanceCount !== undefined) {
        wholeNumber(`${prefix}.reservation.reservedInstanceCount`, reservedInstanceCount, 1);
    }
    variant.capacityReservationConfig = {
        capacityReservationPreference: CAPACITY_RESERVATIONS_ONLY,
        mlReservationArn: reservationArn,
    };
    return {
        variant,
        reservation: {
            facts: { reservationArn, reservedInstanceType, reservedInstanceCount },
            claim: { endpoint: input.endpoint, instanceType: type, instanceCount: count },
        },
    };
}

/** A real-time variant that may auto scale, as plain values. */
export interface ScaledVariantInput extends VariantInput {
    /** Undefined: a fixed instance count. */
    autoScaling?: { [K in keyof RealtimeScalingSettings]?: unknown };
}

export interface ScaledVariantPlan extends VariantPlan {
    scaling?: RealtimeScalingSettings;
}

/**
 * Validates a real-time endpoint's settings, with its auto scaling if any. An auto-scaled
 * endpoint starts at its instance count and claims its maximum on a reservation: scaling may
 * take it there.
 */
export function planScaledVariant(input: ScaledVariantInput): ScaledVariantPlan {
    if (input.autoScaling === undefined) {
        return planVariant(input);
    }
    const initial = wholeNumber(`${input.endpoint}.instanceCount`, input.instanceCount, 1);
    const scaling = planRealtimeScaling(`${input.endpoint}.autoScaling`, input.autoScaling, initial);
    const { variant, reservation } = planVariant({ ...input, instanceCount: scaling.maxInstanceCount });
    return { variant: { ...variant, initialInstanceCount: initial }, reservation, scaling };
}

/** Everything that decides a scale-to-zero endpoint's variant, as plain values. */
export interface ScaleToZeroVariantInput extends Omit<VariantInput, "instanceCount"> {
    /** Instances at creation, at least 1 and at most maxInstanceCount. */
    initialInstanceCount: number;
    /** The most instances managed instance scaling may run. */
    maxInstanceCount: number;
    /** How managed instance scaling releases instances; default SageMaker's. */
    scaleIn?: ScaleInInput;
}

/** How managed instance scaling releases instances (ManagedInstanceScaling.ScaleInPolicy.Strategy). */
export const ScaleInStrategy = {
    /** Releases instances that host no inference component copy. */
    IdleRelease: "IDLE_RELEASE",
    /** Moves copies onto fewer instances to release more of them. */
    Consolidation: "CONSOLIDATION",
} as const;
export type ScaleInStrategy = (typeof ScaleInStrategy)[keyof typeof ScaleInStrategy];

/** A scale-in policy as given. */
export interface ScaleInInput {
    strategy?: string;
    /** Minutes after the endpoint's last operation before it looks for instances to release, 5 to 1440. SageMaker's default 20. */
    cooldownMinutes?: number;
    /** The most instances released at once, 1 to 100. SageMaker's default 1. */
    maxStepSize?: number;
}

export interface ScaleInPolicy {
    strategy: ScaleInStrategy;
    cooldownInMinutes?: number;
    maximumStepSize?: number;
}

// The SageMaker API model's bounds (ManagedInstanceScalingCooldownInMinutes, ...MaximumStepSize).
const SCALE_IN_COOLDOWN_MINUTES = { min: 5, max: 1440 };
const SCALE_IN_STEP = { min: 1, max: 100 };

/** Scale-in settings as checkScaleIn made them. */
export interface CheckedScaleIn extends ScaleInInput {
    strategy: ScaleInStrategy;
}

/**
 * The scale-in settings checkScaleIn made: checked where they enter (a stack's config, a
 * component's args), they reach the endpoint's variant as they are.
 */
const CHECKED_SCALE_IN = new CheckedValues<CheckedScaleIn>();

/** Checks scale-in settings once: the strategy is required, the rest optional. */
export function checkScaleIn(field: string, input: ScaleInInput): CheckedScaleIn {
    if (CHECKED_SCALE_IN.has(input)) {
        return input;
    }
    const strategies = Object.values(ScaleInStrategy) as string[];
    if (input.strategy === undefined || !strategies.includes(input.strategy)) {
        throw invalid(`${field}.strategy`, input.strategy ?? null, `must be one of ${strategies.join(", ")}`);
    }
    const checked: CheckedScaleIn = { strategy: input.strategy as ScaleInStrategy };
    if (input.cooldownMinutes !== undefined) {
        checked.cooldownMinutes = wholeNumber(`${field}.cooldownMinutes`, input.cooldownMinutes, SCALE_IN_COOLDOWN_MINUTES.min, SCALE_IN_COOLDOWN_MINUTES.max);
    }
    if (input.maxStepSize !== undefined) {
        checked.maxStepSize = wholeNumber(`${field}.maxStepSize`, input.maxStepSize, SCALE_IN_STEP.min, SCALE_IN_STEP.max);
    }
    return CHECKED_SCALE_IN.keep(checked);
}

/** A scale-in policy in the API's member names, from settings checked once. */
export function planScaleIn(field: string, input: ScaleInInput): ScaleInPolicy {
    const checked = checkScaleIn(field, input);
    const policy: ScaleInPolicy = { strategy: checked.strategy };
    if (checked.cooldownMinutes !== undefined) {
        policy.cooldownInMinutes = checked.cooldownMinutes;
    }
    if (checked.maxStepSize !== undefined) {
        policy.maximumStepSize = checked.maxStepSize;
    }
    return policy;
}

/** A variant for inference components: no model, and instances that managed scaling takes down to zero. */
export interface ScaleToZeroVariant extends Omit<ProductionVariant, "initialVariantWeight" | "routingConfig"> {
    managedInstanceScaling: { status: "ENABLED"; minInstanceCount: 0; maxInstanceCount: number; scaleInPolicy?: ScaleInPolicy };
    routingConfig: RoutingConfig;
}

export interface ScaleToZeroVariantPlan {
    variant: ScaleToZeroVariant;
    reservation?: VariantPlan["reservation"];
}

/**
 * Validates a scale-to-zero endpoint's settings and builds its variant. On a reservation the
 * endpoint claims its maximum: managed scaling may take it there. Routing defaults to least
 * outstanding requests, as AWS's scale-to-zero walkthrough sets it.
 */
export function planScaleToZeroVariant(input: ScaleToZeroVariantInput): ScaleToZeroVariantPlan {
    const prefix = input.endpoint;
    const max = wholeNumber(`${prefix}.maxInstanceCount`, input.maxInstanceCount, 1);
    const initial = wholeNumber(`${prefix}.initialInstanceCount`, input.initialInstanceCount, 1);
    if (initial > max) {
        throw invalid(`${prefix}.maxInstanceCount`, max, `must be at least initialInstanceCount (${initial})`);
    }
    const routing = { ...input.routing, routingStrategy: input.routing?.routingStrategy ?? RoutingStrategy.LeastOutstandingRequests };
    const { variant, reservation } = planVariant({ ...input, routing, instanceCount: max });
    // Weights split traffic between models; an inference-component endpoint routes by component instead.
    const { initialVariantWeight: _weight, routingConfig, ...rest } = variant;
    const scaleInPolicy = input.scaleIn === undefined ? undefined : planScaleIn(`${prefix}.scaleIn`, input.scaleIn);
    return {
        variant: {
            ...rest,
            initialInstanceCount: initial,
            managedInstanceScaling: {
                status: "ENABLED", minInstanceCount: 0, maxInstanceCount: max, ...(scaleInPolicy && { scaleInPolicy }),
            },
            routingConfig: routingConfig!,
        },
        reservation,
    };
}

/**
 * An endpoint config's name, derived from everything in it. Endpoint configs are immutable: any
 * change gets a new name, so Pulumi creates the new config, moves the endpoint to it in place,
 * and deletes the old config only afterwards.
 */
export function endpointConfigName(base: string, content: unknown): string {
    return sagemakerName(base, contentHash(content));
}
