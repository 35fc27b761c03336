/**
 * `npm run test:load [-- RUNS]`: runs `npm test` RUNS times in a row (default 10) while three other
 * processes keep every core busy, and reports each run's wall time and result; it exits non-zero
 * if any run failed. The suite's waits run on a virtual clock, so load may slow it but must never
 * fail it. `npm run bench` uses the same measure for one run idle and one under load.
 */
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as path from "path";
import { performance } from "perf_hooks";

/** Processes that spin until stopped: three, as the acceptance test of issue 19 asks. */
const BUSY_PROCESSES = 3;

export interface SuiteRun {
    seconds: number;
    passing: string;
    status: number | null;
    /** The last lines of the output of a failed run. */
    tail?: string;
}

/** One `npm test`, timed. */
export function runSuite(): SuiteRun {
    const start = performance.now();
    const test = spawnSync("npm", ["test", "--silent"], { cwd: path.join(__dirname, ".."), encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    const seconds = (performance.now() - start) / 1000;
    const passing = /(\d+) passing/.exec(test.stdout)?.[1] ?? "?";
    const tail = test.status === 0 ? undefined : `${test.stdout}\n${test.stderr}`.trim().split("\n").slice(-40).join("\n");
    return { seconds, passing, status: test.status, tail };
}

/** Runs `work` while `BUSY_PROCESSES` processes spin, and stops them whatever happens. */
export function underLoad<T>(work: () => T): T {
    const busy: ChildProcess[] = Array.from({ length: BUSY_PROCESSES }, () => spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" }));
    try {
        return work();
    } finally {
        for (const p of busy) {
            p.kill("SIGKILL");
        }
    }
}

function main(): void {
    const runs = Number(process.argv[2] ?? 10);
    if (!Number.isInteger(runs) || runs < 1) {
        throw new Error(`test:load takes a whole number of runs of at least 1, not ${process.argv[2]}`);
    }
    const failed = underLoad(() => {
        let failures = 0;
        for (let i = 1; i <= runs; i++) {
            const run = runSuite();
            console.log(`run ${i} of ${runs} under load: ${run.seconds.toFixed(1)} s, ${run.passing} passing, exit ${run.status}`);
            if (run.status !== 0) {
                failures++;
                console.log(run.tail);
            }
        }
        return failures;
    });
    console.log(`${runs - failed} passed, ${failed} failed`);
    process.exitCode = failed === 0 ? 0 : 1;
}

if (require.main === module) {
    main();
}
