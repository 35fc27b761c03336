/**
 * The stand-in account (123456789012): an HTTP server on 127.0.0.1, in the test process, that holds
 * every resource the stand-in `aws` and `aws-native` plugins create and enforces what AWS would:
 * - physical names unique per kind, account and region (IAM and S3 bucket names account-wide);
 * - references to things that exist (see `TypeSpec.references`, and an inference component's
 *   variant, a scalable target's endpoint variant);
 * - SageMaker's rules the project relies on: no instance-type change of a variant registered with
 *   Application Auto Scaling, no deleting an endpoint config an endpoint uses, nor an endpoint
 *   with inference components on it;
 * - every request against AWS's own models: CloudFormation specs for aws-native resources, the
 *   botocore API models for the requests classic resources turn into.
 * It embeds the SageMaker stand-in, so that the dynamic providers (in the engine's `pulumi-nodejs`
 * host, calling SageMaker through the SDK) see the endpoints and inference components it holds.
 */
import * as http from "http";
import { AddressInfo } from "net";
import { apiViolations, cfnReplacingPaths, cfnViolations } from "../../support/aws-spec";
import { Standin, standinEnv, startStandin } from "../../support/sagemaker-standin";
import {
    ACCOUNT_URL_VARIABLE, AccountRequest, Change, changedPaths, CheckResult, CreateResult, DiffResult, holdsUnknown, ProviderName, Props, ReadResult, topLevel,
    UNKNOWN, UpdateResult,
} from "./protocol";
import { autoname, GLOBAL, Kind, roleNameOfArn, TypeSpec, TYPES } from "./resource-types";

export interface LiveResource {
    provider: ProviderName;
    type: string;
    /** The logical name (the URN's last part). */
    name: string;
    urn: string;
    region: string;
    id: string;
    /** The physical name, or the names that key it (`<role>:<policy>`, `<namespace>|<resource id>|<dimension>`). */
    physicalName: string;
    inputs: Props;
    outputs: Props;
}

export interface CallRecord {
    op: "create" | "read" | "update" | "delete";
    type: string;
    name: string;
    /** "ok", or the error the operation failed with. */
    outcome: string;
}

export interface StandinAccount {
    url: string;
    /** The embedded SageMaker stand-in: tests add training-plan offerings and count purchases on it. */
    sagemaker: Standin;
    /** Everything the engine and its plugins need to reach the account and the SageMaker stand-in. */
    env(): Record<string, string>;
    /** Every live resource. */
    resources(): LiveResource[];
    /**
     * Adds resources another account's resources() listed, as they were (a state recorded by an
     * earlier version, tests/engine/upgrade.test.ts). The SageMaker stand-in is left to the caller.
     */
    load(resources: LiveResource[]): void;
    /** Every create, read, update and delete, in order, with its outcome. */
    calls: CallRecord[];
    stop(): Promise<void>;
}

const SAGEMAKER_REGION = "us-east-1";

function specOf(type: string): TypeSpec {
    const spec = TYPES[type];
    if (spec === undefined) {
        throw new Error(`the stand-in account does not model ${type}: add it to tests/engine/standin/resource-types.ts`);
    }
    return spec;
}

/** `urn:pulumi:<stack>::<project>::<type>::<name>`: the type (last of a parent chain) and the name. */
export function urnParts(urn: string): { type: string; name: string } {
    const parts = urn.split("::");
    return { type: parts[2].split("$").pop()!, name: parts.slice(3).join("::") };
}

/** The violations of a resource's inputs against AWS's models; those about values unknown yet are left out. */
export function violations(spec: TypeSpec, inputs: Props): string[] {
    let found: string[];
    if (spec.cfnType !== undefined) {
        found = cfnViolations(spec.cfnType, inputs);
    } else {
        const request = spec.request!(inputs);
        found = apiViolations(request.service, request.shape, request.value);
    }
    if (spec.kind === "s3-bucket" && typeof inputs.bucket === "string" && inputs.bucket !== UNKNOWN && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(inputs.bucket)) {
        // S3's naming rules are in its documentation, not its model: 3 to 63 lowercase letters, digits, dots and hyphens.
        found.push(`bucket = ${JSON.stringify(inputs.bucket)}: not a valid S3 bucket name (3-63 of a-z 0-9 . -, starting and ending with a letter or digit)`);
    }
    return found.filter((line) => !line.includes(UNKNOWN));
}

