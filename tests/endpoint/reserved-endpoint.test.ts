import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { InferenceModel, InferenceModelArgs } from "../../components/model/inference-model";
import { ReservedEndpoint, ReservedEndpointArgs } from "../../components/endpoint/reserved-endpoint";
import { ScalableInferenceComponent } from "../../components/scale-to-zero/inference-component";
import { SAGEMAKER_NAME_PATTERN } from "../../core/names";
import { ProgramFailure } from "../../scripts/offline-runtime";
import { cfnReplacingPaths, cfnViolations } from "../support/aws-spec";
import { expectFailure, expectRefused, one, ofType, plannedChanges, ProgramRun, RecordedResource, runProgram, TYPES } from "../support/harness";

const ARN = "arn:aws:sagemaker:us-east-1:123456789123:training-plan/p4-for-inference-endpoint";
const IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128";
const ROLE = "arn:aws:iam::123456789123:role/sagemaker-execution";
const config = { "aws:region": "us-east-1" };
const reservation = { reservationArn: ARN, reservedInstanceType: "ml.p5.48xlarge", reservedInstanceCount: 2 };

interface Scenario {
    version?: string;
    instanceCount?: pulumi.Input<number>;
    instanceType?: string;
    /** The reservation; undefined for on demand. Default: the seed's. */
    reservation?: ReservedEndpointArgs["reservation"];
    name?: string;
    model?: Partial<InferenceModelArgs>;
}

/** The seed's team: one model, one endpoint on the reservation. */
function evaluation(s: Scenario = {}) {
    return () => {
        const name = s.name ?? "my-endpoint";
        const model = new InferenceModel(name, { namePrefix: name,
            image: IMAGE,
            modelDataUrl: `s3://acme-models/my-model/${s.version ?? "v1"}/`,
            executionRoleArn: ROLE,
            ...s.model,
        });
        const endpoint = new ReservedEndpoint(name, { namePrefix: name,
            modelName: model.modelName,
            instanceType: s.instanceType ?? "ml.p5.48xlarge",
            instanceCount: s.instanceCount ?? 1,
            reservation: "reservation" in s ? s.reservation : reservation,
        });
        return {
            endpointName: endpoint.endpointName,
            endpointArn: endpoint.endpointArn,
            endpointConfigName: endpoint.endpointConfigName,
            variantName: endpoint.variantName,
            reservationArn: endpoint.reservationArn,
        };
    };
}

const run = (s?: Scenario) => runProgram({ stack: "evaluation", config, program: evaluation(s) });

function variantOf(r: ProgramRun) {
    const [config] = ofType(r, TYPES.endpointConfig);
    return config.inputs.productionVariants[0];
}

/** An endpoint config's content-derived name: the base, then 8 hex digits of the content's hash. */
const CONFIG_NAME = /^my-endpoint-[0-9a-f]{8}$/;

/** Every endpoint config and endpoint of a run, as the CloudFormation spec of its aws-native type allows. */
function assertValidNative(r: ProgramRun) {
    const checked: [string, RecordedResource[]][] = [
        ["AWS::SageMaker::EndpointConfig", ofType(r, TYPES.endpointConfig)],
        ["AWS::SageMaker::Endpoint", ofType(r, TYPES.endpoint)],
    ];
    for (const [cfnType, resources] of checked) {
        for (const resource of resources) {
            assert.deepStrictEqual(cfnViolations(cfnType, resource.inputs), [], resource.name);
        }
    }
}

/**
 * The change went through a new endpoint config and the endpoint was updated in place: same
 * endpoint resource and name, every input the same but the config name, which is the new config's,
 * and `endpointChanges`, the update settings a new variant brings with it. No change replaces the
 * endpoint; every change of the config does (it is immutable), under the same resource.
 */
