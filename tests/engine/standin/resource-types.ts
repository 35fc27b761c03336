/**
 * What the stand-in account knows of each resource type the stacks use: where its physical name
 * lives and how the real provider autonames it, the id and outputs the real provider returns, the
 * AWS request its inputs turn into (to check against AWS's own models), which changes replace it,
 * and what it refers to. Plain data and functions over plain values; the account applies them.
 */
import * as crypto from "crypto";
import { AwsService } from "../../support/aws-spec";
import { ProviderName, Props } from "./protocol";

export const ACCOUNT_ID = "123456789012";

/** The region key of names AWS keeps account-wide (IAM) or worldwide (S3 buckets). */
export const GLOBAL = "global";

/** Kinds of physical resource: a name is unique per kind, account and region, as in AWS. */
export type Kind =
    | "iam-role" | "iam-role-policy" | "sagemaker-model" | "sagemaker-endpoint-config" | "sagemaker-endpoint"
    | "sagemaker-inference-component" | "sns-topic" | "s3-bucket" | "s3-public-access-block" | "s3-encryption"
    | "s3-lifecycle" | "s3-policy" | "scalable-target" | "scaling-policy" | "metric-alarm" | "schedule" | "dashboard";

/** A thing a resource refers to, which must exist in the account when it is created or updated. */
export interface Reference {
    /** The input path that refers, for the error message. */
    property: string;
    kind: Kind;
    /** The physical name (the kind's key) referred to. */
    key: string;
}

/** aws-native ids are the CloudFormation types' primary identifiers: the ARN for the three SageMaker types used. */
export interface TypeSpec {
    provider: ProviderName;
    kind: Kind;
    /** IAM and S3 bucket names are not per region. */
    globalNames?: boolean;
    /** The input naming the resource, autonamed by Check when absent. */
    nameProperty?: string;
    /** The input that asks for a name made of a prefix and a unique suffix (classic `namePrefix`, `bucketPrefix`). */
    prefixProperty?: string;
    /** The longest name AWS takes, for trimming an autoname. */
    maxNameLength?: number;
    /** The unique key of the physical resource (its name, or names it is made of), from its inputs. */
    key(inputs: Props): string;
    /** The id the real provider returns. */
    id(inputs: Props, region: string): string;
    /** The outputs the real provider returns beyond the inputs. */
    computed(inputs: Props, region: string): Props;
    /** aws-native: the CloudFormation type its inputs are checked against. */
    cfnType?: string;
    /** Classic: the API request its inputs turn into, checked against the botocore model. */
    request?: (inputs: Props) => { service: AwsService; shape: string; value: Props };
    /** Classic: terraform-provider-aws's ForceNew attributes (Pulumi names); see FORCE_NEW_SOURCES. */
    forceNew?: string[];
    /** Classic resources in a region carry it as an input (pulumi-aws 7 adds it in Check). */
    regional?: boolean;
    references?: (inputs: Props) => Reference[];
    /** The error AWS gives for a name already taken. */
    taken?: (key: string, region: string) => string;
}

const str = (v: unknown): string => (typeof v === "string" ? v : "");
const obj = (v: unknown): Props => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Props) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const hex = (n: number): string => crypto.randomBytes(Math.ceil(n / 2)).toString("hex").slice(0, n);

/** A map of tags as the classic resources take them, as the APIs' `[{Key, Value}]`. */
function tagList(tags: unknown): { Key: string; Value: unknown }[] | undefined {
    return tags === undefined ? undefined : Object.entries(obj(tags)).map(([Key, Value]) => ({ Key, Value }));
}

/** An object without the keys whose value is undefined, so that absent inputs stay absent. */
function defined(value: Props): Props {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

/** The name of a role from its ARN (`arn:aws:iam::<account>:role/<path>/<name>`), or undefined. */
export function roleNameOfArn(arn: string): string | undefined {
    const match = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn);
    return match && match[1] === ACCOUNT_ID ? match[2] : undefined;
}

const sagemakerArn = (region: string, what: string, name: string) => `arn:aws:sagemaker:${region}:${ACCOUNT_ID}:${what}/${name.toLowerCase()}`;

