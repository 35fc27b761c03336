/**
 * A local stand-in for the SageMaker JSON 1.1 protocol, on 127.0.0.1, for the training-plan
 * (purchases and extensions), inference-component runtime-config and endpoint look-up operations,
 * with faults a test can inject. It records every
 * request it receives.
 */
import * as http from "http";
import { AddressInfo } from "net";

export interface StandinOffering {
    id: string;
    /** A number, or text a fee cannot be read from. */
    fee: number | string;
    currency?: string;
    instanceType?: string;
    instanceCount?: number;
    durationHours?: number;
    start: string;
    end: string;
    availabilityZone?: string;
    targets?: string[];
}

export interface StandinPlan {
    name: string;
    arn: string;
    status: string;
    offering: StandinOffering;
    /** Describes left that answer ResourceNotFound (eventual consistency after create). */
    hiddenFor: number;
    /** Describes left that answer Pending before the plan is Scheduled. */
    pendingFor: number;
    /** Hours added by extensions since it was bought: its duration and end move by as much. */
    extendedHours: number;
    /** Extensions bought through ExtendTrainingPlan, in order; a Failed one did not extend the plan. */
    extensions: { offeringId: string; fee: number; hours: number; currency: string; extendedAt: number; start: number; end: number; status?: string }[];
}

/** An extension offering of a bought plan: it starts where the plan then ends. */
export interface StandinExtensionOffering {
    id: string;
    planName: string;
    fee: number | string;
    hours: number;
    currency?: string;
}

/** An inference component, in us-east-1: from another region it is not found. */
export interface StandinComponent {
    name: string;
    arn: string;
    status: string;
    desiredCopyCount: number;
    currentCopyCount: number;
    failureReason?: string;
    /** Describes left that report the present Creating or Updating status; the next reports InService with all desired copies. */
    busyFor: number;
    /** LastModifiedTime, ISO: moves on with every update. */
    lastModified: string;
}

/** An endpoint, in us-east-1, as DescribeEndpoint shows it: one variant. */
export interface StandinEndpoint {
    name: string;
    endpointConfigName: string;
    currentInstanceCount: number;
    /** The plan its variant runs on; undefined on demand. */
    reservationArn?: string;
}

/** How CreateTrainingPlan's answer is lost after the purchase took effect. */
export type LostAnswer = "dropped" | "cut" | "unreadable" | "empty" | "code-less 4xx";

export interface Faults {
    /** Share of all calls answered with ThrottlingException, spread evenly (0 to 1). */
    throttleRate?: number;
    /** First N calls of an operation answered with a 500. */
    serverErrors?: Record<string, number>;
    /**
     * CreateTrainingPlan buys, then its answer is lost, once: the connection drops before it ("dropped"),
     * it is cut off mid-body ("cut"), it is a 200 that cannot be read ("unreadable"), a 200 without the ARN ("empty"),
     * or a 400 without an error code, as a proxy may answer ("code-less 4xx").
     */
    lostCreateAnswer?: LostAnswer;
    /** Milliseconds an operation's answer is held back after the request was carried out. */
    delays?: Record<string, number>;
    /** The same, only once a plan has been bought (a network that goes down with the purchase). */
    delaysAfterCreate?: Record<string, number>;
    /** Describes after a create that do not find the plan yet (a large number: a plan that stays invisible). */
    notFoundAfterCreate?: number;
    /** CreateTrainingPlan buys a second plan under a name already taken, as a service without the duplicate-name check would. */
    allowDuplicateNames?: boolean;
    /** Operations answered with this error code (HTTP 400), carrying nothing out, until removed. */
    refusals?: Record<string, { type: string; message: string }>;
    /** Describes after an UpdateInferenceComponentRuntimeConfig that still show the component as it was before it (stale reads). */
    staleAfterUpdate?: number;
    /** Describes after a create that report Pending. */
    pendingAfterCreate?: number;
    /** Describes after an UpdateInferenceComponentRuntimeConfig that report Updating, the current copies unchanged. */
    updatingFor?: number;
    /** ExtendTrainingPlan answers, and its extension shows as Failed in the history: the plan is not extended. */
    failExtend?: boolean;
    /** ExtendTrainingPlan extends, then its answer is lost, once, as CreateTrainingPlan's may be. */
    lostExtendAnswer?: LostAnswer;
    /** Extension histories after an extension that do not show it yet (eventual consistency). */
    historyLagAfterExtend?: number;
    /** Describes after an extension that still show the plan's end and length as before it (eventual consistency). */
    endLagAfterExtend?: number;
    /** The same as `delays`, only once ExtendTrainingPlan has extended a plan (a network that goes down with the purchase). */
    delaysAfterExtend?: Record<string, number>;
    /** Added to `serverErrors` once ExtendTrainingPlan has extended a plan: calls that fail after the purchase took effect. */
    serverErrorsAfterExtend?: Record<string, number>;
    /** Extensions per page of DescribeTrainingPlanExtensionHistory. Default 100. */
    historyPageSize?: number;
    /** Describes of a component added as Creating or Updating that report so, refusing updates, before it is InService. */
    busyFor?: number;
}

