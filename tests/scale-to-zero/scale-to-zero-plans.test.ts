import * as assert from "assert";
import { planMetrics } from "../../components/monitoring/metrics-plan";
import { componentScalingSpec, planInferenceComponent } from "../../components/scale-to-zero/inference-component-plan";
import { duration, scalingTimeline } from "../../components/scale-to-zero/scaling-timeline";
import { apiViolations } from "../support/aws-spec";

const field = (key: string) => `ep.${key}`;

describe("inference components: the wake alarm follows the endpoint's metrics, and the idle scale-in", () => {
    const input = {
        component: "llama", namePrefix: "llama", instanceType: "ml.g5.12xlarge", minMemoryMb: 1024, modelDataDownloadTimeoutInSeconds: 3600,
        containerStartupHealthCheckTimeoutInSeconds: 3600, initialCopyCount: 1,
    };

    it("alarms on 10 s periods by default and 60 s when the endpoint publishes every minute", () => {
        const fast = planInferenceComponent({ ...input, autoScaling: {} }).autoScaling!;
        assert.strictEqual(componentScalingSpec("llama", fast).scaleOutFromZero!.alarm.period, 10);
        const slow = planInferenceComponent({ ...input, autoScaling: {}, metrics: planMetrics(field, { metricPublishFrequencyInSeconds: 60 }) }).autoScaling!;
        assert.strictEqual(componentScalingSpec("llama", slow).scaleOutFromZero!.alarm.period, 60);
        assert.throws(() => planInferenceComponent({ ...input, autoScaling: { alarmPeriodSeconds: 10 }, metrics: planMetrics(field, { metricPublishFrequencyInSeconds: 30 }) }),
            /^Error: llama\.autoScaling\.alarmPeriodSeconds: 10 is shorter than the endpoint's metricPublishFrequencyInSeconds \(30\)/);
    });

    it("scales in to zero after N idle minutes with a policy that cannot fight the others", () => {
        const scaling = planInferenceComponent({ ...input, autoScaling: { scaleInToZeroAfterIdleMinutes: 5, maxCopies: 2 } }).autoScaling!;
        const spec = componentScalingSpec("llama", scaling);
        const idle = spec.idleScaleIn!;
        assert.deepStrictEqual(idle.configuration, {
            adjustmentType: "ExactCapacity", metricAggregationType: "Maximum", cooldown: 0,
            stepAdjustments: [{ metricIntervalUpperBound: "0", scalingAdjustment: 0 }],
        });
        // The alarm counts refused requests too: the request that wakes a parked model keeps it from firing.
        assert.deepStrictEqual(idle.alarm.metrics.map((m) => [m.metricName, m.stat, m.period, m.dimensions]), [
            ["Invocations", "Sum", 60, { InferenceComponentName: "llama" }],
            ["NoCapacityInvocationFailures", "Sum", 60, { InferenceComponentName: "llama" }],
        ]);
        assert.strictEqual(spec.scaleOutFromZero!.alarm.metricName, "NoCapacityInvocationFailures");
        assert.strictEqual(idle.alarm.expression, "FILL(served, 0) + FILL(refused, 0)");
        assert.deepStrictEqual([idle.alarm.threshold, idle.alarm.comparisonOperator, idle.alarm.evaluationPeriods, idle.alarm.datapointsToAlarm, idle.alarm.treatMissingData],
            [0, "LessThanOrEqualToThreshold", 5, 5, "breaching"]);
        // It fires only with no load at all, when target tracking (target 5 per copy) has nothing to scale out for.
        assert.ok(spec.targetTracking.configuration.targetValue > idle.alarm.threshold);
        // The wake alarm needs a request; the idle alarm needs none for 5 minutes: they never both fire.
        assert.ok(spec.scaleOutFromZero!.alarm.threshold >= 1 && spec.scaleOutFromZero!.alarm.comparisonOperator === "GreaterThanOrEqualToThreshold");
        const [alarm] = [idle.alarm];
        assert.deepStrictEqual(apiViolations("cloudwatch", "PutMetricAlarmInput", {
            AlarmName: alarm.name, EvaluationPeriods: alarm.evaluationPeriods, DatapointsToAlarm: alarm.datapointsToAlarm, Threshold: alarm.threshold,
            ComparisonOperator: alarm.comparisonOperator, TreatMissingData: alarm.treatMissingData,
        }), []);
        assert.deepStrictEqual(componentScalingSpec("llama", planInferenceComponent({ ...input, autoScaling: {} }).autoScaling!).idleScaleIn, undefined);
    });

    it("refuses an idle window target tracking would beat, or none", () => {
        assert.throws(() => planInferenceComponent({ ...input, autoScaling: { scaleInToZeroAfterIdleMinutes: 15 } }),
            /^Error: llama\.autoScaling\.scaleInToZeroAfterIdleMinutes: 15 must be a whole number from 1 to 14/);
        assert.throws(() => planInferenceComponent({ ...input, autoScaling: { scaleInToZeroAfterIdleMinutes: 0 } }),
            /^Error: llama\.autoScaling\.scaleInToZeroAfterIdleMinutes: 0 must be a whole number from 1 to 14/);
    });
});

describe("the scaling timeline, from configuration values", () => {
    it("wakes within 20 s at the defaults, against about 90 s with the walkthrough's 60 s metrics and 30 s alarm", () => {
        assert.strictEqual(scalingTimeline({ invocationMetricSeconds: 10, wakeAlarm: { periodSeconds: 10, datapointsToAlarm: 1 } }).wakeTriggerSeconds, 20);
        assert.strictEqual(scalingTimeline({ invocationMetricSeconds: 60, wakeAlarm: { periodSeconds: 30, datapointsToAlarm: 1 } }).wakeTriggerSeconds, 90);
        assert.strictEqual(scalingTimeline({ invocationMetricSeconds: 30, wakeAlarm: { periodSeconds: 30, datapointsToAlarm: 2 } }).wakeTriggerSeconds, 90);
    });

    it("reaches zero copies after target tracking's 15 minutes, or the idle window, and zero instances after the scale-in cooldown", () => {
        const wake = { invocationMetricSeconds: 10, wakeAlarm: { periodSeconds: 10, datapointsToAlarm: 1 } };
        assert.deepStrictEqual(scalingTimeline(wake), { wakeTriggerSeconds: 20, idleToZeroCopiesSeconds: 960 });
        assert.deepStrictEqual(scalingTimeline({ ...wake, idleMinutes: 5, scaleInPolicy: { strategy: "IDLE_RELEASE", cooldownInMinutes: 10 } }),
            { wakeTriggerSeconds: 20, idleToZeroCopiesSeconds: 360, zeroCopiesToZeroInstancesSeconds: 600 });
        assert.strictEqual(scalingTimeline({ ...wake, scaleInPolicy: { strategy: "CONSOLIDATION" } }).zeroCopiesToZeroInstancesSeconds, 1200);
    });

    it("prints durations as people read them", () => {
        assert.deepStrictEqual([20, 60, 90, 960].map(duration), ["20 s", "1 min", "1 min 30 s", "16 min"]);
    });
});
