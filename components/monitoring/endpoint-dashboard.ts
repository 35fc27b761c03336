import * as pulumi from "@pulumi/pulumi";
import { planEarly } from "../../core/inputs";
import { DEFAULT_METRICS, MetricsConfig } from "./metrics-plan";
import { invalid } from "../../core/validate";
import { DashboardKind, planDashboard } from "./dashboard-plan";
import { dashboardOn, dashboardRegion } from "./endpoint-monitoring";

export interface EndpointDashboardArgs {
    /** The endpoint to chart: an endpoint component's endpointName. */
    endpointName: pulumi.Input<string>;
    /** Its production variant. Default AllTraffic. */
    variantName?: pulumi.Input<string>;
    /** Its instance type: GPU utilization is charted on instance types with NVIDIA GPUs. */
    instanceType: pulumi.Input<string>;
    /** What the endpoint publishes (ScaleToZeroEndpoint.metricsConfig). Default: the endpoints' default, every 10 s. */
    endpointMetricsConfig?: pulumi.Input<MetricsConfig>;
    /** realtime, async, or inference-components (an endpoint hosting ScalableInferenceComponents). */
    kind: DashboardKind;
    /** The inference components on the endpoint (their inferenceComponentName), for inference-components. */
    inferenceComponentNames?: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * A CloudWatch dashboard of one endpoint, named `<endpoint name>-dashboard`: invocations, errors,
 * model latency percentiles, instances, GPU utilization on GPU instances; for an endpoint of
 * inference components, each component's copies and wake-ups (requests that found no copy); for
 * an asynchronous endpoint, its queue and wake-ups. ReservedEndpoint and AsyncInferenceEndpoint
 * make their own with `dashboard: true`; an endpoint of inference components takes this one, given
 * its components: `new EndpointDashboard(name, { ...endpoint.placement(), kind: "inference-components",
 * inferenceComponentNames: [component.inferenceComponentName] })`.
 */
export class EndpointDashboard extends pulumi.ComponentResource {
    public readonly dashboardName: pulumi.Output<string>;

    constructor(name: string, args: EndpointDashboardArgs, opts?: pulumi.ComponentResourceOptions) {
        const kinds: string[] = Object.values(DashboardKind);
        if (!kinds.includes(args.kind)) {
            throw invalid(`${name}.kind`, args.kind, `must be one of ${kinds.join(", ")}`);
        }
        const region = dashboardRegion(name);
        const body = planEarly({
            kind: args.kind,
            endpointName: args.endpointName,
            variantName: args.variantName ?? "AllTraffic",
            instanceType: args.instanceType,
            metrics: args.endpointMetricsConfig ?? DEFAULT_METRICS,
            inferenceComponentNames: args.inferenceComponentNames ?? [],
        }, (t) => planDashboard({ ...t, region, inferenceComponentNames: [...t.inferenceComponentNames] }));
        super("sagemaker-inference:index:EndpointDashboard", name, {}, opts);
        this.dashboardName = dashboardOn(this, name, args.endpointName, body);
        this.registerOutputs({ dashboardName: this.dashboardName });
    }
}
