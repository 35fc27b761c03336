import { contentHash, sagemakerName } from "./names";
import { parseTrainingPlanArn, ReservationClaim, ReservationFacts } from "./reservation";
import { planRealtimeScaling, RealtimeScalingSettings } from "./scaling-plan";
import { instanceType, invalid, reservableInstanceType, sagemakerNameField, wholeNumber } from "./validate";

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
}

/** A production variant as the classic provider takes it, less the model name. */
export interface ProductionVariant {
    variantName: string;
    instanceType: string;
    initialInstanceCount: number;
    initialVariantWeight: number;
    modelDataDownloadTimeoutInSeconds?: number;
    containerStartupHealthCheckTimeoutInSeconds?: number;
    capacityReservationConfig?: {
        capacityReservationPreference: "capacity-reservations-only";
        mlReservationArn: string;
    };
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
    if (input.capacity === "on-demand") {
        return { variant };
    }
    const { reservationArn, reservedInstanceType, reservedInstanceCount } = input.capacity;
    parseTrainingPlanArn(reservationArn, input.region, `${prefix}.capacity.reservationArn`);
    reservableInstanceType(`${prefix}.instanceType`, type);
    if (reservedInstanceType !== undefined) {
        reservableInstanceType(`${prefix}.capacity.reservedInstanceType`, reservedInstanceType);
    }
    if (reservedInstanceCount !== undefined) {
        wholeNumber(`${prefix}.capacity.reservedInstanceCount`, reservedInstanceCount, 1);
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
    routingStrategy: RoutingStrategy;
}

export type RoutingStrategy = "LEAST_OUTSTANDING_REQUESTS" | "RANDOM";
const ROUTING_STRATEGIES: RoutingStrategy[] = ["LEAST_OUTSTANDING_REQUESTS", "RANDOM"];

/** A variant for inference components: no model, and instances that managed scaling takes down to zero. */
export interface ScaleToZeroVariant extends Omit<ProductionVariant, "initialVariantWeight"> {
    managedInstanceScaling: { status: "ENABLED"; minInstanceCount: 0; maxInstanceCount: number };
    routingConfigs: { routingStrategy: RoutingStrategy }[];
}

export interface ScaleToZeroVariantPlan {
    variant: ScaleToZeroVariant;
    reservation?: VariantPlan["reservation"];
}

/**
 * Validates a scale-to-zero endpoint's settings and builds its variant. On a reservation the
 * endpoint claims its maximum: managed scaling may take it there.
 */
export function planScaleToZeroVariant(input: ScaleToZeroVariantInput): ScaleToZeroVariantPlan {
    const prefix = input.endpoint;
    const max = wholeNumber(`${prefix}.maxInstanceCount`, input.maxInstanceCount, 1);
    const initial = wholeNumber(`${prefix}.initialInstanceCount`, input.initialInstanceCount, 1);
    if (initial > max) {
        throw invalid(`${prefix}.maxInstanceCount`, max, `must be at least initialInstanceCount (${initial})`);
    }
    if (!ROUTING_STRATEGIES.includes(input.routingStrategy)) {
        throw invalid(`${prefix}.routingStrategy`, input.routingStrategy, `must be one of ${ROUTING_STRATEGIES.join(", ")}`);
    }
    const { variant, reservation } = planVariant({ ...input, instanceCount: max });
    // Weights split traffic between models; an inference-component endpoint routes by component instead.
    const { initialVariantWeight: _weight, ...rest } = variant;
    return {
        variant: {
            ...rest,
            initialInstanceCount: initial,
            managedInstanceScaling: { status: "ENABLED", minInstanceCount: 0, maxInstanceCount: max },
            routingConfigs: [{ routingStrategy: input.routingStrategy }],
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