/** SageMaker's own wording for a name taken, with the ARN of the thing that has it. */
const sagemakerTaken = (what: string, arnPart: string) => (key: string, region: string) =>
    `ValidationException: Cannot create already existing ${what} "${sagemakerArn(region, arnPart, key)}".`;

/** Scalable targets are keyed by namespace, resource and dimension, as Application Auto Scaling keys them. */
export const targetKey = (inputs: Props) => `${str(inputs.serviceNamespace)}|${str(inputs.resourceId)}|${str(inputs.scalableDimension)}`;

/** What a scalable target's resource id refers to: an endpoint's variant or an inference component. */
function scalableResourceReferences(inputs: Props): Reference[] {
    const resourceId = str(inputs.resourceId);
    const variant = /^endpoint\/([^/]+)\/variant\/([^/]+)$/.exec(resourceId);
    if (variant) {
        return [{ property: "resourceId", kind: "sagemaker-endpoint", key: variant[1].toLowerCase() }];
    }
    const component = /^inference-component\/([^/]+)$/.exec(resourceId);
    return component ? [{ property: "resourceId", kind: "sagemaker-inference-component", key: component[1].toLowerCase() }] : [];
}

const bucketReference = (inputs: Props): Reference[] => [{ property: "bucket", kind: "s3-bucket", key: str(inputs.bucket) }];

/** A bucket sub-resource (one per bucket): keyed and named by its bucket. */
function bucketPart(kind: Kind, shape: string, forceNew: string[], body: (inputs: Props) => Props): TypeSpec {
    return {
        provider: "aws", kind, regional: true, key: (i) => str(i.bucket), id: (i) => str(i.bucket), computed: () => ({}),
        request: (i) => ({ service: "s3", shape, value: defined({ Bucket: i.bucket, ExpectedBucketOwner: i.expectedBucketOwner, ...body(i) }) }),
        forceNew, references: bucketReference,
        taken: (key) => `the stand-in account holds a ${kind} of bucket ${key} already: two resources would own one bucket setting`,
    };
}

/** Step adjustments as the API takes them: the classic provider holds the bounds as strings. */
function stepAdjustments(value: unknown): Props[] {
    return list(value).map((s) => {
        const a = obj(s);
        const bound = (b: unknown) => (b === undefined || b === "" ? undefined : Number(b));
        return defined({ MetricIntervalLowerBound: bound(a.metricIntervalLowerBound), MetricIntervalUpperBound: bound(a.metricIntervalUpperBound), ScalingAdjustment: a.scalingAdjustment });
    });
}

/** A container definition as the API takes it: the classic provider holds the model's S3 data source as a list of one. */
function container(value: unknown): Props {
    const c = obj(value);
    const source = c.modelDataSource === undefined ? undefined : obj(c.modelDataSource);
    return defined({ ...c, modelDataSource: source && defined({ S3DataSource: list(source.s3DataSources)[0] }) });
}

