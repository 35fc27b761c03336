import * as assert from "assert";
import { shortHash } from "../../core/names";
import { formatPlan } from "../../scripts/plan";
import { cfnViolations } from "../support/aws-spec";
import { deploySteps } from "../support/engine-steps";
import { expectFailure, loadStackConfig, one, ofType, ProgramRun, registered, runProgram, TYPES } from "../support/harness";

const NS = "sagemaker-inference";
const committed = loadStackConfig("production");
const realtime = committed[`${NS}:realtime`] as Record<string, unknown>;
const asyncConfig = committed[`${NS}:async`] as Record<string, unknown>;
const KEY = committed[`${NS}:kmsKeyArn`] as string;
const PLAN = "arn:aws:sagemaker:us-east-1:123456789012:training-plan/prod-plan";
const GIVEN_ROLE = "arn:aws:iam::123456789012:role/prod-sagemaker";

const REALTIME = "sagemaker-inference-production-realtime";
const ASYNC = "sagemaker-inference-production-async";
/** The created results bucket, as the mocks complete its prefix (scripts/offline-runtime.ts). */
const BUCKET = `${ASYNC}-${shortHash("async-results", 12)}`;
const TOPIC_ARN = (kind: string) => `arn:aws:sns:us-east-1:123456789012:${ASYNC}-${kind}`;
/** What the async model's role needs, on the created bucket and topics. */
const ASYNC_POLICY = {
    Version: "2012-10-17",
    Statement: [
        { Sid: "ReadAsyncRequests", Effect: "Allow", Action: ["s3:GetObject"], Resource: [`arn:aws:s3:::${BUCKET}/input/*`] },
        { Sid: "WriteAsyncResults", Effect: "Allow", Action: ["s3:PutObject"], Resource: [`arn:aws:s3:::${BUCKET}/output/*`, `arn:aws:s3:::${BUCKET}/failure/*`] },
        { Sid: "PublishAsyncNotifications", Effect: "Allow", Action: ["sns:Publish"], Resource: [TOPIC_ARN("success"), TOPIC_ARN("error")] },
        // The committed key encrypts the results and the created topics: used through S3 and SNS only.
        { Sid: "UseAsyncKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: [KEY],
            Condition: { StringEquals: { "kms:ViaService": ["s3.us-east-1.amazonaws.com", "sns.us-east-1.amazonaws.com"] } } },
    ],
};
const VARIANT_DIMENSION = "sagemaker:variant:DesiredInstanceCount";
/** An auto-scaled variant's update keeps the instance count auto scaling set, and takes the new config's weight. */
const KEEPS_SCALED_COUNT = { retainAllVariantProperties: true, excludeRetainedVariantProperties: [{ variantPropertyType: "DesiredWeight" }] };

const production = (change: Record<string, unknown> = {}) => runProgram({ stack: "production", config: { ...committed, ...change } });