export interface Received {
    operation: string;
    body: Record<string, any>;
    /** The fault injected instead of serving the request, if any. */
    fault?: "throttled" | "server error" | "refused";
    /** The region the request was signed for. */
    region?: string;
}

export interface Standin {
    url: string;
    requests: Received[];
    plans: Map<string, StandinPlan>;
    /** Every plan CreateTrainingPlan bought, in order, duplicates included. */
    purchases: StandinPlan[];
    offerings: StandinOffering[];
    /** Extension offerings on sale; one bought leaves the list. */
    extensionOfferings: StandinExtensionOffering[];
    /** Ends `historyLagAfterExtend` and `endLagAfterExtend`: the history and the plan show every extension from now on. */
    settleHistory(): void;
    components: Map<string, StandinComponent>;
    faults: Faults;
    /** Adds a component with its copies all running; one Creating or Updating stays so for `faults.busyFor` describes. */
    addComponent(name: string, copies: number, status?: string): StandinComponent;
    endpoints: Map<string, StandinEndpoint>;
    /** Requests of an operation received, faulted or not. */
    count(operation: string): number;
    /** Requests of an operation that reached the service (not refused by an injected fault). */
    served(operation: string): number;
    /** Extends a plan by some hours, as ExtendTrainingPlan would: its duration and end move on. */
    extend(name: string, hours: number): void;
    stop(): Promise<void>;
}

const ACCOUNT = "123456789012";
const COMPONENT_REGION = "us-east-1";
const BUSY = ["Creating", "Updating"];
const seconds = (iso: string) => Date.parse(iso) / 1000;

function offeringJson(o: StandinOffering) {
    return {
        TrainingPlanOfferingId: o.id,
        TargetResources: o.targets ?? ["endpoint"],
        DurationHours: o.durationHours ?? 168,
        UpfrontFee: String(o.fee),
        CurrencyCode: o.currency ?? "USD",
        ReservedCapacityOfferings: [{
            InstanceType: o.instanceType ?? "ml.p5.48xlarge",
            InstanceCount: o.instanceCount ?? 2,
            AvailabilityZone: o.availabilityZone ?? "us-east-1a",
            DurationHours: o.durationHours ?? 168,
            StartTime: seconds(o.start),
            EndTime: seconds(o.end),
        }],
    };
}

/** Where a plan now ends, in epoch seconds: its offering's end, moved by its extensions. */
function planEnd(p: StandinPlan): number {
    return seconds(p.offering.end) + p.extendedHours * 3600;
}

function extensionJson(e: StandinPlan["extensions"][number]) {
    return {
        TrainingPlanExtensionOfferingId: e.offeringId, ExtendedAt: e.extendedAt, StartDate: e.start, EndDate: e.end, Status: e.status ?? "Active",
        PaymentStatus: "Paid", DurationHours: e.hours, UpfrontFee: String(e.fee), CurrencyCode: e.currency,
    };
}