function assertUpdatedInPlace(before: ProgramRun, after: ProgramRun, endpointChanges: Record<string, unknown> = {}) {
    const [e1] = ofType(before, TYPES.endpoint);
    const [e2] = ofType(after, TYPES.endpoint);
    const [c1] = ofType(before, TYPES.endpointConfig);
    const [c2] = ofType(after, TYPES.endpointConfig);
    assert.strictEqual(e2.urn, e1.urn, "the endpoint is the same resource");
    assert.strictEqual(e2.inputs.endpointName, e1.inputs.endpointName, "the endpoint keeps its name, so it is not replaced");
    const { endpointConfigName: n1, ...rest1 } = e1.inputs;
    const { endpointConfigName: n2, ...rest2 } = e2.inputs;
    assert.deepStrictEqual(rest2, { ...rest1, ...endpointChanges }, "no other endpoint input changes");
    assert.deepStrictEqual(cfnReplacingPaths("AWS::SageMaker::Endpoint", plannedChanges(e1.inputs, e2.inputs)), [],
        "nothing that changed replaces the endpoint");
    assert.notStrictEqual(n2, n1, "the endpoint moves to another endpoint config");
    assert.strictEqual(n1, c1.inputs.endpointConfigName);
    assert.strictEqual(n2, c2.inputs.endpointConfigName, "the endpoint points at the new config");
    assert.strictEqual(c2.urn, c1.urn, "the config is replaced under the same resource");
    assert.ok(cfnReplacingPaths("AWS::SageMaker::EndpointConfig", plannedChanges(c1.inputs, c2.inputs)).includes("endpointConfigName"),
        "a config is replaced, never updated");
    assert.strictEqual(c2.deleteBeforeReplace, false, "the new config exists before the old one is deleted");
    assert.strictEqual(e2.deleteBeforeReplace, false);
    const [g1, g2] = [before, after].map((r) => one(r, TYPES.updateGuard, "my-endpoint-update-guard"));
    assert.strictEqual(g2.urn, g1.urn);
    assert.deepStrictEqual([g1.inputs.endpointConfigName, g2.inputs.endpointConfigName], [n1, n2], "the guard sees the endpoint's move");
    assert.strictEqual(after.outputs.endpointName, before.outputs.endpointName);
    assert.strictEqual(after.outputs.endpointConfigName, n2);
    assertValidNative(before);
    assertValidNative(after);
}

