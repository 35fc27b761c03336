import * as assert from "assert";
import { runtimeConfigProvider } from "../../dynamic-providers/inference-component-runtime-config";
import { acknowledged, copyStateOf, doneWaiting, runtimeConfigChanged, settled } from "../../dynamic-providers/runtime-config-plan";
import { runSerialized } from "../support/fresh-process";
import * as pulumi from "@pulumi/pulumi";
import { hosted, refresh, throughHost, up } from "../support/provider-host";
import { Faults, Standin, StandinComponent, startStandin, standinEnv, withEnv } from "../support/sagemaker-standin";

const FAST = { pollInitialSeconds: 2.5, pollMaxSeconds: 10, retryBaseSeconds: 1, waitTimeoutSeconds: 500, maxRetries: 8 };
const NAME = "llama3-8b-instruct";
const ID = `us-east-1/${NAME}`;
const ARN = `arn:aws:sagemaker:us-east-1:123456789012:inference-component/${NAME}`;
/** Park the component: what InferenceComponent asks for with `parked`. */
const INPUTS = { inferenceComponentName: NAME, copyCount: 0, timing: FAST };
const DESCRIBE = "DescribeInferenceComponent";
const UPDATE = "UpdateInferenceComponentRuntimeConfig";

const provider = hosted(runtimeConfigProvider);
let standin: Standin;
/**
 * Runs `fn` with a fresh stand-in as its environment, holding the component with 2 copies in
 * `status` (none when null).
 */
async function against(faults: Faults, fn: (component: StandinComponent) => Promise<void>, status: string | null = "InService"): Promise<void> {
    standin = await startStandin([], faults);
    const component = status === null ? undefined : standin.addComponent(NAME, 2, status);
    await withEnv(standinEnv(standin.url), () => fn(component!)).finally(() => standin.stop());
}
const operations = () => standin.requests.map((r) => r.operation);
/** The engine checks inputs before it diffs or updates: they cross the host then. */
const checked = async (inputs: Record<string, unknown>) => (await provider.check({}, inputs)).inputs!;

describe("InferenceComponentRuntimeConfig inputs", () => {
    const cases: [string, Record<string, unknown>, string][] = [
        ["copyCount", { copyCount: -1 }, "copyCount: -1 must be a whole number from 0 to 2147483647"],
        ["copyCount", { copyCount: 1.5 }, "copyCount: 1.5 must be a whole number from 0 to 2147483647"],
        ["copyCount", { copyCount: "2" }, `copyCount: "2" must be a whole number from 0 to 2147483647`],
        ["copyCount", { copyCount: undefined }, "copyCount: undefined must be a whole number from 0 to 2147483647"],
        ["inferenceComponentName", { inferenceComponentName: "-llama" }, `inferenceComponentName: "-llama" must be 1 to 63 characters matching`],
        ["inferenceComponentName", { inferenceComponentName: "llama_3" }, `inferenceComponentName: "llama_3" must be 1 to 63 characters matching`],
        ["inferenceComponentName", { inferenceComponentName: "l".repeat(64) }, `inferenceComponentName: "${"l".repeat(64)}" must be 1 to 63`],
        ["waitForCompletion", { waitForCompletion: "yes" }, `waitForCompletion: "yes" must be true or false`],
        ["timing", { timing: { pollInitialSeconds: -1 } }, `timing: {"pollInitialSeconds":-1} has pollInitialSeconds -1: timing holds positive numbers of seconds`],
        ["timing", { timing: { maxRetries: 1.5 } }, `timing: {"maxRetries":1.5} has maxRetries 1.5: timing holds positive numbers of seconds (waitTimeoutSeconds, ` +
            "pollInitialSeconds, pollMaxSeconds, retryBaseSeconds, requestTimeoutSeconds) and a whole maxRetries of at least 0"],
        ["timing", { timing: { waitTimeout: 60 } }, `timing: {"waitTimeout":60} has "waitTimeout", not a setting of timing: the settings are ` +
            "waitTimeoutSeconds, pollInitialSeconds, pollMaxSeconds, retryBaseSeconds, maxRetries, requestTimeoutSeconds"],
    ];
    for (const [property, change, reason] of cases) {
        it(`refuses ${JSON.stringify(change).slice(0, 60)}, naming ${property}`, async () => {
            const result = await provider.check({}, { ...INPUTS, ...change });
            assert.strictEqual(result.inputs, undefined);
            assert.strictEqual(result.failures!.length, 1, JSON.stringify(result.failures));
            assert.strictEqual(result.failures![0].property, property);
            assert.ok(result.failures![0].reason.startsWith(reason), result.failures![0].reason);
        });
    }

    it("does not judge values not known at preview, and hands them back to the engine as unknown", async () => {
        const news = { ...INPUTS, inferenceComponentName: pulumi.runtime.unknownValue, copyCount: pulumi.runtime.unknownValue };
        assert.deepStrictEqual(await provider.check({}, news), { inputs: news, failures: undefined });
        assert.deepStrictEqual((await provider.check({}, { ...news, waitForCompletion: "yes" })).failures!.map((f) => f.property), ["waitForCompletion"]);
    });

    it("accepts zero copies, and a name of 63 characters that waits for nothing", async () => {
        assert.deepStrictEqual(await provider.check({}, INPUTS), { inputs: INPUTS, failures: undefined });
        const other = { inferenceComponentName: `a${"-".repeat(61)}b`, copyCount: 4, waitForCompletion: false, region: "eu-west-1" };
        assert.deepStrictEqual(await provider.check({}, other), { inputs: other, failures: undefined });
    });
});