/** A plan as DescribeTrainingPlan answers, `lagging` hours of extensions not shown yet. */
function planJson(p: StandinPlan, lagging = 0) {
    const o = p.offering;
    const end = planEnd(p) - lagging * 3600;
    return {
        TrainingPlanArn: p.arn,
        TrainingPlanName: p.name,
        Status: p.status,
        DurationHours: (o.durationHours ?? 168) + p.extendedHours - lagging,
        StartTime: seconds(o.start),
        EndTime: end,
        UpfrontFee: String(o.fee),
        CurrencyCode: o.currency ?? "USD",
        TotalInstanceCount: o.instanceCount ?? 2,
        AvailableInstanceCount: o.instanceCount ?? 2,
        InUseInstanceCount: 0,
        TargetResources: o.targets ?? ["endpoint"],
        ReservedCapacitySummaries: [{
            ReservedCapacityArn: `${p.arn}/capacity`,
            InstanceType: o.instanceType ?? "ml.p5.48xlarge",
            TotalInstanceCount: o.instanceCount ?? 2,
            Status: p.status,
            AvailabilityZone: o.availabilityZone ?? "us-east-1a",
            StartTime: seconds(o.start),
            EndTime: end,
        }],
    };
}

function componentJson(c: StandinComponent) {
    return {
        InferenceComponentName: c.name,
        InferenceComponentArn: c.arn,
        EndpointName: "llm-endpoint",
        EndpointArn: `arn:aws:sagemaker:${COMPONENT_REGION}:${ACCOUNT}:endpoint/llm-endpoint`,
        VariantName: "AllTraffic",
        InferenceComponentStatus: c.status,
        RuntimeConfig: { DesiredCopyCount: c.desiredCopyCount, CurrentCopyCount: c.currentCopyCount },
        ...(c.status === "Failed" ? { FailureReason: c.failureReason ?? "the model container failed its health check" } : {}),
        CreationTime: seconds("2026-11-30T00:00:00Z"),
        LastModifiedTime: seconds(c.lastModified),
    };
}

