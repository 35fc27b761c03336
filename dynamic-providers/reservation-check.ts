/**
 * Checks an existing training plan against the endpoints that will run on it, when the
 * deployment runs: the plan's facts come from DescribeTrainingPlan, not from program load, so that
 * programs stay runnable offline and under mocks.
 */
import * as pulumi from "@pulumi/pulumi";
import { parseTrainingPlanArn } from "../components/reservation";
import * as ops from "./sagemaker-ops";
import * as tp from "./training-plan-plan";

export interface ReservationCheckArgs {
    /** The training plan's ARN. */
    reservationArn: pulumi.Input<string>;
    /** The instance type the endpoints run. */
    instanceType: pulumi.Input<string>;
    /** The instances the endpoints run on the plan, all together. */
    instanceCount: pulumi.Input<number>;
    /** Waits and retries of the look-up. */
    timing?: pulumi.Input<Partial<ops.Timing>>;
}

/** Describes the plan and fails, naming every mismatch, unless the endpoints fit it. */
async function checkReservation(props: Record<string, unknown>): Promise<Record<string, unknown>> {
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
    const mismatches = tp.reservationMismatches(facts, request);
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
    });
}

export const reservationCheckProvider: pulumi.dynamic.ResourceProvider = {
    async create(inputs) {
        return { id: String(inputs.reservationArn), outs: await checkReservation(inputs) };
    },
    async read(id, props) {
        return { id, props: await checkReservation(props) };
    },
    async diff(_id, olds, news) {
        const changed = ["reservationArn", "instanceType", "instanceCount"].some((k) => olds[k] !== news[k]);
        return { changes: changed, replaces: [], deleteBeforeReplace: false };
    },
    async update(_id, _olds, news) {
        return { outs: await checkReservation(news) };
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

    constructor(name: string, args: ReservationCheckArgs, opts?: pulumi.CustomResourceOptions) {
        super(reservationCheckProvider, name, {
            ...args,
            status: undefined,
            reservedInstanceType: undefined,
            reservedInstanceCount: undefined,
            startTime: undefined,
            endTime: undefined,
            targetResources: undefined,
        }, opts, "sagemaker-inference", "ReservationCheck");
    }
}
