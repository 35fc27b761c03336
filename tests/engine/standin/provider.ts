/**
 * The stand-in `aws` or `aws-native` provider plugin the engine runs (`provider.ts aws|aws-native
 * [engine address]`): a Pulumi ResourceProvider gRPC server that forwards every resource operation
 * to the stand-in account named by SAGEMAKER_INFERENCE_STANDIN_ACCOUNT, where all state and rules
 * live. It prints its port on stdout, as Pulumi's own provider servers do
 * (@pulumi/pulumi/provider/server.js).
 */
import * as grpc from "@grpc/grpc-js";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import {
    ACCOUNT_URL_VARIABLE, AccountRequest, callAccount, changedPaths, CheckResult, CreateResult, DiffResult, ProviderName, Props, ReadResult, topLevel, UpdateResult,
} from "./protocol";

type Call<Req> = grpc.ServerUnaryCall<Req, unknown>;
type Callback<Res> = (error: grpc.ServiceError | null, value?: Res) => void;

/** A struct as a plain object; an absent struct as an empty one. */
function plain(struct: structproto.Struct | undefined): Props {
    return (struct?.toJavaScript() ?? {}) as Props;
}

/** A plain object as a struct; undefined members dropped, as a struct cannot hold them. */
function struct(value: Props): structproto.Struct {
    return structproto.Struct.fromJavaScript(JSON.parse(JSON.stringify(value)));
}

function failure(err: unknown): grpc.ServiceError {
    const message = err instanceof Error ? err.message : String(err);
    return Object.assign(new Error(message), { code: grpc.status.UNKNOWN, details: message, metadata: new grpc.Metadata() });
}

/** Runs an operation and answers the engine with its result or its error. */
function serve<Req, Res>(operation: (request: Req) => Promise<Res> | Res) {
    return (call: Call<Req>, callback: Callback<Res>) => {
        Promise.resolve().then(() => operation(call.request)).then((result) => callback(null, result), (err) => callback(failure(err)));
    };
}

const DIFF_KIND: Record<string, number> = {
    add: provproto.PropertyDiff.Kind.ADD, delete: provproto.PropertyDiff.Kind.DELETE, update: provproto.PropertyDiff.Kind.UPDATE,
    addReplace: provproto.PropertyDiff.Kind.ADD_REPLACE, deleteReplace: provproto.PropertyDiff.Kind.DELETE_REPLACE, updateReplace: provproto.PropertyDiff.Kind.UPDATE_REPLACE,
};

function diffResponse(result: DiffResult): provproto.DiffResponse {
    const response = new provproto.DiffResponse();
    response.setChanges(result.changes ? provproto.DiffResponse.DiffChanges.DIFF_SOME : provproto.DiffResponse.DiffChanges.DIFF_NONE);
    response.setReplacesList(result.replaces);
    response.setDiffsList([...new Set(Object.keys(result.detailedDiff).map(topLevel))]);
    response.setHasdetaileddiff(true);
    const detailed = response.getDetaileddiffMap();
    for (const [path, change] of Object.entries(result.detailedDiff)) {
        const diff = new provproto.PropertyDiff();
        diff.setKind(DIFF_KIND[change.replace ? `${change.kind}Replace` : change.kind]);
        diff.setInputdiff(true);
        detailed.set(path, diff);
    }
    return response;
}

