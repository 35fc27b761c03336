/**
 * Training plans as plain values: input checks, the choice of offering and the check that it is
 * still offered, what an existing plan looks like and whether it matches, and the purchase terms a
 * bought plan keeps. The provider only calls the API around these.
 */
import type { DescribeTrainingPlanResponse, TrainingPlanOffering } from "@aws-sdk/client-sagemaker";
import { checkTags } from "../core/tags";
import { partitionOf } from "../core/partitions";
import { CheckFailure, DEFAULT_TIMING, holdsUnknown, Timing, timingFailure } from "./sagemaker-ops";

export { CheckFailure };

/** The waits of a purchase: the shared ones, and how long to look for a plan whose purchase answer was lost. */
export interface PurchaseTiming extends Timing {
    /**
     * After CreateTrainingPlan got no readable answer, how long to look the plan up by name before
     * failing with "the purchase may have gone through" (not the full wait: nothing may have been bought).
     */
    lostAnswerLookupSeconds: number;
}

export const DEFAULT_PURCHASE_TIMING: PurchaseTiming = { ...DEFAULT_TIMING, lostAnswerLookupSeconds: 90 };

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
    /** The one offering this plan may be bought from. */
    offeringId?: string;
    region?: string;
    tags?: Record<string, string>;
    timing?: Partial<PurchaseTiming>;
    /** Extensions to buy, in order, each once. */
    extensions?: { durationHours: number; maxUpfrontFee: number; offeringId?: string }[];
    /** Whether an ended plan is expected (the endpoints move to on demand): a deploy leaves it as it is. */
    allowEnded?: boolean;
    /** The offering of an extension in doubt that was confirmed as not bought: settles the doubt in the deploy that removes its entry. */
    extensionNotBought?: string;
}

/** What a plan is, as DescribeTrainingPlan reports it (or, before it shows, as it was bought). */
export interface TrainingPlanFacts {
    arn: string;
    planName: string;
    status?: string;
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
    /** NaN when the answer's fee cannot be read as a number. */
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

/** What `check` selected and the preview showed: all that `create` may buy. */
export interface SelectedOffering {
    offeringId: string;
    upfrontFee: number;
    currencyCode: string;
    instanceType?: string;
    instanceCount: number;
    availabilityZone?: string;
    startTime?: string;
    endTime?: string;
}

/** The parts of `arn:<partition>:sagemaker:<region>:<account>:training-plan/<name>`. */
export interface TrainingPlanArn {
    partition: string;
    region: string;
    account: string;
    planName: string;
}

/**
 * Any partition and any region's shape (eusc-de-east-1, us-isob-east-1 as well as us-east-1): which
 * partition a region is in comes from the SDK's partition data. All lower case, as SageMaker
 * writes training-plan ARNs; no space or line break anywhere.
 */
const TRAINING_PLAN_ARN = /^arn:(aws(?:-[a-z]+)*):sagemaker:([a-z]+(?:-[a-z]+)+-\d+):(\d{12}):training-plan\/([a-z0-9](?:-*[a-z0-9]){0,63})$/;
/** Training-plan names: the pattern alone does not bound the length. */
export const TRAINING_PLAN_NAME_MAX = 64;

/**
 * Parses a training-plan ARN, checks that its partition is its region's, and that it is in
 * `region` when one is given.
 * @param field the config key or argument the ARN came from, for the message
 */
export function parseTrainingPlanArn(arn: string, region?: string, field = "reservationArn"): TrainingPlanArn {
    const m = TRAINING_PLAN_ARN.exec(arn);
    if (!m || m[4].length > TRAINING_PLAN_NAME_MAX) {
        const lower = /[A-Z]/.test(arn) ? "; it has upper case, and SageMaker writes training-plan ARNs in lower case" : "";
        const blank = /\s/.test(arn) ? "; it has a space or line break, which no ARN has" : "";
        throw new Error(
            `${field}: ${JSON.stringify(arn)} is not a SageMaker training-plan ARN ` +
                `(expected arn:<partition>:sagemaker:<region>:<12-digit account>:training-plan/<plan name>${lower}${blank})`,
        );
    }
    const parsed = { partition: m[1], region: m[2], account: m[3], planName: m[4] };
    const regionPartition = partitionOf(parsed.region);
    if (parsed.partition !== regionPartition) {
        throw new Error(`${field}: training plan ${JSON.stringify(arn)} names partition ${parsed.partition}, but its region ${parsed.region} ` +
            `is in partition ${regionPartition}: an ARN's partition is its region's`);
    }
    if (region !== undefined && parsed.partition !== partitionOf(region)) {
        throw new Error(
            `${field}: training plan ${JSON.stringify(arn)} is in partition ${parsed.partition} (region ${parsed.region}), but the stack deploys to ` +
                `${region}, in partition ${partitionOf(region)}; a reservation can only be used in its own partition and region`,
        );
    }
    if (region !== undefined && parsed.region !== region) {
        throw new Error(
            `${field}: training plan ${JSON.stringify(arn)} is in region ${parsed.region}, but the stack deploys to ${region}; ` +
                `a reservation can only be used in its own region`,
        );
    }
    return parsed;
}

/** The API's range for DurationHours. Plans are sold in whole days (24 to 4368 hours); the search finds no other. */
export const DURATION_HOURS_MAX = 87600;
const PLAN_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,63}$/;
const INSTANCE_TYPE = /^ml\.[a-z0-9-]+\.[a-z0-9]+$/;
/** TrainingPlanOfferingId in the SageMaker API model: 1 to 256 characters. */
const OFFERING_ID = /^[a-z0-9-]{1,256}$/;
/** A plan whose target is inference endpoints. */
export const ENDPOINT_TARGET = "endpoint";
/** States in which a bought plan is usable, now or at its start. */
export const USABLE_STATUSES = ["Scheduled", "Active"];
/** States from which a plan never becomes usable. */
export const ENDED_STATUSES = ["Failed", "Expired"];

