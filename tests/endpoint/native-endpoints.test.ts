import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { AsyncInferenceEndpoint } from "../../components/async/async-endpoint";
import { ScalableInferenceComponent } from "../../components/scale-to-zero/inference-component";
import { InferenceModel } from "../../components/model/inference-model";
import { ReservedEndpoint, ReservedEndpointArgs } from "../../components/endpoint/reserved-endpoint";
import { ScaleToZeroEndpoint, ScaleToZeroEndpointArgs } from "../../components/scale-to-zero/scale-to-zero-endpoint";
import { endpointUpdateGuardProvider } from "../../dynamic-providers/endpoint-update-guard";
import { apiViolations, cfnViolations } from "../support/aws-spec";
import { deploySteps } from "../support/engine-steps";
import { runSerialized } from "../support/fresh-process";
import { hosted, up } from "../support/provider-host";
import { StandinEndpoint, startStandin, standinEnv, withEnv } from "../support/sagemaker-standin";
import { expectRefused, one, ofType, ProgramRun, runProgram, TYPES } from "../support/harness";

const IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128";
const ROLE = "arn:aws:iam::123456789012:role/sagemaker-execution";
const PLAN = "arn:aws:sagemaker:us-east-1:123456789012:training-plan/p5-for-inference";
const config = { "aws:region": "us-east-1" };

/** A real-time endpoint as a production team runs it: a model version, auto scaled. */
function realtime(args: Partial<ReservedEndpointArgs> & { version?: string } = {}) {
    return () => {
        const { version, ...rest } = args;
        const model = new InferenceModel("chat", { namePrefix: "chat", image: IMAGE, modelDataUrl: `s3://acme-models/chat/${version ?? "v1"}/`, executionRoleArn: ROLE });
        new ReservedEndpoint("chat", { namePrefix: "chat",
            modelName: model.modelName,
            instanceType: "ml.g5.2xlarge",
            autoScaling: { minInstanceCount: 2, maxInstanceCount: 6, targetInvocationsPerInstance: 40 },
            ...rest,
        });
    };
}

const onPlan = (count: number) => ({ reservationArn: PLAN, reservedInstanceType: "ml.p5.48xlarge", reservedInstanceCount: count });

function scaleToZero(args: Partial<ScaleToZeroEndpointArgs> = {}, idleMinutes?: number) {
    return () => {
        const endpoint = new ScaleToZeroEndpoint("llm", { namePrefix: "llm", instanceType: "ml.g5.12xlarge", maxInstanceCount: 2, executionRoleArn: ROLE, ...args });
        const model = new InferenceModel("llama", { namePrefix: "llama", image: IMAGE, modelDataUrl: "s3://acme-models/llama/", executionRoleArn: ROLE });
        new ScalableInferenceComponent("llama", { namePrefix: "llama", ...endpoint.placement(), modelName: model.modelName, autoScaling: { maxCopies: 2, scaleInToZeroAfterIdleMinutes: idleMinutes } });
    };
}

const run = (program: () => void, stack = "production") => runProgram({ stack, config, program });
const configOf = (r: ProgramRun, name: string) => one(r, TYPES.endpointConfig, `${name}-config`);
const endpointOf = (r: ProgramRun, name: string) => one(r, TYPES.endpoint, `${name}-endpoint`);

/** The inputs as CloudFormation takes them, and each variant and update setting as the SageMaker API does. */
function assertValidForAws(r: ProgramRun) {
    for (const c of ofType(r, TYPES.endpointConfig)) {
        assert.deepStrictEqual(cfnViolations("AWS::SageMaker::EndpointConfig", c.inputs), [], c.name);
        assert.deepStrictEqual(apiViolations("sagemaker", "CreateEndpointConfigInput", c.inputs), [], c.name);
    }
    for (const e of ofType(r, TYPES.endpoint)) {
        assert.deepStrictEqual(cfnViolations("AWS::SageMaker::Endpoint", e.inputs), [], e.name);
        const { tags: _tags, ...update } = e.inputs;
        assert.deepStrictEqual(apiViolations("sagemaker", "UpdateEndpointInput", update), [], e.name);
    }
}

