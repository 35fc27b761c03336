/**
 * Training plans as plain values: input checks, the choice of offering, what an existing plan
 * looks like and whether it matches. The provider only calls the API around these.
 */
import type { DescribeTrainingPlanResponse, TrainingPlanOffering } from "@aws-sdk/client-sagemaker";
import { TRAINING_PLAN_NAME_MAX } from "../components/reservation";
import { CheckFailure, isTiming, Timing, TIMING_RULE } from "./sagemaker-ops";

export { CheckFailure };

/** The inputs of a TrainingPlan, as the provider receives them. */
export interface TrainingPlanInputs {
    planName: string;
    instanceType: string;
    instanceCount: number;
    durationHours: number;
    startTimeAfter?: string;
    endTimeBefore?: string;
    maxUpfrontFee: number;
    currencyCode: string;
    region?: string;
    tags?: Record<string, string>;
    timing?: Partial<Timing>;
}

/** What a bought plan is, as DescribeTrainingPlan reports it. */
export interface TrainingPlanFacts {
    arn: string;
    planName: string;
    status: string;
    statusMessage?: string;
    upfrontFee?: number;
    currencyCode?: string;
    startTime?: string;
    endTime?: string;
    durationHours?: number;
    instanceType?: string;
    totalInstanceCount?: number;
    availableInstanceCount?: number;
    availabilityZone?: string;
    targetResources: string[];
}

/** One offering the search returned, flattened. */
export interface Offering {
    offeringId: string;
    upfrontFee: number;
    currencyCode: string;
    startTime?: string;
    endTime?: string;
    durationHours?: number;
    instanceType?: string;
    instanceCount: number;
    availabilityZone?: string;
    targetResources: string[];
}


/** The API's range for DurationHours. Plans are sold in whole days (24 to 4368 hours); the search finds no other. */
export const DURATION_HOURS_MAX = 87600;
const PLAN_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,63}$/;
const INSTANCE_TYPE = /^ml\.[a-z0-9-]+\.[a-z0-9]+$/;
/** A plan whose target is inference endpoints. */
export const ENDPOINT_TARGET = "endpoint";
/** States in which a bought plan is usable, now or at its start. */
export const USABLE_STATUSES = ["Scheduled", "Active"];

/** Checks a TrainingPlan's inputs; every failure names its field. */
export function checkTrainingPlanInputs(news: Record<string, unknown>): CheckFailure[] {
    const failures: CheckFailure[] = [];
    const fail = (property: string, reason: string) => failures.push({ property, reason: `${property}: ${JSON.stringify(news[property])} ${reason}` });
    const { planName, instanceType, instanceCount, durationHours, startTimeAfter, endTimeBefore, maxUpfrontFee, currencyCode } = news;
    if (typeof planName !== "string" || planName.length > TRAINING_PLAN_NAME_MAX || !PLAN_NAME.test(planName)) {
        fail("planName", `must be 1 to ${TRAINING_PLAN_NAME_MAX} characters matching ${PLAN_NAME}`);
    }
    if (typeof instanceType !== "string" || !INSTANCE_TYPE.test(instanceType)) {
        fail("instanceType", "is not a SageMaker instance type such as ml.p5.48xlarge");
    }
    if (typeof instanceCount !== "number" || !Number.isInteger(instanceCount) || instanceCount < 1) {
        fail("instanceCount", "must be a whole number of at least 1");
    }
    const durationOk = typeof durationHours === "number" && Number.isInteger(durationHours) && durationHours >= 1 && durationHours <= DURATION_HOURS_MAX;
    if (!durationOk) {
        fail("durationHours", `must be a whole number of hours from 1 to ${DURATION_HOURS_MAX}`);
    }
    const start = time(startTimeAfter);
    const end = time(endTimeBefore);
    if (startTimeAfter !== undefined && start === undefined) {
        fail("startTimeAfter", "is not an ISO-8601 time such as 2026-12-01T00:00:00Z");
    }
    if (endTimeBefore !== undefined && end === undefined) {
        fail("endTimeBefore", "is not an ISO-8601 time such as 2026-12-15T00:00:00Z");
    }
    if (start !== undefined && end !== undefined && durationOk && end - start < (durationHours as number) * 3600_000) {
        fail("endTimeBefore", `leaves ${((end - start) / 3600_000).toFixed(1)} hours after startTimeAfter, less than the ${durationHours} hours of durationHours`);
    }
    if (typeof maxUpfrontFee !== "number" || !(maxUpfrontFee > 0)) {
        fail("maxUpfrontFee", "must be a number above 0: the most you agree to pay for the plan");
    }
    if (currencyCode !== undefined && (typeof currencyCode !== "string" || !/^[A-Z]{3}$/.test(currencyCode))) {
        fail("currencyCode", "must be a three-letter currency code such as USD");
    }
    if (!isTiming(news.timing)) {
        fail("timing", TIMING_RULE);
    }
    return failures;
}

