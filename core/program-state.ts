import * as awsConfig from "@pulumi/aws/config";
import * as awsNative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { stackScopedBase } from "./names";
import { namePrefixField } from "./validate";

/**
 * What the components of one running program share, keyed by the program's root stack resource:
 * a new program (a new test) starts anew.
 */
interface ProgramState {
    /** What a capability keeps for the whole program (the reservation ledger), by its key. */
    slots: Map<string, unknown>;
    /** Endpoint names in use, lower-cased as SageMaker compares them, to the component using each. */
    endpointNames: Map<string, string>;
    /** Training plan names in use, with their region, to the TrainingPlan buying each. */
    planNames: Map<string, string>;
    /** Read once: each read of Pulumi config parses all of it, and the config grows with the program. */
    region: string | undefined;
    /** The aws-native provider of each region that components created for the program. */
    nativeProviders: Map<string, awsNative.Provider>;
}

const states = new WeakMap<object, ProgramState>();
const outsideAnyStack = {};

function programState(): ProgramState {
    const key = pulumi.runtime.getStackResource() ?? outsideAnyStack;
    let state = states.get(key);
    if (!state) {
        state = { slots: new Map(), endpointNames: new Map(), planNames: new Map(), region: awsConfig.region, nativeProviders: new Map() };
        states.set(key, state);
    }
    return state;
}

/** What a capability keeps for the running program under `key`, made by `create` the first time. */
export function programSlot<T>(key: string, create: () => T): T {
    const slots = programState().slots;
    if (!slots.has(key)) {
        slots.set(key, create());
    }
    return slots.get(key) as T;
}

/** Takes `key` in `names` for `holder`, or throws what `taken` says of the holder that has it. */
function claim(names: Map<string, string>, key: string, holder: string, taken: (other: string) => string): void {
    const other = names.get(key);
    if (other !== undefined) {
        throw new Error(taken(other));
    }
    names.set(key, holder);
}

/** Takes an endpoint name for a component; two endpoints of a program cannot share one. */
export function claimEndpointName(endpointName: string, component: string): void {
    claim(programState().endpointNames, endpointName.toLowerCase(), component, (holder) =>
        `${component}.endpointName: "${endpointName}" is already the endpoint name of ${holder}; SageMaker endpoint names are unique per region, whatever their case`);
}

/** Takes a training plan name for a TrainingPlan: two of a program would each try to buy a plan under it. */
export function claimPlanName(planName: string, region: string | undefined, resource: string): void {
    const where = region ?? programRegion() ?? "the default region";
    claim(programState().planNames, `${where}/${planName}`, resource, (holder) =>
        `${resource}.planName: "${planName}" is already the planName of TrainingPlan ${holder} in ${where}; ` +
        "each would try to buy a plan under that name: give each plan its own planName");
}

/**
 * The aws-native provider for the stack's region, created once per program: aws-native reads its
 * own region setting (aws-native:region), which users rarely set, so resources would otherwise land
 * wherever that or AWS_REGION points, not beside the classic resources in aws:region. Undefined
 * without a region, where aws-native's default provider follows the environment as aws does.
 * Outside a TypeScript stack (the components constructed for another language's program, served
 * by provider.ts) one is made per region under a name of the package's own, beside the program's.
 */
export function nativeProviderForStack(): awsNative.Provider | undefined {
    const region = programRegion();
    if (region === undefined) {
        return undefined;
    }
    const providers = programState().nativeProviders;
    let provider = providers.get(region);
    if (provider === undefined) {
        // "aws-native", as the dev stack named its own before the components made it: its stacks keep their provider.
        const name = !pulumi.runtime.getStackResource() ? `sagemaker-inference-aws-native-${region}`
            : providers.size === 0 ? "aws-native" : `aws-native-${region}`;
        provider = new awsNative.Provider(name, { region: region as awsNative.Region });
        providers.set(region, provider);
    }
    return provider;
}

/**
 * The options that put an aws-native resource of `parent` in the stack's region: an aws-native
 * provider the user gave (to the parent or one of its ancestors) wins; else the stack's region's.
 */
export function nativeOptions(parent: pulumi.Resource): pulumi.CustomResourceOptions {
    return {
        parent,
        provider: parent.getProvider("aws-native::") === undefined ? nativeProviderForStack() : undefined,
    };
}

/** Tags as a map, as the classic resources take them, in the list form aws-native resources take. */
export function nativeTags(tags: pulumi.Input<Record<string, pulumi.Input<string>>> | undefined) {
    return tags === undefined ? undefined
        : pulumi.output(tags).apply((t) => Object.entries(t).map(([key, value]) => ({ key, value })));
}

/** The stack's region (aws:region, or AWS_REGION / AWS_DEFAULT_REGION), if set. */
export function programRegion(): string | undefined {
    // Outside a stack (a unit test's bare mocks) config may change between components.
    return pulumi.runtime.getStackResource() ? programState().region : awsConfig.region;
}

/** `<project>-<stack>-<name>` for this program: the base of physical names that must not collide with another stack's. */
export function stackScopedName(name: string): string {
    return stackScopedBase(pulumi.getProject(), pulumi.getStack(), name);
}

/**
 * The base of a component's physical names: its namePrefix when given (checked), else
 * `<project>-<stack>-<name>`. Each name is made valid from it (sagemakerName), with its suffix.
 */
export function namePrefixOf(name: string, given: string | undefined): string {
    return given === undefined ? stackScopedName(name) : namePrefixField(`${name}.namePrefix`, given);
}

let fixedNow: number | undefined;

/**
 * The time a program decides by (ms since the epoch): whether a training plan has ended, or its
 * switch to on-demand has come. The offline runtime fixes it, so that what a test or `npm run
 * plan` shows does not depend on the day it runs.
 */
export function programNow(): number {
    return fixedNow ?? Date.now();
}

/** Fixes the time programNow returns; undefined returns to the clock. */
export function fixProgramClock(at: number | undefined): void {
    fixedNow = at;
}