describe("endpoints on aws-native: every setting by value, valid for CloudFormation and the SageMaker API", () => {
    it("ScaleToZeroEndpoint: 10 s enhanced metrics, a scale-in policy and prefix-aware routing, and a deploy keeps the running instances", async () => {
        const r = await run(scaleToZero({
            scaleIn: { strategy: "IDLE_RELEASE", cooldownMinutes: 10, maxStepSize: 2 },
            routingStrategy: "PREFIX_AWARE", prefixLength: 4096, concurrencyThreshold: 8,
        }), "dev");
        const c = configOf(r, "llm").inputs;
        assert.deepStrictEqual(c.metricsConfig, { enableEnhancedMetrics: true, enableDetailedObservability: false, metricPublishFrequencyInSeconds: 10 });
        assert.deepStrictEqual(c.productionVariants[0].managedInstanceScaling, {
            status: "ENABLED", minInstanceCount: 0, maxInstanceCount: 2, scaleInPolicy: { strategy: "IDLE_RELEASE", cooldownInMinutes: 10, maximumStepSize: 2 },
        });
        assert.deepStrictEqual(c.productionVariants[0].routingConfig, {
            routingStrategy: "PREFIX_AWARE", prefixAwareRoutingConfig: { prefixLength: 4096, concurrencyThreshold: 8 },
        });
        const e = endpointOf(r, "llm");
        assert.deepStrictEqual({ ...e.inputs, endpointConfigName: "<config>" },
            { endpointName: "llm", endpointConfigName: "<config>", retainAllVariantProperties: true });
        assert.deepStrictEqual(cfnViolations("AWS::SageMaker::EndpointConfig", c), []);
        // The vendored SageMaker API model (botocore of 2026-08-07) predates PREFIX_AWARE: it is the one value it flags.
        assert.deepStrictEqual(apiViolations("sagemaker", "CreateEndpointConfigInput", c).map((v) => v.split(" = ")[0]).sort(),
            ["productionVariants[0].routingConfig.prefixAwareRoutingConfig", "productionVariants[0].routingConfig.routingStrategy"]);
        const alarm = one(r, TYPES.alarm, "llama-no-capacity-alarm").inputs;
        assert.deepStrictEqual([alarm.period, alarm.evaluationPeriods, alarm.datapointsToAlarm], [10, 1, 1], "the wake alarm follows the 10 s metrics");
    });

    it("ScaleToZeroEndpoint at 60 s metrics: the components' wake alarms follow at 60 s", async () => {
        const r = await run(scaleToZero({ metricPublishFrequencyInSeconds: 60 }), "dev");
        assert.deepStrictEqual(configOf(r, "llm").inputs.metricsConfig, { enableEnhancedMetrics: true, enableDetailedObservability: false, metricPublishFrequencyInSeconds: 60 });
        assert.strictEqual(one(r, TYPES.alarm, "llama-no-capacity-alarm").inputs.period, 60);
        assertValidForAws(r);
    });

    it("an idle scale-in adds a step policy to zero and its metric-math alarm, on the component's target", async () => {
        const r = await run(scaleToZero({}, 5), "dev");
        const policy = one(r, TYPES.scalingPolicy, "llama-idle-scale-in").inputs;
        assert.deepStrictEqual([policy.name, policy.resourceId, policy.policyType, policy.stepScalingPolicyConfiguration.adjustmentType],
            ["llama-idle-scale-in", "inference-component/llama", "StepScaling", "ExactCapacity"]);
        const alarm = one(r, TYPES.alarm, "llama-idle-alarm").inputs;
        assert.deepStrictEqual(alarm.metricQueries.map((q: { id: string }) => q.id), ["served", "refused", "idle"]);
        assert.deepStrictEqual([alarm.evaluationPeriods, alarm.threshold, alarm.comparisonOperator, alarm.treatMissingData],
            [5, 0, "LessThanOrEqualToThreshold", "breaching"]);
        assert.deepStrictEqual(alarm.alarmActions, [`arn:aws:appautoscaling:us-east-1:123456789012:policy/llama-idle-scale-in`]);
        assertValidForAws(r);
    });

    it("ReservedEndpoint auto scaled on demand: retains its running count, updates blue/green, routes as told, with instance pools", async () => {
        const r = await run(realtime({
            routingStrategy: "LEAST_OUTSTANDING_REQUESTS",
            instancePools: [{ instanceType: "ml.g6.2xlarge", priority: 2 }],
            variantInstanceProvisionTimeoutInSeconds: 900,
            modelDataDownloadTimeoutInSeconds: 1800,
            containerStartupHealthCheckTimeoutInSeconds: 600,
        }));
        const variant = configOf(r, "chat").inputs.productionVariants[0];
        assert.deepStrictEqual({ ...variant, modelName: "<model>" }, {
            variantName: "AllTraffic",
            initialInstanceCount: 2,
            initialVariantWeight: 1,
            modelDataDownloadTimeoutInSeconds: 1800,
            containerStartupHealthCheckTimeoutInSeconds: 600,
            routingConfig: { routingStrategy: "LEAST_OUTSTANDING_REQUESTS" },
            instancePools: [{ instanceType: "ml.g5.2xlarge", priority: 1 }, { instanceType: "ml.g6.2xlarge", priority: 2 }],
            variantInstanceProvisionTimeoutInSeconds: 900,
            modelName: "<model>",
        });
        const e = endpointOf(r, "chat");
        assert.deepStrictEqual({ ...e.inputs, endpointConfigName: "<config>" }, {
            endpointName: "chat", endpointConfigName: "<config>",
            retainAllVariantProperties: true, excludeRetainedVariantProperties: [{ variantPropertyType: "DesiredWeight" }],
        });
        // Provisioning 900 s + download 1800 s + health check 600 s + 15 min margin.
        assert.deepStrictEqual(e.customTimeouts, { create: "70m", update: "70m" });
        assertValidForAws(r);
    });

    it("ReservedEndpoint on a reservation: a rolling update of the smallest batch by default, given settings otherwise", async () => {
        const byDefault = await run(realtime({ instanceType: "ml.p5.48xlarge", reservation: onPlan(8) }));
        assert.deepStrictEqual(endpointOf(byDefault, "chat").inputs.deploymentConfig, {
            rollingUpdatePolicy: { maximumBatchSize: { type: "INSTANCE_COUNT", value: 1 }, rollbackMaximumBatchSize: { type: "INSTANCE_COUNT", value: 1 }, waitIntervalInSeconds: 60 },
        });
        const given = await run(realtime({
            instanceType: "ml.p5.48xlarge", reservation: onPlan(8),
            autoScaling: { minInstanceCount: 4, maxInstanceCount: 6, targetInvocationsPerInstance: 40 },
            deployment: { maximumBatchSize: 2, waitIntervalSeconds: 120, rollbackAlarmNames: ["chat-5xx"] },
        }));
        assert.deepStrictEqual(endpointOf(given, "chat").inputs.deploymentConfig, {
            rollingUpdatePolicy: { maximumBatchSize: { type: "INSTANCE_COUNT", value: 2 }, rollbackMaximumBatchSize: { type: "INSTANCE_COUNT", value: 2 }, waitIntervalInSeconds: 120 },
            autoRollbackConfiguration: { alarms: [{ alarmName: "chat-5xx" }] },
        });
        // Three batches of up to three hours each, with their bakes.
        assert.deepStrictEqual(endpointOf(given, "chat").customTimeouts, { create: "195m", update: `${Math.ceil((3 * (3 * 3600 + 120) + 900) / 60)}m` });
        assertValidForAws(byDefault);
        assertValidForAws(given);
    });

    it("a fixed-count endpoint takes its count from the config on every update", async () => {
        const r = await run(realtime({ autoScaling: undefined, instanceCount: 3 }));
        assert.deepStrictEqual({ ...endpointOf(r, "chat").inputs, endpointConfigName: "<config>" },
            { endpointName: "chat", endpointConfigName: "<config>", retainAllVariantProperties: false });
        assertValidForAws(r);
    });

    it("AsyncInferenceEndpoint: auto scaled, so a deploy keeps its running count; its metrics as set", async () => {
        const program = (metrics: boolean) => () => {
            const model = new InferenceModel("batch", { namePrefix: "batch", image: IMAGE, modelDataUrl: "s3://acme-models/batch/", executionRoleArn: ROLE });
            new AsyncInferenceEndpoint("batch", { namePrefix: "batch",
                modelName: model.modelName, instanceType: "ml.g5.2xlarge", maxInstanceCount: 4, outputBucket: "s3://acme-results/batch/",
                successTopicArn: "arn:aws:sns:us-east-1:123456789012:ok", errorTopicArn: "arn:aws:sns:us-east-1:123456789012:failed",
                ...(metrics && { metricPublishFrequencyInSeconds: 30 }),
            });
        };
        const plain = await run(program(false));
        assert.deepStrictEqual(configOf(plain, "batch").inputs.metricsConfig, { enableEnhancedMetrics: true, enableDetailedObservability: false, metricPublishFrequencyInSeconds: 10 });
        assert.deepStrictEqual(endpointOf(plain, "batch").inputs.excludeRetainedVariantProperties, [{ variantPropertyType: "DesiredWeight" }]);
        assert.strictEqual(endpointOf(plain, "batch").inputs.retainAllVariantProperties, true);
        const withMetrics = await run(program(true));
        assert.deepStrictEqual(configOf(withMetrics, "batch").inputs.metricsConfig, { enableEnhancedMetrics: true, enableDetailedObservability: false, metricPublishFrequencyInSeconds: 30 });
        assertValidForAws(plain);
    });

    it("lets endpoints of one plan follow one another (dependsOn), without waiting on each other's guards", async () => {
        const r = await run(() => {
            const a = new ReservedEndpoint("cand-a", { namePrefix: "cand-a", modelName: "model-a", instanceType: "ml.p5.48xlarge", reservation: onPlan(2) });
            const model = new InferenceModel("cand-b", { namePrefix: "cand-b", image: IMAGE, modelDataUrl: "s3://acme-models/cand-b/", executionRoleArn: ROLE }, { dependsOn: [a] });
            new ReservedEndpoint("cand-b", { namePrefix: "cand-b", modelName: model.modelName, instanceType: "ml.p5.48xlarge", reservation: onPlan(2) });
        }, "evaluation");
        assert.deepStrictEqual(ofType(r, TYPES.endpoint).map((e) => e.name), ["cand-a-endpoint", "cand-b-endpoint"]);
    });

    it("refuses bad metrics at construction even when the plan's ARN resolves late", async () => {
        const registeredResources = await expectRefused(() => {
            new ReservedEndpoint("chat", { namePrefix: "chat",
                modelName: "existing-model", instanceType: "ml.p5.48xlarge", metricPublishFrequencyInSeconds: 7,
                reservation: { reservationArn: pulumi.output(PLAN), reservedInstanceCount: 2 },
            });
        }, /^Error: chat\.metricPublishFrequencyInSeconds: 7 must be one of 10, 30, 60, 120, 180, 240, 300 seconds/, config);
        assert.deepStrictEqual(registeredResources, []);
    });

    it("puts configs and endpoints with an aws-native provider in the stack's region, as the inference components", async () => {
        const r = await runProgram({ stack: "dev", config: { "aws:region": "eu-central-1" }, program: scaleToZero() });
        const provider = one(r, "pulumi:providers:aws-native", "aws-native");
        assert.strictEqual(provider.inputs.region, "eu-central-1");
        for (const res of [configOf(r, "llm"), endpointOf(r, "llm"), one(r, TYPES.inferenceComponent, "llama-component")]) {
            assert.ok(res.provider.startsWith(`${provider.urn}::`), `${res.name}: ${res.provider}`);
        }
    });

    it("refuses bad routing, pools on a reservation and a batch the variant cannot take before registering anything", async () => {
        const cases: [Partial<ReservedEndpointArgs>, RegExp][] = [
            [{ routingStrategy: "PREFIX_AWARE" }, /^Error: chat\.prefixLength is required: a whole number from 1024 to 65536/],
            [{ routingStrategy: "RANDOM", concurrencyThreshold: 4 }, /^Error: chat\.concurrencyThreshold: 4 applies only to routingStrategy PREFIX_AWARE, not RANDOM/],
            [{ instanceType: "ml.p5.48xlarge", reservation: onPlan(8), instancePools: [{ instanceType: "ml.p4d.24xlarge", priority: 2 }] },
                /^Error: chat\.instancePools: \["ml\.p4d\.24xlarge"\] cannot be used on a reservation/],
            [{ deployment: { maximumBatchSize: 2 } }, /^Error: chat\.deployment\.maximumBatchSize: 2 must be from 1 to 1 instances/],
            [{ metricPublishFrequencyInSeconds: 15 }, /^Error: chat\.metricPublishFrequencyInSeconds: 15 must be one of 10, 30, 60, 120, 180, 240, 300 seconds/],
        ];
        for (const [args, message] of cases) {
            const registeredResources = await expectRefused(() => {
                new ReservedEndpoint("chat", { namePrefix: "chat",
                    modelName: "existing-model", instanceType: "ml.g5.2xlarge",
                    autoScaling: { minInstanceCount: 2, maxInstanceCount: 6, targetInvocationsPerInstance: 40 }, ...args,
                });
            }, message, config);
            assert.deepStrictEqual(registeredResources.map((x) => x.name), [], String(message));
        }
    });
});