function time(value: unknown): number | undefined {
    if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}T/.test(value)) {
        return undefined;
    }
    const t = Date.parse(value);
    return Number.isNaN(t) ? undefined : t;
}

/** The instance type of blocks of capacity, when they are all of one type. */
function onlyInstanceType(blocks: { InstanceType?: string }[]): string | undefined {
    const types = [...new Set(blocks.map((b) => b.InstanceType))];
    return types.length === 1 ? types[0] : undefined;
}

const iso = (d: Date | undefined) => (d === undefined ? undefined : d.toISOString());

/** A fee as the API writes it; anything but a plain number is no fee at all (NaN), never a free one. */
export function feeOf(fee: string | undefined): number {
    return fee !== undefined && /^\d+(\.\d+)?$/.test(fee.trim()) ? Number(fee) : NaN;
}

/**
 * The search's offerings, flattened. An offering may come as consecutive blocks of capacity:
 * its count is what every block holds, its window runs from the first start to the last end.
 */
export function offeringsOf(offerings: TrainingPlanOffering[] | undefined): Offering[] {
    return (offerings ?? []).map((o) => {
        const capacity = o.ReservedCapacityOfferings ?? [];
        const starts = capacity.map((c) => c.StartTime?.getTime()).filter((t): t is number => t !== undefined);
        const ends = capacity.map((c) => c.EndTime?.getTime()).filter((t): t is number => t !== undefined);
        return {
            offeringId: o.TrainingPlanOfferingId ?? "",
            upfrontFee: feeOf(o.UpfrontFee),
            currencyCode: o.CurrencyCode ?? "",
            startTime: starts.length > 0 ? new Date(Math.min(...starts)).toISOString() : undefined,
            endTime: ends.length > 0 ? new Date(Math.max(...ends)).toISOString() : undefined,
            durationHours: o.DurationHours,
            instanceType: onlyInstanceType(capacity),
            instanceCount: capacity.length > 0 ? Math.min(...capacity.map((c) => c.InstanceCount ?? 0)) : 0,
            availabilityZone: capacity[0]?.AvailabilityZone,
            targetResources: o.TargetResources ?? [],
        };
    });
}

/** Whether an offering is exactly what was asked for, within the window. */
function matches(o: Offering, inputs: TrainingPlanInputs): boolean {
    const start = time(o.startTime);
    const end = time(o.endTime);
    return o.targetResources.includes(ENDPOINT_TARGET)
        && o.instanceType === inputs.instanceType
        && o.instanceCount === inputs.instanceCount
        && o.durationHours === inputs.durationHours
        && o.currencyCode === inputs.currencyCode
        && (inputs.startTimeAfter === undefined || (start !== undefined && start >= time(inputs.startTimeAfter)!))
        && (inputs.endTimeBefore === undefined || (end !== undefined && end <= time(inputs.endTimeBefore)!));
}

export interface OfferingChoice {
    chosen?: Offering;
    /** How many offerings the search returned, and how many matched the terms. */
    found: number;
    matching: number;
    /** The cheapest matching offering, in budget or not. */
    cheapest?: Offering;
}

