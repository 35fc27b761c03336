import * as assert from "assert";
import { ProgramFailure, ProgramRun, RecordedResource, runProgram, RunOptions } from "../scripts/offline-runtime";

export { runProgram, loadStackConfig, ProgramRun, RecordedResource } from "../scripts/offline-runtime";

/** Every recorded resource of a type, in registration order. */
export function ofType(run: { resources: RecordedResource[] }, type: string): RecordedResource[] {
    return run.resources.filter((r) => r.type === type);
}

/** The one recorded resource of a type and logical name; fails the test if absent. */
export function one(run: { resources: RecordedResource[] }, type: string, name: string): RecordedResource {
    const found = run.resources.filter((r) => r.type === type && r.name === name);
    assert.strictEqual(found.length, 1, `expected one ${type} named ${name}, found ${found.length}`);
    return found[0];
}

/** Resources other than the stack itself. */
export function registered(resources: RecordedResource[]): RecordedResource[] {
    return resources.filter((r) => r.type !== "pulumi:pulumi:Stack");
}

/** Runs a program that must fail; returns the failure, whose message must match. */
export async function expectFailure(options: RunOptions, message: RegExp): Promise<ProgramFailure> {
    let run: ProgramRun | undefined;
    try {
        run = await runProgram(options);
    } catch (err) {
        assert.ok(err instanceof ProgramFailure, `unexpected error ${String(err)}`);
        assert.match(err.message, message);
        return err;
    }
    assert.fail(`program succeeded with ${run.resources.length} resources; expected an error matching ${message}`);
}

/**
 * Runs `build` inside a program, where it must throw synchronously with `message`; the program
 * then ends normally, so every registration it started is recorded. Returns what was registered
 * besides the stack.
 */
export async function expectRefused(build: () => void, message: RegExp, config: Record<string, unknown>): Promise<RecordedResource[]> {
    const run = await runProgram({ stack: "evaluation", config, program: () => { assert.throws(build, message); } });
    return registered(run.resources);
}

export const TYPES = {
    model: "aws:sagemaker/model:Model",
    endpointConfig: "aws:sagemaker/endpointConfiguration:EndpointConfiguration",
    endpoint: "aws:sagemaker/endpoint:Endpoint",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    inferenceModel: "sagemaker-inference:index:InferenceModel",
    reservedEndpoint: "sagemaker-inference:index:ReservedEndpoint",
} as const;
