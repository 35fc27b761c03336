import * as assert from "assert";
import { expectFailure, loadStackConfig, one, registered, runProgram, TYPES } from "../support/harness";

const NS = "sagemaker-inference";
const PLAN = "arn:aws:sagemaker:us-east-1:123456789012:training-plan/p5-llm-eval-2026-12";

/** A stack's committed config with some keys replaced (undefined: removed). */
function withKeys(stack: string, keys: Record<string, unknown>): Record<string, unknown> {
    const config: Record<string, unknown> = { ...loadStackConfig(stack) };
    for (const [key, value] of Object.entries(keys)) {
        if (value === undefined) {
            delete config[`${NS}:${key}`];
        } else {
            config[`${NS}:${key}`] = value;
        }
    }
    return config;
}

/** The committed realtime entry with some settings replaced. */
const realtime = (extra: Record<string, unknown>) => ({ ...(loadStackConfig("production")[`${NS}:realtime`] as object), ...extra });

describe("the endpoint settings' config keys", () => {
    describe("dev", () => {
        it("takes the publish frequency, a scale-in policy and prefix-aware routing to the endpoint config, and the alarm follows", async () => {
            const r = await runProgram({
                stack: "dev",
                config: withKeys("dev", {
                    metricPublishFrequencyInSeconds: 30,
                    scaleIn: { strategy: "CONSOLIDATION", cooldownMinutes: 30, maxStepSize: 2 },
                    routingStrategy: "PREFIX_AWARE", prefixLength: 8192, concurrencyThreshold: 16,
                }),
            });
            const config = one(r, TYPES.endpointConfig, "sagemaker-inference-dev-config").inputs;
            assert.deepStrictEqual(config.metricsConfig, { enableEnhancedMetrics: true, enableDetailedObservability: false, metricPublishFrequencyInSeconds: 30 });
            assert.deepStrictEqual(config.productionVariants[0].managedInstanceScaling.scaleInPolicy, { strategy: "CONSOLIDATION", cooldownInMinutes: 30, maximumStepSize: 2 });
            assert.deepStrictEqual(config.productionVariants[0].routingConfig,
                { routingStrategy: "PREFIX_AWARE", prefixAwareRoutingConfig: { prefixLength: 8192, concurrencyThreshold: 16 } });
            assert.strictEqual(one(r, TYPES.alarm, "llama3-8b-instruct-no-capacity-alarm").inputs.period, 30);
        });

        const bad: [string, Record<string, unknown>, RegExp][] = [
            ["a publish frequency the API does not take", { metricPublishFrequencyInSeconds: 15 },
                /^sagemaker-inference:metricPublishFrequencyInSeconds: 15 must be one of 10, 30, 60, 120, 180, 240, 300 seconds/],
            ["an unknown scale-in strategy", { scaleIn: { strategy: "FAST" } }, /^sagemaker-inference:scaleIn\.strategy: "FAST" must be one of IDLE_RELEASE, CONSOLIDATION/],
            ["a scale-in cooldown below 5 minutes", { scaleIn: { strategy: "IDLE_RELEASE", cooldownMinutes: 1 } },
                /^sagemaker-inference:scaleIn\.cooldownMinutes: 1 must be a whole number from 5 to 1440/],
            ["a misspelt scale-in key", { scaleIn: { strategy: "IDLE_RELEASE", cooldown: 10 } }, /^sagemaker-inference:scaleIn\.cooldown: 10 is not a known setting/],
            ["PREFIX_AWARE without its prefix length", { routingStrategy: "PREFIX_AWARE", concurrencyThreshold: 4 },
                /^sagemaker-inference:prefixLength is required: a whole number from 1024 to 65536/],
            ["a prefix length with another strategy", { routingStrategy: "RANDOM", prefixLength: 4096 },
                /^sagemaker-inference:prefixLength: 4096 applies only to routingStrategy PREFIX_AWARE, not RANDOM/],
        ];
        for (const [what, keys, message] of bad) {
            it(`refuses ${what} before registering anything, naming the key`, async () => {
                const failure = await expectFailure({ stack: "dev", config: withKeys("dev", keys) }, message);
                assert.deepStrictEqual(registered(failure.resources), []);
            });
        }
    });

    describe("production", () => {
        it("takes rolling updates, routing and fallback instance types to the real-time endpoint", async () => {
            const r = await runProgram({
                stack: "production",
                config: withKeys("production", {
                    realtime: realtime({
                        deployment: { maximumBatchSize: 1, waitIntervalSeconds: 300, rollbackAlarmNames: ["chat-5xx"] },
                        routingStrategy: "LEAST_OUTSTANDING_REQUESTS",
                        instancePools: [{ instanceType: "ml.g6.2xlarge", priority: 2 }],
                    }),
                }),
            });
            assert.deepStrictEqual(one(r, TYPES.endpoint, "realtime-endpoint").inputs.deploymentConfig, {
                rollingUpdatePolicy: { maximumBatchSize: { type: "INSTANCE_COUNT", value: 1 }, rollbackMaximumBatchSize: { type: "INSTANCE_COUNT", value: 1 }, waitIntervalInSeconds: 300 },
                autoRollbackConfiguration: { alarms: [{ alarmName: "chat-5xx" }] },
            });
            const variant = one(r, TYPES.endpointConfig, "realtime-config").inputs.productionVariants[0];
            assert.deepStrictEqual(variant.routingConfig, { routingStrategy: "LEAST_OUTSTANDING_REQUESTS" });
            assert.deepStrictEqual(variant.instancePools, [{ instanceType: "ml.g5.2xlarge", priority: 1 }, { instanceType: "ml.g6.2xlarge", priority: 2 }]);
        });

        const bad: [string, Record<string, unknown>, RegExp][] = [
            ["a batch above half of minInstances", { realtime: realtime({ deployment: { maximumBatchSize: 2 } }) },
                /^sagemaker-inference:realtime\.deployment\.maximumBatchSize: 2 must be from 1 to 1 instances/],
            ["a misspelt deployment key", { realtime: realtime({ deployment: { batchSize: 1 } }) },
                /^sagemaker-inference:realtime\.deployment\.batchSize: 1 is not a known setting/],
            ["fallback types on a reservation", {
                realtime: realtime({ instanceType: "ml.p5.48xlarge", instancePools: [{ instanceType: "ml.p4d.24xlarge", priority: 2 }] }), reservationArn: PLAN,
            }, /^sagemaker-inference:realtime\.instancePools: \["ml\.p4d\.24xlarge"\] cannot be used on a reservation/],
            ["an unknown routing strategy", { realtime: realtime({ routingStrategy: "STICKY" }) },
                /^sagemaker-inference:realtime\.routingStrategy: "STICKY" must be one of LEAST_OUTSTANDING_REQUESTS, RANDOM, PREFIX_AWARE/],
            ["an instance pool that is not a list", { realtime: realtime({ instancePools: "ml.g6.2xlarge" }) },
                /^sagemaker-inference:realtime\.instancePools: "ml\.g6\.2xlarge" must be a list of \{instanceType, priority\}/],
        ];
        for (const [what, keys, message] of bad) {
            it(`refuses ${what} before registering anything, naming the key`, async () => {
                const failure = await expectFailure({ stack: "production", config: withKeys("production", keys) }, message);
                assert.deepStrictEqual(registered(failure.resources), []);
            });
        }
    });

    describe("evaluation", () => {
        const big = [{ name: "big", image: "763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128", instanceCount: 2 }];

        it("takes a rolling update to every candidate's endpoint", async () => {
            const r = await runProgram({
                stack: "evaluation",
                config: withKeys("evaluation", { candidates: big, reservedInstanceCount: 3, deployment: { maximumBatchSize: 1, waitIntervalSeconds: 0 } }),
            });
            assert.deepStrictEqual(one(r, TYPES.endpoint, "big-endpoint").inputs.deploymentConfig,
                { rollingUpdatePolicy: { maximumBatchSize: { type: "INSTANCE_COUNT", value: 1 }, rollbackMaximumBatchSize: { type: "INSTANCE_COUNT", value: 1 }, waitIntervalInSeconds: 0 } });
        });

        it("refuses a rolling update for candidates of one instance before registering anything, naming the key", async () => {
            const failure = await expectFailure({ stack: "evaluation", config: withKeys("evaluation", { deployment: { maximumBatchSize: 1 } }) },
                /^sagemaker-inference:deployment\.maximumBatchSize: 1 cannot be set: a variant of 1 instance cannot be updated in rolling batches: .*leave deployment unset for a blue\/green update \(candidate llama3-70b-ft-a\)$/);
            assert.deepStrictEqual(registered(failure.resources), []);
        });
    });
});