/** The cheapest matching offering within the budget, then the earliest to start. */
export function chooseOffering(offerings: Offering[], inputs: TrainingPlanInputs): OfferingChoice {
    const byPrice = (a: Offering, b: Offering) =>
        a.upfrontFee - b.upfrontFee || (time(a.startTime) ?? Infinity) - (time(b.startTime) ?? Infinity);
    const matching = offerings.filter((o) => matches(o, inputs) && Number.isFinite(o.upfrontFee)).sort(byPrice);
    const inBudget = matching.filter((o) => o.upfrontFee <= inputs.maxUpfrontFee);
    return { chosen: inBudget[0], found: offerings.length, matching: matching.length, cheapest: matching[0] };
}

/** What was searched for, in words. */
export function searchTerms(inputs: TrainingPlanInputs): string {
    const window = [
        inputs.startTimeAfter ? `starting after ${inputs.startTimeAfter}` : undefined,
        inputs.endTimeBefore ? `ending before ${inputs.endTimeBefore}` : undefined,
    ].filter(Boolean).join(", ");
    return `${inputs.instanceCount} x ${inputs.instanceType} for ${inputs.durationHours} hours for target "${ENDPOINT_TARGET}"${window ? `, ${window}` : ""}`;
}

/** Why nothing was bought. */
export function noOfferingMessage(inputs: TrainingPlanInputs, choice: OfferingChoice): string {
    const cheapest = choice.cheapest
        ? `the cheapest costs ${choice.cheapest.upfrontFee} ${choice.cheapest.currencyCode}, above maxUpfrontFee ${inputs.maxUpfrontFee} ${inputs.currencyCode}`
        : "none matches";
    return `training plan ${inputs.planName}: nothing bought. The search for ${searchTerms(inputs)} found ${choice.found} offerings, ` +
        `${choice.matching} matching the terms; ${cheapest}. Raise maxUpfrontFee or widen the window to buy one.`;
}

/** An offering in one line, for previews and logs. */
export function describeOffering(o: Offering): string {
    return `offering ${o.offeringId}: ${o.upfrontFee} ${o.currencyCode}, ${o.instanceCount} x ${o.instanceType} in ${o.availabilityZone ?? "?"}, ${o.startTime ?? "?"} to ${o.endTime ?? "?"}`;
}

/** A DescribeTrainingPlan answer as plain facts. */
export function factsOf(plan: DescribeTrainingPlanResponse): TrainingPlanFacts {
    const capacity = plan.ReservedCapacitySummaries ?? [];
    return {
        arn: plan.TrainingPlanArn ?? "",
        planName: plan.TrainingPlanName ?? "",
        status: plan.Status ?? "",
        statusMessage: plan.StatusMessage,
        upfrontFee: plan.UpfrontFee === undefined ? undefined : feeOf(plan.UpfrontFee),
        currencyCode: plan.CurrencyCode,
        startTime: iso(plan.StartTime),
        endTime: iso(plan.EndTime),
        durationHours: plan.DurationHours,
        instanceType: onlyInstanceType(capacity),
        totalInstanceCount: plan.TotalInstanceCount,
        availableInstanceCount: plan.AvailableInstanceCount,
        availabilityZone: capacity[0]?.AvailabilityZone,
        targetResources: plan.TargetResources ?? [],
    };
}

/** How an existing plan differs from the plan asked for; empty when it can be adopted. */
export function adoptionMismatches(facts: TrainingPlanFacts, inputs: TrainingPlanInputs): string[] {
    const out: string[] = [];
    if (!facts.targetResources.includes(ENDPOINT_TARGET)) {
        out.push(`its target resources are ${JSON.stringify(facts.targetResources)}, not "${ENDPOINT_TARGET}"`);
    }
    if (facts.instanceType !== inputs.instanceType) {
        out.push(`it reserves ${facts.instanceType ?? "unknown"} instances, not ${inputs.instanceType}`);
    }
    if (facts.totalInstanceCount !== inputs.instanceCount) {
        out.push(`it reserves ${facts.totalInstanceCount ?? "unknown"} instances, not ${inputs.instanceCount}`);
    }
    if (facts.durationHours !== inputs.durationHours) {
        out.push(`it lasts ${facts.durationHours ?? "unknown"} hours, not ${inputs.durationHours}`);
    }
    if (inputs.startTimeAfter !== undefined && facts.startTime !== undefined && time(facts.startTime)! < time(inputs.startTimeAfter)!) {
        out.push(`it starts at ${facts.startTime}, before startTimeAfter ${inputs.startTimeAfter}`);
    }
    if (inputs.endTimeBefore !== undefined && facts.endTime !== undefined && time(facts.endTime)! > time(inputs.endTimeBefore)!) {
        out.push(`it ends at ${facts.endTime}, after endTimeBefore ${inputs.endTimeBefore}`);
    }
    if (facts.upfrontFee === undefined || !(facts.upfrontFee <= inputs.maxUpfrontFee) || facts.currencyCode !== inputs.currencyCode) {
        out.push(`it cost ${facts.upfrontFee ?? "an unknown fee"} ${facts.currencyCode ?? ""}, not at most maxUpfrontFee ${inputs.maxUpfrontFee} ${inputs.currencyCode}`);
    }
    if (facts.status === "Failed" || facts.status === "Expired") {
        out.push(`its status is ${facts.status}`);
    }
    return out;
}