/** A plan's state, as TrainingPlan or ReservationCheck report it. */
export interface PlanState {
    /** When it ends, ISO-8601. */
    endTime: string;
    /** Its status, when known. */
    status?: string;
}

/** Whether the plan holds no capacity any more at `now` (ms): it ended, or its end has passed. */
export function planEnded(plan: PlanState, now: number): boolean {
    return ENDED_STATUSES.includes(plan.status ?? "") || Date.parse(plan.endTime) <= now;
}

/** The time a plan has left at `now` (ms), in words: "ended", or days and hours, as of when. */
export function timeLeft(plan: PlanState, now: number): string {
    if (planEnded(plan, now)) {
        return `ended (${plan.status ?? "no status"}, end time ${plan.endTime})`;
    }
    const hours = Math.floor((Date.parse(plan.endTime) - now) / 3_600_000);
    return `${Math.floor(hours / 24)} days ${hours % 24} hours, as of ${new Date(now).toISOString()}`;
}

/** The inputs that decide what is looked up, searched for and bought, and how the calls are made. */
const DECIDING = ["planName", "instanceType", "instanceCount", "durationHours", "startTimeAfter", "endTimeBefore", "maxUpfrontFee", "currencyCode", "offeringId",
    "region", "timing"] as const;

/** Those inputs that are not known yet (at preview, values other resources compute): while any is, check calls nothing. */
export function unknownTerms(news: Record<string, unknown>): string[] {
    return DECIDING.filter((k) => holdsUnknown(news[k]));
}

const ZONED_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An ISO-8601 time that carries its zone (`Z` or an offset such as `+02:00`), as milliseconds;
 * undefined for anything else, a time without a zone included (it would be read in whatever zone
 * the host runs in) and dates that do not exist (2026-02-30).
 */
export function zonedTime(value: unknown): number | undefined {
    const m = typeof value === "string" ? ZONED_TIME.exec(value) : null;
    if (m === null) {
        return undefined;
    }
    const [y, mo, d, h, mi, s] = m.slice(1, 7).map((part) => Number(part ?? 0));
    const wall = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
    const exists = wall.getUTCFullYear() === y && wall.getUTCMonth() === mo - 1 && wall.getUTCDate() === d && wall.getUTCHours() === h &&
        wall.getUTCMinutes() === mi && wall.getUTCSeconds() === s;
    return exists ? Date.parse(value as string) : undefined;
}

/** A zoned time written one way (UTC), so that the same instant never reads as a change; other values as they are. */
export function normalTime<T>(value: T): T | string {
    const t = zonedTime(value);
    return t === undefined ? value : new Date(t).toISOString();
}