function main(): void {
    const name = process.argv[2] as ProviderName;
    if (name !== "aws" && name !== "aws-native") {
        throw new Error(`usage: provider.ts aws|aws-native [engine address]; got ${String(process.argv[2])}`);
    }
    const url = process.env[ACCOUNT_URL_VARIABLE];
    if (!url) {
        throw new Error(`the stand-in ${name} provider needs the stand-in account's URL in ${ACCOUNT_URL_VARIABLE}`);
    }
    const version = (require(`@pulumi/${name}/package.json`) as { version: string }).version;
    let region = "";
    const account = <T>(request: AccountRequest) => callAccount<T>(url, request);
    const addressed = (urn: string) => ({ provider: name, region, urn });

    const service: grpc.UntypedServiceImplementation = {
        getPluginInfo: serve(() => {
            const info = new plugproto.PluginInfo();
            info.setVersion(version);
            return info;
        }),
        // The engine needs no schema from a resource provider to deploy; `pulumi package` is not run on these.
        getSchema: serve(() => new provproto.GetSchemaResponse().setSchema(JSON.stringify({ name, version }))),
        attach: serve(() => new emptyproto.Empty()),
        cancel: serve(() => new emptyproto.Empty()),
        getMapping: serve(() => new provproto.GetMappingResponse().setProvider("").setData("")),
        getMappings: serve(() => new provproto.GetMappingsResponse()),
        invoke: serve((req: provproto.InvokeRequest) => {
            throw new Error(`the stand-in ${name} provider serves no functions; the program invoked ${req.getTok()}`);
        }),
        checkConfig: serve((req: provproto.CheckRequest) => new provproto.CheckResponse().setInputs(req.getNews())),
        // As the real providers do it. aws-native (provider/pkg/provider/provider.go, DiffConfig): the
        // old and new config's object diff, DIFF_NONE when equal, else DIFF_SOME listing the changed
        // keys and never a replacement. pulumi-aws (the bridge's configDiffer, pkg/tfbridge/provider.go)
        // replaces only for config marked ForcesProviderReplace, and `region` no longer is
        // (pulumi/pulumi-aws#5656, 2025; it had been since #4000): a region change, or a move between
        // a default and an explicit provider of the same config, replaces nothing. Since
        // pulumi/pulumi#18509 the engine asks DiffConfig for explicit providers too.
        diffConfig: serve((req: provproto.DiffRequest) => {
            const changes = changedPaths(plain(req.getOlds()), plain(req.getNews()));
            const detailedDiff = Object.fromEntries(changes.map((c) => [c.path, { kind: c.kind, replace: false }]));
            return diffResponse({ changes: changes.length > 0, replaces: [], detailedDiff });
        }),
        configure: serve((req: provproto.ConfigureRequest) => {
            const args = plain(req.getArgs());
            const variables = req.getVariablesMap();
            const configured = args.region ?? variables.get(`${name}:config:region`) ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
            if (typeof configured !== "string" || configured === "") {
                throw new Error(`missing required configuration key "${name}:region": set it with pulumi config set ${name}:region <region>, or set AWS_REGION`);
            }
            region = configured;
            const response = new provproto.ConfigureResponse();
            // The engine keeps secrets secret for a provider that does not accept them, and skips
            // Create and Update at preview for one that does not support previews.
            response.setAcceptsecrets(false);
            response.setSupportspreview(false);
            response.setAcceptresources(false);
            response.setAcceptoutputs(false);
            return response;
        }),
        check: serve(async (req: provproto.CheckRequest) => {
            const result = await account<CheckResult>({ op: "check", ...addressed(req.getUrn()), olds: plain(req.getOlds()), news: plain(req.getNews()) });
            const response = new provproto.CheckResponse().setInputs(struct(result.inputs));
            response.setFailuresList(result.failures.map((f) => new provproto.CheckFailure().setProperty(f.property).setReason(f.reason)));
            return response;
        }),
        diff: serve(async (req: provproto.DiffRequest) => diffResponse(await account<DiffResult>({
            op: "diff", ...addressed(req.getUrn()), id: req.getId(), olds: plain(req.getOlds()), news: plain(req.getNews()), oldInputs: plain(req.getOldInputs()),
        }))),
        create: serve(async (req: provproto.CreateRequest) => {
            if (req.getPreview()) {
                return new provproto.CreateResponse().setId("").setProperties(req.getProperties());
            }
            const result = await account<CreateResult>({ op: "create", ...addressed(req.getUrn()), inputs: plain(req.getProperties()) });
            return new provproto.CreateResponse().setId(result.id).setProperties(struct(result.outputs));
        }),
        read: serve(async (req: provproto.ReadRequest) => {
            const result = await account<ReadResult>({ op: "read", ...addressed(req.getUrn()), id: req.getId(), inputs: plain(req.getInputs()), outputs: plain(req.getProperties()) });
            return new provproto.ReadResponse().setId(result.id).setProperties(struct(result.outputs)).setInputs(struct(result.inputs));
        }),
        update: serve(async (req: provproto.UpdateRequest) => {
            if (req.getPreview()) {
                return new provproto.UpdateResponse().setProperties(req.getNews());
            }
            const result = await account<UpdateResult>({
                op: "update", ...addressed(req.getUrn()), id: req.getId(), olds: plain(req.getOlds()), news: plain(req.getNews()), oldInputs: plain(req.getOldInputs()),
            });
            return new provproto.UpdateResponse().setProperties(struct(result.outputs));
        }),
        delete: serve(async (req: provproto.DeleteRequest) => {
            await account({ op: "delete", ...addressed(req.getUrn()), id: req.getId(), outputs: plain(req.getProperties()) });
            return new emptyproto.Empty();
        }),
    };

    const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
    server.addService(provrpc.ResourceProviderService, service);
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
        if (err) {
            throw err;
        }
        // The engine reads the port from the first line of stdout.
        console.log(String(port));
    });
}

main();
