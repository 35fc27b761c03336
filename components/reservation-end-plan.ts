import { sagemakerName } from "./names";
import { invalid } from "./validate";

/**
 * The notice before a training plan ends, as plain values: when the one-time schedule fires and
 * what it says. An endpoint on `capacity-reservations-only` stops serving when its plan ends.
 */

/** How long before the plan's end the notice goes out. */
export interface NoticeInput {
    /** Hours before the end, above 0 and at most a year. Default 24. */
    hoursBefore?: number;
}

const DEFAULT_NOTICE_HOURS = 24;
const MAX_NOTICE_HOURS = 24 * 365;

/** Checks the notice's settings, with the default filled in. */
export function planNotice(field: string, input: NoticeInput = {}): { hoursBefore: number } {
    const hours = input.hoursBefore ?? DEFAULT_NOTICE_HOURS;
    if (typeof hours !== "number" || !(hours > 0) || hours > MAX_NOTICE_HOURS) {
        throw invalid(`${field}.hoursBefore`, hours, `must be a number of hours above 0 and at most ${MAX_NOTICE_HOURS}`);
    }
    return { hoursBefore: hours };
}

/**
 * EventBridge Scheduler's one-time expression, in UTC, `hours` before `endTime` (ISO-8601), to
 * the second: `at(yyyy-mm-ddThh:mm:ss)`.
 */
export function atExpression(endTime: string, hours: number): string {
    const end = Date.parse(endTime);
    if (Number.isNaN(end)) {
        throw new Error(`the training plan's end time ${JSON.stringify(endTime)} is not a time: no notice can be scheduled`);
    }
    return `at(${new Date(end - hours * 3_600_000).toISOString().slice(0, 19)})`;
}

/** What the notice says: the plan, its end, the endpoints on it, and what to do. */
export function noticeMessage(planArn: string, endTime: string, endpointNames: string[], hoursBefore: number): string {
    const endpoints = endpointNames.length === 0 ? "no endpoint of this stack" : `endpoints ${endpointNames.join(", ")}`;
    return `Training plan ${planArn} ends at ${endTime}, in ${hoursBefore} hours. ${endpoints} run on it with ` +
        "capacity-reservations-only and stop serving when it ends. Extend the plan (an entry added to the TrainingPlan's extensions, " +
        "or ExtendTrainingPlan for a plan bought elsewhere), or move the endpoints to on-demand capacity before then.";
}

/** A schedule name: at most 64 of `[0-9a-zA-Z-_.]`, as sagemakerName keeps them. */
export function noticeScheduleName(base: string): string {
    return sagemakerName(base, "plan-ends");
}
