import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { sagemakerClient, sagemakerSdk, timingOf } from "../../dynamic-providers/sagemaker-ops";
import { trainingPlanProvider } from "../../dynamic-providers/training-plan";
import { EngineState, hosted, up } from "../support/provider-host";
import { ARN, FAST, NAME } from "../support/training-plan-fixtures";
import { Faults, Standin, StandinExtensionOffering, startStandin, standinEnv, withEnv } from "../support/sagemaker-standin";
import { testClock } from "../support/virtual-clock";


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
const UNKNOWN = pulumi.runtime.unknownValue;

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
                "extensions[0] (72 h within its cap) would buy extension offering ext-72 for 30000 USD, to end 2026-12-13T00:00:00.000Z");
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
            assert.match(gone.error!.message, /extensions\[0\] \(72 h within its cap, offering ext-72-gone only\): nothing fits: offering ext-72-gone is not among the 2 extension offerings found of 72 h in USD/);
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
            assert.match(error!.message, /^training plan p5-llm-eval: extensions\[0\] \(72 h within its cap\): nothing fits: the cheapest of 72 h costs 30000 USD, above the cap\. Nothing is bought/);
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
            assert.match(changed.error!.message, /extensions\[0\] was bought and cannot change \(durationHours 72 -> 24\): an extension cannot be undone or changed/);
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

/** An entry whose cap also fits the dearer offering, which a run that lost track of a purchase would buy next. */
const ENTRY = { durationHours: 72, maxUpfrontFee: 50000 };
const NEW_END = "2026-12-13T00:00:00.000Z";
const boughtIds = (state: EngineState | undefined) => ((state?.outputs.extensionsBought ?? []) as { offeringId: string }[]).map((e) => e.offeringId);
const served = (standin: Standin, operation: string) => standin.served(operation);

/** The warnings `fn` logs through Pulumi. */
async function warningsOf(fn: () => Promise<unknown>): Promise<string[]> {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (msg: string) => { warnings.push(msg); };
    try {
        await fn();
    } finally {
        console.warn = warn;
    }
    return warnings;
}

