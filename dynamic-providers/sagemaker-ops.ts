/**
 * The SageMaker operations every dynamic provider here shares: a client built on demand,
 * retries on throttling, look-ups that treat "not found" as an answer, bounded waits, and the
 * engine's own values (unknowns at preview, partial state).
 *
 * Only types are imported from the SDK at module level: Pulumi serializes each provider with the
 * functions it reaches, and an SDK object caught in that closure does not serialize
 * (pulumi/pulumi#13960, #18977). The SDK itself is loaded inside the calls.
 */
import type {
    DescribeEndpointOutput, DescribeInferenceComponentOutput, DescribeTrainingPlanResponse, SageMakerClient, TrainingPlanExtension,
    TrainingPlanExtensionOffering,
} from "@aws-sdk/client-sagemaker";
import * as pulumi from "@pulumi/pulumi";

/** How long to wait and how hard to retry. Seconds, so that tests can use fractions. */
export interface Timing {
    /** Total time a wait may take before it fails. */
    waitTimeoutSeconds: number;
    /** First pause between two polls; each next pause doubles, up to `pollMaxSeconds`. */
    pollInitialSeconds: number;
    pollMaxSeconds: number;
    /** First pause before retrying a throttled call; doubles with each retry. */
    retryBaseSeconds: number;
    /** Retries of one call before its error is final. */
    maxRetries: number;
    /** How long one request may go unanswered before it counts as lost. */
    requestTimeoutSeconds: number;
}

export const DEFAULT_TIMING: Timing = {
    waitTimeoutSeconds: 1800,
    pollInitialSeconds: 5,
    pollMaxSeconds: 60,
    retryBaseSeconds: 0.5,
    maxRetries: 8,
    requestTimeoutSeconds: 60,
};

/** A provider check's complaint about one input. */
export interface CheckFailure {
    property: string;
    reason: string;
}

/**
 * Why a `timing` input cannot be used, or undefined when it can: only the settings of `defaults`,
 * each a positive number of seconds, `maxRetries` a whole number of at least 0.
 */
export function timingFailure(timing: unknown, defaults: object = DEFAULT_TIMING): string | undefined {
    if (timing === undefined) {
        return undefined;
    }
    const known = Object.keys(defaults);
    const rule = `timing holds positive numbers of seconds (${known.filter((k) => k !== "maxRetries").join(", ")}) and a whole maxRetries of at least 0`;
    if (typeof timing !== "object" || timing === null || Array.isArray(timing)) {
        return `is not an object: ${rule}`;
    }
    const unknownKeys = Object.keys(timing).filter((k) => !known.includes(k));
    if (unknownKeys.length > 0) {
        return `has ${unknownKeys.map((k) => JSON.stringify(k)).join(", ")}, not a setting of timing: the settings are ${known.join(", ")}`;
    }
    const bad = Object.entries(timing).filter(([k, v]) => !(typeof v === "number" && (k === "maxRetries" ? Number.isInteger(v) && v >= 0 : v > 0)));
    return bad.length > 0 ? `has ${bad.map(([k, v]) => `${k} ${JSON.stringify(v)}`).join(", ")}: ${rule}` : undefined;
}

export function timingOf<T extends Timing = Timing>(given?: Partial<T>, defaults: T = DEFAULT_TIMING as T): T {
    return { ...defaults, ...given };
}

/** Whether a value the engine sent is, or holds, a value not known until the deployment runs. */
export function holdsUnknown(value: unknown): boolean {
    if (value === pulumi.runtime.unknownValue) {
        return true;
    }
    return typeof value === "object" && value !== null && Object.values(value).some(holdsUnknown);
}

/**
 * The SDK module, loaded on first use rather than at module load. Required, not imported: each
 * `import()` compiles to a copy of the module's every export, hundreds of them, at every call.
 */
export function sagemakerSdk(): typeof import("@aws-sdk/client-sagemaker") {
    return require("@aws-sdk/client-sagemaker");
}

/**
 * A SageMaker client from the standard SDK configuration: region (given, or AWS_REGION and the
 * shared config), the credentials chain, and AWS_ENDPOINT_URL_SAGEMAKER. The SDK's own retries are
 * off: `call` retries, so that waits stay bounded and every attempt is counted once. A request
 * unanswered for `requestTimeoutSeconds` fails instead of hanging the deployment.
 */
export async function sagemakerClient(region: string | undefined, timing: Timing): Promise<SageMakerClient> {
    const sdk = sagemakerSdk();
    return new sdk.SageMakerClient({
        region,
        maxAttempts: 1,
        requestHandler: { requestTimeout: timing.requestTimeoutSeconds * 1000, throwOnRequestTimeout: true },
    });
}

interface AwsError {
    name?: string;
    message?: string;
    $fault?: string;
    $metadata?: { httpStatusCode?: number };
}

