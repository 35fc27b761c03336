import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { autoScalingOn } from "./auto-scaling";
import { CapacityChoice, endpointConfigName, planScaledVariant } from "./endpoint-plan";
import { endpointOn, EndpointSettingsArgs, ReservationCapacityArgs } from "./endpoint-args";
import { InferenceModel } from "./inference-model";

export { ReservationCapacityArgs };
import { planEarly } from "./inputs";
import { sagemakerName } from "./names";
import { realtimeScalingSpec } from "./scaling-plan";
import { claimEndpointName, claimReservation, programRegion } from "./program-state";
import { sagemakerNameField } from "./validate";

export interface ReservedEndpointArgs extends EndpointSettingsArgs {
    /** The model to serve: an InferenceModel, or the name of an existing SageMaker model. */
    model: InferenceModel | pulumi.Input<string>;
    /** Instance type, e.g. ml.p5.48xlarge. On a reservation it must be the reserved type. */
    instanceType: pulumi.Input<string>;
    /** Number of instances (at creation, with auto scaling), at least 1. Default 1, or autoScaling.minInstanceCount. */
    instanceCount?: pulumi.Input<number>;
    /** A training-plan reservation, or "on-demand" (the default). Switching between them updates the endpoint in place. */
    capacity?: ReservationCapacityArgs | "on-demand";
    /**
     * Auto scaling of the instances between minInstanceCount (at least 1) and maxInstanceCount,
     * with target tracking on invocations per instance. On a reservation the endpoint claims
     * maxInstanceCount. Default: none, the instance count stays fixed.
     */
    autoScaling?: RealtimeAutoScalingArgs;
}

/** Auto scaling of a real-time endpoint's instances. */
export interface RealtimeAutoScalingArgs {
    /** The fewest instances, at least 1. */
    minInstanceCount: pulumi.Input<number>;
    /** The most instances, at least minInstanceCount. */
    maxInstanceCount: pulumi.Input<number>;
    /** Invocations per instance per minute that target tracking holds (SageMakerVariantInvocationsPerInstance). */
    targetInvocationsPerInstance: pulumi.Input<number>;
    /** Seconds between scale-in steps. Default 300. */
    scaleInCooldownSeconds?: pulumi.Input<number>;
    /** Seconds between scale-out steps. Default 300. */
    scaleOutCooldownSeconds?: pulumi.Input<number>;
}

/**
 * A real-time endpoint whose production variant runs on a training-plan reservation or on
 * demand, at a fixed count or auto scaled, serving a single-container or multi-container model.
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
    /** The Application Auto Scaling target's id (`endpoint/<name>/variant/<variant>`); undefined without auto scaling. */
    public readonly scalableTargetId: pulumi.Output<string | undefined>;
    public readonly targetTrackingPolicyArn: pulumi.Output<string | undefined>;

    constructor(name: string, args: ReservedEndpointArgs, opts?: pulumi.ComponentResourceOptions) {
        const endpointName = args.endpointName === undefined
            ? sagemakerName(name) : sagemakerNameField(`${name}.endpointName`, args.endpointName);
        const region = programRegion();
        const variantInput = {
            endpoint: name,
            instanceType: args.instanceType,
            instanceCount: args.instanceCount ?? args.autoScaling?.minInstanceCount ?? 1,
            variantName: args.variantName ?? "AllTraffic",
            capacity: args.capacity ?? "on-demand",
            region,
            modelDataDownloadTimeoutInSeconds: args.modelDataDownloadTimeoutInSeconds,
            containerStartupHealthCheckTimeoutInSeconds: args.containerStartupHealthCheckTimeoutInSeconds,
            autoScaling: args.autoScaling,
        };
        const plan = planEarly(variantInput, (resolved) => claimReservation(
            planScaledVariant({ ...resolved, capacity: resolved.capacity as CapacityChoice })));
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
        const scaling = args.autoScaling === undefined ? undefined : autoScalingOn(this, name,
            pulumi.all([outputs.endpointName, plan]).apply(([e, p]) => realtimeScalingSpec(e, p.variant.variantName, p.scaling!)),
            { dependsOn: [], tags: args.tags });
        this.endpointName = outputs.endpointName;
        this.endpointArn = outputs.endpointArn;
        this.endpointConfigName = outputs.endpointConfigName;
        this.variantName = outputs.variantName;
        this.reservationArn = plan.apply((p) => p.reservation?.facts.reservationArn);
        this.scalableTargetId = scaling ? scaling.target.id : pulumi.output(undefined);
        this.targetTrackingPolicyArn = scaling ? scaling.targetTracking.arn : pulumi.output(undefined);
        this.registerOutputs({
            ...outputs,
            reservationArn: this.reservationArn,
            scalableTargetId: this.scalableTargetId,
            targetTrackingPolicyArn: this.targetTrackingPolicyArn,
        });
    }
}
