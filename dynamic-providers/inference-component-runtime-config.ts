/**
 * An inference component's copy count, set directly with UpdateInferenceComponentRuntimeConfig:
 * to park a component at zero copies right after it is created, or to warm components up before an
 * evaluation run. It acts only when its own inputs change, never to undo what auto scaling or a
 * schedule did since; deleting it leaves the component as it is.
 */
import type { SageMakerClient } from "@aws-sdk/client-sagemaker";
import * as pulumi from "@pulumi/pulumi";
import * as rc from "./runtime-config-plan";
import * as ops from "./sagemaker-ops";

export interface InferenceComponentRuntimeConfigArgs {
    /** The inference component whose copies to set. */
    inferenceComponentName: pulumi.Input<string>;
    /** Copies to run, at least 0. Zero parks the component; its endpoint releases instances no component uses. */
    copyCount: pulumi.Input<number>;
    /** Wait until the component is InService with exactly these copies. Default true. */
    waitForCompletion?: pulumi.Input<boolean>;
    /** Region of the component. Default: the environment's (AWS_REGION, shared config). */
    region?: pulumi.Input<string>;
    /** Wait timeout, polling and retries; the defaults suit real deployments (30 min at most). */
    timing?: pulumi.Input<Partial<ops.Timing>>;
}

/** Polls the component until `done` holds, failing at once on a failed or vanished component. */
async function waitForCopies(
    client: SageMakerClient, inputs: rc.RuntimeConfigInputs, timing: ops.Timing, what: string, done: (state: rc.CopyState) => boolean,
): Promise<rc.CopyState> {
    const name = inputs.inferenceComponentName;
    return ops.waitFor(`inference component ${name} ${what}`, async () => {
        const described = await ops.describeInferenceComponent(client, name, timing);
        if (described === undefined) {
            throw new Error(`inference component ${name} was not found in ${await client.config.region()}`);
        }
        const state = rc.copyStateOf(described);
        if (state.status === "Failed" || state.status === "Deleting") {
            throw new Error(`inference component ${name} is ${state.status}${state.failureReason ? `: ${state.failureReason}` : ""}`);
        }
        return { done: done(state), value: state, state: rc.describeCopies(state) };
    }, timing);
}

function outputsOf(inputs: rc.RuntimeConfigInputs, region: string, state: rc.CopyState): Record<string, unknown> {
    return ops.toState({
        ...inputs,
        // Apart from the region input: a region resolved from the environment is not a change of it.
        resolvedRegion: region,
        inferenceComponentArn: state.arn,
        status: state.status,
        desiredCopyCount: state.desiredCopyCount,
        currentCopyCount: state.currentCopyCount,
    });
}

/**
 * Sets the copy count once the component accepts it, then waits for it when asked. Without a
 * region input, `knownRegion` (where an earlier run set it) comes before the environment's.
 * `resend` false only awaits a count sent before, when the component was last modified at `modifiedBefore`.
 */
async function apply(
    props: Record<string, unknown>, knownRegion?: string, resend = true, modifiedBefore?: string,
): Promise<{ id: string; outs: Record<string, unknown> }> {
    const inputs = rc.runtimeConfigInputs(props);
    const timing = ops.timingOf(inputs.timing);
    const client = await ops.sagemakerClient(inputs.region ?? knownRegion, timing);
    const region = await client.config.region();
    const name = inputs.inferenceComponentName;
    let before = modifiedBefore;
    if (resend) {
        // The service refuses a new runtime config while the component is being created or updated.
        before = (await waitForCopies(client, inputs, timing, "to finish its current change", (s) => !rc.BUSY_STATUSES.includes(s.status))).lastModified;
        const sdk = ops.sagemakerSdk();
        // Setting a count is idempotent: a retry after a lost answer asks for the same thing.
        await ops.call(`inference component ${name}: UpdateInferenceComponentRuntimeConfig to ${inputs.copyCount} copies`,
            () => client.send(new sdk.UpdateInferenceComponentRuntimeConfigCommand({
                InferenceComponentName: name,
                DesiredRuntimeConfig: { CopyCount: inputs.copyCount },
            })), timing);
    }
    const id = `${region}/${name}`;
    let state: rc.CopyState = { status: "Updating", desiredCopyCount: inputs.copyCount };
    // Another desired count ends the wait only once the service has shown it took ours: a stale read still shows the old one.
    let taken = false;
    try {
        await waitForCopies(client, inputs, timing, `to serve with ${inputs.copyCount} copies`, (seen) => {
            state = seen;
            taken = taken || rc.acknowledged(seen, inputs.copyCount, before);
            return !inputs.waitForCompletion || rc.doneWaiting(seen, inputs.copyCount, taken);
        });
    } catch (err) {
        // The count was sent: keep the resource in the state with what was last seen, marked
        // unfinished so that the next deploy awaits it again (without sending it again).
        throw ops.partialState((err as Error).message, id, { ...outputsOf(inputs, region, state), ...unfinished(before) });
    }
    return { id, outs: outputsOf(inputs, region, state) };
}

