import {
    EnforcementLevel, PolicyConfigSchema, PolicyResource, ResourceValidationArgs, ResourceValidationPolicy,
    StackValidationArgs, StackValidationPolicy,
} from "@pulumi/policy";
import { plainProps, Resource, Violation } from "./values";

/**
 * The policy SDK's side: its resources turned into plain ones, and plain checks turned into its
 * policies. Each check takes its settings with the defaults the schema declares filled in, so that
 * it runs alike under the engine (which fills them in itself) and in tests.
 */

export interface PolicyMeta<C> {
    name: string;
    description: string;
    enforcementLevel: EnforcementLevel;
    /** Each setting's JSON schema, its default among them. */
    config?: { [K in keyof C]: PolicyConfigSchema["properties"][string] & { default: C[K] } };
}

function resourceOf(args: ResourceValidationArgs): Resource {
    return {
        type: args.type,
        urn: args.urn,
        name: args.name,
        props: plainProps(args.props),
        // A resource policy sees the resource alone.
        dependencies: [],
        propertyDependencies: {},
        ...(args.provider !== undefined && { providerProps: plainProps(args.provider.props) }),
    };
}

function stackResourceOf(r: PolicyResource): Resource {
    return {
        type: r.type,
        urn: r.urn,
        name: r.name,
        props: plainProps(r.props),
        dependencies: r.dependencies.map((d) => d.urn),
        propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, deps]) => [k, deps.map((d) => d.urn)])),
        ...(r.provider !== undefined && { providerProps: plainProps(r.provider.props) }),
    };
}

/** The settings with the schema's defaults for those not given. */
function settings<C>(meta: PolicyMeta<C>, given: Partial<C>): C {
    const defaults = Object.fromEntries(Object.entries(meta.config ?? {}).map(([k, s]) => [k, (s as { default: unknown }).default]));
    return { ...defaults, ...given } as C;
}

/** What every policy of the pack states the same way: its name, description, enforcement level and config schema. */
function policyHead<C>(meta: PolicyMeta<C>): Pick<ResourceValidationPolicy, "name" | "description" | "enforcementLevel" | "configSchema"> {
    return {
        name: meta.name,
        description: meta.description,
        enforcementLevel: meta.enforcementLevel,
        ...(meta.config !== undefined && { configSchema: { properties: meta.config as PolicyConfigSchema["properties"] } }),
    };
}

/** A policy on each resource by itself: `check` returns the violations' messages. */
export function resourcePolicy<C>(meta: PolicyMeta<C>, check: (r: Resource, config: C) => string[]): ResourceValidationPolicy {
    return {
        ...policyHead(meta),
        validateResource: (args, report) => {
            for (const message of check(resourceOf(args), settings(meta, args.getConfig<Partial<C>>()))) {
                report(message);
            }
        },
    };
}

/** A policy on the stack as a whole, for checks that join resources (a role and its attachments, an endpoint and its alarm). */
export function stackPolicy<C>(meta: PolicyMeta<C>, check: (resources: Resource[], config: C) => Violation[]): StackValidationPolicy {
    return {
        ...policyHead(meta),
        validateStack: (args: StackValidationArgs, report) => {
            for (const v of check(args.resources.map(stackResourceOf), settings(meta, args.getConfig<Partial<C>>()))) {
                report(v.message, v.urn);
            }
        },
    };
}

/** The properties of the resources a property of `r` takes outputs from, by URN. */
export function dependedOn(r: Resource, property: string, byUrn: Map<string, Resource>): Resource[] {
    return (r.propertyDependencies[property] ?? []).flatMap((urn) => byUrn.get(urn) ?? []);
}

