/**
 * Every stack of this repository through the real Pulumi engine against the stand-in account:
 * preview, up, no changes on a second preview and up, realistic changes one at a time, refresh,
 * destroy with nothing left. The stand-ins are not AWS: they hold what the engine and the
 * providers' rules make of the program (names, references, replacements, ordering, state), not
 * what SageMaker would do with the models.
 */
import * as assert from "assert";
import { engineTools } from "../../scripts/engine-setup";
import { TYPES } from "../support/harness";
import { boughtPlan, StandinOffering } from "../support/sagemaker-standin";
import { EngineSession, EngineStack, PhaseResult, repoStackConfig } from "./support/engine";
import { assertNoChanges, assertSafe, changed } from "./support/expect";
import { startAccount, StandinAccount } from "./standin/account";

const NS = "sagemaker-inference";
const HOUR = 3600_000;
const NEW_IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.34.0-lmi16.0.0-cu128";
const PLAN_NAME = "p5-llm-eval-2026-12";
const PLAN_ARN = `arn:aws:sagemaker:us-east-1:123456789012:training-plan/${PLAN_NAME}`;

type Entry = Record<string, unknown>;
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

let account: StandinAccount;
let session: EngineSession;

/** Gives the scenario of the enclosing describe an account and engine session of its own: two scenarios may each deploy a stack named alike. */
function ownAccount(): void {
    before(async () => {
        account = await startAccount();
        session = await EngineSession.start(await engineTools(), account.env());
    });
    after(async () => {
        session?.close();
        await account?.stop();
    });
}

/** Live resources of the account, as `type name` lines, for messages. */
function live(): string[] {
    return account.resources().map((r) => `${r.type} ${r.name}`);
}

/** A reserved plan in the account: Active from a day ago, ending `hoursLeft` from now. */
function reservePlan(hoursLeft: number, instanceCount = 2): void {
    const now = Date.now();
    const offering: StandinOffering = {
        id: "tpo-existing", fee: 0, instanceType: "ml.p5.48xlarge", instanceCount,
        start: new Date(now - 24 * HOUR).toISOString(), end: new Date(now + hoursLeft * HOUR).toISOString(),
    };
    account.sagemaker.plans.set(PLAN_NAME, boughtPlan(PLAN_NAME, offering, hoursLeft > 0 ? "Active" : "Expired"));
}

/**
 * Deploys `stack` fresh: a preview that buys and creates nothing, an up, then a second preview and
 * up that change nothing (a perpetual diff fails here).
 */
async function deployFresh(s: EngineStack, what: string): Promise<PhaseResult> {
    const before = live().length;
    const preview = await s.preview("first");
    assert.ok(preview.steps.some((x) => x.op === "create"), `${what}: the first preview plans creates`);
    assert.strictEqual(live().length, before, `${what}: a preview created something`);
    const up = await s.up("first");
    assert.ok(account.resources().length > before, `${what}: the first up created nothing`);
    await assertSettled(s, `${what}, after the first up`);
    return up;
}

/** A preview and an up that change nothing. */
async function assertSettled(s: EngineStack, what: string): Promise<void> {
    assertNoChanges(await s.preview("no-change"), `${what}: preview`);
    assertNoChanges(await s.up("no-change"), `${what}: up`);
}

/** Applies a config change with an up, asserts it is safe and that a preview after it plans nothing, and returns what it did. */
async function change(s: EngineStack, label: string, config: Record<string, unknown>, removed: string[] = []): Promise<string[]> {
    s.setConfig(config);
    return settledUp(s, label, removed);
}

/** An up (with a refresh first, as after time passed), safe, then a preview that plans nothing. */
async function settledUp(s: EngineStack, label: string, removed: string[] = [], refresh = false): Promise<string[]> {
    const up = await s.up(label, refresh);
    assertSafe(up, label, removed);
    assertNoChanges(await s.preview("no-change"), `after ${label}: preview`);
    return changed(up);
}