/** Checks a TrainingPlan's inputs; every failure names its field. Values not known yet are not judged. */
export function checkTrainingPlanInputs(news: Record<string, unknown>): CheckFailure[] {
    const failures: CheckFailure[] = [];
    const known = (property: string) => !holdsUnknown(news[property]);
    // A cap's value is not repeated (`shown` false): it may be a secret.
    const fail = (property: string, reason: string, shown = true) => {
        if (news[property] === undefined) {
            failures.push({ property, reason: `${property} is required: it ${reason}` });
        } else if (known(property)) {
            failures.push({ property, reason: shown ? `${property}: ${JSON.stringify(news[property])} ${reason}` : `${property} ${reason}` });
        }
    };
    const { planName, instanceType, instanceCount, durationHours, startTimeAfter, endTimeBefore, maxUpfrontFee, currencyCode, offeringId } = news;
    if (typeof planName !== "string" || planName.length > TRAINING_PLAN_NAME_MAX || !PLAN_NAME.test(planName)) {
        fail("planName", `must be 1 to ${TRAINING_PLAN_NAME_MAX} characters matching ${PLAN_NAME}`);
    }
    if (typeof instanceType !== "string" || !INSTANCE_TYPE.test(instanceType)) {
        fail("instanceType", "must be a SageMaker instance type such as ml.p5.48xlarge");
    }
    if (typeof instanceCount !== "number" || !Number.isInteger(instanceCount) || instanceCount < 1) {
        fail("instanceCount", "must be a whole number of at least 1");
    }
    const durationOk = typeof durationHours === "number" && Number.isInteger(durationHours) && durationHours >= 1 && durationHours <= DURATION_HOURS_MAX;
    if (!durationOk) {
        fail("durationHours", `must be a whole number of hours from 1 to ${DURATION_HOURS_MAX}`);
    }
    const start = zonedTime(startTimeAfter);
    const end = zonedTime(endTimeBefore);
    const zoned = "is not an ISO-8601 time with its zone: write it as 2026-12-01T00:00:00Z (UTC) or 2026-12-01T00:00:00+02:00, " +
        "never without a zone, which would be read in the time zone of whichever machine runs Pulumi";
    if (startTimeAfter !== undefined && start === undefined) {
        fail("startTimeAfter", zoned);
    }
    if (endTimeBefore !== undefined && end === undefined) {
        fail("endTimeBefore", zoned);
    }
    if (start !== undefined && end !== undefined && durationOk && end - start < (durationHours as number) * 3600_000) {
        fail("endTimeBefore", `leaves ${((end - start) / 3600_000).toFixed(1)} hours after startTimeAfter, less than the ${durationHours} hours of durationHours`);
    }
    if (typeof maxUpfrontFee !== "number" || !(maxUpfrontFee > 0)) {
        fail("maxUpfrontFee", "must be a number above 0: the most you agree to pay for the plan (its value is not shown: a cap may be a secret)", false);
    }
    if (currencyCode !== undefined && (typeof currencyCode !== "string" || !/^[A-Z]{3}$/.test(currencyCode))) {
        fail("currencyCode", "must be a three-letter currency code such as USD");
    }
    if (offeringId !== undefined && (typeof offeringId !== "string" || !OFFERING_ID.test(offeringId))) {
        fail("offeringId", "is not a training plan offering id: 1 to 256 lowercase letters, digits and hyphens, as a preview prints it");
    }
    if (news.extensionNotBought !== undefined && (typeof news.extensionNotBought !== "string" || news.extensionNotBought.trim() === "")) {
        fail("extensionNotBought", "must be the offeringId of extensionInDoubt, the extension you are sure was not bought");
    }
    const timing = timingFailure(news.timing, DEFAULT_PURCHASE_TIMING);
    if (timing !== undefined) {
        fail("timing", timing);
    }
    if (news.tags !== undefined && known("tags")) {
        try {
            // The engine sends a provider secrets as plain values: no tag's key or value is printed.
            checkTags("tags", news.tags, true);
        } catch (err) {
            failures.push({ property: "tags", reason: (err as Error).message });
        }
    }
    return failures;
}

/** The instance type of blocks of capacity, when they are all of one type. */
function onlyInstanceType(blocks: { InstanceType?: string }[]): string | undefined {
    const types = [...new Set(blocks.map((b) => b.InstanceType))];
    return types.length === 1 ? types[0] : undefined;
}

/** A time the API returned, as ISO-8601 UTC. */
export const iso = (d: Date | undefined) => (d === undefined ? undefined : d.toISOString());
const time = (value: string | undefined) => (value === undefined ? undefined : Date.parse(value));

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

