import * as iam from "@pulumi/aws/iam";
import * as scheduler from "@pulumi/aws/scheduler";
import * as sns from "@pulumi/aws/sns";
import * as pulumi from "@pulumi/pulumi";
import { viaService } from "../../core/kms-plan";
import { givenValue } from "../../core/inputs";
import { iamRoleName, sagemakerName } from "../../core/names";
import { programNow, stackScopedName } from "../../core/program-state";
import { serviceTrustPolicy } from "../../core/service-access";
import { atExpression, noticeMessage, noticeScheduleName, oneTimeSchedule, planNotice } from "./reservation-end-plan";
import { checkedTags } from "../../core/tags";

export interface ReservationEndNoticeArgs {
    /** The training plan's ARN. */
    reservationArn: pulumi.Input<string>;
    /**
     * When the plan ends, ISO-8601: the endTime of the TrainingPlanReservation (TrainingPlan) that
     * bought it, or of the ExistingTrainingPlan (ReservationCheck) that checks it, so that an
     * extension moves the notice on the next deploy.
     */
    endTime: pulumi.Input<string>;
    /** The endpoints on the plan, named in the notice. */
    endpointNames: pulumi.Input<pulumi.Input<string>[]>;
    /** Hours before the end the notice goes out, above 0. Default 24. */
    hoursBefore?: number;
    /** The SNS topic to publish to. Default: a topic created here, encrypted with the AWS-managed key alias/aws/sns. */
    topicArn?: pulumi.Input<string>;
    /** Minutes before the end the endpoints move to on-demand capacity (ReservedEndpoint.onReservationEnd), said in the notice; default none. */
    switchMinutesBefore?: number;
    /** Tags for the topic, the role and (as the provider allows) the schedule. */
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** The AWS-managed key for SNS: encrypts the topic without a key policy to keep. */
const SNS_MANAGED_KEY = "alias/aws/sns";

/**
 * A one-time notice before a training plan ends: an EventBridge Scheduler schedule at the plan's
 * end minus `hoursBefore` (UTC) that publishes to an SNS topic which plan ends when, the endpoints
 * on it, and what to do; its role may publish to that topic only.
 */
export class ReservationEndNotice extends pulumi.ComponentResource {
    public readonly topicArn: pulumi.Output<string>;
    public readonly scheduleName: pulumi.Output<string>;
    /**
     * When the notice goes out: `at(yyyy-mm-ddThh:mm:ss)`, UTC. A deploy after that time disables
     * the schedule instead (Scheduler's model defines no one-time schedule in the past) and warns.
     */
    public readonly scheduleExpression: pulumi.Output<string>;

    constructor(name: string, args: ReservationEndNoticeArgs, opts?: pulumi.ComponentResourceOptions) {
        const tags = checkedTags(`${name}.tags`, args.tags);
        const { hoursBefore } = planNotice(name, { hoursBefore: args.hoursBefore });
        super("sagemaker-inference:index:ReservationEndNotice", name, {}, opts);
        const topicArn = args.topicArn === undefined
            ? new sns.Topic(`${name}-topic`, {
                // Topic names are unique per account and region: named after project and stack.
                name: sagemakerName(stackScopedName(name)),
                kmsMasterKeyId: SNS_MANAGED_KEY,
                tags,
            }, { parent: this }).arn
            : givenValue(`${name}.topicArn`, args.topicArn);
        const role = new iam.Role(`${name}-role`, {
            name: iamRoleName(`${pulumi.getStack()}-${name}`, "notice"),
            description: `Lets EventBridge Scheduler publish the notice that a training plan ends (created by sagemaker-inference)`,
            assumeRolePolicy: serviceTrustPolicy("scheduler.amazonaws.com"),
            tags,
        }, { parent: this });
        const policy = new iam.RolePolicy(`${name}-policy`, {
            role: role.name,
            policy: topicArn.apply((arn) => JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    { Sid: "PublishTheNotice", Effect: "Allow", Action: ["sns:Publish"], Resource: [arn] },
                    // An encrypted topic: SNS uses its key on the publisher's behalf, for this topic and nothing else.
                    {
                        Sid: "UseTheTopicsKey", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: ["*"],
                        Condition: {
                            StringEquals: { "kms:ViaService": viaService("sns", arn.split(":")[3]), "kms:EncryptionContext:aws:sns:topicArn": arn },
                        },
                    },
                ],
            })),
        }, { parent: this });
        const now = programNow();
        const expression = pulumi.output(args.endTime).apply((end) => {
            const at = atExpression(end, hoursBefore);
            const passed = `the notice was due at ${at.slice(3, -1)} UTC, before this deploy: its schedule is disabled and publishes nothing, ` +
                "so this warning is the notice";
            if (Date.parse(end) <= now) {
                void pulumi.log.warn(`the training plan ended at ${end}: endpoints on it with capacity-reservations-only no longer serve, ` +
                    `unless they moved to on-demand capacity; ${passed}`, this);
            } else if (oneTimeSchedule(at, now).state === "DISABLED") {
                const hours = Math.floor((Date.parse(end) - now) / 3_600_000);
                void pulumi.log.warn(`the training plan ends at ${end}, in ${hours} hours: ${passed}`, this);
            }
            return at;
        });
        const sent = expression.apply((at) => oneTimeSchedule(at, now));
        const schedule = new scheduler.Schedule(`${name}-schedule`, {
            // Schedule names are unique per account and region (default group): named after project and stack.
            name: noticeScheduleName(stackScopedName(name)),
            description: pulumi.interpolate`Notice that training plan ${args.reservationArn} ends at ${args.endTime}`,
            scheduleExpression: sent.scheduleExpression,
            scheduleExpressionTimezone: "UTC",
            flexibleTimeWindow: { mode: "OFF" },
            // ENABLED is the provider's default: left out, so that a schedule made before says no change.
            state: sent.apply((s) => (s.state === "DISABLED" ? s.state : undefined)),
            target: {
                arn: topicArn,
                roleArn: role.arn,
                input: pulumi.all([args.reservationArn, args.endTime, args.endpointNames]).apply(([arn, end, endpoints]) =>
                    noticeMessage(arn, end, endpoints, hoursBefore, args.switchMinutesBefore)),
            },
        }, { parent: this, dependsOn: [policy] });
        this.topicArn = topicArn;
        this.scheduleName = schedule.name;
        this.scheduleExpression = expression;
        this.registerOutputs({ topicArn: this.topicArn, scheduleName: this.scheduleName, scheduleExpression: this.scheduleExpression });
    }
}
