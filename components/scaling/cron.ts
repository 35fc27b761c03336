import { invalid } from "../../core/validate";

/**
 * EventBridge Scheduler cron expressions, `cron(minutes hours day-of-month month day-of-week year)`,
 * read into plain matchers, and the instants they fire at in a time zone. Scheduler rejects a bad
 * expression only when the schedule is created; these checks fail before anything is deployed.
 */

/** A parsed cron expression: which local minutes, hours, days, months and years it fires in. */
export interface Cron {
    expression: string;
    minutes: boolean[];
    hours: boolean[];
    months: boolean[];
    years: boolean[];
    days: DayRule;
}

/** Day-of-month or day-of-week, whichever the expression sets (the other is `?`). */
export type DayRule =
    | { kind: "month"; days: boolean[]; last: boolean; lastWeekday: boolean; nearestWeekday: number[] }
    | { kind: "week"; weekdays: boolean[]; nth: [number, number][]; lastOf: number[] };

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const YEAR_MIN = 1970;
const YEAR_MAX = 2199;

interface FieldSpec {
    name: string;
    min: number;
    max: number;
    names?: string[];
}

const FIELDS: Record<"minutes" | "hours" | "dayOfMonth" | "month" | "dayOfWeek" | "year", FieldSpec> = {
    minutes: { name: "minutes", min: 0, max: 59 },
    hours: { name: "hours", min: 0, max: 23 },
    dayOfMonth: { name: "day-of-month", min: 1, max: 31 },
    month: { name: "month", min: 1, max: 12, names: MONTHS },
    dayOfWeek: { name: "day-of-week", min: 1, max: 7, names: WEEKDAYS },
    year: { name: "year", min: YEAR_MIN, max: YEAR_MAX },
};

class CronError extends Error {}

function fail(spec: FieldSpec, item: string, rule: string): never {
    throw new CronError(`${spec.name} "${item}" ${rule}`);
}

function value(spec: FieldSpec, text: string, item: string): number {
    const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
    const n = named >= 0 ? named + spec.min : /^\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isInteger(n) || n < spec.min || n > spec.max) {
        fail(spec, item, `is not a value from ${spec.min} to ${spec.max}${spec.names ? ` or ${spec.names[0]}-${spec.names[spec.names.length - 1]}` : ""}`);
    }
    return n;
}

/** `*`, `a`, `a-b`, with an optional `/step`, in a comma-separated list. */
function numbers(spec: FieldSpec, field: string, allowed = new Array<boolean>(spec.max + 1).fill(false)): boolean[] {
    for (const item of field.split(",")) {
        const [range, stepText, extra] = item.split("/");
        if (extra !== undefined || range === "") {
            fail(spec, item, "is not a value, a range a-b, or either with /step");
        }
        const step = stepText === undefined ? 1 : /^\d+$/.test(stepText) && Number(stepText) > 0 ? Number(stepText) : fail(spec, item, "has a step that is not a whole number above 0");
        let from: number;
        let to: number;
        if (range === "*") {
            [from, to] = [spec.min, spec.max];
        } else if (range.includes("-")) {
            const [a, b, extraBound] = range.split("-");
            if (extraBound !== undefined) {
                fail(spec, item, "is not a range a-b");
            }
            [from, to] = [value(spec, a, item), value(spec, b, item)];
            if (from > to) {
                fail(spec, item, "is a range whose start is after its end");
            }
        } else {
            from = value(spec, range, item);
            to = stepText === undefined ? from : spec.max;
        }
        for (let n = from; n <= to; n += step) {
            allowed[n] = true;
        }
    }
    return allowed;
}

