import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CapacityChoice, endpointConfigName, planVariant } from "./endpoint-plan";
import { endpointOn, EndpointSettingsArgs, ReservationCapacityArgs } from "./endpoint-args";
import { InferenceModel } from "./inference-model";

export { ReservationCapacityArgs };
import { planEarly } from "./inputs";
import { sagemakerName } from "./names";
import { claimEndpointName, claimReservation, programRegion } from "./program-state";
import { sagemakerNameField } from "./validate";

export interface ReservedEndpointArgs extends EndpointSettingsArgs {
    /** The model to serve: an InferenceModel, or the name of an existing SageMaker model. */
    model: InferenceModel | pulumi.Input<string>;
    /** Instance type, e.g. ml.p5.48xlarge. On a reservation it must be the reserved type. */
    instanceType: pulumi.Input<string>;
    /** Number of instances, at least 1. Default 1. */
    instanceCount?: pulumi.Input<number>;
    /** A training-plan reservation, or "on-demand". Switching between them updates the endpoint in place. */
    capacity: ReservationCapacityArgs | "on-demand";
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

        const outputs = endpointOn(this, name, endpointName, config, plan.variant.variantName, args.tags);
        this.endpointName = outputs.endpointName;
        this.endpointArn = outputs.endpointArn;
        this.endpointConfigName = outputs.endpointConfigName;
        this.variantName = outputs.variantName;
        this.reservationArn = plan.apply((p) => p.reservation?.facts.reservationArn);
        this.registerOutputs({
            ...outputs,
            reservationArn: this.reservationArn,
        });
    }
}
