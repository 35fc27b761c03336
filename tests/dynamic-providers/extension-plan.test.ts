import * as assert from "assert";
import {
    adoptedExtensions, adoptedPreview, boughtEntryChanges, boughtExtensionsOf, checkExtensions, chooseExtension, doubtMessage, doubtSettlement,
    endBeforeExtensions, extensionOfferingChange, offeringBeyondPlan,
    extensionOfferingsOf, extensionPreview, extensionProgress, ExtensionOffering, historyMismatches, historyMovedMessage, unexplainedHours,
} from "../../dynamic-providers/extension-plan";
import { adoptionMismatches, deleteWarning, otherPlanMessage, TrainingPlanFacts } from "../../dynamic-providers/training-plan-plan";

const offering = (id: string, fee: number | string, hours = 72, currency = "USD", end = "2026-12-13T00:00:00.000Z"): ExtensionOffering =>
    extensionOfferingsOf([{
        TrainingPlanExtensionOfferingId: id, UpfrontFee: String(fee), CurrencyCode: currency, DurationHours: hours,
        StartDate: new Date("2026-12-10T00:00:00Z"), EndDate: new Date(end),
    }])[0];
const bought = (id: string, at: string) => ({ TrainingPlanExtensionOfferingId: id, UpfrontFee: "30000", CurrencyCode: "USD", DurationHours: 72, ExtendedAt: new Date(at) });