function dayOfMonth(field: string): DayRule {
    const spec = FIELDS.dayOfMonth;
    const rule = { kind: "month" as const, days: new Array<boolean>(32).fill(false), last: false, lastWeekday: false, nearestWeekday: [] as number[] };
    for (const item of field.split(",")) {
        if (item === "L") {
            rule.last = true;
        } else if (item === "LW") {
            rule.lastWeekday = true;
        } else if (/^\d+W$/.test(item)) {
            rule.nearestWeekday.push(value(spec, item.slice(0, -1), item));
        } else if (/[LW]/.test(item)) {
            fail(spec, item, "uses L or W other than as L, LW or <day>W");
        } else {
            numbers(spec, item, rule.days);
        }
    }
    return rule;
}

function dayOfWeek(field: string): DayRule {
    const spec = FIELDS.dayOfWeek;
    const rule = { kind: "week" as const, weekdays: new Array<boolean>(8).fill(false), nth: [] as [number, number][], lastOf: [] as number[] };
    for (const item of field.split(",")) {
        if (item === "L") {
            rule.weekdays[7] = true; // L alone is the last day of the week, Saturday.
        } else if (/^\w+L$/.test(item)) {
            rule.lastOf.push(value(spec, item.slice(0, -1), item));
        } else if (item.includes("#")) {
            const [day, nth, extra] = item.split("#");
            if (extra !== undefined || !/^[1-5]$/.test(nth)) {
                fail(spec, item, "must name the 1st to 5th weekday of the month after #");
            }
            rule.nth.push([value(spec, day, item), Number(nth)]);
        } else {
            numbers(spec, item, rule.weekdays);
        }
    }
    return rule;
}

const CRON = /^cron\((.*)\)$/;

/**
 * Reads an EventBridge Scheduler cron expression; the error names the field, the expression and
 * the part of it that is wrong.
 */
export function parseCron(field: string, expression: unknown): Cron {
    const match = typeof expression === "string" ? CRON.exec(expression.trim()) : null;
    const parts = match ? match[1].trim().split(/\s+/) : [];
    if (parts.length !== 6) {
        throw invalid(field, expression, "must be cron(minutes hours day-of-month month day-of-week year), e.g. cron(0 18 ? * FRI *)");
    }
    const [minutes, hours, dom, month, dow, year] = parts;
    try {
        if ((dom === "?") === (dow === "?")) {
            throw new CronError(`day-of-month "${dom}" and day-of-week "${dow}": exactly one of the two must be ?`);
        }
        for (const [spec, text] of [[FIELDS.minutes, minutes], [FIELDS.hours, hours], [FIELDS.month, month], [FIELDS.year, year]] as const) {
            if (text === "?") {
                fail(spec, text, "may not be ?: only day-of-month or day-of-week may");
            }
        }
        return {
            expression: (expression as string).trim(),
            minutes: numbers(FIELDS.minutes, minutes),
            hours: numbers(FIELDS.hours, hours),
            months: numbers(FIELDS.month, month),
            years: numbers(FIELDS.year, year),
            days: dom === "?" ? dayOfWeek(dow) : dayOfMonth(dom),
        };
    } catch (err) {
        if (err instanceof CronError) {
            throw invalid(field, expression, `is not a valid cron expression: ${err.message}`);
        }
        throw err;
    }
}

