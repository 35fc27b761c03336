import { programSlot } from "../../core/program-state";
import { ReservationClaim, ReservationFacts, ReservationLedger, ReservationUsage } from "./reservation";

/** The running program's reservation totals: every endpoint on a plan adds its claim to the same ledger. */
function programLedger(): ReservationLedger {
    return programSlot("reservation-ledger", () => new ReservationLedger());
}

/** How much of each training-plan reservation the running program's endpoints use. */
export function reservationUsage(): ReservationUsage[] {
    return programLedger().snapshot();
}

/**
 * A reservation's usage once every endpoint of the program has claimed its share: claims of
 * endpoints whose inputs resolve late (a plan's ARN bought in the same deployment) are made as
 * those inputs resolve, all in the same turn, so one turn later the totals are final.
 */
export async function settledReservationUsage(reservationArn: string): Promise<ReservationUsage | undefined> {
    const ledger = programLedger();
    await new Promise((resolve) => setImmediate(resolve));
    return ledger.snapshot().find((u) => u.reservationArn === reservationArn);
}

/** Adds an endpoint's claim, if on a reservation, to the program's totals; throws when they no longer fit. */
export function claimReservation<P extends { reservation?: { facts: ReservationFacts; claim: ReservationClaim } }>(plan: P): P {
    if (plan.reservation) {
        programLedger().claim(plan.reservation.facts, plan.reservation.claim);
    }
    return plan;
}
