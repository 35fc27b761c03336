/**
 * Runs a program under Pulumi's mock runtime, with no CLI, no engine and no cloud, and records the
 * resource graph it registers. Shipped as the test kit's engine (testing.ts); also used by the
 * tests, `npm run plan` and the benchmark through scripts/offline-runtime.ts, which adds the stacks.
 * Needs no dev dependency: the package's users run it.
 */
import * as pulumi from "@pulumi/pulumi";
import { fixProgramClock, programNow } from "../core/program-state";
import { reservationUsage } from "../components/reservation/reservation-state";
import { planEnded, timeLeft } from "../dynamic-providers/training-plan-plan";
import { ReservationUsage } from "../components/reservation/reservation";
import { shortHash } from "../core/names";

export const PROJECT = "sagemaker-inference";
export const MOCK_ACCOUNT = "123456789012";
/** When made-up training plans end, unless their window says otherwise. */
export const MOCK_PLAN_END = "2026-12-31T00:00:00.000Z";
/** The time offline programs decide by (programNow): a month before the made-up plans end, whatever the day. */
export const MOCK_NOW = "2026-12-01T00:00:00.000Z";
export const TRAINING_PLAN_TYPE = "pulumi-nodejs:dynamic/sagemaker-inference:TrainingPlan";
export const RESERVATION_CHECK_TYPE = "pulumi-nodejs:dynamic/sagemaker-inference:ReservationCheck";
export const RUNTIME_CONFIG_TYPE = "pulumi-nodejs:dynamic/sagemaker-inference:InferenceComponentRuntimeConfig";
export const INFERENCE_COMPONENT_TYPE = "aws-native:sagemaker:InferenceComponent";
export const ENDPOINT_CONFIG_TYPE = "aws-native:sagemaker:EndpointConfig";
export const ENDPOINT_TYPE = "aws-native:sagemaker:Endpoint";
export const UPDATE_GUARD_TYPE = "pulumi-nodejs:dynamic/sagemaker-inference:EndpointUpdateGuard";
export const BUCKET_TYPE = "aws:s3/bucket:Bucket";
export const TOPIC_TYPE = "aws:sns/topic:Topic";

/**
 * One registered resource, as the engine would have seen it. `Inputs` types the inputs: the
 * repository's own tests read them freely, the test kit's users as `unknown` unless they say.
 */
export interface RecordedResource<Inputs extends object = Record<string, any>> {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    /** The inputs' values, secrets among them as plain values: `secretPaths` says which are secrets. */
    inputs: Inputs;
    /** The input paths (`primaryContainer.environment`) that reached the engine as secrets: the state keeps them encrypted. */
    secretPaths: string[];
    /** The parent's URN; the stack itself for top-level resources. */
    parent: string;
    /** URNs of the resources this one depends on, explicitly or through its inputs. */
    dependencies: string[];
    /** For each input, the URNs of the resources whose outputs it takes. */
    propertyDependencies: Record<string, string[]>;
    /** The longest waits for create and update, as `customTimeouts` sets them; empty for the default. */
    customTimeouts: { create?: string; update?: string };
    /** Whether a replacement would delete the old resource first (false: create the new one first). */
    deleteBeforeReplace: boolean;
    /** Input paths a deploy leaves as they are in the state. */
    ignoreChanges: string[];
    /** Input paths whose change replaces the resource, whatever its provider says. */
    replaceOnChanges: string[];
    /** The explicit provider's reference (`<urn>::<id>`), empty for the default provider. */
    provider: string;
}

export interface ProgramRun {
    resources: RecordedResource[];
    outputs: Record<string, any>;
    /** The stack output paths that reached the engine as secrets. */
    secretOutputPaths: string[];
    reservations: ReservationUsage[];
    /** The time the program decided by, ISO-8601. */
    now: string;
    /** What the mocks reported of an existing training plan (ReservationCheck): made-up values, stand-ins for a refresh's. */
    plan: { status: string; endTime: string };
}

export interface RunOptions {
    stack: string;
    /**
     * Full config keys (`aws:region`, `sagemaker-inference:candidates`) to plain values, as
     * Pulumi.<stack>.yaml holds them: an encrypted value (`{secure: …}`) stands for a secret.
     */
    config: Record<string, unknown>;
    /** Full config keys whose plain values are secrets, as Pulumi marks keys set with --secret once it has decrypted them. */
    secretKeys?: string[];
    /** The program to run. */
    program: () => Record<string, pulumi.Input<unknown>> | void;
    /** The Pulumi project's name, which default resource names start with; default PROJECT. */
    project?: string;
    /**
     * What TrainingPlan and ReservationCheck report of the plan, as a refresh would find it.
     * Default: Active, ending at the end of its window (TrainingPlan) or at MOCK_PLAN_END.
     */
    plan?: { status?: string; endTime?: string };
    /** The time the program decides by, ISO-8601; default MOCK_NOW. */
    now?: string;
}

