/**
 * What the engine suite asserts of a phase's steps: nothing changed; nothing that serves traffic
 * replaced or deleted; replacements created before the old resource goes, and deletions last.
 */
import * as assert from "assert";
import { TYPES } from "../../support/harness";
import { changes, describeSteps, EngineStep, PhaseResult } from "./engine";

/** Resources that serve traffic or cost money to get back: never replaced or deleted by a change of config. */
export const SERVING_TYPES: readonly string[] = [
    TYPES.endpoint,
    TYPES.inferenceComponent,
    "pulumi-nodejs:dynamic/sagemaker-inference:TrainingPlan",
];

const REPLACING = ["replace", "create-replacement", "delete-replaced"];

/** The phase changed nothing: a second preview or up after a deploy, or a refresh. */
export function assertNoChanges(result: PhaseResult, what: string): void {
    const changed = changes(result);
    assert.deepStrictEqual(changed.map((s) => `${s.op} ${s.type} ${s.name}`), [], `${what}: expected no changes, got\n${describeSteps(changed)}`);
}

/**
 * The phase replaced or deleted no endpoint, inference component or training plan, except those
 * named in `removed` (a candidate the change removed), and every replacement ran create before
 * delete, with every deletion after every create and update.
 */
export function assertSafe(result: PhaseResult, what: string, removed: string[] = []): void {
    const steps = changes(result);
    const unsafe = steps.filter((s) => SERVING_TYPES.includes(s.type)
        && (REPLACING.includes(s.op) || (s.op === "delete" && !removed.includes(s.name))));
    assert.deepStrictEqual(unsafe.map((s) => `${s.op} ${s.type} ${s.name}`), [], `${what}: replaced or deleted what serves traffic:\n${describeSteps(steps)}`);
    assertDeletesLast(steps, what);
}

/** Every deletion (of a replaced resource or of one no longer in the program) comes after every create and update. */
export function assertDeletesLast(steps: EngineStep[], what: string): void {
    const lastBuild = Math.max(-1, ...steps.map((s, i) => (["create", "create-replacement", "update"].includes(s.op) ? i : -1)));
    const firstDelete = steps.findIndex((s) => ["delete", "delete-replaced"].includes(s.op));
    assert.ok(firstDelete === -1 || firstDelete > lastBuild, `${what}: a deletion ran before a create or update:\n${describeSteps(steps)}`);
    for (const s of steps.filter((x) => x.op === "replace")) {
        const created = steps.findIndex((x) => x.op === "create-replacement" && x.urn === s.urn);
        const deleted = steps.findIndex((x) => x.op === "delete-replaced" && x.urn === s.urn);
        assert.ok(created !== -1 && (deleted === -1 || created < deleted), `${what}: ${s.name} was not replaced create-before-delete:\n${describeSteps(steps)}`);
    }
}

/** `op type name` of the steps that change something, sorted: for comparing what a change did. */
export function changed(result: PhaseResult): string[] {
    return changes(result).map((s) => `${s.op} ${s.type.split(":").pop()} ${s.name}`).sort();
}