describe("ReservedEndpoint: the seed's evaluation on a training plan", () => {
    it("reserve 2, deploy 1: the variant runs on the reservation only", async () => {
        const r = await run();
        assert.deepStrictEqual(variantOf(r), {
            variantName: "AllTraffic",
            modelName: one(r, TYPES.model, "my-endpoint-model").inputs.name,
            instanceType: "ml.p5.48xlarge",
            initialInstanceCount: 1,
            initialVariantWeight: 1,
            capacityReservationConfig: { capacityReservationPreference: "capacity-reservations-only", mlReservationArn: ARN },
        });
        const config = one(r, TYPES.endpointConfig, "my-endpoint-config");
        assert.match(config.inputs.endpointConfigName, CONFIG_NAME);
        assert.deepStrictEqual(config.inputs, {
            endpointConfigName: config.inputs.endpointConfigName,
            productionVariants: [variantOf(r)],
            metricsConfig: { enableEnhancedMetrics: true, enableDetailedObservability: false, metricPublishFrequencyInSeconds: 10 },
        });
        const endpoint = one(r, TYPES.endpoint, "my-endpoint-endpoint");
        // A fixed count keeps nothing of the running variant; one instance is too few to roll
        // (a batch is at most half of them), so SageMaker's blue/green update: no deploymentConfig.
        assert.deepStrictEqual(endpoint.inputs, {
            endpointName: "my-endpoint",
            endpointConfigName: config.inputs.endpointConfigName,
            retainAllVariantProperties: false,
        });
        // Provisioning, download and health check an hour each when unset, plus 15 minutes.
        assert.deepStrictEqual(endpoint.customTimeouts, { create: "195m", update: "195m" });
        assertValidNative(r);
        assert.deepStrictEqual(r.outputs, {
            endpointName: "my-endpoint",
            endpointArn: "arn:aws:sagemaker:us-east-1:123456789012:endpoint/my-endpoint",
            endpointConfigName: endpoint.inputs.endpointConfigName,
            variantName: "AllTraffic",
            reservationArn: ARN,
        });
        assert.deepStrictEqual(r.reservations.map((u) => [u.reservationArn, u.requestedInstanceCount, u.reservedInstanceCount]), [[ARN, 1, 2]]);
    });

    it("wires children under their component, and the endpoint after its config after its model", async () => {
        const r = await run();
        const component = one(r, TYPES.reservedEndpoint, "my-endpoint");
        const model = one(r, TYPES.inferenceModel, "my-endpoint");
        const config = one(r, TYPES.endpointConfig, "my-endpoint-config");
        const endpoint = one(r, TYPES.endpoint, "my-endpoint-endpoint");
        const guard = one(r, TYPES.updateGuard, "my-endpoint-update-guard");
        assert.strictEqual(config.parent, component.urn);
        assert.strictEqual(endpoint.parent, component.urn);
        assert.strictEqual(guard.parent, component.urn);
        assert.strictEqual(one(r, TYPES.model, "my-endpoint-model").parent, model.urn);
        assert.ok(config.dependencies.includes(one(r, TYPES.model, "my-endpoint-model").urn));
        // The guard, which Pulumi checks before an update, stands between the config and the endpoint.
        assert.deepStrictEqual(guard.dependencies, [config.urn]);
        assert.deepStrictEqual([...endpoint.dependencies].sort(), [config.urn, guard.urn].sort());
        assert.deepStrictEqual(endpoint.propertyDependencies.endpointConfigName, [config.urn], "the endpoint takes the config's name from the config");
        assert.deepStrictEqual(r.resources.map((x) => x.urn).filter((u) => [config.urn, guard.urn, endpoint.urn].includes(u)),
            [config.urn, guard.urn, endpoint.urn], "registered config, guard, endpoint");
        const { __provider: _provider, ...guarded } = guard.inputs;
        assert.deepStrictEqual(guarded, {
            endpointName: "my-endpoint",
            endpointConfigName: config.inputs.endpointConfigName,
            instanceType: "ml.p5.48xlarge",
            autoScaled: false,
            // 2 reserved, 1 claimed: the spare instance takes the one a blue/green update of 1 instance needs.
            fit: {
                endpoint: "my-endpoint", endpointConfigName: config.inputs.endpointConfigName, reservationArn: ARN,
                spareInstances: 1, claimedInstances: 1, spareInstancesNeeded: 1, fits: true,
            },
            // Where a guard without earlier state looks the endpoint up.
            region: "us-east-1",
        });
        // Both aws-native resources on the provider of the stack's region.
        const provider = one(r, "pulumi:providers:aws-native", "aws-native");
        assert.strictEqual(provider.inputs.region, "us-east-1");
        for (const x of [config, endpoint]) {
            assert.ok(x.provider.startsWith(`${provider.urn}::`), `${x.name}: ${x.provider}`);
        }
    });

    it("scale to 2 within the reservation: a new endpoint config, the endpoint updated in place", async () => {
        const before = await run();
        const after = await run({ instanceCount: 2 });
        assert.strictEqual(variantOf(after).initialInstanceCount, 2);
        assert.deepStrictEqual(variantOf(after).capacityReservationConfig, variantOf(before).capacityReservationConfig);
        // Two instances on a reservation roll one at a time, each batch baking a minute; one could not.
        assertUpdatedInPlace(before, after, {
            deploymentConfig: { rollingUpdatePolicy: { maximumBatchSize: { type: "INSTANCE_COUNT", value: 1 }, rollbackMaximumBatchSize: { type: "INSTANCE_COUNT", value: 1 }, waitIntervalInSeconds: 60 } },
        });
        // Two batches of 3 h 1 min each, plus 15 minutes.
        assert.deepStrictEqual(one(after, TYPES.endpoint, "my-endpoint-endpoint").customTimeouts, { create: "195m", update: "377m" });
    });

    it("scale to 3 on 2 reserved fails before anything is registered, naming both counts and the plan", async () => {
        const build = () => { new ReservedEndpoint("my-endpoint", { namePrefix: "my-endpoint", modelName: "my-model", instanceType: "ml.p5.48xlarge", instanceCount: 3, reservation }); };
        const resources = await expectRefused(build,
            /Requested instance count \(3\) exceeds the reserved instance count \(2\) of training plan arn:aws:sagemaker:us-east-1:123456789123:training-plan\/p4-for-inference-endpoint/, config);
        assert.deepStrictEqual(resources, []);
        await expectFailure({ stack: "evaluation", config, program: evaluation({ instanceCount: 3 }) }, /Requested instance count \(3\)/);
    });

    it("a new model version: a new model and config, the endpoint updated in place on the same reservation", async () => {
        const before = await run();
        const after = await run({ version: "v2" });
        const [m1] = ofType(before, TYPES.model);
        const [m2] = ofType(after, TYPES.model);
        assert.strictEqual(m2.urn, m1.urn);
        assert.notStrictEqual(m2.inputs.name, m1.inputs.name, "a new model version is a new model");
        assert.strictEqual(m2.deleteBeforeReplace, false);
        assert.strictEqual(m2.inputs.primaryContainer.modelDataSource.s3DataSources[0].s3Uri, "s3://acme-models/my-model/v2/");
        assert.strictEqual(variantOf(after).modelName, m2.inputs.name);
        assert.deepStrictEqual(variantOf(after).capacityReservationConfig, variantOf(before).capacityReservationConfig);
        assertUpdatedInPlace(before, after);
    });

    it("the move to on-demand: the reservation leaves the config, the endpoint stays", async () => {
        const before = await run();
        const after = await run({ reservation: undefined });
        assert.strictEqual(variantOf(after).capacityReservationConfig, undefined);
        assert.strictEqual(variantOf(after).instanceType, "ml.p5.48xlarge");
        assert.strictEqual(after.outputs.reservationArn, undefined);
        assert.deepStrictEqual(after.reservations, []);
        assertUpdatedInPlace(before, after);
    });

    it("the move to another reservation updates the endpoint in place too", async () => {
        const other = ARN.replace("p4-for-inference-endpoint", "p5-extension");
        const before = await run();
        const after = await run({ reservation: { ...reservation, reservationArn: other } });
        assert.strictEqual(variantOf(after).capacityReservationConfig.mlReservationArn, other);
        assert.strictEqual(after.outputs.reservationArn, other);
        assertUpdatedInPlace(before, after);
    });

    it("refuses an instance type other than the reserved one", async () => {
        const build = () => { new ReservedEndpoint("my-endpoint", { namePrefix: "my-endpoint", modelName: "my-model", instanceType: "ml.p4d.24xlarge", reservation }); };
        const resources = await expectRefused(build,
            /my-endpoint: instance type ml.p4d.24xlarge does not match the reserved instance type ml.p5.48xlarge of training plan arn:aws:sagemaker:us-east-1:123456789123:training-plan\/p4-for-inference-endpoint/, config);
        assert.deepStrictEqual(resources, []);
    });

    it("runs on demand when no capacity is given", async () => {
        const r = await runProgram({ stack: "evaluation", config, program: () => {
            new ReservedEndpoint("plain", { namePrefix: "plain", modelName: "my-model", instanceType: "ml.g5.2xlarge" });
        } });
        const variant = one(r, TYPES.endpointConfig, "plain-config").inputs.productionVariants[0];
        assert.deepStrictEqual([variant.instanceType, variant.initialInstanceCount, variant.capacityReservationConfig], ["ml.g5.2xlarge", 1, undefined]);
        assert.deepStrictEqual(r.reservations, []);
    });

    it("refuses a type no training plan reserves on a reservation, before registering anything", async () => {
        const build = () => { new ReservedEndpoint("my-endpoint", { namePrefix: "my-endpoint", modelName: "my-model", instanceType: "ml.g5.2xlarge", reservation: { reservationArn: ARN } }); };
        const resources = await expectRefused(build, /my-endpoint.instanceType: "ml.g5.2xlarge" cannot run on a training plan: plans reserve only ml.p4de.24xlarge, /, config);
        assert.deepStrictEqual(resources, []);
    });

    it("refuses a malformed ARN", async () => {
        await expectFailure({ stack: "evaluation", config, program: evaluation({ reservation: { reservationArn: "p4-for-inference-endpoint" } }) },
            /my-endpoint.reservation.reservationArn: "p4-for-inference-endpoint" is not a SageMaker training-plan ARN/);
    });

    it("refuses a plan in another region than the stack's", async () => {
        await expectFailure({ stack: "evaluation", config: { "aws:region": "us-west-2" }, program: evaluation() },
            /is in region us-east-1, but the stack deploys to us-west-2/);
    });

    it("adds up every endpoint of the program on the same reservation", async () => {
        const twoEndpoints = () => {
            evaluation({ name: "candidate-a", instanceCount: 1 })();
            evaluation({ name: "candidate-b", instanceCount: 2 })();
        };
        const resources = await expectRefused(twoEndpoints,
            /Requested instance count \(3\) exceeds the reserved instance count \(2\) of training plan .* \[candidate-a: 1, candidate-b: 2\]/, config);
        assert.deepStrictEqual(ofType({ resources }, TYPES.reservedEndpoint).map((r) => r.name), ["candidate-a"], "the second endpoint is never registered");
        assert.deepStrictEqual(ofType({ resources }, TYPES.endpoint).map((r) => r.name), ["candidate-a-endpoint"]);
    });

    it("checks values that are not known yet as soon as they resolve", async () => {
        await expectFailure({ stack: "evaluation", config, program: evaluation({ instanceCount: pulumi.output(3) }) },
            /Requested instance count \(3\) exceeds the reserved instance count \(2\)/);
        const ok = await run({ instanceCount: pulumi.output(2) });
        assert.strictEqual(variantOf(ok).initialInstanceCount, 2);
    });

    const lateValues: [string, () => void, string][] = [
        ["an instance count", evaluation({ instanceCount: pulumi.output(0) }), "my-endpoint.instanceCount: 0 must be a whole number of at least 1"],
        ["the issue's accelerator count", () => {
            new ScalableInferenceComponent("reranker", { namePrefix: "reranker", endpointName: "shared-endpoint", instanceType: "ml.g5.12xlarge", modelName: "reranker-v2", acceleratorCount: pulumi.output(99) });
        }, "reranker.acceleratorCount: 99 exceeds the 4 accelerator devices of one ml.g5.12xlarge: no instance could place a copy"],
    ];
    for (const [what, program, message] of lateValues) {
        it(`reports a bad value that arrives as an Output once, as the plan words it, naming the component, field and value, without a stack: ${what}`, async () => {
            // Every resource and output built from the failed plan awaits it and rejects with it.
            // Pulumi's language hosts report an error once however often it is raised: one error, one line.
            const raised: unknown[] = [];
            const seen = (reason: unknown) => raised.push(reason);
            process.on("unhandledRejection", seen);
            let failure: ProgramFailure | undefined;
            try {
                await runProgram({ stack: "evaluation", config, program });
            } catch (err) {
                failure = err as ProgramFailure;
            } finally {
                // The run ends a turn after its failure, once the rejections of its awaiters are reported.
                process.off("unhandledRejection", seen);
            }
            const reason = failure!.reason as Error & { hideStack?: boolean };
            assert.strictEqual(reason.message, message);
            assert.ok(pulumi.ResourceError.isInstance(reason) && reason.hideStack === true);
            assert.ok(raised.length > 1, `raised by every awaiter: ${raised.length}`);
            assert.deepStrictEqual(new Set(raised), new Set([reason]), "every awaiter rejected with the one error");
        });
    }

    it("a 100-character logical name yields valid SageMaker and IAM names", async () => {
        const name = "evaluation-of-the-fine-tuned-llama-3-70b-instruct-model-for-customer-support-summaries-variant-b-260";
        assert.strictEqual(name.length, 100);
        const r = await run({ name, model: { executionRoleArn: undefined } });
        const names = [
            ofType(r, TYPES.model)[0].inputs.name,
            ofType(r, TYPES.endpointConfig)[0].inputs.endpointConfigName,
            ofType(r, TYPES.endpoint)[0].inputs.endpointName,
            variantOf(r).variantName,
        ];
        for (const n of names) {
            assert.ok(n.length <= 63, `${n} is ${n.length} characters`);
            assert.match(n, SAGEMAKER_NAME_PATTERN);
        }
        assert.strictEqual(new Set(names).size, names.length);
        const role = ofType(r, TYPES.role)[0].inputs.name;
        assert.ok(role.length <= 64 && /^[\w+=,.@-]+$/.test(role), role);
        const again = await run({ name, model: { executionRoleArn: undefined } });
        assert.deepStrictEqual(ofType(again, TYPES.endpoint)[0].inputs.endpointName, names[2], "the same name every run");
    });

    it("refuses an explicit endpoint name SageMaker would refuse", async () => {
        const program = () => {
            new ReservedEndpoint("x", { namePrefix: "x", modelName: "existing-model", instanceType: "ml.p5.48xlarge", endpointName: "bad_name" });
        };
        await expectFailure({ stack: "evaluation", config, program }, /x.endpointName: "bad_name" must be at most 63 characters matching/);
    });

    it("refuses two endpoints of a program with one endpoint name, whatever the case", async () => {
        const build = () => {
            new ReservedEndpoint("Eval", { namePrefix: "Eval", modelName: "m", instanceType: "ml.g5.2xlarge" });
            new ReservedEndpoint("second", { namePrefix: "second", modelName: "m", instanceType: "ml.g5.2xlarge", endpointName: "eval" });
        };
        const resources = await expectRefused(build, /second.endpointName: "eval" is already the endpoint name of Eval/, config);
        assert.deepStrictEqual(ofType({ resources }, TYPES.reservedEndpoint).map((r) => r.name), ["Eval"]);
    });

    it("takes the stack's region from AWS_REGION when aws:region is not set", async () => {
        const saved = process.env.AWS_REGION;
        process.env.AWS_REGION = "eu-west-3";
        try {
            await expectFailure({ stack: "evaluation", config: {}, program: evaluation() }, /is in region us-east-1, but the stack deploys to eu-west-3/);
        } finally {
            if (saved === undefined) {
                delete process.env.AWS_REGION;
            } else {
                process.env.AWS_REGION = saved;
            }
        }
    });

    it("serves an existing model by name", async () => {
        const program = () => {
            new ReservedEndpoint("x", { namePrefix: "x", modelName: "existing-model", instanceType: "ml.g5.2xlarge" });
        };
        const r = await runProgram({ stack: "evaluation", config, program });
        assert.strictEqual(variantOf(r).modelName, "existing-model");
        assert.strictEqual(variantOf(r).initialInstanceCount, 1);
        assert.deepStrictEqual(ofType(r, TYPES.model), []);
    });
});

