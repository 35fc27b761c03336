/**
 * A guard that the endpoint waits for, which Pulumi checks before the endpoint is updated. It
 * compares the endpoint's last deployed settings, which the engine keeps in its state, with the new
 * ones, which a program alone cannot see.
 *
 * - An update that does not fit the reservation's spare instances is refused at preview, with the
 *   numbers; creating the endpoint needs no spare and is let through. A guard with no earlier state (the first deploy
 *   after an upgrade or an import) cannot tell at preview: when the deployment runs, it describes
 *   the endpoint, and refuses before the endpoint changes if it exists on the plan and its update
 *   does not fit. That look-up is its only AWS call.
 * - A new instance type of a variant that was auto scaled replaces the guard, deleting first: the engine
 *   then deletes what takes the guard's `instanceType` output (the scalable target and its
 *   policies) before the guard and the endpoint change, so SageMaker updates an endpoint that is
 *   no longer registered with auto scaling (it refuses otherwise), and the target is registered
 *   again after the update.
 */
import * as pulumi from "@pulumi/pulumi";
import { UpdateFit, updateFitFrom, updateFitMessage } from "../components/endpoint/endpoint-update-plan";
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
    /** Waits and retries of the look-up a guard without earlier state makes. */
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

/**
 * For a guard created without earlier state: whether the endpoint already runs on the plan, under
 * another config, so that this deploy updates it; if so, and its update does not fit, an error
 * saying so. The endpoint's running instances on the plan are its old fleet.
 */
async function unseenUpdateRefusal(g: GuardInputs): Promise<string | undefined> {
    // Without a reserved count nothing can be refused: no look-up.
    if (g.fit === undefined || g.fit.spareInstances === undefined) {
        return undefined;
    }
    const fit = g.fit;
    const timing = ops.timingOf(g.timing);
    const client = await ops.sagemakerClient(g.region, timing);
    const current = await ops.describeEndpoint(client, g.endpointName, timing);
    if (current === undefined || current.EndpointConfigName === g.endpointConfigName) {
        return undefined;
    }
    const running = (current.ProductionVariants ?? [])
        .filter((v) => v.CapacityReservationConfig?.MlReservationArn === fit.reservationArn)
        .reduce((sum, v) => sum + (v.CurrentInstanceCount ?? 0), 0);
    const before = running === 0 ? undefined : { reservationArn: fit.reservationArn, endpointConfigName: current.EndpointConfigName!, claimedInstances: running };
    const update = updateFitFrom(fit, before);
    return update.fits ? undefined : `${updateFitMessage(update)}. Found when the deployment ran, before the endpoint changed: the state ` +
        `held no earlier settings of ${g.endpointName}, which already runs ${running} instance${running === 1 ? "" : "s"} on the plan ` +
        `under config ${current.EndpointConfigName}`;
}

const COMPARED = ["endpointName", "endpointConfigName", "instanceType", "autoScaled", "fit"] as const;

export const endpointUpdateGuardProvider: pulumi.dynamic.ResourceProvider = {
    async check(olds, news) {
        const before = olds as Partial<GuardInputs>;
        const after = news as GuardInputs;
        // Unknown at preview: judged when the deployment runs, before the endpoint changes.
        if (after.fit !== undefined && !ops.holdsUnknown(after.fit)) {
            const update = updateFitFrom(after.fit, before.fit);
            if (!update.fits) {
                return { inputs: news, failures: [{ property: "fit", reason: updateFitMessage(update) }] };
            }
        }
        return { inputs: news };
    },
    async diff(_id, olds, news) {
        const changed = COMPARED.filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k]));
        // What was registered with auto scaling must let go first, even if this deploy drops auto scaling.
        const retyped = olds.autoScaled === true && olds.instanceType !== news.instanceType;
        return { changes: changed.length > 0, replaces: retyped ? ["instanceType"] : [], deleteBeforeReplace: true };
    },
    async create(inputs) {
        const refusal = await unseenUpdateRefusal(inputs as GuardInputs);
        if (refusal !== undefined) {
            throw new Error(refusal);
        }
        return { id: String(inputs.endpointName), outs: inputs };
    },
    async update(_id, _olds, news) {
        return { outs: news };
    },
    async delete() {
        // Nothing to undo: the guard only compared settings.
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
