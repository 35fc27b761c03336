/**
 * The steps Pulumi's engine would run to take a stack from one recorded program run to the next,
 * by the engine's rules, so that tests can show the order of operations without an engine:
 *
 * - resources are visited in registration order; a resource with changed inputs is updated in
 *   place, or replaced when its provider says a changed input forces a new resource;
 * - a replacement creates the new resource first and deletes the old one after every other step
 *   (Pulumi's default), unless the provider or the program asks to delete first;
 * - deleting first also deletes, before it and dependents first, every resource that takes one of
 *   its outputs in an input its own provider would replace on (the engine re-diffs each dependent
 *   with those inputs unknown); those are created again when the program registers them;
 * - resources the new run no longer registers are deleted last, dependents first.
 *
 * Which changes replace comes from the providers: the CloudFormation schemas for aws-native
 * resources, the dynamic providers' own diff, and terraform-provider-aws's ForceNew attributes for
 * the few classic resources an endpoint's update touches.
 */
import { endpointUpdateGuardProvider } from "../../dynamic-providers/endpoint-update-guard";
import { cfnReplacingPaths } from "./aws-spec";
import { plannedChanges, ProgramRun, RecordedResource, TYPES } from "./harness";

export interface Step {
    op: "create" | "update" | "replace" | "delete";
    name: string;
    /** For updates and replacements: the input paths that changed. */
    changed?: string[];
}

const CFN_TYPES: Record<string, string> = {
    [TYPES.endpointConfig]: "AWS::SageMaker::EndpointConfig",
    [TYPES.endpoint]: "AWS::SageMaker::Endpoint",
    [TYPES.inferenceComponent]: "AWS::SageMaker::InferenceComponent",
};

/** terraform-provider-aws: the attributes that force a new scalable target, policy and alarm. */
const FORCE_NEW: Record<string, string[]> = {
    [TYPES.scalableTarget]: ["resourceId", "scalableDimension", "serviceNamespace"],
    [TYPES.scalingPolicy]: ["name", "resourceId", "scalableDimension", "serviceNamespace"],
    [TYPES.alarm]: ["name"],
};

/** Whether the resource's provider replaces it for these changed input paths, and whether it deletes first. */
async function replacement(r: RecordedResource, old: RecordedResource, changed: string[]): Promise<{ replaces: boolean; deleteFirst: boolean }> {
    if (r.type === TYPES.updateGuard) {
        const diff = await endpointUpdateGuardProvider.diff!("guard", old.inputs, r.inputs);
        return { replaces: (diff.replaces ?? []).length > 0, deleteFirst: diff.deleteBeforeReplace === true || r.deleteBeforeReplace };
    }
    if (changed.some((path) => r.replaceOnChanges.includes(path.split(".")[0]))) {
        return { replaces: true, deleteFirst: r.deleteBeforeReplace };
    }
    const cfn = CFN_TYPES[r.type];
    if (cfn !== undefined) {
        return { replaces: cfnReplacingPaths(cfn, changed).length > 0, deleteFirst: r.deleteBeforeReplace };
    }
    const forceNew = FORCE_NEW[r.type] ?? [];
    return { replaces: changed.some((path) => forceNew.includes(path.split(".")[0])), deleteFirst: r.deleteBeforeReplace };
}

/** Resources of `run` that take an output of `urn` in one of their inputs, with those inputs. */
function propertyDependents(run: ProgramRun, urn: string): { dependent: RecordedResource; inputs: string[] }[] {
    return run.resources.flatMap((r) => {
        const inputs = Object.entries(r.propertyDependencies).filter(([, urns]) => urns.includes(urn)).map(([key]) => key);
        return inputs.length > 0 ? [{ dependent: r, inputs }] : [];
    });
}

/** The steps from `before` to `after`, in the order the engine runs them. */
export async function deploySteps(before: ProgramRun, after: ProgramRun): Promise<Step[]> {
    const steps: Step[] = [];
    const old = new Map(before.resources.map((r) => [r.urn, r]));
    const deleted = new Set<string>();
    const deferred: Step[] = [];

    /** Deletes `root`'s property dependents that would be replaced, dependents first, then `root`. */
    const deleteWithDependents = async (root: RecordedResource) => {
        for (const { dependent, inputs } of propertyDependents(before, root.urn)) {
            if (!deleted.has(dependent.urn) && (await replacement(dependent, dependent, inputs)).replaces) {
                await deleteWithDependents(dependent);
            }
        }
        deleted.add(root.urn);
        steps.push({ op: "delete", name: root.name });
    };

    for (const r of after.resources.filter((x) => x.type !== "pulumi:pulumi:Stack")) {
        const previous = old.get(r.urn);
        if (previous === undefined || deleted.has(r.urn)) {
            steps.push({ op: "create", name: r.name });
            continue;
        }
        const changed = plannedChanges(previous.inputs, r.inputs, r.ignoreChanges);
        if (changed.length === 0) {
            continue;
        }
        const { replaces, deleteFirst } = await replacement(r, previous, changed);
        if (!replaces) {
            steps.push({ op: "update", name: r.name, changed });
        } else if (deleteFirst) {
            await deleteWithDependents(previous);
            steps.push({ op: "create", name: r.name });
        } else {
            steps.push({ op: "replace", name: r.name, changed });
            deferred.push({ op: "delete", name: `${r.name} (old)` });
        }
    }
    const gone = before.resources.filter((r) => r.type !== "pulumi:pulumi:Stack" && !deleted.has(r.urn) && !after.resources.some((x) => x.urn === r.urn));
    return [...steps, ...deferred, ...gone.reverse().map((r): Step => ({ op: "delete", name: r.name }))];
}