describe("InferenceModel", () => {
    const direct = (containers: InferenceModelArgs["containers"]) => () => {
        new InferenceModel("multi", { namePrefix: "multi", containers, mode: "Direct", executionRoleArn: ROLE });
    };

    it("creates a least-privilege role when none is given, and the model only after its policy", async () => {
        const r = await run({ model: { executionRoleArn: undefined } });
        const role = one(r, TYPES.role, "my-endpoint-role");
        assert.deepStrictEqual(JSON.parse(role.inputs.assumeRolePolicy), {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "sagemaker.amazonaws.com" }, Action: "sts:AssumeRole" }],
        });
        assert.strictEqual(role.inputs.managedPolicyArns, undefined, "no managed policy, let alone *FullAccess");
        assert.deepStrictEqual(r.resources.filter((x) => x.type.startsWith("aws:iam/")).map((x) => x.type), [TYPES.role, TYPES.rolePolicy],
            "the inline policy is the role's only permission");
        const policy = one(r, TYPES.rolePolicy, "my-endpoint-role-policy");
        const statements = JSON.parse(policy.inputs.policy).Statement;
        assert.deepStrictEqual(statements[0].Resource, ["arn:aws:s3:::acme-models/my-model/v1/*"]);
        // Only the two actions IAM cannot scope to a resource get "*", and metrics only under SageMaker's namespace.
        assert.deepStrictEqual(statements.filter((s: { Resource: string[] }) => s.Resource.includes("*")).map((s: { Action: string[] }) => s.Action),
            [["ecr:GetAuthorizationToken"], ["cloudwatch:PutMetricData"]]);
        const model = one(r, TYPES.model, "my-endpoint-model");
        assert.strictEqual(model.inputs.executionRoleArn, `arn:aws:iam::123456789012:role/${role.inputs.name}`);
        assert.ok(model.dependencies.includes(policy.urn), "the model waits for its permissions");
    });

    it("uses the given role and creates none", async () => {
        const r = await run();
        assert.deepStrictEqual(ofType(r, TYPES.role), []);
        assert.strictEqual(ofType(r, TYPES.model)[0].inputs.executionRoleArn, ROLE);
    });

    it("deploys a Direct multi-container model with every hostname", async () => {
        const r = await runProgram({ stack: "evaluation", config, program: direct([
            { image: IMAGE, hostname: "llama", modelDataUrl: "s3://acme-models/llama/" },
            { image: IMAGE, hostname: "mistral", modelDataUrl: "s3://acme-models/mistral/" },
        ]) });
        const model = one(r, TYPES.model, "multi-model");
        assert.deepStrictEqual(model.inputs.inferenceExecutionConfig, { mode: "Direct" });
        assert.deepStrictEqual(model.inputs.containers.map((c: { containerHostname: string }) => c.containerHostname), ["llama", "mistral"]);
        assert.strictEqual(model.inputs.primaryContainer, undefined);
    });

    it("refuses Direct without hostnames before registering anything", async () => {
        const resources = await expectRefused(direct([{ image: IMAGE }, { image: IMAGE }]),
            /multi.containers\[0\].hostname: undefined is required in Direct mode/, config);
        assert.deepStrictEqual(resources, []);
    });

    it("refuses 16 containers", async () => {
        const sixteen = Array.from({ length: 16 }, (_, i) => ({ image: IMAGE, hostname: `c${i}` }));
        const resources = await expectRefused(direct(sixteen),
            /multi.containers: 16 containers given; a SageMaker model holds at most 15/, config);
        assert.deepStrictEqual(resources, []);
    });

    it("refuses both image and containers, and neither", async () => {
        await expectFailure({ stack: "evaluation", config, program: () => { new InferenceModel("m", { namePrefix: "m", image: IMAGE, containers: [{ image: IMAGE }] }); } },
            /m.image: .* or containers: give exactly one of the two/);
        await expectFailure({ stack: "evaluation", config, program: () => { new InferenceModel("m", { namePrefix: "m",}); } },
            /m.image: null or containers: give exactly one of the two/);
    });
});
