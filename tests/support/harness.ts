import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { ProgramFailure, ProgramRun, RecordedResource, runProgram, RunOptions } from "../../scripts/offline-runtime";

export { runProgram, loadStackConfig, ProgramRun, RecordedResource } from "../../scripts/offline-runtime";

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
    endpointConfig: "aws-native:sagemaker:EndpointConfig",
    endpoint: "aws-native:sagemaker:Endpoint",
    updateGuard: "pulumi-nodejs:dynamic/sagemaker-inference:EndpointUpdateGuard",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    inferenceModel: "sagemaker-inference:index:InferenceModel",
    reservedEndpoint: "sagemaker-inference:index:ReservedEndpoint",
    scaleToZeroEndpoint: "sagemaker-inference:index:ScaleToZeroEndpoint",
    scalableComponent: "sagemaker-inference:index:ScalableInferenceComponent",
    inferenceComponent: "aws-native:sagemaker:InferenceComponent",
    scalableTarget: "aws:appautoscaling/target:Target",
    scalingPolicy: "aws:appautoscaling/policy:Policy",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    schedule: "aws:scheduler/schedule:Schedule",
    runtimeConfig: "pulumi-nodejs:dynamic/sagemaker-inference:InferenceComponentRuntimeConfig",
    asyncEndpoint: "sagemaker-inference:index:AsyncInferenceEndpoint",
    bucket: "aws:s3/bucket:Bucket",
    bucketEncryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    bucketPublicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    bucketLifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    topic: "aws:sns/topic:Topic",
    reservationCheck: "pulumi-nodejs:dynamic/sagemaker-inference:ReservationCheck",
} as const;

/**
 * The input paths a deploy would change, as the engine decides from the state's inputs and the
 * program's: every differing top-level input or nested path, less those the resource ignores.
 */
export function plannedChanges(old: Record<string, unknown>, next: Record<string, unknown>, ignoreChanges: string[] = [], prefix = ""): string[] {
    const keys = [...new Set([...Object.keys(old), ...Object.keys(next)])];
    return keys.flatMap((key) => {
        const path = prefix ? `${prefix}.${key}` : key;
        if (ignoreChanges.includes(path)) {
            return [];
        }
        const [a, b] = [old[key], next[key]];
        const nested = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);
        if (nested(a) && nested(b)) {
            return plannedChanges(a as Record<string, unknown>, b as Record<string, unknown>, ignoreChanges, path);
        }
        // Into a list's items only when an ignored path names one (`productionVariants[0].initialInstanceCount`).
        if (Array.isArray(a) && Array.isArray(b) && a.length === b.length && ignoreChanges.some((p) => p.startsWith(`${path}[`))) {
            const items = (list: unknown[]) => Object.fromEntries(list.map((v, i) => [`[${i}]`, v]));
            // Items recurse as `<path>.[i]`: the ignored paths are spelled alike there, and the changed ones back.
            return plannedChanges(items(a), items(b), ignoreChanges.map((p) => p.replace(`${path}[`, `${path}.[`)), path)
                .map((p) => p.replace(`${path}.[`, `${path}[`));
        }
        return JSON.stringify(a) === JSON.stringify(b) ? [] : [path];
    });
}

/** A program's run and the warnings it logged (pulumi.log.warn), which the engine shows at preview. */
export async function runWithWarnings(options: RunOptions): Promise<{ r: ProgramRun; warnings: string[] }> {
    const warnings: string[] = [];
    const warn = pulumi.log.warn;
    pulumi.log.warn = async (message: string) => { warnings.push(message); };
    try {
        return { r: await runProgram(options), warnings };
    } finally {
        pulumi.log.warn = warn;
    }
}
