/**
 * Training-plan reservations: what an ARN must look like and how many instances fit.
 * Plain values in, plain values out; the components call these before registering anything.
 */
import { partitionOf } from "../../core/partitions";

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

/** What a reservation holds, as far as the program knows it. */
export interface ReservationFacts {
    reservationArn: string;
    reservedInstanceType?: string;
    reservedInstanceCount?: number;
}

/** One endpoint's claim on a reservation. */
export interface ReservationClaim {
    endpoint: string;
    instanceType: string;
    instanceCount: number;
}

/** How much of one reservation the program's endpoints use. */
export interface ReservationUsage extends ReservationFacts {
    claims: ReservationClaim[];
    requestedInstanceCount: number;
}

/**
 * Checks claims against a reservation: every claim's type equals the reserved type, and the
 * claims together ask for at most the reserved count. Returns the usage; throws naming the numbers.
 */
export function checkReservation(facts: ReservationFacts, claims: ReservationClaim[]): ReservationUsage {
    const { reservationArn, reservedInstanceType, reservedInstanceCount } = facts;
    for (const claim of claims) {
        if (reservedInstanceType !== undefined && claim.instanceType !== reservedInstanceType) {
            throw new Error(
                `${claim.endpoint}: instance type ${claim.instanceType} does not match the reserved instance type ` +
                    `${reservedInstanceType} of training plan ${reservationArn}; an endpoint on a reservation must use the reserved type`,
            );
        }
    }
    const requestedInstanceCount = claims.reduce((sum, c) => sum + c.instanceCount, 0);
    if (reservedInstanceCount !== undefined && requestedInstanceCount > reservedInstanceCount) {
        const who = claims.map((c) => `${c.endpoint}: ${c.instanceCount}`).join(", ");
        throw new Error(
            `Requested instance count (${requestedInstanceCount}) exceeds the reserved instance count ` +
                `(${reservedInstanceCount}) of training plan ${reservationArn} [${who}]`,
        );
    }
    return { ...facts, claims, requestedInstanceCount };
}

/**
 * Every reservation the program's endpoints use, so that counts add up across endpoints.
 * Claims are checked as they come: the first claim that does not fit throws.
 */
export class ReservationLedger {
    private readonly usage = new Map<string, ReservationUsage>();

    /** Adds a claim to the reservation and checks the total; nothing is recorded when it throws. */
    claim(facts: ReservationFacts, claim: ReservationClaim): ReservationUsage {
        const known = this.usage.get(facts.reservationArn);
        const merged = known ? mergeFacts(known, facts) : facts;
        const usage = checkReservation(merged, [...(known?.claims ?? []), claim]);
        this.usage.set(facts.reservationArn, usage);
        return usage;
    }

    /** Every reservation claimed so far, in the order first claimed. */
    snapshot(): ReservationUsage[] {
        return [...this.usage.values()];
    }
}

/** Two endpoints may describe the same reservation; they must not disagree about it. */
function mergeFacts(known: ReservationFacts, next: ReservationFacts): ReservationFacts {
    const pick = <K extends "reservedInstanceType" | "reservedInstanceCount">(key: K): ReservationFacts[K] => {
        const a = known[key];
        const b = next[key];
        if (a !== undefined && b !== undefined && a !== b) {
            throw new Error(`${key}: endpoints disagree about training plan ${known.reservationArn}: ${a} and ${b}`);
        }
        return a ?? b;
    };
    return {
        reservationArn: known.reservationArn,
        reservedInstanceType: pick("reservedInstanceType"),
        reservedInstanceCount: pick("reservedInstanceCount"),
    };
}
