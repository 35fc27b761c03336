/** The production stack, on demand and on a training plan, through the real engine against the stand-in account (see support/scenario.ts). */
import * as assert from "assert";
import { loadStackConfig } from "../support/harness";
import { EngineStack } from "./support/engine";
import { change, clone, deployFresh, destroyAll, Entry, NEW_IMAGE, NS, ownAccount, PLAN_ARN, refreshClean, reservePlan, scenario } from "./support/scenario";

describe("the production stack through the real engine", () => {
    ownAccount();
    let s: EngineStack;
    const config = loadStackConfig("production");
    const realtime = () => clone(config[`${NS}:realtime`] as Entry);

    it("deploys, then changes nothing on a second preview and up", async () => {
        s = await scenario.session.stack("production", "production", config);
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
    it("deploys on the plan, raises the floor in the scalable target only, settles, and destroys everything", async () => {
        reservePlan(24 * 7, 4);
        const config = loadStackConfig("production");
        const s = await scenario.session.stack("production-reserved", "production", {
            ...config,
            [`${NS}:reservationArn`]: PLAN_ARN,
            [`${NS}:realtime`]: { ...(config[`${NS}:realtime`] as Entry), instanceType: "ml.p5.48xlarge", minInstances: 2, maxInstances: 4 },
        });
        await deployFresh(s, "production on a plan");
        const endpoint = scenario.account.sagemaker.endpoints.get("sagemaker-inference-production-realtime");
        assert.strictEqual(endpoint?.reservationArn, PLAN_ARN);
        const realtime = s.config(`${NS}:realtime`) as Entry;
        // From two instances up the rolling batch is one instance whatever the floor: raising it changes the target alone.
        assert.deepStrictEqual(await change(s, "min-instances", { [`${NS}:realtime`]: { ...realtime, minInstances: 3 } }), ["update Target realtime-scaling-target"]);
        await refreshClean(s, "production on a plan");
        await destroyAll(s, "production on a plan");
    });
});
