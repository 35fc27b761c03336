/**
 * The plain part of EndpointUpdateGuard: whether an endpoint's update fits the spare instances of
 * its training plan, against what the last deploy asked for or what the endpoint runs now.
 */

/** Whether an endpoint's update fits its reservation's spare instances, with the numbers. */
export interface UpdateFit {
    endpoint: string;
    reservationArn: string;
    /** The config the endpoint is to run: a new one is an update. */
    endpointConfigName: string;
    /** The instances it claims (its maximum when auto scaled). */
    claimedInstances: number;
    /** Undefined for a blue/green update. */
    rollingBatch?: number;
    /** Reserved instances no endpoint claims; undefined when the reserved count is not known. */
    spareInstances?: number;
    /** What an update from a fleet of the same size needs. */
    spareInstancesNeeded: number;
    fits: boolean;
}

/**
 * Spare instances an update needs beyond what the endpoints claim: blue/green, the whole old
 * fleet runs beside the new one; rolling, one batch more, and the old fleet's surplus when it
 * was larger than the new claim.
 */
export function spareNeededForUpdate(claimedBefore: number, claimedNow: number, rollingBatch: number | undefined): number {
    return rollingBatch === undefined ? claimedBefore : rollingBatch + Math.max(0, claimedBefore - claimedNow);
}

/**
 * The fit of this deploy's update, against the endpoint as `before` has it (as the last deploy left
 * it, or as it runs now): nothing when
 * its config is the same; nothing on this plan when it ran on demand or on another plan (its old
 * fleet runs there, its new one is claimed here); else room for the old fleet, or a batch.
 */
export function updateFitFrom(after: UpdateFit, before: Pick<UpdateFit, "reservationArn" | "endpointConfigName" | "claimedInstances"> | undefined): UpdateFit {
    const needed = before === undefined || before.reservationArn !== after.reservationArn || before.endpointConfigName === after.endpointConfigName
        ? 0 : spareNeededForUpdate(before.claimedInstances, after.claimedInstances, after.rollingBatch);
    return { ...after, spareInstancesNeeded: needed, fits: after.spareInstances === undefined || needed <= after.spareInstances };
}

/** An endpoint as DescribeEndpoint shows it, as far as its fleet on a plan goes. */
export interface DescribedEndpoint {
    EndpointConfigName?: string;
    ProductionVariants?: { CurrentInstanceCount?: number; CapacityReservationConfig?: { MlReservationArn?: string } }[];
}

/** What an endpoint runs now: its config, and its instances on one training plan. */
export interface RunningFleet {
    endpointConfigName: string;
    instancesOnPlan: number;
}

/** The config an endpoint runs and its running instances on the plan, all variants together. */
export function runningFleet(described: DescribedEndpoint, reservationArn: string): RunningFleet {
    const instancesOnPlan = (described.ProductionVariants ?? [])
        .filter((v) => v.CapacityReservationConfig?.MlReservationArn === reservationArn)
        .reduce((sum, v) => sum + (v.CurrentInstanceCount ?? 0), 0);
    return { endpointConfigName: described.EndpointConfigName ?? "", instancesOnPlan };
}

/**
 * The fit of this deploy's update against what the endpoint runs (undefined: it does not exist
 * yet), not against what the last deploy asked for: an endpoint whose update failed still runs
 * its old config, while what the last deploy asked for says it moved.
 */
export function updateFitAgainstRunning(fit: UpdateFit, running: RunningFleet | undefined): UpdateFit {
    const before = running === undefined || running.instancesOnPlan === 0 ? undefined
        : { reservationArn: fit.reservationArn, endpointConfigName: running.endpointConfigName, claimedInstances: running.instancesOnPlan };
    return updateFitFrom(fit, before);
}

/**
 * Why this deploy's update does not fit the endpoint as it runs, saying what it runs; undefined
 * when it fits. `recordedConfigName` is the config the stack's state says the last deploy gave it
 * (undefined without earlier state).
 */
export function runningUpdateRefusal(fit: UpdateFit, running: RunningFleet | undefined, recordedConfigName: string | undefined): string | undefined {
    const update = updateFitAgainstRunning(fit, running);
    if (update.fits || running === undefined) {
        return undefined;
    }
    const runs = `${running.instancesOnPlan} instance${running.instancesOnPlan === 1 ? "" : "s"} on the plan under config ${running.endpointConfigName}`;
    const state = recordedConfigName === undefined
        ? "; the stack's state held no earlier settings of it (the first deploy after an upgrade or an import)"
        : recordedConfigName === fit.endpointConfigName
            ? `; the stack's state says the last deploy moved it to ${fit.endpointConfigName}: that update did not finish`
            : "";
    return `${updateFitMessage(update)}. The endpoint, as described now, runs ${runs}${state}`;
}

/** Why an update does not fit, with the numbers and the ways out. */
export function updateFitMessage(fit: UpdateFit): string {
    const how = fit.rollingBatch === undefined ? "blue/green: its old instances run beside the new ones" : `rolling, ${fit.rollingBatch} at a time`;
    return `${fit.endpoint}: updating this endpoint (${how}) needs ${fit.spareInstancesNeeded} spare reserved instance` +
        `${fit.spareInstancesNeeded === 1 ? "" : "s"} on training plan ${fit.reservationArn}, which has ${fit.spareInstances} ` +
        "(its reserved count less what the endpoints on it claim): the update would stop half-way for want of capacity. " +
        `Reserve more instances, or free some (fewer instances or endpoints on the plan)${fit.rollingBatch === undefined ? "" : ", or a smaller rolling batch"}`;
}
