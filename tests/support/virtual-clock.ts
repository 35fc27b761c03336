/**
 * A virtual clock for the dynamic providers' waits and retries: a sleep moves time on at once, so
 * a test's waits and timeouts mean the same on an idle machine and a loaded one. Real time still
 * passes on it too: a request the SDK gives up on after its (real) timeout has used that much of
 * a wait. Every test runs on one
 * (the root hooks below, loaded by .mocharc.json); a test reads or moves it through `testClock()`.
 */
import { Clock, setClock } from "../../dynamic-providers/sagemaker-ops";

export interface VirtualClock extends Clock {
    /** Virtual seconds slept since the clock was made. */
    slept(): number;
}

export function virtualClock(): VirtualClock {
    let slept = 0;
    return {
        now: () => Date.now() + slept * 1000,
        sleep: async (seconds) => {
            slept += seconds;
            // Let other callbacks run, as a real sleep would.
            await new Promise((resolve) => setImmediate(resolve));
        },
        slept: () => slept,
    };
}

let current: VirtualClock | undefined;

/** The clock of the running test. */
export function testClock(): VirtualClock {
    if (current === undefined) {
        throw new Error("no virtual clock: load tests/support/virtual-clock.ts as a root hook");
    }
    return current;
}

export const mochaHooks = {
    beforeEach(): void {
        current = virtualClock();
        setClock(current);
    },
    afterEach(): void {
        current = undefined;
        setClock(undefined);
    },
};