/** A refresh that finds nothing changed, and a preview after it that plans nothing. */
async function refreshClean(s: EngineStack, what: string): Promise<void> {
    assertNoChanges(await s.refresh("clean"), `${what}: refresh`);
    assertNoChanges(await s.preview("after-refresh"), `${what}: preview after refresh`);
}

/** Destroys the stack and asserts the account holds nothing of it. */
async function destroyAll(s: EngineStack, what: string): Promise<void> {
    await s.destroy("all");
    assert.deepStrictEqual(live(), [], `${what}: left behind after destroy`);
}

describe("the dev stack through the real engine", () => {
    ownAccount();
    let s: EngineStack;
    const config = repoStackConfig("dev");
    const components = () => clone(config[`${NS}:components`] as Entry[]);

    it("deploys, then changes nothing on a second preview and up", async () => {
        s = await session.stack("dev", "dev", config);
        const up = await deployFresh(s, "dev");
        assert.strictEqual(up.steps.filter((x) => x.type === TYPES.inferenceComponent && x.op === "create").length, 2);
    });

    it("replaces a model whose image changes, create before delete, and updates its inference component in place", async () => {
        const next = components();
        next[0].image = NEW_IMAGE;
        const did = await change(s, "image", { [`${NS}:components`]: next });
        assert.ok(did.includes("replace Model llama3-8b-instruct-model"), did.join("\n"));
        assert.ok(did.includes("update InferenceComponent llama3-8b-instruct-component"), did.join("\n"));
        assert.ok(!did.some((d) => d.includes("mistral")), did.join("\n"));
    });

    it("plans nothing when the components are listed in another order", async () => {
        const next = clone(s.config(`${NS}:components`) as Entry[]).reverse();
        s.setConfig({ [`${NS}:components`]: next });
        assertNoChanges(await s.preview("reordered"), "components in another order");
    });

    it("raises the instance ceiling without replacing the endpoint", async () => {
        const did = await change(s, "max-instances", { [`${NS}:maxInstanceCount`]: 3 });
        assert.ok(did.includes("update Endpoint sagemaker-inference-dev-endpoint"), did.join("\n"));
    });

    it("moves a schedule by updating the schedules only", async () => {
        const schedule = clone(config[`${NS}:schedule`] as Entry);
        schedule.scaleInCron = "cron(0 19 ? * FRI *)";
        const did = await change(s, "schedule", { [`${NS}:schedule`]: schedule });
        assert.deepStrictEqual(did.filter((d) => !d.startsWith("update Schedule")), [], did.join("\n"));
        assert.ok(did.length > 0);
    });

    it("parks and unparks the components without touching the endpoint", async () => {
        const parked = await change(s, "parked", { [`${NS}:parked`]: true });
        assert.ok(parked.some((d) => d.startsWith("create InferenceComponentRuntimeConfig")), parked.join("\n"));
        assert.strictEqual(account.sagemaker.components.get("llama3-8b-instruct")?.desiredCopyCount, 0);
        await change(s, "unparked", { [`${NS}:parked`]: false });
    });

    it("adds a component, then removes one, leaving the others alone", async () => {
        const added = [...components(), { ...components()[1], name: "qwen-7b-instruct", modelDataUrl: "s3://acme-ml-models/qwen-7b-instruct/" }];
        const did = await change(s, "component-added", { [`${NS}:components`]: added });
        assert.ok(did.includes("create InferenceComponent qwen-7b-instruct-component"), did.join("\n"));
        assert.ok(!did.some((d) => /llama|mistral/.test(d) && !d.startsWith("update RolePolicy")), did.join("\n"));
        const removed = await change(s, "component-removed", { [`${NS}:components`]: added.slice(1) }, ["llama3-8b-instruct-component"]);
        assert.ok(removed.includes("delete InferenceComponent llama3-8b-instruct-component"), removed.join("\n"));
    });

    it("refreshes with no changes and destroys everything", async () => {
        await refreshClean(s, "dev");
        await destroyAll(s, "dev");
    });
});

