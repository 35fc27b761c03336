import * as assert from "assert";
import * as awsNative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { ScalableInferenceComponent, ScalableInferenceComponentArgs } from "../../components/scale-to-zero/inference-component";
import { InferenceModel } from "../../components/model/inference-model";
import { ScaleToZeroEndpoint, ScaleToZeroEndpointArgs } from "../../components/scale-to-zero/scale-to-zero-endpoint";
import { cfnReplacingPaths, cfnViolations } from "../support/aws-spec";
import { expectFailure, expectRefused, one, ofType, plannedChanges, ProgramRun, RecordedResource, registered, runProgram, TYPES } from "../support/harness";

const IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128";
const ROLE = "arn:aws:iam::123456789012:role/sagemaker-execution";
const config = { "aws:region": "us-east-1" };
const SCHEDULE = { timezone: "Europe/Berlin", scaleInCron: "cron(0 18 ? * FRI *)", scaleOutCron: "cron(0 7 ? * MON *)", scaleOutCopyCount: 2 };
const IC_ARN = (name: string) => `arn:aws:sagemaker:us-east-1:123456789012:inference-component/${name}`;

interface Scenario {
    endpoint?: Partial<ScaleToZeroEndpointArgs>;
    components?: Record<string, Partial<ScalableInferenceComponentArgs>>;
    modelVersion?: string;
}

/** The seed's setup: one endpoint that scales to zero, the seed's component on it (and others). */
function seed(s: Scenario = {}) {
    return () => {
        const endpoint = new ScaleToZeroEndpoint("llm-endpoint", { namePrefix: "llm-endpoint",
            instanceType: "ml.g5.12xlarge",
            maxInstanceCount: 2,
            executionRoleArn: ROLE,
            modelDataDownloadTimeoutInSeconds: 3600,
            containerStartupHealthCheckTimeoutInSeconds: 3600,
            ...s.endpoint,
        });
        const outputs: Record<string, unknown> = { endpointName: endpoint.endpointName };
        for (const [name, extra] of Object.entries(s.components ?? { "llama3-8b": {} })) {
            const model = new InferenceModel(name, { namePrefix: name,
                image: IMAGE, modelDataUrl: `s3://acme-models/${name}/${s.modelVersion ?? "v1"}/`, executionRoleArn: ROLE,
            });
            const component = new ScalableInferenceComponent(name, { namePrefix: name,
                ...endpoint.placement(), modelName: model.modelName, modelExecutionPolicy: model.executionPolicy,
                autoScaling: { maxCopies: 4, targetConcurrency: 5 }, ...extra,
            });
            outputs[name] = {
                inferenceComponentName: component.inferenceComponentName,
                inferenceComponentArn: component.inferenceComponentArn,
                scalableTargetId: component.scalableTargetId,
                targetTrackingPolicyArn: component.targetTrackingPolicyArn,
                stepScalingPolicyArn: component.stepScalingPolicyArn,
                alarmName: component.alarmName,
                scheduleNames: component.scheduleNames,
            };
        }
        return outputs;
    };
}

const run = (s?: Scenario) => runProgram({ stack: "dev", config, program: seed(s) });
const byName = (r: ProgramRun, type: string, name: string) => one(r, type, name);