/** How an offering misses the terms asked for (its fee apart); empty when it is exactly what was asked, within the window. */
export function offeringMismatches(o: Offering, inputs: TrainingPlanInputs): string[] {
    const out: string[] = [];
    const start = time(o.startTime);
    const end = time(o.endTime);
    if (!o.targetResources.includes(ENDPOINT_TARGET)) {
        out.push(`for target ${o.targetResources.join(", ") || "none"}, not ${ENDPOINT_TARGET}`);
    }
    if (o.instanceType !== inputs.instanceType) {
        out.push(`of ${o.instanceType ?? "mixed or unknown instance types"}, not ${inputs.instanceType}`);
    }
    if (o.instanceCount !== inputs.instanceCount) {
        out.push(`of ${o.instanceCount} instances, not ${inputs.instanceCount}`);
    }
    if (o.durationHours !== inputs.durationHours) {
        out.push(`for ${o.durationHours ?? "unknown"} hours, not ${inputs.durationHours}`);
    }
    if (o.currencyCode !== inputs.currencyCode) {
        out.push(`in ${o.currencyCode || "no currency"}, not ${inputs.currencyCode}`);
    }
    if (inputs.startTimeAfter !== undefined && !(start !== undefined && start >= time(inputs.startTimeAfter)!)) {
        out.push(`starting ${o.startTime ?? "at an unknown time"}, not after startTimeAfter`);
    }
    if (inputs.endTimeBefore !== undefined && !(end !== undefined && end <= time(inputs.endTimeBefore)!)) {
        out.push(`ending ${o.endTime ?? "at an unknown time"}, not before endTimeBefore`);
    }
    return out;
}

export interface OfferingChoice {
    chosen?: Offering;
    /** How many offerings the search returned, and how many matched the terms with a fee that can be read. */
    found: number;
    matching: number;
    /** The cheapest matching offering, in budget or not. */
    cheapest?: Offering;
    /** Offerings whose fee cannot be read: never bought, and said so. */
    unreadable: Offering[];
    /** Why the others do not match: each reason with how many offerings it applies to. */
    misses: [string, number][];
    /** With a pinned offeringId: why that offering cannot be bought, if it cannot, and what would be bought unpinned. */
    pinRefusal?: string;
    unpinned?: Offering;
}

/**
 * The offering to buy: the pinned one if `offeringId` is given (and no other), else the cheapest
 * matching offering, then the earliest to start; never one above maxUpfrontFee or whose fee cannot be read.
 */
export function chooseOffering(offerings: Offering[], inputs: TrainingPlanInputs): OfferingChoice {
    const byPrice = (a: Offering, b: Offering) =>
        a.upfrontFee - b.upfrontFee || (time(a.startTime) ?? Infinity) - (time(b.startTime) ?? Infinity);
    const tally = new Map<string, number>();
    for (const o of offerings) {
        for (const reason of offeringMismatches(o, inputs)) {
            tally.set(reason, (tally.get(reason) ?? 0) + 1);
        }
    }
    const fitting = offerings.filter((o) => offeringMismatches(o, inputs).length === 0);
    const matching = fitting.filter((o) => Number.isFinite(o.upfrontFee)).sort(byPrice);
    const choice: OfferingChoice = {
        found: offerings.length,
        matching: matching.length,
        cheapest: matching[0],
        unreadable: offerings.filter((o) => !Number.isFinite(o.upfrontFee)),
        misses: [...tally.entries()],
    };
    const inBudget = matching.find((o) => o.upfrontFee <= inputs.maxUpfrontFee);
    if (inputs.offeringId === undefined) {
        return { ...choice, chosen: inBudget };
    }
    const pinned = offerings.find((o) => o.offeringId === inputs.offeringId);
    const misses = pinned === undefined ? [] : offeringMismatches(pinned, inputs);
    const pinRefusal = pinned === undefined ? `it is not among the ${offerings.length} offerings the search found (sold, expired, or never offered for these terms)`
        : misses.length > 0 ? `it is ${misses.join(", ")}`
            : !Number.isFinite(pinned.upfrontFee) ? "its fee cannot be read"
                : pinned.upfrontFee > inputs.maxUpfrontFee ? `it costs ${pinned.upfrontFee} ${pinned.currencyCode}, above maxUpfrontFee`
                    : undefined;
    return pinRefusal === undefined ? { ...choice, chosen: pinned } : { ...choice, pinRefusal, unpinned: inBudget };
}