describe("the production stack through the real engine", () => {
    ownAccount();
    let s: EngineStack;
    const config = repoStackConfig("production");
    const realtime = () => clone(config[`${NS}:realtime`] as Entry);

    it("deploys, then changes nothing on a second preview and up", async () => {
        s = await session.stack("production", "production", config);
        await deployFresh(s, "production");
    });

    it("raises the instance floor in the scalable target only", async () => {
        const did = await change(s, "min-instances", { [`${NS}:realtime`]: { ...realtime(), minInstances: 3 } });
        assert.deepStrictEqual(did, ["update Target realtime-scaling-target"]);
    });

    it("rolls a new image out by a new model and config, updating the endpoint in place", async () => {
        const next = { ...realtime(), minInstances: 3, model: { ...(realtime().model as Entry), image: NEW_IMAGE } };
        const did = await change(s, "image", { [`${NS}:realtime`]: next });
        assert.ok(did.includes("replace Model realtime-model"), did.join("\n"));
        assert.ok(did.includes("replace EndpointConfig realtime-config"), did.join("\n"));
        assert.ok(did.includes("update Endpoint realtime-endpoint"), did.join("\n"));
    });

    it("takes a new deployment setting without replacing anything", async () => {
        const next = { ...(s.config(`${NS}:realtime`) as Entry), deployment: { maximumBatchSize: 1, waitIntervalSeconds: 120 } };
        const did = await change(s, "deployment", { [`${NS}:realtime`]: next });
        assert.ok(did.some((d) => d.startsWith("update Endpoint realtime-endpoint")), did.join("\n"));
    });

    it("raises the asynchronous endpoint's ceiling in its scalable target", async () => {
        const next = { ...(config[`${NS}:async`] as Entry), maxInstances: 6 };
        const did = await change(s, "async-max", { [`${NS}:async`]: next });
        assert.ok(did.includes("update Target async-scaling-target"), did.join("\n"));
        assert.ok(!did.some((d) => d.includes("Endpoint ")), did.join("\n"));
    });

    it("refreshes with no changes and destroys everything", async () => {
        await refreshClean(s, "production");
        await destroyAll(s, "production");
    });
});

describe("the production stack on a training plan through the real engine", () => {
    ownAccount();
    it("deploys on the plan, settles, and destroys everything", async () => {
        reservePlan(24 * 7);
        const config = repoStackConfig("production");
        const s = await session.stack("production-reserved", "production", {
            ...config,
            [`${NS}:reservationArn`]: PLAN_ARN,
            [`${NS}:realtime`]: { ...(config[`${NS}:realtime`] as Entry), instanceType: "ml.p5.48xlarge", minInstances: 1, maxInstances: 2 },
        });
        await deployFresh(s, "production on a plan");
        const endpoint = account.sagemaker.endpoints.get("sagemaker-inference-production-realtime");
        assert.strictEqual(endpoint?.reservationArn, PLAN_ARN);
        await refreshClean(s, "production on a plan");
        await destroyAll(s, "production on a plan");
    });
});

