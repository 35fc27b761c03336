/** The evaluation stack, on an existing plan and buying its own, through the real engine against the stand-in account (see support/scenario.ts). */
import * as assert from "assert";
import { loadStackConfig, TYPES } from "../support/harness";
import { EngineStack } from "./support/engine";
import { change, clone, deployFresh, destroyAll, Entry, HOUR, live, liveOf, NEW_IMAGE, NS, ownAccount, PLAN_ARN, refreshClean, reservePlan, scenario, settledUp } from "./support/scenario";

describe("the evaluation stack on an existing plan through the real engine", () => {
    ownAccount();
    let s: EngineStack;
    const config = loadStackConfig("evaluation");
    const candidates = () => clone(config[`${NS}:candidates`] as Entry[]);

    it("deploys both candidates on the plan, then changes nothing", async () => {
        reservePlan(24 * 7);
        s = await scenario.session.stack("evaluation", "evaluation", config);
        await deployFresh(s, "evaluation");
        assert.strictEqual(scenario.account.sagemaker.endpoints.get("llama3-70b-ft-a")?.reservationArn, PLAN_ARN);
        // The committed capture setting, as the account holds it: every request and response of each
        // candidate in a folder of its own, under the stack's key like the volumes.
        const key = config[`${NS}:kmsKeyArn`];
        const capture = (candidate: string) => ({
            enableCapture: true, initialSamplingPercentage: 100, destinationS3Uri: `${String(config[`${NS}:dataCapture`])}${candidate}`, kmsKeyId: key,
            captureOptions: [{ captureMode: "Input" }, { captureMode: "Output" }], captureContentTypeHeader: { jsonContentTypes: ["application/json"] },
        });
        assert.deepStrictEqual(liveOf(TYPES.endpointConfig, (r) => [r.inputs.dataCaptureConfig, r.inputs.kmsKeyId]), [
            ["llama3-70b-ft-a-config", [capture("llama3-70b-ft-a"), key]], ["llama3-70b-ft-b-config", [capture("llama3-70b-ft-b"), key]],
        ]);
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
        assert.strictEqual(scenario.account.sagemaker.endpoints.get("llama3-70b-ft-a")?.reservationArn, undefined);
        // The notice was due 23.5 hours ago: its one-time schedule is disabled, never sent a time in the past.
        const notice = scenario.account.resources().find((r) => r.name === "reservation-end-schedule")!;
        assert.deepStrictEqual([notice.inputs.state, String(notice.inputs.scheduleExpression).startsWith("at(")], ["DISABLED", false]);
        reservePlan(-1);
        await settledUp(s, "end-passed", [], true);
        assert.strictEqual(scenario.account.sagemaker.endpoints.get("llama3-70b-ft-a")?.reservationArn, undefined);
        assert.strictEqual(scenario.account.sagemaker.endpoints.get("llama3-70b-ft-b")?.reservationArn, undefined);
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
        scenario.account.sagemaker.offerings.push({
            id: OFFERING, fee: 12345, instanceType: "ml.p5.48xlarge", instanceCount: 2, durationHours: 168,
            start: new Date(now + HOUR).toISOString(), end: new Date(now + 169 * HOUR).toISOString(),
        });
        const config = { ...loadStackConfig("evaluation") };
        for (const key of ["reservationArn", "reservedInstanceType", "reservedInstanceCount"]) {
            delete config[`${NS}:${key}`];
        }
        config[`${NS}:trainingPlan`] = {
            planName: "engine-suite-plan", instanceType: "ml.p5.48xlarge", instanceCount: 2, durationHours: 168,
            maxUpfrontFee: 20000, offeringId: OFFERING,
        };
        const s = await scenario.session.stack("evaluation-buys", "evaluation", config);
        const before = scenario.account.sagemaker.purchases.length;
        await deployFresh(s, "evaluation buying its plan");
        assert.strictEqual(scenario.account.sagemaker.purchases.length - before, 1);
        await refreshClean(s, "evaluation buying its plan");
        await s.destroy("all");
        assert.strictEqual(scenario.account.sagemaker.purchases.length - before, 1, "a training plan was bought twice");
        assert.deepStrictEqual(live(), []);
    });
});
