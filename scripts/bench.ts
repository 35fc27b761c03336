/**
 * `npm run bench`: how long the evaluation program takes to build its graph under mocks as the
 * candidates grow, and how long the whole test suite takes. Targets on the 2-core machine:
 * `npm test` under 20 s; 64 candidates in at most 16 times the time of 4.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { performance } from "perf_hooks";
import { runProgram } from "./offline-runtime";

const IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128";

function evaluationConfig(candidates: number): Record<string, unknown> {
    return {
        "aws:region": "us-east-1",
        "sagemaker-inference:reservationArn": "arn:aws:sagemaker:us-east-1:123456789012:training-plan/bench",
        "sagemaker-inference:reservedInstanceType": "ml.p5.48xlarge",
        "sagemaker-inference:reservedInstanceCount": candidates,
        "sagemaker-inference:candidates": Array.from({ length: candidates }, (_, i) => ({
            name: `candidate-${i}`, image: IMAGE, modelDataUrl: `s3://bench-models/candidate-${i}/`,
        })),
    };
}

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
}

/** One build of the evaluation graph, in milliseconds. */
async function graphTime(candidates: number): Promise<number> {
    // Each run starts on a clean heap rather than paying for the previous run's garbage.
    (globalThis as { gc?: () => void }).gc?.();
    const start = performance.now();
    const run = await runProgram({ stack: "evaluation", config: evaluationConfig(candidates) });
    const elapsed = performance.now() - start;
    if (run.resources.length < candidates * 6) {
        throw new Error(`expected at least ${candidates * 6} resources, got ${run.resources.length}`);
    }
    return elapsed;
}

const SIZES = [1, 4, 16, 64];
const ROUNDS = 7;

async function main(): Promise<void> {
    // Warm up module loading and the JIT on every size, then interleave the sizes so that
    // neither warm-up nor drift favours one of them.
    for (const n of SIZES) {
        await graphTime(n);
    }
    const times = new Map<number, number[]>(SIZES.map((n) => [n, []]));
    for (let round = 0; round < ROUNDS; round++) {
        for (const n of SIZES) {
            times.get(n)!.push(await graphTime(n));
        }
    }
    const results: Record<number, number> = {};
    for (const n of SIZES) {
        results[n] = median(times.get(n)!);
        console.log(`evaluation graph, ${String(n).padStart(2)} candidates: median ${results[n].toFixed(1)} ms of ${ROUNDS}`);
    }
    const ratio = results[64] / results[4];
    console.log(`64 candidates / 4 candidates: ${ratio.toFixed(1)}x (target: at most 16x) ${ratio <= 16 ? "ok" : "MISSED"}`);

    const start = performance.now();
    const test = spawnSync("npm", ["test", "--silent"], { cwd: path.join(__dirname, ".."), encoding: "utf8" });
    const seconds = (performance.now() - start) / 1000;
    const passing = /(\d+) passing/.exec(test.stdout)?.[1] ?? "?";
    console.log(`npm test: ${seconds.toFixed(1)} s wall, ${passing} passing, exit ${test.status} (target: under 20 s) ${seconds < 20 && test.status === 0 ? "ok" : "MISSED"}`);
}

void main();
