import * as pulumi from "@pulumi/pulumi";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

/** A value as it crosses the dynamic-provider host: through a protobuf Struct, which refuses `undefined`. */
export function throughHost<T>(value: T): T {
    return Struct.fromJavaScript(value as never).toJavaScript() as T;
}

/**
 * A provider whose every answer crosses the host as the real engine's would, so that a test fails
 * where `pulumi up` would fail on what the provider returns.
 */
export function hosted(provider: pulumi.dynamic.ResourceProvider): Required<Pick<pulumi.dynamic.ResourceProvider, "check" | "create" | "read" | "update" | "diff" | "delete">> {
    return {
        check: async (olds, news) => {
            const r = await provider.check!(olds, news);
            return { inputs: r.inputs && throughHost(r.inputs), failures: r.failures };
        },
        create: async (inputs) => {
            const r = await provider.create(inputs);
            return { id: r.id, outs: r.outs && throughHost(r.outs) };
        },
        read: async (id, props) => {
            const r = await provider.read!(id, props);
            return { id: r.id, props: r.props && throughHost(r.props) };
        },
        update: async (id, olds, news) => {
            const r = await provider.update!(id, olds, news);
            return { outs: r.outs && throughHost(r.outs) };
        },
        diff: (id, olds, news) => provider.diff!(id, olds, news),
        delete: (id, props) => provider.delete!(id, props),
    };
}

export type Hosted = ReturnType<typeof hosted>;

/** What the engine keeps of one resource between runs. */
export interface EngineState {
    id: string;
    /** The checked inputs of the last run that wrote the resource: `check`'s olds next time. */
    inputs: Record<string, unknown>;
    /** The outputs: `diff`'s and `update`'s olds next time. */
    outputs: Record<string, unknown>;
}

/** An operation's error, with what the engine reads of it. */
export type EngineError = Error & { id?: string; properties?: Record<string, unknown>; failures?: { property: string; reason: string }[] };

/**
 * One `pulumi up` of one resource, as the engine drives a dynamic provider: check, then create, or
 * diff and (if it reports changes) update. An error that carries an id and properties is recorded
 * as the resource's state, as the engine does with a partial failure; check failures come back as
 * an error holding them.
 */
export async function up(provider: Hosted, news: Record<string, unknown>, state?: EngineState): Promise<{ state?: EngineState; error?: EngineError }> {
    const checked = await provider.check(state?.inputs ?? {}, news);
    if (checked.failures !== undefined && checked.failures.length > 0) {
        return { state, error: Object.assign(new Error(checked.failures.map((f) => f.reason).join("\n")), { failures: checked.failures }) };
    }
    const inputs = checked.inputs!;
    try {
        if (state === undefined) {
            const created = await provider.create(inputs);
            return { state: { id: created.id, inputs, outputs: created.outs! } };
        }
        const diff = await provider.diff(state.id, state.outputs, inputs);
        if (diff.changes === false) {
            return { state };
        }
        const updated = await provider.update(state.id, state.outputs, inputs);
        return { state: { id: state.id, inputs, outputs: updated.outs } };
    } catch (err) {
        const e = err as EngineError;
        const recorded = e.id !== undefined && e.properties !== undefined ? { id: e.id, inputs, outputs: throughHost(e.properties) } : state;
        return { state: recorded, error: e };
    }
}

/** `pulumi refresh` of one resource: read replaces the outputs; the inputs stay, as the provider returns none. */
export async function refresh(provider: Hosted, state: EngineState): Promise<EngineState> {
    const read = await provider.read(state.id, state.outputs);
    return { id: read.id!, inputs: state.inputs, outputs: read.props! };
}