describe("InferenceComponentRuntimeConfig plan", () => {
    it("is settled only when InService with exactly the copies asked for, desired and running", () => {
        assert.strictEqual(settled({ status: "InService", desiredCopyCount: 0, currentCopyCount: 0 }, 0), true);
        assert.strictEqual(settled({ status: "InService", desiredCopyCount: 3, currentCopyCount: 3 }, 3), true);
        assert.strictEqual(settled({ status: "Updating", desiredCopyCount: 0, currentCopyCount: 0 }, 0), false);
        assert.strictEqual(settled({ status: "InService", desiredCopyCount: 0, currentCopyCount: 2 }, 0), false, "copies still running");
        assert.strictEqual(settled({ status: "InService", desiredCopyCount: 3, currentCopyCount: 3 }, 0), false, "another count");
        assert.strictEqual(settled({ status: "InService", desiredCopyCount: 2, currentCopyCount: 0 }, 0), false, "not asked for yet");
        assert.strictEqual(settled({ status: "InService" }, 0), false, "counts unknown");
    });

    it("takes a describe as the service having the count sent only when it is updating, wants that count, or changed since", () => {
        const before = "2026-11-30T01:00:00.000Z";
        const stale = { status: "InService", desiredCopyCount: 2, currentCopyCount: 2, lastModified: before };
        assert.strictEqual(acknowledged(stale, 0, before), false, "the component as it was before the update");
        assert.strictEqual(acknowledged({ ...stale, status: "Updating" }, 0, before), true);
        assert.strictEqual(acknowledged({ ...stale, desiredCopyCount: 0 }, 0, before), true);
        assert.strictEqual(acknowledged({ ...stale, lastModified: "2026-11-30T01:00:01.000Z" }, 0, before), true);
        assert.strictEqual(acknowledged({ ...stale, lastModified: "2026-11-30T01:00:01.000Z" }, 0, undefined), false, "no time to compare with");
        // Another count ends the wait only once the service had taken ours.
        assert.deepStrictEqual([doneWaiting(stale, 0, false), doneWaiting(stale, 0, true), doneWaiting({ ...stale, desiredCopyCount: 0, currentCopyCount: 0 }, 0, false)],
            [false, true, true]);
    });

    it("reads the copies, status and failure from a describe", () => {
        const when = new Date("2026-11-30T00:00:00Z");
        assert.deepStrictEqual(copyStateOf({
            InferenceComponentName: NAME, InferenceComponentArn: ARN, EndpointName: "e", EndpointArn: "arn:e", VariantName: "AllTraffic",
            InferenceComponentStatus: "Failed", FailureReason: "CUDA out of memory", CreationTime: when, LastModifiedTime: when,
            RuntimeConfig: { DesiredCopyCount: 3, CurrentCopyCount: 1 },
        }), { arn: ARN, status: "Failed", desiredCopyCount: 3, currentCopyCount: 1, failureReason: "CUDA out of memory", lastModified: "2026-11-30T00:00:00.000Z" });
        assert.deepStrictEqual(copyStateOf({ InferenceComponentName: NAME, InferenceComponentArn: ARN, EndpointName: "e", EndpointArn: "arn:e",
            VariantName: "AllTraffic", CreationTime: when, LastModifiedTime: when }),
        { arn: ARN, status: "unknown", desiredCopyCount: undefined, currentCopyCount: undefined, failureReason: undefined, lastModified: "2026-11-30T00:00:00.000Z" });
    });

    it("counts only changes of the inputs, never the copies or region the service reported", () => {
        const outs = { ...INPUTS, waitForCompletion: true, resolvedRegion: "us-east-1", inferenceComponentArn: ARN, status: "InService",
            desiredCopyCount: 0, currentCopyCount: 0 };
        assert.deepStrictEqual(runtimeConfigChanged(outs, INPUTS), [], "waitForCompletion defaults to true");
        assert.deepStrictEqual(runtimeConfigChanged({ ...outs, desiredCopyCount: 3, currentCopyCount: 2, status: "Updating", resolvedRegion: "eu-west-1" },
            INPUTS), []);
        for (const [key, value] of [["copyCount", 3], ["inferenceComponentName", "other"], ["waitForCompletion", false], ["region", "eu-west-1"],
            ["timing", { ...FAST, waitTimeoutSeconds: 2500 }]] as const) {
            assert.deepStrictEqual(runtimeConfigChanged(outs, { ...INPUTS, [key]: value }), [key]);
        }
        // Naming the region it already acts in moves nothing: no count is sent again.
        assert.deepStrictEqual(runtimeConfigChanged(outs, { ...INPUTS, region: "us-east-1" }), []);
    });
});

