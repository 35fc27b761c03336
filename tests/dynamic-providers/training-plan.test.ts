import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { reservationCheckProvider } from "../../dynamic-providers/reservation-check";
import { trainingPlanProvider } from "../../dynamic-providers/training-plan";
import { checkTrainingPlanInputs, offeringsOf } from "../../dynamic-providers/training-plan-plan";
import { TrainingPlan } from "../../dynamic-providers/training-plan";
import { runSerialized } from "../support/fresh-process";
import { expectRefused } from "../support/harness";
import { EngineError, hosted, refresh, up } from "../support/provider-host";
import { ARN, FAST, NAME } from "../support/training-plan-fixtures";
import { boughtPlan, Faults, LostAnswer, Standin, StandinOffering, startStandin, standinEnv, withEnv } from "../support/sagemaker-standin";
import { testClock } from "../support/virtual-clock";


const INPUTS = {
    planName: NAME,
    instanceType: "ml.p5.48xlarge",
    instanceCount: 2,
    durationHours: 168,
    startTimeAfter: "2026-12-01T00:00:00Z",
    endTimeBefore: "2026-12-20T00:00:00Z",
    maxUpfrontFee: 100000,
    timing: FAST,
};
const UNKNOWN = pulumi.runtime.unknownValue;
const offer = (id: string, fee: number | string, start: string, extra: Partial<StandinOffering> = {}): StandinOffering => ({
    id, fee, start: `2026-12-${start}T00:00:00Z`, end: `2026-12-${String(Number(start) + 7).padStart(2, "0")}T00:00:00Z`, ...extra,
});
/** The seed's search, with offerings that each miss one term, and three that fit. */
const OFFERINGS = [
    offer("tpo-pricey", 90000, "05"),
    offer("tpo-late", 80000, "10"),
    offer("tpo-early", 80000, "03"),
    offer("tpo-wrong-type", 50000, "03", { instanceType: "ml.p4d.24xlarge" }),
    offer("tpo-training", 50000, "03", { targets: ["training-job"] }),
    offer("tpo-too-few", 50000, "03", { instanceCount: 1 }),
    offer("tpo-outside", 50000, "28"),
    offer("tpo-euro", 50000, "03", { currency: "EUR" }),
];
const EARLY = "offering tpo-early: 80000 USD, 2 x ml.p5.48xlarge in us-east-1a, 2026-12-03T00:00:00.000Z to 2026-12-10T00:00:00.000Z";

const provider = hosted(trainingPlanProvider);
const checker = hosted(reservationCheckProvider);
let standin: Standin;

/**
 * Runs `fn` against a fresh stand-in. Whatever the scenario, no name is bought twice and
 * CreateTrainingPlan reaches the service at most once per name.
 */
async function withStandin<T>(fn: () => Promise<T>, offerings = OFFERINGS, faults: Faults = {}): Promise<T> {
    standin = await startStandin(offerings.map((o) => ({ ...o })), faults);
    try {
        const result = await withEnv(standinEnv(standin.url), fn);
        const served = standin.requests.filter((r) => r.operation === "CreateTrainingPlan" && r.fault === undefined).map((r) => r.body.TrainingPlanName);
        assert.strictEqual(new Set(served).size, served.length, `CreateTrainingPlan served twice for a name: ${served}`);
        const bought = standin.purchases.map((p) => p.name);
        assert.strictEqual(new Set(bought).size, bought.length, `a name bought twice: ${bought}`);
        return result;
    } finally {
        await standin.stop();
    }
}

/** The engine's check of a new resource, which must pass. */
async function checked(inputs: Record<string, unknown>): Promise<Record<string, unknown>> {
    const result = await provider.check({}, inputs);
    assert.strictEqual(result.failures, undefined, JSON.stringify(result.failures));
    return result.inputs!;
}
/** `pulumi up` of a new plan: check, then create with check's inputs. */
const buy = async (inputs: Record<string, unknown> = INPUTS) => provider.create(await checked(inputs));
/** A plan of this name that create's own look-up misses (bought meanwhile, or not visible yet), and that shows after. */
function showsLate(offering: StandinOffering): void {
    const plan = boughtPlan(NAME, offering);
    plan.hiddenFor = 1;
    standin.plans.set(NAME, plan);
}
/** What the host passes as `__provider`: the provider's code, serialized. */
const SERIALIZED = "<serialized provider>";
const failureOf = (p: Promise<unknown>) => p.then(() => assert.fail("expected a failure"), (e: EngineError) => e);
const purchases = () => standin.served("CreateTrainingPlan");
const calls = (operation: string) => standin.count(operation);

describe("TrainingPlan inputs", () => {
    const zoned = "is not an ISO-8601 time with its zone: write it as 2026-12-01T00:00:00Z (UTC) or 2026-12-01T00:00:00+02:00, " +
        "never without a zone, which would be read in the time zone of whichever machine runs Pulumi";
    const cases: [string, Record<string, unknown>, string][] = [
        ["planName", { planName: "-bad" }, `planName: "-bad" must be 1 to 64 characters`],
        ["planName", { planName: "p".repeat(65) }, "planName:"],
        ["instanceType", { instanceType: "p5.48xlarge" }, `instanceType: "p5.48xlarge" must be a SageMaker instance type`],
        ["instanceCount", { instanceCount: 0 }, "instanceCount: 0 must be a whole number of at least 1"],
        ["durationHours", { durationHours: 0 }, "durationHours: 0 must be a whole number of hours from 1 to 87600"],
        ["durationHours", { durationHours: 87601 }, "durationHours: 87601 must be a whole number of hours from 1 to 87600"],
        ["startTimeAfter", { startTimeAfter: "next monday" }, `startTimeAfter: "next monday" ${zoned}`],
        ["startTimeAfter", { startTimeAfter: "2026-12-01T00:00:00" }, `startTimeAfter: "2026-12-01T00:00:00" ${zoned}`],
        ["startTimeAfter", { startTimeAfter: "2026-12-01" }, `startTimeAfter: "2026-12-01" ${zoned}`],
        ["startTimeAfter", { startTimeAfter: "2026-02-30T00:00:00Z" }, `startTimeAfter: "2026-02-30T00:00:00Z" ${zoned}`],
        ["endTimeBefore", { endTimeBefore: "2026-12-20T00:00:00" }, `endTimeBefore: "2026-12-20T00:00:00" ${zoned}`],
        ["endTimeBefore", { endTimeBefore: "2026-12-05T00:00:00Z" }, `endTimeBefore: "2026-12-05T00:00:00Z" leaves 96.0 hours after startTimeAfter, less than the 168 hours of durationHours`],
        ["maxUpfrontFee", { maxUpfrontFee: 0 }, "maxUpfrontFee must be a number above 0: the most you agree to pay for the plan (its value is not shown: a cap may be a secret)"],
        ["maxUpfrontFee", { maxUpfrontFee: undefined }, "maxUpfrontFee is required: it must be a number above 0: the most you agree to pay for the plan"],
        ["currencyCode", { currencyCode: "dollars" }, `currencyCode: "dollars" must be a three-letter currency code`],
        ["offeringId", { offeringId: "TPO_early" }, `offeringId: "TPO_early" is not a training plan offering id`],
        ["timing", { timing: { waitTimeoutSeconds: 0 } }, `timing: {"waitTimeoutSeconds":0} has waitTimeoutSeconds 0: timing holds positive numbers of seconds`],
        ["timing", { timing: { waitTimeout: 60 } }, `timing: {"waitTimeout":60} has "waitTimeout", not a setting of timing: the settings are ` +
            "waitTimeoutSeconds, pollInitialSeconds, pollMaxSeconds, retryBaseSeconds, maxRetries, requestTimeoutSeconds, lostAnswerLookupSeconds"],
        ["extensionNotBought", { extensionNotBought: " " }, `extensionNotBought: " " must be the offeringId of extensionInDoubt`],
    ];
    for (const [property, change, reason] of cases) {
        it(`refuses ${JSON.stringify(change).slice(0, 60)}, naming ${property}`, async () => {
            const failures = checkTrainingPlanInputs({ ...INPUTS, ...change });
            assert.strictEqual(failures.length, 1, JSON.stringify(failures));
            assert.strictEqual(failures[0].property, property);
            assert.ok(failures[0].reason.startsWith(reason), failures[0].reason);
            // The provider's check reports the same, without calling AWS.
            const result = await provider.check({}, { ...INPUTS, ...change });
            assert.deepStrictEqual(result.failures, failures);
        });
    }

    it("accepts the seed's request, with UTC times, offsets and a pinned offering", () => {
        assert.deepStrictEqual(checkTrainingPlanInputs(INPUTS), []);
        assert.deepStrictEqual(checkTrainingPlanInputs({ ...INPUTS, startTimeAfter: "2026-12-01T02:00+02:00", offeringId: "tpo-0123-abc" }), []);
    });

    it("reads an offering in consecutive blocks as one window of the count every block holds", () => {
        const block = (start: string, end: string, count: number) => ({
            InstanceType: "ml.p5.48xlarge" as const, InstanceCount: count, StartTime: new Date(start), EndTime: new Date(end),
        });
        const [split, short, free] = offeringsOf([
            { TrainingPlanOfferingId: "a", TargetResources: ["endpoint"], UpfrontFee: "100.5", CurrencyCode: "USD",
                ReservedCapacityOfferings: [block("2026-12-05T00:00:00Z", "2026-12-08T00:00:00Z", 2), block("2026-12-01T00:00:00Z", "2026-12-05T00:00:00Z", 2)] },
            { TrainingPlanOfferingId: "b", TargetResources: ["endpoint"], UpfrontFee: "1",
                ReservedCapacityOfferings: [block("2026-12-01T00:00:00Z", "2026-12-04T00:00:00Z", 1), block("2026-12-04T00:00:00Z", "2026-12-08T00:00:00Z", 1)] },
            { TrainingPlanOfferingId: "c", TargetResources: ["endpoint"], UpfrontFee: "", ReservedCapacityOfferings: [] },
        ]);
        assert.deepStrictEqual([split.instanceCount, split.startTime, split.endTime, split.upfrontFee], [2, "2026-12-01T00:00:00.000Z", "2026-12-08T00:00:00.000Z", 100.5]);
        assert.strictEqual(short.instanceCount, 1, "two blocks of one instance are not two instances");
        assert.ok(Number.isNaN(free.upfrontFee), "an empty fee is no fee, not a free plan");
    });
});

