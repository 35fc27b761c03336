import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CapacityChoice, endpointConfigName, planVariant } from "./endpoint-plan";
import { InferenceModel } from "./inference-model";
import { planEarly } from "./inputs";
import { sagemakerName } from "./names";
import { claimEndpointName, claimReservation, programRegion } from "./program-state";
import { sagemakerNameField } from "./validate";

/** Capacity from a SageMaker training plan whose target resources include `endpoint`. */
export interface ReservationCapacityArgs {
    /** The training plan's ARN: arn:<partition>:sagemaker:<region>:<account>:training-plan/<name>, in the stack's region. */
    reservationArn: pulumi.Input<string>;
    /** The reserved instance type; when given, the endpoint's instance type must equal it. */
    reservedInstanceType?: pulumi.Input<string>;
    /** The reserved instance count; when given, all endpoints of the program on this plan together fit in it. */
    reservedInstanceCount?: pulumi.Input<number>;
}

export interface ReservedEndpointArgs {
    /** The model to serve: an InferenceModel, or the name of an existing SageMaker model. */
    model: InferenceModel | pulumi.Input<string>;
    /** Instance type, e.g. ml.p5.48xlarge. On a reservation it must be the reserved type. */
    instanceType: pulumi.Input<string>;
    /** Number of instances, at least 1. Default 1. */
    instanceCount?: pulumi.Input<number>;
    /** A training-plan reservation, or "on-demand". Switching between them updates the endpoint in place. */
    capacity: ReservationCapacityArgs | "on-demand";
    /** The production variant's name. Default "AllTraffic". */
    variantName?: string;
    /** The endpoint's name, at most 63 letters, digits and hyphens. Default: the component's name, made valid for SageMaker. */
    endpointName?: string;
    /** Seconds to download the model artifacts, 60 to 3600. Large LLM weights need more than the default. */
    modelDataDownloadTimeoutInSeconds?: pulumi.Input<number>;
    /** Seconds for the container to pass its health check, 60 to 3600. */
    containerStartupHealthCheckTimeoutInSeconds?: pulumi.Input<number>;
    /** Tags for the endpoint config and the endpoint. */
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * An endpoint whose production variant runs on a training-plan reservation (or on demand).
 * Every change goes through a new endpoint config; the endpoint itself is updated in place,
 * never replaced.
 */
export class ReservedEndpoint extends pulumi.ComponentResource {
    public readonly endpointName: pulumi.Output<string>;
    public readonly endpointArn: pulumi.Output<string>;
    public readonly endpointConfigName: pulumi.Output<string>;
    public readonly variantName: pulumi.Output<string>;
    /** The training plan's ARN, or undefined on demand. */
    public readonly reservationArn: pulumi.Output<string | undefined>;

    constructor(name: string, args: ReservedEndpointArgs, opts?: pulumi.ComponentResourceOptions) {
        const endpointName = args.endpointName === undefined
            ? sagemakerName(name) : sagemakerNameField(`${name}.endpointName`, args.endpointName);
        const region = programRegion();
        const variantInput = {
            endpoint: name,
            instanceType: args.instanceType,
            instanceCount: args.instanceCount ?? 1,
            variantName: args.variantName ?? "AllTraffic",
            capacity: args.capacity,
            region,
            modelDataDownloadTimeoutInSeconds: args.modelDataDownloadTimeoutInSeconds,
            containerStartupHealthCheckTimeoutInSeconds: args.containerStartupHealthCheckTimeoutInSeconds,
        };
        const plan = planEarly(variantInput, (resolved) => claimReservation(
            planVariant({ ...resolved, capacity: resolved.capacity as CapacityChoice })));
        claimEndpointName(endpointName, name);
        super("sagemaker-inference:index:ReservedEndpoint", name, {}, opts);

        const modelName = args.model instanceof InferenceModel ? args.model.modelName : pulumi.output(args.model);
        const productionVariant = pulumi.all([plan.variant, modelName]).apply(([variant, model]) => ({ ...variant, modelName: model }));
        const config = new aws.sagemaker.EndpointConfiguration(`${name}-config`, {
            name: productionVariant.apply((variant) => endpointConfigName(name, variant)),
            productionVariants: [productionVariant],
            tags: args.tags,
        }, { parent: this });

        const endpoint = new aws.sagemaker.Endpoint(`${name}-endpoint`, {
            name: endpointName,
            endpointConfigName: config.name,
            tags: args.tags,
        }, { parent: this });

        this.endpointName = endpoint.name;
        this.endpointArn = endpoint.arn;
        this.endpointConfigName = config.name;
        this.variantName = plan.variant.variantName;
        this.reservationArn = plan.apply((p) => p.reservation?.facts.reservationArn);
        this.registerOutputs({
            endpointName: this.endpointName,
            endpointArn: this.endpointArn,
            endpointConfigName: this.endpointConfigName,
            variantName: this.variantName,
            reservationArn: this.reservationArn,
        });
    }
}
