import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { AsyncInferenceEndpoint, AsyncInferenceEndpointArgs } from "../../components/async/async-endpoint";
import { InferenceModel } from "../../components/model/inference-model";
import { shortHash } from "../../core/names";
import { apiViolations, cfnReplacingPaths, cfnViolations } from "../support/aws-spec";
import { expectFailure, expectRefused, one, ofType, plannedChanges, ProgramRun, registered, runProgram, TYPES } from "../support/harness";

const IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-inference:2.1.0-transformers4.37.0-gpu-py310-cu118-ubuntu20.04";
const SUCCESS = "arn:aws:sns:us-east-1:123456789012:async-success";
const ERROR = "arn:aws:sns:us-east-1:123456789012:async-error";
const ROLE = "arn:aws:iam::123456789012:role/sagemaker-execution";
const KMS = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const config = { "aws:region": "us-east-1" };

/** The name the mocks give a bucket created with a prefix, as S3 completes it (scripts/offline-runtime.ts). */
const createdBucket = (logicalName: string, prefix: string) => `${prefix}${shortHash(logicalName, 12)}`;

function outputsOf(e: AsyncInferenceEndpoint) {
    return {
        endpointName: e.endpointName,
        endpointConfigName: e.endpointConfigName,
        inputPath: e.inputPath,
        outputPath: e.outputPath,
        failurePath: e.failurePath,
        bucketName: e.bucketName,
        successTopicArn: e.successTopicArn,
        errorTopicArn: e.errorTopicArn,
        executionRolePolicy: e.executionRolePolicy,
        scalableTargetId: e.scalableTargetId,
        targetTrackingPolicyArn: e.targetTrackingPolicyArn,
        stepScalingPolicyArn: e.stepScalingPolicyArn,
        alarmName: e.alarmName,
    };
}

/** Seed 002: a Hugging Face model behind an asynchronous endpoint with its own bucket folder and topics. */
function seed(change: Partial<AsyncInferenceEndpointArgs> = {}) {
    return () => {
        const model = new InferenceModel("summarizer", { namePrefix: "summarizer", image: IMAGE });
        return outputsOf(new AsyncInferenceEndpoint("llm-async", { namePrefix: "llm-async",
            modelName: model.modelName,
            modelExecutionRoleName: model.executionRoleName,
            instanceType: "ml.g5.2xlarge",
            maxInstanceCount: 2,
            outputBucket: "s3://acme-async/llm/",
            successTopicArn: SUCCESS,
            errorTopicArn: ERROR,
            maxConcurrentInvocationsPerInstance: 4,
            ...change,
        }));
    };
}

/**
 * Nothing given: the endpoint creates its bucket and topics ("async-ep", on a model whose role it
 * created); beside it, one with a KMS key on a given role, and one on a model given by name.
 */
function created() {
    const summarizer = new InferenceModel("summarizer", { namePrefix: "summarizer", image: IMAGE });
    const plain = new AsyncInferenceEndpoint("async-ep", { namePrefix: "async-ep", modelName: summarizer.modelName, modelExecutionRoleName: summarizer.executionRoleName, instanceType: "ml.g5.2xlarge", maxInstanceCount: 3, outputRetentionDays: 7 });
    const keyedModel = new InferenceModel("keyed", { namePrefix: "keyed", image: IMAGE, executionRoleArn: ROLE });
    const keyed = new AsyncInferenceEndpoint("keyed-ep", { namePrefix: "keyed-ep", modelName: keyedModel.modelName, modelExecutionRoleName: keyedModel.executionRoleName, instanceType: "ml.g5.2xlarge", maxInstanceCount: 1, kmsKeyArn: KMS });
    const named = new AsyncInferenceEndpoint("named-ep", { namePrefix: "named-ep",
        modelName: "existing-model", instanceType: "ml.g5.2xlarge", maxInstanceCount: 1,
        outputBucket: "s3://acme-async", successTopicArn: SUCCESS, errorTopicArn: ERROR,
    });
    return { "async-ep": outputsOf(plain), "keyed-ep": outputsOf(keyed), "named-ep": outputsOf(named) };
}

