import * as assert from "assert";
import { trainingPlanProvider } from "../../dynamic-providers/training-plan";
import { EngineState, hosted, up } from "../support/provider-host";
import { ARN, FAST, NAME } from "../support/training-plan-fixtures";
import { Faults, Standin, StandinExtensionOffering, startStandin, standinEnv, withEnv } from "../support/sagemaker-standin";


const INPUTS = {
    planName: NAME, instanceType: "ml.p5.48xlarge", instanceCount: 2, durationHours: 168,
    startTimeAfter: "2026-12-01T00:00:00Z", endTimeBefore: "2026-12-20T00:00:00Z", maxUpfrontFee: 100000, timing: FAST,
};
const EXTENSIONS: StandinExtensionOffering[] = [
    { id: "ext-72-dear", planName: NAME, fee: 45000, hours: 72 },
    { id: "ext-72", planName: NAME, fee: 30000, hours: 72 },
    { id: "ext-24", planName: NAME, fee: 11000, hours: 24 },
];
const provider = hosted(trainingPlanProvider);

/** A plan bought by a first `pulumi up`, then `fn` with the stand-in; ExtendTrainingPlan never reaches the service twice for an offering. */
async function withBoughtPlan(fn: (standin: Standin, bought: EngineState) => Promise<void>, faults: Faults = {}): Promise<void> {
    const standin = await startStandin([{ id: "tpo-1", fee: 80000, start: "2026-12-03T00:00:00Z", end: "2026-12-10T00:00:00Z" }]);
    standin.extensionOfferings.push(...EXTENSIONS.map((o) => ({ ...o })));
    try {
        await withEnv(standinEnv(standin.url), async () => {
            const { state, error } = await up(provider, INPUTS);
            assert.strictEqual(error, undefined);
            Object.assign(standin.faults, faults);
            await fn(standin, state!);
        });
        const extended = standin.requests.filter((r) => r.operation === "ExtendTrainingPlan" && r.fault === undefined).map((r) => r.body.TrainingPlanExtensionOfferingId);
        assert.strictEqual(new Set(extended).size, extended.length, `an extension offering sent twice: ${extended}`);
    } finally {
        await standin.stop();
    }
}

const withExtensions = (extensions: { durationHours: number; maxUpfrontFee: number; offeringId?: string }[]) => ({ ...INPUTS, extensions });

