import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import {
    atExpression, noticeMessage, onDemandAfterSwitch, planNotice, planSwitch, switchPolicy,
} from "../../components/reservation/reservation-end-plan";
import { switchRequest } from "../../components/endpoint/endpoint-update-plan";
import { planEnded, timeLeft } from "../../dynamic-providers/training-plan-plan";
import { sagemakerActionTarget } from "../../core/service-access";
import { volumeKeyStatements } from "../../core/kms-plan";
import { ReservedEndpoint } from "../../components/endpoint/reserved-endpoint";
import { apiViolations, cfnViolations } from "../support/aws-spec";
import { formatPlan } from "../../scripts/plan";
import { deploySteps } from "../support/engine-steps";
import { expectFailure, expectRefused, loadStackConfig, one, ofType, ProgramRun, registered, runProgram, TYPES } from "../support/harness";

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

    /** Runs the program and returns it with the warnings it logged. */
    async function withWarnings(run: () => Promise<ProgramRun>): Promise<{ r: ProgramRun; warnings: string[] }> {
        const warnings: string[] = [];
        const warn = pulumi.log.warn;
        pulumi.log.warn = (message: string) => { warnings.push(message); return Promise.resolve(); };
        try {
            return { r: await run(), warnings };
        } finally {
            pulumi.log.warn = warn;
        }
    }

    /** Whether a schedule as sent would be a one-time schedule at a time already past at `now`. */
    const pastAt = (expression: string, now: string) => {
        const at = /^at\((.+)\)$/.exec(expression);
        return at !== null && Date.parse(`${at[1]}Z`) <= Date.parse(now);
    };

    for (const { when, now, plan, said } of [
        { when: "ends in 12 hours", now: "2026-12-30T12:00:00Z", plan: undefined, said: /ends at 2026-12-31T00:00:00\.000Z, in 12 hours: the notice was due at 2026-12-30T00:00:00 UTC, before this deploy/ },
        { when: "has ended", now: "2027-01-02T00:00:00Z", plan: { status: "Expired" }, said: /ended at 2026-12-31T00:00:00\.000Z: .* the notice was due at 2026-12-30T00:00:00 UTC, before this deploy/ },
    ]) {
        it(`when the plan ${when}, never sends a one-time schedule in the past: the notice's schedule is disabled, said in a warning and the plan`, async () => {
            const before = await runProgram({ stack: "evaluation", config: loadStackConfig("evaluation") });
            const { r, warnings } = await withWarnings(() => runProgram({ stack: "evaluation", config: loadStackConfig("evaluation"), now, plan }));
            const schedule = one(r, SCHEDULE, "reservation-end-schedule").inputs;
            assert.ok(!pastAt(schedule.scheduleExpression, now), schedule.scheduleExpression);
            assert.strictEqual(schedule.state, "DISABLED");
            // UpdateSchedule takes the same members as CreateSchedule.
            assert.deepStrictEqual(apiViolations("scheduler", "CreateScheduleInput", schedule), []);
            assert.strictEqual(warnings.filter((w) => said.test(w)).length, 1, warnings.join("\n"));
            // The notice's due time stays the stack's output; the steps update the schedule only.
            assert.strictEqual(r.outputs.reservationEndNoticeAt, "at(2026-12-30T00:00:00)");
            const steps = (await deploySteps(before, r)).map((s) => `${s.op} ${s.name}`);
            assert.ok(steps.includes("update reservation-end-schedule"), steps.join("\n"));
            assert.match(formatPlan("evaluation", r), /\+ aws:scheduler\/schedule:Schedule reservation-end-schedule\n {4}disabled, never fires: its one-time time came before this deploy, or its work is done \(Notice that training plan /);
        });
    }

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


describe("the switch to on-demand capacity before a plan ends, as plain values", () => {
    it("takes minutesBefore from 1 minute to a week, and refuses others naming the field", () => {
        assert.deepStrictEqual(planSwitch("s", { minutesBefore: 30 }), { minutesBefore: 30 });
        assert.deepStrictEqual(planSwitch("s", { minutesBefore: 10080 }), { minutesBefore: 10080 });
        for (const bad of [undefined, 0, 1.5, 10081]) {
            assert.throws(() => planSwitch("s", { minutesBefore: bad }), /^Error: s\.minutesBefore: .* must be a whole number of minutes from 1 to 10080/);
        }
        assert.strictEqual(atExpression("2026-12-31T00:00:00Z", 30 / 60), "at(2026-12-30T23:30:00)");
    });

    it("calls UpdateEndpoint through Scheduler's universal target with a request the SageMaker API model takes", () => {
        assert.strictEqual(sagemakerActionTarget("aws", "updateEndpoint"), "arn:aws:scheduler:::aws-sdk:sagemaker:updateEndpoint");
        const fixed = switchRequest("llama3-70b-ft-a", "llama3-70b-ft-a-on-demand-0a1b2c3d", { retainAllVariantProperties: false });
        assert.deepStrictEqual(fixed, { EndpointName: "llama3-70b-ft-a", EndpointConfigName: "llama3-70b-ft-a-on-demand-0a1b2c3d", RetainAllVariantProperties: false });
        // Auto scaled: the instance count auto scaling set stays, as in the endpoint's own deploys.
        const scaled = switchRequest("rt", "rt-on-demand-0a1b2c3d", { retainAllVariantProperties: true, excludeRetainedVariantProperties: [{ variantPropertyType: "DesiredWeight" }] });
        assert.deepStrictEqual(scaled.ExcludeRetainedVariantProperties, [{ VariantPropertyType: "DesiredWeight" }]);
        for (const request of [fixed, scaled]) {
            assert.deepStrictEqual(apiViolations("sagemaker", "UpdateEndpointInput", request), []);
        }
        assert.match(apiViolations("sagemaker", "UpdateEndpointInput", { ...fixed, EndpointName: "bad_name" })[0], /^EndpointName = "bad_name": /);
    });

    it("lets its role update that endpoint onto that config, and nothing else", () => {
        const endpoint = "arn:aws:sagemaker:us-east-1:123456789012:endpoint/llama3-70b-ft-a";
        const config = "arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/llama3-70b-ft-a-on-demand-0a1b2c3d";
        assert.deepStrictEqual(switchPolicy(endpoint, config), {
            Version: "2012-10-17",
            Statement: [{ Sid: "MoveTheEndpointToOnDemand", Effect: "Allow", Action: ["sagemaker:UpdateEndpoint"], Resource: [endpoint, config] }],
        });
        // Onto a config whose volumes a KMS key encrypts, UpdateEndpoint's caller grants that key to SageMaker: that key only.
        const key = "arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b";
        assert.deepStrictEqual(switchPolicy(endpoint, config, key).Statement, [...switchPolicy(endpoint, config).Statement, ...volumeKeyStatements(key)]);
    });

    it("runs on demand from the switch's time, once the plan has ended, or when it failed; an extended plan runs reserved again", () => {
        const end = "2026-12-31T00:00:00.000Z";
        const at = (iso: string) => Date.parse(iso);
        assert.strictEqual(onDemandAfterSwitch({ endTime: end, status: "Active" }, 30, at("2026-12-30T23:29:59Z")), false);
        assert.strictEqual(onDemandAfterSwitch({ endTime: end, status: "Active" }, 30, at("2026-12-30T23:30:00Z")), true);
        assert.strictEqual(onDemandAfterSwitch({ endTime: end }, 30, at("2027-01-02T00:00:00Z")), true);
        for (const status of ["Expired", "Failed"]) {
            assert.strictEqual(onDemandAfterSwitch({ endTime: end, status }, 30, at("2026-12-01T00:00:00Z")), true, status);
        }
        assert.strictEqual(onDemandAfterSwitch({ endTime: "2027-01-07T00:00:00Z", status: "Active" }, 30, at("2026-12-31T00:00:00Z")), false);
        assert.throws(() => onDemandAfterSwitch({ endTime: "" }, 30, 0), /the training plan's end time "" is not a time: the switch to on-demand cannot be planned/);
    });

    it("says how long a plan has left, and when it has ended", () => {
        const now = Date.parse("2026-12-01T00:00:00Z");
        assert.strictEqual(timeLeft({ endTime: "2026-12-31T05:59:59Z", status: "Active" }, now), "30 days 5 hours, as of 2026-12-01T00:00:00.000Z");
        assert.strictEqual(timeLeft({ endTime: "2026-12-01T00:00:00Z", status: "Active" }, now), "ended (Active, end time 2026-12-01T00:00:00Z)");
        assert.strictEqual(timeLeft({ endTime: "2026-12-31T00:00:00Z", status: "Expired" }, now), "ended (Expired, end time 2026-12-31T00:00:00Z)");
        assert.deepStrictEqual([planEnded({ endTime: "2026-12-31T00:00:00Z", status: "Scheduled" }, now), planEnded({ endTime: "2026-11-30T00:00:00Z" }, now)], [false, true]);
    });
});

describe("the switch to on-demand capacity, wired", () => {
    const SWITCH = { notify: { hoursBefore: 24 }, switchToOnDemand: { minutesBefore: 30 } };
    const evaluation = (onReservationEnd: unknown = SWITCH) => ({ ...loadStackConfig("evaluation"), [`${NS}:onReservationEnd`]: onReservationEnd });
    const endpointOf = (r: ProgramRun, name: string) => one(r, TYPES.endpoint, `${name}-endpoint`).inputs;
    const configOf = (r: ProgramRun, name: string) => one(r, TYPES.endpointConfig, name).inputs;

    it("keeps an on-demand config of the same model and settings ahead of time, while the endpoint stays on the plan", async () => {
        const r = await runProgram({ stack: "evaluation", config: evaluation() });
        const reserved = configOf(r, "llama3-70b-ft-a-config");
        const onDemand = configOf(r, "llama3-70b-ft-a-on-demand-config");
        const { capacityReservationConfig, ...variant } = reserved.productionVariants[0];
        assert.strictEqual(capacityReservationConfig.capacityReservationPreference, "capacity-reservations-only");
        assert.deepStrictEqual(onDemand.productionVariants, [variant]);
        assert.deepStrictEqual(onDemand.metricsConfig, reserved.metricsConfig);
        assert.match(onDemand.endpointConfigName, /^llama3-70b-ft-a-on-demand-[0-9a-f]{8}$/);
        assert.deepStrictEqual(cfnViolations("AWS::SageMaker::EndpointConfig", onDemand), []);
        // A month before the plan ends (the offline runtime's time), the endpoint runs on the plan.
        assert.strictEqual(endpointOf(r, "llama3-70b-ft-a").endpointConfigName, reserved.endpointConfigName);
        assert.deepStrictEqual(r.outputs.onDemand, { "llama3-70b-ft-a": false, "llama3-70b-ft-b": false });
        assert.strictEqual(one(r, TYPES.reservationCheck, "reservation-check").inputs.allowEnded, true);
    });

    it("schedules UpdateEndpoint onto it minutesBefore the end, in UTC, with a role allowed only that, all as the API models take them", async () => {
        const r = await runProgram({ stack: "evaluation", config: evaluation() });
        const onDemand = configOf(r, "llama3-70b-ft-a-on-demand-config");
        const schedule = one(r, SCHEDULE, "llama3-70b-ft-a-switch").inputs;
        assert.deepStrictEqual([schedule.name, schedule.scheduleExpression, schedule.scheduleExpressionTimezone, schedule.flexibleTimeWindow],
            ["sagemaker-inference-evaluation-llama3-70b-ft-a-to-on-demand", "at(2026-12-30T23:30:00)", "UTC", { mode: "OFF" }]);
        assert.strictEqual(schedule.target.arn, "arn:aws:scheduler:::aws-sdk:sagemaker:updateEndpoint");
        const request = JSON.parse(schedule.target.input);
        assert.deepStrictEqual(request, { EndpointName: "llama3-70b-ft-a", EndpointConfigName: onDemand.endpointConfigName, RetainAllVariantProperties: false });
        assert.deepStrictEqual(apiViolations("sagemaker", "UpdateEndpointInput", request), []);
        for (const s of ofType(r, SCHEDULE)) {
            assert.deepStrictEqual(apiViolations("scheduler", "CreateScheduleInput", s.inputs), [], s.name);
        }
        const role = one(r, TYPES.role, "llama3-70b-ft-a-switch-role").inputs;
        assert.strictEqual(schedule.target.roleArn, `arn:aws:iam::123456789012:role/${role.name}`);
        assert.deepStrictEqual(JSON.parse(role.assumeRolePolicy).Statement[0].Principal, { Service: "scheduler.amazonaws.com" });
        assert.deepStrictEqual(JSON.parse(one(r, TYPES.rolePolicy, "llama3-70b-ft-a-switch-policy").inputs.policy).Statement, [{
            Sid: "MoveTheEndpointToOnDemand", Effect: "Allow", Action: ["sagemaker:UpdateEndpoint"],
            Resource: ["arn:aws:sagemaker:us-east-1:123456789012:endpoint/llama3-70b-ft-a", `arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/${onDemand.endpointConfigName}`],
        },
        // The committed key encrypts both configs' volumes: UpdateEndpoint's caller grants it to SageMaker.
        ...volumeKeyStatements(loadStackConfig("evaluation")[`${NS}:kmsKeyArn`] as string)]);
        assert.strictEqual(onDemand.kmsKeyId, configOf(r, "llama3-70b-ft-a-config").kmsKeyId);
        // The notice says when the endpoints move.
        assert.match(one(r, SCHEDULE, "reservation-end-schedule").inputs.target.input, /run on it with capacity-reservations-only and move to on-demand capacity 30 minutes before it ends/);
        assert.strictEqual(r.outputs.switchToOnDemandAt, "at(2026-12-30T23:30:00)");
    });

    it("after the switch, the next deploy, refreshed or not, plans the on-demand config, never moves the endpoint back, and disables the schedule", async () => {
        const before = await runProgram({ stack: "evaluation", config: evaluation() });
        // Not refreshed: the state still says Active, but the switch's time has passed.
        const unrefreshed = await runProgram({ stack: "evaluation", config: evaluation(), now: "2026-12-30T23:40:00Z" });
        // Refreshed after the end: the ReservationCheck reads the plan Expired.
        const refreshed = await runProgram({ stack: "evaluation", config: evaluation(), plan: { status: "Expired" }, now: "2027-01-02T00:00:00Z" });
        const onDemandName = configOf(before, "llama3-70b-ft-a-on-demand-config").endpointConfigName;
        for (const after of [unrefreshed, refreshed]) {
            const steps = (await deploySteps(before, after)).map((s) => `${s.op} ${s.name}${"changed" in s ? ` ${(s.changed as string[]).join(",")}` : ""}`);
            assert.deepStrictEqual(steps.filter((s) => s.includes("llama3-70b-ft-a")), [
                "update llama3-70b-ft-a-update-guard endpointConfigName,fit",
                "update llama3-70b-ft-a-endpoint endpointConfigName",
                // Its move done, the schedule would only repeat it: disabled, and never sent a time already past.
                "update llama3-70b-ft-a-switch scheduleExpression,state",
            ]);
            const switchSchedule = one(after, SCHEDULE, "llama3-70b-ft-a-switch").inputs;
            assert.deepStrictEqual([switchSchedule.scheduleExpression, switchSchedule.state], ["rate(365 days)", "DISABLED"]);
            assert.deepStrictEqual(apiViolations("scheduler", "CreateScheduleInput", switchSchedule), []);
            assert.strictEqual(one(before, SCHEDULE, "llama3-70b-ft-a-switch").inputs.state, "ENABLED");
            assert.strictEqual(endpointOf(after, "llama3-70b-ft-a").endpointConfigName, onDemandName);
            // Off the plan, the endpoint needs no spare there.
            assert.strictEqual(one(after, TYPES.updateGuard, "llama3-70b-ft-a-update-guard").inputs.fit, undefined);
            assert.deepStrictEqual(after.outputs.onDemand, { "llama3-70b-ft-a": true, "llama3-70b-ft-b": true });
            // And the deploy after that changes nothing: the endpoint stays on demand.
            const next = await runProgram({ stack: "evaluation", config: evaluation(), plan: { status: "Expired" }, now: "2027-01-03T00:00:00Z" });
            assert.deepStrictEqual(await deploySteps(after, next), []);
        }
    });

    it("on a plan the stack buys, follows the TrainingPlan's end and status, and lets the plan end", async () => {
        const config = {
            ...evaluation(),
            [`${NS}:reservationArn`]: undefined, [`${NS}:reservedInstanceType`]: undefined, [`${NS}:reservedInstanceCount`]: undefined,
            [`${NS}:trainingPlan`]: { planName: "eval", instanceType: "ml.p5.48xlarge", instanceCount: 2, durationHours: 168, maxUpfrontFee: 100000 },
        };
        const running = await runProgram({ stack: "evaluation", config });
        assert.strictEqual(one(running, "pulumi-nodejs:dynamic/sagemaker-inference:TrainingPlan", "training-plan").inputs.allowEnded, true);
        assert.deepStrictEqual([running.outputs.switchToOnDemandAt, running.outputs.onDemand["llama3-70b-ft-a"]], ["at(2026-12-30T23:30:00)", false]);
        const ended = await runProgram({ stack: "evaluation", config, plan: { status: "Failed" } });
        assert.strictEqual(endpointOf(ended, "llama3-70b-ft-a").endpointConfigName, configOf(ended, "llama3-70b-ft-a-on-demand-config").endpointConfigName);
        assert.strictEqual(one(ended, SCHEDULE, "llama3-70b-ft-a-switch").inputs.state, "DISABLED");
    });

    it("npm run plan prints when each schedule fires and what it does", async () => {
        const text = formatPlan("evaluation", await runProgram({ stack: "evaluation", config: evaluation() }));
        assert.match(text, /\+ aws:scheduler\/schedule:Schedule llama3-70b-ft-a-switch\n {4}at\(2026-12-30T23:30:00\) UTC, calls sagemaker updateEndpoint: \{"EndpointName":"llama3-70b-ft-a","EndpointConfigName":"llama3-70b-ft-a-on-demand-[0-9a-f]{8}"/);
        assert.match(text, /\+ aws:scheduler\/schedule:Schedule reservation-end-schedule\n {4}at\(2026-12-30T00:00:00\) UTC, publishes to arn:aws:sns:us-east-1:123456789012:sagemaker-inference-evaluation-reservation-end: Training plan /);
        assert.match(text, /llama3-70b-ft-a-on-demand-config\n {4}name=llama3-70b-ft-a-on-demand-[0-9a-f]{8} .* capacity=on-demand/);
        assert.match(text, /must serve endpoints with 2 x ml\.p5\.48xlarge, or have ended \(the endpoints move to on demand before it ends\); reports its end and the time left/);
    });

    it("moves the endpoint back onto a plan extended after a deploy that switched it, as the preview shows", async () => {
        const switched = await runProgram({ stack: "evaluation", config: evaluation(), now: "2026-12-30T23:40:00Z" });
        const extended = await runProgram({ stack: "evaluation", config: evaluation(), plan: { endTime: "2027-01-07T00:00:00.000Z" }, now: "2026-12-30T23:40:00Z" });
        assert.strictEqual(endpointOf(extended, "llama3-70b-ft-a").endpointConfigName, configOf(extended, "llama3-70b-ft-a-config").endpointConfigName);
        assert.strictEqual(one(extended, SCHEDULE, "llama3-70b-ft-a-switch").inputs.scheduleExpression, "at(2027-01-06T23:30:00)");
        const steps = (await deploySteps(switched, extended)).map((s) => `${s.op} ${s.name}`);
        assert.ok(steps.includes("update llama3-70b-ft-a-endpoint") && steps.includes("update llama3-70b-ft-a-switch"), steps.join("\n"));
    });

    it("an auto-scaled production endpoint keeps the instance count auto scaling set when it switches", async () => {
        const config = {
            ...loadStackConfig("production"),
            [`${NS}:realtime`]: { ...(loadStackConfig("production")[`${NS}:realtime`] as object), instanceType: "ml.p5.48xlarge" },
            [`${NS}:reservationArn`]: PLAN,
            [`${NS}:onReservationEnd`]: { switchToOnDemand: { minutesBefore: 120 } },
        };
        const r = await runProgram({ stack: "production", config });
        const request = JSON.parse(one(r, SCHEDULE, "realtime-switch").inputs.target.input);
        assert.deepStrictEqual([request.RetainAllVariantProperties, request.ExcludeRetainedVariantProperties], [true, [{ VariantPropertyType: "DesiredWeight" }]]);
        assert.deepStrictEqual(apiViolations("sagemaker", "UpdateEndpointInput", request), []);
        assert.deepStrictEqual([r.outputs.realtimeSwitchToOnDemandAt, r.outputs.reservationEndNoticeAt, r.outputs.realtimeOnDemand],
            ["at(2026-12-30T22:00:00)", "at(2026-12-30T00:00:00)", false]);
        assert.match(one(r, SCHEDULE, "reservation-end-schedule").inputs.target.input, /endpoints sagemaker-inference-production-realtime run on it .* move to on-demand capacity 120 minutes/);
    });

    it("refuses a bad switch before registering anything, naming the key, the value and the rule", async () => {
        const cases: [unknown, RegExp][] = [
            [{ switchToOnDemand: { minutesBefore: 0 } }, /^sagemaker-inference:onReservationEnd\.switchToOnDemand\.minutesBefore: 0 must be a whole number of minutes from 1 to 10080/],
            [{ switchToOnDemand: {} }, /^sagemaker-inference:onReservationEnd\.switchToOnDemand\.minutesBefore: null must be a whole number/],
            [{ switchToOnDemand: { minutes: 30 } }, /^sagemaker-inference:onReservationEnd\.switchToOnDemand\.minutes: 30 is not a known setting/],
            [{ switchToOnDemand: 30 }, /^sagemaker-inference:onReservationEnd\.switchToOnDemand: 30 /],
        ];
        for (const [value, message] of cases) {
            const failure = await expectFailure({ stack: "evaluation", config: evaluation(value) }, message);
            assert.deepStrictEqual(registered(failure.resources), []);
        }
        const production = { ...loadStackConfig("production"), [`${NS}:onReservationEnd`]: SWITCH };
        const failure = await expectFailure({ stack: "production", config: production },
            /^sagemaker-inference:onReservationEnd: .* goes with sagemaker-inference:reservationArn: without it, nothing runs on a training plan/);
        assert.deepStrictEqual(registered(failure.resources), []);
    });

    it("refuses onReservationEnd on an endpoint that runs on demand, before registering it", async () => {
        const registeredNow = await expectRefused(() => new ReservedEndpoint("rt", {
            modelName: "existing-model", instanceType: "ml.g5.2xlarge",
            onReservationEnd: { endTime: "2026-12-31T00:00:00Z", switchToOnDemand: { minutesBefore: 30 } },
        }), /^Error: rt\.onReservationEnd: goes with capacity on a training plan; this endpoint runs on demand$/, loadStackConfig("evaluation"));
        assert.deepStrictEqual(registeredNow, []);
    });
});
