import { Cron, firings, parseCron, timeZone } from "./cron";
import { sagemakerName } from "../../core/names";
import { copyCount, invalid, isoTime, wholeNumber } from "../../core/validate";
import { CheckedValues } from "../../core/checked";

/** Off-hours parking, as plain values: to zero copies at one cron, back to some copies at another. */
export interface OffHoursSchedule {
    /** Time zone the crons are read in: an IANA name (Europe/Berlin), UTC, or UTC+1. */
    timezone: string;
    /** When every component goes to zero copies, e.g. cron(0 18 ? * FRI *). */
    scaleInCron: string;
    /** When every component comes back, e.g. cron(0 7 ? * MON *). */
    scaleOutCron: string;
    /** Copies each component gets back at scaleOutCron, at least 1. */
    scaleOutCopyCount: number;
    /** ISO-8601 time before which the schedules do not fire. */
    startDate?: string;
    /** ISO-8601 time after which the schedules no longer fire. */
    endDate?: string;
}

/** The body Scheduler sends to UpdateInferenceComponentRuntimeConfig. */
export function runtimeConfigInput(inferenceComponentName: string, copyCount: number): string {
    return JSON.stringify({ InferenceComponentName: inferenceComponentName, DesiredRuntimeConfig: { CopyCount: copyCount } });
}

/** One EventBridge Scheduler schedule, less the target's component name and role. */
export interface ScheduleSpec {
    /** "scale-in" or "scale-out": the schedule's part of the logical name. */
    action: "scale-in" | "scale-out";
    name: string;
    scheduleExpression: string;
    scheduleExpressionTimezone: string;
    copyCount: number;
    startDate?: string;
    endDate?: string;
}

function utcTime(field: string, value: unknown): string {
    return new Date(isoTime(field, value)).toISOString().replace(/\.000Z$/, "Z");
}

/** A validated schedule with its crons read. */
export interface CheckedSchedule extends OffHoursSchedule {
    scaleIn: Cron;
    scaleOut: Cron;
}

/**
 * The schedules checkSchedule made. A schedule is checked where it enters (a stack's config, under
 * its config key, or a component's args): handed on to an endpoint and its components, the checked
 * schedule is taken as it is, and only held against each component's own maximum.
 */
const CHECKED = new CheckedValues<CheckedSchedule>();

/**
 * Checks an off-hours schedule once; `maxCopies`, when given, bounds the copies it brings back,
 * since auto scaling would take anything above its maximum back down.
 */
export function checkSchedule(field: string, schedule: OffHoursSchedule, maxCopies?: number): CheckedSchedule {
    const checked = CHECKED.has(schedule) ? schedule : readSchedule(field, schedule);
    if (maxCopies !== undefined && checked.scaleOutCopyCount > maxCopies) {
        throw invalid(`${field}.scaleOutCopyCount`, checked.scaleOutCopyCount,
            `must not exceed the component's maximum of ${maxCopies} copies (auto scaling would take the rest away)`);
    }
    return checked;
}

/** A schedule's fields, checked and read. */
function readSchedule(field: string, schedule: OffHoursSchedule): CheckedSchedule {
    const timezone = timeZone(`${field}.timezone`, schedule.timezone);
    const scaleIn = parseCron(`${field}.scaleInCron`, schedule.scaleInCron);
    const scaleOut = parseCron(`${field}.scaleOutCron`, schedule.scaleOutCron);
    const copies = copyCount(`${field}.scaleOutCopyCount`, schedule.scaleOutCopyCount, 1);
    const startDate = schedule.startDate === undefined ? undefined : utcTime(`${field}.startDate`, schedule.startDate);
    const endDate = schedule.endDate === undefined ? undefined : utcTime(`${field}.endDate`, schedule.endDate);
    if (startDate !== undefined && endDate !== undefined && Date.parse(endDate) <= Date.parse(startDate)) {
        throw invalid(`${field}.endDate`, schedule.endDate, `must be after startDate ${schedule.startDate}`);
    }
    // Its own object, of the schedule's fields alone: keeping it frozen freezes nothing of the caller's.
    return CHECKED.keep({
        timezone, scaleInCron: schedule.scaleInCron, scaleOutCron: schedule.scaleOutCron, scaleOutCopyCount: copies, startDate, endDate, scaleIn, scaleOut,
    });
}

