import * as policy from "@pulumi/policy";

/**
 * Runs the pack's policies as the policy SDK's own tests do (`runResourcePolicy`, `runStackPolicy`
 * calling `validateResource` / `validateStack` with a report that collects violations), on
 * properties wrapped in the SDK's own unknown-checking proxy, as its server wraps them.
 */

interface ProxyModule {
    unknownCheckingProxy<T extends object>(o: T): T;
    unknownStringValue: string;
    unknownArrayValue: string;
}
// Not in the SDK's typings: its server's own wrapper and sentinels.
const sdkProxy = require("@pulumi/policy/proxy") as ProxyModule;

/** What the engine sends for a string (and for a list) unknown during preview. */
export const UNKNOWN_STRING = sdkProxy.unknownStringValue;
export const UNKNOWN_ARRAY = sdkProxy.unknownArrayValue;

export interface TestResource {
    type: string;
    name: string;
    /** Default: made of type and name. */
    urn?: string;
    props: Record<string, unknown>;
    /** Property to names (or URNs) of the test resources whose outputs it takes. */
    propertyDependencies?: Record<string, string[]>;
    /** The provider's properties (defaultTags). */
    provider?: Record<string, unknown>;
}

export const urnOf = (r: { type: string; name: string; urn?: string }) => r.urn ?? `urn:pulumi:test::policy-test::${r.type}::${r.name}`;

export interface PolicyViolation {
    message: string;
    urn?: string;
}

const OPTS: policy.PolicyResourceOptions = {
    protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
};

function notApplicable(reason?: string): never {
    throw new Error(`not applicable: ${reason}`);
}

function providerOf(r: TestResource): policy.PolicyProviderResource | undefined {
    return r.provider === undefined ? undefined
        : { type: "pulumi:providers:aws", name: "default", urn: "urn:pulumi:test::policy-test::pulumi:providers:aws::default", props: sdkProxy.unknownCheckingProxy(r.provider) };
}

export async function runResourcePolicy(p: policy.Policies[number], r: TestResource, config: object = {}): Promise<PolicyViolation[]> {
    const resPolicy = p as policy.ResourceValidationPolicy;
    const violations: PolicyViolation[] = [];
    const report = (message: string, urn?: string) => { violations.push({ message, ...(urn && { urn }) }); };
    const args: policy.ResourceValidationArgs = {
        type: r.type,
        props: sdkProxy.unknownCheckingProxy(r.props),
        urn: urnOf(r),
        name: r.name,
        opts: OPTS,
        stackTags: new Map(),
        isType: () => false,
        asType: () => undefined,
        getConfig: <T extends object>() => config as T,
        notApplicable,
        ...(r.provider !== undefined && { provider: providerOf(r) }),
    };
    const validations = Array.isArray(resPolicy.validateResource) ? resPolicy.validateResource : [resPolicy.validateResource];
    for (const validation of validations) {
        if (validation) {
            await Promise.resolve(validation(args, report));
        }
    }
    return violations;
}

export async function runStackPolicy(p: policy.Policies[number], resources: TestResource[], config: object = {}): Promise<PolicyViolation[]> {
    const stackPolicy = p as policy.StackValidationPolicy;
    const violations: PolicyViolation[] = [];
    const report = (message: string, urn?: string) => { violations.push({ message, ...(urn && { urn }) }); };
    const byName = new Map<string, policy.PolicyResource>();
    const byUrn = new Map<string, policy.PolicyResource>();
    const policyResources = resources.map((r): policy.PolicyResource => {
        const resource: policy.PolicyResource = {
            type: r.type,
            props: sdkProxy.unknownCheckingProxy(r.props),
            urn: urnOf(r),
            name: r.name,
            opts: OPTS,
            dependencies: [],
            propertyDependencies: {},
            isType: () => false,
            asType: () => undefined,
            ...(r.provider !== undefined && { provider: providerOf(r) }),
        };
        byName.set(r.name, resource);
        byUrn.set(resource.urn, resource);
        return resource;
    });
    resources.forEach((r, i) => {
        for (const [property, names] of Object.entries(r.propertyDependencies ?? {})) {
            const deps = names.map((n) => byUrn.get(n) ?? byName.get(n)!);
            policyResources[i].propertyDependencies[property] = deps;
            policyResources[i].dependencies.push(...deps);
        }
    });
    await Promise.resolve(stackPolicy.validateStack({
        resources: policyResources, stackTags: new Map(), getConfig: <T extends object>() => config as T, notApplicable,
    }, report));
    return violations;
}

/** A pack config as `--policy-pack-config` takes it: per policy, an enforcement level or an object with one and settings. */
export type PackConfig = Record<string, policy.EnforcementLevel | ({ enforcementLevel?: policy.EnforcementLevel } & Record<string, unknown>)>;

export interface PackViolation extends PolicyViolation {
    policy: string;
    enforcementLevel: policy.EnforcementLevel;
}

/**
 * Runs every policy of a pack on a stack's resources, as the engine does: each resource policy on
 * each resource, each stack policy once; with the enforcement level and settings the config gives.
 */
export async function runPack(args: policy.PolicyPackArgs, resources: TestResource[], config: PackConfig = {}): Promise<PackViolation[]> {
    const found: PackViolation[] = [];
    for (const p of args.policies) {
        const given = config[p.name];
        const { enforcementLevel = p.enforcementLevel ?? args.enforcementLevel ?? "advisory", ...settings } = typeof given === "string" ? { enforcementLevel: given } : given ?? {};
        if (enforcementLevel === "disabled") {
            continue;
        }
        const violations = "validateStack" in p ? await runStackPolicy(p, resources, settings)
            : (await Promise.all(resources.map((r) => runResourcePolicy(p, r, settings).then((vs) => vs.map((v) => ({ ...v, urn: urnOf(r) })))))).flat();
        found.push(...violations.map((v) => ({ ...v, policy: p.name, enforcementLevel })));
    }
    return found;
}
