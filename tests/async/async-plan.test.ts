import * as assert from "assert";
import {
    AsyncEndpointInput, asyncExecutionPolicy, asyncInferenceConfig, asyncPaths, outputLifecycleRules, planAsyncEndpoint, s3Location,
    tlsOnlyBucketPolicy,
} from "../../components/async/async-plan";
import { planScaledVariant, planVariant, ScaledVariantInput } from "../../components/endpoint/endpoint-plan";
import { largePayloadEnvironment, ModelServer } from "../../components/model/model-server-env";
import { bucketPrefix } from "../../core/names";
import { cfnViolations } from "../support/aws-spec";
import {
    asyncScalingSpec, DEFAULT_ASYNC_SCALING, planRealtimeScaling, realtimeScalingSpec, RealtimeScalingSettings,
} from "../../components/scaling/scaling-plan";

const SUCCESS = "arn:aws:sns:us-east-1:123456789012:async-success";
const ERROR = "arn:aws:sns:us-east-1:123456789012:async-error";
const KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

const base: AsyncEndpointInput = {
    endpoint: "my-endpoint",
    instanceType: "ml.m5.xlarge",
    initialInstanceCount: 1,
    variantName: "variant1",
    maxInstanceCount: 2,
    autoScaling: {},
};
/** Seed 002's endpoint: its own bucket folder and topics, four requests at once per instance. */
const seed: AsyncEndpointInput = {
    ...base,
    outputBucket: "s3://acme-async/llm",
    successTopicArn: SUCCESS,
    errorTopicArn: ERROR,
    maxConcurrentInvocationsPerInstance: 4,
};
const variant = { variantName: "variant1", instanceType: "ml.m5.xlarge", initialInstanceCount: 1, initialVariantWeight: 1 };