describe("the evaluation stack on an existing plan through the real engine", () => {
    ownAccount();
    let s: EngineStack;
    const config = repoStackConfig("evaluation");
    const candidates = () => clone(config[`${NS}:candidates`] as Entry[]);

    it("deploys both candidates on the plan, then changes nothing", async () => {
        reservePlan(24 * 7);
        s = await session.stack("evaluation", "evaluation", config);
        await deployFresh(s, "evaluation");
        assert.strictEqual(account.sagemaker.endpoints.get("llama3-70b-ft-a")?.reservationArn, PLAN_ARN);
    });

    it("refuses at preview a new image that needs a spare reserved instance the plan does not have", async () => {
        const next = candidates();
        next[0].image = NEW_IMAGE;
        s.setConfig({ [`${NS}:candidates`]: next });
        await assert.rejects(s.preview("image-without-spare"), /spare/);
        s.setConfig({ [`${NS}:candidates`]: candidates() });
    });

    it("removes a candidate, then updates the other's image on the freed instance", async () => {
        const removed = await change(s, "candidate-removed", { [`${NS}:candidates`]: candidates().slice(0, 1) }, ["llama3-70b-ft-b-endpoint"]);
        assert.ok(removed.includes("delete Endpoint llama3-70b-ft-b-endpoint"), removed.join("\n"));
        const next = candidates().slice(0, 1);
        next[0].image = NEW_IMAGE;
        const did = await change(s, "image", { [`${NS}:candidates`]: next });
        assert.ok(did.includes("update Endpoint llama3-70b-ft-a-endpoint"), did.join("\n"));
    });

    it("adds a candidate back", async () => {
        const did = await change(s, "candidate-added", { [`${NS}:candidates`]: [{ ...candidates()[0], image: NEW_IMAGE }, candidates()[1]] });
        assert.ok(did.includes("create Endpoint llama3-70b-ft-b-endpoint"), did.join("\n"));
    });

    it("moves the endpoints to on-demand when the plan's end comes close, then passes", async () => {
        await change(s, "switch-configured", { [`${NS}:onReservationEnd`]: { switchToOnDemand: { minutesBefore: 60 } } });
        // The plan's end comes closer than minutesBefore: the deploy after a refresh (time passed) moves the endpoints itself.
        reservePlan(0.5);
        const close = await settledUp(s, "end-close", [], true);
        assert.ok(close.includes("update Endpoint llama3-70b-ft-a-endpoint"), close.join("\n"));
        assert.strictEqual(account.sagemaker.endpoints.get("llama3-70b-ft-a")?.reservationArn, undefined);
        reservePlan(-1);
        await settledUp(s, "end-passed", [], true);
        assert.strictEqual(account.sagemaker.endpoints.get("llama3-70b-ft-a")?.reservationArn, undefined);
        assert.strictEqual(account.sagemaker.endpoints.get("llama3-70b-ft-b")?.reservationArn, undefined);
    });

    it("refreshes with no changes and destroys everything", async () => {
        await refreshClean(s, "evaluation");
        await destroyAll(s, "evaluation");
    });
});

describe("the evaluation stack buying its plan through the real engine", () => {
    ownAccount();
    const OFFERING = "tpo-engine-suite";

    it("buys the plan once, in the up after a preview that bought nothing, across every phase", async () => {
        const now = Date.now();
        account.sagemaker.offerings.push({
            id: OFFERING, fee: 12345, instanceType: "ml.p5.48xlarge", instanceCount: 2, durationHours: 168,
            start: new Date(now + HOUR).toISOString(), end: new Date(now + 169 * HOUR).toISOString(),
        });
        const config = { ...repoStackConfig("evaluation") };
        for (const key of ["reservationArn", "reservedInstanceType", "reservedInstanceCount"]) {
            delete config[`${NS}:${key}`];
        }
        config[`${NS}:trainingPlan`] = {
            planName: "engine-suite-plan", instanceType: "ml.p5.48xlarge", instanceCount: 2, durationHours: 168,
            maxUpfrontFee: 20000, offeringId: OFFERING,
        };
        const s = await session.stack("evaluation-buys", "evaluation", config);
        const before = account.sagemaker.purchases.length;
        await deployFresh(s, "evaluation buying its plan");
        assert.strictEqual(account.sagemaker.purchases.length - before, 1);
        await refreshClean(s, "evaluation buying its plan");
        await s.destroy("all");
        assert.strictEqual(account.sagemaker.purchases.length - before, 1, "a training plan was bought twice");
        assert.deepStrictEqual(live(), []);
    });
});