/** What was searched for, in words. */
export function searchTerms(inputs: TrainingPlanInputs): string {
    const window = [
        inputs.startTimeAfter ? `starting after ${inputs.startTimeAfter}` : undefined,
        inputs.endTimeBefore ? `ending before ${inputs.endTimeBefore}` : undefined,
    ].filter(Boolean).join(", ");
    return `${inputs.instanceCount} x ${inputs.instanceType} for ${inputs.durationHours} hours for target "${ENDPOINT_TARGET}"${window ? `, ${window}` : ""}`;
}

/** The offerings left out for a fee that cannot be read, in words; empty when none was. */
function unreadableNote(choice: OfferingChoice): string {
    return choice.unreadable.length === 0 ? "" : ` ${choice.unreadable.length} offerings were not considered because their fee cannot be read as a number ` +
        `(${choice.unreadable.map((o) => o.offeringId).join(", ")}).`;
}

/** Why nothing was bought, with what the search found and what to do. */
export function noOfferingMessage(inputs: TrainingPlanInputs, choice: OfferingChoice): string {
    const head = `training plan ${inputs.planName}: nothing bought. The search for ${searchTerms(inputs)} found ${choice.found} offerings, ` +
        `${choice.matching} matching the terms`;
    if (choice.pinRefusal !== undefined) {
        const now = choice.unpinned ? `; unpinned it would buy ${describeOffering(choice.unpinned)}` : "";
        return `${head}; offeringId ${inputs.offeringId} cannot be bought: ${choice.pinRefusal}.${unreadableNote(choice)} ` +
            `Remove offeringId and run pulumi preview to see what would be bought now${now}, then pin that.`;
    }
    const why = choice.cheapest
        ? `the cheapest costs ${choice.cheapest.upfrontFee} ${choice.cheapest.currencyCode}, above maxUpfrontFee. ` +
            "Raise maxUpfrontFee or widen the window to buy one."
        : `none matches${choice.misses.length > 0 ? ` (${choice.misses.map(([reason, n]) => `${n} ${reason}`).join("; ")})` : ""}. ` +
            "Change the terms (instance type, count, duration, currency, window) to ones that are offered.";
    return `${head}; ${why}${unreadableNote(choice)}`;
}

/** An offering in one line, for previews and logs. */
export function describeOffering(o: SelectedOffering): string {
    return `offering ${o.offeringId}: ${o.upfrontFee} ${o.currencyCode}, ${o.instanceCount} x ${o.instanceType ?? "?"} in ${o.availabilityZone ?? "?"}, ` +
        `${o.startTime ?? "?"} to ${o.endTime ?? "?"}`;
}

/** What the preview shows for a chosen offering, with the id to pin. */
export function buyPreview(o: Offering, inputs: TrainingPlanInputs, choice: OfferingChoice): string {
    const pin = inputs.offeringId === undefined ? `; to buy exactly this offering and no other, set offeringId: ${o.offeringId}` : " (the pinned offeringId)";
    return `would buy ${describeOffering(o)}${pin}.${unreadableNote(choice)}`;
}

/** The part of an offering that check records and create holds the service to. */
export function selectionOf(o: Offering): SelectedOffering {
    const { offeringId, upfrontFee, currencyCode, instanceType, instanceCount, availabilityZone, startTime, endTime } = o;
    return { offeringId, upfrontFee, currencyCode, instanceType, instanceCount, availabilityZone, startTime, endTime };
}

/**
 * What changed about the selected offering since the preview showed it, or undefined when the
 * search still offers it with the same terms and window at that fee or less (and within maxUpfrontFee).
 */
export function offeringChange(selected: SelectedOffering, offerings: Offering[], inputs: TrainingPlanInputs): string | undefined {
    const now = offerings.find((o) => o.offeringId === selected.offeringId);
    if (now === undefined) {
        return `offering ${selected.offeringId} is no longer offered (the search found ${offerings.length} offerings, none with that id)`;
    }
    const misses = offeringMismatches(now, inputs);
    if (misses.length > 0) {
        return `offering ${selected.offeringId} is now ${misses.join(", ")}`;
    }
    if (!(now.upfrontFee <= selected.upfrontFee && now.upfrontFee <= inputs.maxUpfrontFee) || now.currencyCode !== selected.currencyCode) {
        return `offering ${selected.offeringId} now costs ${Number.isFinite(now.upfrontFee) ? now.upfrontFee : "an unreadable fee"} ${now.currencyCode}, ` +
            `more than the ${selected.upfrontFee} ${selected.currencyCode} the preview showed`;
    }
    const was = [selected.availabilityZone, selected.startTime, selected.endTime];
    const is = [now.availabilityZone, now.startTime, now.endTime];
    if (JSON.stringify(was) !== JSON.stringify(is)) {
        return `offering ${selected.offeringId} now runs ${now.startTime} to ${now.endTime} in ${now.availabilityZone}, ` +
            `not ${selected.startTime} to ${selected.endTime} in ${selected.availabilityZone} as the preview showed`;
    }
    return undefined;
}