describe("a second deploy: the endpoint is updated in place, never replaced, and its old config deleted only after it moved", () => {
    const cases: [string, Partial<ReservedEndpointArgs> & { version?: string }, Partial<ReservedEndpointArgs> & { version?: string }][] = [
        ["a new model version", {}, { version: "v2" }],
        ["a new instance count", { autoScaling: undefined, instanceCount: 2 }, { autoScaling: undefined, instanceCount: 3 }],
        ["a move to on-demand", { instanceType: "ml.p5.48xlarge", reservation: onPlan(8) }, { instanceType: "ml.p5.48xlarge", reservation: undefined }],
        ["a new deployment config", { deployment: { maximumBatchSize: 1 } }, { deployment: { maximumBatchSize: 1, waitIntervalSeconds: 600 } }],
    ];
    for (const [change, first, second] of cases) {
        it(change, async () => {
            const before = await run(realtime(first));
            const after = await run(realtime(second));
            const steps = await deploySteps(before, after);
            const endpointSteps = steps.filter((s) => s.name.startsWith("chat-endpoint"));
            assert.strictEqual(endpointSteps.length, 1, JSON.stringify(steps));
            assert.strictEqual(endpointSteps[0].op, "update", "never replaced");
            assert.strictEqual(endpointOf(after, "chat").inputs.endpointName, endpointOf(before, "chat").inputs.endpointName);
            const configChanged = configOf(before, "chat").inputs.endpointConfigName !== configOf(after, "chat").inputs.endpointConfigName;
            if (configChanged) {
                const moved = steps.findIndex((s) => s.op === "update" && s.name === "chat-endpoint");
                const created = steps.findIndex((s) => s.op === "replace" && s.name === "chat-config");
                const deleted = steps.findIndex((s) => s.op === "delete" && s.name === "chat-config (old)");
                assert.ok(created >= 0 && created < moved && moved < deleted, JSON.stringify(steps));
                assert.ok(endpointSteps[0].changed!.includes("endpointConfigName"));
            } else {
                assert.deepStrictEqual(endpointSteps[0].changed, ["deploymentConfig.rollingUpdatePolicy.waitIntervalInSeconds"]);
            }
            assert.ok(!steps.some((s) => s.op === "delete" && s.name.startsWith("chat-endpoint")));
        });
    }

    it("a new instance type of an auto-scaled variant: auto scaling lets go before the update and takes hold again after it", async () => {
        const before = await run(realtime());
        const after = await run(realtime({ instanceType: "ml.g5.4xlarge" }));
        const steps = (await deploySteps(before, after)).map((s) => `${s.op} ${s.name}`);
        assert.deepStrictEqual(steps, [
            "replace chat-config",
            // SageMaker refuses to change the type of a variant registered with auto scaling: deregistered first.
            "delete chat-target-tracking",
            "delete chat-scaling-target",
            "delete chat-update-guard",
            "create chat-update-guard",
            "update chat-endpoint",
            "create chat-scaling-target",
            "create chat-target-tracking",
            "delete chat-config (old)",
        ]);
        // The order holds in the engine, which runs steps as their dependencies allow: the endpoint waits for the
        // guard, whose replacement deletes the target first, and the target takes the endpoint's name.
        const endpoint = endpointOf(after, "chat");
        const guard = one(after, TYPES.updateGuard, "chat-update-guard");
        const target = one(after, TYPES.scalableTarget, "chat-scaling-target");
        assert.ok(endpoint.dependencies.includes(guard.urn));
        assert.deepStrictEqual([...target.propertyDependencies.resourceId].sort(), [endpoint.urn, guard.urn].sort());
    });

    it("a new instance type in the deploy that drops auto scaling: the old target still lets go first", async () => {
        const before = await run(realtime());
        const after = await run(realtime({ instanceType: "ml.g5.4xlarge", autoScaling: undefined, instanceCount: 2 }));
        const steps = (await deploySteps(before, after)).map((s) => `${s.op} ${s.name}`);
        assert.ok(steps.indexOf("delete chat-scaling-target") < steps.indexOf("update chat-endpoint"), steps.join("\n"));
        assert.ok(!steps.includes("create chat-scaling-target"), steps.join("\n"));
    });

    it("a new instance type of a fixed-count variant is a plain update: nothing is registered with auto scaling", async () => {
        const before = await run(realtime({ autoScaling: undefined }));
        const after = await run(realtime({ autoScaling: undefined, instanceType: "ml.g5.4xlarge" }));
        assert.deepStrictEqual((await deploySteps(before, after)).map((s) => `${s.op} ${s.name}`),
            ["replace chat-config", "update chat-update-guard", "update chat-endpoint", "delete chat-config (old)"]);
    });
});

