/**
 * Resources as plain values, the way every policy of the pack reads them: the pack's logic is plain
 * functions over these, whichever SDK (`@pulumi/aws`, `@pulumi/aws-native`, this package's
 * components, a dynamic provider) registered the resource.
 */

/**
 * A value the engine cannot know yet (during a preview, an output of a resource not yet created).
 * A policy never reports a violation on it: the deploy's own run of the pack sees the value.
 */
export const UNKNOWN: unique symbol = Symbol("unknown during preview");
export type Unknown = typeof UNKNOWN;

export type Value = string | number | boolean | null | Unknown | Value[] | { [key: string]: Value };
export type Props = Record<string, Value>;

/** One resource of the stack: its type, names and properties (inputs for a resource policy, outputs for a stack policy). */
export interface Resource {
    type: string;
    urn: string;
    name: string;
    props: Props;
    /** URNs of the resources this one depends on. */
    dependencies: string[];
    /** For each property, the URNs of the resources whose outputs it takes. */
    propertyDependencies: Record<string, string[]>;
    /** The properties of the resource's provider (the classic provider's `defaultTags`, say), when known. */
    providerProps?: Props;
}

/** A violation: its message, and the resource it is about (a stack policy names one). */
export interface Violation {
    message: string;
    urn?: string;
}

export function isUnknown(v: unknown): v is Unknown {
    return v === UNKNOWN;
}

export function isObject(v: Value | undefined): v is { [key: string]: Value } {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The value at a path of object keys; UNKNOWN as soon as a step is unknown, undefined as soon as one is absent. */
export function at(v: Value | undefined, ...path: string[]): Value | undefined {
    let here = v;
    for (const key of path) {
        if (isUnknown(here)) {
            return UNKNOWN;
        }
        if (!isObject(here)) {
            return undefined;
        }
        here = here[key];
    }
    return here;
}

/** A string, UNKNOWN, or undefined (absent, or not a string). */
export function text(v: Value | undefined): string | Unknown | undefined {
    return typeof v === "string" || isUnknown(v) ? v : undefined;
}

export function num(v: Value | undefined): number | Unknown | undefined {
    return typeof v === "number" || isUnknown(v) ? v : undefined;
}

/** A list, UNKNOWN, or an empty list for an absent value. */
export function list(v: Value | undefined): Value[] | Unknown {
    return isUnknown(v) ? v : Array.isArray(v) ? v : [];
}

/** A string or a list of strings (IAM's Action, Resource, Principal.Service), as a list; unknown entries stay UNKNOWN. */
export function strings(v: Value | undefined): (string | Unknown)[] | Unknown {
    if (isUnknown(v)) {
        return v;
    }
    const all = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
    return all.flatMap((s) => (typeof s === "string" || isUnknown(s) ? [s] : []));
}

/**
 * A JSON document given as text (the classic provider's `policy`, `assumeRolePolicy`) or as an
 * object (aws-native's `policyDocument`, `assumeRolePolicyDocument`), as an object.
 */
export function jsonDocument(v: Value | undefined): { [key: string]: Value } | Unknown | undefined {
    if (isUnknown(v) || isObject(v)) {
        return v;
    }
    if (typeof v !== "string") {
        return undefined;
    }
    try {
        const parsed: unknown = JSON.parse(v);
        return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? parsed as { [key: string]: Value } : undefined;
    } catch {
        return undefined;
    }
}

/**
 * Properties as the policy SDK hands them over, copied into plain values. The SDK wraps them in a
 * proxy that throws its UnknownValueError when a property unknown during preview is read: each
 * such property becomes UNKNOWN, so that one unknown value does not stop the checks of the rest.
 */
export function plainProps(props: Record<string, unknown>): Props {
    const copy = plainValue(props);
    return isObject(copy) ? copy : {};
}

function plainValue(v: unknown): Value {
    if (v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean") {
        return v;
    }
    if (typeof v !== "object") {
        return null;
    }
    const read = (key: string | number): Value => {
        try {
            return plainValue((v as Record<string | number, unknown>)[key]);
        } catch (err) {
            if (isUnknownValueError(err)) {
                return UNKNOWN;
            }
            throw err;
        }
    };
    if (Array.isArray(v)) {
        return Array.from({ length: v.length }, (_, i) => read(i));
    }
    return Object.fromEntries(Object.keys(v).map((k) => [k, read(k)]));
}

/** The SDK does not export the error's class; its name is stable (`@pulumi/policy` proxy.ts). */
function isUnknownValueError(err: unknown): boolean {
    return err instanceof Error && err.constructor.name === "UnknownValueError";
}
