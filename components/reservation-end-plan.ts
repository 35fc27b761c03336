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

export const DEFAULT_NOTICE_HOURS = 24;
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

/** When, before the plan's end, the endpoints move to on-demand capacity. */
export interface SwitchInput {
    /** Minutes before the end, at least 1 and at most a week. */
    minutesBefore?: number;
}

const MAX_SWITCH_MINUTES = 7 * 24 * 60;

/** Checks the switch's settings: minutesBefore is required, 1 to a week. */
export function planSwitch(field: string, input: SwitchInput): { minutesBefore: number } {
    const minutes = input.minutesBefore;
    if (typeof minutes !== "number" || !Number.isInteger(minutes) || minutes < 1 || minutes > MAX_SWITCH_MINUTES) {
        throw invalid(`${field}.minutesBefore`, minutes ?? null, `must be a whole number of minutes from 1 to ${MAX_SWITCH_MINUTES}`);
    }
    return { minutesBefore: minutes };
}

/** Scheduler's universal target for SageMaker's UpdateEndpoint. */
export function updateEndpointTargetArn(partition: string): string {
    return `arn:${partition}:scheduler:::aws-sdk:sagemaker:updateEndpoint`;
}

/**
 * The body Scheduler sends to UpdateEndpoint: the endpoint onto its on-demand config, keeping
 * what auto scaling set when it is auto scaled.
 */
export function switchInput(endpointName: string, onDemandConfigName: string, retainAllVariantProperties: boolean): string {
    return JSON.stringify({ EndpointName: endpointName, EndpointConfigName: onDemandConfigName, RetainAllVariantProperties: retainAllVariantProperties });
}

/** The switch's role: UpdateEndpoint on that endpoint and that config, nothing else. */
export function switchPolicy(endpointArn: string, onDemandConfigArn: string): object {
    return {
        Version: "2012-10-17",
        Statement: [{ Sid: "MoveTheEndpointToOnDemand", Effect: "Allow", Action: ["sagemaker:UpdateEndpoint"], Resource: [endpointArn, onDemandConfigArn] }],
    };
}