describe("TrainingPlan: times carry their zone, whatever the host's", function () {
    this.timeout(10000);
    const zones = ["America/Los_Angeles", "Asia/Tokyo"];
    let saved: string | undefined;
    beforeEach(() => { saved = process.env.TZ; });
    afterEach(() => {
        if (saved === undefined) {
            delete process.env.TZ;
        } else {
            process.env.TZ = saved;
        }
    });

    it("searches and records the same instants under two host time zones", async () => {
        const seen: unknown[] = [];
        for (const zone of zones) {
            process.env.TZ = zone;
            await withStandin(async () => {
                const inputs = await checked({ ...INPUTS, startTimeAfter: "2026-12-01T02:00:00+02:00", endTimeBefore: "2026-12-20T00:00:00Z" });
                const search = standin.requests.find((r) => r.operation === "SearchTrainingPlanOfferings")!.body;
                seen.push([inputs.startTimeAfter, inputs.endTimeBefore, inputs.offeringPreview, search.StartTimeAfter, search.EndTimeBefore]);
                const refused = await provider.check({}, { ...INPUTS, startTimeAfter: "2026-12-01T00:00:00" });
                seen.push(refused.failures);
            });
        }
        assert.deepStrictEqual(seen[0], ["2026-12-01T00:00:00.000Z", "2026-12-20T00:00:00.000Z", `would buy ${EARLY}; to buy exactly this offering and no other, ` +
            "set offeringId: tpo-early.", Date.parse("2026-12-01T00:00:00Z") / 1000, Date.parse("2026-12-20T00:00:00Z") / 1000]);
        assert.deepStrictEqual(seen[2], seen[0], "the other zone searched and recorded the same");
        assert.strictEqual((seen[1] as { property: string }[])[0].property, "startTimeAfter");
        assert.deepStrictEqual(seen[3], seen[1]);
    });
});

describe("TrainingPlan: values not known at preview", function () {
    this.timeout(10000);

    for (const [key, also] of [["instanceCount", {}], ["planName", {}], ["maxUpfrontFee", {}], ["startTimeAfter", {}], ["region", {}],
        ["offeringId", {}], ["timing", { timing: { ...FAST, maxRetries: UNKNOWN } }]] as const) {
        it(`an unknown ${key} is neither judged nor sent to AWS, and the preview says what happens once it is known`, () => withStandin(async () => {
            const news = { ...INPUTS, [key]: UNKNOWN, ...also };
            const result = await provider.check({}, news);
            assert.strictEqual(result.failures, undefined, JSON.stringify(result.failures));
            assert.deepStrictEqual(standin.requests, [], "no look-up, no search");
            const inputs = result.inputs!;
            assert.deepStrictEqual(key === "timing" ? (inputs.timing as Record<string, unknown>).maxRetries : inputs[key], UNKNOWN, "the unknown goes back to the engine as unknown");
            if (key !== "timing") {
                assert.strictEqual(inputs.offeringPreview, `not decided in this preview: ${key} is not known until the deployment runs. ` +
                    `Then the deploy looks the plan up by name and adopts it if it matches, or else buys ` +
                    `${key === "offeringId" ? "offering offeringId (and no other)" : "the cheapest offering that matches the terms"} for at most ` +
                    `${key === "maxUpfrontFee" ? "maxUpfrontFee (not known yet)" : "maxUpfrontFee"}. ` +
                    "Nothing is looked up or bought in this preview; set these inputs to known values to see the offering and its price here.");
                assert.strictEqual(inputs.selectedOffering, undefined, "nothing selected: create cannot buy what no preview showed");
            }
        }));
    }

    it("a known bad value is still refused beside an unknown one", async () => {
        const result = await provider.check({}, { ...INPUTS, planName: UNKNOWN, instanceCount: 0 });
        assert.deepStrictEqual(result.failures!.map((f) => f.property), ["instanceCount"]);
    });

    it("a bought plan's unknown terms are not compared, and its diff says it may change", () => withStandin(async () => {
        const { state } = await up(provider, INPUTS);
        const before = standin.requests.length;
        const news = { ...INPUTS, durationHours: UNKNOWN };
        const result = await provider.check(state!.inputs, news);
        assert.strictEqual(result.failures, undefined);
        assert.deepStrictEqual(await provider.diff(state!.id, state!.outputs, result.inputs!), { changes: true, replaces: [], deleteBeforeReplace: false });
        assert.strictEqual(standin.requests.length, before);
    }));
});

