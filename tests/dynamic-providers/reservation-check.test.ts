import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { reservationCheckProvider } from "../../dynamic-providers/reservation-check";
import { checkReservationInputs } from "../../dynamic-providers/reservation-check-plan";
import { reservationMismatches, TrainingPlanFacts } from "../../dynamic-providers/training-plan-plan";
import { runSerialized } from "../support/fresh-process";
import { hosted, up } from "../support/provider-host";
import { ARN, NAME } from "../support/training-plan-fixtures";
import { boughtPlan, startStandin, standinEnv, withEnv } from "../support/sagemaker-standin";

const REQUEST = { reservationArn: ARN, instanceType: "ml.p5.48xlarge", instanceCount: 2 };
const checker = hosted(reservationCheckProvider);

describe("ReservationCheck: inputs refused at preview", () => {
    it("passes a request that can be checked, and leaves what is not known yet for later", () => {
        assert.deepStrictEqual(checkReservationInputs({ ...REQUEST, allowEnded: true, timing: { maxRetries: 2 } }), []);
        const unknown = pulumi.runtime.unknownValue;
        assert.deepStrictEqual(checkReservationInputs({ reservationArn: unknown, instanceType: unknown, instanceCount: unknown, timing: { maxRetries: unknown } }), []);
    });

    for (const [count, reason] of [
        [0, "instanceCount: 0 must be a whole number of at least 1"],
        [-1, "instanceCount: -1 must be a whole number of at least 1"],
        [1.5, "instanceCount: 1.5 must be a whole number of at least 1"],
        ["2", `instanceCount: "2" is a string; expected a whole number of at least 1`],
        [undefined, "instanceCount is required: a whole number of at least 1"],
    ] as const) {
        it(`refuses the instance count ${JSON.stringify(count)}`, () => {
            assert.deepStrictEqual(checkReservationInputs({ ...REQUEST, instanceCount: count }), [{ property: "instanceCount", reason }]);
        });
    }

    it("refuses ARNs with upper case, spaces or line breaks, or a partition not their region's, naming the field and the rule", () => {
        const reasons = (reservationArn: unknown) => checkReservationInputs({ ...REQUEST, reservationArn }).map((f) => `${f.property}: ${f.reason}`);
        assert.deepStrictEqual(reasons(ARN.replace(NAME, "P5-LLM-eval")), [`reservationArn: reservationArn: ${JSON.stringify(ARN.replace(NAME, "P5-LLM-eval"))} ` +
            "is not a SageMaker training-plan ARN (expected arn:<partition>:sagemaker:<region>:<12-digit account>:training-plan/<plan name>; " +
            "it has upper case, and SageMaker writes training-plan ARNs in lower case)"]);
        assert.match(reasons(`${ARN}\n`)[0], /^reservationArn: reservationArn: ".*p5-llm-eval\\n" is not a SageMaker training-plan ARN .*; it has a space or line break, which no ARN has\)$/);
        assert.match(reasons(ARN.replace("us-east-1", "us-east-1 "))[0], /it has a space or line break/);
        assert.match(reasons(ARN.replace("arn:aws:", "arn:aws-cn:"))[0], /names partition aws-cn, but its region us-east-1 is in partition aws/);
        assert.deepStrictEqual(reasons(undefined), ["reservationArn: reservationArn is required: the training plan's ARN, arn:<partition>:sagemaker:<region>:<account>:training-plan/<name>"]);
    });

    it("refuses an instance type no plan reserves, a non-boolean allowEnded and timing it does not know", () => {
        assert.deepStrictEqual(checkReservationInputs({ ...REQUEST, instanceType: "ml.g5.2xlarge", allowEnded: "yes", timing: { lostAnswerLookupSeconds: 1 } }).map((f) => f.property),
            ["instanceType", "allowEnded", "timing"]);
        assert.match(checkReservationInputs({ ...REQUEST, instanceType: "ml.g5.2xlarge" })[0].reason, /^instanceType: "ml.g5.2xlarge" cannot run on a training plan: plans reserve only /);
        assert.deepStrictEqual(checkReservationInputs({ ...REQUEST, allowEnded: "yes", timing: { lostAnswerLookupSeconds: 1 } }).map((f) => f.reason), [
            'allowEnded: "yes" must be true or false',
            'timing has "lostAnswerLookupSeconds", not a setting of timing: the settings are waitTimeoutSeconds, pollInitialSeconds, pollMaxSeconds, ' +
                "retryBaseSeconds, maxRetries, requestTimeoutSeconds",
        ]);
    });

    it("refuses them in the provider's check, serialized as Pulumi stores it, before any call [slow: a fresh Node process]", async () => {
        const standin = await startStandin();
        try {
            const result = await runSerialized(reservationCheckProvider, `
                const checked = await provider.check({}, args[0]);
                return checked.failures;`, [{ ...REQUEST, reservationArn: ARN.replace("arn:aws:", "arn:aws-us-gov:"), instanceCount: 0 }], standinEnv(standin.url));
            assert.strictEqual(result.code, 0, result.err);
            assert.deepStrictEqual(JSON.parse(result.out).map((f: { property: string }) => f.property), ["reservationArn", "instanceCount"]);
            assert.deepStrictEqual(standin.requests, []);
        } finally {
            await standin.stop();
        }
    });
});

describe("ReservationCheck: a plan whose end time has passed has ended, whatever its status says", () => {
    const facts: TrainingPlanFacts = {
        arn: ARN, planName: NAME, status: "Active", endTime: "2026-12-10T00:00:00.000Z", instanceType: "ml.p5.48xlarge", totalInstanceCount: 2, targetResources: ["endpoint"],
    };
    const before = Date.parse("2026-12-09T23:59:00Z");
    const after = Date.parse("2026-12-10T00:00:00Z");

    it("counts an Active plan past its end time as ended, unless an ended plan is allowed", () => {
        assert.deepStrictEqual(reservationMismatches(facts, REQUEST, before), []);
        assert.deepStrictEqual(reservationMismatches(facts, REQUEST, after), ["it ended 2026-12-10T00:00:00.000Z, although its status still reads Active"]);
        assert.deepStrictEqual(reservationMismatches(facts, REQUEST, after, true), []);
        assert.deepStrictEqual(reservationMismatches({ ...facts, status: "Expired" }, REQUEST, before), ["its status is Expired (it ended 2026-12-10T00:00:00.000Z)"]);
    });

    it("refuses to deploy onto it against the stand-in, and lets endpoints that move to on demand through", async () => {
        const standin = await startStandin();
        standin.plans.set(NAME, boughtPlan(NAME, { id: "tpo", fee: 1, start: "2020-01-01T00:00:00Z", end: "2020-01-08T00:00:00Z" }, "Active"));
        try {
            await withEnv(standinEnv(standin.url), async () => {
                const refused = await up(checker, REQUEST);
                assert.strictEqual(refused.error?.message,
                    `the endpoints cannot run on training plan ${ARN}: it ended 2020-01-08T00:00:00.000Z, although its status still reads Active`);
                const allowed = await up(checker, { ...REQUEST, allowEnded: true });
                assert.deepStrictEqual([allowed.error, allowed.state?.outputs.ended, allowed.state?.outputs.status], [undefined, true, "Active"]);
            });
        } finally {
            await standin.stop();
        }
    });
});
