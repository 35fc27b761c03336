/** The dev stack through the real engine against the stand-in account (see support/scenario.ts). */
import * as assert from "assert";
import { TYPES } from "../support/harness";
import { loadStackConfig } from "../support/harness";
import { EngineStack } from "./support/engine";
import { assertNoChanges } from "./support/expect";
import { change, clone, deployFresh, destroyAll, Entry, NEW_IMAGE, NS, ownAccount, refreshClean, scenario } from "./support/scenario";

describe("the dev stack through the real engine", () => {
    ownAccount();
    let s: EngineStack;
    const config = loadStackConfig("dev");
    const components = () => clone(config[`${NS}:components`] as Entry[]);

    it("deploys, then changes nothing on a second preview and up", async () => {
        s = await scenario.session.stack("dev", "dev", config);
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
        assert.strictEqual(scenario.account.sagemaker.components.get("llama3-8b-instruct")?.desiredCopyCount, 0);
        const unparked = await change(s, "unparked", { [`${NS}:parked`]: false });
        assert.ok(unparked.some((d) => d.startsWith("delete InferenceComponentRuntimeConfig")), unparked.join("\n"));
        assert.ok(!unparked.some((d) => / (Endpoint|InferenceComponent) /.test(d)), unparked.join("\n"));
    });

    it("adds a component, then removes one, leaving the others alone", async () => {
        const current = clone(s.config(`${NS}:components`) as Entry[]);
        const added = [...current, { ...current[1], name: "qwen-7b-instruct", modelDataUrl: "s3://acme-ml-models/qwen-7b-instruct/" }];
        const did = await change(s, "component-added", { [`${NS}:components`]: added });
        assert.ok(did.includes("create InferenceComponent qwen-7b-instruct-component"), did.join("\n"));
        assert.ok(!did.some((d) => /llama|mistral/.test(d)), did.join("\n"));
        const removed = await change(s, "component-removed", { [`${NS}:components`]: added.filter((c) => c.name !== "llama3-8b-instruct") }, ["llama3-8b-instruct-component"]);
        assert.ok(removed.includes("delete InferenceComponent llama3-8b-instruct-component"), removed.join("\n"));
    });

    it("refreshes with no changes and destroys everything", async () => {
        await refreshClean(s, "dev");
        await destroyAll(s, "dev");
    });
});
