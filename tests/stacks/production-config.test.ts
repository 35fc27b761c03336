import * as assert from "assert";
import { namespaceValues, RawConfig } from "../../stacks/config";
import { parseProductionConfig, ProductionConfig } from "../../stacks/production-config";
import { loadStackConfig } from "../support/harness";

const REGION = "us-east-1";
const committed = namespaceValues(loadStackConfig("production"));
const realtime = committed.realtime as Record<string, unknown>;
const async = committed.async as Record<string, unknown>;

/** An object without some of its keys. */
function without(value: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
    return Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k)));
}
const realtimeWith = (change: Record<string, unknown>): RawConfig => ({ ...committed, realtime: { ...realtime, ...change } });
const asyncWith = (change: Record<string, unknown>): RawConfig => ({ ...committed, async: { ...without(async, "outputRetentionDays"), ...change } });

const IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com";
const expected: ProductionConfig = {
    realtime: {
        model: { image: `${IMAGE}/djl-inference:0.33.0-lmi15.0.0-cu128`, modelDataUrl: "s3://acme-ml-models/llama3-8b-instruct/", environment: undefined },
        instanceType: "ml.g5.2xlarge",
        minInstances: 2,
        maxInstances: 6,
        targetInvocationsPerInstance: 40,
        // None given: blue/green on demand, SageMaker's routing, one instance type.
        deployment: undefined,
        routing: { routingStrategy: undefined, prefixLength: undefined, concurrencyThreshold: undefined },
        instancePools: undefined,
    },
    async: {
        model: {
            image: `${IMAGE}/huggingface-pytorch-inference:2.1.0-transformers4.37.0-gpu-py310-cu118-ubuntu20.04`,
            modelDataUrl: "s3://acme-ml-models/bart-large-cnn-summarizer/model.tar.gz",
            environment: { MMS_MAX_REQUEST_SIZE: "2000000000", MMS_MAX_RESPONSE_SIZE: "2000000000", MMS_DEFAULT_RESPONSE_TIMEOUT: "900" },
        },
        instanceType: "ml.g5.2xlarge",
        maxInstances: 4,
        maxConcurrentInvocationsPerInstance: 4,
        outputBucket: undefined,
        successTopicArn: undefined,
        errorTopicArn: undefined,
        outputRetentionDays: 30,
    },
    // Both models in two private subnets, not isolated (false leaves the setting out); the volumes' and results' key.
    security: {
        network: { vpcConfig: { securityGroupIds: ["sg-0a1b2c3d4e5f60718"], subnets: ["subnet-0a1b2c3d4e5f60718", "subnet-1b2c3d4e5f6071829"] } },
        kmsKey: { id: "arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b", form: "key ARN", region: "us-east-1", account: "123456789012" },
    },
    monitoring: { alarms: { topicKmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b" }, dashboard: true },
};

const SUCCESS = "arn:aws:sns:us-east-1:123456789012:summaries-done";
const ERROR = "arn:aws:sns:us-east-1:123456789012:summaries-failed";
const PLAN = "arn:aws:sagemaker:us-east-1:123456789012:training-plan/p";
const ROLE = "arn:aws:iam::123456789012:role/sagemaker-inference";

describe("production stack config", () => {
    it("parses the committed Pulumi.production.yaml", () => {
        assert.deepStrictEqual(parseProductionConfig(committed, REGION), expected);
    });

    it("refuses a real-time type a training plan cannot reserve beside reservationArn, naming the reservable types", () => {
        assert.throws(() => parseProductionConfig({ ...committed, reservationArn: PLAN }, REGION), (e: Error) => e.message ===
            `sagemaker-inference:realtime.instanceType: "ml.g5.2xlarge" cannot run on a training plan: plans reserve only ml.p4de.24xlarge, ` +
            "ml.p4d.24xlarge, ml.p5en.48xlarge, ml.p5e.48xlarge, ml.p5.48xlarge, ml.p5.4xlarge, ml.p6e-gb200.36xlarge, ml.p6-b200.48xlarge, " +
            "ml.p6-b300.48xlarge, ml.trn1.32xlarge, ml.trn2.48xlarge");
    });

    for (const type of ["ml.p5.49xlarge", "ml.g5.13xlarge"]) {
        it(`refuses ${type}, which has the shape of an instance type but is none, naming the nearest`, () => {
            assert.throws(() => parseProductionConfig(realtimeWith({ instanceType: type }), REGION), (e: Error) =>
                e.message.startsWith(`sagemaker-inference:realtime.instanceType: "${type}" is not an instance type SageMaker hosting offers; the nearest are `) &&
                e.message.includes(type === "ml.p5.49xlarge" ? "ml.p5.48xlarge" : "ml.g5.12xlarge"));
        });
    }

    it("keeps a given bucket, topics, reservation and role", () => {
        const raw = {
            ...asyncWith({ outputBucket: "s3://acme-async/summaries", successTopicArn: SUCCESS, errorTopicArn: ERROR }),
            realtime: { ...realtime, instanceType: "ml.p5.48xlarge" },
            reservationArn: PLAN,
            executionRoleArn: ROLE,
        };
        assert.deepStrictEqual(parseProductionConfig(raw, REGION), {
            realtime: { ...expected.realtime, instanceType: "ml.p5.48xlarge" },
            async: {
                ...expected.async, outputBucket: "s3://acme-async/summaries", successTopicArn: SUCCESS, errorTopicArn: ERROR, outputRetentionDays: undefined,
            },
            reservationArn: PLAN,
            // On a plan: the notice a day before, to a created topic, by default.
            onReservationEnd: { notify: { hoursBefore: 24 } },
            monitoring: { alarms: { topicKmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b" }, dashboard: true },
            executionRoleArn: ROLE,
            security: expected.security,
        });
    });

    const bad: [string, RawConfig, RegExp][] = [
        ["a real-time floor of 0 instances", realtimeWith({ minInstances: 0 }),
            /sagemaker-inference:realtime\.minInstances: 0 must be at least 1: a real-time endpoint with no instance refuses requests/],
        ["a real-time maximum below the minimum", realtimeWith({ maxInstances: 1 }),
            /sagemaker-inference:realtime\.maxInstances: 1 must be at least minInstances \(2\)/],
        ["a target of 0 invocations per instance", realtimeWith({ targetInvocationsPerInstance: 0 }),
            /sagemaker-inference:realtime\.targetInvocationsPerInstance: 0 must be a number above 0/],
        ["a missing realtime key", without(committed, "realtime"), /^Error: sagemaker-inference:realtime is required: an object$/],
        ["a real-time endpoint without a model", { ...committed, realtime: without(realtime, "model") },
            /^Error: sagemaker-inference:realtime\.model is required: an object$/],
        ["a typo in a real-time key", { ...committed, realtime: { ...without(realtime, "minInstances"), minInstance: 2 } },
            /sagemaker-inference:realtime\.minInstance: 2 is not a known setting \(known: model, instanceType, minInstances, maxInstances, targetInvocationsPerInstance, deployment, routingStrategy, prefixLength, concurrencyThreshold, instancePools, dataCapture\)/],
        ["a malformed ECR image", realtimeWith({ model: { image: "12345.dkr.ecr.us-east-1.amazonaws.com/x:1" } }),
            /sagemaker-inference:realtime\.model\.image: "12345\.dkr\.ecr\.us-east-1\.amazonaws\.com\/x:1" looks like an ECR image but is not/],
        ["an https model archive", realtimeWith({ model: { image: `${IMAGE}/djl-inference:0.33.0`, modelDataUrl: "https://acme-ml-models.s3.amazonaws.com/m/" } }),
            /sagemaker-inference:realtime\.model\.modelDataUrl: "https:\/\/acme-ml-models\.s3\.amazonaws\.com\/m\/" must be an S3 URI/],
        ["0 concurrent invocations per async instance", asyncWith({ maxConcurrentInvocationsPerInstance: 0 }),
            /sagemaker-inference:async\.maxConcurrentInvocationsPerInstance: 0 must be a whole number of at least 1/],
        ["1001 concurrent invocations per async instance", asyncWith({ maxConcurrentInvocationsPerInstance: 1001 }),
            /sagemaker-inference:async\.maxConcurrentInvocationsPerInstance: 1001 must be a whole number from 1 to 1000/],
        ["an output bucket that is not s3://", asyncWith({ outputBucket: "https://acme/out" }),
            /sagemaker-inference:async\.outputBucket: "https:\/\/acme\/out" must be an S3 URI \(s3:\/\/bucket\/key\)/],
        ["a success topic ARN without a topic name", asyncWith({ successTopicArn: "arn:aws:sns:us-east-1:123456789012" }),
            /sagemaker-inference:async\.successTopicArn: "arn:aws:sns:us-east-1:123456789012" is not an SNS topic ARN/],
        ["an SQS queue as error topic", asyncWith({ errorTopicArn: "arn:aws:sqs:us-east-1:123456789012:errors" }),
            /sagemaker-inference:async\.errorTopicArn: "arn:aws:sqs:us-east-1:123456789012:errors" is not an SNS topic ARN/],
        ["0 retention days", asyncWith({ outputRetentionDays: 0 }),
            /sagemaker-inference:async\.outputRetentionDays: 0 must be a whole number of at least 1/],
        ["retention days with a given bucket", asyncWith({ outputBucket: "s3://acme-async/summaries", outputRetentionDays: 30 }),
            /sagemaker-inference:async\.outputRetentionDays: 30 applies only to a bucket created here; s3:\/\/acme-async\/summaries is yours/],
        ["an async maximum of 0 instances", asyncWith({ maxInstances: 0 }),
            /sagemaker-inference:async\.maxInstances: 0 must be a whole number of at least 1/],
        ["a floor on the async endpoint, which always scales to zero", asyncWith({ minInstances: 1 }),
            /sagemaker-inference:async\.minInstances: 1 is not a known setting \(known: model, instanceType, maxInstances, /],
        ["a malformed reservation ARN", { ...committed, reservationArn: "arn:aws:sagemaker:us-east-1:123456789012:endpoint/p" },
            /sagemaker-inference:reservationArn: "arn:aws:sagemaker:us-east-1:123456789012:endpoint\/p" is not a SageMaker training-plan ARN/],
        ["a reservation in another region", { ...committed, reservationArn: "arn:aws:sagemaker:eu-west-1:123456789012:training-plan/p" },
            /sagemaker-inference:reservationArn: training plan "arn:aws:sagemaker:eu-west-1:123456789012:training-plan\/p" is in region eu-west-1, but the stack deploys to us-east-1/],
        ["a user ARN as execution role", { ...committed, executionRoleArn: "arn:aws:iam::123456789012:user/deployer" },
            /sagemaker-inference:executionRoleArn: "arn:aws:iam::123456789012:user\/deployer" is not an IAM role ARN/],
        ...(["outputBucket", "successTopicArn", "errorTopicArn"] as const).map((key): [string, RawConfig, RegExp] => [
            `a given role without async.${key}, which it could not have been granted`,
            {
                ...asyncWith({ outputBucket: "s3://acme-async/summaries", successTopicArn: SUCCESS, errorTopicArn: ERROR, outputRetentionDays: undefined, [key]: undefined }),
                executionRoleArn: ROLE,
            },
            new RegExp(`sagemaker-inference:async\\.${key}: null is required with sagemaker-inference:executionRoleArn: a given role cannot be granted`),
        ]),
    ];
    for (const [what, raw, message] of bad) {
        it(`refuses ${what}, naming the full key`, () => {
            assert.throws(() => parseProductionConfig(raw, REGION), message);
        });
    }
});
