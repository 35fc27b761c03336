import { planVariant, ProductionVariant } from "../endpoint/endpoint-plan";
import { PolicyDocument, PolicyStatement } from "../../core/service-access";
import { AsyncScalingSettings, planAsyncScaling } from "../scaling/scaling-plan";
import { invalid, s3Uri, snsTopicArn, splitS3Uri, wholeNumber } from "../../core/validate";
import { keyArnForGrant, keyArnRegion, readKmsKey, viaService } from "../../core/kms-plan";

/** The topics whose notifications may carry the inference response itself. */
export const NotificationTopic = {
    Success: "SUCCESS_NOTIFICATION_TOPIC",
    Error: "ERROR_NOTIFICATION_TOPIC",
} as const;
export type NotificationTopic = (typeof NotificationTopic)[keyof typeof NotificationTopic];
const NOTIFICATION_TOPICS: NotificationTopic[] = Object.values(NotificationTopic);

/** SageMaker's bounds on concurrent requests to one instance's container. */
export const MAX_CONCURRENT_INVOCATIONS = 1000;

export const DEFAULT_OUTPUT_RETENTION_DAYS = 30;

/** SageMaker's limit on S3OutputPath and S3FailurePath. */
const MAX_S3_PATH = 512;

/** Everything that decides an asynchronous endpoint, as plain values. */
export interface AsyncEndpointInput {
    /** The endpoint's logical name, for messages. */
    endpoint: string;
    instanceType: string;
    /** Undefined: 1, or the minimum when higher. */
    initialInstanceCount?: number;
    variantName: string;
    region?: string;
    modelDataDownloadTimeoutInSeconds?: number;
    containerStartupHealthCheckTimeoutInSeconds?: number;
    maxConcurrentInvocationsPerInstance?: number;
    /** s3://bucket[/prefix] to use instead of a created bucket. */
    outputBucket?: string;
    successTopicArn?: string;
    errorTopicArn?: string;
    includeInferenceResponseIn?: NotificationTopic[];
    kmsKeyArn?: string;
    /** Days a created bucket keeps outputs and failures; undefined: the default. */
    outputRetentionDays?: number;
    /** The most instances auto scaling may run. */
    maxInstanceCount: number;
    autoScaling: { [K in keyof Omit<AsyncScalingSettings, "maxInstanceCount">]?: unknown };
}

/** A bucket and a key prefix, empty or ending in "/". */
export interface S3Location {
    bucket: string;
    prefix: string;
}

export interface AsyncEndpointPlan {
    variant: ProductionVariant;
    maxConcurrentInvocationsPerInstance?: number;
    /** Where requests and results live; undefined: a bucket is created. */
    location?: S3Location;
    /** Days the created bucket keeps outputs and failures. */
    outputRetentionDays: number;
    /** Given topics; a missing one is created. */
    successTopicArn?: string;
    errorTopicArn?: string;
    includeInferenceResponseIn?: NotificationTopic[];
    kmsKeyArn?: string;
    scaling: AsyncScalingSettings;
}

/** A bucket and prefix from an s3:// URI of a bucket or a folder in it. */
export function s3Location(field: string, uri: string): S3Location {
    const { bucket, key } = splitS3Uri(s3Uri(field, uri));
    return { bucket, prefix: key === "" || key.endsWith("/") ? key : `${key}/` };
}

/** Validates an asynchronous endpoint's settings and builds its variant and scaling. */
export function planAsyncEndpoint(input: AsyncEndpointInput): AsyncEndpointPlan {
    const prefix = input.endpoint;
    const initial = input.initialInstanceCount === undefined
        ? undefined : wholeNumber(`${prefix}.initialInstanceCount`, input.initialInstanceCount, 1);
    const scaling = planAsyncScaling(prefix, input.maxInstanceCount, input.autoScaling, initial);
    // SageMaker creates an endpoint with at least one instance; auto scaling takes it to zero.
    const instanceCount = initial ?? Math.max(1, scaling.minInstanceCount);
    const { variant } = planVariant({ ...input, instanceCount, capacity: "on-demand" });
    const plan: AsyncEndpointPlan = { variant, outputRetentionDays: DEFAULT_OUTPUT_RETENTION_DAYS, scaling };
    if (input.maxConcurrentInvocationsPerInstance !== undefined) {
        plan.maxConcurrentInvocationsPerInstance = wholeNumber(
            `${prefix}.maxConcurrentInvocationsPerInstance`, input.maxConcurrentInvocationsPerInstance, 1, MAX_CONCURRENT_INVOCATIONS);
    }
    if (input.outputBucket !== undefined) {
        plan.location = s3Location(`${prefix}.outputBucket`, input.outputBucket);
        const longest = asyncPaths(plan.location).failurePath;
        if (longest.length > MAX_S3_PATH) {
            throw invalid(`${prefix}.outputBucket`, input.outputBucket,
                `is too long: ${longest} has ${longest.length} characters, and SageMaker takes output paths of at most ${MAX_S3_PATH}`);
        }
        if (input.outputRetentionDays !== undefined) {
            throw invalid(`${prefix}.outputRetentionDays`, input.outputRetentionDays,
                `applies only to a bucket created here; ${input.outputBucket} is yours: give it a lifecycle rule, or leave outputBucket unset`);
        }
    } else if (input.outputRetentionDays !== undefined) {
        plan.outputRetentionDays = wholeNumber(`${prefix}.outputRetentionDays`, input.outputRetentionDays, 1);
    }
    if (input.successTopicArn !== undefined) {
        plan.successTopicArn = snsTopicArn(`${prefix}.successTopicArn`, input.successTopicArn);
    }
    if (input.errorTopicArn !== undefined) {
        plan.errorTopicArn = snsTopicArn(`${prefix}.errorTopicArn`, input.errorTopicArn);
    }
    if (input.includeInferenceResponseIn !== undefined) {
        const field = `${prefix}.includeInferenceResponseIn`;
        if (!Array.isArray(input.includeInferenceResponseIn)) {
            throw invalid(field, input.includeInferenceResponseIn, `must be a list of ${NOTIFICATION_TOPICS.join(", ")}`);
        }
        input.includeInferenceResponseIn.forEach((t, i) => {
            if (!NOTIFICATION_TOPICS.includes(t)) {
                throw invalid(`${field}[${i}]`, t, `must be one of ${NOTIFICATION_TOPICS.join(", ")}`);
            }
        });
        plan.includeInferenceResponseIn = [...new Set(input.includeInferenceResponseIn)];
    }
    if (input.kmsKeyArn !== undefined) {
        // A key ARN: the model's role is allowed to use it for the results, and the bucket and topics name it.
        const field = `${prefix}.kmsKeyArn`;
        plan.kmsKeyArn = keyArnForGrant(field, readKmsKey(field, input.kmsKeyArn, input.region), "the model's role");
    }
    return plan;
}