describe("ScaleToZeroEndpoint", () => {
    it("has a variant with no model that managed instance scaling takes down to zero instances", async () => {
        const r = await run();
        const cfg = byName(r, TYPES.endpointConfig, "llm-endpoint-config").inputs;
        assert.strictEqual(cfg.executionRoleArn, ROLE);
        assert.deepStrictEqual(cfg.productionVariants, [{
            variantName: "AllTraffic",
            instanceType: "ml.g5.12xlarge",
            initialInstanceCount: 1,
            modelDataDownloadTimeoutInSeconds: 3600,
            containerStartupHealthCheckTimeoutInSeconds: 3600,
            managedInstanceScaling: { status: "ENABLED", minInstanceCount: 0, maxInstanceCount: 2 },
            routingConfig: { routingStrategy: "LEAST_OUTSTANDING_REQUESTS" },
        }]);
        assert.deepStrictEqual(cfg.metricsConfig, { enableEnhancedMetrics: true, enableDetailedObservability: false, metricPublishFrequencyInSeconds: 10 });
        assert.match(cfg.endpointConfigName, /^llm-endpoint-[0-9a-f]{8}$/);
        const endpoint = byName(r, TYPES.endpoint, "llm-endpoint-endpoint");
        // Managed instance scaling sets the running count: an update keeps it. No weight to take
        // from the new config, and no rolling update on demand.
        assert.deepStrictEqual(endpoint.inputs, {
            endpointName: "llm-endpoint",
            endpointConfigName: cfg.endpointConfigName,
            retainAllVariantProperties: true,
        });
        assert.deepStrictEqual(endpoint.customTimeouts, { create: "195m", update: "195m" });
        assert.deepStrictEqual(cfnViolations("AWS::SageMaker::EndpointConfig", cfg), []);
        assert.deepStrictEqual(cfnViolations("AWS::SageMaker::Endpoint", endpoint.inputs), []);
        const { __provider: _provider, ...guard } = byName(r, TYPES.updateGuard, "llm-endpoint-update-guard").inputs;
        // Managed instance scaling is SageMaker's own, not Application Auto Scaling's.
        assert.deepStrictEqual(guard, { endpointName: "llm-endpoint", endpointConfigName: cfg.endpointConfigName, instanceType: "ml.g5.12xlarge", autoScaled: false, region: "us-east-1" });
        assert.strictEqual(r.outputs.endpointName, "llm-endpoint");
    });

    it("places a component on an endpoint made elsewhere, by its name and instance type, and checks it against that type at once", async () => {
        const r = await runProgram({ stack: "dev", config, program: () => {
            new ScalableInferenceComponent("reranker", { namePrefix: "reranker", endpointName: "shared-endpoint", instanceType: "ml.g5.12xlarge", modelName: "reranker-v2", acceleratorCount: 4 });
        } });
        const ic = byName(r, TYPES.inferenceComponent, "reranker-component").inputs;
        assert.deepStrictEqual([ic.endpointName, ic.variantName, ic.specification.modelName], ["shared-endpoint", "AllTraffic", "reranker-v2"]);
        // The endpoints' default metrics (every 10 s): the wake alarm follows them.
        assert.strictEqual(byName(r, TYPES.alarm, "reranker-no-capacity-alarm").inputs.period, 10);
        assert.deepStrictEqual(await expectRefused(() => {
            new ScalableInferenceComponent("reranker", { namePrefix: "reranker", endpointName: "shared-endpoint", instanceType: "ml.g5.12xlarge", modelName: "reranker-v2", acceleratorCount: 5 });
        }, /reranker\.acceleratorCount: 5 /, config), []);        // From another language, the role name of an endpoint given its role is an output of nothing.
        await expectFailure({ stack: "dev", config, program: () => {
            new ScalableInferenceComponent("reranker", { namePrefix: "reranker",
                endpointName: "shared-endpoint", instanceType: "ml.g5.12xlarge", modelName: "reranker-v2",
                endpointExecutionRoleName: pulumi.output(undefined as unknown as string), modelExecutionPolicy: "{}",
            });
        } }, /^reranker\.endpointExecutionRoleName: null was given but resolved to nothing/);
    });

    it("creates its own least-privilege role when none is given, and each component on it grants what its model needs first", async () => {
        const program = () => {
            const endpoint = new ScaleToZeroEndpoint("llm-endpoint", { namePrefix: "llm-endpoint", instanceType: "ml.g5.12xlarge", maxInstanceCount: 2 });
            // A model of the endpoint's name: its role must not take the endpoint's role's name.
            new InferenceModel("llm-endpoint", { namePrefix: "llm-endpoint", image: IMAGE });
            const model = new InferenceModel("llama3-8b", { namePrefix: "llama3-8b", image: IMAGE, modelDataUrl: "s3://acme-models/llama3-8b/v1/" });
            new ScalableInferenceComponent("llama3-8b", { namePrefix: "llama3-8b", ...endpoint.placement(), modelName: model.modelName, modelExecutionPolicy: model.executionPolicy });
            new ScalableInferenceComponent("by-name", { namePrefix: "by-name", ...endpoint.placement(), modelName: "an-existing-model" });
            return { roleArn: endpoint.executionRoleArn };
        };
        const r = await runProgram({ stack: "dev", config, program });
        const role = byName(r, TYPES.role, "llm-endpoint-execution-role");
        assert.strictEqual(role.inputs.name, "dev-llm-endpoint-endpoint");
        assert.strictEqual(byName(r, TYPES.role, "llm-endpoint-role").inputs.name, "dev-llm-endpoint-sagemaker", "the model's own");
        const roleNames = ofType(r, TYPES.role).map((x) => x.inputs.name);
        assert.strictEqual(new Set(roleNames).size, roleNames.length, `role names collide: ${roleNames}`);
        const base = JSON.parse(byName(r, TYPES.rolePolicy, "llm-endpoint-execution-role-policy").inputs.policy);
        assert.deepStrictEqual(base.Statement.map((st: { Sid: string }) => st.Sid), ["PutMetrics", "WriteLogs"], "nothing of any model yet");
        const cfg = byName(r, TYPES.endpointConfig, "llm-endpoint-config");
        assert.ok(cfg.dependencies.includes(byName(r, TYPES.rolePolicy, "llm-endpoint-execution-role-policy").urn), "the config waits for the role's policy");
        const grant = byName(r, TYPES.rolePolicy, "llama3-8b-endpoint-role-policy");
        const modelPolicy = byName(r, TYPES.rolePolicy, "llama3-8b-role-policy").inputs.policy;
        assert.strictEqual(grant.inputs.policy, modelPolicy, "the model's own least-privilege policy, on the endpoint's role");
        assert.ok(JSON.parse(grant.inputs.policy).Statement.some((st: { Sid: string }) => st.Sid === "ReadModelArtifacts"));
        assert.ok(byName(r, TYPES.inferenceComponent, "llama3-8b-component").dependencies.includes(grant.urn), "the component starts once granted");
        assert.deepStrictEqual(ofType(r, TYPES.rolePolicy).map((p) => p.name).sort(),
            ["llama3-8b-endpoint-role-policy", "llama3-8b-role-policy", "llm-endpoint-execution-role-policy", "llm-endpoint-role-policy"],
            "a model given by name adds nothing: grant it to the role yourself");
    });

    it("runs on a training-plan reservation, claiming its maximum", async () => {
        const reservationArn = "arn:aws:sagemaker:us-east-1:123456789012:training-plan/p5-dev";
        const r = await run({ endpoint: { instanceType: "ml.p5.48xlarge", reservation: { reservationArn, reservedInstanceType: "ml.p5.48xlarge", reservedInstanceCount: 2 } } });
        const variant = byName(r, TYPES.endpointConfig, "llm-endpoint-config").inputs.productionVariants[0];
        assert.deepStrictEqual(variant.capacityReservationConfig, { capacityReservationPreference: "capacity-reservations-only", mlReservationArn: reservationArn });
        assert.deepStrictEqual(r.reservations.map((u) => [u.requestedInstanceCount, u.reservedInstanceCount]), [[2, 2]]);
        const refused = await expectRefused(() => seed({
            endpoint: { maxInstanceCount: 3, instanceType: "ml.p5.48xlarge", reservation: { reservationArn, reservedInstanceType: "ml.p5.48xlarge", reservedInstanceCount: 2 } },
        })(), /Requested instance count \(3\) exceeds the reserved instance count \(2\)/, config);
        assert.deepStrictEqual(refused, []);
    });

    it("moves to a new endpoint config in place when its settings change", async () => {
        const [a, b] = [await run(), await run({ endpoint: { maxInstanceCount: 3 } })];
        const name = (r: ProgramRun) => byName(r, TYPES.endpointConfig, "llm-endpoint-config").inputs.endpointConfigName;
        assert.notStrictEqual(name(a), name(b));
        const changes = plannedChanges(byName(a, TYPES.endpoint, "llm-endpoint-endpoint").inputs, byName(b, TYPES.endpoint, "llm-endpoint-endpoint").inputs);
        assert.deepStrictEqual(changes, ["endpointConfigName"]);
        assert.deepStrictEqual(cfnReplacingPaths("AWS::SageMaker::Endpoint", changes), [], "an update, not a replacement");
        assert.strictEqual(byName(b, TYPES.endpoint, "llm-endpoint-endpoint").inputs.endpointConfigName, name(b));
    });

    const bad: [string, Partial<ScaleToZeroEndpointArgs>, RegExp][] = [
        ["a maximum below the initial count", { maxInstanceCount: 1, initialInstanceCount: 2 }, /: llm-endpoint\.maxInstanceCount: 1 must be at least initialInstanceCount \(2\)/],
        ["a maximum of zero", { maxInstanceCount: 0 }, /: llm-endpoint\.maxInstanceCount: 0 must be a whole number of at least 1/],
        ["an unknown routing strategy", { routingStrategy: "ROUND_ROBIN" as never }, /: llm-endpoint\.routingStrategy: "ROUND_ROBIN" must be one of/],
        ["a schedule in an unknown time zone", { schedule: { ...SCHEDULE, timezone: "Europe/Atlantis" } }, /: llm-endpoint\.schedule\.timezone: "Europe\/Atlantis" is not a known time zone/],
        ["a malformed schedule cron", { schedule: { ...SCHEDULE, scaleInCron: "cron(0 18 * * FRI *)" } }, /: llm-endpoint\.schedule\.scaleInCron: .*exactly one of the two must be \?/],
    ];
    for (const [what, change, message] of bad) {
        it(`refuses ${what} before registering anything, naming the field`, async () => {
            assert.deepStrictEqual(await expectRefused(() => seed({ endpoint: change })(), message, config), []);
        });
    }
});

