/**
 * Training-plan reservations: how many instances fit, across the endpoints on one plan.
 * Plain values in, plain values out; the components call these before registering anything.
 */
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