describe("production stack", () => {
    let r: ProgramRun;
    before(async () => {
        r = await production();
    });

    it("deploys the committed Pulumi.production.yaml: a real-time and an asynchronous endpoint, with their outputs", () => {
        const realtimeEndpoint = one(r, TYPES.endpoint, "realtime-endpoint").inputs;
        const asyncEndpoint = one(r, TYPES.endpoint, "async-endpoint").inputs;
        // On demand: SageMaker's blue/green update, no deploymentConfig.
        assert.deepStrictEqual(realtimeEndpoint, {
            endpointName: REALTIME, endpointConfigName: one(r, TYPES.endpointConfig, "realtime-config").inputs.endpointConfigName, ...KEEPS_SCALED_COUNT,
        });
        assert.deepStrictEqual(asyncEndpoint, {
            endpointName: ASYNC, endpointConfigName: one(r, TYPES.endpointConfig, "async-config").inputs.endpointConfigName, ...KEEPS_SCALED_COUNT,
        });
        assert.match(realtimeEndpoint.endpointConfigName, /^realtime-[0-9a-f]{8}$/);
        assert.match(asyncEndpoint.endpointConfigName, /^async-[0-9a-f]{8}$/);
        // Enhanced metrics every 10 s, and no detailed metrics, on both endpoints.
        assert.deepStrictEqual(one(r, TYPES.endpointConfig, "realtime-config").inputs.metricsConfig, { enableEnhancedMetrics: true, enableDetailedObservability: false, metricPublishFrequencyInSeconds: 10 });
        assert.deepStrictEqual(one(r, TYPES.endpointConfig, "async-config").inputs.metricsConfig, { enableEnhancedMetrics: true, enableDetailedObservability: false, metricPublishFrequencyInSeconds: 10 });
        for (const name of ["realtime", "async"]) {
            assert.deepStrictEqual(cfnViolations("AWS::SageMaker::EndpointConfig", one(r, TYPES.endpointConfig, `${name}-config`).inputs), [], name);
            assert.deepStrictEqual(cfnViolations("AWS::SageMaker::Endpoint", one(r, TYPES.endpoint, `${name}-endpoint`).inputs), [], name);
        }
        const { outputConfig } = one(r, TYPES.endpointConfig, "async-config").inputs.asyncInferenceConfig;
        assert.deepStrictEqual(outputConfig, {
            s3OutputPath: `s3://${BUCKET}/output/`,
            s3FailurePath: `s3://${BUCKET}/failure/`,
            notificationConfig: { successTopic: TOPIC_ARN("success"), errorTopic: TOPIC_ARN("error") },
            // The committed key encrypts the results, as it does the volumes.
            kmsKeyId: KEY,
        });
        assert.deepStrictEqual(r.outputs, {
            realtimeEndpointName: realtimeEndpoint.endpointName,
            realtimeEndpointArn: `arn:aws:sagemaker:us-east-1:123456789012:endpoint/${REALTIME}`,
            asyncEndpointName: asyncEndpoint.endpointName,
            asyncEndpointArn: `arn:aws:sagemaker:us-east-1:123456789012:endpoint/${ASYNC}`,
            asyncInputPath: `s3://${BUCKET}/input/`,
            asyncOutputPath: outputConfig.s3OutputPath,
            asyncFailurePath: outputConfig.s3FailurePath,
            asyncSuccessTopicArn: outputConfig.notificationConfig.successTopic,
            asyncErrorTopicArn: outputConfig.notificationConfig.errorTopic,
            asyncExecutionRolePolicy: one(r, TYPES.rolePolicy, "async-results-policy").inputs.policy,
        });
        assert.deepStrictEqual(JSON.parse(r.outputs.asyncExecutionRolePolicy), ASYNC_POLICY);
    });

    it("runs the real-time variant on demand from 2 instances, auto scaled 2 to 6 on 40 invocations per instance", () => {
        assert.deepStrictEqual(one(r, TYPES.endpointConfig, "realtime-config").inputs.productionVariants, [{
            variantName: "AllTraffic",
            instanceType: "ml.g5.2xlarge",
            initialInstanceCount: 2,
            initialVariantWeight: 1,
            modelName: one(r, TYPES.model, "realtime-model").inputs.name,
        }]);
        const resourceId = `endpoint/${REALTIME}/variant/AllTraffic`;
        const target = one(r, TYPES.scalableTarget, "realtime-scaling-target");
        assert.deepStrictEqual(target.inputs, {
            serviceNamespace: "sagemaker", resourceId, scalableDimension: VARIANT_DIMENSION, minCapacity: 2, maxCapacity: 6,
        });
        // Registered only once the endpoint exists, and behind its update guard.
        assert.ok(target.dependencies.includes(one(r, TYPES.endpoint, "realtime-endpoint").urn));
        assert.ok(target.propertyDependencies.resourceId.includes(one(r, TYPES.updateGuard, "realtime-update-guard").urn));
        const tracking = one(r, TYPES.scalingPolicy, "realtime-target-tracking").inputs;
        assert.deepStrictEqual([tracking.policyType, tracking.resourceId], ["TargetTrackingScaling", resourceId]);
        assert.deepStrictEqual(tracking.targetTrackingScalingPolicyConfiguration, {
            predefinedMetricSpecification: { predefinedMetricType: "SageMakerVariantInvocationsPerInstance" },
            targetValue: 40,
            scaleInCooldown: 300,
            scaleOutCooldown: 300,
        });
    });

    it("raising minInstances updates the scalable target only: the endpoint keeps its config, the floor lives in the target", async () => {
        const before = await runProgram({ stack: "production", config: committed });
        const raised = await runProgram({ stack: "production", config: { ...committed, [`${NS}:realtime`]: { ...realtime, minInstances: 3 } } });
        assert.deepStrictEqual(await deploySteps(before, raised), [
            { op: "update", name: "realtime-scaling-target", changed: ["minCapacity"] },
        ]);
        // A config made for another reason (here a new image) is a new config, and the endpoint moves to it in place.
        const image = `${(realtime.model as { image: string }).image}-patched`;
        const newImage = await runProgram({ stack: "production", config: { ...committed, [`${NS}:realtime`]: { ...realtime, minInstances: 3, model: { ...(realtime.model as object), image } } } });
        const steps = (await deploySteps(raised, newImage)).map((s) => `${s.op} ${s.name}`);
        assert.deepStrictEqual(steps.filter((step) => /realtime-(config|update-guard|endpoint)/.test(step)), [
            "replace realtime-config", "update realtime-update-guard", "update realtime-endpoint", "delete realtime-config (old)",
        ]);
    });

    it("runs the asynchronous endpoint at 4 requests per instance, scaled 0 to 4, its results kept 30 days", () => {
        assert.deepStrictEqual(one(r, TYPES.endpointConfig, "async-config").inputs.asyncInferenceConfig.clientConfig, { maxConcurrentInvocationsPerInstance: 4 });
        const lifecycle = one(r, TYPES.bucketLifecycle, "async-results-lifecycle").inputs;
        assert.strictEqual(lifecycle.bucket, BUCKET);
        assert.deepStrictEqual(lifecycle.rules.filter((rule: { expiration?: unknown }) => rule.expiration).map((rule: { filter: { prefix: string }; expiration: { days: number } }) =>
            [rule.filter.prefix, rule.expiration.days]), [["output/", 30], ["failure/", 30]]);
        const target = one(r, TYPES.scalableTarget, "async-scaling-target");
        assert.deepStrictEqual(target.inputs, {
            serviceNamespace: "sagemaker", resourceId: `endpoint/${ASYNC}/variant/AllTraffic`, scalableDimension: VARIANT_DIMENSION, minCapacity: 0, maxCapacity: 4,
        });
        assert.ok(target.propertyDependencies.resourceId.includes(one(r, TYPES.updateGuard, "async-update-guard").urn));
    });

    it("with reservationArn, runs the real-time variant on the plan only, checked at deploy time for its maximum", async () => {
        const realtime = { ...(committed[`${NS}:realtime`] as Record<string, unknown>), instanceType: "ml.p5.48xlarge" };
        const reserved = await production({ [`${NS}:reservationArn`]: PLAN, [`${NS}:realtime`]: realtime });
        assert.deepStrictEqual(one(reserved, TYPES.endpointConfig, "realtime-config").inputs.productionVariants[0].capacityReservationConfig, {
            capacityReservationPreference: "capacity-reservations-only", mlReservationArn: PLAN,
        });
        const check = one(reserved, TYPES.reservationCheck, "reservation-check");
        assert.deepStrictEqual([check.inputs.reservationArn, check.inputs.instanceType, check.inputs.instanceCount], [PLAN, "ml.p5.48xlarge", 6]);
        const component = one(reserved, TYPES.reservedEndpoint, "realtime");
        assert.ok(component.dependencies.includes(check.urn), "the real-time endpoint waits for the check");
        const endpoint = one(reserved, TYPES.endpoint, "realtime-endpoint");
        assert.strictEqual(endpoint.parent, component.urn);
        // On the reservation, which has no spare instance unless reserved: a rolling update, one
        // instance at a time (5 % of 6 rounds up to 1; at most half of 2), each baking a minute.
        assert.deepStrictEqual(endpoint.inputs, {
            endpointName: REALTIME,
            endpointConfigName: one(reserved, TYPES.endpointConfig, "realtime-config").inputs.endpointConfigName,
            ...KEEPS_SCALED_COUNT,
            deploymentConfig: { rollingUpdatePolicy: { maximumBatchSize: { type: "INSTANCE_COUNT", value: 1 }, rollbackMaximumBatchSize: { type: "INSTANCE_COUNT", value: 1 }, waitIntervalInSeconds: 60 } },
        });
        assert.strictEqual(reserved.outputs.reservationArn, PLAN);
        assert.strictEqual(one(reserved, TYPES.endpointConfig, "async-config").inputs.productionVariants[0].capacityReservationConfig, undefined);
    });

    it("with executionRoleArn and the bucket and topics it may use, creates no role, policy, bucket or topic, and outputs the async permissions to grant", async () => {
        const success = "arn:aws:sns:us-east-1:123456789012:prod-async-success";
        const error = "arn:aws:sns:us-east-1:123456789012:prod-async-error";
        const withRole = await production({
            [`${NS}:executionRoleArn`]: GIVEN_ROLE,
            [`${NS}:async`]: {
                ...asyncConfig, outputRetentionDays: undefined, outputBucket: "s3://acme-prod-async/summaries", successTopicArn: success, errorTopicArn: error,
            },
            // Alarms would notify a topic created for them.
            [`${NS}:monitoring`]: false,
        });
        for (const type of [TYPES.role, TYPES.rolePolicy, TYPES.bucket, TYPES.topic]) {
            assert.deepStrictEqual(ofType(withRole, type), [], type);
        }
        assert.deepStrictEqual(ofType(withRole, TYPES.model).map((m) => [m.name, m.inputs.executionRoleArn]).sort(),
            [["async-model", GIVEN_ROLE], ["realtime-model", GIVEN_ROLE]]);
        const objects = "arn:aws:s3:::acme-prod-async/summaries/";
        assert.deepStrictEqual(JSON.parse(withRole.outputs.asyncExecutionRolePolicy).Statement.map((st: { Resource: string[] }) => st.Resource),
            [[`${objects}input/*`], [`${objects}output/*`, `${objects}failure/*`], [success, error], [KEY]]);
    });

    const bad: [string, Record<string, unknown>, RegExp][] = [
        ["a real-time minimum of 0 instances", { realtime: { ...realtime, minInstances: 0 } },
            /sagemaker-inference:realtime\.minInstances: 0 must be at least 1: a real-time endpoint with no instance refuses requests/],
        ["an async concurrency of 0", { async: { ...asyncConfig, maxConcurrentInvocationsPerInstance: 0 } },
            /sagemaker-inference:async\.maxConcurrentInvocationsPerInstance: 0 must be a whole number of at least 1/],
        ["an async output bucket that is not an S3 URI", { async: { ...asyncConfig, outputBucket: "https://acme/out" } },
            /sagemaker-inference:async\.outputBucket: "https:\/\/acme\/out" must be an S3 URI/],
        ["an async error topic that is not an ARN", { async: { ...asyncConfig, errorTopicArn: "not-an-arn" } },
            /sagemaker-inference:async\.errorTopicArn: "not-an-arn" is not an SNS topic ARN/],
        ["a given role with a bucket it would have to be granted after the fact", { executionRoleArn: GIVEN_ROLE },
            /sagemaker-inference:async\.outputBucket: null is required with sagemaker-inference:executionRoleArn/],
    ];
    for (const [what, change, message] of bad) {
        it(`refuses ${what} before registering anything, naming the config key`, async () => {
            const config = { ...committed, ...Object.fromEntries(Object.entries(change).map(([k, v]) => [`${NS}:${k}`, v])) };
            const failure = await expectFailure({ stack: "production", config }, message);
            assert.deepStrictEqual(registered(failure.resources), []);
        });
    }
});

