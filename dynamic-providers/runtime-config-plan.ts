/**
 * The plain part of InferenceComponentRuntimeConfig: input checks, and reading what
 * DescribeInferenceComponent says about the copies.
 */
import type { DescribeInferenceComponentOutput } from "@aws-sdk/client-sagemaker";
import { COPY_COUNT_MAX } from "../core/validate";
import { CheckFailure, holdsUnknown, Timing, timingFailure } from "./sagemaker-ops";

export interface RuntimeConfigInputs {
    inferenceComponentName: string;
    copyCount: number;
    waitForCompletion: boolean;
    region?: string;
    timing?: Partial<Timing>;
}

/** What the service says of a component's copies. */
export interface CopyState {
    arn?: string;
    status: string;
    desiredCopyCount?: number;
    currentCopyCount?: number;
    failureReason?: string;
    /** LastModifiedTime, ISO. */
    lastModified?: string;
}

const NAME = /^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
const NAME_MAX = 63;
/** States in which the service refuses a new runtime config: wait them out. */
export const BUSY_STATUSES = ["Creating", "Updating"];

/** Checks the inputs; every failure names its field. Values not known yet (at preview) are not judged. */
export function checkRuntimeConfigInputs(news: Record<string, unknown>): CheckFailure[] {
    const failures: CheckFailure[] = [];
    const fail = (property: string, reason: string) => {
        if (!holdsUnknown(news[property])) {
            failures.push({ property, reason: `${property}: ${JSON.stringify(news[property])} ${reason}` });
        }
    };
    const { inferenceComponentName: name, copyCount, waitForCompletion } = news;
    if (typeof name !== "string" || name.length > NAME_MAX || !NAME.test(name)) {
        fail("inferenceComponentName", `must be 1 to ${NAME_MAX} characters matching ${NAME}`);
    }
    if (typeof copyCount !== "number" || !Number.isInteger(copyCount) || copyCount < 0 || copyCount > COPY_COUNT_MAX) {
        fail("copyCount", `must be a whole number from 0 to ${COPY_COUNT_MAX}`);
    }
    if (waitForCompletion !== undefined && typeof waitForCompletion !== "boolean") {
        fail("waitForCompletion", "must be true or false");
    }
    const timing = timingFailure(news.timing);
    if (timing !== undefined) {
        fail("timing", timing);
    }
    return failures;
}

/** Inputs with their defaults. */
export function runtimeConfigInputs(props: Record<string, unknown>): RuntimeConfigInputs {
    return {
        inferenceComponentName: props.inferenceComponentName as string,
        copyCount: props.copyCount as number,
        waitForCompletion: (props.waitForCompletion as boolean | undefined) ?? true,
        region: props.region as string | undefined,
        timing: props.timing as Partial<Timing> | undefined,
    };
}

export function copyStateOf(described: DescribeInferenceComponentOutput): CopyState {
    return {
        arn: described.InferenceComponentArn,
        status: described.InferenceComponentStatus ?? "unknown",
        desiredCopyCount: described.RuntimeConfig?.DesiredCopyCount,
        currentCopyCount: described.RuntimeConfig?.CurrentCopyCount,
        failureReason: described.FailureReason,
        lastModified: described.LastModifiedTime?.toISOString(),
    };
}

/** Whether the component serves with exactly the copies asked for. */
export function settled(state: CopyState, copyCount: number): boolean {
    return state.status === "InService" && state.desiredCopyCount === copyCount && state.currentCopyCount === copyCount;
}

export function describeCopies(state: CopyState): string {
    return `${state.status}, ${state.currentCopyCount ?? "?"} of ${state.desiredCopyCount ?? "?"} desired copies`;
}

/**
 * Whether the resource must act: only its own inputs count. The copies auto scaling or a schedule
 * set since, which read reports, never do, so that a deploy does not undo them.
 */
export function runtimeConfigChanged(olds: Record<string, unknown>, news: Record<string, unknown>): string[] {
    // A region given now that equals the one resolved before is no move: compare where it acts.
    const resolved = olds.resolvedRegion as string | undefined;
    const a = { ...runtimeConfigInputs(olds), region: (olds.region as string | undefined) ?? resolved };
    const b = { ...runtimeConfigInputs(news), region: (news.region as string | undefined) ?? resolved };
    return (["inferenceComponentName", "copyCount", "waitForCompletion", "region", "timing"] as const)
        .filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

/**
 * Whether a describe shows that the service has taken the count sent: it is updating, it wants
 * that count, or it was modified after `modifiedBefore` (its LastModifiedTime before the update).
 * A describe that shows none of these may be a stale read from before the update.
 */
export function acknowledged(state: CopyState, copyCount: number, modifiedBefore: string | undefined): boolean {
    return state.status === "Updating" || state.desiredCopyCount === copyCount ||
        (modifiedBefore !== undefined && state.lastModified !== undefined && Date.parse(state.lastModified) > Date.parse(modifiedBefore));
}

/**
 * Whether waiting is over: the component serves exactly the copies asked for, or, once the
 * service has acknowledged the count sent, auto scaling or a schedule has since asked for another
 * count, which is theirs to reach.
 */
export function doneWaiting(state: CopyState, copyCount: number, acknowledgedBefore: boolean): boolean {
    return settled(state, copyCount) || (acknowledgedBefore && state.desiredCopyCount !== undefined && state.desiredCopyCount !== copyCount);
}