/** The text that stands for an encrypted (`secure:`) value, which an offline run cannot decrypt. */
export const SECRET_PLACEHOLDER = "[secret]";

/** A stack's config as Pulumi hands it to the program: every value as text, and the keys that hold a secret. */
export interface GivenConfig {
    values: Record<string, string>;
    secretKeys: string[];
}

/** A value with each encrypted (`{secure: …}`) value in it replaced by SECRET_PLACEHOLDER; `found` says whether there was one. */
function withoutCiphertext(value: unknown, found: { secret: boolean }): unknown {
    if (typeof value !== "object" || value === null) {
        return value;
    }
    const entries = Object.entries(value);
    if (!Array.isArray(value) && entries.length === 1 && entries[0][0] === "secure" && typeof entries[0][1] === "string") {
        found.secret = true;
        return SECRET_PLACEHOLDER;
    }
    return Array.isArray(value) ? value.map((v) => withoutCiphertext(v, found))
        : Object.fromEntries(entries.map(([k, v]) => [k, withoutCiphertext(v, found)]));
}

/**
 * Config as read from Pulumi.<stack>.yaml, as the engine hands it to the program: text, structured
 * values as JSON. An encrypted value, which only the stack's secrets provider could decrypt, is
 * SECRET_PLACEHOLDER, and its key a secret one: the whole key, even for a nested value, as Pulumi
 * marks it.
 */
export function givenConfig(config: Record<string, unknown>, secretKeys: string[] = []): GivenConfig {
    const secret = new Set(secretKeys);
    const values = Object.fromEntries(Object.entries(config).map(([k, v]) => {
        const found = { secret: false };
        const plain = withoutCiphertext(v, found);
        if (found.secret) {
            secret.add(k);
        }
        return [k, typeof plain === "string" ? plain : JSON.stringify(plain)];
    }));
    return { values, secretKeys: [...secret] };
}

/** The paths of a serialized value that hold a secret, the secret's own path and not what is inside it. */
function secretPathsOf(value: unknown, path: string): string[] {
    if (typeof value !== "object" || value === null) {
        return [];
    }
    if (pulumi.runtime.isRpcSecret(value)) {
        return [path];
    }
    return Object.entries(value).flatMap(([k, v]) => secretPathsOf(v, path === "" ? k : `${path}.${k}`));
}

/** Deserialized properties with their secrets as plain values. */
function revealed(props: Record<string, unknown>): Record<string, any> {
    return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, pulumi.runtime.unwrapRpcSecret(v)]));
}