describe("TrainingPlan extensions: bought as previewed, once each, never undone", () => {
    it("previews the offering an added entry would buy, buys exactly it, waits for the new end, and reports it", async () => {
        await withBoughtPlan(async (standin, bought) => {
            const checked = await provider.check(bought.inputs, withExtensions([{ durationHours: 72, maxUpfrontFee: 40000 }]));
            assert.deepStrictEqual(checked.failures ?? [], []);
            assert.strictEqual(checked.inputs!.extensionPreview,
                "extensions[0] (72 h, at most 40000 USD) would buy extension offering ext-72 for 30000 USD, to end 2026-12-13T00:00:00.000Z");
            const { state, error } = await up(provider, withExtensions([{ durationHours: 72, maxUpfrontFee: 40000 }]), bought);
            assert.strictEqual(error, undefined);
            assert.deepStrictEqual(standin.requests.filter((r) => r.operation === "ExtendTrainingPlan").map((r) => r.body), [{ TrainingPlanExtensionOfferingId: "ext-72" }]);
            const outs = state!.outputs;
            assert.deepStrictEqual([outs.endTime, outs.durationHours], ["2026-12-13T00:00:00.000Z", 240]);
            assert.deepStrictEqual((outs.extensionsBought as { offeringId: string; upfrontFee: number; startDate: string; endDate: string }[])
                .map((e) => [e.offeringId, e.upfrontFee, e.startDate, e.endDate]), [["ext-72", 30000, "2026-12-10T00:00:00.000Z", "2026-12-13T00:00:00.000Z"]]);
            const again = await up(provider, withExtensions([{ durationHours: 72, maxUpfrontFee: 40000 }]), state);
            assert.strictEqual(again.error, undefined);
            assert.strictEqual(standin.count("ExtendTrainingPlan"), 1, "a second run buys nothing");
        });
    });

    it("buys the offering an entry pins, even beside a cheaper one, and buys nothing when the pin is not offered", async () => {
        await withBoughtPlan(async (standin, bought) => {
            const gone = await up(provider, withExtensions([{ durationHours: 72, maxUpfrontFee: 50000, offeringId: "ext-72-gone" }]), bought);
            assert.match(gone.error!.message, /extensions\[0\] \(72 h, at most 50000 USD, offering ext-72-gone only\): nothing fits: offering ext-72-gone is not among the 2 extension offerings found of 72 h in USD/);
            const pinned = [{ durationHours: 72, maxUpfrontFee: 50000, offeringId: "ext-72-dear" }];
            const checked = await provider.check(bought.inputs, withExtensions(pinned));
            assert.match(String(checked.inputs!.extensionPreview), /would buy extension offering ext-72-dear for 45000 USD/);
            const { error } = await up(provider, withExtensions(pinned), bought);
            assert.strictEqual(error, undefined);
            assert.deepStrictEqual(standin.requests.filter((r) => r.operation === "ExtendTrainingPlan").map((r) => r.body), [{ TrainingPlanExtensionOfferingId: "ext-72-dear" }]);
        });
    });

    it("fails the preview when nothing fits an entry's cap, and buys nothing", async () => {
        await withBoughtPlan(async (standin, bought) => {
            const { error } = await up(provider, withExtensions([{ durationHours: 72, maxUpfrontFee: 25000 }]), bought);
            assert.match(error!.message, /^training plan p5-llm-eval: extensions\[0\] \(72 h, at most 25000 USD\): nothing fits: the cheapest of 72 h costs 30000 USD, above the cap\. Nothing is bought/);
            assert.strictEqual(standin.count("ExtendTrainingPlan"), 0);
        });
    });

    it("after an answer lost once the extension took effect, the next run finds it in the history and buys nothing", async () => {
        await withBoughtPlan(async (standin, bought) => {
            const entries = [{ durationHours: 72, maxUpfrontFee: 40000 }];
            const first = await up(provider, withExtensions(entries), bought);
            assert.match(first.error!.message, /^extensions\[0\] of training plan p5-llm-eval: the extension may have been bought\. ExtendTrainingPlan with offering ext-72 got no readable answer/);
            assert.strictEqual(first.state!.id, ARN, "the plan stays in the state");
            // The history still lags: the plan's length shows an extension the history does not explain.
            const early = await up(provider, withExtensions(entries), first.state);
            assert.match(early.error!.message, /^training plan p5-llm-eval: the plan is 72 h longer than its purchase and its 0 extensions in the history explain: .*Nothing is bought until it does/);
            standin.settleHistory();
            const second = await up(provider, withExtensions(entries), early.state);
            assert.strictEqual(second.error, undefined);
            assert.strictEqual(standin.count("ExtendTrainingPlan"), 1, "never sent again");
            assert.deepStrictEqual((second.state!.outputs.extensionsBought as { offeringId: string }[]).map((e) => e.offeringId), ["ext-72"],
                "the extension the lost answer bought is reported");
            assert.strictEqual(second.state!.inputs.extensionPreview, "all 1 extensions bought; none to buy");
        }, { lostExtendAnswer: "dropped", historyLagAfterExtend: 50 });
    });

    it("keeps an extension in doubt when the plan shows nothing yet, and never buys its entry again until the history settles it", async () => {
        await withBoughtPlan(async (standin, bought) => {
            const entries = [{ durationHours: 72, maxUpfrontFee: 50000 }];
            const first = await up(provider, withExtensions(entries), bought);
            assert.match(first.error!.message, /the extension may have been bought.*the state records it in doubt/);
            assert.deepStrictEqual(first.state!.outputs.extensionInDoubt, { index: 0, offeringId: "ext-72" });
            // Neither the history nor the plan's length shows it yet: the preview sees a pending entry and the dearer offering.
            standin.plans.get(NAME)!.extendedHours = 0;
            const second = await up(provider, withExtensions(entries), first.state);
            assert.match(second.error!.message, /^training plan p5-llm-eval: extensions\[0\]: ExtendTrainingPlan with offering ext-72 may have gone through .* nothing more is bought until it shows there/);
            assert.strictEqual(standin.count("ExtendTrainingPlan"), 1, "the dearer offering was not bought");
            assert.deepStrictEqual(second.state!.outputs.extensionInDoubt, { index: 0, offeringId: "ext-72" }, "still in doubt");
            standin.plans.get(NAME)!.extendedHours = 72;
            standin.settleHistory();
            const third = await up(provider, withExtensions(entries), second.state);
            assert.strictEqual(third.error, undefined);
            assert.strictEqual(third.state!.outputs.extensionInDoubt, undefined, "settled by the history");
            assert.deepStrictEqual((third.state!.outputs.extensionsBought as { offeringId: string }[]).map((e) => e.offeringId), ["ext-72"]);
            assert.strictEqual(standin.count("ExtendTrainingPlan"), 1);
        }, { lostExtendAnswer: "dropped", historyLagAfterExtend: 1000 });
    });

    it("refuses to remove or change a bought entry, or to add two at once", async () => {
        await withBoughtPlan(async (standin, bought) => {
            const { state } = await up(provider, withExtensions([{ durationHours: 72, maxUpfrontFee: 40000 }]), bought);
            const removed = await up(provider, withExtensions([]), state);
            assert.match(removed.error!.message, /extensions\[0\] \(72 h\) was bought and cannot be removed: an extension cannot be undone/);
            const changed = await up(provider, withExtensions([{ durationHours: 24, maxUpfrontFee: 40000 }]), state);
            assert.match(changed.error!.message, /extensions\[0\]: 24 h for at most 40000 differs from the 72 h for at most 40000 already bought/);
            const two = await up(provider, withExtensions([{ durationHours: 72, maxUpfrontFee: 40000 }, { durationHours: 24, maxUpfrontFee: 20000 }, { durationHours: 24, maxUpfrontFee: 20000 }]), state);
            assert.match(two.error!.message, /extensions\[2\] and after: add one extension per deploy/);
            assert.strictEqual(standin.count("ExtendTrainingPlan"), 1);
        });
    });

    it("buys nothing when the previewed offering's price rose before the deploy", async () => {
        await withBoughtPlan(async (standin, bought) => {
            const news = withExtensions([{ durationHours: 72, maxUpfrontFee: 40000 }]);
            const checked = await provider.check(bought.inputs, news);
            standin.extensionOfferings.find((o) => o.id === "ext-72")!.fee = 35000;
            await assert.rejects(provider.update(bought.id, bought.outputs, checked.inputs!),
                /^Error: extensions\[0\] of training plan p5-llm-eval: nothing bought: extension offering ext-72 now costs 35000 USD, not the 30000 USD the preview showed/);
            assert.strictEqual(standin.count("ExtendTrainingPlan"), 0);
        });
    });
});