describe("npm run plan -- --stack production", () => {
    it("shows both endpoints: the real-time one with its floor and the asynchronous one with its paths, topics and queue scaling", async () => {
        const text = formatPlan("production", await production());
        assert.match(text, new RegExp(`name=${REALTIME} endpointConfig=realtime-[0-9a-f]{8}`));
        assert.match(text, new RegExp(`name=${ASYNC} endpointConfig=async-[0-9a-f]{8}`));
        assert.match(text, /variant=AllTraffic ml\.g5\.2xlarge x2 capacity=on-demand/);
        assert.match(text, new RegExp(`endpoint/${REALTIME}/variant/AllTraffic: 2 to 6 instances`));
        assert.match(text, /target tracking: 40 invocations per instance per minute \(SageMakerVariantInvocationsPerInstance\)/);
        assert.match(text, new RegExp(`async: output=s3://${BUCKET}/output/ failure=s3://${BUCKET}/failure/ ` +
            `success=${TOPIC_ARN("success")} error=${TOPIC_ARN("error")} concurrency per instance=4 `));
        assert.match(text, new RegExp(`endpoint/${ASYNC}/variant/AllTraffic: 0 to 4 instances`));
        assert.match(text, /target tracking: 5 queued requests per instance \(ApproximateBacklogSizePerInstance\)/);
        assert.match(text, /AWS\/SageMaker HasBacklogWithoutCapacity Average >= 1 over 2 x 60 s/);
        assert.match(text, /output\/ expires after 30 days, failure\/ expires after 30 days/);
    });
});

