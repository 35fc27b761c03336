/** The dev stack through the real engine against the stand-in account (see support/scenario.ts). */
import * as assert from "assert";
import { TYPES } from "../support/harness";
import { loadStackConfig } from "../support/harness";
import { changes, EngineStack } from "./support/engine";
import { assertNoChanges, assertSafe, changed } from "./support/expect";
import { change, clone, deployFresh, destroyAll, Entry, liveOf, NEW_IMAGE, NS, ownAccount, refreshClean, scenario } from "./support/scenario";

const DASHBOARD = "aws:cloudwatch/dashboard:Dashboard";

describe("the dev stack through the real engine", () => {
    ownAccount();
    let s: EngineStack;
    const config = loadStackConfig("dev");
    const components = () => clone(config[`${NS}:components`] as Entry[]);

    it("deploys, then changes nothing on a second preview and up", async () => {
        s = await scenario.session.stack("dev", "dev", config);
        const up = await deployFresh(s, "dev");
        assert.strictEqual(up.steps.filter((x) => x.type === TYPES.inferenceComponent && x.op === "create").length, 2);
        // What the committed settings turn on, as the account holds it: the shared endpoint's config
        // in the VPC with its volumes under the stack's key, and its dashboard charting both components.
        const network = config[`${NS}:network`] as Entry;
        assert.deepStrictEqual(liveOf(TYPES.endpointConfig, (r) => [r.inputs.vpcConfig, r.inputs.kmsKeyId]), [
            ["sagemaker-inference-dev-config", [{ securityGroupIds: network.securityGroupIds, subnets: network.subnets }, config[`${NS}:kmsKeyArn`]]],
        ]);
        assert.deepStrictEqual(liveOf(DASHBOARD, (r) => [...new Set(String(r.inputs.dashboardBody).match(/"InferenceComponentName","[^"]+"/g))]), [
            ["sagemaker-inference-dev-dashboard", ['"InferenceComponentName","llama3-8b-instruct"', '"InferenceComponentName","mistral-7b-instruct"']],
        ]);
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

    it("moves the endpoint into other subnets by a new config, its role let into them first, updating the endpoint in place and leaving the components alone", async () => {
        const network = { ...(config[`${NS}:network`] as Entry), subnets: ["subnet-2c3d4e5f60718293a", "subnet-3d4e5f60718293a4b"] };
        s.setConfig({ [`${NS}:network`]: network });
        const up = await s.up("subnets");
        assertSafe(up, "subnets");
        assertNoChanges(await s.preview("no-change"), "after subnets: preview");
        // The shared role's network-interface grants name the subnets: SageMaker may use the new ones before the new config asks it to.
        const steps = changes(up).map((x) => `${x.op} ${x.name}`);
        assert.ok(steps.indexOf("update execution-role-policy") < steps.indexOf("create-replacement sagemaker-inference-dev-config"), steps.join("\n"));
        assert.deepStrictEqual(changed(up), [
            "create-replacement EndpointConfig sagemaker-inference-dev-config", "delete-replaced EndpointConfig sagemaker-inference-dev-config",
            "replace EndpointConfig sagemaker-inference-dev-config", "update Endpoint sagemaker-inference-dev-endpoint",
            "update EndpointUpdateGuard sagemaker-inference-dev-update-guard", "update RolePolicy execution-role-policy",
        ]);
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
