import * as pulumi from "@pulumi/pulumi";
import { invalid } from "./validate";

/** True when a value holds no Output or Promise anywhere inside: it is fully known now. */
function isKnown(value: unknown): boolean {
    if (pulumi.Output.isInstance(value) || value instanceof Promise) {
        return false;
    }
    if (Array.isArray(value)) {
        return value.every(isKnown);
    }
    if (value !== null && typeof value === "object") {
        return Object.values(value).every(isKnown);
    }
    return true;
}

/**
 * A plan's failure on a value that resolved late, reported once and as the plan worded it. Every
 * resource built from the plan awaits this one error: Pulumi reports an error once, but rewrites
 * its message for each property that awaited it ("error serializing property …" again and again),
 * so the message is kept as it was; and, as the error of a bad input, it shows no stack.
 */
function reportedOnce(err: unknown): Error {
    const message = err instanceof Error ? err.message : String(err);
    const error = new pulumi.ResourceError(message, undefined, true);
    Object.defineProperty(error, "message", { get: () => message, set: () => undefined });
    return error;
}

/** A plan as an Output, and as a plain value too when its inputs were known at once. */
export interface EarlyPlan<R> {
    plan: pulumi.Output<R>;
    /** Undefined when an input resolves later: settings that must be plain (resource options) take their defaults. */
    known?: R;
}

/**
 * Runs a plan on a value as early as possible: at once when the value is fully known, so that bad
 * input throws before any resource is registered; otherwise as soon as the value resolves, so that
 * the resources built from the result fail with the same message, reported once.
 */
export function planEarlyKnown<T, R>(value: pulumi.Input<T>, plan: (resolved: pulumi.Unwrap<T>) => R): EarlyPlan<R> {
    if (isKnown(value)) {
        const known = plan(value as pulumi.Unwrap<T>);
        // Plans return plain values: wrapping them unwraps nothing.
        return { plan: pulumi.output(known) as pulumi.Output<R>, known };
    }
    return {
        plan: pulumi.output(value).apply((resolved) => {
            try {
                return plan(resolved);
            } catch (err) {
                throw reportedOnce(err);
            }
        }),
    };
}

/** `planEarlyKnown`'s Output alone. */
export function planEarly<T, R>(value: pulumi.Input<T>, plan: (resolved: pulumi.Unwrap<T>) => R): pulumi.Output<R> {
    return planEarlyKnown(value, plan).plan;
}

/**
 * An optional input that was given, which must not resolve to nothing. From another language, an
 * optional output of another component (the role name of an endpoint that was given its role)
 * arrives as an output resolving to undefined: taken as given, it would build resources on nothing.
 */
export function givenValue<T>(field: string, value: pulumi.Input<T | undefined>): pulumi.Output<NonNullable<T>> {
    return pulumi.output(value).apply((v) => {
        if (v === undefined || v === null || (v as unknown) === "") {
            throw reportedOnce(invalid(field, v ?? null, "was given but resolved to nothing; leave it out when the resource it comes from has no such value"));
        }
        return v as NonNullable<T>;
    }) as pulumi.Output<NonNullable<T>>;
}