// An array, not a Set: closure serialization turns a captured Set into a plain object.
const THROTTLING = [
    "ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded", "ProvisionedThroughputExceededException",
];

/** The service declined the call for its rate, before carrying it out. */
export function isThrottling(err: unknown): boolean {
    return THROTTLING.includes((err as AwsError)?.name ?? "");
}

// What the SDK names an error whose answer carried no error code.
const NO_CODE = ["Unknown", "UnknownError", "Error"];

/**
 * The service answered with an error code of the caller's (validation, conflict, limit, access,
 * throttling): it carried nothing out. Anything else (a 5xx, a 4xx without an error code, as a
 * proxy may send, a dropped connection, a timeout, an answer that cannot be read) leaves unknown
 * whether it did.
 */
export function isRefusal(err: unknown): boolean {
    const e = err as AwsError;
    return e?.$fault === "client" && !NO_CODE.includes(e.name ?? "Error");
}

/**
 * The service refused the call because the resource is being changed (an update or an extension
 * still in progress): the same call succeeds once that is done.
 */
export function isUpdateInProgress(err: unknown): boolean {
    const e = err as AwsError;
    return ["ValidationException", "ConflictException"].includes(e?.name ?? "") &&
        /in progress|being (updated|modified|extended|changed)|currently updating/i.test(String(e?.message));
}

export function isNotFound(err: unknown): boolean {
    const name = (err as AwsError)?.name ?? "";
    return name === "ResourceNotFound" || name === "ResourceNotFoundException"
        // DescribeInferenceComponent says "Could not find inference component".
        || (name === "ValidationException" && /not (be )?found|does not exist|could not find/i.test(String((err as Error).message)));
}

/** The error's kind and the service's words, for messages. */
export function errorText(err: unknown): string {
    const e = err as AwsError;
    const status = e?.$metadata?.httpStatusCode;
    return `${e?.name ?? "Error"}${status === undefined ? "" : ` (HTTP ${status})`}: ${String(e?.message ?? err).split("\n")[0]}`;
}

/** The error of a call, saying what was called and for what, and still classified as the SDK's was. */
function callError(err: unknown, what: string, attempts: number): Error {
    const e = err as AwsError;
    const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
    const hint = isThrottling(err) ? "; SageMaker is limiting the request rate: run again later, or raise timing.maxRetries" : "";
    return Object.assign(new Error(`${what} failed${tries}: ${errorText(err)}${hint}`), {
        name: e?.name ?? "Error", $fault: e?.$fault, $metadata: e?.$metadata, cause: err,
    });
}

/**
 * A value as the dynamic-provider host can send it: its protobuf Struct refuses `undefined`
 * anywhere, so absent values are dropped rather than sent.
 */
export function toState<T extends object>(value: T): Record<string, unknown> {
    return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

/**
 * An error for a resource that exists although its operation failed: the engine keeps it in the
 * stack's state (id and outputs) and reports the failure, instead of losing track of it.
 */
export function partialState(message: string, id: string, properties: Record<string, unknown>): Error {
    return Object.assign(new Error(message), { id, properties, reasons: [message] });
}

/**
 * The provider, its partial states carrying the serialized provider (`__provider`) of the
 * properties its create or update was given. The host adds that key to a result's outputs but not
 * to a partial state's, and loads the provider from it to refresh or delete the resource: without
 * it, neither can run.
 */
export function keepingProvider(provider: pulumi.dynamic.ResourceProvider): pulumi.dynamic.ResourceProvider {
    const kept = async <T>(props: Record<string, unknown>, operation: () => Promise<T>): Promise<T> => {
        try {
            return await operation();
        } catch (err) {
            const e = err as { id?: string; properties?: Record<string, unknown> };
            if (e.id !== undefined && e.properties !== undefined && props.__provider !== undefined) {
                e.properties = { ...e.properties, __provider: props.__provider };
            }
            throw err;
        }
    };
    return {
        ...provider,
        create: (inputs) => kept(inputs, () => provider.create(inputs)),
        update: provider.update && ((id, olds, news) => kept(news, () => provider.update!(id, olds, news))),
    };
}

/**
 * Time as the waits and retries see it. Tests put a virtual clock here, so that no wait or
 * timeout of theirs depends on how loaded the machine is.
 */
export interface Clock {
    /** Milliseconds since the epoch. */
    now(): number;
    sleep(seconds: number): Promise<void>;
}

const SYSTEM_CLOCK: Clock = {
    now: () => Date.now(),
    sleep: (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000)),
};

let clock: Clock = SYSTEM_CLOCK;

/** Uses this clock for every wait from now on; without one, the system's. */
export function setClock(given?: Clock): void {
    clock = given ?? SYSTEM_CLOCK;
}

export function now(): number {
    return clock.now();
}

