import * as assert from "assert";
import { checkScaleIn, planRouting, planScaleIn, planScaleToZeroVariant, planVariant, VariantInput } from "../../components/endpoint/endpoint-plan";
import { endpointTimeouts, planUpdate, retentionOf, rollingBatchRange, updateFit } from "../../components/endpoint/endpoint-update-plan";
import {
    runningFleet, runningUpdateRefusal, spareNeededForUpdate, updateFitAgainstRunning, updateFitFrom, updateFitMessage,
} from "../../dynamic-providers/endpoint-update-guard-plan";
import { alarmPeriod, invocationMetricSeconds, isAlarmPeriod, planMetrics } from "../../components/monitoring/metrics-plan";
import { apiViolations } from "../support/aws-spec";

const ARN = "arn:aws:sagemaker:us-east-1:123456789012:training-plan/p5-plan";
const field = (key: string) => `ep.${key}`;
const base: VariantInput = { endpoint: "ep", instanceType: "ml.g5.2xlarge", instanceCount: 2, variantName: "AllTraffic", capacity: "on-demand" };

describe("metrics: MetricsConfig and the alarm periods it allows", () => {
    it("defaults to enhanced metrics every 10 s, so invocation metrics arrive every 10 s", () => {
        const m = planMetrics(field);
        assert.deepStrictEqual(m, { enableEnhancedMetrics: true, enableDetailedObservability: false, metricPublishFrequencyInSeconds: 10 });
        assert.strictEqual(invocationMetricSeconds(m), 10);
        assert.deepStrictEqual(apiViolations("sagemaker", "MetricsConfig", m), []);
    });

    it("takes every frequency the API documents and refuses others, naming the field", () => {
        for (const f of [10, 30, 60, 120, 180, 240, 300]) {
            assert.strictEqual(planMetrics(field, { metricPublishFrequencyInSeconds: f }).metricPublishFrequencyInSeconds, f);
        }
        for (const f of [0, 5, 15, 20, 90, 600]) {
            assert.throws(() => planMetrics(field, { metricPublishFrequencyInSeconds: f }),
                new RegExp(`^Error: ep\\.metricPublishFrequencyInSeconds: ${f} must be one of 10, 30, 60, 120, 180, 240, 300 seconds`));
        }
    });

    it("publishes invocation metrics every 60 s without enhanced metrics, whatever the frequency", () => {
        assert.strictEqual(invocationMetricSeconds(planMetrics(field, { metricPublishFrequencyInSeconds: 10, enableEnhancedMetrics: false })), 60);
    });

    it("makes an alarm's period follow the metric: its interval by default, never shorter, naming both", () => {
        const m10 = planMetrics(field);
        assert.strictEqual(alarmPeriod("ic.autoScaling.alarmPeriodSeconds", undefined, m10), 10);
        assert.strictEqual(alarmPeriod("ic.autoScaling.alarmPeriodSeconds", 30, m10), 30);
        const m60 = planMetrics(field, { metricPublishFrequencyInSeconds: 60 });
        assert.strictEqual(alarmPeriod("ic.autoScaling.alarmPeriodSeconds", undefined, m60), 60);
        assert.throws(() => alarmPeriod("ic.autoScaling.alarmPeriodSeconds", 10, m60),
            /^Error: ic\.autoScaling\.alarmPeriodSeconds: 10 is shorter than the endpoint's metricPublishFrequencyInSeconds \(60\): most periods would hold no datapoint/);
        const plain = planMetrics(field, { enableEnhancedMetrics: false });
        assert.throws(() => alarmPeriod("p", 30, plain), /^Error: p: 30 is shorter than the 60 s at which invocation metrics are published without enhanced metrics/);
        assert.throws(() => alarmPeriod("p", 45, m10), /^Error: p: 45 must be 10, 20, 30 or a multiple of 60 seconds/);
    });

    it("knows CloudWatch's alarm periods", () => {
        assert.deepStrictEqual([10, 20, 30, 60, 120, 300].map(isAlarmPeriod), [true, true, true, true, true, true]);
        assert.deepStrictEqual([0, 5, 15, 40, 90, 61].map(isAlarmPeriod), [false, false, false, false, false, false]);
    });
});

describe("routing: PREFIX_AWARE and the other strategies", () => {
    it("takes PREFIX_AWARE with both its settings, at the ends of their ranges", () => {
        for (const [prefixLength, concurrencyThreshold] of [[1024, 1], [65536, 1024], [4096, 8]]) {
            assert.deepStrictEqual(planRouting(field, { routingStrategy: "PREFIX_AWARE", prefixLength, concurrencyThreshold }),
                { routingStrategy: "PREFIX_AWARE", prefixAwareRoutingConfig: { prefixLength, concurrencyThreshold } });
        }
    });

    it("refuses values outside the API's ranges, naming the field, the value and the range", () => {
        const cases: [Record<string, unknown>, RegExp][] = [
            [{ prefixLength: 1023, concurrencyThreshold: 1 }, /^Error: ep\.prefixLength: 1023 must be a whole number from 1024 to 65536/],
            [{ prefixLength: 65537, concurrencyThreshold: 1 }, /^Error: ep\.prefixLength: 65537 must be a whole number from 1024 to 65536/],
            [{ prefixLength: 4096, concurrencyThreshold: 0 }, /^Error: ep\.concurrencyThreshold: 0 must be a whole number from 1 to 1024/],
            [{ prefixLength: 4096, concurrencyThreshold: 1025 }, /^Error: ep\.concurrencyThreshold: 1025 must be a whole number from 1 to 1024/],
            [{ concurrencyThreshold: 8 }, /^Error: ep\.prefixLength is required: a whole number from 1024 to 65536/],
        ];
        for (const [given, message] of cases) {
            assert.throws(() => planRouting(field, { routingStrategy: "PREFIX_AWARE", ...given }), message);
        }
    });

    it("refuses prefix settings without PREFIX_AWARE, and unknown strategies", () => {
        assert.throws(() => planRouting(field, { routingStrategy: "RANDOM", prefixLength: 4096 }),
            /^Error: ep\.prefixLength: 4096 applies only to routingStrategy PREFIX_AWARE, not RANDOM/);
        assert.throws(() => planRouting(field, { concurrencyThreshold: 4 }),
            /^Error: ep\.concurrencyThreshold: 4 goes with routingStrategy PREFIX_AWARE, which is not set/);
        assert.throws(() => planRouting(field, { routingStrategy: "ROUND_ROBIN" }),
            /^Error: ep\.routingStrategy: "ROUND_ROBIN" must be one of LEAST_OUTSTANDING_REQUESTS, RANDOM, PREFIX_AWARE/);
        assert.strictEqual(planRouting(field, {}), undefined);
        assert.deepStrictEqual(planRouting(field, { routingStrategy: "RANDOM" }), { routingStrategy: "RANDOM" });
    });
});

describe("scale-in policy of managed instance scaling", () => {
    it("takes either strategy with its bounds and sends the API's member names", () => {
        const policy = planScaleIn("ep.scaleIn", { strategy: "CONSOLIDATION", cooldownMinutes: 5, maxStepSize: 100 });
        assert.deepStrictEqual(policy, { strategy: "CONSOLIDATION", cooldownInMinutes: 5, maximumStepSize: 100 });
        assert.deepStrictEqual(apiViolations("sagemaker", "ProductionVariantManagedInstanceScalingScaleInPolicy", policy), []);
        assert.deepStrictEqual(planScaleIn("ep.scaleIn", { strategy: "IDLE_RELEASE", cooldownMinutes: 1440 }), { strategy: "IDLE_RELEASE", cooldownInMinutes: 1440 });
    });

    it("refuses a missing or unknown strategy and bounds outside the API's, naming the field", () => {
        assert.throws(() => planScaleIn("ep.scaleIn", {}), /^Error: ep\.scaleIn\.strategy: null must be one of IDLE_RELEASE, CONSOLIDATION/);
        assert.throws(() => planScaleIn("ep.scaleIn", { strategy: "IDLE" }), /^Error: ep\.scaleIn\.strategy: "IDLE" must be one of/);
        assert.throws(() => planScaleIn("ep.scaleIn", { strategy: "IDLE_RELEASE", cooldownMinutes: 4 }),
            /^Error: ep\.scaleIn\.cooldownMinutes: 4 must be a whole number from 5 to 1440/);
        assert.throws(() => planScaleIn("ep.scaleIn", { strategy: "IDLE_RELEASE", maxStepSize: 101 }),
            /^Error: ep\.scaleIn\.maxStepSize: 101 must be a whole number from 1 to 100/);
    });

    it("takes settings it checked as they are, as a stack hands its config's to the endpoint, and keeps them from changing", () => {
        const checked = checkScaleIn("sagemaker-inference:scaleIn", { strategy: "IDLE_RELEASE", cooldownMinutes: 10 });
        assert.strictEqual(checkScaleIn("ep.scaleIn", checked), checked);
        assert.deepStrictEqual(planScaleIn("ep.scaleIn", checked), { strategy: "IDLE_RELEASE", cooldownInMinutes: 10 });
        assert.throws(() => { checked.cooldownMinutes = 4; }, TypeError);
        assert.throws(() => checkScaleIn("ep.scaleIn", { ...checked, cooldownMinutes: 4 }), { message: /^ep\.scaleIn\.cooldownMinutes: 4 must be a whole number from 5 to 1440/ });
    });

    it("puts the policy in the scale-to-zero variant's managed instance scaling, with least-outstanding-requests routing by default", () => {
        const { variant } = planScaleToZeroVariant({
            endpoint: "ep", instanceType: "ml.g5.12xlarge", initialInstanceCount: 1, maxInstanceCount: 2, variantName: "AllTraffic",
            capacity: "on-demand", scaleIn: { strategy: "IDLE_RELEASE", cooldownMinutes: 10 },
        });
        assert.deepStrictEqual(variant.managedInstanceScaling, {
            status: "ENABLED", minInstanceCount: 0, maxInstanceCount: 2, scaleInPolicy: { strategy: "IDLE_RELEASE", cooldownInMinutes: 10 },
        });
        assert.deepStrictEqual(variant.routingConfig, { routingStrategy: "LEAST_OUTSTANDING_REQUESTS" });
    });
});

describe("instance pools: fallback instance types on demand", () => {
    it("lists the variant's type at priority 1 and the fallbacks by priority, in place of InstanceType", () => {
        const { variant } = planVariant({
            ...base,
            instancePools: [{ instanceType: "ml.g6.2xlarge", priority: 3 }, { instanceType: "ml.g5.4xlarge", priority: 2 }],
            variantInstanceProvisionTimeoutInSeconds: 900,
        });
        assert.deepStrictEqual(variant.instancePools, [
            { instanceType: "ml.g5.2xlarge", priority: 1 }, { instanceType: "ml.g5.4xlarge", priority: 2 }, { instanceType: "ml.g6.2xlarge", priority: 3 },
        ]);
        assert.strictEqual(variant.instanceType, undefined);
        assert.strictEqual(variant.variantInstanceProvisionTimeoutInSeconds, 900);
        assert.deepStrictEqual(apiViolations("sagemaker", "InstancePoolList", variant.instancePools), []);
    });

    it("refuses pools on a reservation, a repeated type or priority, a bad priority and too many pools", () => {
        assert.throws(() => planVariant({ ...base, instanceType: "ml.p5.48xlarge", capacity: { reservationArn: ARN }, instancePools: [{ instanceType: "ml.p4d.24xlarge", priority: 2 }] }),
            /^Error: ep\.instancePools: \["ml\.p4d\.24xlarge"\] cannot be used on a reservation: training plan .* holds ml\.p5\.48xlarge only/);
        assert.throws(() => planVariant({ ...base, instancePools: [{ instanceType: "ml.g5.2xlarge", priority: 2 }] }),
            /^Error: ep\.instancePools\[0\]: "ml\.g5\.2xlarge at priority 2" repeats ml\.g5\.2xlarge at priority 1 \(instanceType is priority 1\)/);
        assert.throws(() => planVariant({ ...base, instancePools: [{ instanceType: "ml.g6.2xlarge", priority: 2 }, { instanceType: "ml.g6.4xlarge", priority: 2 }] }),
            /^Error: ep\.instancePools\[1\]: .* repeats ml\.g6\.2xlarge at priority 2/);
        assert.throws(() => planVariant({ ...base, instancePools: [{ instanceType: "ml.g6.2xlarge", priority: 6 }] }),
            /^Error: ep\.instancePools\[0\]\.priority: 6 must be a whole number from 2 to 5/);
        const five = ["ml.g6.2xlarge", "ml.g6.4xlarge", "ml.g5.4xlarge", "ml.g5.8xlarge", "ml.g6.8xlarge"].map((instanceType, i) => ({ instanceType, priority: i + 2 }));
        assert.throws(() => planVariant({ ...base, instancePools: five }), /^Error: ep\.instancePools: 5 may list at most 4 fallback types/);
        assert.throws(() => planVariant({ ...base, variantInstanceProvisionTimeoutInSeconds: 299 }),
            /^Error: ep\.variantInstanceProvisionTimeoutInSeconds: 299 must be a whole number from 300 to 3600/);
    });
});

describe("updates: rolling batches, retention, headroom on a reservation, timeouts", () => {
    it("allows batches from 5 % of the most to 50 % of the fewest instances", () => {
        assert.deepStrictEqual(rollingBatchRange(1, 1), { min: 1, max: 0 });
        assert.deepStrictEqual(rollingBatchRange(2, 6), { min: 1, max: 1 });
        assert.deepStrictEqual(rollingBatchRange(10, 10), { min: 1, max: 5 });
        assert.deepStrictEqual(rollingBatchRange(4, 40), { min: 2, max: 2 });
    });

    it("defaults to the smallest rolling batch on a reservation, and blue/green where the variant cannot roll or runs on demand", () => {
        const reserved = { endpoint: "ep", minInstances: 2, maxInstances: 6, onReservation: true };
        const rolling = planUpdate("ep.deployment", undefined, reserved);
        assert.deepStrictEqual(rolling, {
            deploymentConfig: { rollingUpdatePolicy: { maximumBatchSize: { type: "INSTANCE_COUNT", value: 1 }, rollbackMaximumBatchSize: { type: "INSTANCE_COUNT", value: 1 }, waitIntervalInSeconds: 60 } },
        });
        assert.deepStrictEqual(apiViolations("sagemaker", "DeploymentConfig", rolling.deploymentConfig), []);
        assert.deepStrictEqual(planUpdate("ep.deployment", undefined, { ...reserved, minInstances: 1, maxInstances: 1 }), {}, "blue/green");
        assert.deepStrictEqual(planUpdate("ep.deployment", undefined, { ...reserved, onReservation: false }), {}, "blue/green");
    });

    it("builds a given rolling update with its alarms and time limit, as the API takes it", () => {
        const plan = planUpdate("ep.deployment", { maximumBatchSize: 2, waitIntervalSeconds: 300, rollbackAlarmNames: ["p99-latency"], maximumExecutionTimeoutSeconds: 7200 },
            { endpoint: "ep", minInstances: 4, maxInstances: 8, onReservation: false });
        assert.deepStrictEqual(plan.deploymentConfig, {
            rollingUpdatePolicy: { maximumBatchSize: { type: "INSTANCE_COUNT", value: 2 }, rollbackMaximumBatchSize: { type: "INSTANCE_COUNT", value: 2 }, waitIntervalInSeconds: 300, maximumExecutionTimeoutInSeconds: 7200 },
            autoRollbackConfiguration: { alarms: [{ alarmName: "p99-latency" }] },
        });
        assert.deepStrictEqual(apiViolations("sagemaker", "DeploymentConfig", plan.deploymentConfig), []);
    });

    it("refuses batches outside the range, a variant too small to roll, and bad waits, with the numbers", () => {
        const variant = { endpoint: "ep", minInstances: 4, maxInstances: 8, onReservation: true };
        assert.throws(() => planUpdate("ep.deployment", { maximumBatchSize: 3 }, variant),
            /^Error: ep\.deployment\.maximumBatchSize: 3 must be from 1 to 2 instances \(5 % of the most to 50 % of the fewest instances of the variant\)/);
        assert.throws(() => planUpdate("ep.deployment", { maximumBatchSize: 1 }, { ...variant, minInstances: 1, maxInstances: 1 }),
            /^Error: ep\.deployment\.maximumBatchSize: 1 cannot be set: a variant of 1 instance cannot be updated in rolling batches: .*leave deployment unset for a blue\/green update/);
        assert.throws(() => planUpdate("ep.deployment", { waitIntervalSeconds: 3601 }, variant),
            /^Error: ep\.deployment\.waitIntervalSeconds: 3601 must be a whole number from 0 to 3600/);
        assert.throws(() => planUpdate("ep.deployment", { maximumExecutionTimeoutSeconds: 599 }, variant),
            /^Error: ep\.deployment\.maximumExecutionTimeoutSeconds: 599 must be a whole number from 600 to 28800/);
        const eleven = Array.from({ length: 11 }, (_, i) => `alarm-${i}`);
        assert.throws(() => planUpdate("ep.deployment", { rollbackAlarmNames: eleven }, variant), /^Error: ep\.deployment\.rollbackAlarmNames: .* at most 10 alarm names/);
    });

    it("keeps what auto scaling set and takes from the config what the config sets", () => {
        assert.deepStrictEqual(retentionOf(true, true), { retainAllVariantProperties: true, excludeRetainedVariantProperties: [{ variantPropertyType: "DesiredWeight" }] });
        assert.deepStrictEqual(retentionOf(true, false), { retainAllVariantProperties: true });
        assert.deepStrictEqual(retentionOf(false, true), { retainAllVariantProperties: false });
        assert.deepStrictEqual(apiViolations("sagemaker", "VariantPropertyList", retentionOf(true, true).excludeRetainedVariantProperties), []);
    });

    it("tells whether an update fits the reservation's spare instances", () => {
        const usage = { reservationArn: ARN, reservedInstanceType: "ml.p5.48xlarge", reservedInstanceCount: 4, claims: [], requestedInstanceCount: 3 };
        assert.deepStrictEqual(updateFit({ endpoint: "a", endpointConfigName: "a-1", claimedInstances: 1 }, usage),
            { endpoint: "a", endpointConfigName: "a-1", claimedInstances: 1, reservationArn: ARN, spareInstances: 1, spareInstancesNeeded: 1, fits: true });
        const blueGreen = updateFit({ endpoint: "b", endpointConfigName: "b-1", claimedInstances: 2 }, usage);
        assert.deepStrictEqual([blueGreen.spareInstancesNeeded, blueGreen.fits], [2, false], "blue/green: the whole old fleet beside the new one");
        assert.match(updateFitMessage(blueGreen),
            /^b: updating this endpoint \(blue\/green: its old instances run beside the new ones\) needs 2 spare reserved instances on training plan .*p5-plan, which has 1 /);
        const rolling = updateFit({ endpoint: "c", endpointConfigName: "c-1", claimedInstances: 2, rollingBatch: 1 }, usage);
        assert.deepStrictEqual([rolling.spareInstancesNeeded, rolling.fits], [1, true], "rolling: one batch more");
        assert.match(updateFitMessage({ ...rolling, fits: false }), /, or a smaller rolling batch$/);
        assert.strictEqual(updateFit({ endpoint: "d", endpointConfigName: "d-1", claimedInstances: 9 }, { ...usage, reservedInstanceCount: undefined }).fits, true,
            "an unknown reserved count is checked by ReservationCheck instead");
    });

    it("counts the old fleet when it was larger: a shrinking endpoint runs it beside the new one", () => {
        assert.strictEqual(spareNeededForUpdate(2, 2, undefined), 2);
        assert.strictEqual(spareNeededForUpdate(3, 1, undefined), 3, "blue/green: three old beside one new");
        assert.strictEqual(spareNeededForUpdate(3, 1, 1), 3, "rolling: a batch, and the two the new claim no longer counts");
        assert.strictEqual(spareNeededForUpdate(1, 2, 1), 1, "growing: the new claim already counts the larger fleet");
    });

    it("judges this deploy's update against the endpoint as the last deploy left it", () => {
        const usage = { reservationArn: ARN, reservedInstanceCount: 4, claims: [], requestedInstanceCount: 3 };
        const now = updateFit({ endpoint: "e", endpointConfigName: "e-2", claimedInstances: 1 }, usage);
        const was = (endpointConfigName: string, claimedInstances: number, reservationArn = ARN) => ({ reservationArn, endpointConfigName, claimedInstances });
        assert.deepStrictEqual([updateFitFrom(now, was("e-1", 1)).spareInstancesNeeded, updateFitFrom(now, was("e-1", 1)).fits], [1, true]);
        assert.deepStrictEqual([updateFitFrom(now, was("e-1", 2)).spareInstancesNeeded, updateFitFrom(now, was("e-1", 2)).fits], [2, false], "it shrinks from 2");
        assert.strictEqual(updateFitFrom(now, was("e-2", 3)).spareInstancesNeeded, 0, "the same config: no update");
        assert.strictEqual(updateFitFrom(now, was("e-1", 3, "arn:aws:sagemaker:us-east-1:123456789012:training-plan/other")).spareInstancesNeeded, 0,
            "from another plan: the old fleet runs there");
        assert.strictEqual(updateFitFrom(now, undefined).spareInstancesNeeded, 0, "created, or from on demand");
    });

    it("reads what an endpoint runs on a plan from DescribeEndpoint", () => {
        const onPlan = (count: number, arn = ARN) => ({ CurrentInstanceCount: count, CapacityReservationConfig: { MlReservationArn: arn } });
        assert.deepStrictEqual(runningFleet({ EndpointConfigName: "e-1", ProductionVariants: [onPlan(2), onPlan(1), onPlan(5, `${ARN}-other`), { CurrentInstanceCount: 3 }] }, ARN),
            { endpointConfigName: "e-1", instancesOnPlan: 3 }, "its variants on this plan, none elsewhere");
        assert.deepStrictEqual(runningFleet({ EndpointConfigName: "e-1", ProductionVariants: [{ CapacityReservationConfig: { MlReservationArn: ARN } }] }, ARN),
            { endpointConfigName: "e-1", instancesOnPlan: 0 }, "no instance running yet");
    });

    it("judges this deploy's update against what the endpoint runs, not what the last deploy asked for", () => {
        // A full plan: the endpoint claims 1 of 2, another endpoint the other.
        const usage = { reservationArn: ARN, reservedInstanceCount: 2, claims: [], requestedInstanceCount: 2 };
        const now = updateFit({ endpoint: "e", endpointConfigName: "e-2", claimedInstances: 1 }, usage);
        const runs = (endpointConfigName: string, instancesOnPlan: number) => ({ endpointConfigName, instancesOnPlan });
        assert.deepStrictEqual([updateFitAgainstRunning(now, runs("e-1", 1)).spareInstancesNeeded, updateFitAgainstRunning(now, runs("e-1", 1)).fits], [1, false]);
        assert.strictEqual(updateFitAgainstRunning(now, runs("e-2", 1)).fits, true, "it runs this config already");
        assert.strictEqual(updateFitAgainstRunning(now, runs("e-1", 0)).fits, true, "it runs elsewhere (on demand, another plan): its old fleet needs no room here");
        assert.strictEqual(updateFitAgainstRunning(now, undefined).fits, true, "it does not exist yet: created");
        // The retry after a failed update: the state says e-2 already, the endpoint still runs e-1.
        assert.strictEqual(runningUpdateRefusal(now, runs("e-1", 1), "e-2"),
            `${updateFitMessage(updateFitAgainstRunning(now, runs("e-1", 1)))}. The endpoint, as described now, runs 1 instance on the plan under config e-1; ` +
            "the stack's state says the last deploy moved it to e-2: that update did not finish");
        assert.match(runningUpdateRefusal(now, runs("e-1", 2), "e-1")!, /needs 2 spare reserved instances .*\. The endpoint, as described now, runs 2 instances on the plan under config e-1$/);
        assert.match(runningUpdateRefusal(now, runs("e-1", 1), undefined)!, /under config e-1; the stack's state held no earlier settings of it \(the first deploy after an upgrade or an import\)$/);
        assert.strictEqual(runningUpdateRefusal(now, runs("e-2", 1), "e-1"), undefined);
        assert.strictEqual(runningUpdateRefusal(now, undefined, "e-1"), undefined);
    });

    it("waits for provisioning, download and health check of every batch, plus a margin", () => {
        const blueGreen = {};
        assert.deepStrictEqual(endpointTimeouts({}, blueGreen, 2), { create: "195m", update: "195m" });
        const startup = { modelDataDownloadTimeoutInSeconds: 3600, containerStartupHealthCheckTimeoutInSeconds: 1800, variantInstanceProvisionTimeoutInSeconds: 600 };
        assert.deepStrictEqual(endpointTimeouts(startup, blueGreen, 2), { create: "115m", update: "115m" });
        const rolling = planUpdate("d", { maximumBatchSize: 1, waitIntervalSeconds: 60 }, { endpoint: "e", minInstances: 2, maxInstances: 3, onReservation: false });
        assert.deepStrictEqual(endpointTimeouts(startup, rolling, 3), { create: "115m", update: `${(3 * (6000 + 60) + 900) / 60}m` });
        const capped = planUpdate("d", { maximumBatchSize: 1, maximumExecutionTimeoutSeconds: 3600 }, { endpoint: "e", minInstances: 2, maxInstances: 3, onReservation: false });
        assert.deepStrictEqual(endpointTimeouts(startup, capped, 3), { create: "115m", update: "75m" });
    });
});
