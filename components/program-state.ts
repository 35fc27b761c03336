import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ReservationLedger, ReservationUsage } from "./reservation";

/**
 * What the components of one running program share, keyed by the program's root stack resource:
 * every endpoint adds to the same reservation totals, and a new program (a new test) starts anew.
 */
interface ProgramState {
    ledger: ReservationLedger;
    /** Read once: each read of Pulumi config parses all of it, and the config grows with the program. */
    region: string | undefined;
}

const states = new WeakMap<object, ProgramState>();
const outsideAnyStack = {};

function programState(): ProgramState {
    const key = pulumi.runtime.getStackResource() ?? outsideAnyStack;
    let state = states.get(key);
    if (!state) {
        state = { ledger: new ReservationLedger(), region: aws.config.region };
        states.set(key, state);
    }
    return state;
}

export function programLedger(): ReservationLedger {
    return programState().ledger;
}

/** The stack's region (aws:region, or AWS_REGION / AWS_DEFAULT_REGION), if set. */
export function programRegion(): string | undefined {
    // Outside a stack (a unit test's bare mocks) config may change between components.
    return pulumi.runtime.getStackResource() ? programState().region : aws.config.region;
}

/** How much of each training-plan reservation the running program's endpoints use. */
export function reservationUsage(): ReservationUsage[] {
    return programLedger().snapshot();
}
