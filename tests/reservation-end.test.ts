import * as assert from "assert";
import { atExpression, noticeMessage, planNotice } from "../components/reservation-end-plan";
import { expectFailure, loadStackConfig, one, ofType, registered, runProgram, TYPES } from "./harness";

const NS = "sagemaker-inference";
const PLAN = "arn:aws:sagemaker:us-east-1:123456789012:training-plan/p5-llm-eval-2026-12";
const SCHEDULE = "aws:scheduler/schedule:Schedule";

describe("the notice before a training plan ends", () => {
    it("goes out a day before by default, to the second, in UTC; other lead times as set", () => {
        assert.deepStrictEqual(planNotice("n"), { hoursBefore: 24 });
        assert.strictEqual(atExpression("2026-12-31T00:00:00Z", 24), "at(2026-12-30T00:00:00)");
        assert.strictEqual(atExpression("2026-12-31T00:00:00+02:00", 1.5), "at(2026-12-30T20:30:00)");
        for (const bad of [0, -1, 24 * 366]) {
            assert.throws(() => planNotice("n", { hoursBefore: bad }), new RegExp(`^Error: n\\.hoursBefore: ${bad} must be a number of hours above 0 and at most 8760`));
        }
        assert.throws(() => atExpression("soon", 24), /the training plan's end time "soon" is not a time/);
    });

    it("names the plan, its end, the endpoints on it and what to do", () => {
        assert.strictEqual(noticeMessage(PLAN, "2026-12-31T00:00:00.000Z", ["a", "b"], 24),
            `Training plan ${PLAN} ends at 2026-12-31T00:00:00.000Z, in 24 hours. endpoints a, b run on it with capacity-reservations-only ` +
            "and stop serving when it ends. Extend the plan (an entry added to the TrainingPlan's extensions, or ExtendTrainingPlan for a plan bought elsewhere), " +
            "or move the endpoints to on-demand capacity before then.");
    });

    it("the evaluation stack schedules it from the plan's own end, publishing to a created, encrypted topic with a role allowed only that", async () => {
        const r = await runProgram({ stack: "evaluation", config: loadStackConfig("evaluation") });
        const topic = one(r, TYPES.topic, "reservation-end-topic").inputs;
        assert.deepStrictEqual([topic.name, topic.kmsMasterKeyId], ["sagemaker-inference-evaluation-reservation-end", "alias/aws/sns"]);
        const schedule = one(r, SCHEDULE, "reservation-end-schedule").inputs;
        const topicArn = "arn:aws:sns:us-east-1:123456789012:sagemaker-inference-evaluation-reservation-end";
        assert.deepStrictEqual([schedule.name, schedule.scheduleExpression, schedule.scheduleExpressionTimezone, schedule.flexibleTimeWindow],
            ["sagemaker-inference-evaluation-reservation-end-plan-ends", "at(2026-12-30T00:00:00)", "UTC", { mode: "OFF" }]);
        assert.strictEqual(schedule.target.arn, topicArn);
        assert.match(schedule.target.input, /^Training plan .*p5-llm-eval-2026-12 ends at 2026-12-31T00:00:00\.000Z, in 24 hours\. endpoints llama3-70b-ft-a, llama3-70b-ft-b run on it/);
        const role = one(r, TYPES.role, "reservation-end-role");
        assert.strictEqual(schedule.target.roleArn, `arn:aws:iam::123456789012:role/${role.inputs.name}`);
        assert.deepStrictEqual(JSON.parse(role.inputs.assumeRolePolicy).Statement[0].Principal, { Service: "scheduler.amazonaws.com" });
        const policy = JSON.parse(one(r, TYPES.rolePolicy, "reservation-end-policy").inputs.policy);
        assert.deepStrictEqual(policy.Statement.map((s: { Action: string[]; Resource: string[] }) => [s.Action, s.Resource]),
            [[["sns:Publish"], [topicArn]], [["kms:GenerateDataKey", "kms:Decrypt"], ["*"]]]);
        assert.deepStrictEqual(policy.Statement[1].Condition,
            { StringEquals: { "kms:ViaService": "sns.us-east-1.amazonaws.com", "kms:EncryptionContext:aws:sns:topicArn": topicArn } });
    });

    it("follows a plan bought in the program, and publishes to a given topic without creating one", async () => {
        const config = {
            ...loadStackConfig("evaluation"),
            [`${NS}:reservationArn`]: undefined, [`${NS}:reservedInstanceType`]: undefined, [`${NS}:reservedInstanceCount`]: undefined,
            [`${NS}:trainingPlan`]: {
                planName: "eval", instanceType: "ml.p5.48xlarge", instanceCount: 2, durationHours: 168, maxUpfrontFee: 100000,
                endTimeBefore: "2026-12-20T00:00:00Z",
            },
            [`${NS}:onReservationEnd`]: { notify: { hoursBefore: 48, topicArn: "arn:aws:sns:us-east-1:123456789012:ml-oncall" } },
        };
        const r = await runProgram({ stack: "evaluation", config });
        const schedule = one(r, SCHEDULE, "reservation-end-schedule").inputs;
        // The made-up plan ends at the end of its window: the TrainingPlan's endTime output, which an extension moves.
        assert.strictEqual(schedule.scheduleExpression, "at(2026-12-18T00:00:00)");
        assert.strictEqual(schedule.target.arn, "arn:aws:sns:us-east-1:123456789012:ml-oncall");
        assert.deepStrictEqual(ofType(r, TYPES.topic), []);
    });

    it("refuses a bad lead time, a bad topic and unknown settings before registering anything, naming the key", async () => {
        const cases: [unknown, RegExp][] = [
            [{ notify: { hoursBefore: 0 } }, /^sagemaker-inference:onReservationEnd\.notify\.hoursBefore: 0 must be a number of hours above 0/],
            [{ notify: { topicArn: "ml-oncall" } }, /^sagemaker-inference:onReservationEnd\.notify\.topicArn: "ml-oncall"/],
            [{ notify: { hours: 3 } }, /^sagemaker-inference:onReservationEnd\.notify\.hours: 3 is not a known setting/],
        ];
        for (const [value, message] of cases) {
            const failure = await expectFailure({ stack: "evaluation", config: { ...loadStackConfig("evaluation"), [`${NS}:onReservationEnd`]: value } }, message);
            assert.deepStrictEqual(registered(failure.resources), []);
        }
    });
});
