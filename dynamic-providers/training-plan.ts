/**
 * A SageMaker training plan for inference endpoints, bought as code. A plan costs real money and
 * cannot be cancelled: this provider buys at most once per name, never over budget, and never
 * replaces a plan it bought.
 */
import type { SageMakerClient } from "@aws-sdk/client-sagemaker";
import * as pulumi from "@pulumi/pulumi";
import { parseTrainingPlanArn } from "../components/reservation";
import * as ops from "./sagemaker-ops";
import * as tp from "./training-plan-plan";

export interface TrainingPlanArgs {
    /** 1 to 64 characters, `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,63}$`. The plan is found again by this name: never buy twice. */
    planName: pulumi.Input<string>;
    /** e.g. ml.p5.48xlarge. */
    instanceType: pulumi.Input<string>;
    /** Instances to reserve, at least 1. */
    instanceCount: pulumi.Input<number>;
    /** Length of the reservation in hours (plans are sold in whole days, 24 to 4368). */
    durationHours: pulumi.Input<number>;
    /** ISO-8601: the reservation starts at or after this time. */
    startTimeAfter?: pulumi.Input<string>;
    /** ISO-8601: the reservation ends at or before this time. */
    endTimeBefore?: pulumi.Input<string>;
    /** The most you agree to pay up front. No offering above it is bought. */
    maxUpfrontFee: pulumi.Input<number>;
    /** Currency of maxUpfrontFee. Default USD. */
    currencyCode?: pulumi.Input<string>;
    /** Region to buy in. Default: the environment's (AWS_REGION, shared config). */
    region?: pulumi.Input<string>;
    /** Tags set on the plan when it is bought. */
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Waits and retries; the defaults suit real purchases. */
    timing?: pulumi.Input<Partial<ops.Timing>>;
}

/** An ISO time written one way, so that the same instant never reads as a change. */
function normalTime(value: unknown): string | undefined {
    return typeof value === "string" ? new Date(value).toISOString() : undefined;
}

/** Inputs with their defaults, as the provider works with them. */
function inputsOf(props: Record<string, unknown>): tp.TrainingPlanInputs {
    return {
        planName: props.planName as string,
        instanceType: props.instanceType as string,
        instanceCount: props.instanceCount as number,
        durationHours: props.durationHours as number,
        startTimeAfter: normalTime(props.startTimeAfter),
        endTimeBefore: normalTime(props.endTimeBefore),
        maxUpfrontFee: props.maxUpfrontFee as number,
        currencyCode: (props.currencyCode as string | undefined) ?? "USD",
        region: props.region as string | undefined,
        tags: props.tags as Record<string, string> | undefined,
        timing: props.timing as Partial<ops.Timing> | undefined,
    };
}

/** The resource's outputs: its inputs, then the plan as bought, as the host can send them. */
function outputsOf(inputs: tp.TrainingPlanInputs, facts: tp.TrainingPlanFacts, offeringId: string | undefined): Record<string, unknown> {
    return ops.toState({
        ...inputs,
        arn: facts.arn,
        status: facts.status,
        offeringId,
        upfrontFee: facts.upfrontFee,
        currencyCode: facts.currencyCode ?? inputs.currencyCode,
        startTime: facts.startTime,
        endTime: facts.endTime,
        durationHours: facts.durationHours ?? inputs.durationHours,
        instanceType: facts.instanceType ?? inputs.instanceType,
        totalInstanceCount: facts.totalInstanceCount,
        availableInstanceCount: facts.availableInstanceCount,
        availabilityZone: facts.availabilityZone,
        targetResources: facts.targetResources,
    });
}

async function searchOfferings(client: SageMakerClient, inputs: tp.TrainingPlanInputs, timing: ops.Timing): Promise<tp.OfferingChoice> {
    const sdk = await import("@aws-sdk/client-sagemaker");
    const response = await ops.call(() => client.send(new sdk.SearchTrainingPlanOfferingsCommand({
        TargetResources: [tp.ENDPOINT_TARGET],
        InstanceType: inputs.instanceType as never,
        InstanceCount: inputs.instanceCount,
        DurationHours: inputs.durationHours,
        StartTimeAfter: inputs.startTimeAfter === undefined ? undefined : new Date(inputs.startTimeAfter),
        EndTimeBefore: inputs.endTimeBefore === undefined ? undefined : new Date(inputs.endTimeBefore),
    })), timing);
    return tp.chooseOffering(tp.offeringsOf(response.TrainingPlanOfferings), inputs);
}