/** Whether the real provider replaces the resource for this changed path. */
function replaces(spec: TypeSpec, change: Change, old: Props, next: Props, providerRegion: string): boolean {
    if (spec.cfnType !== undefined) {
        try {
            return cfnReplacingPaths(spec.cfnType, [change.path]).length > 0;
        } catch {
            // A path that is no property of the type: Check already failed on it.
            return false;
        }
    }
    const key = topLevel(change.path);
    if (key === "region" && spec.regional) {
        // terraform-provider-aws's forceNewIfRegionChanges: "" and the provider's region are the same place.
        const [a, b] = [old.region ?? "", next.region ?? ""];
        return !((a === "" && b === providerRegion) || (a === providerRegion && b === ""));
    }
    return (spec.forceNew ?? []).includes(key);
}

export async function startAccount(): Promise<StandinAccount> {
    const sagemaker = await startStandin();
    const live = new Map<string, LiveResource>();
    const calls: CallRecord[] = [];

    const regionOfNames = (spec: TypeSpec, region: string) => (spec.globalNames ? GLOBAL : region);
    const kindRegion = (kind: Kind, region: string) => (kind === "iam-role" || kind === "iam-role-policy" || kind === "s3-bucket" ? GLOBAL : region);
    /** A live resource by kind, region and physical key. */
    const findByKey = (kind: Kind, region: string, key: string) =>
        [...live.values()].find((r) => specOf(r.type).kind === kind && regionOfNames(specOf(r.type), r.region) === kindRegion(kind, region) && r.physicalName === key);
    const storeKey = (type: string, region: string, id: string) => `${type}\u0000${regionOfNames(specOf(type), region)}\u0000${id}`;
    const regionOf = (spec: TypeSpec, inputs: Props, providerRegion: string) =>
        spec.regional && typeof inputs.region === "string" && inputs.region !== "" ? inputs.region : providerRegion;

    /** The variant names of an endpoint config held by the account. */
    const variantsOf = (config: LiveResource | undefined): Props[] =>
        Array.isArray(config?.inputs.productionVariants) ? (config!.inputs.productionVariants as Props[]) : [];
    const configOfEndpoint = (endpoint: LiveResource) =>
        findByKey("sagemaker-endpoint-config", endpoint.region, String(endpoint.inputs.endpointConfigName).toLowerCase());

    /** Why the resource's references do not all hold, or an empty list. */
    function missingReferences(spec: TypeSpec, inputs: Props, region: string): string[] {
        const missing = (spec.references?.(inputs) ?? []).flatMap((ref) => {
            if (ref.kind === "iam-role" && spec.kind === "schedule" && roleNameOfArn(ref.key) === undefined && ref.key.startsWith("arn:")) {
                return [`${ref.property} = ${JSON.stringify(ref.key)}: not a role of account 123456789012`];
            }
            const target = findByKey(ref.kind, region, ref.key);
            return target === undefined ? [`${ref.property} = ${JSON.stringify(ref.key)}: no ${ref.kind} of that name in ${kindRegion(ref.kind, region)} of account 123456789012`] : [];
        });
        if (missing.length > 0) {
            return missing;
        }
        // Variants: an inference component's, and an auto-scaled endpoint variant, must be in the endpoint's config.
        const variantRef = spec.kind === "sagemaker-inference-component" ? { endpoint: String(inputs.endpointName), variant: String(inputs.variantName), property: "variantName" }
            : spec.kind === "scalable-target" ? (() => {
                const m = /^endpoint\/([^/]+)\/variant\/([^/]+)$/.exec(String(inputs.resourceId));
                return m ? { endpoint: m[1], variant: m[2], property: "resourceId" } : undefined;
            })() : undefined;
        if (variantRef !== undefined) {
            const endpoint = findByKey("sagemaker-endpoint", region, variantRef.endpoint.toLowerCase())!;
            const names = variantsOf(configOfEndpoint(endpoint)).map((v) => v.variantName);
            if (!names.includes(variantRef.variant)) {
                return [`${variantRef.property}: endpoint ${variantRef.endpoint} has no variant ${variantRef.variant} (its config has ${names.join(", ") || "none"})`];
            }
        }
        return [];
    }

    /** Fails unless the inputs are valid and what they refer to exists. */
    function admit(spec: TypeSpec, type: string, inputs: Props, region: string): void {
        if (holdsUnknown(inputs)) {
            throw new Error(`${type}: inputs hold values unknown at apply time: ${JSON.stringify(inputs)}`);
        }
        const invalid = violations(spec, inputs);
        if (invalid.length > 0) {
            throw new Error(`${spec.cfnType ?? `${spec.request!(inputs).service} ${spec.request!(inputs).shape}`} refuses the request: ${invalid.join("; ")}`);
        }
        const missing = missingReferences(spec, inputs, region);
        if (missing.length > 0) {
            throw new Error(`refers to what does not exist: ${missing.join("; ")}`);
        }
    }

    /** The SageMaker stand-in's view of an endpoint or inference component, kept in step with the account. */
    function mirror(resource: LiveResource, gone: boolean): void {
        if (resource.region !== SAGEMAKER_REGION) {
            return;
        }
        const kind = specOf(resource.type).kind;
        if (kind === "sagemaker-endpoint") {
            // aws-native's endpointName; the classic endpoint's name.
            const name = String(resource.inputs.endpointName ?? resource.inputs.name);
            if (gone) {
                sagemaker.endpoints.delete(name);
                return;
            }
            const variant = variantsOf(configOfEndpoint(resource))[0] ?? {};
            const capacity = variant.capacityReservationConfig as Props | undefined;
            const before = sagemaker.endpoints.get(name);
            sagemaker.endpoints.set(name, {
                name, endpointConfigName: String(resource.inputs.endpointConfigName),
                // Retained variant properties keep the instances auto scaling set.
                currentInstanceCount: before !== undefined && resource.inputs.retainAllVariantProperties === true ? before.currentInstanceCount : Number(variant.initialInstanceCount ?? 0),
                reservationArn: capacity?.mlReservationArn as string | undefined,
            });
        } else if (kind === "sagemaker-inference-component") {
            const name = String(resource.inputs.inferenceComponentName);
            if (gone) {
                sagemaker.components.delete(name);
                return;
            }
            const copies = Number((resource.inputs.runtimeConfig as Props | undefined)?.copyCount ?? 1);
            const existing = sagemaker.components.get(name);
            if (existing === undefined) {
                sagemaker.addComponent(name, copies);
            } else if (existing.desiredCopyCount !== copies) {
                existing.desiredCopyCount = copies;
                existing.currentCopyCount = copies;
            }
        }
    }

    function find(type: string, region: string, id: string): LiveResource | undefined {
        return live.get(storeKey(type, region, id));
    }

    function check(req: Extract<AccountRequest, { op: "check" }>): CheckResult {
        const { type, name } = urnParts(req.urn);
        const spec = specOf(type);
        const inputs: Props = { ...req.news };
        if (spec.provider === "aws" && spec.regional && inputs.region === undefined) {
            // pulumi-aws 7 sets the provider's region on every regional resource in Check.
            inputs.region = req.region;
        }
        const nameProperty = spec.nameProperty;
        if (nameProperty !== undefined && inputs[nameProperty] === undefined) {
            const prefix = spec.prefixProperty === undefined ? undefined : inputs[spec.prefixProperty];
            const samePrefix = spec.prefixProperty === undefined || req.olds[spec.prefixProperty] === prefix;
            if (prefix === UNKNOWN) {
                inputs[nameProperty] = UNKNOWN;
            } else if (typeof req.olds[nameProperty] === "string" && samePrefix) {
                // A name made before is kept: autonaming never renames a resource by itself.
                inputs[nameProperty] = req.olds[nameProperty];
            } else {
                inputs[nameProperty] = autoname(name, spec, typeof prefix === "string" ? prefix : undefined);
            }
        }
        const failures = violations(spec, inputs).map((line) => ({ property: line.split(" = ")[0], reason: line }));
        return { inputs, failures };
    }

    function diff(req: Extract<AccountRequest, { op: "diff" }>): DiffResult {
        const spec = specOf(urnParts(req.urn).type);
        // Old inputs, or (from a state without them) the old outputs less what the provider computes.
        const computedKeys = Object.keys(spec.computed(req.olds, req.region));
        const old = Object.keys(req.oldInputs).length > 0 ? req.oldInputs
            : Object.fromEntries(Object.entries(req.olds).filter(([key]) => !computedKeys.includes(key)));
        const changes = changedPaths(old, req.news);
        const detailedDiff: DiffResult["detailedDiff"] = {};
        const replacing = new Set<string>();
        for (const change of changes) {
            const replace = replaces(spec, change, old, req.news, req.region);
            detailedDiff[change.path] = { kind: change.kind, replace };
            if (replace) {
                replacing.add(topLevel(change.path));
            }
        }
        return { changes: changes.length > 0, replaces: [...replacing], detailedDiff };
    }

    function create(req: Extract<AccountRequest, { op: "create" }>): CreateResult {
        const { type, name } = urnParts(req.urn);
        const spec = specOf(type);
        const region = regionOf(spec, req.inputs, req.region);
        admit(spec, type, req.inputs, region);
        const key = spec.key(req.inputs);
        if (findByKey(spec.kind, region, key) !== undefined) {
            throw new Error(spec.taken!(key, region));
        }
        const id = spec.id(req.inputs, region);
        const resource: LiveResource = {
            provider: spec.provider, type, name, urn: req.urn, region, id, physicalName: key,
            inputs: req.inputs, outputs: { ...req.inputs, ...spec.computed(req.inputs, region) },
        };
        live.set(storeKey(type, region, id), resource);
        mirror(resource, false);
        return { id, outputs: resource.outputs };
    }

    /** SageMaker refuses UpdateEndpoint to a config that changes the instance type of an auto-scaled variant. */
    function checkEndpointUpdate(endpoint: LiveResource, news: Props): void {
        const before = configOfEndpoint(endpoint);
        const after = findByKey("sagemaker-endpoint-config", endpoint.region, String(news.endpointConfigName).toLowerCase());
        for (const variant of variantsOf(after)) {
            const old = variantsOf(before).find((v) => v.variantName === variant.variantName);
            const registered = [...live.values()].some((r) => specOf(r.type).kind === "scalable-target" && r.region === endpoint.region
                && r.inputs.resourceId === `endpoint/${String(endpoint.inputs.endpointName)}/variant/${String(variant.variantName)}`);
            if (old !== undefined && old.instanceType !== variant.instanceType && registered) {
                throw new Error(`ValidationException: The variant ${String(variant.variantName)} of endpoint ${String(endpoint.inputs.endpointName)} is registered with ` +
                    `Application Auto Scaling; its instance type cannot change from ${String(old.instanceType)} to ${String(variant.instanceType)} until it is ` +
                    `deregistered (stand-in wording of SageMaker's refusal)`);
            }
        }
    }

    /** The type, spec and region of a request's resource, and the resource the account holds under its id, if any. */
    function locate(urn: string, props: Props, providerRegion: string, id: string) {
        const { type } = urnParts(urn);
        const spec = specOf(type);
        const region = regionOf(spec, props, providerRegion);
        return { type, spec, region, resource: find(type, region, id) };
    }

    function update(req: Extract<AccountRequest, { op: "update" }>): UpdateResult {
        const { type, spec, region, resource } = locate(req.urn, req.news, req.region, req.id);
        if (resource === undefined) {
            throw new Error(`${type} ${req.id} does not exist in ${region} of account 123456789012`);
        }
        admit(spec, type, req.news, region);
        const key = spec.key(req.news);
        const holder = findByKey(spec.kind, region, key);
        if (holder !== undefined && holder !== resource) {
            throw new Error(spec.taken!(key, region));
        }
        if (spec.kind === "sagemaker-endpoint" && req.news.endpointConfigName !== resource.inputs.endpointConfigName) {
            checkEndpointUpdate(resource, req.news);
        }
        // What the provider computed stays (ARNs, creation times); the inputs are the new ones.
        const computedBefore = Object.fromEntries(Object.entries(resource.outputs).filter(([k]) => !(k in resource.inputs)));
        const recomputed = spec.kind === "sagemaker-inference-component"
            ? { runtimeConfig: spec.computed(req.news, region).runtimeConfig, lastModifiedTime: new Date().toISOString() } : {};
        resource.inputs = req.news;
        resource.outputs = { ...req.news, ...computedBefore, ...recomputed };
        resource.physicalName = key;
        mirror(resource, false);
        return { outputs: resource.outputs };
    }

    function remove(req: Extract<AccountRequest, { op: "delete" }>): void {
        const { type, spec, region, resource } = locate(req.urn, req.outputs, req.region, req.id);
        if (resource === undefined) {
            // Gone already: the real providers treat a delete of what is not found as done.
            return;
        }
        const others = [...live.values()].filter((r) => r !== resource && r.region === region);
        if (spec.kind === "sagemaker-endpoint-config") {
            const user = others.find((r) => specOf(r.type).kind === "sagemaker-endpoint" && String(r.inputs.endpointConfigName).toLowerCase() === resource.physicalName);
            if (user !== undefined) {
                throw new Error(`ValidationException: endpoint config ${String(resource.inputs.endpointConfigName)} is in use by endpoint ${String(user.inputs.endpointName)} and cannot be deleted`);
            }
        }
        if (spec.kind === "sagemaker-endpoint") {
            const components = others.filter((r) => specOf(r.type).kind === "sagemaker-inference-component" && String(r.inputs.endpointName).toLowerCase() === resource.physicalName);
            if (components.length > 0) {
                throw new Error(`ValidationException: endpoint ${String(resource.inputs.endpointName)} has inference components ` +
                    `(${components.map((c) => String(c.inputs.inferenceComponentName)).join(", ")}); delete them before the endpoint`);
            }
        }
        live.delete(storeKey(type, region, req.id));
        mirror(resource, true);
    }

    function read(req: Extract<AccountRequest, { op: "read" }>): ReadResult {
        const { spec, resource } = locate(req.urn, req.inputs, req.region, req.id);
        if (resource === undefined) {
            return { id: "", outputs: {}, inputs: {} };
        }
        const component = spec.kind === "sagemaker-inference-component" && resource.region === SAGEMAKER_REGION
            ? sagemaker.components.get(String(resource.inputs.inferenceComponentName)) : undefined;
        if (component !== undefined) {
            // Copies as SageMaker has them now (auto scaling, schedules and the runtime-config provider move them);
            // CopyCount itself is write-only in the CloudFormation schema, so the input's stays.
            resource.outputs = {
                ...resource.outputs, inferenceComponentStatus: component.status,
                runtimeConfig: { ...(resource.outputs.runtimeConfig as Props), desiredCopyCount: component.desiredCopyCount, currentCopyCount: component.currentCopyCount },
            };
        }
        return { id: resource.id, outputs: resource.outputs, inputs: resource.inputs };
    }

    function handle(req: AccountRequest): unknown {
        switch (req.op) {
            case "check":
                return check(req);
            case "diff":
                return diff(req);
            default: {
                const { type, name } = urnParts(req.urn);
                try {
                    const result = req.op === "create" ? create(req) : req.op === "update" ? update(req) : req.op === "delete" ? remove(req) : read(req);
                    calls.push({ op: req.op, type, name, outcome: "ok" });
                    return result ?? {};
                } catch (err) {
                    calls.push({ op: req.op, type, name, outcome: (err as Error).message });
                    throw err;
                }
            }
        }
    }

    const server = http.createServer((request, response) => {
        let raw = "";
        request.setEncoding("utf8");
        request.on("data", (chunk) => { raw += chunk; });
        request.on("end", () => {
            let status = 200;
            let answer: unknown;
            try {
                answer = { result: handle(JSON.parse(raw) as AccountRequest) };
            } catch (err) {
                status = 400;
                answer = { error: (err as Error).message };
            }
            response.writeHead(status, { "content-type": "application/json" });
            response.end(JSON.stringify(answer));
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
        url,
        sagemaker,
        env: () => ({ [ACCOUNT_URL_VARIABLE]: url, ...standinEnv(sagemaker.url) }),
        resources: () => [...live.values()],
        load: (resources) => {
            for (const r of resources) {
                live.set(storeKey(r.type, r.region, r.id), { ...r });
            }
        },
        calls,
        stop: async () => {
            await new Promise<void>((resolve) => server.close(() => resolve()));
            await sagemaker.stop();
        },
    };
}