/** A DescribeTrainingPlan answer as plain facts. */
export function factsOf(plan: DescribeTrainingPlanResponse): TrainingPlanFacts {
    const capacity = plan.ReservedCapacitySummaries ?? [];
    return {
        arn: plan.TrainingPlanArn ?? "",
        planName: plan.TrainingPlanName ?? "",
        status: plan.Status,
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

/** What is known of a plan that was bought but has not shown yet: the offering it was bought from. */
export function boughtFacts(arn: string, inputs: TrainingPlanInputs, bought: SelectedOffering): TrainingPlanFacts {
    return {
        arn, planName: inputs.planName, upfrontFee: bought.upfrontFee, currencyCode: bought.currencyCode, startTime: bought.startTime,
        endTime: bought.endTime, availabilityZone: bought.availabilityZone, targetResources: [ENDPOINT_TARGET],
    };
}

/** Whether a plan is the one bought from this offering: the same fee and window. */
export function isFromOffering(facts: TrainingPlanFacts, offering: SelectedOffering): boolean {
    return facts.upfrontFee === offering.upfrontFee && facts.currencyCode === offering.currencyCode &&
        facts.startTime === offering.startTime && facts.endTime === offering.endTime;
}

/**
 * How an existing plan differs from the plan asked for; empty when it can be adopted. Its length
 * and end are judged as bought: without the `extendedHours` its extensions added.
 */
export function adoptionMismatches(facts: TrainingPlanFacts, inputs: TrainingPlanInputs, extendedHours = 0): string[] {
    const out: string[] = [];
    const boughtHours = facts.durationHours === undefined ? undefined : facts.durationHours - extendedHours;
    const boughtEnd = facts.endTime === undefined ? undefined : time(facts.endTime)! - extendedHours * 3600_000;
    const extended = extendedHours > 0 ? ` without the ${extendedHours} h of its extensions` : "";
    if (!facts.targetResources.includes(ENDPOINT_TARGET)) {
        out.push(`its target resources are ${JSON.stringify(facts.targetResources)}, not "${ENDPOINT_TARGET}"`);
    }
    if (facts.instanceType !== inputs.instanceType) {
        out.push(`it reserves ${facts.instanceType ?? "unknown"} instances, not ${inputs.instanceType}`);
    }
    if (facts.totalInstanceCount !== inputs.instanceCount) {
        out.push(`it reserves ${facts.totalInstanceCount ?? "unknown"} instances, not ${inputs.instanceCount}`);
    }
    if (boughtHours !== inputs.durationHours) {
        // Longer than asked, with no extension counted: the history may lag one that entries bought (a rename without aliases, a lost answer).
        const longer = extendedHours === 0 && boughtHours !== undefined && boughtHours > inputs.durationHours
            ? `: ${boughtHours - inputs.durationHours} h more than its purchase and the extensions in its history explain, so it may hold an ` +
                "extension its history does not show yet; if this stack's entries bought it, keep them in extensions, and run pulumi up again once " +
                "the history shows it"
            : "";
        out.push(`it lasts ${boughtHours ?? "unknown"} hours${extended}, not ${inputs.durationHours}${longer}`);
    }
    if (inputs.startTimeAfter !== undefined && !(facts.startTime !== undefined && time(facts.startTime)! >= time(inputs.startTimeAfter)!)) {
        out.push(`it starts at ${facts.startTime ?? "an unknown time"}, before startTimeAfter ${inputs.startTimeAfter}`);
    }
    if (inputs.endTimeBefore !== undefined && !(boughtEnd !== undefined && boughtEnd <= time(inputs.endTimeBefore)!)) {
        const end = boughtEnd === undefined ? "an unknown time" : new Date(boughtEnd).toISOString();
        out.push(`it ends at ${end}${extended}, after endTimeBefore ${inputs.endTimeBefore}`);
    }
    if (facts.currencyCode !== inputs.currencyCode) {
        out.push(`it cost ${facts.upfrontFee ?? "an unknown fee"} ${facts.currencyCode ?? "in no currency"}, not ${inputs.currencyCode}`);
    } else if (facts.upfrontFee === undefined || !(facts.upfrontFee <= inputs.maxUpfrontFee)) {
        out.push(`it cost ${facts.upfrontFee ?? "an unknown fee"} ${facts.currencyCode}, above maxUpfrontFee`);
    }
    if (ENDED_STATUSES.includes(facts.status ?? "")) {
        out.push(`its status is ${facts.status}`);
    }
    return out;
}

/** Why an existing plan of the name cannot be taken over. */
export function adoptionMessage(inputs: TrainingPlanInputs, facts: TrainingPlanFacts, mismatches: string[]): string {
    return `a training plan named ${inputs.planName} already exists (${facts.arn}) and does not match: ${mismatches.join("; ")}. ` +
        `This run bought nothing. Choose another planName, or change the inputs to match it.`;
}

/** A plan in one line, for previews and messages. */
export function describePlan(facts: TrainingPlanFacts): string {
    return `plan ${facts.arn}: ${facts.upfrontFee ?? "?"} ${facts.currencyCode ?? ""}, ${facts.totalInstanceCount ?? "?"} x ${facts.instanceType ?? "?"}, ` +
        `${facts.status ?? "not shown yet"}, ${facts.startTime ?? "?"} to ${facts.endTime ?? "?"}`;
}

/** The outputs that report the plan as it is (not as it was asked for). */
export function factOutputs(facts: TrainingPlanFacts): Record<string, unknown> {
    const { arn, status, statusMessage, upfrontFee, currencyCode, startTime, endTime, durationHours, instanceType, totalInstanceCount,
        availableInstanceCount, availabilityZone, targetResources } = facts;
    return {
        arn, status, statusMessage, upfrontFee, currencyCode, startTime, endTime, durationHours, instanceType, totalInstanceCount,
        availableInstanceCount, availabilityZone, targetResources,
    };
}

/** Inputs that decided the purchase: changing any of them would mean buying another plan. */
export const PURCHASE_TERMS = ["planName", "instanceType", "instanceCount", "durationHours", "startTimeAfter", "endTimeBefore", "currencyCode", "region"] as const;

export type PurchaseTerms = Pick<TrainingPlanInputs, (typeof PURCHASE_TERMS)[number] | "offeringId">;

/**
 * The terms a plan was bought on, as recorded in its state: kept apart from the outputs that
 * report the plan now, so that an extension or a refresh never reads as a change of terms.
 */
export function termsOf(props: Record<string, unknown>): PurchaseTerms {
    const recorded = props.purchaseTerms as PurchaseTerms | undefined;
    if (recorded !== undefined) {
        return recorded;
    }
    // Inputs, or the state of a plan recorded before the terms were kept apart.
    const keys = [...PURCHASE_TERMS, "offeringId"] as const;
    return Object.fromEntries(keys.map((k) => [k, props[k]])) as unknown as PurchaseTerms;
}

/** The purchase terms that differ between a bought plan (its inputs or its state) and the new inputs; terms not known yet are not compared. */
export function changedPurchaseTerms(olds: Record<string, unknown>, news: Record<string, unknown>): string[] {
    const terms = termsOf(olds) as Record<string, unknown>;
    return PURCHASE_TERMS.filter((k) => !holdsUnknown(news[k]) && JSON.stringify(terms[k]) !== JSON.stringify(news[k]));
}

/**
 * Whether a pinned offeringId asks for another purchase. After a plan is bought, a pin may stay,
 * go, or name the offering the plan was bought from; judged on the state, which alone records that.
 */
export function pinChanged(state: Record<string, unknown>, news: Record<string, unknown>): boolean {
    return !holdsUnknown(news.offeringId) && ![undefined, termsOf(state).offeringId, state.offeringId].includes(news.offeringId as string | undefined);
}

/** Why a bought plan cannot follow a change of its terms, and what to do instead. */
export function purchaseTermsMessage(olds: Record<string, unknown>, changed: string[], news: Record<string, unknown>): string {
    const terms = termsOf(olds) as Record<string, unknown>;
    const what = changed.map((k) => `${k} ${JSON.stringify(terms[k] ?? olds[k])} -> ${JSON.stringify(news[k])}`).join(", ");
    return `training plan ${terms.planName} is bought and cannot be changed (${what}): SageMaker has no API to cancel or modify a plan, ` +
        `and replacing it would buy a second one. To buy another plan, add a TrainingPlan with a new planName ` +
        `(and keep or remove this one: removing it from the program does not cancel it).`;
}

/** What endpoints ask of an existing reservation. */
export interface ReservationRequest {
    reservationArn: string;
    instanceType: string;
    instanceCount: number;
}

/**
 * Why endpoints cannot run on a plan as it is at `now` (ms); empty when they can. With `allowEnded`,
 * an ended plan is no reason: the endpoints move off it before it ends, or a refresh only reads it.
 */
export function reservationMismatches(facts: TrainingPlanFacts, request: ReservationRequest, now: number, allowEnded = false): string[] {
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
    if (!allowEnded && ENDED_STATUSES.includes(facts.status ?? "")) {
        out.push(`its status is ${facts.status}${facts.endTime ? ` (it ended ${facts.endTime})` : ""}`);
    } else if (!allowEnded && facts.endTime !== undefined && Date.parse(facts.endTime) <= now) {
        // The status lags the end: the capacity is gone all the same.
        out.push(`it ended ${facts.endTime}, although its status still reads ${facts.status ?? "unknown"}`);
    }
    return out;
}

/** What a preview says when inputs that decide the purchase are not known yet: what the deploy will do, and that nothing runs now. */
export function undecidedPreview(news: Record<string, unknown>, unknown: string[]): string {
    // Neither the cap (it may be a secret) nor its currency (it may not be known) is written here.
    const fee = holdsUnknown(news.maxUpfrontFee) ? "maxUpfrontFee (not known yet)" : "maxUpfrontFee";
    const pin = news.offeringId === undefined ? "the cheapest offering that matches the terms" : "offering offeringId (and no other)";
    return `not decided in this preview: ${unknown.join(", ")} ${unknown.length > 1 ? "are" : "is"} not known until the deployment runs. ` +
        `Then the deploy looks the plan up by name and adopts it if it matches, or else buys ${pin} for at most ${fee}. ` +
        "Nothing is looked up or bought in this preview; set these inputs to known values to see the offering and its price here.";
}

/** Why the plan a name finds is not the stack's: another account's or region's plan of the same name. */
export function otherPlanMessage(planName: string, recorded: string, found: string): string {
    const was = parseTrainingPlanArn(recorded);
    const is = parseTrainingPlanArn(found, undefined, "the plan found");
    const where = was.account !== is.account ? `another account's (${is.account}, not ${was.account}` : `another region's (${is.region}, not ${was.region}`;
    return `the plan named ${planName} that these credentials see is ${found}, ${where} of the stack's ${recorded})`;
}

/** Why the region moved when the program sets none: the environment now resolves another; the plan stays where its ARN says. */
export function environmentRegionMessage(planName: string, recorded: string, resolved: string): string {
    return `training plan ${planName} is in ${recorded}, where its ARN says, but region is not set and the environment (AWS_REGION or the ` +
        `shared config) now resolves ${resolved}: AWS_REGION or the shared config changed since the plan was bought. Set region: "${recorded}" ` +
        `on the TrainingPlan, or run with AWS_REGION=${recorded}; nothing moves or is bought.`;
}

/**
 * What removing a TrainingPlan from the stack leaves: the plan, bought until its end, and any
 * extension recorded in doubt. Another resource may have adopted the plan in the same deploy (a
 * rename or --replace deletes the old resource after creating the new one); delete cannot know.
 */
export function deleteWarning(planName: string, id: string, endTime: string | undefined, doubt?: { index: number; offeringId?: string }): string {
    const left = doubt === undefined ? "" : ` It leaves extensions[${doubt.index}]${doubt.offeringId === undefined ? "" : ` (offering ${doubt.offeringId})`} ` +
        "in doubt: it may have been bought and the plan's extension history did not show it yet. A resource that adopts the plan counts it " +
        "only once the plan's history or length shows it: do not extend the plan by hand, nor buy that entry again, until the history shows it.";
    return `training plan ${planName} (${id}) stays bought and reserved until ${endTime ?? "its end time"}: SageMaker has no API to cancel a plan. ` +
        "This resource no longer tracks it; if another resource of the stack adopted it (a rename, a move into a component, or --replace), " +
        `that one does.${left}`;
}
