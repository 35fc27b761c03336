import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ReservationClaim, ReservationFacts, ReservationLedger, ReservationUsage } from "./reservation";

/**
 * What the components of one running program share, keyed by the program's root stack resource:
 * every endpoint adds to the same reservation totals, and a new program (a new test) starts anew.
 */
interface ProgramState {
    ledger: ReservationLedger;
    /** Endpoint names in use, lower-cased as SageMaker compares them, to the component using each. */
    endpointNames: Map<string, string>;
    /** Read once: each read of Pulumi config parses all of it, and the config grows with the program. */
    region: string | undefined;
}

const states = new WeakMap<object, ProgramState>();
const outsideAnyStack = {};

function programState(): ProgramState {
    const key = pulumi.runtime.getStackResource() ?? outsideAnyStack;
    let state = states.get(key);
    if (!state) {
        state = { ledger: new ReservationLedger(), endpointNames: new Map(), region: aws.config.region };
        states.set(key, state);
    }
    return state;
}

export function programLedger(): ReservationLedger {
    return programState().ledger;
}

/** Takes an endpoint name for a component; two endpoints of a program cannot share one. */
export function claimEndpointName(endpointName: string, component: string): void {
    const names = programState().endpointNames;
    const key = endpointName.toLowerCase();
    const holder = names.get(key);
    if (holder !== undefined) {
        throw new Error(`${component}.endpointName: "${endpointName}" is already the endpoint name of ${holder}; SageMaker endpoint names are unique per region, whatever their case`);
    }
    names.set(key, component);
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

/** Adds an endpoint's claim, if on a reservation, to the program's totals; throws when they no longer fit. */
export function claimReservation<P extends { reservation?: { facts: ReservationFacts; claim: ReservationClaim } }>(plan: P): P {
    if (plan.reservation) {
        programLedger().claim(plan.reservation.facts, plan.reservation.claim);
    }
    return plan;
}
