import * as pulumi from "@pulumi/pulumi";
import { ReservationCheck, ReservationCheckArgs } from "../../dynamic-providers/reservation-check";

/**
 * A training plan bought elsewhere, checked when the deployment runs against the endpoints that
 * will run on it: a component around the ReservationCheck resource, so that Pulumi's other
 * languages reach it. Make the endpoints depend on it; give them its endTime and status for
 * onReservationEnd.
 */
export class ExistingTrainingPlan extends pulumi.ComponentResource {
    /** Pending, Scheduled, Active, Expired or Failed, when last checked. */
    public readonly status: pulumi.Output<string>;
    public readonly reservedInstanceType: pulumi.Output<string>;
    public readonly reservedInstanceCount: pulumi.Output<number>;
    public readonly startTime: pulumi.Output<string>;
    /** When the plan ends, ISO-8601. */
    public readonly endTime: pulumi.Output<string>;
    /** Whether the plan had ended when checked: Expired or Failed, or its end time passed. */
    public readonly ended: pulumi.Output<boolean>;
    /** The time the plan had left when checked, in days and hours, or "ended (...)". */
    public readonly timeLeft: pulumi.Output<string>;

    constructor(name: string, args: ReservationCheckArgs, opts?: pulumi.ComponentResourceOptions) {
        super("sagemaker-inference:index:ExistingTrainingPlan", name, {}, opts);
        const check = new ReservationCheck(name, args, { parent: this });
        this.status = check.status;
        this.reservedInstanceType = check.reservedInstanceType;
        this.reservedInstanceCount = check.reservedInstanceCount;
        this.startTime = check.startTime;
        this.endTime = check.endTime;
        this.ended = check.ended;
        this.timeLeft = check.timeLeft;
        this.registerOutputs({
            status: this.status, reservedInstanceType: this.reservedInstanceType, reservedInstanceCount: this.reservedInstanceCount,
            startTime: this.startTime, endTime: this.endTime, ended: this.ended, timeLeft: this.timeLeft,
        });
    }
}
