/**
 * A guard that the endpoint waits for, which Pulumi checks before the endpoint is updated: its
 * `check` judges the update against what the endpoint runs, described then, which neither the
 * program nor the stack's state knows (an update that failed leaves the endpoint on its old config
 * while the state moved on).
 *
 * - An update that does not fit the reservation's spare instances is refused, with the numbers,
 *   at preview when the values are known there, else when the deployment runs, before the
 *   endpoint changes; creating the endpoint needs no spare and is let through. The look-up
 *   (DescribeEndpoint) is its only AWS call, made only for an endpoint on a plan of known size.
 * - A new instance type of a variant that was auto scaled replaces the guard, deleting first: the engine
 *   then deletes what takes the guard's `instanceType` output (the scalable target and its
 *   policies) before the guard and the endpoint change, so SageMaker updates an endpoint that is
 *   no longer registered with auto scaling (it refuses otherwise), and the target is registered
 *   again after the update.
 */
import * as pulumi from "@pulumi/pulumi";
import { RunningFleet, runningFleet, runningUpdateRefusal, UpdateFit } from "./endpoint-update-guard-plan";
import * as ops from "./sagemaker-ops";

export interface EndpointUpdateGuardArgs {
    /** The endpoint's SageMaker name. */
    endpointName: pulumi.Input<string>;
    /** The config the endpoint is to run: a new name is an update. */
    endpointConfigName: pulumi.Input<string>;
    /** The variant's instance type. */
    instanceType: pulumi.Input<string>;
    /** Whether the variant is registered with Application Auto Scaling. */
    autoScaled: boolean;
    /** On a reservation: whether an update fits its spare instances. */
    fit?: pulumi.Input<UpdateFit | undefined>;
    /** The endpoint's region; default the SDK's (AWS_REGION, the shared config). */
    region?: pulumi.Input<string | undefined>;
    /** Waits and retries of the look-up of what the endpoint runs, which the guard's check makes on a plan of known size. */
    timing?: pulumi.Input<Partial<ops.Timing>>;
}

interface GuardInputs {
    endpointName: string;
    endpointConfigName: string;
    instanceType: string;
    autoScaled: boolean;
    fit?: UpdateFit;
    region?: string;
    timing?: Partial<ops.Timing>;
}

/** Whether the guard can judge the update now: on a reservation of known size, every value known. */
function judgeable(g: GuardInputs): g is GuardInputs & { fit: UpdateFit & { spareInstances: number } } {
    // Without a reserved count nothing can be refused: no look-up. Unknown at preview: judged when the deployment runs.
    return g.fit !== undefined && g.fit.spareInstances !== undefined && !ops.holdsUnknown([g.fit, g.endpointName, g.region, g.timing]);
}

/** What the endpoint runs now on the plan; undefined when it does not exist yet. */
async function runningNow(g: GuardInputs & { fit: UpdateFit }): Promise<RunningFleet | undefined> {
    const timing = ops.timingOf(g.timing);
    const client = await ops.sagemakerClient(g.region, timing);
    const described = await ops.describeEndpoint(client, g.endpointName, timing);
    return described === undefined ? undefined : runningFleet(described, g.fit.reservationArn);
}

const COMPARED = ["endpointName", "endpointConfigName", "instanceType", "autoScaled", "fit"] as const;

export const endpointUpdateGuardProvider: pulumi.dynamic.ResourceProvider = {
    async check(olds, news) {
        const after = news as GuardInputs;
        const timing = ops.timingFailure(after.timing);
        if (timing !== undefined) {
            return { inputs: news, failures: [{ property: "timing", reason: `timing ${timing}` }] };
        }
        if (!judgeable(after)) {
            return { inputs: news };
        }
        const refusal = runningUpdateRefusal(after.fit, await runningNow(after), (olds as Partial<GuardInputs>).endpointConfigName);
        return refusal === undefined ? { inputs: news } : { inputs: news, failures: [{ property: "fit", reason: refusal }] };
    },
    async diff(_id, olds, news) {
        const changed = COMPARED.filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k]));
        // What was registered with auto scaling must let go first, even if this deploy drops auto scaling.
        const retyped = olds.autoScaled === true && olds.instanceType !== news.instanceType;
        return { changes: changed.length > 0, replaces: retyped ? ["instanceType"] : [], deleteBeforeReplace: true };
    },
    async create(inputs) {
        return { id: String(inputs.endpointName), outs: inputs };
    },
    async update(_id, _olds, news) {
        return { outs: news };
    },
    async delete() {
        // Nothing to undo: the guard only compared settings and described the endpoint.
    },
};

/** Pulumi's check of an endpoint's update, before the endpoint changes. */
export class EndpointUpdateGuard extends pulumi.dynamic.Resource {
    /** The instance type, for what must be deleted before a new type reaches the endpoint. */
    public readonly instanceType!: pulumi.Output<string>;

    constructor(name: string, args: EndpointUpdateGuardArgs, opts?: pulumi.CustomResourceOptions) {
        super(endpointUpdateGuardProvider, name, { ...args }, opts, "sagemaker-inference", "EndpointUpdateGuard");
    }
}
