import * as assert from "assert";
import { extensionHistory, searchExtensionOfferings, sagemakerClient, sagemakerSdk, timingOf } from "../../dynamic-providers/sagemaker-ops";
import { boughtExtensionsOf, extensionOfferingsOf } from "../../dynamic-providers/extension-plan";
import { boughtPlan, Faults, startStandin, standinEnv, withEnv } from "../support/sagemaker-standin";

const FAST = timingOf({ pollInitialSeconds: 2.5, pollMaxSeconds: 10, retryBaseSeconds: 1, waitTimeoutSeconds: 500, maxRetries: 4 });
const OFFERING = { id: "tpo-1", fee: 80000, start: "2026-12-03T00:00:00Z", end: "2026-12-10T00:00:00Z" };

/** A bought plan with two extension offerings, and a client of the stand-in. */
async function withPlan<T>(faults: Faults, fn: (standin: Awaited<ReturnType<typeof startStandin>>, arn: string) => Promise<T>): Promise<T> {
    const standin = await startStandin([OFFERING], faults);
    const plan = boughtPlan("eval", OFFERING, "Active");
    standin.plans.set("eval", plan);
    standin.extensionOfferings.push({ id: "ext-72", planName: "eval", fee: 30000, hours: 72 }, { id: "ext-24", planName: "eval", fee: 11000, hours: 24 });
    try {
        return await withEnv(standinEnv(standin.url), () => fn(standin, plan.arn));
    } finally {
        await standin.stop();
    }
}

describe("the stand-in's training plan extensions, through the SDK", () => {
    it("offers extensions from the plan's end, extends it, and lists what was bought, oldest first, over pages", async () => {
        await withPlan({ historyPageSize: 1 }, async (standin, arn) => {
            const client = await sagemakerClient("us-east-1", FAST);
            const offerings = extensionOfferingsOf(await searchExtensionOfferings(client, arn, 72, FAST));
            assert.deepStrictEqual(offerings.map((o) => [o.offeringId, o.upfrontFee, o.durationHours, o.startDate, o.endDate]), [
                ["ext-72", 30000, 72, "2026-12-10T00:00:00.000Z", "2026-12-13T00:00:00.000Z"],
            ], "the offerings of the hours searched for");
            const sdk = sagemakerSdk();
            await client.send(new sdk.ExtendTrainingPlanCommand({ TrainingPlanExtensionOfferingId: "ext-72" }));
            await client.send(new sdk.ExtendTrainingPlanCommand({ TrainingPlanExtensionOfferingId: "ext-24" }));
            const history = boughtExtensionsOf(await extensionHistory(client, arn, FAST));
            assert.deepStrictEqual(history.map((e) => [e.offeringId, e.upfrontFee, e.startDate, e.endDate]), [
                ["ext-72", 30000, "2026-12-10T00:00:00.000Z", "2026-12-13T00:00:00.000Z"],
                ["ext-24", 11000, "2026-12-13T00:00:00.000Z", "2026-12-14T00:00:00.000Z"],
            ]);
            assert.strictEqual(standin.count("DescribeTrainingPlanExtensionHistory"), 2, "one page per extension");
            const plan = await client.send(new sdk.DescribeTrainingPlanCommand({ TrainingPlanName: "eval" }));
            assert.deepStrictEqual([plan.EndTime?.toISOString(), plan.DurationHours], ["2026-12-14T00:00:00.000Z", 168 + 96]);
            assert.deepStrictEqual(extensionOfferingsOf(await searchExtensionOfferings(client, arn, 72, FAST)), [], "bought offerings leave the list");
        });
    });

    it("can lose ExtendTrainingPlan's answer after the extension took effect, and show it in the history late", async () => {
        await withPlan({ lostExtendAnswer: "dropped", historyLagAfterExtend: 1 }, async (_standin, arn) => {
            const client = await sagemakerClient("us-east-1", FAST);
            const sdk = sagemakerSdk();
            await assert.rejects(client.send(new sdk.ExtendTrainingPlanCommand({ TrainingPlanExtensionOfferingId: "ext-72" })));
            assert.deepStrictEqual(await extensionHistory(client, arn, FAST), [], "not shown yet");
            assert.deepStrictEqual(boughtExtensionsOf(await extensionHistory(client, arn, FAST)).map((e) => e.offeringId), ["ext-72"]);
        });
    });
});