/** The marks of a count sent but not yet seen served, kept until a deploy sees it through. */
function unfinished(modifiedBefore: string | undefined): Record<string, unknown> {
    return ops.toState({ unfinished: true, lastModifiedBeforeUpdate: modifiedBefore });
}

export const runtimeConfigProvider: pulumi.dynamic.ResourceProvider = ops.keepingProvider({
    async check(_olds, news) {
        const failures = rc.checkRuntimeConfigInputs(news);
        return failures.length > 0 ? { failures } : { inputs: news };
    },

    async diff(_id, olds, news) {
        // An unfinished count is a change to see through, even with the same inputs.
        const changed = rc.runtimeConfigChanged(olds, news);
        return { changes: changed.length > 0 || olds.unfinished === true, replaces: [], deleteBeforeReplace: false };
    },

    async create(inputs) {
        return apply(inputs);
    },

    async update(_id, olds, news) {
        // Only a new count, component or region calls the API; waits and timings are just recorded.
        const acting = rc.runtimeConfigChanged(olds, news).filter((k) => k !== "waitForCompletion" && k !== "timing");
        if (acting.length === 0 && olds.unfinished !== true) {
            return { outs: ops.toState({ ...olds, waitForCompletion: news.waitForCompletion, timing: news.timing }) };
        }
        // An unfinished count is awaited, not sent again: auto scaling may have moved on since.
        return { outs: (await apply(news, olds.resolvedRegion as string | undefined, acting.length > 0, olds.lastModifiedBeforeUpdate as string | undefined)).outs };
    },

    /** Reports the copies the service holds now; the requested copyCount, and a count still unfinished, stay as they were. */
    async read(id, props) {
        const inputs = rc.runtimeConfigInputs(props);
        const timing = ops.timingOf(inputs.timing);
        // The component is where it was set, whatever region the refresh runs with.
        const client = await ops.sagemakerClient(inputs.region ?? (props.resolvedRegion as string | undefined), timing);
        const described = await ops.describeInferenceComponent(client, inputs.inferenceComponentName, timing);
        if (described === undefined) {
            // The component is gone, and with it what this resource set.
            return { id: "", props: {} };
        }
        const outs = outputsOf(inputs, await client.config.region(), rc.copyStateOf(described));
        return { id, props: props.unfinished === true ? { ...outs, ...unfinished(props.lastModifiedBeforeUpdate as string | undefined) } : outs };
    },

    async delete() {
        // Leaves the component as it is: the copies belong to auto scaling and schedules again.
    },
});

/** An inference component's copy count, set once per change of its inputs. */
export class InferenceComponentRuntimeConfig extends pulumi.dynamic.Resource {
    public readonly inferenceComponentArn!: pulumi.Output<string>;
    public readonly status!: pulumi.Output<string>;
    /** The copies the service was last seen to want (after create, update or refresh). */
    public readonly desiredCopyCount!: pulumi.Output<number>;
    /** The copies the service was last seen to run. */
    public readonly currentCopyCount!: pulumi.Output<number>;

    constructor(name: string, args: InferenceComponentRuntimeConfigArgs, opts?: pulumi.CustomResourceOptions) {
        super(runtimeConfigProvider, name, {
            ...args,
            resolvedRegion: undefined,
            inferenceComponentArn: undefined,
            status: undefined,
            desiredCopyCount: undefined,
            currentCopyCount: undefined,
        }, opts, "sagemaker-inference", "InferenceComponentRuntimeConfig");
    }
}
