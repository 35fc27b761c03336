import * as assert from "assert";
import { invocationMetricSeconds as packageInterval, isAlarmPeriod as packageIsAlarmPeriod, METRIC_PUBLISH_FREQUENCIES as PACKAGE_FREQUENCIES } from "../../components/monitoring/metrics-plan";
import { TYPES } from "../../policy-pack/sagemaker";
import { invocationMetricSeconds, isAlarmPeriod, METRIC_PUBLISH_FREQUENCIES, retainVariantsPolicy, scaleToZeroPolicy } from "../../policy-pack/scaling";
import { runStackPolicy, TestResource, UNKNOWN_STRING } from "./support";

const STEP_ARN = "arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:1a2b:resource/sagemaker/inference-component/llama:policyName/llama-scale-out-from-zero";
/** The step policy's ARN as offline mocks make it: it names no resource, only the dependency joins it. */
const OFFLINE_STEP_ARN = "arn:aws:appautoscaling:us-east-1:123456789012:policy/llama-scale-out-from-zero";
const metrics = (frequency: number, enhanced = true) => ({ enableEnhancedMetrics: enhanced, enableDetailedObservability: false, metricPublishFrequencyInSeconds: frequency });

/** An inference component endpoint as the package's ScaleToZeroEndpoint and ScalableInferenceComponent register it. */
function scaleToZeroStack(change: { alarm?: Record<string, unknown>; metricsConfig?: object; target?: Record<string, unknown> } = {}): TestResource[] {
    return [
        { type: TYPES.nativeEndpointConfig, name: "dev-config", props: {
            endpointConfigName: "dev-cfg", metricsConfig: change.metricsConfig ?? metrics(10),
            productionVariants: [{ variantName: "AllTraffic", instanceType: "ml.g5.12xlarge", managedInstanceScaling: { status: "ENABLED", minInstanceCount: 0, maxInstanceCount: 2 } }],
        } },
        { type: TYPES.nativeEndpoint, name: "dev-endpoint", props: { endpointName: "dev", endpointConfigName: "dev-cfg", retainAllVariantProperties: true } },
        { type: TYPES.inferenceComponent, name: "llama-component", props: { inferenceComponentName: "llama", endpointName: "dev", specification: { modelName: "llama-model" } } },
        { type: TYPES.classicScalableTarget, name: "llama-scaling-target", props: {
            serviceNamespace: "sagemaker", resourceId: "inference-component/llama", scalableDimension: "sagemaker:inference-component:DesiredCopyCount", minCapacity: 0, maxCapacity: 2, ...change.target,
        } },
        { type: TYPES.classicScalingPolicy, name: "llama-scale-out-from-zero", props: { serviceNamespace: "sagemaker", resourceId: "inference-component/llama", policyType: "StepScaling" } },
        { type: TYPES.classicAlarm, name: "llama-no-capacity-alarm", props: {
            namespace: "AWS/SageMaker", metricName: "NoCapacityInvocationFailures", dimensions: { InferenceComponentName: "llama" },
            statistic: "Maximum", period: 10, evaluationPeriods: 1, threshold: 1, comparisonOperator: "GreaterThanOrEqualToThreshold",
            alarmActions: [OFFLINE_STEP_ARN], ...change.alarm,
        }, propertyDependencies: { alarmActions: ["llama-scale-out-from-zero"] } },
    ];
}
const without = (resources: TestResource[], name: string) => resources.filter((r) => r.name !== name);

async function messages(policy: typeof scaleToZeroPolicy, resources: TestResource[]) {
    return (await runStackPolicy(policy, resources)).map((v) => `${v.urn?.split("::").pop()}: ${v.message}`);
}

