import * as pulumi from "@pulumi/pulumi";
import { BoughtExtension } from "../../dynamic-providers/extension-plan";
import { TrainingPlan, TrainingPlanArgs } from "../../dynamic-providers/training-plan";

/**
 * A training plan for inference endpoints, bought as code: a component around the TrainingPlan
 * resource, so that Pulumi's other languages reach it (a package serves components only). The
 * same guarantees: bought at most once per name, only the offering the preview showed, never over
 * maxUpfrontFee, never replaced.
 */
export class TrainingPlanReservation extends pulumi.ComponentResource {
    /** The plan's ARN: what endpoints take as reservation.reservationArn. */
    public readonly arn: pulumi.Output<string>;
    /** Pending, Scheduled, Active, Expired or Failed. */
    public readonly status: pulumi.Output<string>;
    /** The offering this stack bought the plan from; absent for a plan it adopted. */
    public readonly offeringId: pulumi.Output<string | undefined>;
    /** The fee paid, in currencyCode. */
    public readonly upfrontFee: pulumi.Output<number>;
    public readonly currencyCode: pulumi.Output<string>;
    public readonly startTime: pulumi.Output<string>;
    /** The plan's end now: later than bought if the plan was extended. */
    public readonly endTime: pulumi.Output<string>;
    /** The plan's length now: longer than bought if the plan was extended. */
    public readonly durationHours: pulumi.Output<number>;
    public readonly instanceType: pulumi.Output<string>;
    public readonly totalInstanceCount: pulumi.Output<number>;
    public readonly availabilityZone: pulumi.Output<string>;
    /** Every extension the plan's history shows, oldest first: offering, fee, start and end. */
    public readonly extensionsBought: pulumi.Output<BoughtExtension[] | undefined>;

    constructor(name: string, args: TrainingPlanArgs, opts?: pulumi.ComponentResourceOptions) {
        super("sagemaker-inference:index:TrainingPlanReservation", name, {}, opts);
        const plan = new TrainingPlan(name, args, { parent: this });
        this.arn = plan.arn;
        this.status = plan.status;
        this.offeringId = plan.offeringId;
        this.upfrontFee = plan.upfrontFee;
        this.currencyCode = plan.currencyCode;
        this.startTime = plan.startTime;
        this.endTime = plan.endTime;
        this.durationHours = plan.durationHours;
        this.instanceType = plan.instanceType;
        this.totalInstanceCount = plan.totalInstanceCount;
        this.availabilityZone = plan.availabilityZone;
        this.extensionsBought = plan.extensionsBought;
        this.registerOutputs({
            arn: this.arn, status: this.status, offeringId: this.offeringId, upfrontFee: this.upfrontFee, currencyCode: this.currencyCode,
            startTime: this.startTime, endTime: this.endTime, durationHours: this.durationHours, instanceType: this.instanceType,
            totalInstanceCount: this.totalInstanceCount, availabilityZone: this.availabilityZone, extensionsBought: this.extensionsBought,
        });
    }
}