describe("the evaluation stack's training plan extensions", () => {
    const plan = { planName: "eval", instanceType: "ml.p5.48xlarge", instanceCount: 2, durationHours: 168, maxUpfrontFee: 100000 };
    const evaluation = (extensions: unknown) => ({
        ...loadStackConfig("evaluation"), [`${NS}:reservationArn`]: undefined, [`${NS}:reservedInstanceType`]: undefined,
        [`${NS}:reservedInstanceCount`]: undefined, [`${NS}:trainingPlan`]: { ...plan, extensions },
    });

    it("passes the entries to the TrainingPlan it buys", async () => {
        const r = await runProgram({ stack: "evaluation", config: evaluation([{ durationHours: 72, maxUpfrontFee: 40000 }]) });
        assert.deepStrictEqual(one(r, "pulumi-nodejs:dynamic/sagemaker-inference:TrainingPlan", "training-plan").inputs.extensions,
            [{ durationHours: 72, maxUpfrontFee: 40000 }]);
    });

    it("refuses a bad entry before registering anything, naming the key", async () => {
        const failure = await expectFailure({ stack: "evaluation", config: evaluation([{ durationHours: 5000, maxUpfrontFee: 40000 }]) },
            /^sagemaker-inference:trainingPlan\.extensions\[0\]\.durationHours: 5000 must be whole days: a multiple of 24 from 24 to 4368/);
        assert.deepStrictEqual(registered(failure.resources), []);
    });
});
