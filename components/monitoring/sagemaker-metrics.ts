/**
 * The CloudWatch metrics SageMaker AI publishes that this package alarms on, scales on or charts,
 * as AWS documents them: namespace, name, the dimension set it is published with, its unit. The
 * metric catalogue of `@aws-cdk/aws-service-spec` lists only six of them (AWS::SageMaker::Endpoint:
 * Invocations, Invocation4XXErrors, Invocation5XXErrors, InvocationsPerInstance, ModelLatency,
 * OverheadLatency, by EndpointName and VariantName); the rest are vendored here with the page that
 * lists each. Tests check that every metric the package uses is one of these or in the catalogue.
 */

export const SAGEMAKER_NAMESPACE = "AWS/SageMaker";
export const ENDPOINT_NAMESPACE = "/aws/sagemaker/Endpoints";
export const COMPONENT_NAMESPACE = "/aws/sagemaker/InferenceComponents";

/** "Amazon SageMaker AI metrics in Amazon CloudWatch": endpoint, invocation and inference component metrics. */
export const MONITORING_PAGE = "https://docs.aws.amazon.com/sagemaker/latest/dg/monitoring-cloudwatch.html";
/** "Alarms and logs for tracking metrics from asynchronous endpoints": the exhaustive list for asynchronous endpoints. */
export const ASYNC_PAGE = "https://docs.aws.amazon.com/sagemaker/latest/dg/async-inference-monitor.html";
/** "Autoscale an asynchronous endpoint": HasBacklogWithoutCapacity, the metric that scales out from zero. */
export const ASYNC_SCALING_PAGE = "https://docs.aws.amazon.com/sagemaker/latest/dg/async-inference-autoscale.html";
/** "Scale an endpoint to zero instances": NoCapacityInvocationFailures, the metric that scales out from zero copies. */
export const ZERO_PAGE = "https://docs.aws.amazon.com/sagemaker/latest/dg/endpoint-auto-scaling-zero-instances.html";

/** The dimension sets the metrics below are published with. */
export const VARIANT_DIMENSIONS = ["EndpointName", "VariantName"] as const;
export const COMPONENT_DIMENSIONS = ["InferenceComponentName"] as const;
export const ENDPOINT_DIMENSIONS = ["EndpointName"] as const;

export interface DocumentedMetric {
    namespace: string;
    metricName: string;
    /** The dimension names it is published with (enhanced metrics add InstanceId and others beside them). */
    dimensions: readonly string[];
    /** As the page gives it: Microseconds, Seconds, Percent, Count or None. */
    unit: string;
    source: string;
}

const metric = (namespace: string, dimensions: readonly string[], source: string) => (metricName: string, unit: string): DocumentedMetric =>
    ({ namespace, metricName, dimensions, unit, source });
const invocation = metric(SAGEMAKER_NAMESPACE, VARIANT_DIMENSIONS, MONITORING_PAGE);
const componentInvocation = metric(SAGEMAKER_NAMESPACE, COMPONENT_DIMENSIONS, MONITORING_PAGE);
const utilization = metric(ENDPOINT_NAMESPACE, VARIANT_DIMENSIONS, MONITORING_PAGE);
const componentUtilization = metric(COMPONENT_NAMESPACE, COMPONENT_DIMENSIONS, MONITORING_PAGE);
const queue = metric(SAGEMAKER_NAMESPACE, ENDPOINT_DIMENSIONS, ASYNC_PAGE);

/** Every metric the package uses, as documented; each (namespace, name, dimensions) once. */
export const DOCUMENTED_METRICS: readonly DocumentedMetric[] = [
    // Invocation metrics: "Dimensions for endpoint invocation metrics" are EndpointName, VariantName and, for
    // inference components, InferenceComponentName. 4XX, 5XX and model errors send 1 per failed request and 0
    // otherwise, so their Average is the share of requests that failed.
    invocation("Invocations", "None"),
    invocation("Invocation4XXErrors", "None"),
    invocation("Invocation5XXErrors", "None"),
    invocation("InvocationModelErrors", "None"),
    invocation("ModelLatency", "Microseconds"),
    componentInvocation("Invocations", "None"),
    componentInvocation("Invocation5XXErrors", "None"),
    componentInvocation("InvocationModelErrors", "None"),
    componentInvocation("ModelLatency", "Microseconds"),
    metric(SAGEMAKER_NAMESPACE, COMPONENT_DIMENSIONS, ZERO_PAGE)("NoCapacityInvocationFailures", "None"),
    // Utilization of the endpoint's instances, published per instance at MetricPublishFrequencyInSeconds: a
    // period's SampleCount, divided by the datapoints one instance sends in it, counts the instances.
    utilization("CPUUtilization", "Percent"),
    utilization("GPUUtilization", "Percent"),
    utilization("GPUMemoryUtilization", "Percent"),
    // Reported by each copy of an inference component: the same count, of copies.
    componentUtilization("CPUUtilizationNormalized", "Percent"),
    componentUtilization("GPUUtilizationNormalized", "Percent"),
    // Asynchronous endpoints publish neither Invocations nor OverheadLatency (the page's exhaustive list).
    queue("ApproximateBacklogSize", "Count"),
    queue("ApproximateBacklogSizePerInstance", "Count"),
    queue("ApproximateAgeOfOldestRequest", "Seconds"),
    metric(SAGEMAKER_NAMESPACE, ENDPOINT_DIMENSIONS, ASYNC_SCALING_PAGE)("HasBacklogWithoutCapacity", "None"),
    metric(SAGEMAKER_NAMESPACE, VARIANT_DIMENSIONS, ASYNC_PAGE)("InvocationFailures", "Count"),
];

/** The documented metric of that namespace, name and dimension names (in any order), or undefined. */
export function documentedMetric(namespace: string, metricName: string, dimensions: readonly string[]): DocumentedMetric | undefined {
    const key = (names: readonly string[]) => [...names].sort().join(",");
    return DOCUMENTED_METRICS.find((m) => m.namespace === namespace && m.metricName === metricName && key(m.dimensions) === key(dimensions));
}