describe("policy sagemaker-scale-to-zero-wake-alarm", () => {
    it("is mandatory", () => {
        assert.strictEqual(scaleToZeroPolicy.enforcementLevel, "mandatory");
    });

    it("passes a component at zero whose alarm on NoCapacityInvocationFailures triggers its step policy, by output, by ARN, or as aws-native registers them", async () => {
        assert.deepStrictEqual(await messages(scaleToZeroPolicy, scaleToZeroStack()), []);
        const byArn = scaleToZeroStack({ alarm: { alarmActions: [STEP_ARN] } }).map((r) => ({ ...r, propertyDependencies: {} }));
        assert.deepStrictEqual(await messages(scaleToZeroPolicy, byArn), []);
        // An ARN that names no resource (as offline mocks make it) joins the alarm to the stack's policy of that ARN.
        const byPolicyArn = scaleToZeroStack().map((r): TestResource => ({
            ...r, propertyDependencies: {}, ...(r.type === TYPES.classicScalingPolicy && { props: { ...r.props, arn: OFFLINE_STEP_ARN } }),
        }));
        assert.deepStrictEqual(await messages(scaleToZeroPolicy, byPolicyArn), []);
        const preview = scaleToZeroStack({ alarm: { alarmActions: [UNKNOWN_STRING] } }).map((r) => ({ ...r, propertyDependencies: {} }));
        assert.deepStrictEqual(await messages(scaleToZeroPolicy, preview), [], "an action unknown during preview may be the step policy");
        const native = scaleToZeroStack().map((r): TestResource => r.type === TYPES.classicAlarm ? {
            type: TYPES.nativeAlarm, name: r.name, propertyDependencies: r.propertyDependencies,
            props: { alarmActions: [OFFLINE_STEP_ARN], metrics: [{ id: "m", metricStat: { metric: { namespace: "AWS/SageMaker", metricName: "NoCapacityInvocationFailures", dimensions: [{ name: "InferenceComponentName", value: "llama" }] }, period: 30, stat: "Maximum" } }] },
        } : r.type === TYPES.classicScalableTarget ? { ...r, type: TYPES.nativeScalableTarget }
            : r.type === TYPES.classicScalingPolicy ? { ...r, type: TYPES.nativeScalingPolicy } : r);
        assert.deepStrictEqual(await messages(scaleToZeroPolicy, native), []);
    });

    it("refuses a component scaled to zero copies without the alarm, or with an alarm that wakes nothing", async () => {
        const expected = "llama-scaling-target: inference component llama scales to zero copies (scalable target llama-scaling-target), but no CloudWatch alarm on AWS/SageMaker NoCapacityInvocationFailures (InferenceComponentName llama) triggers a scaling policy of inference-component/llama: a request would never wake it";
        assert.deepStrictEqual(await messages(scaleToZeroPolicy, without(scaleToZeroStack(), "llama-no-capacity-alarm")), [expected]);
        const noAction = scaleToZeroStack().map((r) => ({ ...r, propertyDependencies: {} }));
        assert.deepStrictEqual(await messages(scaleToZeroPolicy, noAction), [expected]);
        assert.deepStrictEqual(await messages(scaleToZeroPolicy, scaleToZeroStack({ alarm: { alarmActions: ["arn:aws:sns:us-east-1:123456789012:ops"] } }).map((r) => ({ ...r, propertyDependencies: {} }))), [expected]);
        assert.deepStrictEqual(await messages(scaleToZeroPolicy, scaleToZeroStack({ alarm: { dimensions: { InferenceComponentName: "mistral" } } })), [expected]);
    });

    it("refuses an endpoint at zero instances whose component nothing wakes, though auto scaling does not manage it", async () => {
        const resources = without(without(scaleToZeroStack(), "llama-no-capacity-alarm"), "llama-scaling-target");
        assert.deepStrictEqual(await messages(scaleToZeroPolicy, resources), [
            "llama-component: inference component llama is on an endpoint that scales to zero instances (endpoint config dev-config), but no CloudWatch alarm on AWS/SageMaker NoCapacityInvocationFailures (InferenceComponentName llama) triggers a scaling policy of inference-component/llama: a request would never wake it",
        ]);
    });

    it("refuses an alarm period CloudWatch does not take, or shorter than the endpoint's metrics interval", async () => {
        assert.deepStrictEqual(await messages(scaleToZeroPolicy, scaleToZeroStack({ alarm: { period: 45 } })), [
            "llama-no-capacity-alarm: alarm llama-no-capacity-alarm that wakes inference component llama has a period of 45 s: CloudWatch takes 10, 20, 30 or a multiple of 60 seconds",
        ]);
        assert.deepStrictEqual(await messages(scaleToZeroPolicy, scaleToZeroStack({ metricsConfig: metrics(30) })), [
            "llama-no-capacity-alarm: alarm llama-no-capacity-alarm that wakes inference component llama has a period of 10 s, shorter than the 30 s between the endpoint's invocation metrics (MetricsConfig): most periods hold no datapoint",
        ]);
        // Without enhanced metrics, invocation metrics come every 60 s whatever the frequency.
        assert.strictEqual((await messages(scaleToZeroPolicy, scaleToZeroStack({ metricsConfig: metrics(10, false), alarm: { period: 30 } }))).length, 1);
        assert.deepStrictEqual(await messages(scaleToZeroPolicy, scaleToZeroStack({ metricsConfig: metrics(10, false), alarm: { period: 60 } })), []);
    });

    it("leaves components that keep a copy alone", async () => {
        const stack = scaleToZeroStack({ target: { minCapacity: 1 } }).map((r) => r.type === TYPES.nativeEndpointConfig
            ? { ...r, props: { ...r.props, productionVariants: [{ variantName: "AllTraffic", instanceType: "ml.g5.12xlarge", initialInstanceCount: 1 }] } } : r);
        assert.deepStrictEqual(await messages(scaleToZeroPolicy, without(stack, "llama-no-capacity-alarm")), []);
    });

    it("passes an asynchronous endpoint at zero instances whose alarm on HasBacklogWithoutCapacity triggers its step policy, and refuses one without", async () => {
        const asyncStack = (alarm: Record<string, unknown> = {}): TestResource[] => [
            { type: TYPES.classicScalableTarget, name: "batch-target", props: { serviceNamespace: "sagemaker", resourceId: "endpoint/batch/variant/AllTraffic", minCapacity: 0, maxCapacity: 4 } },
            { type: TYPES.classicScalingPolicy, name: "batch-scale-out-from-zero", props: { serviceNamespace: "sagemaker", resourceId: "endpoint/batch/variant/AllTraffic", policyType: "StepScaling" } },
            { type: TYPES.classicAlarm, name: "batch-backlog-alarm", props: {
                namespace: "AWS/SageMaker", metricName: "HasBacklogWithoutCapacity", dimensions: { EndpointName: "batch" }, period: 60, alarmActions: [OFFLINE_STEP_ARN], ...alarm,
            }, propertyDependencies: { alarmActions: ["batch-scale-out-from-zero"] } },
        ];
        assert.deepStrictEqual(await messages(scaleToZeroPolicy, asyncStack()), []);
        assert.deepStrictEqual(await messages(scaleToZeroPolicy, without(asyncStack(), "batch-backlog-alarm")), [
            "batch-target: endpoint batch scales variant AllTraffic to zero instances (scalable target batch-target), but no CloudWatch alarm on AWS/SageMaker HasBacklogWithoutCapacity (EndpointName batch) triggers a scaling policy of endpoint/batch/variant/AllTraffic: a request would never wake it",
        ]);
        assert.deepStrictEqual(await messages(scaleToZeroPolicy, asyncStack({ period: 30 })), [
            "batch-backlog-alarm: alarm batch-backlog-alarm that wakes endpoint batch has a period of 30 s, shorter than the 60 s between HasBacklogWithoutCapacity's datapoints: most periods hold no datapoint",
        ]);
    });

    it("reads the metrics interval and alarm periods as the package's metrics plan does", () => {
        assert.deepStrictEqual(METRIC_PUBLISH_FREQUENCIES, PACKAGE_FREQUENCIES);
        for (const frequency of PACKAGE_FREQUENCIES) {
            for (const enhanced of [true, false]) {
                const config = metrics(frequency, enhanced);
                assert.strictEqual(invocationMetricSeconds(config), packageInterval(config), JSON.stringify(config));
            }
        }
        for (const seconds of [1, 10, 15, 20, 30, 45, 60, 90, 120, 300, 3600]) {
            assert.strictEqual(isAlarmPeriod(seconds), packageIsAlarmPeriod(seconds), String(seconds));
        }
    });
});