function daysInMonth(year: number, month: number): number {
    return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Day of week, 1 (Sunday) to 7 (Saturday), as cron counts. */
function weekday(year: number, month: number, day: number): number {
    return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
}

function isWeekday(year: number, month: number, day: number): boolean {
    const d = weekday(year, month, day);
    return d >= 2 && d <= 6;
}

/** The weekday nearest a day of the month, never crossing into another month (cron's W). */
function nearestWeekday(year: number, month: number, day: number): number {
    const last = daysInMonth(year, month);
    const d = Math.min(day, last);
    const w = weekday(year, month, d);
    if (w === 7) {
        return d === 1 ? 3 : d - 1;
    }
    if (w === 1) {
        return d === last ? d - 2 : d + 1;
    }
    return d;
}

/** Whether a cron fires on a local date. */
export function firesOn(cron: Cron, year: number, month: number, day: number): boolean {
    if (!cron.years[year] || !cron.months[month]) {
        return false;
    }
    const rule = cron.days;
    const last = daysInMonth(year, month);
    if (rule.kind === "month") {
        if (rule.days[day] || (rule.last && day === last)) {
            return true;
        }
        if (rule.lastWeekday) {
            let d = last;
            while (!isWeekday(year, month, d)) {
                d--;
            }
            if (d === day) {
                return true;
            }
        }
        return rule.nearestWeekday.some((n) => nearestWeekday(year, month, n) === day);
    }
    const w = weekday(year, month, day);
    return rule.weekdays[w]
        || rule.nth.some(([d, n]) => d === w && Math.ceil(day / 7) === n)
        || rule.lastOf.some((d) => d === w && day + 7 > last);
}

// ---- Time zones ----

const OFFSET_ZONE = /^(?:UTC|GMT)([+-])(\d{1,2})(?::?(\d{2}))?$/;

/**
 * A time zone Scheduler accepts: an IANA name such as Europe/Berlin, UTC, or a fixed offset
 * written UTC+1 / UTC-05:30 as in AWS's scale-to-zero walkthrough.
 */
export function timeZone(field: string, zone: unknown): string {
    if (typeof zone === "string") {
        const offset = OFFSET_ZONE.exec(zone);
        if (offset && Number(offset[2]) <= 14 && Number(offset[3] ?? 0) < 60) {
            return zone;
        }
        try {
            const resolved = new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
            // Intl ignores case; Scheduler does not.
            if (resolved.toLowerCase() !== zone.toLowerCase() || resolved === zone) {
                return zone;
            }
        } catch {
            // Unknown to the time-zone database: refused below.
        }
    }
    throw invalid(field, zone, "is not a known time zone (an IANA name such as Europe/Berlin or America/New_York, UTC, or UTC+1)");
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes the zone is ahead of UTC at an instant. */
function offsetMinutes(zone: string, instant: number): number {
    const fixed = OFFSET_ZONE.exec(zone);
    if (fixed) {
        return (fixed[1] === "-" ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3] ?? 0));
    }
    let format = formatters.get(zone);
    if (!format) {
        format = new Intl.DateTimeFormat("en-US", {
            timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric",
        });
        formatters.set(zone, format);
    }
    const p = Object.fromEntries(format.formatToParts(new Date(instant)).map((x) => [x.type, Number(x.value)]));
    const local = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
    return Math.round((local - Math.floor(instant / 60000) * 60000) / 60000);
}

/** The instant of a local wall-clock time in a zone. */
export function zonedInstant(zone: string, year: number, month: number, day: number, hour: number, minute: number): number {
    const wall = Date.UTC(year, month - 1, day, hour, minute);
    const guess = wall - offsetMinutes(zone, wall) * 60000;
    return wall - offsetMinutes(zone, guess) * 60000;
}

/** The local calendar date of an instant in a zone. */
function localDate(zone: string, instant: number): { year: number; month: number; day: number } {
    const d = new Date(instant + offsetMinutes(zone, instant) * 60000);
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const DAY_MS = 24 * 3600 * 1000;

/** Every instant in [from, to) at which the cron fires, in the zone, in order. */
export function firings(cron: Cron, zone: string, from: number, to: number): number[] {
    const times: number[] = [];
    const start = localDate(zone, from - DAY_MS);
    for (let date = Date.UTC(start.year, start.month - 1, start.day); date < to + 2 * DAY_MS; date += DAY_MS) {
        const d = new Date(date);
        const [year, month, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
        if (!firesOn(cron, year, month, day)) {
            continue;
        }
        cron.hours.forEach((h, hour) => {
            cron.minutes.forEach((m, minute) => {
                if (h && m) {
                    const t = zonedInstant(zone, year, month, day, hour, minute);
                    if (t >= from && t < to) {
                        times.push(t);
                    }
                }
            });
        });
    }
    return times.sort((a, b) => a - b);
}