/**
 * Waits until the plan named is usable; a plan not found yet is still being created. When the
 * wait fails after the plan was seen, the error carries it (id and outputs), so that the engine
 * keeps the bought plan in the stack's state instead of losing track of it.
 */
async function waitUntilUsable(
    client: SageMakerClient, inputs: tp.TrainingPlanInputs, timing: ops.Timing, notFound: string, offeringId?: string,
): Promise<tp.TrainingPlanFacts> {
    let seen: tp.TrainingPlanFacts | undefined;
    try {
        return await ops.waitFor(`training plan ${inputs.planName} to be ${tp.USABLE_STATUSES.join(" or ")}`, async () => {
            const plan = await ops.describeTrainingPlan(client, inputs.planName, timing);
            if (plan === undefined) {
                return { done: false, value: undefined as never, state: notFound };
            }
            seen = tp.factsOf(plan);
            if (seen.status === "Failed") {
                throw new Error(`training plan ${inputs.planName} (${seen.arn}) failed: ${seen.statusMessage ?? "no reason given"}`);
            }
            return { done: tp.USABLE_STATUSES.includes(seen.status), value: seen, state: seen.status };
        }, timing);
    } catch (err) {
        if (seen === undefined) {
            throw err;
        }
        throw ops.partialState((err as Error).message, seen.arn, outputsOf(inputs, seen, offeringId));
    }
}

/** The plan of this name, if one exists: the guard against buying twice. */
async function existingPlan(client: SageMakerClient, inputs: tp.TrainingPlanInputs, timing: ops.Timing): Promise<tp.TrainingPlanFacts | undefined> {
    const plan = await ops.describeTrainingPlan(client, inputs.planName, timing);
    return plan === undefined ? undefined : tp.factsOf(plan);
}