describe("policy sagemaker-retain-variant-properties", () => {
    const target: TestResource = { type: TYPES.classicScalableTarget, name: "chat-target", props: { serviceNamespace: "sagemaker", resourceId: "endpoint/chat/variant/AllTraffic", scalableDimension: "sagemaker:variant:DesiredInstanceCount", minCapacity: 2, maxCapacity: 6 } };
    const native = (props: Record<string, unknown>): TestResource => ({ type: TYPES.nativeEndpoint, name: "chat-endpoint", props: { endpointName: "chat", endpointConfigName: "c", ...props } });

    it("is mandatory", () => {
        assert.strictEqual(retainVariantsPolicy.enforcementLevel, "mandatory");
    });

    it("passes an auto-scaled aws-native endpoint that retains its variants' properties, and endpoints nothing scales", async () => {
        assert.deepStrictEqual(await messages(retainVariantsPolicy, [target, native({ retainAllVariantProperties: true, excludeRetainedVariantProperties: [{ variantPropertyType: "DataCaptureConfig" }] })]), []);
        assert.deepStrictEqual(await messages(retainVariantsPolicy, [{ ...target, type: TYPES.nativeScalableTarget }, native({ retainAllVariantProperties: true })]), []);
        assert.deepStrictEqual(await messages(retainVariantsPolicy, [native({})]), []);
    });

    it("refuses an auto-scaled endpoint that would reset its instance count on update", async () => {
        assert.deepStrictEqual(await messages(retainVariantsPolicy, [target, native({})]), [
            "chat-endpoint: endpoint chat is auto scaled (variant AllTraffic, scalable target chat-target), but does not set retainAllVariantProperties: true: a deploy would reset the variant to its config's initial instance count",
        ]);
        assert.deepStrictEqual(await messages(retainVariantsPolicy, [target, native({ retainAllVariantProperties: true, excludeRetainedVariantProperties: [{ variantPropertyType: "DesiredInstanceCount" }] })]), [
            "chat-endpoint: endpoint chat is auto scaled (variant AllTraffic, scalable target chat-target), but excludeRetainedVariantProperties names DesiredInstanceCount: a deploy would reset the instance count auto scaling set",
        ]);
        assert.deepStrictEqual(await messages(retainVariantsPolicy, [target, { type: TYPES.classicEndpoint, name: "chat-endpoint", props: { name: "chat", endpointConfigName: "c" } }]), [
            "chat-endpoint: endpoint chat is auto scaled (variant AllTraffic, scalable target chat-target), and the classic provider's Endpoint cannot keep the variant's instance count on update: use aws-native's sagemaker.Endpoint with retainAllVariantProperties: true",
        ]);
    });
});