describe("training plan extensions, as plain values", () => {
    it("takes a list of {durationHours, maxUpfrontFee} within the API's bounds, and names every problem", () => {
        assert.deepStrictEqual(checkExtensions(undefined), []);
        assert.deepStrictEqual(checkExtensions([{ durationHours: 24, maxUpfrontFee: 1 }, { durationHours: 4368, maxUpfrontFee: 50000 }]), []);
        // No cap's value is repeated, not even a bad one: a cap may be a secret.
        assert.deepStrictEqual(checkExtensions({ durationHours: 24, maxUpfrontFee: 12345 }).map((f) => f.reason),
            ["extensions must be a list of {durationHours, maxUpfrontFee}, not an object"]);
        assert.deepStrictEqual(checkExtensions([{ durationHours: 0, maxUpfrontFee: -12345, hours: 3 }, 12345]).map((f) => f.reason), [
            "extensions[0].hours is not a known setting (known: durationHours, maxUpfrontFee, offeringId)",
            "extensions[0].durationHours: 0 must be whole days: a multiple of 24 from 24 to 4368",
            "extensions[0].maxUpfrontFee must be a number above 0 (its value is not shown: a cap may be a secret)",
            "extensions[1] must be an object {durationHours, maxUpfrontFee}, not a number",
        ]);
        assert.deepStrictEqual(checkExtensions([{ durationHours: 24, maxUpfrontFee: 1, offeringId: "tpeo-1" }]), []);
        for (const id of ["", 7]) {
            assert.deepStrictEqual(checkExtensions([{ durationHours: 24, maxUpfrontFee: 1, offeringId: id }]).map((f) => f.reason),
                [`extensions[0].offeringId: ${JSON.stringify(id)} must be an extension offering's id, as a preview shows it`]);
        }
        for (const hours of [4392, 30, 23]) {
            assert.deepStrictEqual(checkExtensions([{ durationHours: hours, maxUpfrontFee: 1 }]).map((f) => f.reason),
                [`extensions[0].durationHours: ${hours} must be whole days: a multiple of 24 from 24 to 4368`]);
        }
    });

    it("names an entry's unknown setting without its value: a misspelled cap may be a secret", () => {
        const CAP = 40001.73;
        const failures = checkExtensions([{ durationHours: 72, maxUpFrontFee: CAP }]);
        assert.deepStrictEqual(failures.map((f) => f.reason), [
            "extensions[0].maxUpFrontFee is not a known setting (known: durationHours, maxUpfrontFee, offeringId)",
            "extensions[0].maxUpfrontFee must be a number above 0 (its value is not shown: a cap may be a secret)",
        ]);
        assert.ok(!JSON.stringify(failures).includes(String(CAP)));
    });

    it("pairs the i-th entry with the i-th extension bought, oldest first, so that none is bought twice", () => {
        const history = boughtExtensionsOf([bought("ext-2", "2026-12-05T00:00:00Z"), bought("ext-1", "2026-12-01T00:00:00Z")]);
        assert.deepStrictEqual(history.map((e) => e.offeringId), ["ext-1", "ext-2"]);
        const entries = [{ durationHours: 72, maxUpfrontFee: 40000 }, { durationHours: 72, maxUpfrontFee: 40000 }, { durationHours: 24, maxUpfrontFee: 9000 }];
        const progress = extensionProgress(entries, history);
        assert.deepStrictEqual(progress.bought.map((b) => b.extension.offeringId), ["ext-1", "ext-2"]);
        assert.deepStrictEqual(progress.pending, [{ index: 2, entry: entries[2] }]);
        assert.deepStrictEqual(progress.beyond, []);
        assert.deepStrictEqual(extensionProgress(entries.slice(0, 1), history).beyond.map((e) => e.offeringId), ["ext-2"], "bought outside the program, or an entry removed");
        assert.deepStrictEqual(extensionProgress(entries, []).pending.map((p) => p.index), [0, 1, 2]);
    });

    it("leaves Failed extensions out, and refuses an entry whose extension in the history lasts otherwise", () => {
        const history = boughtExtensionsOf([{ ...bought("ext-f", "2026-12-01T00:00:00Z"), Status: "Failed" }, bought("ext-1", "2026-12-02T00:00:00Z")]);
        assert.deepStrictEqual(history.map((e) => e.offeringId), ["ext-1"]);
        assert.deepStrictEqual(historyMismatches([{ durationHours: 72, maxUpfrontFee: 1 }], history), []);
        assert.deepStrictEqual(historyMismatches([{ durationHours: 48, maxUpfrontFee: 1 }], history),
            ["extensions[0] asks for 48 h, but the plan's extension 1 (offering ext-1, bought elsewhere or earlier) lasts 72 h: make the entry say 72"]);
        assert.deepStrictEqual(historyMismatches([{ durationHours: 72, maxUpfrontFee: 1, offeringId: "ext-1" }], history), []);
        assert.deepStrictEqual(historyMismatches([{ durationHours: 72, maxUpfrontFee: 1, offeringId: "ext-9" }], history), [
            "extensions[0] pins offering ext-9, but the plan's extension 1 (offering ext-1, bought elsewhere or earlier) is another: make the entry pin ext-1, or drop its offeringId",
        ]);
        assert.strictEqual(unexplainedHours(168, history, 240), 0);
        assert.strictEqual(unexplainedHours(168, history, 312), 72, "a plan longer than its purchase and history explain");
    });

    it("refuses to remove or change a bought entry, and lets entries be added", () => {
        const before = [{ durationHours: 72, maxUpfrontFee: 40000 }, { durationHours: 24, maxUpfrontFee: 9000 }];
        assert.deepStrictEqual(boughtEntryChanges(before, [...before, { durationHours: 48, maxUpfrontFee: 20000 }], 2), []);
        assert.deepStrictEqual(boughtEntryChanges(before, before.slice(0, 1), 1), [], "the removed entry was never bought");
        assert.deepStrictEqual(boughtEntryChanges(before, before.slice(0, 1), 2), ["extensions[1] (24 h) was bought and cannot be removed: an extension cannot be undone"]);
        assert.deepStrictEqual(boughtEntryChanges(before, [{ durationHours: 96, maxUpfrontFee: 40000 }, before[1]], 2),
            ["extensions[0] was bought and cannot change (durationHours 72 -> 96): an extension cannot be undone or changed; add a new entry instead"]);
        assert.deepStrictEqual(boughtEntryChanges(before, [{ ...before[0], offeringId: "ext-1" }, { ...before[1], maxUpfrontFee: 9001 }], 2), [
            "extensions[0] was bought and cannot change (offeringId none -> ext-1): an extension cannot be undone or changed; add a new entry instead",
            "extensions[1] was bought and cannot change (maxUpfrontFee (its value is not shown: a cap may be a secret)): an extension cannot be undone or changed; add a new entry instead",
        ]);
    });

    it("chooses the cheapest offering of exactly the entry's duration and currency within its cap, never one whose fee cannot be read", () => {
        const offerings = [offering("a", 35000), offering("b", 31000), offering("c", 20000, 48), offering("d", 10000, 72, "EUR"), offering("e", "call us")];
        const entry = { durationHours: 72, maxUpfrontFee: 32000 };
        const choice = chooseExtension(offerings, entry, "USD");
        assert.strictEqual(choice.chosen?.offeringId, "b");
        assert.match(extensionPreview(2, entry, choice, "USD"),
            /^extensions\[2\] \(72 h within its cap\) would buy extension offering b for 31000 USD, to end 2026-12-13T00:00:00\.000Z$/);
        const tight = chooseExtension(offerings, { durationHours: 72, maxUpfrontFee: 30000 }, "USD");
        assert.strictEqual(tight.chosen, undefined);
        assert.match(extensionPreview(0, { durationHours: 72, maxUpfrontFee: 30000 }, tight, "USD"),
            /^extensions\[0\] \(72 h within its cap\): nothing fits: the cheapest of 72 h costs 31000 USD, above the cap \(1 not considered: their fee cannot be read\)$/);
        assert.match(extensionPreview(0, { durationHours: 12, maxUpfrontFee: 1e9 }, chooseExtension(offerings, { durationHours: 12, maxUpfrontFee: 1e9 }, "USD"), "USD"),
            /nothing fits: none of the 5 extension offerings found lasts 12 h in USD/);
    });

    it("buys only the pinned offering when an entry pins one, even when another is cheaper", () => {
        const offerings = [offering("a", 35000), offering("b", 31000), offering("c", 20000, 48)];
        const pinned = { durationHours: 72, maxUpfrontFee: 36000, offeringId: "a" };
        assert.strictEqual(chooseExtension(offerings, pinned, "USD").chosen?.offeringId, "a");
        assert.match(extensionPreview(1, pinned, chooseExtension(offerings, pinned, "USD"), "USD"),
            /^extensions\[1\] \(72 h within its cap, offering a only\) would buy extension offering a for 35000 USD/);
        const capped = { ...pinned, maxUpfrontFee: 34000 };
        assert.match(extensionPreview(1, capped, chooseExtension(offerings, capped, "USD"), "USD"), /nothing fits: the cheapest of 72 h costs 35000 USD, above the cap$/);
        for (const gone of [{ ...pinned, offeringId: "z" }, { ...pinned, offeringId: "c" }]) {
            assert.match(extensionPreview(1, gone, chooseExtension(offerings, gone, "USD"), "USD"),
                new RegExp(`nothing fits: offering ${gone.offeringId} is not among the 3 extension offerings found of 72 h in USD$`));
        }
    });

    it("buys exactly what the preview showed, or says what changed", () => {
        const shown = offering("b", 31000);
        assert.strictEqual(extensionOfferingChange(shown, [offering("b", 30000)]), undefined, "cheaper is still what was shown");
        assert.strictEqual(extensionOfferingChange(shown, [offering("a", 1)]), "extension offering b is no longer offered");
        assert.match(extensionOfferingChange(shown, [offering("b", 33000)]) ?? "", /now costs 33000 USD, not the 31000 USD the preview showed/);
        assert.match(extensionOfferingChange(shown, [offering("b", 31000, 72, "USD", "2026-12-14T00:00:00.000Z")]) ?? "", /now ends 2026-12-14/);
    });

    it("counts the entries of a plan adopted by name from its history, and the next one as in doubt when only the plan's length shows it", () => {
        const history = boughtExtensionsOf([bought("ext-1", "2026-12-01T00:00:00Z")]);
        const entries = [{ durationHours: 72, maxUpfrontFee: 1 }, { durationHours: 24, maxUpfrontFee: 1 }];
        assert.deepStrictEqual(adoptedExtensions(entries.slice(0, 1), history, 168, 240), { extendedHours: 72, doubt: undefined, problems: [] });
        const lagging = adoptedExtensions(entries, history, 168, 264);
        assert.deepStrictEqual([lagging.extendedHours, lagging.doubt, lagging.problems], [96, { index: 1 }, []]);
        assert.strictEqual(adoptedPreview(entries, lagging), "1 of the 2 extensions are in the plan's extension history, counted as bought; this deploy " +
            "buys none; extensions[1] may have been bought: the plan is longer than its purchase and extension history explain, and nothing is bought until the history shows it");
        assert.deepStrictEqual(adoptedExtensions(entries.slice(0, 1), history, 168, 264).extendedHours, 72, "no entry to be in doubt: the length is a mismatch");
        const behind = adoptedExtensions(entries, history, 168, 240);
        assert.deepStrictEqual([behind.doubt, behind.problems.length], [undefined, 1]);
        assert.match(behind.problems[0], /^extensions\[1\] and after are not in the extension history of the plan this deploy adopts \(1 extensions\): a deploy that adopts a plan buys no extension/);
        assert.deepStrictEqual(adoptedExtensions([{ durationHours: 48, maxUpfrontFee: 1 }], history, 168, 240).problems,
            historyMismatches([{ durationHours: 48, maxUpfrontFee: 1 }], history));
    });

    it("judges an adopted plan as bought: its length and end without its extensions", () => {
        const facts: TrainingPlanFacts = {
            arn: "arn:aws:sagemaker:us-east-1:123456789012:training-plan/p", planName: "p", upfrontFee: 80000, currencyCode: "USD", instanceType: "ml.p5.48xlarge",
            totalInstanceCount: 2, durationHours: 240, endTime: "2026-12-13T00:00:00.000Z", targetResources: ["endpoint"],
        };
        const inputs = { planName: "p", instanceType: "ml.p5.48xlarge", instanceCount: 2, durationHours: 168, endTimeBefore: "2026-12-12T00:00:00.000Z", maxUpfrontFee: 90000, currencyCode: "USD" };
        assert.deepStrictEqual(adoptionMismatches(facts, inputs, 72), []);
        assert.deepStrictEqual(adoptionMismatches(facts, inputs), [
            "it lasts 240 hours, not 168: 72 h more than its purchase and the extensions in its history explain, so it may hold an extension " +
                "its history does not show yet; if this stack's entries bought it, keep them in extensions, and run pulumi up again once the history shows it",
            "it ends at 2026-12-13T00:00:00.000Z, after endTimeBefore 2026-12-12T00:00:00.000Z",
        ]);
        assert.deepStrictEqual(adoptionMismatches(facts, { ...inputs, durationHours: 144 }, 72), ["it lasts 168 hours without the 72 h of its extensions, not 144"]);
    });

    it("settles a doubt only by the history, or by extensionNotBought naming its offering in the deploy that removes its entry", () => {
        const doubt = { index: 1, offeringId: "ext-72" };
        assert.deepStrictEqual(doubtSettlement(undefined, 2, undefined), { cleared: false });
        assert.deepStrictEqual(doubtSettlement(doubt, 2, undefined), { cleared: false }, "the entry stays: the history settles it");
        assert.deepStrictEqual(doubtSettlement(doubt, 1, "ext-72"), { cleared: true });
        assert.match(doubtSettlement(doubt, 1, undefined).refusal!, /^extensions\[1\] is in doubt \(ExtendTrainingPlan with offering ext-72 may have gone through\): removing its entry does not settle it\. Put the entry back/);
        assert.match(doubtSettlement(doubt, 0, "ext-24").refusal!, /removing its entry does not settle it/, "another offering confirms nothing");
        assert.match(doubtSettlement({ index: 1 }, 1, "ext-72").refusal!, /The plan's length shows it, so it was bought/, "a doubt the plan's length shows cannot be denied");
        assert.match(doubtSettlement(doubt, 2, "ext-72").refusal!, /^extensionNotBought "ext-72" settles extensions\[1\] only with its entry removed/);
        assert.strictEqual(doubtSettlement(undefined, 1, "ext-72").refusal, `extensionNotBought "ext-72" names no extension in doubt: remove it`);
    });

    it("refuses an offering that starts after the plan's reported end, and an end reported before the last extension's", () => {
        assert.strictEqual(offeringBeyondPlan(0, offering("ext-72", 30000), "2026-12-10T00:00:00.000Z"), undefined);
        assert.strictEqual(offeringBeyondPlan(0, offering("ext-72", 30000), "2026-12-10T02:00:00+02:00"), undefined, "the same instant, written otherwise");
        assert.strictEqual(offeringBeyondPlan(0, offering("ext-72", 30000), "2026-12-11T00:00:00.000Z"), undefined, "an offering may start earlier");
        assert.match(offeringBeyondPlan(2, offering("ext-72", 30000), "2026-12-09T00:00:00.000Z")!,
            /^extensions\[2\]: extension offering ext-72 starts 2026-12-10T00:00:00\.000Z, after the plan's end as SageMaker reports it \(2026-12-09T00:00:00\.000Z\)/);
        const history = [{ offeringId: "ext-1", upfrontFee: 1, currencyCode: "USD", endDate: "2026-12-13T00:00:00.000Z" },
            { offeringId: "ext-2", upfrontFee: 1, currencyCode: "USD", endDate: "2026-12-16T00:00:00.000Z" }];
        assert.strictEqual(endBeforeExtensions("2026-12-16T00:00:00.000Z", history), undefined);
        assert.strictEqual(endBeforeExtensions(undefined, []), undefined);
        assert.strictEqual(endBeforeExtensions("2026-12-13T00:00:00.000Z", history),
            "ends 2026-12-13T00:00:00.000Z as SageMaker reports it, before its last extension (offering ext-2) ends 2026-12-16T00:00:00.000Z");
    });

    it("says what an extension in doubt blocks, what a moved history means, and what a removed plan leaves behind", () => {
        assert.strictEqual(doubtMessage({ index: 1 }, 1), "extensions[1]: an extension that the plan's length shows may have gone through and the extension history " +
            "still shows 1; nothing more is bought until it shows there. The plan's length shows it, so it was bought: it counts as extensions[1] once the history shows it");
        assert.match(doubtMessage({ index: 1, offeringId: "ext-72" }, 1), /^extensions\[1\]: ExtendTrainingPlan with offering ext-72 may have gone through .* If you are sure nothing was bought \(the plan's end and your bill unchanged\), remove extensions\[1\] and set extensionNotBought: "ext-72" in one deploy, then add the entry again without extensionNotBought in the next$/);
        assert.match(historyMovedMessage(0, 1), /^the plan's extension history shows 0 extensions, fewer than the 1 the preview saw/);
        const arn = "arn:aws:sagemaker:us-east-1:123456789012:training-plan/p";
        assert.strictEqual(otherPlanMessage("p", arn, arn.replace("us-east-1", "eu-west-3")),
            `the plan named p that these credentials see is ${arn.replace("us-east-1", "eu-west-3")}, another region's (eu-west-3, not us-east-1 of the stack's ${arn})`);
        assert.match(deleteWarning("p", arn, undefined, { index: 2 }), /until its end time: .* It leaves extensions\[2\] in doubt: it may have been bought/);
    });
});
