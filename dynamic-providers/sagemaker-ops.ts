/**
 * The SageMaker operations every dynamic provider here shares: a client built on demand,
 * retries on throttling, look-ups that treat "not found" as an answer, and bounded waits.
 *
 * Only types are imported from the SDK at module level: Pulumi serializes each provider with the
 * functions it reaches, and an SDK object caught in that closure does not serialize
 * (pulumi/pulumi#13960, #18977). The SDK itself is loaded inside the calls.
 */
import type { DescribeInferenceComponentOutput, DescribeTrainingPlanResponse, SageMakerClient } from "@aws-sdk/client-sagemaker";

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
}

export const DEFAULT_TIMING: Timing = {
    waitTimeoutSeconds: 1800,
    pollInitialSeconds: 5,
    pollMaxSeconds: 60,
    retryBaseSeconds: 0.5,
    maxRetries: 8,
};

export const TIMING_RULE = "must hold positive numbers of seconds (waitTimeoutSeconds, pollInitialSeconds, pollMaxSeconds, retryBaseSeconds) and a whole maxRetries of at least 0";

/** Whether a `timing` input, if given, holds only settings `Timing` can use. */
export function isTiming(timing: unknown): boolean {
    if (timing === undefined) {
        return true;
    }
    const entries = typeof timing === "object" && timing !== null ? Object.entries(timing) : [["", timing]];
    return entries.every(([k, v]) => typeof v === "number" && (k === "maxRetries" ? Number.isInteger(v) && v >= 0 : v > 0));
}

/** A provider check's complaint about one input. */
export interface CheckFailure {
    property: string;
    reason: string;
}

export function timingOf(given?: Partial<Timing>): Timing {
    return { ...DEFAULT_TIMING, ...given };
}

/**
 * A SageMaker client from the standard SDK configuration: region (given, or AWS_REGION and the
 * shared config), the credentials chain, and AWS_ENDPOINT_URL_SAGEMAKER. The SDK's own retries are
 * off: `call` retries, so that waits stay bounded and every attempt is counted once.
 */
export async function sagemakerClient(region?: string): Promise<SageMakerClient> {
    const sdk = await import("@aws-sdk/client-sagemaker");
    return new sdk.SageMakerClient({ region, maxAttempts: 1 });
}

interface AwsError {
    name?: string;
    $fault?: string;
    $metadata?: { httpStatusCode?: number };
}

// An array, not a Set: closure serialization turns a captured Set into a plain object.
const THROTTLING = [
    "ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded", "ProvisionedThroughputExceededException",
];

export function isThrottling(err: unknown): boolean {
    return THROTTLING.includes((err as AwsError)?.name ?? "");
}

/** A server fault or a lost connection: the request may or may not have been carried out. */
export function isTransient(err: unknown): boolean {
    const e = err as AwsError;
    const status = e?.$metadata?.httpStatusCode;
    return e?.$fault === "server" || (status !== undefined && status >= 500) || (status === undefined && !isThrottling(err));
}

export function isNotFound(err: unknown): boolean {
    const name = (err as AwsError)?.name ?? "";
    return name === "ResourceNotFound" || name === "ResourceNotFoundException"
        // DescribeInferenceComponent says "Could not find inference component".
        || (name === "ValidationException" && /not (be )?found|does not exist|could not find/i.test(String((err as Error).message)));
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

export function sleep(seconds: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, seconds * 1000));
}

/**
 * Runs one API call, retrying throttling with exponential backoff. Transient failures are retried
 * too when `retryTransient`: never for a purchase, whose outcome a lost answer leaves unknown.
 */
export async function call<T>(fn: () => Promise<T>, timing: Timing, retryTransient = true): Promise<T> {
    for (let attempt = 0; ; attempt++) {
        try {
            return await fn();
        } catch (err) {
            const retryable = isThrottling(err) || (retryTransient && isTransient(err));
            if (!retryable || attempt >= timing.maxRetries) {
                throw err;
            }
            await sleep(Math.min(timing.retryBaseSeconds * 2 ** attempt, timing.pollMaxSeconds));
        }
    }
}

/** DescribeTrainingPlan, or undefined when no plan has that name. */
/** A describe call whose "not found" is an answer: undefined. */
async function unlessNotFound<T>(describe: () => Promise<T>, timing: Timing): Promise<T | undefined> {
    try {
        return await call(describe, timing);
    } catch (err) {
        if (isNotFound(err)) {
            return undefined;
        }
        throw err;
    }
}

export async function describeTrainingPlan(client: SageMakerClient, planName: string, timing: Timing): Promise<DescribeTrainingPlanResponse | undefined> {
    const sdk = await import("@aws-sdk/client-sagemaker");
    return unlessNotFound(() => client.send(new sdk.DescribeTrainingPlanCommand({ TrainingPlanName: planName })), timing);
}

/** DescribeInferenceComponent, or undefined when no component has that name. */
export async function describeInferenceComponent(client: SageMakerClient, name: string, timing: Timing): Promise<DescribeInferenceComponentOutput | undefined> {
    const sdk = await import("@aws-sdk/client-sagemaker");
    return unlessNotFound(() => client.send(new sdk.DescribeInferenceComponentCommand({ InferenceComponentName: name })), timing);
}

/**
 * Polls until `probe` says done, pausing with exponential backoff, for at most the wait timeout.
 * The timeout's message says what was awaited and the last state seen.
 */
export async function waitFor<T>(what: string, probe: () => Promise<{ done: boolean; value: T; state: string }>, timing: Timing): Promise<T> {
    const deadline = Date.now() + timing.waitTimeoutSeconds * 1000;
    let pause = timing.pollInitialSeconds;
    for (;;) {
        const result = await probe();
        if (result.done) {
            return result.value;
        }
        const left = (deadline - Date.now()) / 1000;
        if (left <= 0) {
            throw new Error(`timed out after ${timing.waitTimeoutSeconds} s waiting for ${what}; last seen: ${result.state}`);
        }
        await sleep(Math.min(pause, left));
        pause = Math.min(pause * 2, timing.pollMaxSeconds);
    }
}
