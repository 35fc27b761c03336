/**
 * `sagemaker-inference/testing`: runs your own Pulumi program that uses this package's components
 * under Pulumi's mocks, with no Pulumi CLI, engine or AWS account, and hands back what it would
 * deploy. Outputs look like the real ones: ARNs in each service's format, physical names, and a
 * training plan Active until its window's end (or as `plan` says).
 *
 * ```ts
 * import * as assert from "assert";
 * import { ScaleToZeroEndpoint } from "sagemaker-inference";
 * import { runProgram } from "sagemaker-inference/testing";
 *
 * it("deploys the chat endpoint, which runs at most 336 instance-hours a week and none when idle", async () => {
 *     const run = await runProgram(() => { new ScaleToZeroEndpoint("chat", { instanceType: "ml.g5.2xlarge", maxInstanceCount: 2 }); });
 *     const [endpoint] = run.ofType<{ endpointName: string }>("aws-native:sagemaker:Endpoint");
 *     assert.strictEqual(endpoint.inputs.endpointName, "test-test-chat");
 *     assert.match(run.summary, /ml\.g5\.2xlarge: 0 to 336 instance-hours per week/);
 * });
 * ```
 *
 * Works under mocha and Jest alike: it uses no test framework's globals. Under Jest, set
 * `testEnvironment: "node"` (Pulumi needs Node's globals, not jsdom's). One difference: an error a
 * program raises inside an `apply` rejects `runProgram` under mocha, but under Jest it reaches Jest's
 * own handler first (Jest gives each test file a `process` of its own, whose `unhandledRejection`
 * Node never emits), which fails the test with that error's message. Errors raised as the program
 * runs (a component refusing its arguments) reject `runProgram` under both.
 *
 * Pulumi's mocks are global to the process: run one program at a time (await each `runProgram`
 * before the next, as tests in a file run; Jest's workers are separate processes). Each run starts
 * afresh: nothing one program registers shows in the next. While a program runs, stack traces are
 * not captured (Pulumi would capture one per resource, a sixth of the time): its errors carry their message.
 *
 * @packageDocumentation
 */
import * as pulumi from "@pulumi/pulumi";
import { MOCK_NOW, RecordedResource, runProgram as runOffline } from "./testing/offline-runtime";
import { checkPrices, Prices } from "./testing/cost";
import { invalid, isoTime } from "./core/validate";
import { formatPlan } from "./testing/summary";

export { MOCK_ACCOUNT, MOCK_NOW, MOCK_PLAN_END, ProgramFailure, RecordedResource } from "./testing/offline-runtime";
export { Prices } from "./testing/cost";

/**
 * A registered resource: `type` (`aws-native:sagemaker:Endpoint`), logical `name`, `inputs` (secrets
 * among them as plain values; `secretPaths` says which), `parent` (a URN), `dependencies`, and the
 * resource options the engine would see. Say the inputs' type to read them without casts:
 * `run.ofType<{ endpointName: string }>("aws-native:sagemaker:Endpoint")[0].inputs.endpointName`.
 */
export type TestResource<Inputs extends object = Record<string, unknown>> = RecordedResource<Inputs>;

/** What a program may do: create resources, and return the stack's outputs (or nothing). */
export type TestProgram = () => Record<string, pulumi.Input<unknown>> | void;

/** How to run a program; every option may be left out. */
export interface TestRunOptions {
    /**
     * The stack's config, full keys to values, as `Pulumi.<stack>.yaml` holds them:
     * `{ "aws:region": "eu-west-1", "myproject:models": ["a", "b"] }`. Structured values reach the
     * program as JSON, as Pulumi hands them over; an encrypted value (`{ secure: "…" }`) becomes the
     * text `[secret]` and its key a secret one. `aws:region` defaults to `us-east-1`.
     */
    config?: Record<string, unknown>;
    /** Config keys whose (plain) values are secrets, as `pulumi config set --secret` marks them; each must be in `config`. */
    secretKeys?: string[];
    /** The stack's name, which default physical names include; default `"test"`. */
    stack?: string;
    /** The project's name, which default physical names start with; default `"test"`. */
    project?: string;
    /**
     * The time the program decides by (a reservation's time left, schedules' start), ISO-8601 with
     * a zone; default MOCK_NOW, 2026-12-01T00:00:00Z, a month before made-up training plans end.
     */
    now?: string;
    /**
     * What a refresh would find of a training plan (TrainingPlan, ReservationCheck): its status
     * (`Active`, `Scheduled`, `Expired`, …) and its end, ISO-8601. Default: `Active`, ending at the
     * end of the window a bought plan asks for, or at MOCK_PLAN_END, 2026-12-31T00:00:00Z.
     */
    plan?: { status?: string; endTime?: string };
    /**
     * Hourly prices per instance type (`{ "ml.g5.2xlarge": 1.515 }`): the summary's cost lines then
     * put money on the instance-hours. A type the program uses but the prices lack is said, not guessed.
     */
    prices?: Prices;
}

