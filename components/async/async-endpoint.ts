import * as iam from "@pulumi/aws/iam";
import * as s3 from "@pulumi/aws/s3";
import * as sns from "@pulumi/aws/sns";
import * as pulumi from "@pulumi/pulumi";
import {
    asyncExecutionPolicy, asyncInferenceConfig, asyncPaths, NotificationTopic, outputLifecycleRules, planAsyncEndpoint,
    S3Location, tlsOnlyBucketPolicy,
} from "./async-plan";
import { autoScalingOn } from "../scaling/auto-scaling";
import { configNameOf, endpointConfigOn, endpointOn, EndpointSettingsArgs, metricsInput, warnOfInstanceStore } from "../endpoint/endpoint-args";
import { endpointTimeouts, retentionOf, WORST_CASE_TIMEOUTS } from "../endpoint/endpoint-update-plan";
import { MultiContainerMode } from "../model/model-plan";
import { givenValue, planEarly, planEarlyKnown } from "../../core/inputs";
import { planMetrics } from "../monitoring/metrics-plan";
import { bucketPrefix, sagemakerName } from "../../core/names";
import { partitionOf } from "../../core/partitions";
import { claimEndpointName, namePrefixOf, programRegion } from "../../core/program-state";
import { asyncScalingSpec } from "../scaling/scaling-plan";
import { invalid, sagemakerNameField } from "../../core/validate";
import { checkedTags } from "../../core/tags";
import { refuseDataCapture } from "../endpoint/data-capture-plan";
import { checkAlarms, dashboardRegion, endpointMonitoringOn } from "../monitoring/endpoint-monitoring";
import { MonitoredKind } from "../monitoring/alarms-plan";

export interface AsyncInferenceEndpointArgs extends EndpointSettingsArgs {
    /** The SageMaker model to serve: an InferenceModel's modelName, or an existing model's name. */
    modelName: pulumi.Input<string>;
    /**
     * The model's role, when the program created it (InferenceModel.executionRoleName): the
     * asynchronous permissions are added to it. Any other role must already hold them
     * (`executionRolePolicy` shows which).
     */
    modelExecutionRoleName?: pulumi.Input<string>;
    /** The model's multi-container mode (InferenceModel.mode). Direct is refused: InvokeEndpointAsync cannot name a container. */
    modelMode?: pulumi.Input<MultiContainerMode>;
    /** Instance type, e.g. ml.g5.2xlarge. */
    instanceType: pulumi.Input<string>;
    /** Instances at creation, at least 1; auto scaling then goes down to its minimum when the queue is empty. Default 1, or autoScaling.minInstanceCount when higher. */
    initialInstanceCount?: pulumi.Input<number>;
    /** The most instances auto scaling may run. */
    maxInstanceCount: pulumi.Input<number>;
    /** Requests SageMaker sends one instance's container at once, 1 to 1000. Default: SageMaker chooses. */
    maxConcurrentInvocationsPerInstance?: pulumi.Input<number>;
    /**
     * An existing bucket, or a folder in one, as s3://bucket[/prefix]: requests are read from
     * input/ under it, results written to output/ and failures to failure/. Default: a bucket
     * created here, encrypted, private, TLS-only, with outputs expiring.
     */
    outputBucket?: pulumi.Input<string>;
    /** Days the created bucket keeps outputs and failures, at least 1. Default 30. Not with outputBucket. */
    outputRetentionDays?: pulumi.Input<number>;
    /** SNS topic for successful requests. Default: an encrypted topic created here. */
    successTopicArn?: pulumi.Input<string>;
    /** SNS topic for failed requests. Default: an encrypted topic created here. */
    errorTopicArn?: pulumi.Input<string>;
    /** Topics whose notifications carry the response itself: SUCCESS_NOTIFICATION_TOPIC, ERROR_NOTIFICATION_TOPIC. Default: none. */
    includeInferenceResponseIn?: NotificationTopic[];
    /**
     * A KMS key ARN, in the stack's region, that encrypts the instances' storage volumes (the
     * config's KmsKeyId), the results (the output config's KmsKeyId), the created bucket and the
     * created topics; the model's role (modelExecutionRoleName) may use it through S3 and SNS only.
     * A key ARN, not an alias or key id: IAM grants on a key by its ARN. The caller of the deploy
     * needs kms:CreateGrant and kms:DescribeKey on it for the volumes. Instance types with local
     * NVMe storage (ml.g5, ml.g6, ml.p4d, …) encrypt that storage in hardware instead: the key does
     * not cover it, and the deploy says so. Default: S3-managed keys for the bucket and results,
     * the AWS-managed key alias/aws/sns for the topics, and SageMaker's own key for the volumes.
     */
    kmsKeyArn?: pulumi.Input<string>;
    /** Auto scaling between minInstanceCount (default 0) and maxInstanceCount, on the queue's backlog. */
    autoScaling?: AsyncAutoScaling;
    /** A CloudWatch dashboard of the endpoint, `<endpoint name>-dashboard`: its queue, errors, latency, instances and wake-ups. Default false. */
    dashboard?: boolean;
}

