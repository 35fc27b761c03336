import { planEnded, PlanState } from "../../dynamic-providers/training-plan-plan";
import { sagemakerName } from "../../core/names";
import { invalid } from "../../core/validate";
import { PolicyDocument } from "../../core/service-access";
import { volumeKeyStatements } from "../../core/kms-plan";

/**
 * The end of a training plan, as plain values: when the notice goes out and what it says; when an
 * endpoint moves to on-demand capacity and the role allowed to move it (the request itself is an
 * endpoint update's). An endpoint on `capacity-reservations-only` stops serving when its plan ends.
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

/** A one-time schedule as EventBridge Scheduler gets it. */
export interface OneTimeSchedule {
    scheduleExpression: string;
    state: "ENABLED" | "DISABLED";
}

/**
 * What stands in for a one-time schedule whose time came before the deploy. Scheduler's API model
 * defines a one-time schedule as invoking its target once "at the time ... that you specify" and
 * says nothing of a time already past, so none is sent: the schedule is disabled, with a rate
 * expression that is never in the past (a disabled schedule invokes nothing). Stable across
 * deploys, unlike any time computed from the deploy's own clock.
 */
export const PASSED_ONE_TIME: OneTimeSchedule = { scheduleExpression: "rate(365 days)", state: "DISABLED" };

/** A one-time schedule at `at` (at(...), UTC), or PASSED_ONE_TIME when its time has come at `now` (ms) or it is not wanted any more. */
export function oneTimeSchedule(at: string, now: number, done = false): OneTimeSchedule {
    return done || Date.parse(`${at.slice(3, -1)}Z`) <= now ? PASSED_ONE_TIME : { scheduleExpression: at, state: "ENABLED" };
}

/**
 * What the notice says: the plan, its end, the endpoints on it, and what to do; with a switch
 * configured, when the endpoints move to on-demand capacity.
 */
export function noticeMessage(planArn: string, endTime: string, endpointNames: string[], hoursBefore: number, switchMinutesBefore?: number): string {
    const endpoints = endpointNames.length === 0 ? "no endpoint of this stack" : `endpoints ${endpointNames.join(", ")}`;
    const then = switchMinutesBefore === undefined
        ? "stop serving when it ends. Extend the plan (an entry added to the TrainingPlan's extensions, or ExtendTrainingPlan for a plan bought elsewhere), " +
            "or move the endpoints to on-demand capacity before then."
        : `move to on-demand capacity ${switchMinutesBefore} minutes before it ends, and are billed on demand from then on. ` +
            "To keep them on reserved capacity, extend the plan (an entry added to the TrainingPlan's extensions, or ExtendTrainingPlan " +
            "for a plan bought elsewhere) and deploy before then.";
    return `Training plan ${planArn} ends at ${endTime}, in ${hoursBefore} hours. ${endpoints} run on it with capacity-reservations-only and ${then}`;
}

/** A schedule name: at most 64 of `[0-9a-zA-Z-_.]`, as sagemakerName keeps them. */
export function noticeScheduleName(base: string): string {
    return sagemakerName(base, "plan-ends");
}

/** When an endpoint moves to on-demand capacity. */
export interface SwitchToOnDemand {
    /** Minutes before the plan's end, 1 to 10080 (a week). Long enough for on-demand instances to start and load the model. */
    minutesBefore: number;
}

const MAX_SWITCH_MINUTES = 7 * 24 * 60;

/** Checks the switch's settings: minutesBefore is required, 1 to a week. */
export function planSwitch(field: string, input: Partial<SwitchToOnDemand>): SwitchToOnDemand {
    const minutes = input.minutesBefore;
    if (typeof minutes !== "number" || !Number.isInteger(minutes) || minutes < 1 || minutes > MAX_SWITCH_MINUTES) {
        throw invalid(`${field}.minutesBefore`, minutes ?? null, `must be a whole number of minutes from 1 to ${MAX_SWITCH_MINUTES}`);
    }
    return { minutesBefore: minutes };
}

/**
 * The switch's role: UpdateEndpoint on that endpoint and that config, nothing else; and, when the
 * config encrypts its volumes with a KMS key, what the caller of UpdateEndpoint needs on that key.
 */
export function switchPolicy(endpointArn: string, onDemandConfigArn: string, volumeKeyArn?: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "MoveTheEndpointToOnDemand", Effect: "Allow", Action: ["sagemaker:UpdateEndpoint"], Resource: [endpointArn, onDemandConfigArn] },
            ...(volumeKeyArn === undefined ? [] : volumeKeyStatements(volumeKeyArn)),
        ],
    };
}

/** The switch's schedule name, as noticeScheduleName makes the notice's. */
export function switchScheduleName(base: string): string {
    return sagemakerName(base, "to-on-demand");
}

/**
 * Whether an endpoint that switches `minutesBefore` the plan's end runs on demand at `now`: once
 * the switch's time has come (the schedule has fired, or is about to), a deploy must not move it
 * back onto a plan that is ending or over. A plan extended since then is running again.
 */
export function onDemandAfterSwitch(plan: PlanState, minutesBefore: number, now: number): boolean {
    if (Number.isNaN(Date.parse(plan.endTime))) {
        throw new Error(`the training plan's end time ${JSON.stringify(plan.endTime)} is not a time: the switch to on-demand cannot be planned`);
    }
    return planEnded(plan, now) || Date.parse(plan.endTime) - minutesBefore * 60_000 <= now;
}