/** A plan as if bought earlier, for tests of adoption and of reservation checks. */
export function boughtPlan(name: string, offering: StandinOffering, status = "Scheduled"): StandinPlan {
    return {
        name, arn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:training-plan/${name}`, status, offering, hiddenFor: 0, pendingFor: 0, extendedHours: 0, extensions: [],
    };
}

export async function startStandin(offerings: StandinOffering[] = [], faults: Faults = {}): Promise<Standin> {
    const requests: Received[] = [];
    const plans = new Map<string, StandinPlan>();
    const purchases: StandinPlan[] = [];
    const components = new Map<string, StandinComponent>();
    const endpoints = new Map<string, StandinEndpoint>();
    const extensionOfferings: StandinExtensionOffering[] = [];
    // Histories left that do not show the plan's latest extension yet.
    let historyLag = 0;
    // Describes left that do not show the plan's latest extension yet.
    let endLag = 0;
    // What describes of a component return while they are stale, and how many are left.
    const stale = new Map<string, { json: unknown; left: number }>();
    let calls = 0;
    const state: Standin = {
        url: "",
        requests,
        plans,
        purchases,
        offerings,
        extensionOfferings,
        settleHistory: () => { historyLag = 0; endLag = 0; },
        components,
        endpoints,
        faults,
        addComponent: (name, copies, status = "InService") => {
            const component: StandinComponent = {
                name, arn: `arn:aws:sagemaker:${COMPONENT_REGION}:${ACCOUNT}:inference-component/${name}`, status,
                desiredCopyCount: copies, currentCopyCount: copies, busyFor: BUSY.includes(status) ? state.faults.busyFor ?? 0 : 0,
                lastModified: "2026-11-30T01:00:00Z",
            };
            components.set(name, component);
            return component;
        },
        count: (operation) => requests.filter((r) => r.operation === operation).length,
        served: (operation) => requests.filter((r) => r.operation === operation && r.fault === undefined).length,
        extend: (name, hours) => {
            plans.get(name)!.extendedHours += hours;
        },
        stop: () => new Promise((resolve) => server.close(() => resolve())),
    };

    let answerDelay = 0;
    const answer = (res: http.ServerResponse, status: number, body: unknown) => {
        const send = () => {
            res.writeHead(status, { "content-type": "application/x-amz-json-1.1" });
            res.end(JSON.stringify(body));
        };
        if (answerDelay > 0) {
            // Unref'd: an answer held back longer than a test runs does not keep the process alive.
            setTimeout(send, answerDelay).unref();
        } else {
            send();
        }
    };
    /** Loses the answer to a purchase that took effect, as `how` says. */
    const lose = (req: http.IncomingMessage, res: http.ServerResponse, how: LostAnswer, answered: unknown) => {
        const body = JSON.stringify(answered);
        if (how === "dropped") {
            req.socket.destroy();
        } else if (how === "cut") {
            res.writeHead(200, { "content-type": "application/x-amz-json-1.1", "content-length": String(body.length) });
            // Cut once the first part has reached the socket: the client has read a partial answer.
            res.write(body.slice(0, 20), () => req.socket.destroy());
        } else if (how === "code-less 4xx") {
            res.writeHead(400, { "content-type": "text/plain" });
            res.end();
        } else {
            res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
            res.end(how === "empty" ? "" : "<html><body>upstream answered</body></html>");
        }
    };
    const error = (res: http.ServerResponse, status: number, type: string, message: string) =>
        answer(res, status, { __type: type, message });
    // What the service answers for a component it does not have.
    const missingComponent = (res: http.ServerResponse, name: string) =>
        error(res, 400, "ValidationException", `Could not find inference component "${name}".`);
    const componentIn = (region: string | undefined, name: string) => region === COMPONENT_REGION ? components.get(name) : undefined;

    const server = http.createServer((req, res) => {
        let raw = "";
        req.on("data", (chunk) => { raw += chunk; });
        req.on("end", () => {
            const operation = String(req.headers["x-amz-target"] ?? "").replace(/^SageMaker\./, "");
            const body = raw ? JSON.parse(raw) : {};
            const region = /Credential=[^/]*\/\d+\/([^/]+)\//.exec(String(req.headers.authorization ?? ""))?.[1];
            const received: Received = { operation, body, region };
            requests.push(received);
            const f = state.faults;
            answerDelay = 0;
            calls++;
            const rate = f.throttleRate ?? 0;
            if (Math.floor(calls * rate) > Math.floor((calls - 1) * rate)) {
                received.fault = "throttled";
                return error(res, 400, "ThrottlingException", "Rate exceeded");
            }
            if ((f.serverErrors?.[operation] ?? 0) > 0) {
                f.serverErrors![operation]--;
                received.fault = "server error";
                return error(res, 500, "InternalFailure", "internal error");
            }
            const refusal = f.refusals?.[operation];
            if (refusal !== undefined) {
                received.fault = "refused";
                return error(res, 400, refusal.type, refusal.message);
            }
            const extended = [...plans.values()].some((p) => p.extensions.length > 0);
            answerDelay = (extended ? f.delaysAfterExtend?.[operation] : undefined) ?? (purchases.length > 0 ? f.delaysAfterCreate?.[operation] : undefined) ??
                f.delays?.[operation] ?? 0;
            switch (operation) {
                case "SearchTrainingPlanOfferings": {
                    if (body.TrainingPlanArn === undefined) {
                        return answer(res, 200, { TrainingPlanOfferings: state.offerings.map(offeringJson) });
                    }
                    const plan = [...plans.values()].find((p) => p.arn === body.TrainingPlanArn);
                    if (!plan) {
                        return error(res, 400, "ResourceNotFound", `Training plan ${body.TrainingPlanArn} not found`);
                    }
                    const end = planEnd(plan);
                    return answer(res, 200, {
                        TrainingPlanOfferings: [],
                        TrainingPlanExtensionOfferings: extensionOfferings
                            .filter((o) => o.planName === plan.name && (body.DurationHours === undefined || o.hours === body.DurationHours)).map((o) => ({
                            TrainingPlanExtensionOfferingId: o.id, UpfrontFee: String(o.fee), CurrencyCode: o.currency ?? "USD", DurationHours: o.hours,
                            StartDate: end, EndDate: end + o.hours * 3600, AvailabilityZone: plan.offering.availabilityZone ?? "us-east-1a",
                        })),
                    });
                }
                case "ExtendTrainingPlan": {
                    const i = extensionOfferings.findIndex((o) => o.id === body.TrainingPlanExtensionOfferingId);
                    if (i < 0) {
                        return error(res, 400, "ValidationException", `extension offering ${body.TrainingPlanExtensionOfferingId} does not exist`);
                    }
                    const [o] = extensionOfferings.splice(i, 1);
                    const plan = plans.get(o.planName)!;
                    const start = planEnd(plan);
                    const extension = {
                        offeringId: o.id, fee: Number(o.fee), hours: o.hours, currency: o.currency ?? "USD", extendedAt: Date.now() / 1000, start, end: start + o.hours * 3600,
                        status: f.failExtend ? "Failed" : undefined,
                    };
                    plan.extensions.push(extension);
                    plan.extendedHours += f.failExtend ? 0 : o.hours;
                    historyLag = f.historyLagAfterExtend ?? 0;
                    endLag = f.endLagAfterExtend ?? 0;
                    for (const [op, n] of Object.entries(f.serverErrorsAfterExtend ?? {})) {
                        (f.serverErrors ??= {})[op] = (f.serverErrors[op] ?? 0) + n;
                    }
                    const answered = { TrainingPlanExtensions: [extensionJson(extension)] };
                    if (f.lostExtendAnswer) {
                        const how = f.lostExtendAnswer;
                        f.lostExtendAnswer = undefined;
                        return lose(req, res, how, answered);
                    }
                    return answer(res, 200, answered);
                }
                case "DescribeTrainingPlanExtensionHistory": {
                    const plan = [...plans.values()].find((p) => p.arn === body.TrainingPlanArn);
                    if (!plan) {
                        return error(res, 400, "ResourceNotFound", `Training plan ${body.TrainingPlanArn} not found`);
                    }
                    const shown = historyLag > 0 ? plan.extensions.slice(0, -1) : plan.extensions;
                    historyLag = Math.max(0, historyLag - 1);
                    const size = Math.min(body.MaxResults ?? 100, f.historyPageSize ?? 100);
                    const from = Number(body.NextToken ?? 0);
                    const page = shown.slice(from, from + size);
                    return answer(res, 200, {
                        TrainingPlanExtensions: page.map(extensionJson),
                        ...(from + size < shown.length && { NextToken: String(from + size) }),
                    });
                }
                case "DescribeTrainingPlan": {
                    // A plan is where its ARN says: from another region it is not found.
                    const found = plans.get(body.TrainingPlanName);
                    const plan = found?.arn.split(":")[3] === region ? found : undefined;
                    if (!plan || plan.hiddenFor > 0) {
                        if (plan) {
                            plan.hiddenFor--;
                        }
                        return error(res, 400, "ResourceNotFound", `Training plan ${body.TrainingPlanName} not found`);
                    }
                    const lagging = endLag > 0 ? plan.extensions.at(-1)?.hours ?? 0 : 0;
                    endLag = Math.max(0, endLag - 1);
                    if (plan.pendingFor > 0) {
                        plan.pendingFor--;
                        return answer(res, 200, { ...planJson(plan, lagging), Status: "Pending" });
                    }
                    return answer(res, 200, planJson(plan, lagging));
                }
                case "CreateTrainingPlan": {
                    if (plans.has(body.TrainingPlanName) && !f.allowDuplicateNames) {
                        return error(res, 400, "ResourceInUse", `Training plan ${body.TrainingPlanName} already exists`);
                    }
                    const offering = state.offerings.find((o) => o.id === body.TrainingPlanOfferingId);
                    if (!offering) {
                        return error(res, 400, "ValidationException", `offering ${body.TrainingPlanOfferingId} does not exist`);
                    }
                    const plan = boughtPlan(body.TrainingPlanName, offering);
                    plan.hiddenFor = f.notFoundAfterCreate ?? 0;
                    plan.pendingFor = f.pendingAfterCreate ?? 0;
                    purchases.push(plan);
                    if (!plans.has(plan.name)) {
                        plans.set(plan.name, plan);
                    }
                    if (f.lostCreateAnswer) {
                        const how = f.lostCreateAnswer;
                        f.lostCreateAnswer = undefined;
                        return lose(req, res, how, { TrainingPlanArn: plan.arn });
                    }
                    return answer(res, 200, { TrainingPlanArn: plan.arn });
                }
                case "DescribeInferenceComponent": {
                    const component = componentIn(region, body.InferenceComponentName);
                    if (!component) {
                        return missingComponent(res, body.InferenceComponentName);
                    }
                    const old = stale.get(component.name);
                    if (old !== undefined && old.left > 0) {
                        old.left--;
                        return answer(res, 200, old.json);
                    }
                    if (BUSY.includes(component.status)) {
                        if (component.busyFor > 0) {
                            component.busyFor--;
                        } else {
                            component.status = "InService";
                            component.currentCopyCount = component.desiredCopyCount;
                        }
                    }
                    return answer(res, 200, componentJson(component));
                }
                case "UpdateInferenceComponentRuntimeConfig": {
                    const component = componentIn(region, body.InferenceComponentName);
                    if (!component) {
                        return missingComponent(res, body.InferenceComponentName);
                    }
                    const copies = body.DesiredRuntimeConfig?.CopyCount;
                    if (!Number.isInteger(copies) || copies < 0) {
                        return error(res, 400, "ValidationException", `1 validation error detected: Value ${copies} at 'desiredRuntimeConfig.copyCount' failed to satisfy constraint`);
                    }
                    if (BUSY.includes(component.status)) {
                        return error(res, 400, "ValidationException",
                            `Inference component ${component.arn} is in ${component.status} status; its runtime config can be updated once it is InService.`);
                    }
                    stale.set(component.name, { json: componentJson(component), left: f.staleAfterUpdate ?? 0 });
                    component.desiredCopyCount = copies;
                    component.lastModified = new Date(Date.parse(component.lastModified) + 60_000).toISOString();
                    component.status = "Updating";
                    component.busyFor = f.updatingFor ?? 0;
                    return answer(res, 200, { InferenceComponentArn: component.arn });
                }
                case "DescribeEndpoint": {
                    const endpoint = region === COMPONENT_REGION ? endpoints.get(body.EndpointName) : undefined;
                    if (!endpoint) {
                        return error(res, 400, "ValidationException", `Could not find endpoint "${body.EndpointName}".`);
                    }
                    return answer(res, 200, {
                        EndpointName: endpoint.name,
                        EndpointArn: `arn:aws:sagemaker:${COMPONENT_REGION}:${ACCOUNT}:endpoint/${endpoint.name}`,
                        EndpointConfigName: endpoint.endpointConfigName,
                        EndpointStatus: "InService",
                        ProductionVariants: [{
                            VariantName: "AllTraffic",
                            CurrentInstanceCount: endpoint.currentInstanceCount,
                            DesiredInstanceCount: endpoint.currentInstanceCount,
                            ...(endpoint.reservationArn && {
                                CapacityReservationConfig: { CapacityReservationPreference: "capacity-reservations-only", MlReservationArn: endpoint.reservationArn },
                            }),
                        }],
                    });
                }
                default:
                    return error(res, 400, "UnknownOperationException", `the stand-in does not serve ${operation}`);
            }
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return state;
}

/** The environment a real SDK client needs to talk to the stand-in, and nothing else. */
export function standinEnv(url: string): Record<string, string> {
    return {
        AWS_ENDPOINT_URL_SAGEMAKER: url,
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: "standin",
        AWS_SECRET_ACCESS_KEY: "standin",
    };
}

/** Runs `fn` with the stand-in's environment, restoring the previous one after. */
export async function withEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    try {
        return await fn();
    } finally {
        for (const [k, v] of Object.entries(saved)) {
            if (v === undefined) {
                delete process.env[k];
            } else {
                process.env[k] = v;
            }
        }
    }
}
