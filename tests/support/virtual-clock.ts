/**
 * A virtual clock for the dynamic providers' waits and retries: a sleep moves time on at once and
 * nothing else does, so a test's waits and timeouts, and the polls that fit in them, are the same
 * on an idle machine and a loaded one. Every test runs on one
 * (the root hooks below, loaded by .mocharc.json); a test reads or moves it through `testClock()`.
 */
import { Clock, setClock } from "../../dynamic-providers/sagemaker-ops";

export interface VirtualClock extends Clock {
    /** Virtual seconds slept since the clock was made. */
    slept(): number;
    /**
     * From now on, real time passes on the clock too: for a test of how a wait counts the SDK's
     * request timeout, which is real, against its budget.
     */
    followRealTime(): void;
}

export function virtualClock(): VirtualClock {
    const start = Date.now();
    let slept = 0;
    let realSince: number | undefined;
    return {
        now: () => start + slept * 1000 + (realSince === undefined ? 0 : Date.now() - realSince),
        sleep: async (seconds) => {
            slept += seconds;
            // Let other callbacks run, as a real sleep would.
            await new Promise((resolve) => setImmediate(resolve));
        },
        slept: () => slept,
        followRealTime: () => {
            realSince ??= Date.now();
        },
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
