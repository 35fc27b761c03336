import * as assert from "assert";
import { firesOn, firings, parseCron, timeZone, zonedInstant } from "../../components/scaling/cron";
import { checkSchedule, runtimeConfigInput, scheduleSpecs, weeklyInstanceHours } from "../../components/scaling/schedule-plan";

const SEED = { timezone: "Europe/Berlin", scaleInCron: "cron(0 18 ? * FRI *)", scaleOutCron: "cron(0 7 ? * MON *)", scaleOutCopyCount: 2 };
const iso = (times: number[]) => times.map((t) => new Date(t).toISOString());

describe("cron expressions", () => {
    it("reads the seed's crons, with day numbers and names alike (1 = Sunday)", () => {
        const byNumber = parseCron("c", "cron(00 18 ? * 6 2024-2025)");
        const byName = parseCron("c", "cron(0 18 ? * FRI 2024-2025)");
        for (const cron of [byNumber, byName]) {
            assert.strictEqual(firesOn(cron, 2024, 11, 29), true, "Friday 29 November 2024");
            assert.strictEqual(firesOn(cron, 2024, 11, 28), false, "a Thursday");
            assert.strictEqual(firesOn(cron, 2026, 11, 27), false, "a Friday after the year range");
        }
        assert.deepStrictEqual(byNumber.hours.flatMap((on, h) => (on ? [h] : [])), [18]);
        assert.deepStrictEqual(byNumber.minutes.flatMap((on, m) => (on ? [m] : [])), [0]);
    });

    it("reads lists, ranges and steps", () => {
        const cron = parseCron("c", "cron(0/15 7-9,18 ? JAN-MAR MON-FRI *)");
        assert.deepStrictEqual(cron.minutes.flatMap((on, m) => (on ? [m] : [])), [0, 15, 30, 45]);
        assert.deepStrictEqual(cron.hours.flatMap((on, h) => (on ? [h] : [])), [7, 8, 9, 18]);
        assert.strictEqual(firesOn(cron, 2027, 3, 31), true, "Wednesday 31 March");
        assert.strictEqual(firesOn(cron, 2027, 4, 1), false, "April");
        assert.strictEqual(firesOn(cron, 2027, 3, 28), false, "a Sunday");
    });

    it("reads L, W and # as EventBridge does", () => {
        const lastDay = parseCron("c", "cron(0 0 L * ? *)");
        assert.strictEqual(firesOn(lastDay, 2028, 2, 29), true);
        assert.strictEqual(firesOn(lastDay, 2028, 2, 28), false);
        const thirdFriday = parseCron("c", "cron(0 0 ? * 6#3 *)");
        assert.deepStrictEqual([14, 21, 28].map((d) => firesOn(thirdFriday, 2026, 8, d)), [false, true, false]);
        const lastFriday = parseCron("c", "cron(0 0 ? * 6L *)");
        assert.deepStrictEqual([21, 28].map((d) => firesOn(lastFriday, 2026, 8, d)), [false, true]);
        // 1 August 2026 is a Saturday: the nearest weekday within the month is Monday the 3rd.
        const nearFirst = parseCron("c", "cron(0 0 1W * ? *)");
        assert.deepStrictEqual([1, 3].map((d) => firesOn(nearFirst, 2026, 8, d)), [false, true]);
        const lastWeekday = parseCron("c", "cron(0 0 LW * ? *)");
        assert.deepStrictEqual([29, 31].map((d) => firesOn(lastWeekday, 2026, 5, d)), [true, false]);
    });

    const malformed: [string, unknown, RegExp][] = [
        ["not cron()", "0 18 ? * FRI *", /must be cron\(minutes hours day-of-month month day-of-week year\)/],
        ["five fields", "cron(0 18 ? * FRI)", /must be cron\(/],
        ["not a string", 42, /must be cron\(/],
        ["hour 24", "cron(0 24 ? * FRI *)", /hours "24" is not a value from 0 to 23/],
        ["minute 60", "cron(60 18 ? * FRI *)", /minutes "60" is not a value from 0 to 59/],
        ["both days set", "cron(0 18 * * FRI *)", /exactly one of the two must be \?/],
        ["neither day set", "cron(0 18 ? * ? *)", /exactly one of the two must be \?/],
        ["unknown weekday", "cron(0 18 ? * FRY *)", /day-of-week "FRY" is not a value from 1 to 7 or SUN-SAT/],
        ["month 13", "cron(0 18 ? 13 FRI *)", /month "13" is not a value from 1 to 12/],
        ["reversed range", "cron(0 18-7 ? * FRI *)", /hours "18-7" is a range whose start is after its end/],
        ["zero step", "cron(0/0 18 ? * FRI *)", /has a step that is not a whole number above 0/],
        ["year out of range", "cron(0 18 ? * FRI 2200)", /year "2200" is not a value from 1970 to 2199/],
        ["? in hours", "cron(0 ? ? * FRI *)", /hours "\?" may not be \?/],
        ["sixth weekday", "cron(0 18 ? * 6#6 *)", /1st to 5th weekday/],
        ["two #", "cron(0 18 ? * FRI#2#3 *)", /1st to 5th weekday/],
        ["a range of three", "cron(0 18 ? * 1-2-3 *)", /day-of-week "1-2-3" is not a range a-b/],
    ];
    for (const [what, expression, message] of malformed) {
        it(`refuses ${what}, naming the field and the expression`, () => {
            assert.throws(() => parseCron("schedule.scaleInCron", expression), (err: Error) => {
                assert.match(err.message, /^schedule\.scaleInCron: /);
                assert.ok(err.message.includes(JSON.stringify(expression)), err.message);
                assert.match(err.message, message);
                return true;
            });
        });
    }
});

describe("time zones", () => {
    it("accepts IANA names, UTC and the seed's UTC+1", () => {
        for (const zone of ["Europe/Berlin", "America/New_York", "UTC", "UTC+1", "UTC-05:30"]) {
            assert.strictEqual(timeZone("tz", zone), zone);
        }
    });

    for (const zone of ["Mars/Olympus_Mons", "europe/berlin", "Berlin", "UTC+15", "", 1]) {
        it(`refuses ${JSON.stringify(zone)}, naming the field`, () => {
            assert.throws(() => timeZone("schedule.timezone", zone), /^Error: schedule\.timezone: .* is not a known time zone/);
        });
    }

    it("places wall-clock times across daylight saving changes", () => {
        assert.strictEqual(new Date(zonedInstant("Europe/Berlin", 2026, 1, 9, 18, 0)).toISOString(), "2026-01-09T17:00:00.000Z");
        assert.strictEqual(new Date(zonedInstant("Europe/Berlin", 2026, 7, 10, 18, 0)).toISOString(), "2026-07-10T16:00:00.000Z");
        assert.strictEqual(new Date(zonedInstant("UTC+1", 2026, 7, 10, 18, 0)).toISOString(), "2026-07-10T17:00:00.000Z");
    });

    it("lists the instants a cron fires at, in the zone", () => {
        const friday = parseCron("c", SEED.scaleInCron);
        // Berlin moves to summer time on 29 March 2026.
        assert.deepStrictEqual(iso(firings(friday, "Europe/Berlin", Date.parse("2026-03-20T00:00:00Z"), Date.parse("2026-04-04T00:00:00Z"))),
            ["2026-03-20T17:00:00.000Z", "2026-03-27T17:00:00.000Z", "2026-04-03T16:00:00.000Z"]);
    });
});

describe("off-hours schedules", () => {
    it("builds the seed's two schedules: to zero on Friday evening, back to two copies on Monday morning", () => {
        const specs = scheduleSpecs("llama3-8b", checkSchedule("schedule", SEED));
        assert.deepStrictEqual(specs, [
            { action: "scale-in", name: "llama3-8b-scale-in", scheduleExpression: "cron(0 18 ? * FRI *)", scheduleExpressionTimezone: "Europe/Berlin", copyCount: 0, startDate: undefined, endDate: undefined },
            { action: "scale-out", name: "llama3-8b-scale-out", scheduleExpression: "cron(0 7 ? * MON *)", scheduleExpressionTimezone: "Europe/Berlin", copyCount: 2, startDate: undefined, endDate: undefined },
        ]);
        assert.deepStrictEqual(JSON.parse(runtimeConfigInput("llama3-8b", 0)), { InferenceComponentName: "llama3-8b", DesiredRuntimeConfig: { CopyCount: 0 } });
    });

    it("keeps start and end dates, written one way", () => {
        const checked = checkSchedule("s", { ...SEED, startDate: "2026-11-29T00:00:00+01:00", endDate: "2027-12-31T23:59:59Z" });
        assert.deepStrictEqual([checked.startDate, checked.endDate], ["2026-11-28T23:00:00Z", "2027-12-31T23:59:59Z"]);
    });

    it("takes a schedule it checked as it is, holding it only against each component's maximum, and keeps it from changing", () => {
        // As a stack hands its config's schedule, checked under the config key, to an endpoint and its components.
        const given = { ...SEED };
        const checked = checkSchedule("sagemaker-inference:schedule", given, 2);
        given.scaleOutCopyCount = 3;
        assert.strictEqual(checked.scaleOutCopyCount, 2, "the caller's object stays its own, and unfrozen");
        assert.strictEqual(checkSchedule("endpoint.schedule", checked), checked);
        assert.strictEqual(checkSchedule("component.schedule", checked, 2), checked);
        assert.throws(() => checkSchedule("component.schedule", checked, 1),
            { message: /^component\.schedule\.scaleOutCopyCount: 2 must not exceed the component's maximum of 1 copies/ });
        assert.throws(() => { (checked as { scaleOutCopyCount: number }).scaleOutCopyCount = 0; }, TypeError);
        // A copy is a schedule of its own, checked again.
        assert.throws(() => checkSchedule("s", { ...checked, scaleOutCopyCount: 0 }), { message: /^s\.scaleOutCopyCount: 0 must be a whole number/ });
    });

    const bad: [string, Record<string, unknown>, number | undefined, RegExp][] = [
        ["unknown time zone", { timezone: "Europe/Atlantis" }, undefined, /^s\.timezone: "Europe\/Atlantis" is not a known time zone/],
        ["malformed scale-in cron", { scaleInCron: "every friday" }, undefined, /^s\.scaleInCron: "every friday" must be cron\(/],
        ["malformed scale-out cron", { scaleOutCron: "cron(0 7 ? * MONDAY *)" }, undefined, /^s\.scaleOutCron: .* day-of-week "MONDAY"/],
        ["copy count below 1", { scaleOutCopyCount: 0 }, undefined, /^s\.scaleOutCopyCount: 0 must be a whole number from 1 to 2147483647/],
        ["copy count above the maximum", { scaleOutCopyCount: 3 }, 2, /^s\.scaleOutCopyCount: 3 must not exceed the component's maximum of 2 copies/],
        ["end before start", { startDate: "2027-01-01T00:00:00Z", endDate: "2026-01-01T00:00:00Z" }, undefined, /^s\.endDate: .* must be after startDate/],
        ["date without a zone", { startDate: "2026-11-29T00:00:00" }, undefined, /^s\.startDate: .* must be an ISO-8601 time with a zone/],
    ];
    for (const [what, change, max, message] of bad) {
        it(`refuses ${what}, naming the field`, () => {
            assert.throws(() => checkSchedule("s", { ...SEED, ...change } as typeof SEED, max), (err: Error) => {
                assert.match(err.message, message);
                return true;
            });
        });
    }
});

describe("instance-hours a schedule allows", () => {
    const from = new Date("2026-01-05T00:00:00Z");

    it("the seed's weekend parking: Monday 07:00 to Friday 18:00 is 107 hours on, in any week of the year", () => {
        const h = weeklyInstanceHours(SEED, 2, from);
        assert.deepStrictEqual(h, { onHours: 107, scheduledInstanceHours: 214, alwaysOnInstanceHours: 336, neverFires: [] });
    });

    it("weekday office hours: 12 hours a day, five days", () => {
        const h = weeklyInstanceHours({ timezone: "UTC", scaleInCron: "cron(0 19 ? * MON-FRI *)", scaleOutCron: "cron(0 7 ? * MON-FRI *)" }, 1, from);
        assert.strictEqual(h.onHours, 60);
        assert.strictEqual(h.scheduledInstanceHours, 60);
    });

    it("counts the most: a week whose on-hours span the autumn clock change has one hour more", () => {
        // On from Saturday noon to Sunday noon in New York: the night of 1 November 2026 has 25 hours.
        const schedule = { timezone: "America/New_York", scaleInCron: "cron(0 12 ? * SUN *)", scaleOutCron: "cron(0 12 ? * SAT *)" };
        assert.strictEqual(weeklyInstanceHours(schedule, 1, new Date("2026-10-05T00:00:00Z"), 8).onHours, 25);
        assert.strictEqual(weeklyInstanceHours(schedule, 1, new Date("2026-11-09T00:00:00Z"), 8).onHours, 24);
    });

    it("counts both crons in the same minute as on: the figure is the most the crons allow", () => {
        const same = "cron(0 18 ? * FRI *)";
        assert.strictEqual(weeklyInstanceHours({ timezone: "UTC", scaleInCron: same, scaleOutCron: same }, 1, from).onHours, 168);
    });

    it("says when a cron never fires, as the seed's 2024-2025 range no longer does", () => {
        const h = weeklyInstanceHours({ timezone: "UTC+1", scaleInCron: "cron(00 18 ? * 6 2024-2025)", scaleOutCron: "cron(00 07 ? * 2 2024-2025)" }, 1, new Date("2026-11-22T00:00:00Z"));
        assert.deepStrictEqual(h.neverFires, ["scaleInCron", "scaleOutCron"]);
        assert.strictEqual(h.onHours, 168, "never parked");
    });

    it("the time zone matters: the same crons in another zone shift, but the week's total does not", () => {
        const tokyo = weeklyInstanceHours({ ...SEED, timezone: "Asia/Tokyo" }, 2, from);
        assert.strictEqual(tokyo.onHours, 107);
    });

    it("refuses a bad bound, cron or zone like the schedule does", () => {
        assert.throws(() => weeklyInstanceHours(SEED, 0, from), /maxInstanceCount: 0 must be a whole number of at least 1/);
        assert.throws(() => weeklyInstanceHours({ ...SEED, timezone: "Nowhere" }, 1, from), /timezone: "Nowhere" is not a known time zone/);
    });
});