describe("TrainingPlan buys what the preview showed, or nothing", function () {
    this.timeout(10000);

    it("check records the offering it selected, and shows it with the id to pin, buying nothing", () => withStandin(async () => {
        const inputs = await checked(INPUTS);
        assert.strictEqual(inputs.offeringPreview, `would buy ${EARLY}; to buy exactly this offering and no other, set offeringId: tpo-early.`);
        assert.deepStrictEqual(inputs.selectedOffering, {
            offeringId: "tpo-early", upfrontFee: 80000, currencyCode: "USD", instanceType: "ml.p5.48xlarge", instanceCount: 2, availabilityZone: "us-east-1a",
            startTime: "2026-12-03T00:00:00.000Z", endTime: "2026-12-10T00:00:00.000Z",
        });
        assert.deepStrictEqual([inputs.currencyCode, inputs.region, inputs.startTimeAfter], ["USD", "us-east-1", "2026-12-01T00:00:00.000Z"],
            "defaults filled in, region fixed, times written one way");
        assert.deepStrictEqual(standin.requests.map((r) => r.operation), ["DescribeTrainingPlan", "SearchTrainingPlanOfferings"]);
    }));

    it("create buys the offering check selected, once, for endpoints", () => withStandin(async () => {
        const created = await buy({ ...INPUTS, tags: { team: "eval" } });
        assert.deepStrictEqual(standin.requests.map((r) => r.operation),
            ["DescribeTrainingPlan", "SearchTrainingPlanOfferings", "DescribeTrainingPlan", "SearchTrainingPlanOfferings", "CreateTrainingPlan", "DescribeTrainingPlan"]);
        assert.deepStrictEqual(standin.requests[3].body, {
            TargetResources: ["endpoint"], InstanceType: "ml.p5.48xlarge", InstanceCount: 2, DurationHours: 168,
            StartTimeAfter: Date.parse(INPUTS.startTimeAfter) / 1000, EndTimeBefore: Date.parse(INPUTS.endTimeBefore) / 1000,
        });
        assert.deepStrictEqual(standin.requests[4].body, { TrainingPlanName: NAME, TrainingPlanOfferingId: "tpo-early", Tags: [{ Key: "team", Value: "eval" }] });
        assert.strictEqual(created.id, ARN);
        const outs = created.outs!;
        assert.deepStrictEqual(
            [outs.arn, outs.status, outs.offeringId, outs.upfrontFee, outs.currencyCode, outs.startTime, outs.endTime, outs.durationHours,
                outs.instanceType, outs.totalInstanceCount, outs.availableInstanceCount, outs.availabilityZone, outs.targetResources],
            [ARN, "Scheduled", "tpo-early", 80000, "USD", "2026-12-03T00:00:00.000Z", "2026-12-10T00:00:00.000Z", 168,
                "ml.p5.48xlarge", 2, 2, "us-east-1a", ["endpoint"]]);
        assert.deepStrictEqual(outs.purchaseTerms, {
            planName: NAME, instanceType: "ml.p5.48xlarge", instanceCount: 2, durationHours: 168, startTimeAfter: "2026-12-01T00:00:00.000Z",
            endTimeBefore: "2026-12-20T00:00:00.000Z", currencyCode: "USD", region: "us-east-1",
        });
    }));

    it("an offering that vanished after the preview is not replaced by another: nothing is bought", () => withStandin(async () => {
        const inputs = await checked(INPUTS);
        standin.offerings.splice(standin.offerings.findIndex((o) => o.id === "tpo-early"), 1);
        const failure = await failureOf(provider.create(inputs));
        assert.strictEqual(failure.message, "training plan p5-llm-eval: nothing bought: offering tpo-early is no longer offered (the search found 7 offerings, " +
            "none with that id). Run pulumi preview again to see what would be bought now (set offeringId to buy exactly what a preview shows, or nothing).");
        assert.strictEqual(calls("CreateTrainingPlan"), 0, "tpo-late and tpo-pricey were within the cap, and not bought");
    }));

    it("an offering whose fee rose after the preview is not bought, even within maxUpfrontFee", () => withStandin(async () => {
        const inputs = await checked(INPUTS);
        standin.offerings.find((o) => o.id === "tpo-early")!.fee = 90000;
        const failure = await failureOf(provider.create(inputs));
        assert.match(failure.message, /^training plan p5-llm-eval: nothing bought: offering tpo-early now costs 90000 USD, more than the 80000 USD the preview showed\. Run pulumi preview again/);
        assert.strictEqual(calls("CreateTrainingPlan"), 0);
    }));

    it("an offering whose window or terms moved after the preview is not bought", () => withStandin(async () => {
        const inputs = await checked(INPUTS);
        Object.assign(standin.offerings.find((o) => o.id === "tpo-early")!, { start: "2026-12-04T00:00:00Z", end: "2026-12-11T00:00:00Z" });
        assert.match((await failureOf(provider.create(inputs))).message, /nothing bought: offering tpo-early now runs 2026-12-04T00:00:00.000Z to 2026-12-11T00:00:00.000Z in us-east-1a, not 2026-12-03T00:00:00.000Z to 2026-12-10T00:00:00.000Z in us-east-1a as the preview showed/);
        Object.assign(standin.offerings.find((o) => o.id === "tpo-early")!, { start: "2026-12-03T00:00:00Z", end: "2026-12-10T00:00:00Z", instanceCount: 1 });
        assert.match((await failureOf(provider.create(inputs))).message, /nothing bought: offering tpo-early is now of 1 instances, not 2\./);
        assert.strictEqual(calls("CreateTrainingPlan"), 0);
    }));

    it("an offering that got cheaper after the preview is bought", () => withStandin(async () => {
        const inputs = await checked(INPUTS);
        standin.offerings.find((o) => o.id === "tpo-early")!.fee = 70000;
        const created = await provider.create(inputs);
        assert.deepStrictEqual([created.outs!.offeringId, created.outs!.upfrontFee], ["tpo-early", 70000]);
    }));

    it("a cheaper purchase whose answer was lost is known by the fee paid, and recorded as bought from that offering", () => withStandin(async () => {
        const inputs = await checked(INPUTS);
        standin.offerings.find((o) => o.id === "tpo-early")!.fee = 70000;
        const created = await provider.create(inputs);
        assert.deepStrictEqual([created.outs!.offeringId, created.outs!.upfrontFee], ["tpo-early", 70000]);
    }, OFFERINGS, { lostCreateAnswer: "dropped" }));

    it("a purchase not usable yet keeps the serialized provider in its state, which the host needs to refresh or delete it", () => withStandin(async () => {
        // The host adds __provider to a result's outputs, not to a partial state's: the provider must carry it.
        const inputs = { ...await checked({ ...INPUTS, timing: { ...FAST, waitTimeoutSeconds: 25 } }), __provider: SERIALIZED };
        const failure = await failureOf(provider.create(inputs));
        assert.strictEqual(failure.id, ARN);
        assert.strictEqual(failure.properties!.__provider, SERIALIZED);
        // So does a recorded plan that is still not usable at the next deploy.
        const again = await failureOf(provider.update(ARN, { ...failure.properties!, __provider: "<an older provider>" }, inputs));
        assert.strictEqual(again.properties!.__provider, SERIALIZED);
    }, OFFERINGS, { notFoundAfterCreate: 1000 }));

    it("a cheaper purchase that does not show yet is recorded with the fee paid", () => withStandin(async () => {
        const inputs = await checked({ ...INPUTS, timing: { ...FAST, waitTimeoutSeconds: 25 } });
        standin.offerings.find((o) => o.id === "tpo-early")!.fee = 70000;
        const failure = await failureOf(provider.create(inputs));
        assert.match(failure.message, /^training plan p5-llm-eval was bought \(arn:.*, 70000 USD, offering tpo-early\)/);
        assert.strictEqual(failure.properties!.upfrontFee, 70000);
    }, OFFERINGS, { notFoundAfterCreate: 1000 }));

    it("create without check's selection buys nothing", () => withStandin(async () => {
        const failure = await failureOf(provider.create({ ...INPUTS, currencyCode: "USD", region: "us-east-1" }));
        assert.strictEqual(failure.message, "training plan p5-llm-eval: nothing bought: the preview selected no offering to buy (no preview ran), " +
            "and no plan of that name exists now. Run pulumi preview again.");
        assert.deepStrictEqual(standin.requests.map((r) => r.operation), ["DescribeTrainingPlan"]);
    }));

    it("a pinned offeringId is the only offering check shows and create buys, even when another is cheaper", () => withStandin(async () => {
        standin.offerings.find((o) => o.id === "tpo-late")!.fee = 85000;
        const inputs = await checked({ ...INPUTS, offeringId: "tpo-late" });
        assert.strictEqual(inputs.offeringPreview, "would buy offering tpo-late: 85000 USD, 2 x ml.p5.48xlarge in us-east-1a, " +
            "2026-12-10T00:00:00.000Z to 2026-12-17T00:00:00.000Z (the pinned offeringId).");
        const created = await provider.create(inputs);
        assert.deepStrictEqual([created.outs!.offeringId, created.outs!.upfrontFee], ["tpo-late", 85000]);
        assert.deepStrictEqual(standin.requests.filter((r) => r.operation === "CreateTrainingPlan").map((r) => r.body.TrainingPlanOfferingId), ["tpo-late"]);
        assert.strictEqual((created.outs!.purchaseTerms as Record<string, unknown>).offeringId, "tpo-late");
    }));

    it("a pinned offering that is gone, over the cap, or off the terms is refused by check, naming what would be bought instead", () => withStandin(async () => {
        const gone = await provider.check({}, { ...INPUTS, offeringId: "tpo-sold" });
        assert.strictEqual(gone.failures![0].property, "offeringId");
        assert.strictEqual(gone.failures![0].reason, "training plan p5-llm-eval: nothing bought. The search for 2 x ml.p5.48xlarge for 168 hours for target " +
            `"endpoint", starting after 2026-12-01T00:00:00.000Z, ending before 2026-12-20T00:00:00.000Z found 8 offerings, 3 matching the terms; ` +
            "offeringId tpo-sold cannot be bought: it is not among the 8 offerings the search found (sold, expired, or never offered for these terms). " +
            `Remove offeringId and run pulumi preview to see what would be bought now; unpinned it would buy ${EARLY}, then pin that.`);
        const dear = await provider.check({}, { ...INPUTS, offeringId: "tpo-pricey", maxUpfrontFee: 85000 });
        assert.match(dear.failures![0].reason, /offeringId tpo-pricey cannot be bought: it costs 90000 USD, above maxUpfrontFee\./);
        const euro = await provider.check({}, { ...INPUTS, offeringId: "tpo-euro" });
        assert.match(euro.failures![0].reason, /offeringId tpo-euro cannot be bought: it is in EUR, not USD\./);
        assert.strictEqual(calls("CreateTrainingPlan"), 0);
    }));

    it("a pinned offering that vanished between check and create is not replaced", () => withStandin(async () => {
        const inputs = await checked({ ...INPUTS, offeringId: "tpo-early" });
        standin.offerings.splice(standin.offerings.findIndex((o) => o.id === "tpo-early"), 1);
        assert.match((await failureOf(provider.create(inputs))).message, /^training plan p5-llm-eval: nothing bought: offering tpo-early is no longer offered .*Run pulumi preview again to see what would be bought now\.$/);
        assert.strictEqual(calls("CreateTrainingPlan"), 0);
    }));

    it("check says when nothing fits the budget, with what the search found", () => withStandin(async () => {
        const result = await provider.check({}, { ...INPUTS, maxUpfrontFee: 79999.99 });
        assert.strictEqual(result.failures![0].property, "maxUpfrontFee");
        assert.strictEqual(result.failures![0].reason,
            `training plan p5-llm-eval: nothing bought. The search for 2 x ml.p5.48xlarge for 168 hours for target "endpoint", ` +
            `starting after 2026-12-01T00:00:00.000Z, ending before 2026-12-20T00:00:00.000Z found 8 offerings, 3 matching the terms; ` +
            "the cheapest costs 80000 USD, above maxUpfrontFee. Raise maxUpfrontFee or widen the window to buy one.");
    }));

    it("check says why no offering matches: a currency nobody offers is named, not just 'none matches'", () => withStandin(async () => {
        const result = await provider.check({}, { ...INPUTS, currencyCode: "EUR" });
        assert.strictEqual(result.failures![0].reason,
            `training plan p5-llm-eval: nothing bought. The search for 2 x ml.p5.48xlarge for 168 hours for target "endpoint", ` +
            `starting after 2026-12-01T00:00:00.000Z, ending before 2026-12-20T00:00:00.000Z found 3 offerings, 0 matching the terms; ` +
            "none matches (3 in USD, not EUR; 1 of 1 instances, not 2). Change the terms (instance type, count, duration, currency, window) to ones that are offered.");
    }, OFFERINGS.filter((o) => ["tpo-early", "tpo-late", "tpo-too-few"].includes(o.id))));

    it("offerings whose fee cannot be read are never bought, and are named", () => withStandin(async () => {
        const inputs = await checked(INPUTS);
        assert.strictEqual(inputs.offeringPreview, `would buy ${EARLY}; to buy exactly this offering and no other, set offeringId: tpo-early. ` +
            "1 offerings were not considered because their fee cannot be read as a number (tpo-unreadable).");
        const result = await provider.check({}, { ...INPUTS, maxUpfrontFee: 1000 });
        assert.match(result.failures![0].reason, /above maxUpfrontFee\. Raise maxUpfrontFee or widen the window to buy one\. 1 offerings were not considered because their fee cannot be read as a number \(tpo-unreadable\)\.$/);
    }, [offer("tpo-unreadable", "call us", "02"), ...OFFERINGS]));

    it("check shows the existing plan a preview would adopt, or refuses one that does not match", () => withStandin(async () => {
        standin.plans.set(NAME, boughtPlan(NAME, offer("tpo-old", 85000, "04")));
        const adopted = await checked(INPUTS);
        assert.strictEqual(adopted.offeringPreview, `would adopt existing plan ${ARN}: 85000 USD, 2 x ml.p5.48xlarge, Scheduled, ` +
            "2026-12-04T00:00:00.000Z to 2026-12-11T00:00:00.000Z");
        assert.strictEqual(calls("SearchTrainingPlanOfferings"), 0);
        const refused = await provider.check({}, { ...INPUTS, maxUpfrontFee: 50000 });
        assert.strictEqual(refused.failures![0].property, "planName");
        assert.match(refused.failures![0].reason, /already exists .* does not match: it cost 85000 USD, above maxUpfrontFee\. This run bought nothing/);
    }));

    it("create adopts an existing plan that matches, buying nothing and claiming no offering", () => withStandin(async () => {
        standin.plans.set(NAME, boughtPlan(NAME, offer("tpo-old", 85000, "04")));
        const created = await buy();
        assert.deepStrictEqual([created.id, created.outs!.upfrontFee, created.outs!.offeringId], [ARN, 85000, undefined]);
        assert.strictEqual(calls("CreateTrainingPlan"), 0);
    }));

    it("create refuses an existing plan of that name that does not match, over the cap, or in another currency", () => withStandin(async () => {
        const inputs = await checked(INPUTS);
        standin.plans.set(NAME, boughtPlan(NAME, offer("tpo-old", 85000, "04", { instanceType: "ml.p4d.24xlarge", instanceCount: 4 })));
        assert.strictEqual((await failureOf(provider.create(inputs))).message,
            `a training plan named p5-llm-eval already exists (${ARN}) and does not match: ` +
            "it reserves ml.p4d.24xlarge instances, not ml.p5.48xlarge; it reserves 4 instances, not 2. This run bought nothing. " +
            "Choose another planName, or change the inputs to match it.");
        standin.plans.set(NAME, boughtPlan(NAME, offer("tpo-old", 500000, "04")));
        assert.match((await failureOf(provider.create(inputs))).message, /does not match: it cost 500000 USD, above maxUpfrontFee/);
        standin.plans.set(NAME, boughtPlan(NAME, offer("tpo-old", 85000, "04", { currency: "JPY" })));
        assert.match((await failureOf(provider.create(inputs))).message, /does not match: it cost 85000 JPY, not USD\. /);
        standin.plans.set(NAME, boughtPlan(NAME, offer("tpo-old", 85000, "04"), "Failed"));
        assert.match((await failureOf(provider.create(inputs))).message, /does not match: its status is Failed/);
        assert.strictEqual(calls("CreateTrainingPlan"), 0);
    }));

    for (const throttleRate of [0.2, 0.5]) {
        it(`check and create converge with ${throttleRate * 100} % of calls throttled, buying once`, () => withStandin(async () => {
            const created = await buy();
            assert.strictEqual(created.outs!.offeringId, "tpo-early");
            assert.strictEqual(purchases(), 1, "one purchase reached the service");
            assert.strictEqual(standin.purchases.length, 1);
            const throttled = standin.requests.filter((r) => r.fault === "throttled").length;
            assert.strictEqual(throttled, Math.floor(standin.requests.length * throttleRate));
            assert.ok(throttled >= 2, `${throttled} calls throttled`);
        }, OFFERINGS, { throttleRate, pendingAfterCreate: 6 }));
    }

    it("retries server errors of look-ups and searches, which buy nothing", () => withStandin(async () => {
        const created = await buy();
        assert.strictEqual(created.outs!.status, "Scheduled");
        assert.strictEqual(calls("SearchTrainingPlanOfferings"), 2 + 2);
        assert.strictEqual(calls("CreateTrainingPlan"), 1);
    }, OFFERINGS, { serverErrors: { SearchTrainingPlanOfferings: 2, DescribeTrainingPlan: 1 } }));

    it("waits through NotFound right after buying and through slow status changes", () => withStandin(async () => {
        const created = await buy();
        assert.strictEqual(created.outs!.status, "Scheduled");
        assert.strictEqual(calls("DescribeTrainingPlan"), 2 + 3 + 4 + 1);
    }, OFFERINGS, { notFoundAfterCreate: 3, pendingAfterCreate: 4 }));
});