export function sleep(seconds: number): Promise<void> {
    return clock.sleep(seconds);
}

/**
 * Runs one API call, retrying throttling with exponential backoff; `what` names the call and its
 * object in the final error. A call that is not `idempotent` (a purchase) is retried only when
 * throttled, which the service refuses before acting: after any other failure its outcome is
 * unknown, and sending it again could buy twice.
 */
export async function call<T>(what: string, fn: () => Promise<T>, timing: Timing, idempotent = true): Promise<T> {
    for (let attempt = 0; ; attempt++) {
        try {
            return await fn();
        } catch (err) {
            const retryable = isThrottling(err) || (idempotent && !isRefusal(err));
            if (!retryable || attempt >= timing.maxRetries) {
                throw callError(err, what, attempt + 1);
            }
            await sleep(Math.min(timing.retryBaseSeconds * 2 ** attempt, timing.pollMaxSeconds));
        }
    }
}

/** A describe call whose "not found" is an answer: undefined. */
async function unlessNotFound<T>(what: string, describe: () => Promise<T>, timing: Timing): Promise<T | undefined> {
    try {
        return await call(what, describe, timing);
    } catch (err) {
        if (isNotFound(err)) {
            return undefined;
        }
        throw err;
    }
}

/** DescribeTrainingPlan, or undefined when no plan has that name. */
export async function describeTrainingPlan(client: SageMakerClient, planName: string, timing: Timing): Promise<DescribeTrainingPlanResponse | undefined> {
    const sdk = sagemakerSdk();
    return unlessNotFound(`training plan ${planName}: DescribeTrainingPlan`,
        () => client.send(new sdk.DescribeTrainingPlanCommand({ TrainingPlanName: planName })), timing);
}

/** DescribeInferenceComponent, or undefined when no component has that name. */
export async function describeInferenceComponent(client: SageMakerClient, name: string, timing: Timing): Promise<DescribeInferenceComponentOutput | undefined> {
    const sdk = sagemakerSdk();
    return unlessNotFound(`inference component ${name}: DescribeInferenceComponent`,
        () => client.send(new sdk.DescribeInferenceComponentCommand({ InferenceComponentName: name })), timing);
}

/** DescribeEndpoint, or undefined when no endpoint has that name. */
export async function describeEndpoint(client: SageMakerClient, name: string, timing: Timing): Promise<DescribeEndpointOutput | undefined> {
    const sdk = sagemakerSdk();
    return unlessNotFound(`endpoint ${name}: DescribeEndpoint`, () => client.send(new sdk.DescribeEndpointCommand({ EndpointName: name })), timing);
}

/** The extension offerings of a bought plan for a length (SearchTrainingPlanOfferings with its ARN and the hours). */
export async function searchExtensionOfferings(
    client: SageMakerClient, planArn: string, durationHours: number, timing: Timing,
): Promise<TrainingPlanExtensionOffering[]> {
    const sdk = sagemakerSdk();
    const answer = await call(`training plan ${planArn}: SearchTrainingPlanOfferings for ${durationHours} h extensions`,
        () => client.send(new sdk.SearchTrainingPlanOfferingsCommand({ TrainingPlanArn: planArn, DurationHours: durationHours })), timing);
    return answer.TrainingPlanExtensionOfferings ?? [];
}

/** Every extension the plan's history shows, all pages. */
export async function extensionHistory(client: SageMakerClient, planArn: string, timing: Timing): Promise<TrainingPlanExtension[]> {
    const sdk = sagemakerSdk();
    const all: TrainingPlanExtension[] = [];
    let token: string | undefined;
    do {
        const page = await call(`training plan ${planArn}: DescribeTrainingPlanExtensionHistory`,
            () => client.send(new sdk.DescribeTrainingPlanExtensionHistoryCommand({ TrainingPlanArn: planArn, NextToken: token })), timing);
        all.push(...(page.TrainingPlanExtensions ?? []));
        token = page.NextToken;
    } while (token);
    return all;
}

/**
 * Polls until `probe` says done, pausing with exponential backoff, for at most `seconds` (the
 * wait timeout unless given). The timeout's message says what was awaited and the last state seen.
 */
export async function waitFor<T>(
    what: string, probe: () => Promise<{ done: boolean; value: T; state: string }>, timing: Timing, seconds = timing.waitTimeoutSeconds,
): Promise<T> {
    const deadline = now() + seconds * 1000;
    let pause = timing.pollInitialSeconds;
    for (;;) {
        const result = await probe();
        if (result.done) {
            return result.value;
        }
        const left = (deadline - now()) / 1000;
        if (left <= 0) {
            throw new Error(`timed out after ${seconds} s waiting for ${what}; last seen: ${result.state}`);
        }
        await sleep(Math.min(pause, left));
        pause = Math.min(pause * 2, timing.pollMaxSeconds);
    }
}