/** Auto scaling of an asynchronous endpoint's instances; every setting has a default. */
export interface AsyncAutoScaling {
    /** The fewest instances. Default 0: an idle endpoint costs nothing, and requests wait in its queue. */
    minInstanceCount?: pulumi.Input<number>;
    /** Queued requests per instance that target tracking holds. Default 5, as AWS's guide. */
    targetBacklogPerInstance?: pulumi.Input<number>;
    /** Seconds between scale-in steps. Default 600. */
    scaleInCooldownSeconds?: pulumi.Input<number>;
    /** Seconds between scale-out steps. Default 300. */
    scaleOutCooldownSeconds?: pulumi.Input<number>;
    /** Seconds before the step policy may add an instance again. Default 300. */
    scaleOutFromZeroCooldownSeconds?: pulumi.Input<number>;
}

/** The AWS-managed key for SNS: encrypts topics without a key policy to keep. */
const SNS_MANAGED_KEY = "alias/aws/sns";

/**
 * An asynchronous inference endpoint that scales to zero: requests queue in S3, results land in
 * S3 with an SNS notification, and instances run only while there is work. The endpoint config is
 * named after its content; any change moves the endpoint to a new config in place.
 */
export class AsyncInferenceEndpoint extends pulumi.ComponentResource {
    public readonly endpointName: pulumi.Output<string>;
    public readonly endpointArn: pulumi.Output<string>;
    public readonly endpointConfigName: pulumi.Output<string>;
    public readonly variantName: pulumi.Output<string>;
    /** Where callers upload requests for InvokeEndpointAsync's InputLocation (s3://…/input/). */
    public readonly inputPath: pulumi.Output<string>;
    /** S3OutputPath: where results land. */
    public readonly outputPath: pulumi.Output<string>;
    /** S3FailurePath: where failures land. */
    public readonly failurePath: pulumi.Output<string>;
    /** The bucket of the three paths, created or given. */
    public readonly bucketName: pulumi.Output<string>;
    public readonly successTopicArn: pulumi.Output<string>;
    public readonly errorTopicArn: pulumi.Output<string>;
    /** The permissions the model's role needs for asynchronous requests, as a policy document (JSON). */
    public readonly executionRolePolicy: pulumi.Output<string>;
    public readonly scalableTargetId: pulumi.Output<string>;
    public readonly targetTrackingPolicyArn: pulumi.Output<string>;
    public readonly stepScalingPolicyArn: pulumi.Output<string>;
    /** The HasBacklogWithoutCapacity alarm's name. */
    public readonly alarmName: pulumi.Output<string>;
    /** The alarms made from `alarms` (not the scaling alarm); empty without. */
    public readonly alarmNames: pulumi.Output<string[]>;
    /** The topic those alarms notify, created or given; undefined without alarms. */
    public readonly alarmTopicArn: pulumi.Output<string | undefined>;
    /** The dashboard's name; undefined without `dashboard`. */
    public readonly dashboardName: pulumi.Output<string | undefined>;