/** Where callers put requests and SageMaker puts results, under one location. */
export interface AsyncPaths {
    inputPath: string;
    outputPath: string;
    failurePath: string;
}

export function asyncPaths(location: S3Location): AsyncPaths {
    const base = `s3://${location.bucket}/${location.prefix}`;
    return { inputPath: `${base}input/`, outputPath: `${base}output/`, failurePath: `${base}failure/` };
}

/** The endpoint config's AsyncInferenceConfig, as aws-native's EndpointConfig takes it. */
export function asyncInferenceConfig(plan: AsyncEndpointPlan, paths: AsyncPaths, topics: { success: string; error: string }) {
    return {
        outputConfig: {
            s3OutputPath: paths.outputPath,
            s3FailurePath: paths.failurePath,
            kmsKeyId: plan.kmsKeyArn,
            notificationConfig: {
                successTopic: topics.success,
                errorTopic: topics.error,
                includeInferenceResponseIn: plan.includeInferenceResponseIn,
            },
        },
        clientConfig: plan.maxConcurrentInvocationsPerInstance === undefined
            ? undefined : { maxConcurrentInvocationsPerInstance: plan.maxConcurrentInvocationsPerInstance },
    };
}

/** What the model's role needs on top of running the model, as plain values. */
export interface AsyncAccess {
    partition: string;
    location: S3Location;
    topicArns: string[];
    kmsKeyArn?: string;
}

/**
 * What SageMaker does with the model's role for asynchronous requests, and nothing more: read
 * requests under input/, write results under output/ and failure/, publish to the two topics, and
 * use the key that encrypts them. Nothing on other prefixes, buckets or topics. The key only
 * through S3 (reading SSE-KMS requests needs kms:Decrypt, writing results kms:GenerateDataKey)
 * and through SNS, for the created topics and for given ones a team encrypts with the same key
 * (publishing to an encrypted topic needs both):
 * kms:ViaService, which KMS supports for both services. The endpoint config's volume key (the
 * same key) needs nothing of this role: the caller of the deploy grants it to SageMaker.
 */
export function asyncExecutionPolicy(access: AsyncAccess): PolicyDocument {
    const objects = `arn:${access.partition}:s3:::${access.location.bucket}/${access.location.prefix}`;
    const statements: PolicyStatement[] = [
        { Sid: "ReadAsyncRequests", Effect: "Allow", Action: ["s3:GetObject"], Resource: [`${objects}input/*`] },
        { Sid: "WriteAsyncResults", Effect: "Allow", Action: ["s3:PutObject"], Resource: [`${objects}output/*`, `${objects}failure/*`] },
        { Sid: "PublishAsyncNotifications", Effect: "Allow", Action: ["sns:Publish"], Resource: [...new Set(access.topicArns)] },
    ];
    if (access.kmsKeyArn !== undefined) {
        const services = ["s3", "sns"];
        statements.push({
            Sid: "UseAsyncKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: [access.kmsKeyArn],
            Condition: { StringEquals: { "kms:ViaService": services.map((s) => viaService(s, keyArnRegion(access.kmsKeyArn!))) } },
        });
    }
    return { Version: "2012-10-17", Statement: statements };
}

/** A bucket policy that refuses every request not made over TLS. */
export function tlsOnlyBucketPolicy(bucketArn: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [{
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [bucketArn, `${bucketArn}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        }],
    });
}

/** Outputs and failures expire; their uploads left incomplete are cleared after a day. */
export function outputLifecycleRules(retentionDays: number) {
    return (["output", "failure"] as const).map((kind) => ({
        id: `expire-async-${kind}s`,
        status: "Enabled",
        filter: { prefix: `${kind}/` },
        expiration: { days: retentionDays },
        abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
    }));
}
