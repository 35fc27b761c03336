/**
 * Checks an existing training plan against the endpoints that will run on it, when the
 * deployment runs: the plan's facts come from DescribeTrainingPlan, not from program load, so that
 * programs stay runnable offline and under mocks.
 */
import * as pulumi from "@pulumi/pulumi";
import { parseTrainingPlanArn, planEnded, timeLeft } from "./training-plan-plan";
import { checkReservationInputs } from "./reservation-check-plan";
import * as ops from "./sagemaker-ops";
import * as tp from "./training-plan-plan";

export interface ReservationCheckArgs {
    /** The training plan's ARN. */
    reservationArn: pulumi.Input<string>;
    /** The instance type the endpoints run. */
    instanceType: pulumi.Input<string>;
    /** The instances the endpoints run on the plan, all together. */
    instanceCount: pulumi.Input<number>;
    /**
     * Whether a plan that has ended is expected: the endpoints move to on-demand capacity before
     * it ends (ReservedEndpoint.onReservationEnd). Then the check reports it ended instead of
     * failing the deploy. Default false.
     */
    allowEnded?: pulumi.Input<boolean>;
    /** Waits and retries of the look-up. */
    timing?: pulumi.Input<Partial<ops.Timing>>;
}

/**
 * Describes the plan and fails, naming every mismatch, unless the endpoints fit it. A plan that
 * has ended (its status, or its end time) is reported, not refused, on a refresh (`reading`),
 * which only reads, or when ended is allowed.
 */
async function checkReservation(props: Record<string, unknown>, reading: boolean): Promise<Record<string, unknown>> {
    const request = props as unknown as tp.ReservationRequest;
    const arn = parseTrainingPlanArn(request.reservationArn);
    const timing = ops.timingOf(props.timing as Partial<ops.Timing> | undefined);
    const client = await ops.sagemakerClient(arn.region, timing);
    const plan = await ops.describeTrainingPlan(client, arn.planName, timing);
    if (plan === undefined) {
        throw new Error(`training plan ${request.reservationArn} was not found in ${arn.region}: buy it first, or fix reservationArn`);
    }
    const facts = tp.factsOf(plan);
    if (facts.arn !== request.reservationArn) {
        throw new Error(`training plan ${request.reservationArn} was not found: a plan named ${arn.planName} is ${facts.arn}, ` +
            `in another account or region than the ARN; run with credentials for the account that owns the plan`);
    }
    const now = ops.now();
    const state = { endTime: facts.endTime ?? "", status: facts.status };
    const mismatches = tp.reservationMismatches(facts, request, now, reading || props.allowEnded === true);
    if (mismatches.length > 0) {
        throw new Error(`the endpoints cannot run on training plan ${request.reservationArn}: ${mismatches.join("; ")}`);
    }
    return ops.toState({
        ...props,
        status: facts.status,
        reservedInstanceType: facts.instanceType,
        reservedInstanceCount: facts.totalInstanceCount,
        startTime: facts.startTime,
        endTime: facts.endTime,
        targetResources: facts.targetResources,
        ended: planEnded(state, now),
        timeLeft: facts.endTime === undefined ? "unknown: the plan reports no end time" : timeLeft(state, now),
    });
}

export const reservationCheckProvider: pulumi.dynamic.ResourceProvider = {
    /** At preview: an ARN, type, count or timing that could never pass is refused before anything runs. */
    async check(_olds, news) {
        const failures = checkReservationInputs(news);
        return failures.length > 0 ? { inputs: news, failures } : { inputs: news };
    },
    async create(inputs) {
        return { id: String(inputs.reservationArn), outs: await checkReservation(inputs, false) };
    },
    async read(id, props) {
        return { id, props: await checkReservation(props, true) };
    },
    async diff(_id, olds, news) {
        const changed = ["reservationArn", "instanceType", "instanceCount"].some((k) => olds[k] !== news[k]);
        // Allowing an ended plan needs no new look now (its outputs stay known at preview); refusing one again does.
        const stricter = olds.allowEnded === true && news.allowEnded !== true;
        return { changes: changed || stricter, replaces: [], deleteBeforeReplace: false };
    },
    async update(_id, _olds, news) {
        return { outs: await checkReservation(news, false) };
    },
    async delete() {
        // Nothing to undo: the check only read the plan.
    },
};

/** A deploy-time check that endpoints fit an existing training plan. Endpoints depend on it. */
export class ReservationCheck extends pulumi.dynamic.Resource {
    public readonly status!: pulumi.Output<string>;
    public readonly reservedInstanceType!: pulumi.Output<string>;
    public readonly reservedInstanceCount!: pulumi.Output<number>;
    public readonly startTime!: pulumi.Output<string>;
    public readonly endTime!: pulumi.Output<string>;
    /** Whether the plan had ended when checked: Expired or Failed, or its end time passed. */
    public readonly ended!: pulumi.Output<boolean>;
    /** The time the plan had left when checked, in days and hours, or "ended (...)". */
    public readonly timeLeft!: pulumi.Output<string>;

    constructor(name: string, args: ReservationCheckArgs, opts?: pulumi.CustomResourceOptions) {
        super(reservationCheckProvider, name, {
            ...args,
            status: undefined,
            reservedInstanceType: undefined,
            reservedInstanceCount: undefined,
            startTime: undefined,
            endTime: undefined,
            targetResources: undefined,
            ended: undefined,
            timeLeft: undefined,
        }, opts, "sagemaker-inference", "ReservationCheck");
    }
}