describe("waits long enough for large models, from plain settings even when the reservation resolves late", () => {
    it("computes the rolling update's wait for candidates on a plan bought in the same deployment", async () => {
        const r = await runProgram({
            stack: "evaluation",
            config: {
                ...config,
                "sagemaker-inference:trainingPlan": {
                    planName: "eval", instanceType: "ml.p5.48xlarge", instanceCount: 5, durationHours: 168, maxUpfrontFee: 100000,
                },
                "sagemaker-inference:candidates": [{ name: "big", image: IMAGE, instanceCount: 4 }],
                "sagemaker-inference:deployment": { maximumBatchSize: 1, waitIntervalSeconds: 60 },
            },
        });
        // Four batches of three hours each (unset steps count an hour), their bakes, and the margin.
        assert.deepStrictEqual(endpointOf(r, "big").customTimeouts, { create: "195m", update: `${Math.ceil((4 * (3 * 3600 + 60) + 900) / 60)}m` });
    });
});

describe("updates that must fit the reservation: refused at preview with the numbers, judged against what the endpoint runs", () => {
    /** Two endpoints of one instance each on a plan of `reserved`: blue/green, each needs one spare instance. */
    const candidates = (reserved: number, version: string, versionOfB = version) => () => {
        for (const name of ["cand-a", "cand-b"]) {
            const model = new InferenceModel(name, { namePrefix: name,
                image: IMAGE, modelDataUrl: `s3://acme-models/${name}/${name === "cand-b" ? versionOfB : version}/`, executionRoleArn: ROLE,
            });
            new ReservedEndpoint(name, { namePrefix: name, modelName: model.modelName, instanceType: "ml.p5.48xlarge", reservation: onPlan(reserved) });
        }
    };
    const guardOf = (r: ProgramRun): Record<string, any> => one(r, TYPES.updateGuard, "cand-a-update-guard").inputs;
    type Running = Omit<StandinEndpoint, "name">;
    /** cand-a running `config` with `count` instances on `plan` (null: on demand). */
    const runs = (config: string, count = 1, plan: string | null = PLAN): Running => ({ endpointConfigName: config, currentInstanceCount: count, reservationArn: plan ?? undefined });

    /** The guard's check, as Pulumi runs it, with cand-a running as `running` (undefined: no such endpoint): its failures and the calls it made. */
    const checkGuard = async (olds: Record<string, unknown>, news: Record<string, any>, running?: Running) => {
        const standin = await startStandin();
        if (running !== undefined) {
            standin.endpoints.set(news.endpointName, { name: news.endpointName, ...running });
        }
        try {
            const checked = await withEnv(standinEnv(standin.url), () => endpointUpdateGuardProvider.check!(olds, news));
            return { reasons: (checked.failures ?? []).map((f) => `${f.property}: ${f.reason}`), calls: standin.requests.map((r) => r.operation) };
        } finally {
            await standin.stop();
        }
    };

    it("records in the guard what an update needs and what the reservation has", async () => {
        const r = await run(candidates(2, "v1"), "evaluation");
        assert.deepStrictEqual(guardOf(r).fit, {
            endpoint: "cand-a", endpointConfigName: one(r, TYPES.endpointConfig, "cand-a-config").inputs.endpointConfigName,
            reservationArn: PLAN, spareInstances: 0, claimedInstances: 1, spareInstancesNeeded: 1, fits: false,
        });
        const roomy = await run(candidates(3, "v1"), "evaluation");
        assert.deepStrictEqual([guardOf(roomy).fit.spareInstances, guardOf(roomy).fit.fits], [1, true]);
    });

    it("refuses a new model version on a full reservation before the endpoint changes, and lets the first deploy through", async () => {
        const first = guardOf(await run(candidates(2, "v1"), "evaluation"));
        const second = guardOf(await run(candidates(2, "v2"), "evaluation"));
        assert.deepStrictEqual(await checkGuard({}, first), { reasons: [], calls: ["DescribeEndpoint"] }, "creating needs no spare instance");
        const updated = await checkGuard(first, second, runs(first.endpointConfigName));
        assert.strictEqual(updated.reasons.length, 1);
        assert.match(updated.reasons[0], /^fit: cand-a: updating this endpoint \(blue\/green: its old instances run beside the new ones\) needs 1 spare reserved instance on training plan .*p5-for-inference, which has 0 /);
        assert.deepStrictEqual((await checkGuard(first, first, runs(first.endpointConfigName))).reasons, [], "a deploy that does not touch the endpoints is not refused");
        // Only cand-b changes: cand-a's guard has nothing to refuse.
        const onlyB = guardOf(await run(candidates(2, "v1", "v2"), "evaluation"));
        assert.deepStrictEqual((await checkGuard(first, onlyB, runs(first.endpointConfigName))).reasons, []);
    });

    it("refuses the retry of an update that failed: the state moved on to the new config, the endpoint still runs the old one", async () => {
        const first = guardOf(await run(candidates(2, "v1"), "evaluation"));
        const second = guardOf(await run(candidates(2, "v2"), "evaluation"));
        // The guard's state holds the second deploy's inputs; the endpoint's update failed and left it on the first config.
        const retry = await checkGuard(second, second, runs(first.endpointConfigName));
        assert.deepStrictEqual(retry.calls, ["DescribeEndpoint"]);
        assert.strictEqual(retry.reasons.length, 1);
        assert.match(retry.reasons[0], new RegExp("^fit: cand-a: updating this endpoint .* needs 1 spare reserved instance .*, which has 0 .*" +
            `The endpoint, as described now, runs 1 instance on the plan under config ${first.endpointConfigName}; ` +
            `the stack's state says the last deploy moved it to ${second.endpointConfigName}: that update did not finish$`));
        assert.deepStrictEqual((await checkGuard(second, second, runs(second.endpointConfigName))).reasons, [], "once the endpoint runs it, nothing to refuse");
    });

    it("refuses the retry, as the engine runs the guard across three deploys, once the spare instance it counted on is gone", async () => {
        /** cand-a on v1 or v2, and cand-b at `countOfB` instances, on a plan of three. */
        const program = (version: string, countOfB: number) => () => {
            new ReservedEndpoint("cand-a", { namePrefix: "cand-a", modelName: `model-${version}`, instanceType: "ml.p5.48xlarge", reservation: onPlan(3) });
            new ReservedEndpoint("cand-b", { namePrefix: "cand-b", modelName: "model-b", instanceType: "ml.p5.48xlarge", instanceCount: countOfB, reservation: onPlan(3) });
        };
        const [v1, v2, retry] = [await run(program("v1", 1), "evaluation"), await run(program("v2", 1), "evaluation"), await run(program("v2", 2), "evaluation")].map(guardOf);
        assert.strictEqual(retry.endpointConfigName, v2.endpointConfigName, "cand-b's count is no part of cand-a's config");
        const guard = hosted(endpointUpdateGuardProvider);
        const standin = await startStandin();
        try {
            await withEnv(standinEnv(standin.url), async () => {
                const first = await up(guard, v1);
                assert.strictEqual(first.error, undefined);
                standin.endpoints.set("cand-a", { name: "cand-a", ...runs(v1.endpointConfigName) });
                // The plan has one spare instance: the guard lets the update through, and its state moves on to v2.
                const second = await up(guard, v2, first.state);
                assert.deepStrictEqual([second.error, second.state!.inputs.endpointConfigName], [undefined, v2.endpointConfigName]);
                // The endpoint's update fails (a health check, say) and SageMaker rolls it back: it runs v1 still.
                // cand-b takes the spare instance; the retry would need it.
                const third = await up(guard, retry, second.state);
                assert.match(third.error?.message ?? "", new RegExp(`^cand-a: updating this endpoint .* needs 1 spare reserved instance .*, which has 0 .*` +
                    `under config ${v1.endpointConfigName}; the stack's state says the last deploy moved it to ${v2.endpointConfigName}: that update did not finish$`));
            });
        } finally {
            await standin.stop();
        }
    });

    it("counts the larger old fleet when an endpoint shrinks: two instances to one, blue/green, on two reserved", async () => {
        const shrink = (count: number) => () => {
            new ReservedEndpoint("cand-a", { namePrefix: "cand-a", modelName: "existing-model", instanceType: "ml.p5.48xlarge", instanceCount: count, reservation: onPlan(2) });
        };
        const first = guardOf(await run(shrink(2), "evaluation"));
        const second = guardOf(await run(shrink(1), "evaluation"));
        assert.deepStrictEqual([second.fit.spareInstances, second.fit.spareInstancesNeeded, second.fit.fits], [1, 1, true], "an update of one instance would fit");
        const refused = await checkGuard(first, second, runs(first.endpointConfigName, 2));
        // Two old instances beside the new one: three, on a plan of two.
        assert.match(refused.reasons[0] ?? "", /^fit: cand-a: updating this endpoint \(blue\/green.*\) needs 2 spare reserved instances on training plan .*, which has 1 /);
    });

    it("refuses it the same way serialized as Pulumi stores it [slow: a fresh Node process]", async () => {
        const first = guardOf(await run(candidates(2, "v1"), "evaluation"));
        const second = guardOf(await run(candidates(2, "v2"), "evaluation"));
        const standin = await startStandin();
        standin.endpoints.set("cand-a", { name: "cand-a", ...runs(first.endpointConfigName) });
        try {
            const result = await runSerialized(endpointUpdateGuardProvider, `
                const checked = await provider.check(args[0], args[1]);
                const diff = await provider.diff("cand-a", { ...args[0], autoScaled: true }, { ...args[0], instanceType: "ml.p5e.48xlarge", autoScaled: true });
                return { failures: checked.failures, diff };`, [first, second], standinEnv(standin.url));
            assert.strictEqual(result.code, 0, result.err);
            const { failures, diff } = JSON.parse(result.out);
            assert.match(failures[0].reason, /^cand-a: updating this endpoint .* needs 1 spare reserved instance/);
            assert.deepStrictEqual(diff, { changes: true, replaces: ["instanceType"], deleteBeforeReplace: true }, "a new type of an auto-scaled variant");
        } finally {
            await standin.stop();
        }
    });

    it("judges a guard without earlier state (the first deploy after an upgrade or an import) the same way", async () => {
        const guard = guardOf(await run(candidates(2, "v1"), "evaluation"));
        const refused = await checkGuard({}, guard, runs("cand-a-old"));
        assert.match(refused.reasons[0] ?? "", /^fit: cand-a: updating this endpoint \(blue\/green.*\) needs 1 spare reserved instance on training plan .*p5-for-inference, which has 0 .*under config cand-a-old; the stack's state held no earlier settings of it/);
        assert.deepStrictEqual((await checkGuard({}, guard, runs(guard.endpointConfigName))).reasons, [], "it runs this config already");
        assert.deepStrictEqual((await checkGuard({}, guard, runs("cand-a-old", 1, null))).reasons, [], "on demand before: its old fleet needs no room on the plan");
    });

    it("calls nothing for an endpoint on demand, nor while the fit is not known (preview), nor with bad timing", async () => {
        const onDemand = guardOf(await run(() => { new ReservedEndpoint("cand-a", { namePrefix: "cand-a", modelName: "existing-model", instanceType: "ml.p5.48xlarge" }); }, "evaluation"));
        assert.deepStrictEqual(await checkGuard({}, onDemand), { reasons: [], calls: [] });
        const second = guardOf(await run(candidates(2, "v2"), "evaluation"));
        assert.deepStrictEqual(await checkGuard(second, { ...second, fit: pulumi.runtime.unknownValue }, runs("cand-a-old")), { reasons: [], calls: [] });
        assert.deepStrictEqual(await checkGuard(second, { ...second, timing: { waitTimeoutSeconds: -1 } }, runs("cand-a-old")), {
            reasons: ["timing: timing has waitTimeoutSeconds -1: timing holds positive numbers of seconds (waitTimeoutSeconds, pollInitialSeconds, pollMaxSeconds, retryBaseSeconds, requestTimeoutSeconds) and a whole maxRetries of at least 0"],
            calls: [],
        });
    });

    it("lets a move to another plan through: the old fleet runs on the old plan, the new one is claimed on the new", async () => {
        const NEXT = "arn:aws:sagemaker:us-east-1:123456789012:training-plan/p5-next";
        const onPlanArn = (arn: string) => () => {
            for (const name of ["cand-a", "cand-b"]) {
                new ReservedEndpoint(name, { namePrefix: name,
                    modelName: "existing-model", instanceType: "ml.p5.48xlarge", reservation: { reservationArn: arn, reservedInstanceType: "ml.p5.48xlarge", reservedInstanceCount: 2 },
                });
            }
        };
        const first = guardOf(await run(onPlanArn(PLAN), "evaluation"));
        const moved = guardOf(await run(onPlanArn(NEXT), "evaluation"));
        assert.strictEqual(moved.fit.fits, false, "an update within the full new plan would not fit");
        assert.deepStrictEqual((await checkGuard(first, moved, runs(first.endpointConfigName))).reasons, []);
        const fromOnDemand = guardOf(await run(() => {
            new ReservedEndpoint("cand-a", { namePrefix: "cand-a", modelName: "existing-model", instanceType: "ml.p5.48xlarge" });
        }, "evaluation"));
        assert.deepStrictEqual((await checkGuard(fromOnDemand, moved, runs(fromOnDemand.endpointConfigName, 1, null))).reasons, []);
    });

    it("lets the same update through when the reservation has the spare instance", async () => {
        const first = guardOf(await run(candidates(3, "v1"), "evaluation"));
        const second = guardOf(await run(candidates(3, "v2"), "evaluation"));
        assert.deepStrictEqual((await checkGuard(first, second, runs(first.endpointConfigName))).reasons, []);
    });
});