/** Computed outputs a real provider would fill in: physical names, ids and ARNs. */
function mockState(args: pulumi.runtime.MockResourceArgs, region: string, plan: RunOptions["plan"]): Record<string, unknown> {
    const name = args.inputs.name ?? `${args.name}-${shortHash(args.name, 7)}`;
    const kind = args.type.split(":").pop()!.replace(/^./, (c) => c.toLowerCase());
    const service = args.type.split(":")[1].split("/")[0];
    if (args.type === TRAINING_PLAN_TYPE) {
        // A TrainingPlan: SageMaker names its ARN after the plan; made up, it ends at the end of its
        // window and starts its duration before.
        const state = { status: "Active", endTime: new Date(args.inputs.endTimeBefore ?? MOCK_PLAN_END).toISOString(), ...plan };
        const startTime = new Date(Date.parse(state.endTime) - args.inputs.durationHours * 3600_000).toISOString();
        return {
            ...args.inputs,
            arn: `arn:aws:sagemaker:${args.inputs.region ?? region}:${MOCK_ACCOUNT}:training-plan/${args.inputs.planName}`,
            startTime,
            // Bought at its cap, every instance free: what DescribeTrainingPlan shows of a new plan.
            upfrontFee: args.inputs.maxUpfrontFee,
            currencyCode: args.inputs.currencyCode ?? "USD",
            totalInstanceCount: args.inputs.instanceCount,
            availableInstanceCount: args.inputs.instanceCount,
            ...state,
        };
    }
    if (args.type === RESERVATION_CHECK_TYPE) {
        // What the check reports as it describes the plan, at the program's time.
        const state = mockPlanState(plan);
        return { ...args.inputs, ...state, ended: planEnded(state, programNow()), timeLeft: timeLeft(state, programNow()) };
    }
    if (args.type === INFERENCE_COMPONENT_TYPE) {
        const icName = args.inputs.inferenceComponentName;
        return { ...args.inputs, inferenceComponentArn: `arn:aws:sagemaker:${region}:${MOCK_ACCOUNT}:inference-component/${icName}` };
    }
    if (args.type === ENDPOINT_CONFIG_TYPE) {
        return { ...args.inputs, endpointConfigArn: `arn:aws:sagemaker:${region}:${MOCK_ACCOUNT}:endpoint-config/${args.inputs.endpointConfigName}` };
    }
    if (args.type === ENDPOINT_TYPE) {
        return { ...args.inputs, endpointArn: `arn:aws:sagemaker:${region}:${MOCK_ACCOUNT}:endpoint/${args.inputs.endpointName}` };
    }
    if (args.type === BUCKET_TYPE) {
        // S3 completes a bucket prefix with a unique suffix; bucket ARNs have no region or account.
        const bucket = args.inputs.bucket ?? `${args.inputs.bucketPrefix}${shortHash(args.name, 12)}`;
        return { ...args.inputs, bucket, arn: `arn:aws:s3:::${bucket}` };
    }
    if (args.type === TOPIC_TYPE) {
        return { ...args.inputs, name, arn: `arn:aws:sns:${region}:${MOCK_ACCOUNT}:${name}` };
    }
    // IAM is global: its ARNs have no region.
    const arnRegion = service === "iam" ? "" : region;
    return { ...args.inputs, name, arn: `arn:aws:${service}:${arnRegion}:${MOCK_ACCOUNT}:${kind}/${name}` };
}

/** What a refresh of an existing training plan finds offline: Active until MOCK_PLAN_END, unless `plan` says otherwise. */
function mockPlanState(plan: RunOptions["plan"]): ProgramRun["plan"] {
    return { status: "Active", endTime: MOCK_PLAN_END, ...plan };
}

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getDependenciesList(): string[];
    getPropertydependenciesMap(): { forEach(f: (deps: { getUrnsList(): string[] }, key: string) => void): void };
    getCustomtimeouts(): { getCreate(): string; getUpdate(): string } | undefined;
    getDeletebeforereplace(): boolean;
    getIgnorechangesList(): string[];
    getReplaceonchangesList(): string[];
    getProvider(): string;
    getObject(): Parameters<typeof pulumi.runtime.deserializeProperties>[0];
}

interface RegisterOutputsRequest {
    getUrn(): string;
    getOutputs(): ReturnType<RegisterRequest["getObject"]> | undefined;
}

interface RecordingMonitor {
    registerResource(req: RegisterRequest, callback: (err: unknown, response: unknown) => void): Promise<void>;
    registerResourceOutputs(req: RegisterOutputsRequest, callback: (err: unknown, response: unknown) => void): void;
}

/** The run before the next one: Pulumi's mocks, config and monitor are global to the process. */
let previousRun: Promise<unknown> = Promise.resolve();

/**
 * Runs a program under mocks with the given config. Resolves with what it registered and
 * returned, or rejects with the first error the program raised, synchronously or in an apply.
 * Runs started together take turns, each in a runtime of its own, rather than mixing their resources.
 */
export function runProgram(options: RunOptions): Promise<ProgramRun> {
    const run = previousRun.then(() => runAlone(options));
    previousRun = run.catch(() => undefined);
    return run;
}

