/**
 * Values checked where they entered: a stack's config (errors name the config key) or a
 * component's args (`<component>.<arg>`). A check keeps what it made frozen and known as checked;
 * handed on, as a stack hands its config to the components it makes, a checked value is taken as it
 * is, not checked again under other names. Each kind of value has its own: a checked schedule is no
 * checked VpcConfig.
 */
export class CheckedValues<T extends object> {
    private readonly values = new WeakSet<object>();

    /** The value a check made, frozen through and through, so that it stays what was checked. */
    keep(value: T): Readonly<T> {
        const frozen = deepFreeze(value);
        this.values.add(frozen);
        return frozen;
    }

    /** Whether `value` is one this kind's check made. */
    has(value: unknown): value is Readonly<T> {
        return typeof value === "object" && value !== null && this.values.has(value);
    }
}

function deepFreeze<T extends object>(value: T): Readonly<T> {
    for (const member of Object.values(value)) {
        if (typeof member === "object" && member !== null) {
            deepFreeze(member);
        }
    }
    return Object.freeze(value);
}