describe("TrainingPlan extensions: once one may be bought, no run buys its entry again", () => {
    const afterPurchase: [string, Faults][] = [
        ["the wait for the plan's new end times out", {}],
        ["DescribeTrainingPlan fails", { serverErrorsAfterExtend: { DescribeTrainingPlan: 1000 } }],
        ["the extension history cannot be read", { serverErrorsAfterExtend: { DescribeTrainingPlanExtensionHistory: 1000 } }],
    ];
    for (const [what, faults] of afterPurchase) {
        it(`ExtendTrainingPlan answered, then ${what}: the state records the extension in doubt, and a run while the plan lags buys nothing`, async () => {
            await withBoughtPlan(async (standin, bought) => {
                const first = await up(provider, withExtensions([ENTRY]), bought);
                assert.match(first.error!.message, /^extensions\[0\] of training plan p5-llm-eval: extension offering ext-72 \(30000 USD\) was bought, but /);
                assert.match(first.error!.message, /The state records extensions\[0\] in doubt until the plan's extension history shows it/);
                assert.doesNotMatch(first.error!.message, /finds it in the history and buys nothing/);
                assert.deepStrictEqual(first.state!.outputs.extensionInDoubt, { index: 0, offeringId: "ext-72" });
                standin.faults.serverErrors = {};
                // The plan's end and history still lag: the preview sees a pending entry, and the dearer offering starting where the plan really ends.
                const second = await up(provider, withExtensions([ENTRY]), first.state);
                assert.match(second.error!.message, /^training plan p5-llm-eval: extensions\[0\]: extension offering ext-72-dear starts 2026-12-13T00:00:00\.000Z, after the plan's end/);
                assert.strictEqual(served(standin, "ExtendTrainingPlan"), 1, "the dearer offering was not bought");
                standin.settleHistory();
                const third = await up(provider, withExtensions([ENTRY]), second.state);
                assert.strictEqual(third.error, undefined);
                assert.deepStrictEqual([third.state!.outputs.extensionInDoubt, boughtIds(third.state), third.state!.outputs.endTime], [undefined, ["ext-72"], NEW_END]);
            }, { ...faults, historyLagAfterExtend: 1000, endLagAfterExtend: 1000 });
        });
    }

    it("a lost answer found in the history, then a plan slow to show its end: the next run outputs the new end, start, length and status", async () => {
        await withBoughtPlan(async (standin, bought) => {
            const first = await up(provider, withExtensions([ENTRY]), bought);
            assert.match(first.error!.message, /^extensions\[0\] of training plan p5-llm-eval: extension offering ext-72 \(30000 USD\) was bought \(the extension history shows it\), but /);
            standin.settleHistory();
            const next = await up(provider, withExtensions([ENTRY]), first.state);
            assert.strictEqual(next.error, undefined);
            const outs = next.state!.outputs;
            assert.deepStrictEqual([outs.endTime, outs.startTime, outs.durationHours, outs.status, boughtIds(next.state)],
                [NEW_END, "2026-12-03T00:00:00.000Z", 240, "Scheduled", ["ext-72"]]);
            assert.strictEqual(served(standin, "ExtendTrainingPlan"), 1);
        }, { lostExtendAnswer: "dropped", historyLagAfterExtend: 1, endLagAfterExtend: 1000 });
    });

    it("a network that stays down after a lost answer does not stretch the look-up in the history: one attempt each, within what is left [slow: a real request timeout]", async () => {
        await withBoughtPlan(async (standin, bought) => {
            const news = { ...withExtensions([ENTRY]), timing: { ...FAST, requestTimeoutSeconds: 5, lostAnswerLookupSeconds: 1 } };
            const checked = await provider.check(bought.inputs, news);
            // The look-up's request timeout is real: here it must count against the look-up's budget.
            testClock().followRealTime();
            const failure = await provider.update(bought.id, bought.outputs, checked.inputs!).then(() => assert.fail("expected a failure"), (e: Error) => e);
            assert.match(failure.message, /^extensions\[0\] of training plan p5-llm-eval: the extension may have been bought\. .*\(timed out after 1 s waiting for extensions\[0\] of training plan p5-llm-eval to show in the extension history; last seen: training plan arn:\S+: DescribeTrainingPlanExtensionHistory failed: TimeoutError/);
            const after = standin.requests.slice(standin.requests.findIndex((r) => r.operation === "ExtendTrainingPlan") + 1);
            assert.deepStrictEqual(after.map((r) => r.operation), ["DescribeTrainingPlanExtensionHistory"], "one look-up of at most what is left (1 s), not several of 5 s");
        }, { lostExtendAnswer: "dropped", delaysAfterExtend: { DescribeTrainingPlanExtensionHistory: 60_000 } });
    });

    it("an extension bought by hand between preview and update: nothing bought, said at once, no wait", async () => {
        await withBoughtPlan(async (standin, bought) => {
            const checked = await provider.check(bought.inputs, withExtensions([ENTRY]));
            const sdk = sagemakerSdk();
            await (await sagemakerClient("us-east-1", timingOf(FAST))).send(new sdk.ExtendTrainingPlanCommand({ TrainingPlanExtensionOfferingId: "ext-24" }));
            const before = testClock().slept();
            const failure = await provider.update(bought.id, bought.outputs, checked.inputs!).then(() => assert.fail("expected a failure"), (e: Error) => e);
            assert.strictEqual(failure.message, "extensions[0] of training plan p5-llm-eval: nothing bought: the plan's extension history shows 1 extension, " +
                "not the 0 the preview saw: an extension was bought meanwhile (by hand or by another run), and it counts as extensions[0]. " +
                "Run pulumi preview again to see what the entries ask now.");
            assert.ok(testClock().slept() - before < 0.5, "no wait for an end that nothing moves");
            assert.deepStrictEqual(standin.requests.filter((r) => r.operation === "ExtendTrainingPlan").map((r) => r.body.TrainingPlanExtensionOfferingId), ["ext-24"]);
        });
    });

    it("a refusal because the plan is being updated says to wait and run pulumi up again, and buys nothing", async () => {
        await withBoughtPlan(async (standin, bought) => {
            const { error, state } = await up(provider, withExtensions([ENTRY]), bought);
            assert.match(error!.message, /nothing bought: ExtendTrainingPlan was refused: ValidationException \(HTTP 400\): .*update in progress.*wait until it is done, then run pulumi up again/);
            assert.strictEqual(state!.outputs.extensionInDoubt, undefined);
            assert.strictEqual(served(standin, "ExtendTrainingPlan"), 0);
        }, { refusals: { ExtendTrainingPlan: { type: "ValidationException", message: `Training plan ${ARN} has an update in progress` } } });
    });
});

describe("TrainingPlan extensions: a plan taken over by another resource (rename, component, --replace)", () => {
    it("adopts a plan whose length shows an extension its history does not yet: the entry is in doubt, and nothing is bought until the history shows it", async () => {
        await withBoughtPlan(async (standin, bought) => {
            const old = await up(provider, withExtensions([ENTRY]), bought);
            assert.deepStrictEqual(old.state!.outputs.extensionInDoubt, { index: 0, offeringId: "ext-72" });
            // The new resource: no state of its own.
            const adopted = await up(provider, withExtensions([ENTRY]));
            assert.strictEqual(adopted.error, undefined);
            assert.deepStrictEqual([adopted.state!.id, adopted.state!.outputs.extensionInDoubt, adopted.state!.outputs.offeringId], [ARN, { index: 0 }, undefined]);
            assert.match(String(adopted.state!.inputs.extensionPreview), /extensions\[0\] may have been bought/);
            const next = await up(provider, withExtensions([ENTRY]), adopted.state);
            assert.match(next.error!.message, /the plan is 72 h longer than its purchase and its 0 extensions in the history explain/);
            standin.settleHistory();
            const settled = await up(provider, withExtensions([ENTRY]), next.state);
            assert.strictEqual(settled.error, undefined);
            assert.deepStrictEqual([settled.state!.outputs.extensionInDoubt, boughtIds(settled.state), settled.state!.outputs.endTime], [undefined, ["ext-72"], NEW_END]);
            assert.strictEqual(served(standin, "ExtendTrainingPlan"), 1);
            // The old resource's delete says what it leaves behind, and does not claim the plan is untracked.
            const warnings = await warningsOf(() => provider.delete(old.state!.id, old.state!.outputs));
            assert.strictEqual(warnings.length, 1);
            assert.match(warnings[0], /This resource no longer tracks it; if another resource of the stack adopted it \(a rename, a move into a component, or --replace\), that one does\./);
            assert.match(warnings[0], /It leaves extensions\[0\] \(offering ext-72\) in doubt/);
            assert.doesNotMatch(warnings[0], /only stops Pulumi from tracking it/);
        }, { lostExtendAnswer: "dropped", historyLagAfterExtend: 1000 });
    });

    it("adopts a plan whose history shows its entries, counting them as bought", async () => {
        await withBoughtPlan(async (standin, bought) => {
            await up(provider, withExtensions([ENTRY]), bought);
            const adopted = await up(provider, withExtensions([ENTRY]));
            assert.strictEqual(adopted.error, undefined);
            assert.deepStrictEqual([adopted.state!.outputs.extensionInDoubt, boughtIds(adopted.state), adopted.state!.outputs.endTime], [undefined, ["ext-72"], NEW_END]);
            const again = await up(provider, withExtensions([ENTRY]), adopted.state);
            assert.strictEqual(again.error, undefined);
            assert.strictEqual(served(standin, "ExtendTrainingPlan"), 1);
        });
    });

    it("refuses an entry that neither the history nor the plan's length shows when adopting: it may be lagging, never bought again", async () => {
        await withBoughtPlan(async (standin, bought) => {
            await up(provider, withExtensions([ENTRY]), bought);
            const adopted = await up(provider, withExtensions([ENTRY]));
            assert.strictEqual(adopted.error!.failures![0].property, "extensions");
            assert.match(adopted.error!.message, /extensions\[0\] and after are not in the extension history of the plan this deploy adopts \(0 extensions\): a deploy that adopts a plan buys no extension/);
            assert.match(adopted.error!.message, /aliases/);
            assert.deepStrictEqual([served(standin, "ExtendTrainingPlan"), served(standin, "CreateTrainingPlan")], [1, 1]);
        }, { historyLagAfterExtend: 1000, endLagAfterExtend: 1000 });
    });
});

describe("TrainingPlan extensions: the preview says what will be bought, and of which plan", () => {
    it("refuses extensions in a plan's first deploy, buying nothing", async () => {
        const standin = await startStandin([{ id: "tpo-1", fee: 80000, start: "2026-12-03T00:00:00Z", end: "2026-12-10T00:00:00Z" }]);
        try {
            await withEnv(standinEnv(standin.url), async () => {
                const { error } = await up(provider, withExtensions([ENTRY]));
                assert.deepStrictEqual(error!.failures!.map((f) => f.property), ["extensions"]);
                assert.match(error!.message, /^training plan p5-llm-eval: extensions: a plan's first deploy buys no extension: add extensions once the plan is bought/);
                assert.strictEqual(standin.count("CreateTrainingPlan"), 0);
            });
        } finally {
            await standin.stop();
        }
    });

    it("another account's plan of the name is named at preview, and nothing of it is extended or recorded", async () => {
        await withBoughtPlan(async (standin, bought) => {
            const other = ARN.replace("123456789012", "210987654321");
            standin.plans.get(NAME)!.arn = other;
            const { error, state } = await up(provider, withExtensions([ENTRY]), bought);
            assert.match(error!.message, new RegExp(`^training plan p5-llm-eval: the plan named p5-llm-eval that these credentials see is ${other}, ` +
                `another account's \\(210987654321, not 123456789012 of the stack's ${ARN}\\)`));
            assert.strictEqual(state, bought);
            assert.strictEqual(standin.count("ExtendTrainingPlan"), 0);
            // An update that reads the plan for its entries (a state written before check recorded the ARN it saw) refuses the other's too.
            await assert.rejects(provider.update(bought.id, bought.outputs, { ...bought.inputs, extensions: [ENTRY], maxUpfrontFee: 90000 }), (e: Error) =>
                e.message.startsWith(`training plan ${ARN}: the plan named p5-llm-eval that these credentials see is ${other}, another account's`));
        });
    });

    it("a secret cap's value appears in no preview, output or message", async () => {
        const CAP = 99991.37;
        const EXT_CAP = 40001.73;
        const LOW_CAP = 25003.91;
        await withBoughtPlan(async (_standin, bought) => {
            const texts: unknown[] = [];
            const note = (value: unknown) => texts.push(value);
            const withoutCaps = (props: Record<string, unknown> | undefined) => {
                const { maxUpfrontFee: _fee, extensions: _entries, ...rest } = props ?? {};
                return rest;
            };
            const news = { ...withExtensions([{ durationHours: 72, maxUpfrontFee: EXT_CAP }]), maxUpfrontFee: CAP };
            const checked = await provider.check(bought.inputs, news);
            note(withoutCaps(checked.inputs));
            const { state } = await up(provider, news, bought);
            note(withoutCaps(state!.outputs));
            note(withoutCaps(state!.inputs));
            note((await up(provider, { ...news, extensions: [{ durationHours: 72, maxUpfrontFee: EXT_CAP + 1 }] }, state)).error!.message);
            note((await up(provider, { ...news, extensions: [news.extensions[0], { durationHours: 24, maxUpfrontFee: LOW_CAP / 4 }] }, state)).error!.message);
            note((await provider.check({}, { ...INPUTS, maxUpfrontFee: -CAP })).failures);
            note((await provider.check({}, { ...INPUTS, extensions: { durationHours: 72, maxUpfrontFee: EXT_CAP } })).failures);
            note((await provider.check({}, { ...INPUTS, extensions: [EXT_CAP, { durationHours: 72, maxUpfrontFee: -EXT_CAP }] })).failures);
            note((await provider.check({}, { ...INPUTS, planName: "another", maxUpfrontFee: 79000.37 })).failures);
            const undecided = (await provider.check({}, { ...INPUTS, maxUpfrontFee: CAP, currencyCode: UNKNOWN })).inputs!;
            note([undecided.offeringPreview, undecided.extensionPreview]);
            note((await provider.check({}, { ...INPUTS, maxUpfrontFee: 500.37 })).failures);
            note((await provider.check({}, { ...INPUTS, planName: "another", maxUpfrontFee: 500.37, offeringId: "tpo-1" })).failures);
            note(await warningsOf(() => provider.delete(state!.id, state!.outputs)));
            // Each text was made: a check that stopped failing would note nothing, and hide nothing.
            texts.forEach((t, i) => assert.ok(t !== undefined && JSON.stringify(t).length > 2, `text ${i} is empty: ${JSON.stringify(t)}`));
            const all = JSON.stringify(texts);
            for (const cap of [CAP, EXT_CAP, EXT_CAP + 1, LOW_CAP / 4, 79000.37, 500.37]) {
                assert.ok(!all.includes(String(cap)), `${cap} shows in ${all}`);
            }
            assert.ok(!all.includes(UNKNOWN), "no unknown printed as a value");
        });
    });
});

describe("TrainingPlan extensions: values not known at preview", () => {
    for (const key of ["extensions", "currencyCode", "timing", "region", "planName", "tags"]) {
        it(`an unknown ${key} of a bought plan is never sent nor printed, and the preview says what is not known`, async () => {
            await withBoughtPlan(async (standin, bought) => {
                const before = standin.requests.length;
                const news = { ...withExtensions([ENTRY]), [key]: key === "timing" ? { ...FAST, maxRetries: UNKNOWN } : key === "tags" ? { team: UNKNOWN } : UNKNOWN };
                const result = await provider.check(bought.inputs, news);
                assert.strictEqual(result.failures, undefined, JSON.stringify(result.failures));
                assert.ok(!JSON.stringify(standin.requests.slice(before)).includes(UNKNOWN), "no request carries an unknown");
                const preview = String(result.inputs!.extensionPreview);
                assert.ok(!preview.includes(UNKNOWN), preview);
                if (key === "tags" || key === "currencyCode") {
                    assert.match(preview, /would buy extension offering ext-72 for 30000 USD/, "the plan's own currency prices the extension");
                } else {
                    assert.match(preview, new RegExp(`^not decided in this preview: ${key} is not known until the deployment runs`));
                    assert.strictEqual(standin.requests.length, before, "nothing looked up");
                    assert.strictEqual(result.inputs!.selectedExtension, undefined);
                }
            });
        });
    }

    it("an unknown extensionNotBought is neither judged nor printed at preview", async () => {
        await withBoughtPlan(async (_standin, bought) => {
            const checked = await provider.check(bought.inputs, { ...INPUTS, extensionNotBought: UNKNOWN });
            assert.strictEqual(checked.failures, undefined, JSON.stringify(checked.failures));
            assert.deepStrictEqual((await provider.diff(bought.id, bought.outputs, checked.inputs!)).changes, true);
        });
    });

    it("an unknown currency of a new plan is not printed in its preview", async () => {
        const result = await withEnv({ AWS_REGION: "us-east-1" }, () => provider.check({}, { ...INPUTS, currencyCode: UNKNOWN }));
        assert.ok(!JSON.stringify(result.inputs!.offeringPreview).includes(UNKNOWN), String(result.inputs!.offeringPreview));
        assert.match(String(result.inputs!.offeringPreview), /currencyCode is not known until the deployment runs/);
    });
});

describe("TrainingPlan: messages say what happened", () => {
    it("a region that changed with AWS_REGION names both regions and says the environment changed", async () => {
        await withBoughtPlan(async (_standin, bought) => {
            const result = await withEnv({ AWS_REGION: "eu-west-3" }, () => provider.check(bought.inputs, INPUTS));
            assert.deepStrictEqual(result.failures!.map((f) => f.property), ["region"]);
            assert.strictEqual(result.failures![0].reason, "training plan p5-llm-eval is in us-east-1, where its ARN says, but region is not set and the " +
                "environment (AWS_REGION or the shared config) now resolves eu-west-3: AWS_REGION or the shared config changed since the plan was bought. " +
                `Set region: "us-east-1" on the TrainingPlan, or run with AWS_REGION=us-east-1; nothing moves or is bought.`);
        });
    });
});

describe("TrainingPlan extensions: a lost state, a stale read or a removed entry never buys an entry twice", () => {
    it("a run whose outcome never reached the state, while the history and the plan's end lag: the next run sees the offerings start after the plan's end, and buys nothing", async () => {
        await withBoughtPlan(async (standin, bought) => {
            const checked = await provider.check(bought.inputs, withExtensions([ENTRY]));
            // ExtendTrainingPlan goes through, then the engine dies before it writes the state: the next run starts from the state before.
            await provider.update(bought.id, bought.outputs, checked.inputs!).catch(() => undefined);
            assert.strictEqual(served(standin, "ExtendTrainingPlan"), 1);
            const next = await up(provider, withExtensions([ENTRY]), bought);
            assert.deepStrictEqual(next.error!.failures!.map((f) => f.property), ["extensions"]);
            assert.match(next.error!.message, /^training plan p5-llm-eval: extensions\[0\]: extension offering ext-72-dear starts 2026-12-13T00:00:00\.000Z, after the plan's end as SageMaker reports it \(2026-12-10T00:00:00\.000Z\): /);
            assert.strictEqual(served(standin, "ExtendTrainingPlan"), 1, "the dearer offering was not bought");
        }, { historyLagAfterExtend: 1000, endLagAfterExtend: 1000 });
    });

    it("a lost answer that the history showed once stays in doubt until the plan's new end shows: a later stale read buys nothing", async () => {
        await withBoughtPlan(async (standin, bought) => {
            const first = await up(provider, withExtensions([ENTRY]), bought);
            assert.match(first.error!.message, /was bought \(the extension history shows it\), but .*The state records extensions\[0\] in doubt/);
            assert.deepStrictEqual(first.state!.outputs.extensionInDoubt, { index: 0, offeringId: "ext-72" });
            // A stale replica: neither the history nor the plan's length shows the extension on the next run.
            const plan = standin.plans.get(NAME)!;
            const saved = plan.extensions.splice(0);
            plan.extendedHours = 0;
            const second = await up(provider, withExtensions([ENTRY]), first.state);
            assert.match(second.error!.message, /^training plan p5-llm-eval: extensions\[0\]: ExtendTrainingPlan with offering ext-72 may have gone through/);
            assert.strictEqual(served(standin, "ExtendTrainingPlan"), 1);
            plan.extensions.push(...saved);
            plan.extendedHours = 72;
            standin.settleHistory();
            const settled = await up(provider, withExtensions([ENTRY]), second.state);
            assert.strictEqual(settled.error, undefined);
            assert.deepStrictEqual([settled.state!.outputs.extensionInDoubt, settled.state!.outputs.endTime], [undefined, NEW_END]);
        }, { lostExtendAnswer: "dropped", historyLagAfterExtend: 1, endLagAfterExtend: 1000 });
    });

    it("removing an entry in doubt is refused at preview and keeps the doubt: the next run with the entry buys nothing", async () => {
        await withBoughtPlan(async (standin, bought) => {
            const first = await up(provider, withExtensions([ENTRY]), bought);
            assert.deepStrictEqual(first.state!.outputs.extensionInDoubt, { index: 0, offeringId: "ext-72" });
            const slip = await up(provider, withExtensions([]), first.state);
            assert.match(slip.error!.message, /^training plan p5-llm-eval: extensions\[0\] is in doubt \(ExtendTrainingPlan with offering ext-72 may have gone through\): removing its entry does not settle it\. /);
            assert.match(slip.error!.message, /set extensionNotBought: "ext-72"/);
            assert.deepStrictEqual(slip.state!.outputs.extensionInDoubt, { index: 0, offeringId: "ext-72" });
            const again = await up(provider, withExtensions([ENTRY]), slip.state);
            assert.match(again.error!.message, /ext-72/, again.error!.message);
            assert.deepStrictEqual(again.state!.outputs.extensionInDoubt, { index: 0, offeringId: "ext-72" }, "still in doubt");
            assert.strictEqual(served(standin, "ExtendTrainingPlan"), 1, "the dearer offering was not bought");
        }, { lostExtendAnswer: "dropped", historyLagAfterExtend: 1000, endLagAfterExtend: 1000 });
    });

    it("an extension in doubt that was not bought is cleared by extensionNotBought with its entry removed; the entry is then previewed and bought", async () => {
        await withBoughtPlan(async (standin, bought) => {
            // A 5xx that carried nothing out: the purchase's outcome is unknown, and nothing was bought.
            const first = await up(provider, withExtensions([ENTRY]), bought);
            assert.deepStrictEqual([first.state!.outputs.extensionInDoubt, served(standin, "ExtendTrainingPlan")], [{ index: 0, offeringId: "ext-72" }, 0]);
            const blocked = await up(provider, withExtensions([ENTRY]), first.state);
            assert.match(blocked.error!.message, /remove extensions\[0\] and set extensionNotBought: "ext-72" in one deploy, then add the entry again without extensionNotBought in the next/);
            const withEntry = await up(provider, { ...withExtensions([ENTRY]), extensionNotBought: "ext-72" }, first.state);
            assert.match(withEntry.error!.message, /extensionNotBought "ext-72" settles extensions\[0\] only with its entry removed/);
            const other = await up(provider, { ...withExtensions([]), extensionNotBought: "ext-24" }, first.state);
            assert.match(other.error!.message, /extensions\[0\] is in doubt \(ExtendTrainingPlan with offering ext-72 may have gone through\)/);
            const cleared = await up(provider, { ...withExtensions([]), extensionNotBought: "ext-72" }, first.state);
            assert.strictEqual(cleared.error, undefined);
            assert.strictEqual(cleared.state!.outputs.extensionInDoubt, undefined);
            const stale = await up(provider, { ...withExtensions([ENTRY]), extensionNotBought: "ext-72" }, cleared.state);
            assert.match(stale.error!.message, /extensionNotBought "ext-72" names no extension in doubt: remove it/);
            const checked = await provider.check(cleared.state!.inputs, withExtensions([ENTRY]));
            assert.match(String(checked.inputs!.extensionPreview), /would buy extension offering ext-72 for 30000 USD/);
            const next = await up(provider, withExtensions([ENTRY]), cleared.state);
            assert.strictEqual(next.error, undefined);
            assert.deepStrictEqual([boughtIds(next.state), served(standin, "ExtendTrainingPlan")], [["ext-72"], 1]);
        }, { serverErrors: { ExtendTrainingPlan: 1 } });
    });

    it("an extension the history shows as Failed bought nothing: said at once, or, when it showed too late, its doubt is settled and the next entry bought as previewed", async () => {
        await withBoughtPlan(async (_standin, bought) => {
            const failed = await up(provider, withExtensions([ENTRY]), bought);
            assert.match(failed.error!.message, /^extensions\[0\] of training plan p5-llm-eval: nothing bought: ExtendTrainingPlan with offering ext-72 shows as Failed in the plan's extension history/);
            assert.strictEqual(failed.state!.outputs.extensionInDoubt, undefined);
        }, { failExtend: true });
        await withBoughtPlan(async (standin, bought) => {
            const first = await up(provider, withExtensions([ENTRY]), bought);
            assert.deepStrictEqual(first.state!.outputs.extensionInDoubt, { index: 0, offeringId: "ext-72" });
            Object.assign(standin.faults, { failExtend: false, historyLagAfterExtend: 0 });
            standin.settleHistory();
            let next: Awaited<ReturnType<typeof up>> | undefined;
            const warnings = await warningsOf(async () => { next = await up(provider, withExtensions([ENTRY]), first.state); });
            assert.strictEqual(next!.error, undefined);
            assert.match(warnings.join("\n"), /extensions\[0\]: ExtendTrainingPlan with offering ext-72 shows as Failed in the plan's extension history: nothing was bought by it, and it is no longer in doubt/);
            assert.deepStrictEqual([next!.state!.outputs.extensionInDoubt, boughtIds(next!.state), next!.state!.outputs.endTime], [undefined, ["ext-72-dear"], NEW_END]);
        }, { failExtend: true, historyLagAfterExtend: 1000 });
    });

    it("a plan that does not show at preview fails the preview of its entries, rather than pass it and buy in the same up", async () => {
        await withBoughtPlan(async (standin, bought) => {
            standin.plans.get(NAME)!.hiddenFor = 1;
            const preview = await provider.check(bought.inputs, withExtensions([ENTRY]));
            assert.deepStrictEqual(preview.failures!.map((f) => f.property), ["extensions"]);
            assert.match(preview.failures![0].reason, /^training plan p5-llm-eval does not show in us-east-1 with these credentials .*no preview can say what its extensions buy\. Nothing is bought/);
            assert.strictEqual(served(standin, "ExtendTrainingPlan"), 0);
        });
    });

    const endLags: [string, Faults][] = [
        ["a lost answer that the history shows", { lostExtendAnswer: "dropped", historyLagAfterExtend: 1 }],
        ["an answer, then DescribeTrainingPlan failing", { serverErrorsAfterExtend: { DescribeTrainingPlan: 1000 } }],
    ];
    for (const [what, faults] of endLags) {
        it(`${what}, and a plan slow to show its end: no run records an end before the extension's, and a later one outputs the new end`, async () => {
            await withBoughtPlan(async (standin, bought) => {
                const first = await up(provider, withExtensions([ENTRY]), bought);
                assert.deepStrictEqual(first.state!.outputs.extensionInDoubt, { index: 0, offeringId: "ext-72" });
                standin.faults.serverErrors = {};
                const second = await up(provider, withExtensions([ENTRY]), first.state);
                assert.match(second.error!.message, /^training plan p5-llm-eval ends 2026-12-10T00:00:00\.000Z as SageMaker reports it, before its last extension \(offering ext-72\) ends 2026-12-13T00:00:00\.000Z: /);
                assert.deepStrictEqual([second.state!.outputs.endTime, second.state!.outputs.extensionInDoubt], ["2026-12-10T00:00:00.000Z", { index: 0, offeringId: "ext-72" }]);
                standin.settleHistory();
                const third = await up(provider, withExtensions([ENTRY]), second.state);
                assert.strictEqual(third.error, undefined);
                const outs = third.state!.outputs;
                assert.deepStrictEqual([outs.endTime, outs.durationHours, outs.extensionInDoubt, boughtIds(third.state)], [NEW_END, 240, undefined, ["ext-72"]]);
                assert.strictEqual(served(standin, "ExtendTrainingPlan"), 1);
            }, { ...faults, endLagAfterExtend: 1000 });
        });
    }

    it("a recorded end before the last recorded extension's (a refresh while the plan lagged) is a change: the next deploy reads the plan again", async () => {
        await withBoughtPlan(async (_standin, bought) => {
            const { state } = await up(provider, withExtensions([ENTRY]), bought);
            const checked = await provider.check(state!.inputs, withExtensions([ENTRY]));
            assert.deepStrictEqual((await provider.diff(state!.id, state!.outputs, checked.inputs!)).changes, false);
            const lagged = { ...state!.outputs, endTime: "2026-12-10T00:00:00.000Z", durationHours: 168 };
            assert.deepStrictEqual((await provider.diff(state!.id, lagged, checked.inputs!)).changes, true);
            const updated = await provider.update(state!.id, lagged, checked.inputs!);
            assert.deepStrictEqual([updated.outs!.endTime, updated.outs!.durationHours], [NEW_END, 240]);
        });
    });
});