describe("TrainingPlan never loses a purchase", function () {
    this.timeout(10000);

    const lostAnswers: [LostAnswer | "late", Faults][] = [
        ["dropped", { lostCreateAnswer: "dropped" }],
        ["cut", { lostCreateAnswer: "cut" }],
        ["unreadable", { lostCreateAnswer: "unreadable" }],
        ["empty", { lostCreateAnswer: "empty" }],
        ["code-less 4xx", { lostCreateAnswer: "code-less 4xx" }],
        // Held back for longer than the test may run: only a request timeout gets past it.
        ["late", { delays: { CreateTrainingPlan: 60_000 } }],
    ];
    for (const [how, faults] of lostAnswers) {
        it(`an answer ${how === "late" ? "that comes after the request timeout" : how} after the purchase took effect: the plan is found by name, not bought again${how === "late" ? " [slow: a real request timeout]" : ""}`,
            () => withStandin(async () => {
                // A second is as short as a real request timeout gets in tests: a loaded machine can take longer to answer.
                const created = await buy({ ...INPUTS, timing: how === "late" ? { ...FAST, requestTimeoutSeconds: 1 } : FAST });
                assert.deepStrictEqual([created.id, created.outs!.status, created.outs!.offeringId, created.outs!.upfrontFee], [ARN, "Scheduled", "tpo-early", 80000],
                    "the plan found matches the offering sent: this run bought it");
                assert.strictEqual(calls("CreateTrainingPlan"), 1);
                assert.strictEqual(standin.purchases.length, 1);
            }, OFFERINGS, { ...faults, notFoundAfterCreate: 2, allowDuplicateNames: true }));
    }

    it("a network that stays down after a lost answer does not stretch the look-up: one attempt each, within what is left [slow: a real request timeout]", () => withStandin(async () => {
        const inputs = await checked({ ...INPUTS, timing: { ...FAST, requestTimeoutSeconds: 5, lostAnswerLookupSeconds: 1 } });
        // The look-up's request timeout is real: here it must count against the look-up's budget.
        testClock().followRealTime();
        const failure = await failureOf(provider.create(inputs));
        assert.match(failure.message, /^training plan p5-llm-eval: the purchase may have gone through\. .*\(timed out after 1 s waiting for training plan p5-llm-eval to show; last seen: training plan p5-llm-eval: DescribeTrainingPlan failed: TimeoutError/);
        const after = standin.requests.slice(standin.requests.findIndex((r) => r.operation === "CreateTrainingPlan") + 1);
        assert.deepStrictEqual(after.map((r) => r.operation), ["DescribeTrainingPlan"], "one look-up of at most what is left (1 s), not several of 5 s");
    }, OFFERINGS, { lostCreateAnswer: "dropped", delaysAfterCreate: { DescribeTrainingPlan: 60_000 } }));

    it("a lost answer whose plan never shows fails within the short look-up, saying the purchase may have gone through", () => withStandin(async () => {
        const inputs = await checked({ ...INPUTS, timing: { ...FAST, waitTimeoutSeconds: 30000, lostAnswerLookupSeconds: 100 } });
        const failure = await failureOf(provider.create(inputs));
        assert.match(failure.message, new RegExp("^training plan p5-llm-eval: the purchase may have gone through\\. CreateTrainingPlan for " +
            `${EARLY.replace(/[.()]/g, "\\$&")} got no readable answer \\(InternalFailure \\(HTTP 500\\): internal error\\), and no plan named p5-llm-eval showed in us-east-1 ` +
            "\\(timed out after 100 s waiting for training plan p5-llm-eval to show; last seen: not found\\)\\. Do not buy it by hand: the next pulumi up looks " +
            "the plan up by name before anything else, and adopts it once it shows; if it never shows, nothing was bought\\.$"));
        assert.strictEqual(failure.id, undefined, "no plan is known: the engine records nothing");
        assert.strictEqual(calls("CreateTrainingPlan"), 1, "never sent twice in a run");
    }, OFFERINGS, { serverErrors: { CreateTrainingPlan: 1 } }));

    it("after a lost answer and a plan that showed too late, the next run adopts it, though the service would take the name again", () =>
        withStandin(async () => {
            const first = await up(provider, INPUTS);
            assert.match(first.error!.message, /the purchase may have gone through/);
            assert.strictEqual(first.state, undefined);
            standin.plans.get(NAME)!.hiddenFor = 0;
            const second = await up(provider, INPUTS);
            assert.strictEqual(second.error, undefined);
            assert.deepStrictEqual([second.state!.id, second.state!.outputs.status, second.state!.outputs.offeringId], [ARN, "Scheduled", undefined]);
            assert.strictEqual(second.state!.inputs.offeringPreview, `would adopt existing plan ${ARN}: 80000 USD, 2 x ml.p5.48xlarge, Scheduled, ` +
                "2026-12-03T00:00:00.000Z to 2026-12-10T00:00:00.000Z");
            assert.strictEqual(calls("CreateTrainingPlan"), 1);
            assert.strictEqual(standin.purchases.length, 1);
        }, OFFERINGS, { lostCreateAnswer: "dropped", notFoundAfterCreate: 1000, allowDuplicateNames: true }));

    it("a purchase that failed with a server error, bought nothing, and the next run buys once", () => withStandin(async () => {
        const first = await up(provider, INPUTS);
        assert.match(first.error!.message, /may have gone through/);
        assert.strictEqual(standin.purchases.length, 0, "the 500 bought nothing");
        const second = await up(provider, INPUTS);
        assert.deepStrictEqual([second.error, second.state!.outputs.offeringId], [undefined, "tpo-early"]);
        assert.strictEqual(standin.purchases.length, 1);
    }, OFFERINGS, { serverErrors: { CreateTrainingPlan: 1 } }));

    it("an ARN answered keeps the plan in the state, whatever happens next, and the error says what was bought", () => withStandin(async () => {
        const { state, error } = await up(provider, { ...INPUTS, timing: { ...FAST, waitTimeoutSeconds: 25 } });
        assert.strictEqual(error!.message, `training plan p5-llm-eval was bought (${ARN}, 80000 USD, offering tpo-early) but is not usable yet: ` +
            "timed out after 25 s waiting for training plan p5-llm-eval to be Scheduled or Active; last seen: not shown by DescribeTrainingPlan yet. " +
            "It is recorded in the stack's state: the next pulumi up describes it again and waits for it, and buys nothing.");
        assert.strictEqual(state!.id, ARN);
        const outs = state!.outputs;
        assert.deepStrictEqual([outs.arn, outs.status, outs.offeringId, outs.upfrontFee, outs.startTime, outs.endTime],
            [ARN, undefined, "tpo-early", 80000, "2026-12-03T00:00:00.000Z", "2026-12-10T00:00:00.000Z"]);
        // The plan shows; the next run resumes it.
        standin.plans.get(NAME)!.hiddenFor = 0;
        const before = standin.requests.length;
        const next = await up(provider, INPUTS, state);
        assert.strictEqual(next.error, undefined);
        assert.deepStrictEqual([next.state!.outputs.status, next.state!.outputs.offeringId], ["Scheduled", "tpo-early"]);
        assert.deepStrictEqual(standin.requests.slice(before).map((r) => r.operation), ["DescribeTrainingPlan"]);
    }, OFFERINGS, { notFoundAfterCreate: 1000, allowDuplicateNames: true }));

    it("after a lost answer, a plan of the name with other terms is not taken for the purchase", () => withStandin(async () => {
        const inputs = await checked(INPUTS);
        showsLate(offer("tpo-theirs", 500000, "04", { instanceType: "ml.p4d.24xlarge", instanceCount: 4 }));
        const failure = await failureOf(provider.create(inputs));
        assert.strictEqual(failure.message, "after CreateTrainingPlan for offering tpo-early got no readable answer (InternalFailure (HTTP 500): internal error), " +
            `the plan found by name is not the one asked for: a training plan named p5-llm-eval already exists (${ARN}) and does not match: ` +
            "it reserves ml.p4d.24xlarge instances, not ml.p5.48xlarge; it reserves 4 instances, not 2; " +
            "it cost 500000 USD, above maxUpfrontFee. This run bought nothing. Choose another planName, or change the inputs to match it.");
        assert.strictEqual(failure.id, undefined, "not recorded as this stack's purchase");
    }, OFFERINGS, { serverErrors: { CreateTrainingPlan: 1 } }));

    it("after a lost answer, a matching plan bought from another offering is adopted without claiming the offering sent", () => withStandin(async () => {
        const inputs = await checked(INPUTS);
        showsLate(offer("tpo-other", 85000, "04"));
        const created = await provider.create(inputs);
        assert.deepStrictEqual([created.id, created.outs!.upfrontFee, created.outs!.offeringId], [ARN, 85000, undefined]);
    }, OFFERINGS, { serverErrors: { CreateTrainingPlan: 1 } }));

    it("a lost race for the name says so, bought nothing, and the next run adopts the plan", () => withStandin(async () => {
        const inputs = await checked(INPUTS);
        showsLate(offer("tpo-early", 80000, "03"));
        const failure = await failureOf(provider.create(inputs));
        assert.strictEqual(failure.message, `training plan p5-llm-eval: nothing bought: CreateTrainingPlan for ${EARLY} failed: ` +
            "ResourceInUse (HTTP 400): Training plan p5-llm-eval already exists. A plan named p5-llm-eval exists although it did not show when this run " +
            "looked it up: bought meanwhile by another run or outside this stack, or not visible yet after an earlier purchase. Run pulumi up again: " +
            "it adopts that plan if its terms match, and fails naming each difference if not.");
        assert.strictEqual(standin.purchases.length, 0);
        assert.strictEqual((await up(provider, INPUTS)).state!.id, ARN);
    }));

    it("a refusal of CreateTrainingPlan names the plan, the offering and the fee, and what to do", () => withStandin(async () => {
        const failure = await failureOf(buy());
        assert.strictEqual(failure.message, `training plan p5-llm-eval: nothing bought: CreateTrainingPlan for ${EARLY} failed: ` +
            "ValidationException (HTTP 400): Offering tpo-early is no longer available. Run pulumi preview again to see what would be bought now.");
        assert.strictEqual(failure.id, undefined);
    }, OFFERINGS, { refusals: { CreateTrainingPlan: { type: "ValidationException", message: "Offering tpo-early is no longer available" } } }));

    it("a purchase throttled on every attempt buys nothing, and says so", () => withStandin(async () => {
        const failure = await failureOf(buy({ ...INPUTS, timing: { ...FAST, maxRetries: 1 } }));
        assert.strictEqual(failure.message, `training plan p5-llm-eval: nothing bought: CreateTrainingPlan for ${EARLY} failed after 2 attempts: ` +
            "ThrottlingException (HTTP 400): Rate exceeded; SageMaker is limiting the request rate: run again later, or raise timing.maxRetries.");
        assert.deepStrictEqual([calls("CreateTrainingPlan"), standin.purchases.length, calls("DescribeTrainingPlan")], [2, 0, 2], "no look-up after a refusal");
    }, OFFERINGS, { refusals: { CreateTrainingPlan: { type: "ThrottlingException", message: "Rate exceeded" } } }));

    it("throttling that outlasts the retries names the plan and the call, and buys nothing", () => withStandin(async () => {
        const failure = await failureOf(provider.check({}, { ...INPUTS, timing: { ...FAST, maxRetries: 2 } }));
        assert.strictEqual(failure.message, "training plan p5-llm-eval: DescribeTrainingPlan failed after 3 attempts: ThrottlingException (HTTP 400): " +
            "Rate exceeded; SageMaker is limiting the request rate: run again later, or raise timing.maxRetries");
    }, OFFERINGS, { throttleRate: 1 }));
});

describe("TrainingPlan resumes what a create left unfinished", function () {
    this.timeout(10000);

    it("a deploy after a create that timed out while Pending describes the plan and waits again, buying nothing", () => withStandin(async () => {
        const first = await up(provider, { ...INPUTS, timing: { ...FAST, waitTimeoutSeconds: 25 } });
        assert.match(first.error!.message, /^training plan p5-llm-eval was bought .* last seen: Pending\. It is recorded/);
        assert.strictEqual(first.state!.outputs.status, "Pending");
        standin.plans.get(NAME)!.pendingFor = 3;
        const before = standin.requests.length;
        const next = await up(provider, INPUTS, first.state);
        assert.strictEqual(next.error, undefined);
        assert.strictEqual(next.state!.outputs.status, "Scheduled");
        assert.deepStrictEqual(standin.requests.slice(before).map((r) => r.operation), Array(4).fill("DescribeTrainingPlan"));
        // Settled: the run after calls nothing.
        const after = standin.requests.length;
        assert.strictEqual((await up(provider, INPUTS, next.state)).error, undefined);
        assert.strictEqual(standin.requests.length, after);
    }, OFFERINGS, { pendingAfterCreate: 1000 }));

    it("resumes where the plan's ARN says, whatever region the deploy runs with", () => withStandin(async () => {
        const first = await up(provider, { ...INPUTS, region: "us-east-1", timing: { ...FAST, waitTimeoutSeconds: 25 } });
        standin.plans.get(NAME)!.pendingFor = 0;
        const next = await withEnv({ AWS_REGION: "eu-west-3" }, () => up(provider, { ...INPUTS, region: "us-east-1" }, first.state));
        assert.deepStrictEqual([next.error, next.state!.outputs.status], [undefined, "Scheduled"]);
    }, OFFERINGS, { pendingAfterCreate: 1000 }));

    it("does not resume into another account's plan of the same name", () => withStandin(async () => {
        const first = await up(provider, { ...INPUTS, timing: { ...FAST, waitTimeoutSeconds: 25 } });
        const other = ARN.replace("123456789012", "210987654321");
        Object.assign(standin.plans.get(NAME)!, { pendingFor: 0, arn: other });
        const next = await up(provider, INPUTS, first.state);
        assert.strictEqual(next.error!.message, `training plan p5-llm-eval (${ARN}) is not usable: the plan named p5-llm-eval that these credentials see is ` +
            `${other}, another account's (210987654321, not 123456789012 of the stack's ${ARN}). It stays in the state; the next pulumi up looks at it again, and buys nothing.`);
        assert.strictEqual(next.state!.outputs.status, "Pending", "nothing of the other plan recorded");
    }, OFFERINGS, { pendingAfterCreate: 1000 }));

    it("a plan that went Failed after purchase fails the next deploy, naming it, and the state shows Failed", () => withStandin(async () => {
        const first = await up(provider, { ...INPUTS, timing: { ...FAST, waitTimeoutSeconds: 25 } });
        Object.assign(standin.plans.get(NAME)!, { pendingFor: 0, status: "Failed" });
        const next = await up(provider, INPUTS, first.state);
        assert.strictEqual(next.error!.message, `training plan p5-llm-eval (${ARN}) is not usable: training plan p5-llm-eval (${ARN}) is Failed: ` +
            "no reason given. Endpoints cannot run on it. It stays in the state; to run on another plan, add a TrainingPlan with a new planName.");
        assert.strictEqual(next.state!.outputs.status, "Failed");
        assert.strictEqual(calls("CreateTrainingPlan"), 1);
    }, OFFERINGS, { pendingAfterCreate: 1000 }));

    it("a recorded Expired plan fails every deploy, naming it", () => withStandin(async () => {
        const { state } = await up(provider, INPUTS);
        standin.plans.get(NAME)!.status = "Expired";
        const refreshed = await refresh(provider, state!);
        assert.match((await up(provider, INPUTS, refreshed)).error!.message, /is Expired: no reason given\. Endpoints cannot run on it/);
    }));

    it("with allowEnded (endpoints that move to on demand), a recorded Expired plan is left as it is: deploys go on, buying nothing", () => withStandin(async () => {
        const { state } = await up(provider, { ...INPUTS, allowEnded: true });
        standin.plans.get(NAME)!.status = "Expired";
        const refreshed = await refresh(provider, state!);
        assert.strictEqual(refreshed.outputs.status, "Expired");
        const before = standin.requests.length;
        const next = await up(provider, { ...INPUTS, allowEnded: true }, refreshed);
        assert.strictEqual(next.error, undefined);
        assert.strictEqual(next.state, refreshed, "no change planned");
        // A budget change still records, without waiting for a plan that will never be usable again.
        const budget = await up(provider, { ...INPUTS, allowEnded: true, maxUpfrontFee: 90000 }, refreshed);
        assert.strictEqual(budget.error, undefined);
        assert.deepStrictEqual([budget.state!.outputs.maxUpfrontFee, budget.state!.outputs.status], [90000, "Expired"]);
        assert.deepStrictEqual(standin.requests.slice(before).map((r) => r.operation).filter((o) => o !== "SearchTrainingPlanOfferings" && o !== "DescribeTrainingPlan"), []);
    }));
});

describe("TrainingPlan refresh is honest", function () {
    this.timeout(10000);

    it("a plan extended outside the stack shows its new end after a refresh, and the next deploy changes and buys nothing", () => withStandin(async () => {
        const { state } = await up(provider, INPUTS);
        standin.extend(NAME, 168);
        const refreshed = await refresh(provider, state!);
        const outs = refreshed.outputs;
        assert.deepStrictEqual([outs.durationHours, outs.endTime, (outs.purchaseTerms as Record<string, unknown>).durationHours],
            [336, "2026-12-17T00:00:00.000Z", 168]);
        const before = standin.requests.length;
        const next = await up(provider, INPUTS, refreshed);
        assert.strictEqual(next.error, undefined);
        assert.strictEqual(next.state, refreshed, "no change planned");
        // Were the engine to take refreshed outputs as the inputs, check would judge the same.
        assert.strictEqual((await provider.check(outs, INPUTS)).failures, undefined);
        assert.strictEqual(standin.requests.length, before, "no look-up, search or purchase");
        // A change of a term the plan was bought on is still refused.
        assert.match((await up(provider, { ...INPUTS, durationHours: 336 }, refreshed)).error!.message,
            /training plan p5-llm-eval is bought and cannot be changed \(durationHours 168 -> 336\)/);
    }));

    it("read refreshes status and window where the ARN says, and never forgets a plan", () => withStandin(async () => {
        const created = await buy();
        standin.plans.get(NAME)!.status = "Active";
        const read = await withEnv({ AWS_REGION: "eu-west-3" }, () => provider.read(created.id, created.outs!));
        assert.deepStrictEqual([read.id, read.props!.status, read.props!.endTime, read.props!.offeringId], [created.id, "Active", "2026-12-10T00:00:00.000Z", "tpo-early"]);
        standin.plans.clear();
        await assert.rejects(provider.read(created.id, created.outs!), /training plan .* was not found with these credentials in us-east-1; plans cannot be deleted/);
    }));

    it("a refresh of a plan bought but not shown yet keeps it, saying to refresh later", () => withStandin(async () => {
        const { state } = await up(provider, { ...INPUTS, timing: { ...FAST, waitTimeoutSeconds: 25 } });
        await assert.rejects(refresh(provider, state!), (e: Error) => e.message ===
            `training plan ${ARN} was bought and does not show in us-east-1 yet (a new plan can take a while); it stays in the state: refresh again later`);
    }, OFFERINGS, { notFoundAfterCreate: 1000 }));

    it("read refuses another account's plan of the same name", () => withStandin(async () => {
        const created = await buy();
        const other = ARN.replace("123456789012", "210987654321");
        standin.plans.get(NAME)!.arn = other;
        const failure = await failureOf(provider.read(created.id, created.outs!));
        assert.strictEqual(failure.message, `training plan ${ARN}: the plan named p5-llm-eval that these credentials see is ${other}, another account's ` +
            `(210987654321, not 123456789012 of the stack's ${ARN}). ` +
            "Nothing of it was recorded; refresh with credentials for the account that owns the plan.");
    }));

    it("delete leaves the plan, calls nothing, and says it remains until its end", () => withStandin(async () => {
        const created = await buy();
        const before = standin.requests.length;
        const warnings: string[] = [];
        const warn = console.warn;
        console.warn = (msg: string) => { warnings.push(msg); };
        try {
            await provider.delete(created.id, created.outs!);
        } finally {
            console.warn = warn;
        }
        assert.strictEqual(standin.requests.length, before);
        assert.deepStrictEqual(warnings, [
            `warning: [runtime] training plan p5-llm-eval (${ARN}) stays bought and reserved until 2026-12-10T00:00:00.000Z: ` +
            "SageMaker has no API to cancel a plan. This resource no longer tracks it; if another resource of the stack adopted it " +
            "(a rename, a move into a component, or --replace), that one does.",
        ]);
    }));
});

describe("TrainingPlan purchase terms", function () {
    this.timeout(10000);

    it("check of a bought plan calls nothing and keeps what the preview showed", () => withStandin(async () => {
        const { state } = await up(provider, INPUTS);
        const before = standin.requests.length;
        const again = await provider.check(state!.inputs, { ...INPUTS, startTimeAfter: "2026-12-01T01:00:00+01:00", region: "us-east-1" });
        assert.strictEqual(again.failures, undefined, "the same instant and the same region are no change");
        assert.deepStrictEqual([again.inputs!.offeringPreview, again.inputs!.selectedOffering], [state!.inputs.offeringPreview, state!.inputs.selectedOffering]);
        assert.strictEqual(standin.requests.length, before);
    }));

    it("check refuses a change of a bought plan's purchase terms, naming each", () => withStandin(async () => {
        const { state } = await up(provider, INPUTS);
        const changed = await provider.check(state!.inputs, { ...INPUTS, instanceCount: 4, region: "us-west-2" });
        assert.deepStrictEqual(changed.failures!.map((f) => f.property), ["instanceCount", "region"]);
        assert.ok(changed.failures![0].reason.startsWith(
            `training plan p5-llm-eval is bought and cannot be changed (instanceCount 2 -> 4, region "us-east-1" -> "us-west-2"): ` +
            "SageMaker has no API to cancel or modify a plan"), changed.failures![0].reason);
        assert.ok(changed.failures![0].reason.includes("To buy another plan, add a TrainingPlan with a new planName"));
    }));

    it("a pin may name the offering bought, or go; another pin would be another purchase", () => withStandin(async () => {
        const { state } = await up(provider, INPUTS);
        for (const offeringId of ["tpo-early", undefined]) {
            const next = await up(provider, { ...INPUTS, offeringId }, state);
            assert.deepStrictEqual([next.error, next.state], [undefined, state]);
        }
        const other = await up(provider, { ...INPUTS, offeringId: "tpo-late" }, state);
        assert.match(other.error!.message, /cannot be changed \(offeringId "tpo-early" -> "tpo-late"\)/);
        assert.strictEqual(calls("CreateTrainingPlan"), 1);
    }));

    it("budget, tags and timing change without touching the purchase", () => withStandin(async () => {
        const { state } = await up(provider, INPUTS);
        const before = standin.requests.length;
        const next = await up(provider, { ...INPUTS, maxUpfrontFee: 200000, tags: { team: "ml" } }, state);
        assert.deepStrictEqual([next.state!.outputs.maxUpfrontFee, next.state!.outputs.tags, next.state!.outputs.arn], [200000, { team: "ml" }, ARN]);
        assert.strictEqual(standin.requests.length, before);
    }));

    for (const [term, value] of [["instanceCount", 4], ["durationHours", 336], ["instanceType", "ml.p4d.24xlarge"], ["planName", "other"],
        ["endTimeBefore", "2026-12-31T00:00:00.000Z"], ["region", "us-west-2"]] as const) {
        it(`diff refuses to change the bought plan's ${term}`, () => withStandin(async () => {
            const { state } = await up(provider, INPUTS);
            await assert.rejects(provider.diff(state!.id, state!.outputs, { ...state!.inputs, [term]: value }), (e: Error) =>
                e.message.startsWith(`training plan p5-llm-eval is bought and cannot be changed (${term} `) &&
                e.message.includes("To buy another plan, add a TrainingPlan with a new planName"));
        }));
    }
});

describe("TrainingPlan resources of a program", () => {
    it("refuses a second TrainingPlan with a planName already taken in its region, before registering it", async () => {
        const plan = { instanceType: "ml.p5.48xlarge", instanceCount: 2, durationHours: 168, maxUpfrontFee: 100000 };
        const build = () => {
            new TrainingPlan("eval", { ...plan, planName: NAME });
            new TrainingPlan("eval-west", { ...plan, planName: NAME, region: "us-west-2" });
            new TrainingPlan("eval-again", { ...plan, planName: NAME });
        };
        const resources = await expectRefused(build, /eval-again.planName: "p5-llm-eval" is already the planName of TrainingPlan eval in us-east-1; each would try to buy a plan under that name: give each plan its own planName$/,
            { "aws:region": "us-east-1" });
        assert.deepStrictEqual(resources.map((r) => r.name), ["eval", "eval-west"]);
    });
});

describe("TrainingPlan provider, serialized as Pulumi does, in a fresh Node process", function () {
    this.timeout(20000);

    it("checks, creates and reads a plan against the local SageMaker [slow: a fresh Node process]", () => withStandin(async () => {
        const result = await runSerialized(trainingPlanProvider, `
            const checked = await provider.check({}, args[0]);
            const created = await provider.create(checked.inputs);
            const read = await provider.read(created.id, created.outs);
            return { id: created.id, status: read.props.status, offeringId: read.props.offeringId };`, [INPUTS], standinEnv(standin.url));
        assert.ok(!/^\s*(var|let|const) \w+ = new [\w.]*Client\(/m.test(result.serialized), "no client is built outside the methods");
        assert.strictEqual(result.code, 0, result.err);
        assert.deepStrictEqual(JSON.parse(result.out), { id: ARN, status: "Scheduled", offeringId: "tpo-early" });
        assert.deepStrictEqual(standin.requests.map((r) => r.operation), ["DescribeTrainingPlan", "SearchTrainingPlanOfferings",
            "DescribeTrainingPlan", "SearchTrainingPlanOfferings", "CreateTrainingPlan", "DescribeTrainingPlan", "DescribeTrainingPlan"]);
    }));
});

describe("ReservationCheck provider against a local SageMaker", () => {
    const request = { reservationArn: ARN, instanceType: "ml.p5.48xlarge", instanceCount: 2, timing: FAST };
    const withPlan = (offering: StandinOffering, status: string, fn: () => Promise<void>) => withStandin(async () => {
        standin.plans.set(NAME, boughtPlan(NAME, offering, status));
        await fn();
    });

    it("passes endpoints that fit, reporting the plan's facts", () => withPlan(offer("tpo", 1, "03"), "Active", async () => {
        const created = await checker.create!(request);
        assert.strictEqual(created.id, ARN);
        assert.deepStrictEqual([created.outs!.status, created.outs!.reservedInstanceType, created.outs!.reservedInstanceCount, created.outs!.endTime],
            ["Active", "ml.p5.48xlarge", 2, "2026-12-10T00:00:00.000Z"]);
        assert.deepStrictEqual(standin.requests.map((r) => [r.operation, r.body.TrainingPlanName]), [["DescribeTrainingPlan", NAME]]);
        const read = await checker.read!(ARN, created.outs!);
        assert.strictEqual(read.props!.status, "Active");
    }));

    it("fails on too many instances, naming both counts", () => withPlan(offer("tpo", 1, "03"), "Scheduled", async () => {
        await assert.rejects(checker.create!({ ...request, instanceCount: 3 }), (e: Error) => e.message ===
            `the endpoints cannot run on training plan ${ARN}: Requested instance count (3) exceeds the reserved instance count (2)`);
    }));

    it("fails on another instance type, a plan for training jobs, and an expired plan, naming each", () =>
        withPlan(offer("tpo", 1, "03", { instanceType: "ml.p4d.24xlarge", targets: ["training-job"] }), "Expired", async () => {
            await assert.rejects(checker.create!(request), (e: Error) => e.message ===
                `the endpoints cannot run on training plan ${ARN}: its target resources are ["training-job"]: endpoints need a plan whose target is "endpoint"; ` +
                `it reserves ml.p4d.24xlarge instances, the endpoints run ml.p5.48xlarge; its status is Expired (it ended 2026-12-10T00:00:00.000Z)`);
        }));

    it("refuses to deploy onto an ended plan, but a refresh reports it ended, and endpoints that switch to on demand deploy", () =>
        withPlan(offer("tpo", 1, "03"), "Expired", async () => {
            await assert.rejects(checker.create!(request), new RegExp(`cannot run on training plan ${ARN}: its status is Expired \\(it ended 2026-12-10`));
            await assert.rejects(checker.update!(ARN, request, request), /its status is Expired/);
            const read = await checker.read!(ARN, request);
            assert.deepStrictEqual([read.props!.status, read.props!.ended, read.props!.timeLeft],
                ["Expired", true, "ended (Expired, end time 2026-12-10T00:00:00.000Z)"]);
            const created = await checker.create!({ ...request, allowEnded: true });
            assert.deepStrictEqual([created.outs!.status, created.outs!.ended], ["Expired", true]);
            // Allowing the end lets the plan end; it does not let the endpoints overrun it.
            await assert.rejects(checker.create!({ ...request, instanceCount: 3, allowEnded: true }), /^Error: the endpoints cannot run .*: Requested instance count \(3\) exceeds/);
        }));

    it("reports the time a running plan has left, and ended once its end time has passed whatever its status", () => withStandin(async () => {
        const inThreeDays = new Date(Date.now() + (3 * 24 + 5) * 3_600_000 + 1_800_000).toISOString();
        standin.plans.set(NAME, boughtPlan(NAME, { ...offer("tpo", 1, "03"), end: inThreeDays }, "Active"));
        const created = await checker.create!(request);
        assert.deepStrictEqual(created.outs!.ended, false);
        assert.match(created.outs!.timeLeft, /^3 days 5 hours, as of 20\d\d-\d\d-\d\dT/);
        standin.plans.set(NAME, boughtPlan(NAME, { ...offer("tpo", 1, "03"), end: "2020-01-01T00:00:00Z" }, "Active"));
        const read = await checker.read!(ARN, request);
        assert.deepStrictEqual([read.props!.ended, read.props!.timeLeft], [true, "ended (Active, end time 2020-01-01T00:00:00.000Z)"]);
    }));

    it("fails on a plan of the same name in another account than the ARN's", () => withPlan(offer("tpo", 1, "03"), "Active", async () => {
        const other = ARN.replace("123456789012", "210987654321");
        await assert.rejects(checker.create({ ...request, reservationArn: other }),
            new RegExp(`training plan ${other} was not found: a plan named p5-llm-eval is ${ARN}, in another account or region`));
    }));

    it("fails on a plan that does not exist", () => withStandin(async () => {
        await assert.rejects(checker.create!(request), new RegExp(`training plan ${ARN} was not found in us-east-1`));
    }));

    it("re-checks when the endpoints change, and only then", async () => {
        assert.deepStrictEqual(await checker.diff!(ARN, request, { ...request, instanceCount: 1 }), { changes: true, replaces: [], deleteBeforeReplace: false });
        assert.deepStrictEqual(await checker.diff!(ARN, request, request), { changes: false, replaces: [], deleteBeforeReplace: false });
        // Allowing an ended plan keeps the check's outputs known at preview; refusing one again checks anew.
        assert.deepStrictEqual(await checker.diff!(ARN, request, { ...request, allowEnded: true }), { changes: false, replaces: [], deleteBeforeReplace: false });
        assert.deepStrictEqual(await checker.diff!(ARN, { ...request, allowEnded: true }, request), { changes: true, replaces: [], deleteBeforeReplace: false });
    });
});
