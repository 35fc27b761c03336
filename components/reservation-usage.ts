import * as pulumi from "@pulumi/pulumi";
import { ReservationLedger, ReservationUsage } from "./reservation";

/**
 * One ledger per running program: keyed by the program's root stack resource, so that every
 * endpoint of a program adds to the same totals and a new program (a new test) starts empty.
 */
const ledgers = new WeakMap<object, ReservationLedger>();
const outsideAnyStack = {};

export function programLedger(): ReservationLedger {
    const key = pulumi.runtime.getStackResource() ?? outsideAnyStack;
    let ledger = ledgers.get(key);
    if (!ledger) {
        ledger = new ReservationLedger();
        ledgers.set(key, ledger);
    }
    return ledger;
}

/** How much of each training-plan reservation the running program's endpoints use. */
export function reservationUsage(): ReservationUsage[] {
    return programLedger().snapshot();
}