describe("ScalableInferenceComponent", () => {
    it("lands in the stack's aws:region without a provider from the user: one aws-native provider there, shared by the components", async () => {
        const r = await runProgram({ stack: "dev", config: { "aws:region": "eu-central-1" }, program: seed({ components: { a: {}, b: {} } }) });
        const providers = ofType(r, "pulumi:providers:aws-native");
        assert.deepStrictEqual(providers.map((p) => [p.name, p.inputs.region]), [["aws-native", "eu-central-1"]]);
        for (const ic of ofType(r, TYPES.inferenceComponent)) {
            assert.ok(ic.provider.startsWith(`${providers[0].urn}::`), ic.provider);
        }
        // The endpoint's config and endpoint share it.
        for (const native of [byName(r, TYPES.endpointConfig, "llm-endpoint-config"), byName(r, TYPES.endpoint, "llm-endpoint-endpoint")]) {
            assert.ok(native.provider.startsWith(`${providers[0].urn}::`), native.provider);
        }
    });

    it("uses an aws-native provider the user gives, and creates none", async () => {
        const program = () => {
            const mine = new awsNative.Provider("mine", { region: "eu-west-1" });
            const endpoint = new ScaleToZeroEndpoint("llm-endpoint", { namePrefix: "llm-endpoint", instanceType: "ml.g5.12xlarge", maxInstanceCount: 2, executionRoleArn: ROLE }, { providers: [mine] });
            new ScalableInferenceComponent("llama3-8b", { namePrefix: "llama3-8b", ...endpoint.placement(), modelName: "llama3-8b-model" }, { providers: [mine] });
        };
        const r = await runProgram({ stack: "dev", config, program });
        const providers = ofType(r, "pulumi:providers:aws-native");
        assert.deepStrictEqual(providers.map((p) => p.name), ["mine"]);
        for (const native of [
            one(r, TYPES.inferenceComponent, "llama3-8b-component"), one(r, TYPES.endpointConfig, "llm-endpoint-config"), one(r, TYPES.endpoint, "llm-endpoint-endpoint"),
        ]) {
            assert.ok(native.provider.startsWith(`${providers[0].urn}::`), `${native.name}: ${native.provider}`);
        }
    });

    it("creates the seed's inference component with one copy: the service refuses zero at creation", async () => {
        const r = await run();
        const ic = byName(r, TYPES.inferenceComponent, "llama3-8b-component");
        const model = byName(r, TYPES.model, "llama3-8b-model").inputs.name;
        assert.deepStrictEqual(ic.inputs, {
            inferenceComponentName: "llama3-8b",
            endpointName: "llm-endpoint",
            variantName: "AllTraffic",
            specification: {
                modelName: model,
                startupParameters: { modelDataDownloadTimeoutInSeconds: 3600, containerStartupHealthCheckTimeoutInSeconds: 3600 },
                computeResourceRequirements: { minMemoryRequiredInMb: 1024, numberOfAcceleratorDevicesRequired: 1 },
            },
            runtimeConfig: { copyCount: 1 },
        });
        const endpointUrn = byName(r, TYPES.endpoint, "llm-endpoint-endpoint").urn;
        assert.ok(ic.dependencies.includes(endpointUrn), "placed on the endpoint once it exists");
    });

    it("registers the scalable target from 0 copies, and only after the component exists", async () => {
        const r = await run();
        const target = byName(r, TYPES.scalableTarget, "llama3-8b-scaling-target");
        assert.deepStrictEqual(target.inputs, {
            serviceNamespace: "sagemaker",
            resourceId: "inference-component/llama3-8b",
            scalableDimension: "sagemaker:inference-component:DesiredCopyCount",
            minCapacity: 0,
            maxCapacity: 4,
        });
        assert.ok(target.dependencies.includes(byName(r, TYPES.inferenceComponent, "llama3-8b-component").urn));
        assert.strictEqual(r.outputs["llama3-8b"].scalableTargetId, "inference-component/llama3-8b");
    });

    it("tracks 5 concurrent requests per copy, and steps out from zero on the no-capacity alarm", async () => {
        const r = await run();
        const tracking = byName(r, TYPES.scalingPolicy, "llama3-8b-target-tracking").inputs;
        assert.strictEqual(tracking.policyType, "TargetTrackingScaling");
        assert.deepStrictEqual(tracking.targetTrackingScalingPolicyConfiguration, {
            predefinedMetricSpecification: { predefinedMetricType: "SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution" },
            targetValue: 5,
            scaleInCooldown: 300,
            scaleOutCooldown: 300,
        });
        const step = byName(r, TYPES.scalingPolicy, "llama3-8b-scale-out-from-zero");
        assert.strictEqual(step.inputs.policyType, "StepScaling");
        assert.deepStrictEqual(step.inputs.stepScalingPolicyConfiguration, {
            adjustmentType: "ChangeInCapacity",
            metricAggregationType: "Maximum",
            cooldown: 60,
            stepAdjustments: [{ metricIntervalLowerBound: "0", scalingAdjustment: 1 }],
        });
        for (const policy of [tracking, step.inputs]) {
            assert.deepStrictEqual([policy.serviceNamespace, policy.resourceId, policy.scalableDimension],
                ["sagemaker", "inference-component/llama3-8b", "sagemaker:inference-component:DesiredCopyCount"]);
        }
        const alarm = byName(r, TYPES.alarm, "llama3-8b-no-capacity-alarm").inputs;
        const { alarmDescription: _description, ...settings } = alarm;
        const stepArn = r.outputs["llama3-8b"].stepScalingPolicyArn;
        assert.ok(stepArn.includes("llama3-8b-scale-out-from-zero"), stepArn);
        assert.deepStrictEqual(settings, {
            name: "llama3-8b-no-capacity",
            namespace: "AWS/SageMaker",
            metricName: "NoCapacityInvocationFailures",
            dimensions: { InferenceComponentName: "llama3-8b" },
            statistic: "Maximum",
            // The endpoint's metrics every 10 s, so a 10 s period: one failed request wakes the component within 20 s.
            period: 10,
            evaluationPeriods: 1,
            datapointsToAlarm: 1,
            threshold: 1,
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            treatMissingData: "missing",
            alarmActions: [stepArn],
        });
        assert.strictEqual(r.outputs["llama3-8b"].alarmName, "llama3-8b-no-capacity");
    });

    it("takes another alarm period not shorter than the endpoint's metrics, and refuses others before registering", async () => {
        const r = await run({ components: { "llama3-8b": { autoScaling: { maxCopies: 2, alarmPeriodSeconds: 60 } } } });
        assert.strictEqual(byName(r, TYPES.alarm, "llama3-8b-no-capacity-alarm").inputs.period, 60);
        const registeredResources = await expectRefused(() => seed({ components: { "llama3-8b": { autoScaling: { maxCopies: 2, alarmPeriodSeconds: 45 } } } })(),
            /: llama3-8b\.autoScaling\.alarmPeriodSeconds: 45 must be 10, 20, 30 or a multiple of 60 seconds/, config);
        // The model came first; nothing of the component was registered.
        assert.deepStrictEqual(registeredResources.filter((x) => x.type === TYPES.scalableComponent || x.name.startsWith("llama3-8b-") &&
            x.type !== TYPES.model && x.type !== TYPES.inferenceModel), []);
        await expectRefused(() => seed({
            endpoint: { metricPublishFrequencyInSeconds: 30 }, components: { "llama3-8b": { autoScaling: { maxCopies: 2, alarmPeriodSeconds: 10 } } },
        })(), /: llama3-8b\.autoScaling\.alarmPeriodSeconds: 10 is shorter than the endpoint's metricPublishFrequencyInSeconds \(30\)/, config);
    });

    it("asks for one accelerator by default on GPU types, even those the table does not list, and none on CPU types", async () => {
        const requirements = async (instanceType: string) => byName(await run({ endpoint: { instanceType } }), TYPES.inferenceComponent, "llama3-8b-component")
            .inputs.specification.computeResourceRequirements;
        assert.strictEqual((await requirements("ml.p5.4xlarge")).numberOfAcceleratorDevicesRequired, 1);
        assert.strictEqual((await requirements("ml.m5.4xlarge")).numberOfAcceleratorDevicesRequired, undefined);
    });

    it("without auto scaling registers no target, policy or alarm", async () => {
        const r = await run({ components: { "llama3-8b": { autoScaling: { enabled: false } } } });
        for (const type of [TYPES.scalableTarget, TYPES.scalingPolicy, TYPES.alarm]) {
            assert.deepStrictEqual(ofType(r, type), [], type);
        }
        assert.strictEqual(r.outputs["llama3-8b"].scalableTargetId, undefined);
    });

    it("schedules the seed's weekend: to zero copies Friday 18:00 and back to 2 on Monday 07:00, in the time zone", async () => {
        const r = await run({ components: { "llama3-8b": { schedule: SCHEDULE } } });
        const roleArn = byName(r, TYPES.role, "llama3-8b-scheduler-role");
        const expected: [string, string, number][] = [["scale-in", "cron(0 18 ? * FRI *)", 0], ["scale-out", "cron(0 7 ? * MON *)", 2]];
        for (const [action, expression, copies] of expected) {
            const schedule = byName(r, TYPES.schedule, `llama3-8b-${action}`);
            assert.strictEqual(schedule.inputs.scheduleExpression, expression);
            assert.strictEqual(schedule.inputs.scheduleExpressionTimezone, "Europe/Berlin");
            assert.deepStrictEqual(schedule.inputs.flexibleTimeWindow, { mode: "OFF" });
            assert.strictEqual(schedule.inputs.target.arn, "arn:aws:scheduler:::aws-sdk:sagemaker:updateInferenceComponentRuntimeConfig");
            assert.deepStrictEqual(JSON.parse(schedule.inputs.target.input), { InferenceComponentName: "llama3-8b", DesiredRuntimeConfig: { CopyCount: copies } });
            assert.strictEqual(schedule.inputs.target.roleArn, `arn:aws:iam::123456789012:role/${roleArn.inputs.name}`);
            assert.ok(schedule.dependencies.includes(byName(r, TYPES.rolePolicy, "llama3-8b-scheduler-policy").urn), "fires only once its role may act");
        }
        assert.deepStrictEqual(r.outputs["llama3-8b"].scheduleNames, ["llama3-8b-scale-in", "llama3-8b-scale-out"]);
    });

    it("gives the scheduler role one action on that component only", async () => {
        const r = await run({ components: { "llama3-8b": { schedule: SCHEDULE } } });
        const trust = JSON.parse(byName(r, TYPES.role, "llama3-8b-scheduler-role").inputs.assumeRolePolicy);
        assert.deepStrictEqual(trust.Statement, [{ Effect: "Allow", Principal: { Service: "scheduler.amazonaws.com" }, Action: "sts:AssumeRole" }]);
        const policy = JSON.parse(byName(r, TYPES.rolePolicy, "llama3-8b-scheduler-policy").inputs.policy);
        assert.deepStrictEqual(policy.Statement, [{
            Effect: "Allow", Action: ["sagemaker:UpdateInferenceComponentRuntimeConfig"], Resource: [IC_ARN("llama3-8b")],
        }]);
    });

    it("an endpoint's schedule parks every component on it, so that the endpoint reaches zero instances", async () => {
        const r = await run({ endpoint: { schedule: SCHEDULE }, components: { "llama3-8b": {}, "mistral-7b": {} } });
        const parking = ofType(r, TYPES.schedule).filter((s) => JSON.parse(s.inputs.target.input).DesiredRuntimeConfig.CopyCount === 0);
        assert.deepStrictEqual(parking.map((s) => JSON.parse(s.inputs.target.input).InferenceComponentName).sort(), ["llama3-8b", "mistral-7b"]);
        assert.deepStrictEqual(new Set(parking.map((s) => s.inputs.scheduleExpression)), new Set(["cron(0 18 ? * FRI *)"]));
        const policies = ofType(r, TYPES.rolePolicy).filter((p) => p.name.endsWith("-scheduler-policy"));
        assert.deepStrictEqual(policies.map((p) => JSON.parse(p.inputs.policy).Statement[0].Resource).sort(), [[IC_ARN("llama3-8b")], [IC_ARN("mistral-7b")]]);
        // A component may opt out, and then the endpoint stays up over the weekend: its choice.
        const optOut = await run({ endpoint: { schedule: SCHEDULE }, components: { "llama3-8b": { schedule: undefined } } });
        assert.deepStrictEqual(ofType(optOut, TYPES.schedule), []);
    });

    it("parked: sets the copies to zero once, right after the component is created", async () => {
        const r = await run({ components: { "llama3-8b": { parked: true } } });
        const parked = byName(r, TYPES.runtimeConfig, "llama3-8b-parked");
        assert.strictEqual(parked.inputs.inferenceComponentName, "llama3-8b");
        assert.strictEqual(parked.inputs.copyCount, 0);
        assert.ok(parked.dependencies.includes(byName(r, TYPES.inferenceComponent, "llama3-8b-component").urn));
        assert.strictEqual(byName(r, TYPES.inferenceComponent, "llama3-8b-component").inputs.runtimeConfig.copyCount, 1);
        assert.deepStrictEqual(ofType(await run(), TYPES.runtimeConfig), [], "not parked by default");
    });

    it("a second deploy after auto scaling or a schedule changed the copy count plans no change to it", async () => {
        const first = await run({ components: { "llama3-8b": { parked: true, schedule: SCHEDULE } } });
        const second = await run({ components: { "llama3-8b": { parked: true, schedule: SCHEDULE } } });
        const ic = (r: ProgramRun) => byName(r, TYPES.inferenceComponent, "llama3-8b-component");
        // The state after a refresh holds the counts the service reports, e.g. 3 copies under load.
        const refreshed = { ...ic(first).inputs, runtimeConfig: { copyCount: 3, desiredCopyCount: 3, currentCopyCount: 2 } };
        assert.deepStrictEqual(ic(second).ignoreChanges, ["runtimeConfig"]);
        assert.deepStrictEqual(plannedChanges(refreshed, ic(second).inputs, ic(second).ignoreChanges), []);
        assert.deepStrictEqual(plannedChanges(refreshed, ic(second).inputs),
            ["runtimeConfig.copyCount", "runtimeConfig.desiredCopyCount", "runtimeConfig.currentCopyCount"], "the counts alone would differ");
        // Nothing else of the component's graph differs between the two deploys either.
        const inputsOf = (r: ProgramRun, type: string) => ofType(r, type).map((x: RecordedResource) => x.inputs);
        for (const type of [TYPES.scalableTarget, TYPES.scalingPolicy, TYPES.alarm, TYPES.schedule, TYPES.runtimeConfig]) {
            assert.deepStrictEqual(inputsOf(second, type).map((x) => JSON.stringify({ ...x, __provider: undefined })),
                inputsOf(first, type).map((x) => JSON.stringify({ ...x, __provider: undefined })), type);
        }
    });

    it("a new model version updates the component in place, keeping its name and its copies", async () => {
        const [a, b] = [await run(), await run({ modelVersion: "v2" })];
        const ic = (r: ProgramRun) => byName(r, TYPES.inferenceComponent, "llama3-8b-component");
        assert.deepStrictEqual(plannedChanges(ic(a).inputs, ic(b).inputs, ic(b).ignoreChanges), ["specification.modelName"]);
    });

    const bad: [string, Partial<ScalableInferenceComponentArgs>, RegExp][] = [
        ["an initial copy count of 0", { initialCopyCount: 0 }, /: llama3-8b\.initialCopyCount: 0 must be a whole number from 1 to 2147483647/],
        ["a negative copy count", { initialCopyCount: -1 }, /: llama3-8b\.initialCopyCount: -1 must be a whole number from 1 to 2147483647/],
        ["a maximum below the initial copies", { initialCopyCount: 3, autoScaling: { maxCopies: 2 } }, /: llama3-8b\.autoScaling\.maxCopies: 2 must be at least initialCopyCount \(3\)/],
        ["a memory maximum below the minimum", { minMemoryMb: 4096, maxMemoryMb: 2048 }, /: llama3-8b\.maxMemoryMb: 2048 must be at least minMemoryMb \(4096\)/],
        ["more accelerators than an ml.g5.12xlarge has", { acceleratorCount: 8 }, /: llama3-8b\.acceleratorCount: 8 exceeds the 4 accelerator devices of one ml.g5.12xlarge/],
        ["an unknown time zone", { schedule: { ...SCHEDULE, timezone: "CET+1" } }, /: llama3-8b\.schedule\.timezone: "CET\+1" is not a known time zone/],
        ["a malformed cron", { schedule: { ...SCHEDULE, scaleOutCron: "cron(0 7 ? * MON)" } }, /: llama3-8b\.schedule\.scaleOutCron: "cron\(0 7 \? \* MON\)" must be cron\(/],
        ["schedule copies above the maximum", { schedule: { ...SCHEDULE, scaleOutCopyCount: 5 } }, /: llama3-8b\.schedule\.scaleOutCopyCount: 5 must not exceed the component's maximum of 4 copies/],
        ["a zero target concurrency", { autoScaling: { maxCopies: 2, targetConcurrency: 0 } }, /: llama3-8b\.autoScaling\.targetConcurrency: 0 must be a number above 0/],
    ];
    for (const [what, change, message] of bad) {
        it(`refuses ${what} before registering any of the component, naming the field`, async () => {
            const resources = await expectRefused(() => seed({ components: { "llama3-8b": change } })(), message, config);
            // The endpoint and the model came first; nothing of the component was registered.
            assert.deepStrictEqual(registered(resources).filter((x) => x.type === TYPES.scalableComponent || x.name.startsWith("llama3-8b-") && x.type !== TYPES.model && x.type !== TYPES.inferenceModel), []);
        });
    }
});