export const TYPES: Record<string, TypeSpec> = {
    "aws:iam/role:Role": {
        provider: "aws", kind: "iam-role", globalNames: true, nameProperty: "name", prefixProperty: "namePrefix", maxNameLength: 64,
        key: (i) => str(i.name), id: (i) => str(i.name),
        computed: (i) => ({
            arn: `arn:aws:iam::${ACCOUNT_ID}:role${str(i.path) || "/"}${str(i.name)}`, path: str(i.path) || "/", uniqueId: `AROA${hex(17).toUpperCase()}`,
            createDate: new Date().toISOString(), maxSessionDuration: i.maxSessionDuration ?? 3600, tagsAll: i.tags ?? {},
        }),
        request: (i) => ({
            service: "iam", shape: "CreateRoleRequest",
            value: defined({ RoleName: i.name, Path: i.path, AssumeRolePolicyDocument: i.assumeRolePolicy, Description: i.description, MaxSessionDuration: i.maxSessionDuration, PermissionsBoundary: i.permissionsBoundary, Tags: tagList(i.tags) }),
        }),
        forceNew: ["name", "namePrefix", "path"],
        taken: (key) => `EntityAlreadyExists: Role with name ${key} already exists.`,
    },
    "aws:iam/rolePolicy:RolePolicy": {
        provider: "aws", kind: "iam-role-policy", globalNames: true, nameProperty: "name", prefixProperty: "namePrefix", maxNameLength: 128,
        key: (i) => `${str(i.role)}:${str(i.name)}`, id: (i) => `${str(i.role)}:${str(i.name)}`, computed: () => ({}),
        request: (i) => ({ service: "iam", shape: "PutRolePolicyRequest", value: defined({ RoleName: i.role, PolicyName: i.name, PolicyDocument: i.policy }) }),
        forceNew: ["name", "namePrefix", "role"],
        references: (i) => [{ property: "role", kind: "iam-role", key: str(i.role) }],
        taken: (key) => `the stand-in account holds role policy ${key} already: two resources would own one inline policy`,
    },
    "aws:sagemaker/model:Model": {
        provider: "aws", kind: "sagemaker-model", regional: true, nameProperty: "name", maxNameLength: 63,
        key: (i) => str(i.name).toLowerCase(), id: (i) => str(i.name),
        computed: (i, region) => ({ arn: sagemakerArn(region, "model", str(i.name)), tagsAll: i.tags ?? {} }),
        request: (i) => ({
            service: "sagemaker", shape: "CreateModelInput",
            value: defined({
                ModelName: i.name, PrimaryContainer: i.primaryContainer === undefined ? undefined : container(i.primaryContainer),
                Containers: i.containers === undefined ? undefined : list(i.containers).map(container), ExecutionRoleArn: i.executionRoleArn,
                VpcConfig: i.vpcConfig, EnableNetworkIsolation: i.enableNetworkIsolation, InferenceExecutionConfig: i.inferenceExecutionConfig, Tags: tagList(i.tags),
            }),
        }),
        forceNew: ["name", "primaryContainer", "containers", "executionRoleArn", "vpcConfig", "enableNetworkIsolation", "inferenceExecutionConfig"],
        taken: sagemakerTaken("model", "model"),
    },
    "aws:sns/topic:Topic": {
        provider: "aws", kind: "sns-topic", regional: true, nameProperty: "name", prefixProperty: "namePrefix", maxNameLength: 256,
        key: (i) => str(i.name), id: (i, region) => `arn:aws:sns:${region}:${ACCOUNT_ID}:${str(i.name)}`,
        computed: (i, region) => ({ arn: `arn:aws:sns:${region}:${ACCOUNT_ID}:${str(i.name)}`, owner: ACCOUNT_ID, tagsAll: i.tags ?? {} }),
        request: (i) => {
            // The classic topic's settings are the API's topic attributes, all strings.
            const attributes = defined({
                DisplayName: i.displayName, KmsMasterKeyId: i.kmsMasterKeyId, Policy: i.policy, DeliveryPolicy: i.deliveryPolicy,
                FifoTopic: i.fifoTopic === undefined ? undefined : String(i.fifoTopic), SignatureVersion: i.signatureVersion === undefined ? undefined : String(i.signatureVersion),
                TracingConfig: i.tracingConfig, ContentBasedDeduplication: i.contentBasedDeduplication === undefined ? undefined : String(i.contentBasedDeduplication),
            });
            return { service: "sns", shape: "CreateTopicInput", value: defined({ Name: i.name, Attributes: Object.keys(attributes).length > 0 ? attributes : undefined, Tags: tagList(i.tags) }) };
        },
        forceNew: ["name", "namePrefix", "fifoTopic"],
        taken: (key) => `the stand-in account holds topic ${key} already (CreateTopic would hand back the existing topic: two resources would own it)`,
    },
    "aws:s3/bucket:Bucket": {
        provider: "aws", kind: "s3-bucket", regional: true, globalNames: true, nameProperty: "bucket", prefixProperty: "bucketPrefix", maxNameLength: 63,
        key: (i) => str(i.bucket), id: (i) => str(i.bucket),
        computed: (i, region) => ({
            arn: `arn:aws:s3:::${str(i.bucket)}`, bucketDomainName: `${str(i.bucket)}.s3.amazonaws.com`,
            bucketRegionalDomainName: `${str(i.bucket)}.s3.${region}.amazonaws.com`, hostedZoneId: "Z3AQBSTGFYJSTF", tagsAll: i.tags ?? {},
        }),
        request: (i) => ({ service: "s3", shape: "CreateBucketRequest", value: defined({ Bucket: i.bucket, ObjectLockEnabledForBucket: i.objectLockEnabled }) }),
        forceNew: ["bucket", "bucketPrefix", "objectLockEnabled"],
        taken: (key) => `BucketAlreadyOwnedByYou: Your previous request to create the named bucket succeeded and you already own it. (${key})`,
    },
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": bucketPart("s3-public-access-block", "PutPublicAccessBlockRequest", ["bucket"], (i) => ({
        PublicAccessBlockConfiguration: defined({ BlockPublicAcls: i.blockPublicAcls, BlockPublicPolicy: i.blockPublicPolicy, IgnorePublicAcls: i.ignorePublicAcls, RestrictPublicBuckets: i.restrictPublicBuckets }),
    })),
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": bucketPart("s3-encryption", "PutBucketEncryptionRequest", ["bucket", "expectedBucketOwner"], (i) => ({
        ServerSideEncryptionConfiguration: {
            Rules: list(i.rules).map((r) => {
                const byDefault = obj(obj(r).applyServerSideEncryptionByDefault);
                return defined({
                    ApplyServerSideEncryptionByDefault: obj(r).applyServerSideEncryptionByDefault === undefined ? undefined
                        : defined({ SSEAlgorithm: byDefault.sseAlgorithm, KMSMasterKeyID: byDefault.kmsMasterKeyId }),
                    BucketKeyEnabled: obj(r).bucketKeyEnabled,
                });
            }),
        },
    })),
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": bucketPart("s3-lifecycle", "PutBucketLifecycleConfigurationRequest", ["bucket", "expectedBucketOwner"], (i) => ({
        LifecycleConfiguration: {
            Rules: list(i.rules).map((raw) => {
                const r = obj(raw);
                const abort = obj(r.abortIncompleteMultipartUpload);
                const expiration = obj(r.expiration);
                return defined({
                    ID: r.id, Status: r.status, Prefix: r.prefix,
                    Filter: r.filter === undefined ? undefined : defined({ Prefix: obj(r.filter).prefix, ObjectSizeGreaterThan: obj(r.filter).objectSizeGreaterThan, ObjectSizeLessThan: obj(r.filter).objectSizeLessThan }),
                    Expiration: r.expiration === undefined ? undefined : defined({ Days: expiration.days, Date: expiration.date, ExpiredObjectDeleteMarker: expiration.expiredObjectDeleteMarker }),
                    AbortIncompleteMultipartUpload: r.abortIncompleteMultipartUpload === undefined ? undefined : defined({ DaysAfterInitiation: abort.daysAfterInitiation }),
                });
            }),
        },
    })),
    "aws:s3/bucketPolicy:BucketPolicy": bucketPart("s3-policy", "PutBucketPolicyRequest", ["bucket"], (i) => ({ Policy: i.policy })),
    "aws:appautoscaling/target:Target": {
        provider: "aws", kind: "scalable-target", regional: true,
        key: targetKey, id: (i) => str(i.resourceId),
        computed: (i, region) => ({
            arn: `arn:aws:application-autoscaling:${region}:${ACCOUNT_ID}:scalable-target/${hex(34)}`,
            roleArn: i.roleArn ?? `arn:aws:iam::${ACCOUNT_ID}:role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint`,
            tagsAll: i.tags ?? {},
        }),
        request: (i) => ({
            service: "application-autoscaling", shape: "RegisterScalableTargetRequest",
            value: defined({ ServiceNamespace: i.serviceNamespace, ResourceId: i.resourceId, ScalableDimension: i.scalableDimension, MinCapacity: i.minCapacity, MaxCapacity: i.maxCapacity, RoleARN: i.roleArn, SuspendedState: i.suspendedState }),
        }),
        forceNew: ["resourceId", "scalableDimension", "serviceNamespace"],
        references: scalableResourceReferences,
        taken: (key) => `the stand-in account holds scalable target ${key} already (RegisterScalableTarget would update it: two resources would own it)`,
    },
    "aws:appautoscaling/policy:Policy": {
        provider: "aws", kind: "scaling-policy", regional: true, nameProperty: "name", maxNameLength: 255,
        key: (i) => `${targetKey(i)}|${str(i.name)}`, id: (i) => str(i.name),
        computed: (i, region) => ({
            arn: `arn:aws:autoscaling:${region}:${ACCOUNT_ID}:scalingPolicy:${crypto.randomUUID()}:resource/${str(i.serviceNamespace)}/${str(i.resourceId)}:policyName/${str(i.name)}`,
            alarmArns: [],
        }),
        request: (i) => {
            const step = i.stepScalingPolicyConfiguration === undefined ? undefined : obj(i.stepScalingPolicyConfiguration);
            const tracking = i.targetTrackingScalingPolicyConfiguration === undefined ? undefined : obj(i.targetTrackingScalingPolicyConfiguration);
            return {
                service: "application-autoscaling", shape: "PutScalingPolicyRequest",
                value: defined({
                    PolicyName: i.name, ServiceNamespace: i.serviceNamespace, ResourceId: i.resourceId, ScalableDimension: i.scalableDimension, PolicyType: i.policyType,
                    StepScalingPolicyConfiguration: step && defined({
                        AdjustmentType: step.adjustmentType, Cooldown: step.cooldown, MetricAggregationType: step.metricAggregationType,
                        MinAdjustmentMagnitude: step.minAdjustmentMagnitude, StepAdjustments: step.stepAdjustments === undefined ? undefined : stepAdjustments(step.stepAdjustments),
                    }),
                    TargetTrackingScalingPolicyConfiguration: tracking && defined({
                        TargetValue: tracking.targetValue, DisableScaleIn: tracking.disableScaleIn, ScaleInCooldown: tracking.scaleInCooldown, ScaleOutCooldown: tracking.scaleOutCooldown,
                        PredefinedMetricSpecification: tracking.predefinedMetricSpecification, CustomizedMetricSpecification: tracking.customizedMetricSpecification,
                    }),
                }),
            };
        },
        forceNew: ["name", "resourceId", "scalableDimension", "serviceNamespace"],
        references: (i) => [{ property: "resourceId", kind: "scalable-target", key: targetKey(i) }],
        taken: (key) => `the stand-in account holds scaling policy ${key} already (PutScalingPolicy would overwrite it: two resources would own it)`,
    },
    "aws:cloudwatch/metricAlarm:MetricAlarm": {
        provider: "aws", kind: "metric-alarm", regional: true, nameProperty: "name", maxNameLength: 255,
        key: (i) => str(i.name), id: (i) => str(i.name),
        computed: (i, region) => ({ arn: `arn:aws:cloudwatch:${region}:${ACCOUNT_ID}:alarm:${str(i.name)}`, tagsAll: i.tags ?? {} }),
        request: (i) => ({
            service: "cloudwatch", shape: "PutMetricAlarmInput",
            value: defined({
                AlarmName: i.name, AlarmDescription: i.alarmDescription, ActionsEnabled: i.actionsEnabled, AlarmActions: i.alarmActions, OKActions: i.okActions,
                InsufficientDataActions: i.insufficientDataActions, MetricName: i.metricName, Namespace: i.namespace, Statistic: i.statistic, ExtendedStatistic: i.extendedStatistic,
                Dimensions: i.dimensions === undefined ? undefined : Object.entries(obj(i.dimensions)).map(([Name, Value]) => ({ Name, Value })),
                Period: i.period, Unit: i.unit, EvaluationPeriods: i.evaluationPeriods, DatapointsToAlarm: i.datapointsToAlarm, Threshold: i.threshold,
                ComparisonOperator: i.comparisonOperator, TreatMissingData: i.treatMissingData, EvaluateLowSampleCountPercentile: i.evaluateLowSampleCountPercentiles,
                ThresholdMetricId: i.thresholdMetricId, Tags: tagList(i.tags),
                Metrics: i.metricQueries === undefined ? undefined : list(i.metricQueries).map((q) => {
                    const m = obj(obj(q).metric);
                    return defined({
                        Id: obj(q).id, Expression: obj(q).expression, Label: obj(q).label, ReturnData: obj(q).returnData, Period: obj(q).period, AccountId: obj(q).accountId,
                        MetricStat: obj(q).metric === undefined ? undefined : defined({
                            Metric: defined({ MetricName: m.metricName, Namespace: m.namespace, Dimensions: m.dimensions === undefined ? undefined : Object.entries(obj(m.dimensions)).map(([Name, Value]) => ({ Name, Value })) }),
                            Period: m.period, Stat: m.stat, Unit: m.unit,
                        }),
                    });
                }),
            }),
        }),
        forceNew: ["name"],
        // terraform-provider-aws's own check before PutMetricAlarm (metric_alarm.go, resourceMetricAlarmCreate).
        taken: (key) => `CloudWatch metric alarm "${key}" already exists`,
    },
    "aws:cloudwatch/dashboard:Dashboard": {
        // No autoname: dashboardName is required. PutDashboard would overwrite a dashboard of that name.
        provider: "aws", kind: "dashboard", regional: true, nameProperty: "dashboardName", maxNameLength: 255,
        key: (i) => str(i.dashboardName), id: (i) => str(i.dashboardName),
        computed: (i) => ({ dashboardArn: `arn:aws:cloudwatch::${ACCOUNT_ID}:dashboard/${str(i.dashboardName)}` }),
        request: (i) => ({ service: "cloudwatch", shape: "PutDashboardInput", value: defined({ DashboardName: i.dashboardName, DashboardBody: i.dashboardBody }) }),
        forceNew: ["dashboardName"],
        taken: (key) => `the stand-in account holds dashboard ${key} already (PutDashboard would overwrite it: two resources would own it)`,
    },
    "aws:scheduler/schedule:Schedule": {
        provider: "aws", kind: "schedule", regional: true, nameProperty: "name", prefixProperty: "namePrefix", maxNameLength: 64,
        key: (i) => `${str(i.groupName) || "default"}/${str(i.name)}`, id: (i) => `${str(i.groupName) || "default"}/${str(i.name)}`,
        computed: (i, region) => ({ arn: `arn:aws:scheduler:${region}:${ACCOUNT_ID}:schedule/${str(i.groupName) || "default"}/${str(i.name)}`, groupName: str(i.groupName) || "default" }),
        request: (i) => {
            const { region: _region, namePrefix: _prefix, ...rest } = i;
            // The classic schedule's inputs are the API's members in camelCase.
            return { service: "scheduler", shape: "CreateScheduleInput", value: rest };
        },
        forceNew: ["name", "namePrefix", "groupName"],
        references: (i) => {
            const role = roleNameOfArn(str(obj(i.target).roleArn));
            return [{ property: "target.roleArn", kind: "iam-role", key: role ?? str(obj(i.target).roleArn) }];
        },
        taken: (key) => `ConflictException: Schedule ${key} already exists.`,
    },
    // The classic endpoint config and endpoint: the package's until c54d665 (unreleased), for the
    // upgrade test's states recorded before it.
    "aws:sagemaker/endpointConfiguration:EndpointConfiguration": {
        provider: "aws", kind: "sagemaker-endpoint-config", regional: true, nameProperty: "name", maxNameLength: 63,
        key: (i) => str(i.name).toLowerCase(), id: (i) => str(i.name),
        computed: (i, region) => ({ arn: sagemakerArn(region, "endpoint-config", str(i.name)), tagsAll: i.tags ?? {} }),
        request: (i) => ({
            service: "sagemaker", shape: "CreateEndpointConfigInput",
            value: defined({
                EndpointConfigName: i.name, ExecutionRoleArn: i.executionRoleArn, Tags: tagList(i.tags),
                // The classic provider's routingConfigs (a list of one) is the API's RoutingConfig.
                ProductionVariants: list(i.productionVariants).map((v) => {
                    const { routingConfigs, ...rest } = obj(v);
                    return defined({ ...rest, routingConfig: list(routingConfigs)[0] });
                }),
            }),
        }),
        forceNew: ["name", "namePrefix", "executionRoleArn", "productionVariants", "kmsKeyArn", "dataCaptureConfig", "asyncInferenceConfig", "shadowProductionVariants"],
        references: (i) => list(i.productionVariants).flatMap((v, n) => obj(v).modelName === undefined ? []
            : [{ property: `productionVariants[${n}].modelName`, kind: "sagemaker-model" as Kind, key: str(obj(v).modelName).toLowerCase() }]),
        taken: sagemakerTaken("endpoint configuration", "endpoint-config"),
    },
    "aws:sagemaker/endpoint:Endpoint": {
        provider: "aws", kind: "sagemaker-endpoint", regional: true, nameProperty: "name", maxNameLength: 63,
        key: (i) => str(i.name).toLowerCase(), id: (i) => str(i.name),
        computed: (i, region) => ({ arn: sagemakerArn(region, "endpoint", str(i.name)), tagsAll: i.tags ?? {} }),
        request: (i) => ({ service: "sagemaker", shape: "CreateEndpointInput", value: defined({ EndpointName: i.name, EndpointConfigName: i.endpointConfigName, Tags: tagList(i.tags) }) }),
        forceNew: ["name"],
        references: (i) => [{ property: "endpointConfigName", kind: "sagemaker-endpoint-config", key: str(i.endpointConfigName).toLowerCase() }],
        taken: sagemakerTaken("endpoint", "endpoint"),
    },
    "aws-native:sagemaker:EndpointConfig": {
        provider: "aws-native", kind: "sagemaker-endpoint-config", nameProperty: "endpointConfigName", maxNameLength: 63, cfnType: "AWS::SageMaker::EndpointConfig",
        key: (i) => str(i.endpointConfigName).toLowerCase(), id: (i, region) => sagemakerArn(region, "endpoint-config", str(i.endpointConfigName)),
        computed: (i, region) => ({ endpointConfigArn: sagemakerArn(region, "endpoint-config", str(i.endpointConfigName)) }),
        references: (i) => list(i.productionVariants).flatMap((v, n) => obj(v).modelName === undefined ? []
            : [{ property: `productionVariants[${n}].modelName`, kind: "sagemaker-model" as Kind, key: str(obj(v).modelName).toLowerCase() }]),
        taken: sagemakerTaken("endpoint configuration", "endpoint-config"),
    },
    "aws-native:sagemaker:Endpoint": {
        provider: "aws-native", kind: "sagemaker-endpoint", nameProperty: "endpointName", maxNameLength: 63, cfnType: "AWS::SageMaker::Endpoint",
        key: (i) => str(i.endpointName).toLowerCase(), id: (i, region) => sagemakerArn(region, "endpoint", str(i.endpointName)),
        computed: (i, region) => ({ endpointArn: sagemakerArn(region, "endpoint", str(i.endpointName)) }),
        references: (i) => [{ property: "endpointConfigName", kind: "sagemaker-endpoint-config", key: str(i.endpointConfigName).toLowerCase() }],
        taken: sagemakerTaken("endpoint", "endpoint"),
    },
    "aws-native:sagemaker:InferenceComponent": {
        provider: "aws-native", kind: "sagemaker-inference-component", nameProperty: "inferenceComponentName", maxNameLength: 63, cfnType: "AWS::SageMaker::InferenceComponent",
        key: (i) => str(i.inferenceComponentName).toLowerCase(), id: (i, region) => sagemakerArn(region, "inference-component", str(i.inferenceComponentName)),
        computed: (i, region) => {
            const now = new Date().toISOString();
            const copies = obj(i.runtimeConfig).copyCount;
            return {
                inferenceComponentArn: sagemakerArn(region, "inference-component", str(i.inferenceComponentName)), inferenceComponentStatus: "InService",
                creationTime: now, lastModifiedTime: now,
                runtimeConfig: { ...obj(i.runtimeConfig), desiredCopyCount: copies, currentCopyCount: copies },
            };
        },
        references: (i) => [
            { property: "endpointName", kind: "sagemaker-endpoint", key: str(i.endpointName).toLowerCase() },
            ...(obj(i.specification).modelName === undefined ? [] : [{ property: "specification.modelName", kind: "sagemaker-model" as Kind, key: str(obj(i.specification).modelName).toLowerCase() }]),
        ],
        taken: sagemakerTaken("inference component", "inference-component"),
    },
};