/** The permissions document the role of an endpoint on `objects` (arn:aws:s3:::bucket/prefix) publishing to `topics` needs. */
function resultsPolicy(objects: string, topics: string[], extra: object[] = []) {
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "ReadAsyncRequests", Effect: "Allow", Action: ["s3:GetObject"], Resource: [`${objects}input/*`] },
            { Sid: "WriteAsyncResults", Effect: "Allow", Action: ["s3:PutObject"], Resource: [`${objects}output/*`, `${objects}failure/*`] },
            { Sid: "PublishAsyncNotifications", Effect: "Allow", Action: ["sns:Publish"], Resource: topics },
            ...extra,
        ],
    };
}

const BUCKET = createdBucket("async-ep-results", "async-ep-");
const TOPIC_ARN = (name: string) => `arn:aws:sns:us-east-1:123456789012:${name}`;
/** An auto-scaled variant's update keeps the instance count auto scaling set, and takes the new config's weight. */
const KEEPS_SCALED_COUNT = { retainAllVariantProperties: true, excludeRetainedVariantProperties: [{ variantPropertyType: "DesiredWeight" }] };

describe("AsyncInferenceEndpoint", () => {
    let seedRun: ProgramRun;
    let createdRun: ProgramRun;
    before(async () => {
        seedRun = await runProgram({ stack: "production", config, program: seed() });
        createdRun = await runProgram({ stack: "production", config, program: created });
    });

    describe("seed 002: a given bucket folder and topics", () => {
        it("puts the seed's paths, topics and concurrency in the endpoint config, and creates no bucket or topic", () => {
            const cfg = one(seedRun, TYPES.endpointConfig, "llm-async-config").inputs;
            assert.deepStrictEqual(cfg.asyncInferenceConfig, {
                outputConfig: {
                    s3OutputPath: "s3://acme-async/llm/output/",
                    s3FailurePath: "s3://acme-async/llm/failure/",
                    notificationConfig: { successTopic: SUCCESS, errorTopic: ERROR },
                },
                clientConfig: { maxConcurrentInvocationsPerInstance: 4 },
            });
            assert.deepStrictEqual(cfg.productionVariants, [{
                variantName: "AllTraffic",
                instanceType: "ml.g5.2xlarge",
                initialInstanceCount: 1,
                initialVariantWeight: 1,
                modelName: one(seedRun, TYPES.model, "summarizer-model").inputs.name,
            }]);
            // The endpoints' metrics default: said explicitly, since SageMaker's own default for a new config publishes detailed metrics too.
            assert.deepStrictEqual(cfg.metricsConfig, { enableEnhancedMetrics: true, enableDetailedObservability: false, metricPublishFrequencyInSeconds: 10 });
            assert.match(cfg.endpointConfigName, /^llm-async-[0-9a-f]{8}$/);
            // Never on a reservation: SageMaker's blue/green update, no deploymentConfig.
            const endpoint = one(seedRun, TYPES.endpoint, "llm-async-endpoint");
            assert.deepStrictEqual(endpoint.inputs, { endpointName: "llm-async", endpointConfigName: cfg.endpointConfigName, ...KEEPS_SCALED_COUNT });
            assert.deepStrictEqual(endpoint.customTimeouts, { create: "195m", update: "195m" });
            for (const type of [TYPES.bucket, TYPES.bucketEncryption, TYPES.bucketPublicAccessBlock, TYPES.bucketPolicy, TYPES.bucketLifecycle, TYPES.topic]) {
                assert.deepStrictEqual(ofType(seedRun, type), [], type);
            }
            assert.deepStrictEqual([seedRun.outputs.inputPath, seedRun.outputs.bucketName, seedRun.outputs.successTopicArn, seedRun.outputs.errorTopicArn],
                ["s3://acme-async/llm/input/", "acme-async", SUCCESS, ERROR]);
        });

        it("moves to a new endpoint config in place when an async setting changes", async () => {
            const after = await runProgram({ stack: "production", config, program: seed({ maxConcurrentInvocationsPerInstance: 8 }) });
            const [c1, c2] = [seedRun, after].map((r) => one(r, TYPES.endpointConfig, "llm-async-config"));
            const [e1, e2] = [seedRun, after].map((r) => one(r, TYPES.endpoint, "llm-async-endpoint"));
            assert.notStrictEqual(c2.inputs.endpointConfigName, c1.inputs.endpointConfigName);
            assert.deepStrictEqual(plannedChanges(c1.inputs, c2.inputs).sort(),
                ["asyncInferenceConfig.clientConfig.maxConcurrentInvocationsPerInstance", "endpointConfigName"]);
            assert.strictEqual(c2.urn, c1.urn, "the config is replaced under the same resource");
            assert.strictEqual(c2.deleteBeforeReplace, false, "the new config exists before the old one goes");
            const endpointChanges = plannedChanges(e1.inputs, e2.inputs, e2.ignoreChanges);
            assert.deepStrictEqual(endpointChanges, ["endpointConfigName"]);
            assert.deepStrictEqual(cfnReplacingPaths("AWS::SageMaker::Endpoint", endpointChanges), [], "an update, not a replacement");
            assert.deepStrictEqual([e2.urn, e2.inputs.endpointName, e2.inputs.endpointConfigName], [e1.urn, "llm-async", c2.inputs.endpointConfigName]);
        });
    });

    describe("the bucket and topics it creates when none are given", () => {
        it("creates a private, SSE-S3 encrypted, TLS-only bucket that keeps outputs and failures outputRetentionDays", () => {
            assert.deepStrictEqual(one(createdRun, TYPES.bucket, "async-ep-results").inputs, { bucketPrefix: "async-ep-", forceDestroy: false });
            assert.deepStrictEqual(one(createdRun, TYPES.bucketEncryption, "async-ep-results-encryption").inputs, {
                bucket: BUCKET,
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: false }],
            });
            assert.deepStrictEqual(one(createdRun, TYPES.bucketPublicAccessBlock, "async-ep-results-public-access").inputs, {
                bucket: BUCKET, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
            });
            const tls = one(createdRun, TYPES.bucketPolicy, "async-ep-results-tls-only").inputs;
            assert.strictEqual(tls.bucket, BUCKET);
            assert.deepStrictEqual(JSON.parse(tls.policy), {
                Version: "2012-10-17",
                Statement: [{
                    Sid: "DenyInsecureTransport",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                }],
            });
            assert.deepStrictEqual(one(createdRun, TYPES.bucketLifecycle, "async-ep-results-lifecycle").inputs, {
                bucket: BUCKET,
                rules: [
                    { id: "expire-async-outputs", status: "Enabled", filter: { prefix: "output/" }, expiration: { days: 7 }, abortIncompleteMultipartUpload: { daysAfterInitiation: 1 } },
                    { id: "expire-async-failures", status: "Enabled", filter: { prefix: "failure/" }, expiration: { days: 7 }, abortIncompleteMultipartUpload: { daysAfterInitiation: 1 } },
                ],
            });
        });

        it("creates two topics encrypted with alias/aws/sns, and sends results to the created bucket and topics", () => {
            assert.deepStrictEqual(one(createdRun, TYPES.topic, "async-ep-success-topic").inputs, { name: "async-ep-success", kmsMasterKeyId: "alias/aws/sns" });
            assert.deepStrictEqual(one(createdRun, TYPES.topic, "async-ep-error-topic").inputs, { name: "async-ep-error", kmsMasterKeyId: "alias/aws/sns" });
            assert.deepStrictEqual(one(createdRun, TYPES.endpointConfig, "async-ep-config").inputs.asyncInferenceConfig, {
                outputConfig: {
                    s3OutputPath: `s3://${BUCKET}/output/`,
                    s3FailurePath: `s3://${BUCKET}/failure/`,
                    notificationConfig: { successTopic: TOPIC_ARN("async-ep-success"), errorTopic: TOPIC_ARN("async-ep-error") },
                },
            });
            const out = createdRun.outputs["async-ep"];
            assert.deepStrictEqual([out.bucketName, out.inputPath, out.outputPath, out.failurePath, out.successTopicArn, out.errorTopicArn], [
                BUCKET, `s3://${BUCKET}/input/`, `s3://${BUCKET}/output/`, `s3://${BUCKET}/failure/`, TOPIC_ARN("async-ep-success"), TOPIC_ARN("async-ep-error"),
            ]);
        });

        it("encrypts the bucket (with a bucket key), the topics and the results with kmsKeyArn when given", () => {
            const keyBucket = createdBucket("keyed-ep-results", "keyed-ep-");
            assert.deepStrictEqual(one(createdRun, TYPES.bucketEncryption, "keyed-ep-results-encryption").inputs, {
                bucket: keyBucket,
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KMS }, bucketKeyEnabled: true }],
            });
            for (const kind of ["success", "error"]) {
                assert.deepStrictEqual(one(createdRun, TYPES.topic, `keyed-ep-${kind}-topic`).inputs, { name: `keyed-ep-${kind}`, kmsMasterKeyId: KMS });
            }
            const keyed = one(createdRun, TYPES.endpointConfig, "keyed-ep-config").inputs;
            assert.strictEqual(keyed.asyncInferenceConfig.outputConfig.kmsKeyId, KMS);
            // The same key encrypts the instances' storage volumes; without a key, the config names none (and keeps its name).
            assert.strictEqual(keyed.kmsKeyId, KMS);
            assert.deepStrictEqual(apiViolations("sagemaker", "CreateEndpointConfigInput", keyed), []);
            assert.ok(!("kmsKeyId" in one(createdRun, TYPES.endpointConfig, "async-ep-config").inputs));
        });

        it("starts the endpoint only once the bucket's settings and the role's policy are in place", () => {
            const endpoint = one(createdRun, TYPES.endpoint, "async-ep-endpoint");
            const guard = one(createdRun, TYPES.updateGuard, "async-ep-update-guard");
            assert.deepStrictEqual(guard.dependencies, [one(createdRun, TYPES.endpointConfig, "async-ep-config").urn]);
            const expected = [
                guard,
                one(createdRun, TYPES.bucketEncryption, "async-ep-results-encryption"),
                one(createdRun, TYPES.bucketPublicAccessBlock, "async-ep-results-public-access"),
                one(createdRun, TYPES.bucketPolicy, "async-ep-results-tls-only"),
                one(createdRun, TYPES.bucketLifecycle, "async-ep-results-lifecycle"),
                one(createdRun, TYPES.rolePolicy, "async-ep-results-policy"),
                one(createdRun, TYPES.endpointConfig, "async-ep-config"),
            ].map((r) => r.urn);
            assert.deepStrictEqual([...endpoint.dependencies].sort(), expected.sort());
        });
    });

    it("sends the endpoint configs and endpoints as the CloudFormation spec of their aws-native types allows", () => {
        for (const r of [seedRun, createdRun]) {
            for (const config of ofType(r, TYPES.endpointConfig)) {
                assert.deepStrictEqual(cfnViolations("AWS::SageMaker::EndpointConfig", config.inputs), [], config.name);
            }
            for (const endpoint of ofType(r, TYPES.endpoint)) {
                assert.deepStrictEqual(cfnViolations("AWS::SageMaker::Endpoint", endpoint.inputs), [], endpoint.name);
            }
        }
        assert.deepStrictEqual(ofType(createdRun, TYPES.endpoint).map((e) => e.inputs.endpointName).sort(), ["async-ep", "keyed-ep", "named-ep"]);
    });

    describe("the model's role", () => {
        // What, the run, the endpoint's logical name and its outputs, its objects' ARN prefix, its topics.
        const cases: [string, () => ProgramRun, string, (r: ProgramRun) => Record<string, string>, string, string[]][] = [
            ["the seed's folder and topics", () => seedRun, "llm-async", (r) => r.outputs, "arn:aws:s3:::acme-async/llm/", [SUCCESS, ERROR]],
            ["the created bucket and topics", () => createdRun, "async-ep", (r) => r.outputs["async-ep"], `arn:aws:s3:::${BUCKET}/`,
                [TOPIC_ARN("async-ep-success"), TOPIC_ARN("async-ep-error")]],
        ];
        for (const [what, run, name, outputs, objects, topics] of cases) {
            it(`adds to the created role exactly what asynchronous requests need on ${what}`, () => {
                const r = run();
                const policy = one(r, TYPES.rolePolicy, `${name}-results-policy`).inputs;
                assert.strictEqual(policy.role, one(r, TYPES.role, "summarizer-role").inputs.name);
                assert.deepStrictEqual(JSON.parse(policy.policy), resultsPolicy(objects, topics));
                assert.strictEqual(outputs(r).executionRolePolicy, policy.policy);
            });
        }

        it("attaches nothing to a given role or a model given by name, and outputs the document to grant", () => {
            assert.deepStrictEqual(ofType(createdRun, TYPES.rolePolicy).map((p) => p.name).sort(), ["async-ep-results-policy", "summarizer-role-policy"]);
            const keyBucket = createdBucket("keyed-ep-results", "keyed-ep-");
            assert.deepStrictEqual(JSON.parse(createdRun.outputs["keyed-ep"].executionRolePolicy), resultsPolicy(
                `arn:aws:s3:::${keyBucket}/`, [TOPIC_ARN("keyed-ep-success"), TOPIC_ARN("keyed-ep-error")],
                [{ Sid: "UseAsyncKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: [KMS],
                    // Its topics were created, encrypted with the key: SageMaker publishes through SNS with it.
                    Condition: { StringEquals: { "kms:ViaService": ["s3.us-east-1.amazonaws.com", "sns.us-east-1.amazonaws.com"] } } }]));
            assert.deepStrictEqual(JSON.parse(createdRun.outputs["named-ep"].executionRolePolicy), resultsPolicy("arn:aws:s3:::acme-async/", [SUCCESS, ERROR]));
            assert.strictEqual(one(createdRun, TYPES.endpointConfig, "named-ep-config").inputs.productionVariants[0].modelName, "existing-model");
        });
    });

    describe("scaling to zero", () => {
        const resourceId = "endpoint/async-ep/variant/AllTraffic";
        const scaled = { serviceNamespace: "sagemaker", resourceId, scalableDimension: "sagemaker:variant:DesiredInstanceCount" };

        it("scales the variant's instances from 0 to maxInstanceCount, once the endpoint exists", () => {
            const target = one(createdRun, TYPES.scalableTarget, "async-ep-scaling-target");
            assert.deepStrictEqual(target.inputs, { ...scaled, minCapacity: 0, maxCapacity: 3 });
            // Registering a scalable target for an endpoint that does not exist yet fails.
            assert.ok(target.dependencies.includes(one(createdRun, TYPES.endpoint, "async-ep-endpoint").urn));
            // Its id takes the guard's instance type: a new type deletes the target before the endpoint changes.
            assert.ok(target.propertyDependencies.resourceId.includes(one(createdRun, TYPES.updateGuard, "async-ep-update-guard").urn));
            assert.strictEqual(createdRun.outputs["async-ep"].scalableTargetId, resourceId);
        });

        it("tracks the backlog per instance, and steps out from zero on the HasBacklogWithoutCapacity alarm", () => {
            assert.deepStrictEqual(one(createdRun, TYPES.scalingPolicy, "async-ep-target-tracking").inputs, {
                ...scaled,
                name: "async-ep-backlog-target-tracking",
                policyType: "TargetTrackingScaling",
                targetTrackingScalingPolicyConfiguration: {
                    customizedMetricSpecification: {
                        metricName: "ApproximateBacklogSizePerInstance",
                        namespace: "AWS/SageMaker",
                        statistic: "Average",
                        dimensions: [{ name: "EndpointName", value: "async-ep" }],
                    },
                    targetValue: 5,
                    scaleInCooldown: 600,
                    scaleOutCooldown: 300,
                },
            });
            assert.deepStrictEqual(one(createdRun, TYPES.scalingPolicy, "async-ep-scale-out-from-zero").inputs, {
                ...scaled,
                name: "async-ep-scale-out-from-zero",
                policyType: "StepScaling",
                stepScalingPolicyConfiguration: {
                    adjustmentType: "ChangeInCapacity",
                    metricAggregationType: "Average",
                    cooldown: 300,
                    stepAdjustments: [{ metricIntervalLowerBound: "0", scalingAdjustment: 1 }],
                },
            });
            const stepArn = "arn:aws:appautoscaling:us-east-1:123456789012:policy/async-ep-scale-out-from-zero";
            const { alarmDescription: _description, ...alarm } = one(createdRun, TYPES.alarm, "async-ep-backlog-alarm").inputs;
            assert.deepStrictEqual(alarm, {
                name: "async-ep-backlog-without-capacity",
                namespace: "AWS/SageMaker",
                metricName: "HasBacklogWithoutCapacity",
                dimensions: { EndpointName: "async-ep" },
                statistic: "Average",
                period: 60,
                evaluationPeriods: 2,
                datapointsToAlarm: 2,
                threshold: 1,
                comparisonOperator: "GreaterThanOrEqualToThreshold",
                treatMissingData: "missing",
                alarmActions: [stepArn],
            });
            const out = createdRun.outputs["async-ep"];
            assert.deepStrictEqual([out.stepScalingPolicyArn, out.alarmName], [stepArn, "async-ep-backlog-without-capacity"]);
        });
    });

    describe("refusals", () => {
        const base = { modelName: "existing-model", instanceType: "ml.g5.2xlarge", maxInstanceCount: 2 };
        const bad: [string, Partial<AsyncInferenceEndpointArgs>, RegExp][] = [
            ["a maximum of 0 instances", { maxInstanceCount: 0 }, /async-ep\.maxInstanceCount: 0 must be a whole number of at least 1/],
            ["a concurrency of 0", { maxConcurrentInvocationsPerInstance: 0 },
                /async-ep\.maxConcurrentInvocationsPerInstance: 0 must be a whole number from 1 to 1000/],
            ["an output bucket that is not an S3 URI", { outputBucket: "https://acme/out" }, /async-ep\.outputBucket: "https:\/\/acme\/out" must be an S3 URI/],
            ["a malformed success topic ARN", { successTopicArn: "arn:aws:sns:us-east-1:async-success" },
                /async-ep\.successTopicArn: "arn:aws:sns:us-east-1:async-success" is not an SNS topic ARN/],
        ];
        for (const [what, change, message] of bad) {
            it(`refuses ${what} before registering anything, naming the field`, async () => {
                assert.deepStrictEqual(await expectRefused(() => { new AsyncInferenceEndpoint("async-ep", { namePrefix: "async-ep", ...base, ...change }); }, message, config), []);
            });
        }

        it("refuses a Direct mode that arrives as an output (InferenceModel.mode from another language) before the endpoint config is made", async () => {
            const failure = await expectFailure({ stack: "production", config, program: () => {
                new AsyncInferenceEndpoint("async-ep", { namePrefix: "async-ep", ...base, modelMode: pulumi.output("Direct" as const) });
            } }, /^async-ep\.modelMode: "Direct" is a Direct multi-container model: InvokeEndpointAsync cannot name a container/);
            assert.deepStrictEqual(ofType({ resources: failure.resources }, TYPES.endpointConfig), []);
        });

        it("fails, naming the field, on a given role name or topic that resolves to nothing, instead of building on it", async () => {
            for (const [field, change] of [
                ["modelExecutionRoleName", { modelExecutionRoleName: pulumi.output(undefined as unknown as string) }],
                ["successTopicArn", { successTopicArn: pulumi.output(undefined as unknown as string) }],
            ] as const) {
                await expectFailure({ stack: "production", config, program: () => { new AsyncInferenceEndpoint("async-ep", { namePrefix: "async-ep", ...base, ...change }); } },
                    new RegExp(`^async-ep\\.${field}: null was given but resolved to nothing; leave it out when the resource it comes from has no such value`));
            }
        });

        it("refuses a Direct multi-container model, which InvokeEndpointAsync cannot address, before registering any of the endpoint", async () => {
            const resources = await expectRefused(() => {
                const model = new InferenceModel("multi", { namePrefix: "multi",
                    mode: "Direct",
                    executionRoleArn: ROLE,
                    containers: [{ image: IMAGE, hostname: "firstContainer" }, { image: IMAGE, hostname: "secondContainer" }],
                });
                new AsyncInferenceEndpoint("async-ep", { namePrefix: "async-ep", ...base, modelName: model.modelName, modelMode: model.mode });
            }, /async-ep\.modelMode: "Direct" is a Direct multi-container model: InvokeEndpointAsync cannot name a container/, config);
            // Only the model, built before the endpoint, was registered.
            assert.deepStrictEqual(registered(resources).map((r) => [r.type, r.name]).sort(),
                [[TYPES.model, "multi-model"], [TYPES.inferenceModel, "multi"]].sort());
        });
    });
});