describe("asynchronous endpoint plan", () => {
    it("plans seed 002's endpoint: variant, given folder and topics, default scaling to zero", () => {
        assert.deepStrictEqual(planAsyncEndpoint(seed), {
            variant,
            maxConcurrentInvocationsPerInstance: 4,
            location: { bucket: "acme-async", prefix: "llm/" },
            outputRetentionDays: 30,
            successTopicArn: SUCCESS,
            errorTopicArn: ERROR,
            scaling: { ...DEFAULT_ASYNC_SCALING, maxInstanceCount: 2 },
        });
    });

    it("builds seed 002's AsyncInferenceConfig: output and failure under the folder, both topics, client concurrency", () => {
        const plan = planAsyncEndpoint(seed);
        assert.deepStrictEqual(asyncInferenceConfig(plan, asyncPaths(plan.location!), { success: SUCCESS, error: ERROR }), {
            outputConfig: {
                s3OutputPath: "s3://acme-async/llm/output/",
                s3FailurePath: "s3://acme-async/llm/failure/",
                kmsKeyId: undefined,
                notificationConfig: { successTopic: SUCCESS, errorTopic: ERROR, includeInferenceResponseIn: undefined },
            },
            clientConfig: { maxConcurrentInvocationsPerInstance: 4 },
        });
    });

    it("leaves clientConfig out when maxConcurrentInvocationsPerInstance is not given: SageMaker chooses", () => {
        const plan = planAsyncEndpoint({ ...seed, maxConcurrentInvocationsPerInstance: undefined });
        assert.strictEqual(asyncInferenceConfig(plan, asyncPaths(plan.location!), { success: SUCCESS, error: ERROR }).clientConfig, undefined);
    });

    it("passes the key and the response topics, once each, into the output config", () => {
        const plan = planAsyncEndpoint({
            ...seed, kmsKeyArn: KEY,
            includeInferenceResponseIn: ["ERROR_NOTIFICATION_TOPIC", "SUCCESS_NOTIFICATION_TOPIC", "ERROR_NOTIFICATION_TOPIC"],
        });
        const config = asyncInferenceConfig(plan, asyncPaths(plan.location!), { success: SUCCESS, error: ERROR });
        assert.strictEqual(config.outputConfig.kmsKeyId, KEY);
        assert.deepStrictEqual(config.outputConfig.notificationConfig, {
            successTopic: SUCCESS, errorTopic: ERROR, includeInferenceResponseIn: ["ERROR_NOTIFICATION_TOPIC", "SUCCESS_NOTIFICATION_TOPIC"],
        });
        // As aws-native's EndpointConfig takes it, which is CloudFormation's AWS::SageMaker::EndpointConfig.
        const endpointConfig = { productionVariants: [{ ...plan.variant, modelName: "summarizer" }], asyncInferenceConfig: config };
        assert.deepStrictEqual(cfnViolations("AWS::SageMaker::EndpointConfig", endpointConfig), []);
    });

    const locations: [string, string, string][] = [
        ["s3://acme-async", "acme-async", ""],
        ["s3://acme-async/", "acme-async", ""],
        ["s3://acme-async/llm", "acme-async", "llm/"],
        ["s3://acme-async/team/llm/", "acme-async", "team/llm/"],
    ];
    for (const [uri, bucket, prefix] of locations) {
        it(`reads ${uri} as bucket ${bucket} and prefix "${prefix}", with input/, output/ and failure/ under it`, () => {
            const location = s3Location("outputBucket", uri);
            assert.deepStrictEqual(location, { bucket, prefix });
            const under = `s3://${bucket}/${prefix}`;
            assert.deepStrictEqual(asyncPaths(location), { inputPath: `${under}input/`, outputPath: `${under}output/`, failurePath: `${under}failure/` });
        });
    }

    it("without outputBucket, plans a created bucket that keeps results 30 days and scales with AWS's guide values", () => {
        assert.deepStrictEqual(planAsyncEndpoint(base), {
            variant,
            outputRetentionDays: 30,
            scaling: { ...DEFAULT_ASYNC_SCALING, maxInstanceCount: 2 },
        });
    });

    it("keeps given retention days and scaling settings", () => {
        const plan = planAsyncEndpoint({
            ...base, outputRetentionDays: 7,
            maxInstanceCount: 3,
            autoScaling: { minInstanceCount: 1, targetBacklogPerInstance: 2.5, scaleInCooldownSeconds: 0 },
        });
        assert.strictEqual(plan.outputRetentionDays, 7);
        assert.strictEqual(plan.location, undefined);
        assert.deepStrictEqual(plan.scaling, {
            minInstanceCount: 1, maxInstanceCount: 3, targetBacklogPerInstance: 2.5,
            scaleInCooldownSeconds: 0, scaleOutCooldownSeconds: 300, scaleOutFromZeroCooldownSeconds: 300,
        });
    });

    const bad: [string, Partial<AsyncEndpointInput>, RegExp][] = [
        ["0 concurrent invocations", { maxConcurrentInvocationsPerInstance: 0 },
            /my-endpoint\.maxConcurrentInvocationsPerInstance: 0 must be a whole number from 1 to 1000/],
        ["1001 concurrent invocations", { maxConcurrentInvocationsPerInstance: 1001 },
            /my-endpoint\.maxConcurrentInvocationsPerInstance: 1001 must be a whole number from 1 to 1000/],
        ["2.5 concurrent invocations", { maxConcurrentInvocationsPerInstance: 2.5 },
            /my-endpoint\.maxConcurrentInvocationsPerInstance: 2\.5 must be a whole number from 1 to 1000/],
        ["an https output bucket", { outputBucket: "https://acme/x" }, /my-endpoint\.outputBucket: "https:\/\/acme\/x" must be an S3 URI \(s3:\/\/bucket\/key\)/],
        ["a bare bucket name", { outputBucket: "acme-async" }, /my-endpoint\.outputBucket: "acme-async" must be an S3 URI/],
        ["s3:/ with one slash", { outputBucket: "s3:/acme" }, /my-endpoint\.outputBucket: "s3:\/acme" must be an S3 URI/],
        ["the issue's bucket name of capitals and underscores", { outputBucket: "s3://Acme_Async_Results/out/" },
            /my-endpoint\.outputBucket: "s3:\/\/Acme_Async_Results\/out\/" names bucket "Acme_Async_Results", which is not a valid S3 bucket name: bucket names have only lowercase letters, digits, dots and hyphens$/],
        ["an SQS queue as success topic", { successTopicArn: "arn:aws:sqs:us-east-1:123456789012:q" },
            /my-endpoint\.successTopicArn: "arn:aws:sqs:us-east-1:123456789012:q" is not an SNS topic ARN/],
        ["a 5-digit account in the error topic", { errorTopicArn: "arn:aws:sns:us-east-1:12345:t" },
            /my-endpoint\.errorTopicArn: "arn:aws:sns:us-east-1:12345:t" is not an SNS topic ARN/],
        ["a topic name for an ARN", { successTopicArn: "my-topic" }, /my-endpoint\.successTopicArn: "my-topic" is not an SNS topic ARN/],
        ["a topic name with a dot", { errorTopicArn: "arn:aws:sns:us-east-1:123456789012:async.error" },
            /my-endpoint\.errorTopicArn: "arn:aws:sns:us-east-1:123456789012:async\.error" is not an SNS topic ARN/],
        ["a KMS alias ARN", { kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:alias/x" },
            /my-endpoint\.kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:alias\/x" is an alias ARN; the model's role must be allowed to use the key, and IAM grants on a key by its ARN/],
        ["a bare KMS key id", { kmsKeyArn: "1234abcd-12ab-34cd-56ef-1234567890ab" },
            /my-endpoint\.kmsKeyArn: "1234abcd-12ab-34cd-56ef-1234567890ab" is a key id; the model's role must be allowed to use the key/],
        ["a key of another region", { region: "us-east-1", kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" },
            /my-endpoint\.kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key\/1234abcd-12ab-34cd-56ef-1234567890ab" is in region eu-west-1, but the stack deploys to us-east-1/],
        ["SUCCESS for a response topic", { includeInferenceResponseIn: ["SUCCESS" as never] },
            /my-endpoint\.includeInferenceResponseIn\[0\]: "SUCCESS" must be one of SUCCESS_NOTIFICATION_TOPIC, ERROR_NOTIFICATION_TOPIC/],
        ["0 retention days", { outputRetentionDays: 0 }, /my-endpoint\.outputRetentionDays: 0 must be a whole number of at least 1/],
        ["retention days with a given bucket", { outputBucket: "s3://acme-async/llm", outputRetentionDays: 7 },
            /my-endpoint\.outputRetentionDays: 7 applies only to a bucket created here; s3:\/\/acme-async\/llm is yours/],
        ["a maximum of 0 instances", { maxInstanceCount: 0 },
            /my-endpoint\.maxInstanceCount: 0 must be a whole number of at least 1/],
        ["a minimum above the maximum", { maxInstanceCount: 2, autoScaling: { minInstanceCount: 3 } },
            /my-endpoint\.autoScaling\.minInstanceCount: 3 must be a whole number from 0 to 2/],
        ["3 instances at creation with a maximum of 2", { initialInstanceCount: 3 },
            /my-endpoint\.maxInstanceCount: 2 must be at least initialInstanceCount \(3\)/],
        ["an instance type without ml.", { instanceType: "m5.xlarge" }, /my-endpoint\.instanceType: "m5\.xlarge" is not a SageMaker instance type/],
        ["an output folder that leaves S3FailurePath over 512 characters", { outputBucket: `s3://acme-async/${"a".repeat(490)}` },
            /my-endpoint\.outputBucket: "s3:\/\/acme-async\/a+" is too long: s3:\/\/acme-async\/a+\/failure\/ has 515 characters/],
        ["0 instances at creation", { initialInstanceCount: 0 }, /my-endpoint\.initialInstanceCount: 0 must be a whole number of at least 1/],
        ["a minimum above the instances at creation", { initialInstanceCount: 1, maxInstanceCount: 3, autoScaling: { minInstanceCount: 2 } },
            /my-endpoint\.autoScaling\.minInstanceCount: 2 must be at most initialInstanceCount \(1\)/],
    ];
    it("starts with one instance, or the minimum when higher, unless told", () => {
        const starts = (minInstanceCount: number) => planAsyncEndpoint({
            ...base, initialInstanceCount: undefined, maxInstanceCount: 3, autoScaling: { minInstanceCount },
        }).variant.initialInstanceCount;
        assert.deepStrictEqual([0, 1, 2, 3].map(starts), [1, 1, 2, 3]);
    });

    for (const [what, change, message] of bad) {
        it(`refuses ${what}, naming the field and the value`, () => {
            assert.throws(() => planAsyncEndpoint({ ...base, ...change }), message);
        });
    }
});

describe("asynchronous execution policy", () => {
    const location = { bucket: "acme-async", prefix: "llm/" };
    const statements = (partition: string) => [
        { Sid: "ReadAsyncRequests", Effect: "Allow", Action: ["s3:GetObject"], Resource: [`arn:${partition}:s3:::acme-async/llm/input/*`] },
        {
            Sid: "WriteAsyncResults", Effect: "Allow", Action: ["s3:PutObject"],
            Resource: [`arn:${partition}:s3:::acme-async/llm/output/*`, `arn:${partition}:s3:::acme-async/llm/failure/*`],
        },
        { Sid: "PublishAsyncNotifications", Effect: "Allow", Action: ["sns:Publish"], Resource: [SUCCESS, ERROR] },
    ];

    it("reads input/, writes output/ and failure/, and publishes to the two topics, nothing more", () => {
        const policy = asyncExecutionPolicy({ partition: "aws", location, topicArns: [SUCCESS, ERROR] });
        assert.deepStrictEqual(policy, { Version: "2012-10-17", Statement: statements("aws") });
        for (const s of policy.Statement) {
            assert.ok(!s.Resource.some((r) => r === "*"), `${s.Sid} grants on every resource`);
            assert.ok(!s.Action.some((a) => a.includes("*")), `${s.Sid} has a wildcard action`);
        }
    });

    it("with a key, adds Decrypt and GenerateDataKey on that key only, through S3 and SNS only (given topics a team encrypts with the same key too)", () => {
        assert.deepStrictEqual(asyncExecutionPolicy({ partition: "aws", location, topicArns: [SUCCESS, ERROR], kmsKeyArn: KEY }), {
            Version: "2012-10-17",
            Statement: [...statements("aws"), { Sid: "UseAsyncKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: [KEY],
                Condition: { StringEquals: { "kms:ViaService": ["s3.us-east-1.amazonaws.com", "sns.us-east-1.amazonaws.com"] } } }],
        });
    });

    it("names the services in the key's region and partition", () => {
        const chinaKey = "arn:aws-cn:kms:cn-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        assert.deepStrictEqual(asyncExecutionPolicy({ partition: "aws-cn", location, topicArns: [SUCCESS], kmsKeyArn: chinaKey })
            .Statement.at(-1)!.Condition, { StringEquals: { "kms:ViaService": ["s3.cn-north-1.amazonaws.com.cn", "sns.cn-north-1.amazonaws.com.cn"] } });
    });

    it("builds the S3 ARNs in the stack's partition", () => {
        assert.deepStrictEqual(asyncExecutionPolicy({ partition: "aws-cn", location, topicArns: [SUCCESS, ERROR] }).Statement, statements("aws-cn"));
    });

    it("lists a topic used for both notifications once", () => {
        const policy = asyncExecutionPolicy({ partition: "aws", location, topicArns: [SUCCESS, SUCCESS] });
        assert.deepStrictEqual(policy.Statement[2].Resource, [SUCCESS]);
    });
});

describe("created results bucket", () => {
    it("denies every request not made over TLS, on the bucket and its objects", () => {
        const arn = "arn:aws:s3:::my-endpoint-abc";
        assert.deepStrictEqual(JSON.parse(tlsOnlyBucketPolicy(arn)), {
            Version: "2012-10-17",
            Statement: [{
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [arn, `${arn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            }],
        });
    });

    it("expires outputs and failures after the retention days and clears incomplete uploads after a day", () => {
        assert.deepStrictEqual(outputLifecycleRules(7), [
            { id: "expire-async-outputs", status: "Enabled", filter: { prefix: "output/" }, expiration: { days: 7 }, abortIncompleteMultipartUpload: { daysAfterInitiation: 1 } },
            { id: "expire-async-failures", status: "Enabled", filter: { prefix: "failure/" }, expiration: { days: 7 }, abortIncompleteMultipartUpload: { daysAfterInitiation: 1 } },
        ]);
    });

    it("prefixes the bucket name with the lowercased endpoint name and a hyphen", () => {
        assert.strictEqual(bucketPrefix("Summarizer_Async"), "summarizer-async-");
    });

    it("fits a long mixed-case name within S3's 37 characters, keeping long names distinct", () => {
        const long = "My-Very-Long-Async-Endpoint-Name-For-Summaries-Production";
        const [a, b] = [bucketPrefix(`${long}-A`), bucketPrefix(`${long}-B`)];
        for (const prefix of [a, b]) {
            assert.match(prefix, /^my-very-long-async-endpoint[a-z0-9-]*-$/);
            assert.ok(prefix.length <= 37, `${prefix} has ${prefix.length} characters`);
        }
        assert.notStrictEqual(a, b);
    });
});

describe("scaling specs", () => {
    it("scales an asynchronous variant on its backlog, from zero by a step on HasBacklogWithoutCapacity", () => {
        assert.deepStrictEqual(asyncScalingSpec("ep", "AllTraffic", { ...DEFAULT_ASYNC_SCALING, maxInstanceCount: 2 }), {
            resourceId: "endpoint/ep/variant/AllTraffic",
            scalableDimension: "sagemaker:variant:DesiredInstanceCount",
            minCapacity: 0,
            maxCapacity: 2,
            targetTracking: {
                policyName: "ep-backlog-target-tracking",
                configuration: {
                    customizedMetricSpecification: {
                        metricName: "ApproximateBacklogSizePerInstance",
                        namespace: "AWS/SageMaker",
                        statistic: "Average",
                        dimensions: [{ name: "EndpointName", value: "ep" }],
                    },
                    targetValue: 5,
                    scaleInCooldown: 600,
                    scaleOutCooldown: 300,
                },
            },
            scaleOutFromZero: {
                policyName: "ep-scale-out-from-zero",
                configuration: {
                    adjustmentType: "ChangeInCapacity",
                    metricAggregationType: "Average",
                    cooldown: 300,
                    stepAdjustments: [{ metricIntervalLowerBound: "0", scalingAdjustment: 1 }],
                },
                alarm: {
                    name: "ep-backlog-without-capacity",
                    description: "Requests wait on asynchronous endpoint ep with no instance: scale out from zero",
                    namespace: "AWS/SageMaker",
                    metricName: "HasBacklogWithoutCapacity",
                    dimensions: { EndpointName: "ep" },
                    statistic: "Average",
                    period: 60,
                    evaluationPeriods: 2,
                    datapointsToAlarm: 2,
                    threshold: 1,
                    comparisonOperator: "GreaterThanOrEqualToThreshold",
                    treatMissingData: "missing",
                },
            },
        });
    });

    it("scales a real-time variant on invocations per instance between its bounds, never from zero", () => {
        const settings: RealtimeScalingSettings = {
            minInstanceCount: 2, maxInstanceCount: 6, targetInvocationsPerInstance: 40, scaleInCooldownSeconds: 120, scaleOutCooldownSeconds: 60,
        };
        assert.deepStrictEqual(realtimeScalingSpec("rt", "AllTraffic", settings), {
            resourceId: "endpoint/rt/variant/AllTraffic",
            scalableDimension: "sagemaker:variant:DesiredInstanceCount",
            minCapacity: 2,
            maxCapacity: 6,
            targetTracking: {
                policyName: "rt-invocations-target-tracking",
                configuration: {
                    predefinedMetricSpecification: { predefinedMetricType: "SageMakerVariantInvocationsPerInstance" },
                    targetValue: 40,
                    scaleInCooldown: 120,
                    scaleOutCooldown: 60,
                },
            },
        });
    });
});

describe("real-time scaling plan", () => {
    it("defaults both cooldowns to 300 seconds", () => {
        assert.deepStrictEqual(planRealtimeScaling("rt.autoScaling", { minInstanceCount: 2, maxInstanceCount: 6, targetInvocationsPerInstance: 40 }, 2), {
            minInstanceCount: 2, maxInstanceCount: 6, targetInvocationsPerInstance: 40, scaleInCooldownSeconds: 300, scaleOutCooldownSeconds: 300,
        });
    });

    const bad: [string, Record<string, unknown>, number, RegExp][] = [
        ["a minimum of 0", { minInstanceCount: 0, maxInstanceCount: 2 }, 1, /rt\.autoScaling\.minInstanceCount: 0 must be a whole number of at least 1/],
        ["a maximum below the minimum", { minInstanceCount: 3, maxInstanceCount: 2 }, 3,
            /rt\.autoScaling\.maxInstanceCount: 2 must be at least minInstanceCount \(3\)/],
        ["an instance count below the minimum", { minInstanceCount: 2, maxInstanceCount: 4 }, 1,
            /rt\.autoScaling\.minInstanceCount: 2 and maxInstanceCount \(4\) must hold the instance count at creation \(1\)/],
        ["an instance count above the maximum", { minInstanceCount: 2, maxInstanceCount: 4 }, 5,
            /rt\.autoScaling\.minInstanceCount: 2 and maxInstanceCount \(4\) must hold the instance count at creation \(5\)/],
    ];
    for (const [what, given, count, message] of bad) {
        it(`refuses ${what}`, () => {
            assert.throws(() => planRealtimeScaling("rt.autoScaling", { targetInvocationsPerInstance: 40, ...given }, count), message);
        });
    }

    const PLAN = "arn:aws:sagemaker:us-east-1:123456789012:training-plan/p";
    const scaled: ScaledVariantInput = {
        endpoint: "rt", instanceType: "ml.g5.2xlarge", instanceCount: 2, variantName: "AllTraffic", capacity: "on-demand", region: "us-east-1",
    };

    it("plans a variant without auto scaling as planVariant does", () => {
        assert.deepStrictEqual(planScaledVariant(scaled), planVariant(scaled));
    });

    it("starts an auto-scaled variant at its instance count and claims its maximum on the reservation", () => {
        const plan = planScaledVariant({
            ...scaled, instanceType: "ml.p5.48xlarge", capacity: { reservationArn: PLAN },
            autoScaling: { minInstanceCount: 2, maxInstanceCount: 6, targetInvocationsPerInstance: 40 },
        });
        assert.deepStrictEqual(plan, {
            variant: {
                variantName: "AllTraffic", instanceType: "ml.p5.48xlarge", initialInstanceCount: 2, initialVariantWeight: 1,
                capacityReservationConfig: { capacityReservationPreference: "capacity-reservations-only", mlReservationArn: PLAN },
            },
            reservation: {
                facts: { reservationArn: PLAN, reservedInstanceType: undefined, reservedInstanceCount: undefined },
                claim: { endpoint: "rt", instanceType: "ml.p5.48xlarge", instanceCount: 6 },
            },
            scaling: {
                minInstanceCount: 2, maxInstanceCount: 6, targetInvocationsPerInstance: 40, scaleInCooldownSeconds: 300, scaleOutCooldownSeconds: 300,
            },
        });
    });
});

describe("large payload environment", () => {
    const table: [ModelServer, Record<string, string>][] = [
        ["torchserve", { TS_MAX_REQUEST_SIZE: "100000000", TS_MAX_RESPONSE_SIZE: "100000000", TS_DEFAULT_RESPONSE_TIMEOUT: "1000" }],
        ["mms", { MMS_MAX_REQUEST_SIZE: "1000000000", MMS_MAX_RESPONSE_SIZE: "1000000000", MMS_DEFAULT_RESPONSE_TIMEOUT: "900" }],
        ["huggingface", { MMS_MAX_REQUEST_SIZE: "2000000000", MMS_MAX_RESPONSE_SIZE: "2000000000", MMS_DEFAULT_RESPONSE_TIMEOUT: "900" }],
    ];
    for (const [server, environment] of table) {
        it(`raises ${server}'s limits as seed 002's table gives them`, () => {
            assert.deepStrictEqual(largePayloadEnvironment(server), environment);
        });
    }

    it("returns a copy: changing it leaves the next call's values alone", () => {
        const env = largePayloadEnvironment("mms");
        env.MMS_MAX_REQUEST_SIZE = "1";
        env.EXTRA = "x";
        assert.deepStrictEqual(largePayloadEnvironment("mms"), table[1][1]);
    });

    it("refuses an unknown model server, naming it", () => {
        assert.throws(() => largePayloadEnvironment("triton" as ModelServer), /modelServer: "triton" must be one of torchserve, mms, huggingface/);
    });
});