    constructor(name: string, args: AsyncInferenceEndpointArgs, opts?: pulumi.ComponentResourceOptions) {
        refuseDataCapture(`${name}.dataCapture`, args.dataCapture, "async");
        const tags = checkedTags(`${name}.tags`, args.tags);
        const namePrefix = namePrefixOf(name, args.namePrefix);
        const endpointName = args.endpointName === undefined
            ? sagemakerName(namePrefix) : sagemakerNameField(`${name}.endpointName`, args.endpointName);
        const region = programRegion();
        const startup = {
            modelDataDownloadTimeoutInSeconds: args.modelDataDownloadTimeoutInSeconds,
            containerStartupHealthCheckTimeoutInSeconds: args.containerStartupHealthCheckTimeoutInSeconds,
        };
        const plan = planEarly({
            endpoint: name,
            instanceType: args.instanceType,
            initialInstanceCount: args.initialInstanceCount,
            variantName: args.variantName ?? "AllTraffic",
            region,
            ...startup,
            maxConcurrentInvocationsPerInstance: args.maxConcurrentInvocationsPerInstance,
            outputBucket: args.outputBucket,
            successTopicArn: args.successTopicArn,
            errorTopicArn: args.errorTopicArn,
            includeInferenceResponseIn: args.includeInferenceResponseIn,
            kmsKeyArn: args.kmsKeyArn,
            outputRetentionDays: args.outputRetentionDays,
            maxInstanceCount: args.maxInstanceCount,
            autoScaling: args.autoScaling ?? {},
        }, (resolved) => planAsyncEndpoint(resolved as Parameters<typeof planAsyncEndpoint>[0]));
        // Apart from the endpoint's paths and topics, which may resolve late: the waits are resource options.
        const settings = planEarlyKnown({ metrics: metricsInput(args), startup, maxInstanceCount: args.maxInstanceCount }, (r) => {
            // Blue/green, SageMaker's default: no deployment config.
            const update = {};
            return { metrics: planMetrics((key) => `${name}.${key}`, r.metrics), update, timeouts: endpointTimeouts(r.startup, update, r.maxInstanceCount) };
        });
        // At once when known; else the endpoint config waits for it and fails with the same message.
        const servable = planEarly(args.modelMode, (mode) => {
            if (mode === MultiContainerMode.Direct) {
                throw invalid(`${name}.modelMode`, mode,
                    "is a Direct multi-container model: InvokeEndpointAsync cannot name a container; use Serial mode or one container");
            }
            return mode;
        });
        const metrics = settings.known?.metrics ?? settings.plan.metrics;
        const alarmsChecked = checkAlarms(`${name}.alarms`, args.alarms, metrics);
        const widgetRegion = args.dashboard ? dashboardRegion(name) : undefined;
        claimEndpointName(endpointName, name);
        super("sagemaker-inference:index:AsyncInferenceEndpoint", name, {}, opts);
        warnOfInstanceStore(this, `${name}.kmsKeyArn`, pulumi.all([args.instanceType]), args.kmsKeyArn);
        const ready: pulumi.Resource[] = [];

        let location: pulumi.Output<S3Location>;
        if (args.outputBucket === undefined) {
            const { bucket, settings } = resultsBucket(this, name, endpointName, plan.outputRetentionDays, plan.apply((p) => p.kmsKeyArn), tags);
            // Nothing is written before the bucket's settings hold.
            ready.push(...settings);
            location = bucket.bucket.apply((b) => ({ bucket: b, prefix: "" }));
        } else {
            location = plan.apply((p) => p.location!);
        }
        const paths = location.apply(asyncPaths);
        const topicKey = plan.apply((p) => p.kmsKeyArn ?? SNS_MANAGED_KEY);
        const topic = (kind: "success" | "error", given: pulumi.Input<string> | undefined, arn: pulumi.Output<string | undefined>) =>
            given === undefined ? new sns.Topic(`${name}-${kind}-topic`, {
                // Named after the endpoint, whose name is unique in the account and region.
                name: sagemakerName(endpointName, kind),
                kmsMasterKeyId: topicKey,
                tags,
            }, { parent: this }).arn : givenValue(`${name}.${kind}TopicArn`, arn);
        const successTopicArn = topic("success", args.successTopicArn, plan.apply((p) => p.successTopicArn));
        const errorTopicArn = topic("error", args.errorTopicArn, plan.apply((p) => p.errorTopicArn));

        const partition = partitionOf(region);
        const policy = pulumi.all([plan, location, successTopicArn, errorTopicArn]).apply(([p, l, s, e]) =>
            JSON.stringify(asyncExecutionPolicy({ partition, location: l, topicArns: [s, e], kmsKeyArn: p.kmsKeyArn })));
        if (args.modelExecutionRoleName !== undefined) {
            // SageMaker sends a test notification when it creates the endpoint: the role must already publish.
            ready.push(new iam.RolePolicy(`${name}-results-policy`, {
                role: givenValue(`${name}.modelExecutionRoleName`, args.modelExecutionRoleName), policy,
            }, { parent: this }));
        }

        const content = pulumi.all([plan, settings.plan, args.modelName, paths, successTopicArn, errorTopicArn, servable]).apply(([p, set, m, pa, s, e]) => ({
            productionVariants: [{ ...p.variant, modelName: m }],
            asyncInferenceConfig: asyncInferenceConfig(p, pa, { success: s, error: e }),
            metricsConfig: set.metrics,
            kmsKeyId: p.kmsKeyArn,
        }));
        const config = endpointConfigOn(this, name, namePrefix, content, tags);
        const { guard, ...outputs } = endpointOn(this, name, endpointName, configNameOf(config), plan.variant.variantName, {
            instanceType: args.instanceType,
            autoScaled: true,
            update: settings.plan.apply((set) => ({ retention: retentionOf(true, true), update: set.update })),
            timeouts: settings.known?.timeouts ?? WORST_CASE_TIMEOUTS,
            tags,
            dependsOn: ready,
        });

        const scaling = autoScalingOn(this, name,
            pulumi.all([outputs.endpointName, plan, guard.instanceType]).apply(([e, p]) => asyncScalingSpec(e, p.variant.variantName, p.scaling)),
            { fromZeroAlarm: "backlog-alarm", dependsOn: [], tags });

        this.endpointName = outputs.endpointName;
        this.endpointArn = outputs.endpointArn;
        this.endpointConfigName = outputs.endpointConfigName;
        this.variantName = outputs.variantName;
        this.inputPath = paths.inputPath;
        this.outputPath = paths.outputPath;
        this.failurePath = paths.failurePath;
        this.bucketName = location.bucket;
        this.successTopicArn = successTopicArn;
        this.errorTopicArn = errorTopicArn;
        this.executionRolePolicy = policy;
        this.scalableTargetId = scaling.target.id;
        this.targetTrackingPolicyArn = scaling.targetTracking.arn;
        this.stepScalingPolicyArn = scaling.step!.arn;
        this.alarmName = scaling.alarm!.name;
        const monitoring = endpointMonitoringOn(this, name, {
            kind: MonitoredKind.Async, endpointName: outputs.endpointName, variantName: outputs.variantName, instanceType: args.instanceType,
            metrics, alarms: args.alarms, checked: alarmsChecked, dashboardRegion: widgetRegion, tags,
        });
        this.alarmNames = monitoring.alarmNames;
        this.alarmTopicArn = monitoring.alarmTopicArn;
        this.dashboardName = monitoring.dashboardName;
        this.registerOutputs({
            ...monitoring,
            ...outputs,
            inputPath: this.inputPath,
            outputPath: this.outputPath,
            failurePath: this.failurePath,
            bucketName: this.bucketName,
            successTopicArn: this.successTopicArn,
            errorTopicArn: this.errorTopicArn,
            executionRolePolicy: this.executionRolePolicy,
            scalableTargetId: this.scalableTargetId,
            targetTrackingPolicyArn: this.targetTrackingPolicyArn,
            stepScalingPolicyArn: this.stepScalingPolicyArn,
            alarmName: this.alarmName,
        });
    }
}