async function runAlone(options: RunOptions): Promise<ProgramRun> {
    const given = givenConfig(options.config, options.secretKeys);
    pulumi.runtime.setAllConfig(given.values, given.secretKeys);
    const region = typeof options.config["aws:region"] === "string" ? options.config["aws:region"] : "us-east-1";
    await pulumi.runtime.setMocks({
        newResource: (args) => {
            // The provider works on plain values; the engine keeps an output secret whose input was.
            const i = revealed(args.inputs);
            const state = mockState({ ...args, inputs: i }, region, options.plan);
            for (const key of Object.keys(args.inputs).filter((k) => pulumi.runtime.isRpcSecret(args.inputs[k]))) {
                state[key] = args.inputs[key];
            }
            // A bucket's id is its name, as the provider has it.
            const id = args.type === BUCKET_TYPE ? state.bucket
                : i.name ?? i.inferenceComponentName ?? i.endpointName ?? i.endpointConfigName ?? i.resourceId;
            return { id: (id as string | undefined) ?? `${args.name}-id`, state };
        },
        call: (args) => args.inputs,
    }, options.project ?? PROJECT, options.stack, false);

    const resources: RecordedResource[] = [];
    const monitor = pulumi.runtime.getMonitor() as unknown as RecordingMonitor;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
        const recorded: RecordedResource = {
            urn: "",
            type: req.getType(),
            name: req.getName(),
            custom: req.getCustom(),
            inputs: revealed(pulumi.runtime.deserializeProperties(req.getObject())),
            secretPaths: secretPathsOf(req.getObject().toJavaScript(), ""),
            parent: req.getParent(),
            dependencies: req.getDependenciesList(),
            propertyDependencies: propertyDependenciesOf(req),
            customTimeouts: timeoutsOf(req.getCustomtimeouts()),
            deleteBeforeReplace: req.getDeletebeforereplace(),
            ignoreChanges: req.getIgnorechangesList(),
            replaceOnChanges: req.getReplaceonchangesList(),
            provider: req.getProvider(),
        };
        resources.push(recorded);
        return register(req, (err, response) => {
            recorded.urn = (response as { getUrn(): string } | undefined)?.getUrn() ?? "";
            callback(err, response);
        });
    };
    let secretOutputPaths: string[] = [];
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req, callback) => {
        if (req.getUrn() === resources[0]?.urn) {
            secretOutputPaths = secretPathsOf(req.getOutputs()?.toJavaScript(), "");
        }
        return registerOutputs(req, callback);
    };

    // A failed apply leaves the registrations that wait on it pending forever: the first
    // failure ends the run, as it ends a real deployment.
    const failed = new Promise<never>((_, reject) => { failRun = reject; });
    // Only while a run lasts: a listener left behind would keep the user's own process from failing on its rejections.
    process.on("unhandledRejection", onUnhandledRejection);
    // Pulumi captures a stack trace for every resource and promise it creates, to record source
    // positions, and formats it at once. Under ts-node, source-map-support maps each frame; even
    // unmapped, formatting was a sixth of the suite's time. Offline, positions serve nobody: no
    // frames are captured during a run, and errors raised in it carry their message alone.
    const prepareStackTrace = Error.prepareStackTrace;
    const stackTraceLimit = Error.stackTraceLimit;
    (Error as { prepareStackTrace?: unknown }).prepareStackTrace = undefined;
    Error.stackTraceLimit = 0;
    const now = new Date(options.now ?? MOCK_NOW).toISOString();
    fixProgramClock(Date.parse(now));
    try {
        const outputs = await Promise.race([pulumi.runtime.runInPulumiStack(async () => options.program() ?? {}), failed]);
        // As the language host does when a program ends: wait for every registration to finish. One
        // that failed on the way is reported as unhandled a turn later: it fails the run too.
        await Promise.race([pulumi.runtime.disconnect(), failed]);
        await Promise.race([nextTurn(), failed]);
        return { resources, outputs: (outputs ?? {}) as Record<string, any>, secretOutputPaths, reservations: reservationUsage(),
            now, plan: mockPlanState(options.plan) };
    } catch (err) {
        // A failed program leaves rejected outputs behind, reported as unhandled a turn later: let
        // them reach this run's (settled) failure, not the next run's.
        await nextTurn();
        throw new ProgramFailure(err, resources);
    } finally {
        Error.prepareStackTrace = prepareStackTrace;
        Error.stackTraceLimit = stackTraceLimit;
        fixProgramClock(undefined);
        process.off("unhandledRejection", onUnhandledRejection);
    }
}

/** The next turn of the event loop, once the rejections of this one are reported. */
function nextTurn(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
}

function propertyDependenciesOf(req: RegisterRequest): Record<string, string[]> {
    const deps: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((d, key) => { deps[key] = d.getUrnsList(); });
    return deps;
}

function timeoutsOf(t: { getCreate(): string; getUpdate(): string } | undefined): RecordedResource["customTimeouts"] {
    return Object.fromEntries(Object.entries({ create: t?.getCreate(), update: t?.getUpdate() }).filter(([, v]) => v));
}

/** A program that failed, with what it had registered by then. */
export class ProgramFailure extends Error {
    constructor(readonly reason: unknown, readonly resources: RecordedResource[]) {
        super(reason instanceof Error ? reason.message : String(reason));
    }
}

/**
 * Errors raised inside applies surface as unhandled rejections. The first fails the run in
 * progress; later ones belong to a run that has already failed.
 */
let failRun: (reason: unknown) => void = () => undefined;
const onUnhandledRejection = (reason: unknown) => failRun(reason);
