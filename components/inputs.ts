import * as pulumi from "@pulumi/pulumi";

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
 * Runs a plan on a value as early as possible: at once when the value is fully known, so that bad
 * input throws before any resource is registered; otherwise as soon as the value resolves, so that
 * the resources built from the result fail with the same message.
 */
export function planEarly<T, R>(value: pulumi.Input<T>, plan: (resolved: pulumi.Unwrap<T>) => R): pulumi.Output<R> {
    if (isKnown(value)) {
        // Plans return plain values: wrapping them unwraps nothing.
        return pulumi.output(plan(value as pulumi.Unwrap<T>)) as pulumi.Output<R>;
    }
    return pulumi.output(value).apply(plan);
}
