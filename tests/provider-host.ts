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