/** What a program registered and returned. */
export interface TestRun {
    /** Every resource the program registered (components and cloud resources, not the stack itself), in registration order. */
    resources: TestResource[];
    /** The resources of one type, e.g. `"aws-native:sagemaker:Endpoint"`, in registration order; `Inputs` types their inputs. */
    ofType<Inputs extends object = Record<string, unknown>>(type: string): TestResource<Inputs>[];
    /** The text `npm run plan` prints for this program: a line per resource, reservations, scaling timelines, cost. */
    summary: string;
    /** The stack outputs the program returned, resolved to plain values. */
    outputs: Record<string, unknown>;
}

const OPTIONS: (keyof TestRunOptions)[] = ["config", "secretKeys", "stack", "project", "now", "plan", "prices"];

/** Pulumi's rule for stack and project names. */
const NAME = /^[A-Za-z0-9_.-]+$/;
const FIELD = "runProgram options";

function refuse(field: string, value: unknown, rule: string): Error {
    return invalid(`${FIELD}.${field}`, value, rule);
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The options checked, with their defaults: a bad one is refused before anything runs, by name. */
function checkTestRunOptions(options: unknown): Required<Omit<TestRunOptions, "prices">> & Pick<TestRunOptions, "prices"> {
    if (!isRecord(options)) {
        throw new Error(`runProgram options: ${JSON.stringify(options)} must be an object of options (${OPTIONS.join(", ")})`);
    }
    const unknown = Object.keys(options).filter((k) => !(OPTIONS as string[]).includes(k));
    if (unknown.length > 0) {
        throw new Error(`runProgram options: ${unknown.map((k) => JSON.stringify(k)).join(", ")} not known; the options are ${OPTIONS.join(", ")}`);
    }
    const o = options as TestRunOptions;
    const config = o.config ?? {};
    if (!isRecord(config)) {
        throw refuse("config", config, "must be an object of full config keys to values, e.g. { \"aws:region\": \"us-east-1\" }");
    }
    for (const key of Object.keys(config)) {
        if (!/^[^:\s]+:[^:\s]+$/.test(key)) {
            throw refuse("config", key, "is not a full config key: write it as <namespace>:<key>, e.g. aws:region or myproject:instanceType");
        }
    }
    const secretKeys = o.secretKeys ?? [];
    if (!Array.isArray(secretKeys)) {
        throw refuse("secretKeys", secretKeys, "must be a list of config keys");
    }
    for (const key of secretKeys) {
        if (typeof key !== "string" || !(key in config)) {
            throw refuse("secretKeys", key, "is not a key of options.config: a secret key must have a value");
        }
    }
    for (const field of ["stack", "project"] as const) {
        const value = o[field];
        if (value !== undefined && (typeof value !== "string" || !NAME.test(value))) {
            throw refuse(field, value, "must be a name of letters, digits, _, . and -");
        }
    }
    const plan = o.plan ?? {};
    if (!isRecord(plan)) {
        throw refuse("plan", plan, "must be an object: { status?, endTime? }");
    }
    const unknownPlan = Object.keys(plan).filter((k) => k !== "status" && k !== "endTime");
    if (unknownPlan.length > 0) {
        throw refuse("plan", unknownPlan[0], "is not known; a plan has status and endTime");
    }
    if (plan.status !== undefined && (typeof plan.status !== "string" || plan.status === "")) {
        throw refuse("plan.status", plan.status, "must be a training plan status, e.g. Active or Expired");
    }
    return {
        config: { "aws:region": "us-east-1", ...config },
        secretKeys,
        stack: o.stack ?? "test",
        project: o.project ?? "test",
        now: o.now === undefined ? MOCK_NOW : isoTime(`${FIELD}.now`, o.now),
        plan: { ...plan, ...(plan.endTime !== undefined && { endTime: isoTime(`${FIELD}.plan.endTime`, plan.endTime) }) },
        ...(o.prices !== undefined && { prices: checkPrices(`${FIELD}.prices`, o.prices) }),
    };
}

/**
 * Runs `program` under Pulumi's mocks and resolves with what it registered and returned, or rejects
 * with the first error the program raised (synchronously or inside an apply), with that error's
 * message (a ProgramFailure, whose `resources` hold what was registered by then).
 */
export async function runProgram(program: TestProgram, options: TestRunOptions = {}): Promise<TestRun> {
    if (typeof program !== "function") {
        throw new Error(`runProgram: ${JSON.stringify(program)} is not a program: pass a function that creates resources`);
    }
    const o = checkTestRunOptions(options);
    const run = await runOffline({ ...o, program });
    const resources = run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack");
    const prices = o.prices && { source: `${FIELD}.prices`, values: o.prices };
    return {
        resources,
        ofType: <Inputs extends object>(type: string) => resources.filter((r) => r.type === type) as TestResource<Inputs>[],
        summary: formatPlan(o.stack, run, [], prices ? { prices } : {}),
        outputs: run.outputs,
    };
}
