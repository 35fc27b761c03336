/**
 * The offline runtime (testing/offline-runtime.ts) for this repository's own stacks: a run defaults
 * to the stack's program from stacks/, and config comes from a Pulumi.<stack>.yaml. Kept apart from
 * the shipped runtime, which must not need stacks/ (not shipped) nor js-yaml (a dev dependency).
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import * as offline from "../testing/offline-runtime";
import { runStack } from "../stacks/programs";

export * from "../testing/offline-runtime";

/** A run's options, as testing/offline-runtime takes them; the program by default the stack's own. */
export type RunOptions = Omit<offline.RunOptions, "program"> & Partial<Pick<offline.RunOptions, "program">>;

/** Runs a program under mocks, as testing/offline-runtime's runProgram does; by default the stack's own program. */
export function runProgram(options: RunOptions): Promise<offline.ProgramRun> {
    return offline.runProgram({ ...options, program: options.program ?? (() => runStack(options.stack)) });
}

/**
 * The config of a Pulumi.<stack>.yaml's text, as `runProgram` takes it. A timestamp stays the text
 * it was written as, as Pulumi reads it: read as a Date, a time without a zone would become UTC and
 * pass, though the program refuses it as text.
 */
export function stackConfigOf(text: string): Record<string, unknown> {
    const doc = yaml.load(text, { schema: yaml.CORE_SCHEMA }) as { config?: Record<string, unknown> } | undefined;
    return doc?.config ?? {};
}

/** The config of the committed Pulumi.<stack>.yaml, or of another file, as `runProgram` takes it. */
export function loadStackConfig(stack: string, file = path.join(__dirname, "..", `Pulumi.${stack}.yaml`)): Record<string, unknown> {
    return stackConfigOf(fs.readFileSync(file, "utf8"));
}