/**
 * Where each classic ForceNew list above comes from: terraform-provider-aws (github.com/hashicorp/
 * terraform-provider-aws, `internal/service/...`), whose schema pulumi-aws bridges. "read" entries
 * were read in the provider's source; "assumed" ones are from the provider's documented behaviour
 * (its docs say "Forces new resource" for them) and were not read in the source here.
 * `region` forces a new resource on every regional type (internal/provider/sdkv2: forceNewIfRegionChanges),
 * except a change between "" and the provider's region.
 */
export const FORCE_NEW_SOURCES: Record<string, string> = {
    "aws:iam/role:Role": "read: iam/role.go name, name_prefix, path",
    "aws:iam/rolePolicy:RolePolicy": "read: iam/role_policy.go name, name_prefix, role",
    "aws:sagemaker/model:Model": "read: sagemaker/model.go name, primary_container and container (every field), execution_role_arn, vpc_config, enable_network_isolation, inference_execution_config; not tags",
    "aws:sns/topic:Topic": "read: sns/topic.go name, name_prefix, fifo_topic",
    "aws:s3/bucket:Bucket": "assumed: s3/bucket.go bucket, bucket_prefix, object_lock_enabled",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": "read: s3/bucket_public_access_block.go bucket",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": "assumed: s3/bucket_server_side_encryption_configuration.go bucket, expected_bucket_owner",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": "assumed: s3/bucket_lifecycle_configuration.go bucket, expected_bucket_owner (RequiresReplace)",
    "aws:s3/bucketPolicy:BucketPolicy": "read: s3/bucket_policy.go bucket",
    "aws:sagemaker/endpointConfiguration:EndpointConfiguration": "assumed: sagemaker/endpoint_configuration.go, every argument but tags (only for states recorded before c54d665)",
    "aws:sagemaker/endpoint:Endpoint": "assumed: sagemaker/endpoint.go name (only for states recorded before c54d665)",
    "aws:appautoscaling/target:Target": "read: appautoscaling/target.go resource_id, scalable_dimension, service_namespace",
    "aws:appautoscaling/policy:Policy": "read: appautoscaling/policy.go name, resource_id, scalable_dimension, service_namespace",
    "aws:cloudwatch/metricAlarm:MetricAlarm": "read: cloudwatch/metric_alarm.go alarm_name",
    "aws:cloudwatch/dashboard:Dashboard": "assumed: cloudwatch/dashboard.go dashboard_name (ForceNew; dashboard_body updates in place)",
    "aws:scheduler/schedule:Schedule": "read: scheduler/schedule.go name, name_prefix, group_name",
};

/**
 * A name made as the real providers make one when none is given: `<logical name>-<7 lowercase hex>`
 * (pulumi-aws's autonaming; aws-native's `autonaming.getDefaultName`), trimmed to fit; with a
 * prefix asked for, the prefix and a 26-character unique suffix (terraform's PrefixedUniqueId).
 */
export function autoname(logical: string, spec: TypeSpec, prefix?: string): string {
    if (prefix !== undefined) {
        const suffix = `${Date.now()}${hex(13)}`.slice(0, 26).padEnd(26, "0");
        return `${prefix}${suffix}`;
    }
    const random = hex(7);
    const max = spec.maxNameLength ?? 255;
    const stem = `${logical}-`;
    return stem.length + random.length <= max ? `${stem}${random}` : `${stem.slice(0, max - random.length)}${random}`;
}