describe("InferenceComponentRuntimeConfig provider against a local SageMaker", () => {
    it("create parks a component at zero copies with one update, and waits until none runs", () => against({ updatingFor: 3 }, async (component) => {
        const created = await provider.create(INPUTS);
        assert.deepStrictEqual(operations(), [DESCRIBE, UPDATE, DESCRIBE, DESCRIBE, DESCRIBE, DESCRIBE]);
        assert.deepStrictEqual(standin.requests[1].body, { InferenceComponentName: NAME, DesiredRuntimeConfig: { CopyCount: 0 } });
        assert.strictEqual(created.id, ID);
        assert.deepStrictEqual(created.outs, {
            ...INPUTS, waitForCompletion: true, resolvedRegion: "us-east-1", inferenceComponentArn: ARN, status: "InService",
            desiredCopyCount: 0, currentCopyCount: 0,
        });
        assert.deepStrictEqual([component.status, component.desiredCopyCount, component.currentCopyCount], ["InService", 0, 0]);
    }));

    it("create waits for a component still being created before it sends the count", () => against({ busyFor: 3, updatingFor: 2 }, async () => {
        const created = await provider.create({ ...INPUTS, copyCount: 1 });
        // Three describes see Creating, the fourth InService: only then the one update, which the service accepted.
        assert.deepStrictEqual(operations(), [DESCRIBE, DESCRIBE, DESCRIBE, DESCRIBE, UPDATE, DESCRIBE, DESCRIBE, DESCRIBE]);
        assert.strictEqual(standin.requests[4].body.DesiredRuntimeConfig.CopyCount, 1);
        assert.deepStrictEqual([created.outs!.status, created.outs!.desiredCopyCount, created.outs!.currentCopyCount], ["InService", 1, 1]);
    }, "Creating"));

    it("a component busy for longer than the wait fails without sending the count or claiming a resource", () =>
        against({ busyFor: 1000 }, async () => {
            const failure: Error & { id?: string } = await provider.create({ ...INPUTS, timing: { ...FAST, waitTimeoutSeconds: 25 } })
                .then(() => assert.fail("the wait should time out"), (e) => e);
            assert.match(failure.message,
                new RegExp(`^timed out after 25 s waiting for inference component ${NAME} to finish its current change; last seen: Updating, 2 of 2 desired copies$`));
            assert.strictEqual(failure.id, undefined, "nothing was set: no resource to keep");
            assert.strictEqual(standin.count(UPDATE), 0);
        }, "Updating"));

    it("waitForCompletion false sends the count and returns at once, the copies still running", () => against({ updatingFor: 5 }, async (component) => {
        const created = await provider.create({ ...INPUTS, waitForCompletion: false });
        assert.deepStrictEqual(operations(), [DESCRIBE, UPDATE, DESCRIBE]);
        assert.deepStrictEqual([created.outs!.status, created.outs!.desiredCopyCount, created.outs!.currentCopyCount, created.outs!.waitForCompletion],
            ["Updating", 0, 2, false]);
        assert.deepStrictEqual([component.status, component.desiredCopyCount], ["Updating", 0]);
    }));

    // Every call counts toward the rate: at 50 % the update itself is throttled once, then sent again.
    for (const [throttleRate, updatesSent] of [[0.2, 1], [0.5, 2]]) {
        it(`converges with ${throttleRate * 100} % of calls throttled, the count reaching the service once`, () =>
            against({ throttleRate, updatingFor: 8 }, async (component) => {
                const created = await provider.create({ ...INPUTS, timing: { ...FAST, pollMaxSeconds: 2.5 } });
                assert.deepStrictEqual([created.id, created.outs!.status, created.outs!.desiredCopyCount, created.outs!.currentCopyCount],
                    [ID, "InService", 0, 0]);
                assert.strictEqual(standin.served(UPDATE), 1);
                assert.strictEqual(standin.count(UPDATE), updatesSent);
                assert.strictEqual(standin.served(DESCRIBE), 1 + 8 + 1);
                const throttled = standin.requests.filter((r) => r.fault === "throttled").length;
                assert.strictEqual(throttled, Math.floor(standin.requests.length * throttleRate));
                assert.ok(throttled >= 2, `${throttled} calls throttled`);
                assert.deepStrictEqual([component.desiredCopyCount, component.currentCopyCount], [0, 0]);
            }));
    }

    it("retries server errors of the update: setting a count twice asks for the same thing", () =>
        against({ serverErrors: { [UPDATE]: 2 } }, async (component) => {
            const created = await provider.create(INPUTS);
            assert.deepStrictEqual(operations(), [DESCRIBE, UPDATE, UPDATE, UPDATE, DESCRIBE]);
            assert.strictEqual(standin.served(UPDATE), 1);
            assert.deepStrictEqual([created.outs!.status, created.outs!.currentCopyCount], ["InService", 0]);
            assert.deepStrictEqual([component.desiredCopyCount, component.currentCopyCount], [0, 0]);
        }));

    it("a wait that times out after the count was sent hands the resource to the engine, with what was last seen", () =>
        against({ updatingFor: 1000 }, async () => {
            const failure: Error & { id?: string; properties?: Record<string, unknown>; reasons?: string[] } =
                await provider.create({ ...INPUTS, timing: { ...FAST, waitTimeoutSeconds: 25 } }).then(() => assert.fail("the wait should time out"), (e) => e);
            assert.strictEqual(failure.message,
                `timed out after 25 s waiting for inference component ${NAME} to serve with 0 copies; last seen: Updating, 2 of 0 desired copies`);
            assert.strictEqual(failure.id, ID);
            const props = failure.properties!;
            assert.deepStrictEqual(
                [props.inferenceComponentName, props.copyCount, props.resolvedRegion, props.status, props.desiredCopyCount, props.currentCopyCount],
                [NAME, 0, "us-east-1", "Updating", 0, 2]);
            assert.strictEqual(props.inferenceComponentArn, ARN);
            assert.strictEqual(props.unfinished, true);
            assert.deepStrictEqual(throughHost(props), props, "the host can send the partial state");
            assert.deepStrictEqual(failure.reasons, [failure.message]);
            assert.strictEqual(standin.count(UPDATE), 1);
        }));

    it("a wait that times out keeps the serialized provider in the partial state, which the host needs to refresh or delete it", () =>
        against({ updatingFor: 1000 }, async () => {
            // The host adds __provider to a result's outputs, not to a partial state's: the provider must carry it.
            const serialized = "<serialized provider>";
            const news = { ...INPUTS, timing: { ...FAST, waitTimeoutSeconds: 25 }, __provider: serialized };
            const failed = (e: unknown) => e as Error & { properties?: Record<string, unknown> };
            const created = await provider.create(news).then(() => assert.fail("the wait should time out"), failed);
            assert.strictEqual(created.properties!.__provider, serialized);
            // The next deploy awaits the unfinished count again, and times out again.
            const updated = await provider.update(ID, { ...created.properties!, __provider: "<an older provider>" }, news).then(() => assert.fail("the wait should time out"), failed);
            assert.strictEqual(updated.properties!.__provider, serialized);
        }));

    it("the next deploy after such a timeout, with the same inputs, awaits the count again without sending it again", () =>
        against({ updatingFor: 1000 }, async (component) => {
            const first = await up(provider, { ...INPUTS, timing: { ...FAST, waitTimeoutSeconds: 25 } });
            assert.match(first.error!.message, /^timed out after 25 s/);
            const timing = { ...FAST, waitTimeoutSeconds: 25 };
            // Nothing changed and the service is still busy: the diff sees the unfinished count, and the wait fails again.
            const still = await up(provider, { ...INPUTS, timing }, first.state);
            assert.match(still.error!.message, /^timed out after 25 s waiting for inference component .* to serve with 0 copies/);
            assert.strictEqual(still.state!.outputs.unfinished, true);
            // The service finished meanwhile.
            Object.assign(component, { status: "InService", desiredCopyCount: 0, currentCopyCount: 0, busyFor: 0 });
            const done = await up(provider, { ...INPUTS, timing }, still.state);
            assert.strictEqual(done.error, undefined);
            assert.strictEqual(standin.count(UPDATE), 1);
            assert.deepStrictEqual([done.state!.outputs.status, done.state!.outputs.currentCopyCount, done.state!.outputs.unfinished], ["InService", 0, undefined]);
        }));

    it("a refresh keeps the unfinished mark, so the next deploy still awaits the count, without sending it", () =>
        against({ updatingFor: 1000 }, async (component) => {
            const first = await up(provider, { ...INPUTS, timing: { ...FAST, waitTimeoutSeconds: 25 } });
            const refreshed = await refresh(provider, first.state!);
            assert.deepStrictEqual([refreshed.outputs.unfinished, refreshed.outputs.lastModifiedBeforeUpdate], [true, "2026-11-30T01:00:00.000Z"]);
            Object.assign(component, { status: "Failed", failureReason: "CUDA out of memory", busyFor: 0 });
            const next = await up(provider, INPUTS, refreshed);
            assert.strictEqual(next.error!.message, `inference component ${NAME} is Failed: CUDA out of memory`, "the deploy looked, and failed");
            assert.strictEqual(standin.count(UPDATE), 1);
        }));

    it("a stale describe right after the update, still showing the old count, does not end the wait", () =>
        against({ staleAfterUpdate: 3, updatingFor: 1 }, async (component) => {
            const created = await provider.create(INPUTS);
            assert.deepStrictEqual(operations(), [DESCRIBE, UPDATE, DESCRIBE, DESCRIBE, DESCRIBE, DESCRIBE, DESCRIBE]);
            assert.deepStrictEqual([created.outs!.status, created.outs!.desiredCopyCount, created.outs!.currentCopyCount], ["InService", 0, 0]);
            assert.deepStrictEqual([component.desiredCopyCount, component.currentCopyCount], [0, 0]);
        }));

    it("stops waiting, and sends nothing more, once auto scaling asks for another count", () =>
        against({ updatingFor: 1000 }, async (component) => {
            const failure: Error & { properties?: Record<string, unknown> } =
                await provider.create({ ...INPUTS, timing: { ...FAST, waitTimeoutSeconds: 25 } }).then(() => assert.fail("the wait should time out"), (e) => e);
            // A request woke the parked component: the step policy asked for one copy.
            Object.assign(component, { status: "InService", desiredCopyCount: 1, currentCopyCount: 1, busyFor: 0 });
            const updated = await provider.update(ID, failure.properties!, await checked(INPUTS));
            assert.strictEqual(standin.count(UPDATE), 1);
            assert.deepStrictEqual([updated.outs!.desiredCopyCount, updated.outs!.currentCopyCount, component.desiredCopyCount], [1, 1, 1]);
        }));

    it("a refused count names the component and the count", () => against({
        refusals: { [UPDATE]: { type: "ValidationException", message: "Copy count 0 is not allowed while the endpoint is being updated" } },
    }, async () => {
        await assert.rejects(provider.create(INPUTS), (e: Error) => e.message === `inference component ${NAME}: UpdateInferenceComponentRuntimeConfig to 0 copies ` +
            "failed: ValidationException (HTTP 400): Copy count 0 is not allowed while the endpoint is being updated");
        assert.strictEqual(standin.count(UPDATE), 1, "a refusal is not retried");
    }));

    it("throttling that outlasts the retries names the component", () => against({ throttleRate: 1 }, async () => {
        await assert.rejects(provider.create({ ...INPUTS, timing: { ...FAST, maxRetries: 1 } }), (e: Error) => e.message ===
            `inference component ${NAME}: DescribeInferenceComponent failed after 2 attempts: ThrottlingException (HTTP 400): Rate exceeded; ` +
            "SageMaker is limiting the request rate: run again later, or raise timing.maxRetries");
    }));

    it("an update without a region input acts where the count was set, whatever region the deploy runs with", () => against({}, async () => {
        const created = await provider.create(INPUTS);
        await withEnv({ AWS_REGION: "eu-west-3" }, async () => provider.update(ID, created.outs!, await checked({ ...INPUTS, copyCount: 1 })));
        assert.deepStrictEqual([...new Set(standin.requests.map((r) => r.region))], ["us-east-1"]);
        assert.strictEqual(standin.count(UPDATE), 2);
    }));

    it("fails on a Failed component, naming it and the reason, sending nothing", () => against({}, async (component) => {
        component.failureReason = "CUDA out of memory";
        await assert.rejects(provider.create(INPUTS), (e: Error) => e.message === `inference component ${NAME} is Failed: CUDA out of memory`);
        assert.strictEqual(standin.count(UPDATE), 0);
    }, "Failed"));

    it("fails on a component that does not exist, naming it and the region", () => against({}, async () => {
        await assert.rejects(provider.create(INPUTS), (e: Error) => e.message === `inference component ${NAME} was not found in us-east-1`);
        assert.deepStrictEqual(operations(), [DESCRIBE]);
    }, null));

    it("read reports the copies the service holds now, keeping the requested count", () => against({}, async (component) => {
        const created = await provider.create(INPUTS);
        // Auto scaling scales out since.
        Object.assign(component, { status: "Updating", desiredCopyCount: 3, currentCopyCount: 1, busyFor: 100 });
        const read = await provider.read(created.id, created.outs!);
        assert.strictEqual(read.id, ID);
        assert.deepStrictEqual(read.props, { ...created.outs, status: "Updating", desiredCopyCount: 3, currentCopyCount: 1 });
        assert.strictEqual(standin.count(UPDATE), 1, "read changes nothing");
    }));

    it("read looks where the component was set, whatever region the refresh runs with", () => against({}, async () => {
        const created = await provider.create(INPUTS);
        const read = await withEnv({ AWS_REGION: "eu-west-3" }, () => provider.read(created.id, created.outs!));
        assert.strictEqual(read.id, ID, "the component is still there");
        assert.strictEqual(read.props!.inferenceComponentArn, ARN);
        assert.deepStrictEqual(standin.requests.map((r) => r.region), ["us-east-1", "us-east-1", "us-east-1", "us-east-1"]);
    }));

    it("read of a component that is gone says the resource is gone", () => against({}, async () => {
        const created = await provider.create(INPUTS);
        standin.components.delete(NAME);
        assert.deepStrictEqual(await provider.read(created.id, created.outs!), { id: "", props: {} });
    }));

    it("a second deploy after the copy count changed plans no change, and acts only on a new count", () => against({}, async (component) => {
        const created = await provider.create(INPUTS);
        Object.assign(component, { desiredCopyCount: 3, currentCopyCount: 3 });
        const read = (await provider.read(created.id, created.outs!)).props!;
        assert.strictEqual(read.desiredCopyCount, 3);
        const same = await checked(INPUTS);
        assert.deepStrictEqual(await provider.diff(ID, read, same), { changes: false, replaces: [], deleteBeforeReplace: false });
        assert.deepStrictEqual(await provider.diff(ID, read, await checked({ ...INPUTS, copyCount: 2 })),
            { changes: true, replaces: [], deleteBeforeReplace: false });

        const calls = standin.requests.length;
        const slower = await checked({ ...INPUTS, waitForCompletion: false, timing: { ...FAST, waitTimeoutSeconds: 2500 } });
        assert.deepStrictEqual((await provider.diff(ID, read, slower)).changes, true);
        const recorded = await provider.update(ID, read, slower);
        assert.strictEqual(standin.requests.length, calls, "waits and timings call nothing");
        assert.deepStrictEqual(recorded.outs, { ...read, waitForCompletion: false, timing: slower.timing });
        assert.deepStrictEqual([component.desiredCopyCount, component.currentCopyCount], [3, 3], "what auto scaling set stays");

        const updated = await provider.update(ID, recorded.outs, await checked({ ...INPUTS, copyCount: 2 }));
        assert.deepStrictEqual(standin.requests.slice(calls).filter((r) => r.operation === UPDATE).map((r) => r.body),
            [{ InferenceComponentName: NAME, DesiredRuntimeConfig: { CopyCount: 2 } }]);
        assert.deepStrictEqual([updated.outs.copyCount, updated.outs.status, updated.outs.desiredCopyCount, updated.outs.currentCopyCount],
            [2, "InService", 2, 2]);
    }));

    it("delete calls nothing and leaves the component's copies as they are", () => against({}, async (component) => {
        const created = await provider.create(INPUTS);
        Object.assign(component, { desiredCopyCount: 3, currentCopyCount: 3 });
        const calls = standin.requests.length;
        await provider.delete(created.id, created.outs!);
        assert.strictEqual(standin.requests.length, calls);
        assert.deepStrictEqual([component.status, component.desiredCopyCount, component.currentCopyCount], ["InService", 3, 3]);
    }));
});

describe("InferenceComponentRuntimeConfig provider, serialized as Pulumi does, in a fresh Node process", function () {
    this.timeout(20000);

    it("parks and reads a component, and reads a missing one as gone [slow: a fresh Node process]", () => against({ updatingFor: 1 }, async () => {
        const result = await runSerialized(runtimeConfigProvider, `
            const created = await provider.create(args[0]);
            const read = await provider.read(created.id, created.outs);
            const gone = await provider.read("us-east-1/mistral-7b-instruct", { ...args[0], inferenceComponentName: "mistral-7b-instruct" });
            return { id: created.id, created: created.outs.currentCopyCount, read: read.props, gone };`, [INPUTS], standinEnv(standin.url));
        assert.strictEqual(result.code, 0, result.err);
        const { id, created, read, gone } = JSON.parse(result.out);
        assert.deepStrictEqual([id, created, read.status, read.desiredCopyCount, read.currentCopyCount, read.inferenceComponentArn],
            [ID, 0, "InService", 0, 0, ARN]);
        assert.deepStrictEqual(gone, { id: "", props: {} });
        assert.deepStrictEqual(operations(), [DESCRIBE, UPDATE, DESCRIBE, DESCRIBE, DESCRIBE, DESCRIBE]);
    }));
});