/**
 * The results bucket: encrypted at rest, no public access, TLS only, outputs expiring. Not
 * force-destroyed: deleting the stack fails on a bucket that still holds results rather than
 * deleting them.
 */
function resultsBucket(parent: pulumi.Resource, name: string, endpointName: string, retentionDays: pulumi.Output<number>,
    kmsKeyArn: pulumi.Output<string | undefined>, tags: AsyncInferenceEndpointArgs["tags"]) {
    const bucket = new s3.Bucket(`${name}-results`, {
        bucketPrefix: bucketPrefix(endpointName),
        forceDestroy: false,
        tags,
    }, { parent });
    const encryption = new s3.BucketServerSideEncryptionConfiguration(`${name}-results-encryption`, {
        bucket: bucket.id,
        rules: [{
            applyServerSideEncryptionByDefault: kmsKeyArn.apply((key) =>
                key === undefined ? { sseAlgorithm: "AES256" } : { sseAlgorithm: "aws:kms", kmsMasterKeyId: key }),
            // S3 Bucket Keys cut KMS requests (and their cost) per object.
            bucketKeyEnabled: kmsKeyArn.apply((key) => key !== undefined),
        }],
    }, { parent });
    const publicAccess = new s3.BucketPublicAccessBlock(`${name}-results-public-access`, {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
    }, { parent });
    const tlsOnly = new s3.BucketPolicy(`${name}-results-tls-only`, {
        bucket: bucket.id,
        policy: bucket.arn.apply(tlsOnlyBucketPolicy),
    }, { parent, dependsOn: [publicAccess] });
    const lifecycle = new s3.BucketLifecycleConfiguration(`${name}-results-lifecycle`, {
        bucket: bucket.id,
        rules: retentionDays.apply(outputLifecycleRules),
    }, { parent });
    return { bucket, settings: [encryption, publicAccess, tlsOnly, lifecycle] };
}