/** Why an existing plan of the name cannot be taken over. */
export function adoptionMessage(inputs: TrainingPlanInputs, facts: TrainingPlanFacts, mismatches: string[]): string {
    return `a training plan named ${inputs.planName} already exists (${facts.arn}) and does not match: ${mismatches.join("; ")}. ` +
        `This run bought nothing. Choose another planName, or change the inputs to match it.`;
}

/** An existing plan in one line, for previews. */
export function describePlan(facts: TrainingPlanFacts): string {
    return `existing plan ${facts.arn}: ${facts.upfrontFee} ${facts.currencyCode}, ${facts.totalInstanceCount} x ${facts.instanceType}, ` +
        `${facts.status}, ${facts.startTime ?? "?"} to ${facts.endTime ?? "?"}`;
}

/** Inputs that decided the purchase: changing any of them would mean buying another plan. */
export const PURCHASE_TERMS = ["planName", "instanceType", "instanceCount", "durationHours", "startTimeAfter", "endTimeBefore", "currencyCode", "region"] as const;

/** The purchase terms that differ between the bought plan's inputs and the new ones. */
export function changedPurchaseTerms(olds: Record<string, unknown>, news: Record<string, unknown>): string[] {
    return PURCHASE_TERMS.filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k]));
}

/** Why a bought plan cannot follow a change of its terms, and what to do instead. */
export function purchaseTermsMessage(planName: string, changed: string[], olds: Record<string, unknown>, news: Record<string, unknown>): string {
    const what = changed.map((k) => `${k} ${JSON.stringify(olds[k])} -> ${JSON.stringify(news[k])}`).join(", ");
    return `training plan ${planName} is bought and cannot be changed (${what}): SageMaker has no API to cancel or modify a plan, ` +
        `and replacing it would buy a second one. To buy another plan, add a TrainingPlan with a new planName ` +
        `(and keep or remove this one: removing it from the program does not cancel it).`;
}

/** What endpoints ask of an existing reservation. */
export interface ReservationRequest {
    reservationArn: string;
    instanceType: string;
    instanceCount: number;
}

/** Why endpoints cannot run on a plan as it is; empty when they can. */
export function reservationMismatches(facts: TrainingPlanFacts, request: ReservationRequest): string[] {
    const out: string[] = [];
    if (!facts.targetResources.includes(ENDPOINT_TARGET)) {
        out.push(`its target resources are ${JSON.stringify(facts.targetResources)}: endpoints need a plan whose target is "${ENDPOINT_TARGET}"`);
    }
    if (facts.instanceType !== request.instanceType) {
        out.push(`it reserves ${facts.instanceType ?? "unknown"} instances, the endpoints run ${request.instanceType}`);
    }
    if (facts.totalInstanceCount === undefined || request.instanceCount > facts.totalInstanceCount) {
        out.push(`Requested instance count (${request.instanceCount}) exceeds the reserved instance count (${facts.totalInstanceCount ?? "unknown"})`);
    }
    if (facts.status === "Expired" || facts.status === "Failed") {
        out.push(`its status is ${facts.status}${facts.endTime ? ` (it ended ${facts.endTime})` : ""}`);
    }
    return out;
}
