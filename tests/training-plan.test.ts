import * as assert from "assert";
import { reservationCheckProvider } from "../dynamic-providers/reservation-check";
import { trainingPlanProvider } from "../dynamic-providers/training-plan";
import { checkTrainingPlanInputs, offeringsOf } from "../dynamic-providers/training-plan-plan";
import { runSerialized } from "./fresh-process";
import { hosted } from "./provider-host";
import { boughtPlan, Faults, Standin, StandinOffering, startStandin, standinEnv, withEnv } from "./sagemaker-standin";

const FAST = { pollInitialSeconds: 0.005, pollMaxSeconds: 0.02, retryBaseSeconds: 0.002, waitTimeoutSeconds: 1, maxRetries: 8 };
const INPUTS = {
    planName: "p5-llm-eval",
    instanceType: "ml.p5.48xlarge",
    instanceCount: 2,
    durationHours: 168,
    startTimeAfter: "2026-12-01T00:00:00Z",
    endTimeBefore: "2026-12-20T00:00:00Z",
    maxUpfrontFee: 100000,
    timing: FAST,
};
const offer = (id: string, fee: number, start: string, extra: Partial<StandinOffering> = {}): StandinOffering => ({
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

const provider = hosted(trainingPlanProvider);
const checker = hosted(reservationCheckProvider);
let standin: Standin;
async function withStandin<T>(fn: () => Promise<T>, offerings = OFFERINGS, faults: Faults = {}): Promise<T> {
    standin = await startStandin([...offerings], faults);
    try {
        return await withEnv(standinEnv(standin.url), fn);
    } finally {
        await standin.stop();
    }
}

describe("TrainingPlan inputs", () => {
    const cases: [string, Record<string, unknown>, string][] = [
        ["planName", { planName: "-bad" }, `planName: "-bad" must be 1 to 64 characters`],
        ["planName", { planName: "p".repeat(65) }, "planName:"],
        ["instanceType", { instanceType: "p5.48xlarge" }, `instanceType: "p5.48xlarge" is not a SageMaker instance type`],
        ["instanceCount", { instanceCount: 0 }, "instanceCount: 0 must be a whole number of at least 1"],
        ["durationHours", { durationHours: 0 }, "durationHours: 0 must be a whole number of hours from 1 to 87600"],
        ["durationHours", { durationHours: 87601 }, "durationHours: 87601 must be a whole number of hours from 1 to 87600"],
        ["startTimeAfter", { startTimeAfter: "next monday" }, `startTimeAfter: "next monday" is not an ISO-8601 time`],
        ["endTimeBefore", { endTimeBefore: "2026-12-05T00:00:00Z" }, `endTimeBefore: "2026-12-05T00:00:00Z" leaves 96.0 hours after startTimeAfter, less than the 168 hours of durationHours`],
        ["maxUpfrontFee", { maxUpfrontFee: 0 }, "maxUpfrontFee: 0 must be a number above 0"],
        ["maxUpfrontFee", { maxUpfrontFee: undefined }, "maxUpfrontFee: undefined must be a number above 0"],
        ["currencyCode", { currencyCode: "dollars" }, `currencyCode: "dollars" must be a three-letter currency code`],
        ["timing", { timing: { waitTimeoutSeconds: 0 } }, `timing: {"waitTimeoutSeconds":0} must hold positive numbers of seconds`],
    ];
    for (const [property, change, reason] of cases) {
        it(`refuses ${JSON.stringify(change).slice(0, 60)}, naming ${property}`, async () => {
            const failures = checkTrainingPlanInputs({ ...INPUTS, ...change });
            assert.strictEqual(failures.length, 1, JSON.stringify(failures));
            assert.strictEqual(failures[0].property, property);
            assert.ok(failures[0].reason.startsWith(reason), failures[0].reason);
            // The provider's check reports the same, without calling AWS.
            const checked = await provider.check({}, { ...INPUTS, ...change });
            assert.deepStrictEqual(checked.failures, failures);
        });
    }

    it("accepts the seed's request", () => {
        assert.deepStrictEqual(checkTrainingPlanInputs(INPUTS), []);
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

describe("TrainingPlan provider against a local SageMaker", function () {
    this.timeout(10000);

    it("check shows the offering a preview would buy, buying nothing", () => withStandin(async () => {
        const checked = await provider.check({}, INPUTS);
        assert.strictEqual(checked.failures, undefined);
        assert.strictEqual(checked.inputs!.offeringPreview,
            "would buy offering tpo-early: 80000 USD, 2 x ml.p5.48xlarge in us-east-1a, 2026-12-03T00:00:00.000Z to 2026-12-10T00:00:00.000Z");
        assert.deepStrictEqual([checked.inputs!.currencyCode, checked.inputs!.region, checked.inputs!.startTimeAfter],
            ["USD", "us-east-1", "2026-12-01T00:00:00.000Z"], "defaults filled in, region fixed, times written one way");
        assert.deepStrictEqual(standin.requests.map((r) => r.operation), ["DescribeTrainingPlan", "SearchTrainingPlanOfferings"]);
    }));

    it("check shows the existing plan a preview would adopt, or refuses one that does not match", () => withStandin(async () => {
        standin.plans.set("p5-llm-eval", boughtPlan("p5-llm-eval", offer("tpo-old", 85000, "04")));
        const adopted = await provider.check({}, INPUTS);
        assert.strictEqual(adopted.inputs!.offeringPreview, "would adopt existing plan arn:aws:sagemaker:us-east-1:123456789012:training-plan/p5-llm-eval: " +
            "85000 USD, 2 x ml.p5.48xlarge, Scheduled, 2026-12-04T00:00:00.000Z to 2026-12-11T00:00:00.000Z");
        assert.strictEqual(standin.count("SearchTrainingPlanOfferings"), 0);
        const refused = await provider.check({}, { ...INPUTS, maxUpfrontFee: 50000 });
        assert.strictEqual(refused.failures![0].property, "planName");
        assert.match(refused.failures![0].reason, /already exists .* does not match: it cost 85000 USD, not at most maxUpfrontFee 50000 USD\. This run bought nothing/);
    }));

    it("check says when nothing fits the budget, with what the search found", () => withStandin(async () => {
        const checked = await provider.check({}, { ...INPUTS, maxUpfrontFee: 79999.99 });
        assert.strictEqual(checked.failures![0].property, "maxUpfrontFee");
        assert.strictEqual(checked.failures![0].reason,
            `training plan p5-llm-eval: nothing bought. The search for 2 x ml.p5.48xlarge for 168 hours for target "endpoint", ` +
            `starting after 2026-12-01T00:00:00.000Z, ending before 2026-12-20T00:00:00.000Z found 8 offerings, 3 matching the terms; ` +
            `the cheapest costs 80000 USD, above maxUpfrontFee 79999.99 USD. Raise maxUpfrontFee or widen the window to buy one.`);
        assert.strictEqual(standin.count("CreateTrainingPlan"), 0);
    }));

    it("check of a bought plan calls nothing and keeps what the preview showed", () => withStandin(async () => {
        const first = await provider.check({}, INPUTS);
        const calls = standin.requests.length;
        const again = await provider.check(first.inputs!, { ...INPUTS, startTimeAfter: "2026-12-01T00:00:00.000+00:00", region: "us-east-1" });
        assert.strictEqual(again.failures, undefined, "the same instant and the same region are no change");
        assert.strictEqual(again.inputs!.offeringPreview, first.inputs!.offeringPreview);
        assert.strictEqual(standin.requests.length, calls);
    }));

    it("check refuses a change of a bought plan's purchase terms, naming each", () => withStandin(async () => {
        const first = await provider.check({}, INPUTS);
        const changed = await provider.check(first.inputs!, { ...INPUTS, instanceCount: 4, region: "us-west-2" });
        assert.deepStrictEqual(changed.failures!.map((f) => f.property), ["instanceCount", "region"]);
        assert.ok(changed.failures![0].reason.startsWith(
            `training plan p5-llm-eval is bought and cannot be changed (instanceCount 2 -> 4, region "us-east-1" -> "us-west-2"): ` +
            "SageMaker has no API to cancel or modify a plan"), changed.failures![0].reason);
        assert.ok(changed.failures![0].reason.includes("To buy another plan, add a TrainingPlan with a new planName"));
    }));

    it("create buys the cheapest matching offering, then the earliest, once, for endpoints", () => withStandin(async () => {
        const created = await provider.create({ ...INPUTS, tags: { team: "eval" } });
        assert.deepStrictEqual(standin.requests.map((r) => r.operation),
            ["DescribeTrainingPlan", "SearchTrainingPlanOfferings", "CreateTrainingPlan", "DescribeTrainingPlan"]);
        const search = standin.requests[1].body;
        assert.deepStrictEqual(search, {
            TargetResources: ["endpoint"], InstanceType: "ml.p5.48xlarge", InstanceCount: 2, DurationHours: 168,
            StartTimeAfter: Date.parse(INPUTS.startTimeAfter) / 1000, EndTimeBefore: Date.parse(INPUTS.endTimeBefore) / 1000,
        });
        assert.deepStrictEqual(standin.requests[2].body,
            { TrainingPlanName: "p5-llm-eval", TrainingPlanOfferingId: "tpo-early", Tags: [{ Key: "team", Value: "eval" }] });
        assert.strictEqual(created.id, "arn:aws:sagemaker:us-east-1:123456789012:training-plan/p5-llm-eval");
        const outs = created.outs!;
        assert.deepStrictEqual(
            [outs.arn, outs.status, outs.offeringId, outs.upfrontFee, outs.currencyCode, outs.startTime, outs.endTime, outs.durationHours,
                outs.instanceType, outs.totalInstanceCount, outs.availableInstanceCount, outs.availabilityZone, outs.targetResources],
            [created.id, "Scheduled", "tpo-early", 80000, "USD", "2026-12-03T00:00:00.000Z", "2026-12-10T00:00:00.000Z", 168,
                "ml.p5.48xlarge", 2, 2, "us-east-1a", ["endpoint"]]);
    }));

    it("create buys nothing over budget and says what it found", () => withStandin(async () => {
        await assert.rejects(provider.create({ ...INPUTS, maxUpfrontFee: 1000 }),
            /nothing bought\. The search for .* found 8 offerings, 3 matching the terms; the cheapest costs 80000 USD, above maxUpfrontFee 1000 USD/);
        assert.strictEqual(standin.count("CreateTrainingPlan"), 0);
    }));

    it("create with nothing matching says so", () => withStandin(async () => {
        await assert.rejects(provider.create(INPUTS), /found 1 offerings, 0 matching the terms; none matches/);
        assert.strictEqual(standin.count("CreateTrainingPlan"), 0);
    }, [offer("tpo-training", 1, "03", { targets: ["training-job"] })]));

    for (const throttleRate of [0.2, 0.5]) {
        it(`create converges with ${throttleRate * 100} % of calls throttled, buying once`, () => withStandin(async () => {
            const created = await provider.create(INPUTS);
            assert.strictEqual(created.outs!.offeringId, "tpo-early");
            assert.strictEqual(standin.served("CreateTrainingPlan"), 1, "one purchase reached the service");
            assert.strictEqual(standin.plans.size, 1);
            const throttled = standin.requests.filter((r) => r.fault === "throttled").length;
            assert.strictEqual(throttled, Math.floor(standin.requests.length * throttleRate));
            assert.ok(throttled >= 2, `${throttled} calls throttled`);
        }, OFFERINGS, { throttleRate, pendingAfterCreate: 6 }));
    }

    it("create retries server errors of look-ups and searches", () => withStandin(async () => {
        const created = await provider.create(INPUTS);
        assert.strictEqual(created.outs!.status, "Scheduled");
        assert.strictEqual(standin.count("SearchTrainingPlanOfferings"), 3);
        assert.strictEqual(standin.count("CreateTrainingPlan"), 1);
    }, OFFERINGS, { serverErrors: { SearchTrainingPlanOfferings: 2, DescribeTrainingPlan: 1 } }));

    it("create waits through NotFound right after buying and through slow status changes", () => withStandin(async () => {
        const created = await provider.create(INPUTS);
        assert.strictEqual(created.outs!.status, "Scheduled");
        assert.strictEqual(standin.count("CreateTrainingPlan"), 1);
        assert.strictEqual(standin.count("DescribeTrainingPlan"), 1 + 3 + 4 + 1);
    }, OFFERINGS, { notFoundAfterCreate: 3, pendingAfterCreate: 4 }));

    it("create survives a crash between buying and describing without buying again", () => withStandin(async () => {
        const created = await provider.create(INPUTS);
        assert.strictEqual(created.outs!.status, "Scheduled");
        assert.strictEqual(standin.count("CreateTrainingPlan"), 1);
    }, OFFERINGS, { crashAfterCreate: true, notFoundAfterCreate: 2 }));

    it("a purchase that failed with a server error is not repeated within the run, and the next run buys once", () => withStandin(async () => {
        await assert.rejects(provider.create({ ...INPUTS, timing: { ...FAST, waitTimeoutSeconds: 0.1 } }),
            /waiting for training plan p5-llm-eval to be Scheduled or Active; last seen: not found after CreateTrainingPlan failed with InternalFailure: .*the next pulumi up looks it up by name before buying/);
        assert.strictEqual(standin.count("CreateTrainingPlan"), 1);
        assert.strictEqual(standin.plans.size, 0, "the failed purchase bought nothing");
        await provider.create(INPUTS);
        assert.strictEqual(standin.plans.size, 1);
    }, OFFERINGS, { serverErrors: { CreateTrainingPlan: 1 } }));

    it("a retry of create after a timeout adopts the plan the first attempt bought", () => withStandin(async () => {
        await assert.rejects(provider.create({ ...INPUTS, timing: { ...FAST, waitTimeoutSeconds: 0.05 } }),
            /timed out after 0.05 s waiting for training plan p5-llm-eval to be Scheduled or Active; last seen: Pending/);
        const created = await provider.create({ ...INPUTS, timing: { ...FAST, waitTimeoutSeconds: 5 } });
        assert.strictEqual(created.outs!.status, "Scheduled");
        assert.strictEqual(standin.count("CreateTrainingPlan"), 1);
        assert.strictEqual(created.outs!.offeringId, undefined, "an adopted plan's offering is not known");
    }, OFFERINGS, { pendingAfterCreate: 12 }));

    it("create adopts an existing plan that matches, buying nothing", () => withStandin(async () => {
        standin.plans.set("p5-llm-eval", boughtPlan("p5-llm-eval", offer("tpo-old", 85000, "04")));
        const created = await provider.create(INPUTS);
        assert.strictEqual(created.id, "arn:aws:sagemaker:us-east-1:123456789012:training-plan/p5-llm-eval");
        assert.strictEqual(created.outs!.upfrontFee, 85000);
        assert.strictEqual(standin.count("SearchTrainingPlanOfferings"), 0);
        assert.strictEqual(standin.count("CreateTrainingPlan"), 0);
    }));

    it("create refuses an existing plan of that name that does not match", () => withStandin(async () => {
        standin.plans.set("p5-llm-eval", boughtPlan("p5-llm-eval", offer("tpo-old", 85000, "04", { instanceType: "ml.p4d.24xlarge", instanceCount: 4 })));
        await assert.rejects(provider.create(INPUTS), (e: Error) => e.message ===
            "a training plan named p5-llm-eval already exists (arn:aws:sagemaker:us-east-1:123456789012:training-plan/p5-llm-eval) and does not match: " +
            "it reserves ml.p4d.24xlarge instances, not ml.p5.48xlarge; it reserves 4 instances, not 2. This run bought nothing. " +
            "Choose another planName, or change the inputs to match it.");
        assert.strictEqual(standin.count("CreateTrainingPlan"), 0);
    }));

    it("create refuses to adopt a plan over the fee cap or in another currency", () => withStandin(async () => {
        standin.plans.set("p5-llm-eval", boughtPlan("p5-llm-eval", offer("tpo-old", 500000, "04")));
        await assert.rejects(provider.create(INPUTS), /does not match: it cost 500000 USD, not at most maxUpfrontFee 100000 USD/);
        standin.plans.set("p5-llm-eval", boughtPlan("p5-llm-eval", offer("tpo-old", 85000, "04", { currency: "JPY" })));
        await assert.rejects(provider.create(INPUTS), /does not match: it cost 85000 JPY, not at most maxUpfrontFee 100000 USD/);
        assert.strictEqual(standin.count("CreateTrainingPlan"), 0);
    }));

    it("a wait that fails after buying hands the plan to the engine, so the state keeps it", () => withStandin(async () => {
        const failure = await provider.create({ ...INPUTS, timing: { ...FAST, waitTimeoutSeconds: 0.05 } }).then(
            () => assert.fail("the wait should time out"), (e: Error & { id?: string; properties?: Record<string, unknown>; reasons?: string[] }) => e);
        assert.strictEqual(failure.id, "arn:aws:sagemaker:us-east-1:123456789012:training-plan/p5-llm-eval");
        assert.deepStrictEqual([failure.properties!.arn, failure.properties!.status, failure.properties!.offeringId], [failure.id, "Pending", "tpo-early"]);
        assert.deepStrictEqual(failure.reasons, [failure.message]);
    }, OFFERINGS, { pendingAfterCreate: 100 }));

    it("create fails on a plan the service failed", () => withStandin(async () => {
        standin.plans.set("p5-llm-eval", boughtPlan("p5-llm-eval", offer("tpo-old", 85000, "04"), "Failed"));
        await assert.rejects(provider.create(INPUTS), /does not match: its status is Failed/);
    }));

    it("read refreshes status and window, where the ARN says, and never forgets a plan", () => withStandin(async () => {
        const created = await provider.create(INPUTS);
        standin.plans.get("p5-llm-eval")!.status = "Active";
        const read = await withEnv({ AWS_REGION: "eu-west-3" }, () => provider.read(created.id, created.outs!));
        assert.strictEqual(read.id, created.id);
        assert.strictEqual(read.props!.status, "Active");
        assert.strictEqual(read.props!.endTime, "2026-12-10T00:00:00.000Z");
        assert.strictEqual(read.props!.offeringId, "tpo-early");
        assert.strictEqual(standin.count("CreateTrainingPlan"), 1);
        standin.plans.clear();
        await assert.rejects(provider.read(created.id, created.outs!), /training plan .* was not found with these credentials in us-east-1; plans cannot be deleted/);
    }));

    it("delete leaves the plan, calls nothing, and says it remains until its end", () => withStandin(async () => {
        const created = await provider.create(INPUTS);
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
        assert.strictEqual(standin.plans.get("p5-llm-eval")!.status, "Scheduled");
        assert.deepStrictEqual(warnings, [
            "warning: [runtime] training plan p5-llm-eval (arn:aws:sagemaker:us-east-1:123456789012:training-plan/p5-llm-eval) is still bought " +
            "and reserved until 2026-12-10T00:00:00.000Z: SageMaker has no API to cancel a plan, so removing it from the stack only stops Pulumi from tracking it.",
        ]);
    }));
});

describe("TrainingPlan diff", () => {
    // What create stored: normalized inputs and the plan's outputs.
    const olds = { ...INPUTS, startTimeAfter: "2026-12-01T00:00:00.000Z", endTimeBefore: "2026-12-20T00:00:00.000Z", region: "us-east-1",
        currencyCode: "USD", arn: "arn:x", status: "Scheduled", tags: { team: "eval" } };
    const checked = { ...olds, arn: undefined, status: undefined };

    for (const [term, value] of [["instanceCount", 4], ["durationHours", 336], ["instanceType", "ml.p4d.24xlarge"], ["planName", "other"],
        ["endTimeBefore", "2026-12-31T00:00:00Z"], ["region", "us-west-2"]] as const) {
        it(`refuses to change the bought plan's ${term}`, async () => {
            await assert.rejects(provider.diff("arn:x", olds, { ...checked, [term]: value }), (e: Error) =>
                e.message.startsWith(`training plan p5-llm-eval is bought and cannot be changed (${term} `) &&
                e.message.includes("To buy another plan, add a TrainingPlan with a new planName"));
        });
    }

    it("lets the budget and tags change without touching the purchase", async () => {
        assert.deepStrictEqual(await provider.diff("arn:x", olds, { ...checked, maxUpfrontFee: 200000 }),
            { changes: true, replaces: [], deleteBeforeReplace: false });
        assert.deepStrictEqual(await provider.diff("arn:x", olds, { ...checked, tags: { team: "ml" } }),
            { changes: true, replaces: [], deleteBeforeReplace: false });
        assert.deepStrictEqual(await provider.diff("arn:x", olds, checked),
            { changes: false, replaces: [], deleteBeforeReplace: false });
        const updated = await provider.update("arn:x", olds, { ...checked, maxUpfrontFee: 200000, tags: { team: "ml" } });
        assert.deepStrictEqual([updated.outs.maxUpfrontFee, updated.outs.tags, updated.outs.arn], [200000, { team: "ml" }, "arn:x"]);
    });
});

describe("TrainingPlan provider, serialized as Pulumi does, in a fresh Node process", function () {
    this.timeout(20000);

    it("creates and reads a plan against the local SageMaker", () => withStandin(async () => {
        const result = await runSerialized(trainingPlanProvider, `
            const created = await provider.create(args[0]);
            const read = await provider.read(created.id, created.outs);
            return { id: created.id, status: read.props.status, offeringId: read.props.offeringId };`, [INPUTS], standinEnv(standin.url));
        assert.ok(!/^\s*(var|let|const) \w+ = new [\w.]*Client\(/m.test(result.serialized), "no client is built outside the methods");
        assert.strictEqual(result.code, 0, result.err);
        assert.deepStrictEqual(JSON.parse(result.out), {
            id: "arn:aws:sagemaker:us-east-1:123456789012:training-plan/p5-llm-eval", status: "Scheduled", offeringId: "tpo-early",
        });
        assert.deepStrictEqual(standin.requests.map((r) => r.operation),
            ["DescribeTrainingPlan", "SearchTrainingPlanOfferings", "CreateTrainingPlan", "DescribeTrainingPlan", "DescribeTrainingPlan"]);
    }));
});

describe("ReservationCheck provider against a local SageMaker", () => {
    const ARN = "arn:aws:sagemaker:us-east-1:123456789012:training-plan/p5-llm-eval";
    const request = { reservationArn: ARN, instanceType: "ml.p5.48xlarge", instanceCount: 2, timing: FAST };
    const withPlan = (offering: StandinOffering, status: string, fn: () => Promise<void>) => withStandin(async () => {
        standin.plans.set("p5-llm-eval", boughtPlan("p5-llm-eval", offering, status));
        await fn();
    });

    it("passes endpoints that fit, reporting the plan's facts", () => withPlan(offer("tpo", 1, "03"), "Active", async () => {
        const created = await checker.create!(request);
        assert.strictEqual(created.id, ARN);
        assert.deepStrictEqual([created.outs!.status, created.outs!.reservedInstanceType, created.outs!.reservedInstanceCount, created.outs!.endTime],
            ["Active", "ml.p5.48xlarge", 2, "2026-12-10T00:00:00.000Z"]);
        assert.deepStrictEqual(standin.requests.map((r) => [r.operation, r.body.TrainingPlanName]), [["DescribeTrainingPlan", "p5-llm-eval"]]);
        const read = await checker.read!(ARN, created.outs!);
        assert.strictEqual(read.props!.status, "Active");
    }));

    it("fails on too many instances, naming both counts", () => withPlan(offer("tpo", 1, "03"), "Scheduled", async () => {
        await assert.rejects(checker.create!({ ...request, instanceCount: 3 }), (e: Error) => e.message ===
            `the endpoints cannot run on training plan ${ARN}: Requested instance count (3) exceeds the reserved instance count (2)`);
    }));

    it("fails on another instance type, a plan for training jobs, and an expired plan, naming each", () =>
        withPlan(offer("tpo", 1, "03", { instanceType: "ml.p4d.24xlarge", targets: ["training-job"] }), "Expired", async () => {
            await assert.rejects(checker.read!(ARN, request), (e: Error) => e.message ===
                `the endpoints cannot run on training plan ${ARN}: its target resources are ["training-job"]: endpoints need a plan whose target is "endpoint"; ` +
                `it reserves ml.p4d.24xlarge instances, the endpoints run ml.p5.48xlarge; its status is Expired (it ended 2026-12-10T00:00:00.000Z)`);
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
    });
});
