/**
 * The scenarios' shared steps: each scenario (a describe) deploys one of this repository's stacks
 * through the real engine into a stand-in account of its own, phase by phase, asserting after
 * each that nothing serving traffic was replaced or deleted and that nothing is left to change.
 */
import * as assert from "assert";
import { engineTools } from "../../../scripts/engine-setup";
import { boughtPlan, StandinOffering } from "../../support/sagemaker-standin";
import { LiveResource, startAccount, StandinAccount } from "../standin/account";
import { EngineSession, EngineStack, PhaseResult } from "./engine";
import { assertNoChanges, assertSafe, changed } from "./expect";

export const NS = "sagemaker-inference";
export const HOUR = 3600_000;
export const NEW_IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.34.0-lmi16.0.0-cu128";
export const PLAN_NAME = "p5-llm-eval-2026-12";
export const PLAN_ARN = `arn:aws:sagemaker:us-east-1:123456789012:training-plan/${PLAN_NAME}`;

export type Entry = Record<string, unknown>;
export const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The running scenario's account and engine session. */
export const scenario = {} as { account: StandinAccount; session: EngineSession };

/** Gives the scenario of the enclosing describe an account and engine session of its own: two scenarios may each deploy a stack named alike. */
export function ownAccount(): void {
    before(async () => {
        scenario.account = await startAccount();
        scenario.session = await EngineSession.start(await engineTools(), scenario.account.env());
    });
    after(async () => {
        scenario.session?.close();
        await scenario.account?.stop();
    });
}

/** Live resources of the account, as `type name` lines, for messages. */
export function live(): string[] {
    return scenario.account.resources().map((r) => `${r.type} ${r.name}`);
}

/** The live resources of a type, as `[logical name, what]` pairs in name order: for asserting by value what a deploy left in the account. */
export function liveOf(type: string, what: (r: LiveResource) => unknown): [string, unknown][] {
    return scenario.account.resources().filter((r) => r.type === type).map((r): [string, unknown] => [r.name, what(r)])
        .sort(([a], [b]) => a.localeCompare(b));
}

/** A reserved plan in the account: Active from a day ago, ending `hoursLeft` from now. */
export function reservePlan(hoursLeft: number, instanceCount = 2): void {
    const now = Date.now();
    const offering: StandinOffering = {
        id: "tpo-existing", fee: 0, instanceType: "ml.p5.48xlarge", instanceCount,
        start: new Date(now - 24 * HOUR).toISOString(), end: new Date(now + hoursLeft * HOUR).toISOString(),
    };
    scenario.account.sagemaker.plans.set(PLAN_NAME, boughtPlan(PLAN_NAME, offering, hoursLeft > 0 ? "Active" : "Expired"));
}

/**
 * Deploys `stack` fresh: a preview that buys and creates nothing, an up, then a second preview and
 * up that change nothing (a perpetual diff fails here).
 */
export async function deployFresh(s: EngineStack, what: string): Promise<PhaseResult> {
    const before = live().length;
    const preview = await s.preview("first");
    assert.ok(preview.steps.some((x) => x.op === "create"), `${what}: the first preview plans creates`);
    assert.strictEqual(live().length, before, `${what}: a preview created something`);
    const up = await s.up("first");
    assert.ok(scenario.account.resources().length > before, `${what}: the first up created nothing`);
    await assertSettled(s, `${what}, after the first up`);
    return up;
}

/** A preview and an up that change nothing. */
export async function assertSettled(s: EngineStack, what: string): Promise<void> {
    assertNoChanges(await s.preview("no-change"), `${what}: preview`);
    assertNoChanges(await s.up("no-change"), `${what}: up`);
}

/** Applies a config change with an up, asserts it is safe and that a preview after it plans nothing, and returns what it did. */
export async function change(s: EngineStack, label: string, config: Record<string, unknown>, removed: string[] = []): Promise<string[]> {
    s.setConfig(config);
    return settledUp(s, label, removed);
}

/** An up (with a refresh first, as after time passed), safe, then a preview that plans nothing. */
export async function settledUp(s: EngineStack, label: string, removed: string[] = [], refresh = false): Promise<string[]> {
    const up = await s.up(label, refresh);
    assertSafe(up, label, removed);
    assertNoChanges(await s.preview("no-change"), `after ${label}: preview`);
    return changed(up);
}

/** A refresh that finds nothing changed, and a preview after it that plans nothing. */
export async function refreshClean(s: EngineStack, what: string): Promise<void> {
    assertNoChanges(await s.refresh("clean"), `${what}: refresh`);
    assertNoChanges(await s.preview("after-refresh"), `${what}: preview after refresh`);
}

/** Destroys the stack and asserts the account holds nothing of it. */
export async function destroyAll(s: EngineStack, what: string): Promise<void> {
    await s.destroy("all");
    assert.deepStrictEqual(live(), [], `${what}: left behind after destroy`);
}