/** The two schedules that park a component and bring it back. */
export function scheduleSpecs(componentName: string, schedule: CheckedSchedule): ScheduleSpec[] {
    const common = {
        scheduleExpressionTimezone: schedule.timezone,
        startDate: schedule.startDate,
        endDate: schedule.endDate,
    };
    return [
        { action: "scale-in", name: sagemakerName(componentName, "scale-in"), scheduleExpression: schedule.scaleIn.expression, copyCount: 0, ...common },
        { action: "scale-out", name: sagemakerName(componentName, "scale-out"), scheduleExpression: schedule.scaleOut.expression, copyCount: schedule.scaleOutCopyCount, ...common },
    ];
}

// ---- What a schedule allows ----

const HOUR_MS = 3600 * 1000;
const WEEK_MS = 168 * HOUR_MS;

export interface WeeklyInstanceHours {
    /** Most hours in any week of the span during which components may hold copies. */
    onHours: number;
    /** onHours times the endpoint's maximum instance count: the most instance-hours a week can bill. */
    scheduledInstanceHours: number;
    /** The same endpoint never parked: 168 hours at its maximum. */
    alwaysOnInstanceHours: number;
    /** Crons that never fire in the span, e.g. a year range already past. */
    neverFires: ("scaleInCron" | "scaleOutCron")[];
}

/**
 * The most instance-hours per week the schedule allows, over `weeks` weeks from `from`: the time
 * between a scale-out and the next scale-in, at the endpoint's maximum instance count. Off-hours
 * count as zero: no copies, so managed instance scaling releases every instance. (A request in
 * off-hours still wakes a component through the scale-out-from-zero alarm; this bound assumes none.)
 * Before the first firing in the span the components are taken to be on, as when just deployed.
 */
export function weeklyInstanceHours(
    schedule: Pick<OffHoursSchedule, "timezone" | "scaleInCron" | "scaleOutCron">, maxInstanceCount: number, from: Date, weeks = 52,
): WeeklyInstanceHours {
    const zone = timeZone("timezone", schedule.timezone);
    const scaleIn = parseCron("scaleInCron", schedule.scaleInCron);
    const scaleOut = parseCron("scaleOutCron", schedule.scaleOutCron);
    const max = wholeNumber("maxInstanceCount", maxInstanceCount, 1);
    const start = from.getTime();
    const end = start + weeks * WEEK_MS;
    // Look back two weeks, so that the state at the start of the span is known.
    const ins = firings(scaleIn, zone, start - 2 * WEEK_MS, end);
    const outs = firings(scaleOut, zone, start - 2 * WEEK_MS, end);
    // Both crons in the same minute have no defined order: scale-out is taken to run last, so
    // that the figure stays the most the schedule allows.
    const events = [...outs.map((t) => ({ t, on: true })), ...ins.map((t) => ({ t, on: false }))]
        .sort((a, b) => a.t - b.t || (a.on === b.on ? 0 : a.on ? 1 : -1));

    let most = 0;
    for (let w = 0; w < weeks; w++) {
        const ws = start + w * WEEK_MS;
        const we = ws + WEEK_MS;
        let on = true;
        let at = ws;
        let hours = 0;
        for (const e of events) {
            if (e.t <= ws) {
                on = e.on;
                continue;
            }
            if (e.t >= we) {
                break;
            }
            if (on) {
                hours += (e.t - at) / HOUR_MS;
            }
            on = e.on;
            at = e.t;
        }
        if (on) {
            hours += (we - at) / HOUR_MS;
        }
        most = Math.max(most, hours);
    }
    const inSpan = (times: number[]) => times.some((t) => t >= start);
    const neverFires = [
        ...(inSpan(ins) ? [] : ["scaleInCron" as const]),
        ...(inSpan(outs) ? [] : ["scaleOutCron" as const]),
    ];
    const onHours = Math.round(most * 100) / 100;
    return { onHours, scheduledInstanceHours: onHours * max, alwaysOnInstanceHours: 168 * max, neverFires };
}