export const trainingPlanProvider: pulumi.dynamic.ResourceProvider = {
    /**
     * Validates the inputs and fixes the region. For a plan not bought yet it also finds what
     * `create` would do, so that a real `pulumi preview --diff` shows the offering it would buy and
     * its price, or the existing plan it would adopt, and fails when nothing fits the budget. For a
     * bought plan, a change of its purchase terms fails here, naming each. Under mocks no provider
     * runs, so tests and `npm run plan` stay offline.
     */
    async check(olds, news) {
        const failures = tp.checkTrainingPlanInputs(news);
        if (failures.length > 0) {
            return { failures };
        }
        // One client per call; its resolved region is fixed into the inputs.
        const client = await ops.sagemakerClient(news.region as string | undefined);
        const inputs = { ...inputsOf(news), region: await client.config.region() };
        if (olds.planName !== undefined) {
            const changed = tp.changedPurchaseTerms(olds, inputs as unknown as Record<string, unknown>);
            if (changed.length > 0) {
                const reason = tp.purchaseTermsMessage(String(olds.planName), changed, olds, inputs as unknown as Record<string, unknown>);
                return { failures: changed.map((property) => ({ property, reason })) };
            }
            return { inputs: ops.toState({ ...inputs, offeringPreview: olds.offeringPreview }) };
        }
        const timing = ops.timingOf(inputs.timing);
        const existing = await existingPlan(client, inputs, timing);
        if (existing !== undefined) {
            const mismatches = tp.adoptionMismatches(existing, inputs);
            if (mismatches.length > 0) {
                return { failures: [{ property: "planName", reason: tp.adoptionMessage(inputs, existing, mismatches) }] };
            }
            return { inputs: ops.toState({ ...inputs, offeringPreview: `would adopt ${tp.describePlan(existing)}` }) };
        }
        const choice = await searchOfferings(client, inputs, timing);
        if (!choice.chosen) {
            return { failures: [{ property: "maxUpfrontFee", reason: tp.noOfferingMessage(inputs, choice) }] };
        }
        return { inputs: ops.toState({ ...inputs, offeringPreview: `would buy ${tp.describeOffering(choice.chosen)}` }) };
    },

    async diff(_id, olds, news) {
        const changed = tp.changedPurchaseTerms(olds, inputsOf(news) as unknown as Record<string, unknown>);
        if (changed.length > 0) {
            throw new Error(tp.purchaseTermsMessage(String(olds.planName), changed, olds, news));
        }
        const mutable = ["maxUpfrontFee", "tags", "timing"].filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k]));
        return { changes: mutable.length > 0, replaces: [], deleteBeforeReplace: false };
    },

    async create(news) {
        const inputs = inputsOf(news);
        const timing = ops.timingOf(inputs.timing);
        const client = await ops.sagemakerClient(inputs.region);

        // Never buy twice: a plan of this name may exist from an earlier run that failed after buying.
        const existing = await existingPlan(client, inputs, timing);
        if (existing !== undefined) {
            const mismatches = tp.adoptionMismatches(existing, inputs);
            if (mismatches.length > 0) {
                throw new Error(tp.adoptionMessage(inputs, existing, mismatches));
            }
            const usable = await waitUntilUsable(client, inputs, timing, "not found");
            return { id: usable.arn, outs: outputsOf(inputs, usable, undefined) };
        }

        const choice = await searchOfferings(client, inputs, timing);
        if (!choice.chosen) {
            throw new Error(tp.noOfferingMessage(inputs, choice));
        }
        const sdk = await import("@aws-sdk/client-sagemaker");
        let notFound = "not found after CreateTrainingPlan";
        try {
            // Not retried when the answer is lost: the purchase may have gone through.
            await ops.call(() => client.send(new sdk.CreateTrainingPlanCommand({
                TrainingPlanName: inputs.planName,
                TrainingPlanOfferingId: choice.chosen!.offeringId,
                Tags: Object.entries(inputs.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
            })), timing, false);
        } catch (err) {
            if (!ops.isTransient(err)) {
                throw err;
            }
            // The plan is looked up by name instead: it shows up if the purchase went through.
            notFound = `not found after CreateTrainingPlan failed with ${(err as Error).name}: ${(err as Error).message}; ` +
                `if it never appears nothing was bought, and the next pulumi up looks it up by name before buying`;
        }
        const facts = await waitUntilUsable(client, inputs, timing, notFound, choice.chosen.offeringId);
        return { id: facts.arn, outs: outputsOf(inputs, facts, choice.chosen.offeringId) };
    },

    async read(id, props) {
        // The plan lives where its ARN says, whatever region the refresh runs with.
        const arn = parseTrainingPlanArn(id);
        const inputs = { ...inputsOf(props), region: arn.region };
        const client = await ops.sagemakerClient(arn.region);
        const plan = await ops.describeTrainingPlan(client, arn.planName, ops.timingOf(inputs.timing));
        if (plan === undefined) {
            // Never drop a bought plan from the state: the next deploy would buy another.
            throw new Error(`training plan ${id} was not found with these credentials in ${arn.region}; ` +
                `plans cannot be deleted, so check the account and credentials the refresh runs with`);
        }
        return { id, props: { ...props, ...outputsOf(inputs, tp.factsOf(plan), props.offeringId as string | undefined) } };
    },

    async update(_id, olds, news) {
        // Only the budget, tags and timings can change here; none of them touches the purchase.
        return { outs: ops.toState({ ...olds, maxUpfrontFee: news.maxUpfrontFee, tags: news.tags, timing: news.timing }) };
    },

    async delete(id, props) {
        await pulumi.log.warn(`training plan ${props.planName} (${id}) is still bought and reserved until ${props.endTime ?? "its end time"}: ` +
            `SageMaker has no API to cancel a plan, so removing it from the stack only stops Pulumi from tracking it.`);
    },
};

/** A training plan whose target is inference endpoints, bought once and kept. */
export class TrainingPlan extends pulumi.dynamic.Resource {
    public readonly arn!: pulumi.Output<string>;
    public readonly status!: pulumi.Output<string>;
    public readonly offeringId!: pulumi.Output<string | undefined>;
    public readonly upfrontFee!: pulumi.Output<number>;
    public readonly currencyCode!: pulumi.Output<string>;
    public readonly startTime!: pulumi.Output<string>;
    public readonly endTime!: pulumi.Output<string>;
    public readonly durationHours!: pulumi.Output<number>;
    public readonly instanceType!: pulumi.Output<string>;
    public readonly totalInstanceCount!: pulumi.Output<number>;
    public readonly availableInstanceCount!: pulumi.Output<number>;
    public readonly availabilityZone!: pulumi.Output<string>;
    public readonly targetResources!: pulumi.Output<string[]>;

    constructor(name: string, args: TrainingPlanArgs, opts?: pulumi.CustomResourceOptions) {
        super(trainingPlanProvider, name, {
            ...args,
            arn: undefined,
            status: undefined,
            offeringId: undefined,
            upfrontFee: undefined,
            startTime: undefined,
            endTime: undefined,
            totalInstanceCount: undefined,
            availableInstanceCount: undefined,
            availabilityZone: undefined,
            targetResources: undefined,
        }, opts, "sagemaker-inference", "TrainingPlan");
    }
}