describe("production stack: the real-time endpoint's data capture", () => {
    const withCapture = (dataCapture: unknown) => production({ [`${NS}:realtime`]: { ...realtime, dataCapture } });

    it("captures what realtime.dataCapture says, the realtime model's created role writing under the destination only", async () => {
        const r = await withCapture({ destinationS3Uri: "s3://acme-prod-captures/chat", samplingPercentage: 10 });
        const config = one(r, TYPES.endpointConfig, "realtime-config").inputs;
        assert.deepStrictEqual(config.dataCaptureConfig, {
            enableCapture: true,
            initialSamplingPercentage: 10,
            destinationS3Uri: "s3://acme-prod-captures/chat",
            captureOptions: [{ captureMode: "Input" }, { captureMode: "Output" }],
            captureContentTypeHeader: { jsonContentTypes: ["application/json"] },
            // The stack's kmsKeyArn, as the capture names none of its own.
            kmsKeyId: committed[`${NS}:kmsKeyArn`],
        });
        assert.deepStrictEqual(cfnViolations("AWS::SageMaker::EndpointConfig", config), []);
        const policy = one(r, TYPES.rolePolicy, "realtime-capture-policy");
        assert.strictEqual(policy.inputs.role, one(r, TYPES.role, "realtime-role").inputs.name);
        assert.deepStrictEqual(JSON.parse(policy.inputs.policy).Statement, [
            { Sid: "WriteDataCapture", Effect: "Allow", Action: ["s3:PutObject"], Resource: ["arn:aws:s3:::acme-prod-captures/chat/*"] },
            { Sid: "EncryptDataCapture", Effect: "Allow", Action: ["kms:GenerateDataKey"], Resource: [committed[`${NS}:kmsKeyArn`]],
                Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } } },
        ]);
        assert.ok(one(r, TYPES.endpoint, "realtime-endpoint").dependencies.includes(policy.urn));
        // The asynchronous endpoint captures nothing: its requests and results are in S3 already.
        assert.ok(!("dataCaptureConfig" in one(r, TYPES.endpointConfig, "async-config").inputs));
    });

    it("takes an S3 URI alone, and refuses bad values naming the key, the value and the rule", async () => {
        const r = await withCapture("s3://acme-prod-captures/");
        assert.strictEqual(one(r, TYPES.endpointConfig, "realtime-config").inputs.dataCaptureConfig.destinationS3Uri, "s3://acme-prod-captures");
        await expectFailure({ stack: "production", config: { ...committed, [`${NS}:realtime`]: { ...realtime, dataCapture: { destinationS3Uri: "s3://acme-prod-captures", samplingPercentage: 101 } } } },
            /^sagemaker-inference:realtime\.dataCapture\.samplingPercentage: 101 must be a whole number from 1 to 100/);
    });
});
