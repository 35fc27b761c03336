import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { TrainingPlan } from "../../dynamic-providers/training-plan";
import { loadStackConfig, runProgram } from "../support/harness";
import { formatPlan, plan, readPrices } from "../../scripts/plan";

const NS = "sagemaker-inference";
/** A Monday: the dev schedule's weeks are read from here. */
const FROM = new Date("2026-11-23T00:00:00Z");

/** The plan's cost lines: from "cost:" to the end. */
function costOf(text: string): string[] {
    const lines = text.split("\n");
    return lines.slice(lines.findIndex((l) => l.startsWith("cost:")));
}

const HEADER = "cost: the most instance-hours per week, per instance type (floor: with no traffic; ceiling: every endpoint at its maximum)";

describe("the cost at the end of every stack's plan", () => {
    it("evaluation: the training plan's reserved instances per week and over the time left, its end marked as a stand-in", async () => {
        const run = await runProgram({ stack: "evaluation", config: loadStackConfig("evaluation") });
        assert.deepStrictEqual(costOf(formatPlan("evaluation", run, [], { from: FROM })), [
            HEADER,
            "  ml.p5.48xlarge: 336 instance-hours per week reserved by training plan arn:aws:sagemaker:us-east-1:123456789012:training-plan/p5-llm-eval-2026-12 " +
                "(2 instance(s), paid whether used or not), 1440 instance-hours over its 720 h left until 2026-12-31T00:00:00.000Z " +
                "(stand-in values offline: the mocks' end of the plan and clock, 2026-12-01T00:00:00.000Z; a refresh reads the real end)",
        ]);
    });

    it("evaluation: the notice scheduled by the made-up end of the plan says the end is a stand-in", async () => {
        const lines = formatPlan("evaluation", await runProgram({ stack: "evaluation", config: loadStackConfig("evaluation") })).split("\n");
        const at = lines.indexOf("+ aws:scheduler/schedule:Schedule reservation-end-schedule");
        assert.match(lines[at + 1], /^ {4}at\(2026-12-30T00:00:00\) UTC, publishes to .* ends at 2026-12-31T00:00:00\.000Z, in 24 hours\./);
        assert.strictEqual(lines[at + 2],
            "    (a stand-in offline: 2026-12-31T00:00:00.000Z is the end the mocks made up for the training plan; pulumi up times this by the end it reads)");
    });

    it("evaluation buying a plan: its hours as bought, extensions included, and the most it pays upfront", async () => {
        const config = loadStackConfig("evaluation");
        delete config[`${NS}:reservationArn`];
        delete config[`${NS}:reservedInstanceType`];
        delete config[`${NS}:reservedInstanceCount`];
        config[`${NS}:trainingPlan`] = {
            planName: "p5-llm-eval", instanceType: "ml.p5.48xlarge", instanceCount: 2, durationHours: 24, startTimeAfter: "2026-12-01T00:00:00Z", maxUpfrontFee: 10000,
            extensions: [{ durationHours: 48, maxUpfrontFee: 15000 }],
        };
        const run = await runProgram({ stack: "evaluation", config });
        assert.deepStrictEqual(costOf(formatPlan("evaluation", run, [], { from: FROM, prices: { source: "prices.json", values: { "ml.p5.48xlarge": 98.32 } } })), [
            HEADER,
            "  ml.p5.48xlarge: 144 instance-hours per week reserved by training plan p5-llm-eval (2 instance(s), paid whether used or not), 144 instance-hours over its 72 h; " +
                "at 98.32 an hour, what on-demand hours would cost: 14158.08 a week, 14158.08 in all (the plan itself bills its upfront fee)",
            "  upfront fee of training plan p5-llm-eval: at most 25000 USD (its maxUpfrontFee; a real pulumi preview --diff shows the offering's own fee)",
            "  prices: hourly, per instance type, from prices.json",
        ]);
    });

    it("a plan bought with a secret fee cap: the fee is not shown", async () => {
        const program = () => {
            new TrainingPlan("plan", { planName: "p5-llm-eval", instanceType: "ml.p5.48xlarge", instanceCount: 2, durationHours: 24, maxUpfrontFee: pulumi.secret(10000) });
        };
        const run = await runProgram({ stack: "evaluation", config: { "aws:region": "us-east-1" }, program });
        assert.deepStrictEqual(costOf(formatPlan("evaluation", run, [], { from: FROM })).slice(1), [
            "  ml.p5.48xlarge: 48 instance-hours per week reserved by training plan p5-llm-eval (2 instance(s), paid whether used or not), 48 instance-hours over its 24 h",
            "  upfront fee of training plan p5-llm-eval: at most an amount kept secret (its maxUpfrontFee; a real pulumi preview --diff shows the offering's own fee)",
        ]);
    });

    it("evaluation switching to on demand: the on-demand instances that take over as the plan ends", async () => {
        const config: Record<string, unknown> = { ...loadStackConfig("evaluation"), [`${NS}:onReservationEnd`]: { switchToOnDemand: { minutesBefore: 60 } } };
        delete config[`${NS}:kmsKeyArn`];
        const run = await runProgram({ stack: "evaluation", config });
        const lines = costOf(formatPlan("evaluation", run, [], { from: FROM }));
        assert.deepStrictEqual(lines.slice(0, 2), [
            HEADER,
            "  ml.p5.48xlarge: 336 to 336 instance-hours per week (" +
                "llama3-70b-ft-a: 1 to 1 instance(s), on demand once its training plan ends, in place of the reserved instances; " +
                "llama3-70b-ft-b: 1 to 1 instance(s), on demand once its training plan ends, in place of the reserved instances)",
        ]);
        assert.match(lines[2], /^ {2}ml\.p5\.48xlarge: 336 instance-hours per week reserved by training plan /);
    });

    it("dev: the scale-to-zero endpoint's ceiling within its schedule's hours, as the schedule summary counts them", async () => {
        const run = await runProgram({ stack: "dev", config: loadStackConfig("dev") });
        assert.deepStrictEqual(costOf(formatPlan("dev", run, [], { from: FROM, prices: { source: "prices.json", values: { "ml.g5.12xlarge": 7.09 } } })), [
            HEADER,
            "  ml.g5.12xlarge: 0 to 214 instance-hours per week (sagemaker-inference-dev: 0 to 2 instance(s), scales to zero when no copy runs; " +
                "at most 107 h a week by its schedule (cron(0 7 ? * MON *) to cron(0 18 ? * FRI *), Europe/Berlin) if no request wakes it off-hours, 168 h if requests do); at 7.09 an hour: 0.00 to 1517.26 a week",
            "  prices: hourly, per instance type, from prices.json",
        ]);
    });

    it("production: the real-time endpoint's auto-scaling floor and ceiling, the asynchronous one's from zero", async () => {
        const run = await runProgram({ stack: "production", config: loadStackConfig("production") });
        assert.deepStrictEqual(costOf(formatPlan("production", run, [], { prices: { source: "prices.json", values: { "ml.g5.2xlarge": 1.515 } } })), [
            HEADER,
            "  ml.g5.2xlarge: 336 to 1680 instance-hours per week (sagemaker-inference-production-realtime: 2 to 6 instance(s), by auto scaling; " +
                "sagemaker-inference-production-async: 0 to 4 instance(s), scales to zero when nothing is queued); at 1.515 an hour: 509.04 to 2545.20 a week",
            "  prices: hourly, per instance type, from prices.json",
        ]);
    });
});

describe("npm run plan --prices", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-prices-"));
    const write = (name: string, text: string) => {
        const file = path.join(dir, name);
        fs.writeFileSync(file, text);
        return file;
    };
    const planOf = async (argv: string[]) => {
        const out: string[] = [];
        const err: string[] = [];
        const code = await plan(argv, (l) => out.push(l), (l) => err.push(l));
        return { code, out: out.join("\n"), err };
    };

    it("puts money on the hours it has a price for, and says which type has none", async () => {
        const file = write("prices.json", '{"ml.g5.2xlarge": 1.515}');
        const { code, out } = await planOf(["--stack", "evaluation", "--prices", file]);
        assert.strictEqual(code, 0);
        assert.match(costOf(out)[1], new RegExp(`; no price for ml\\.p5\\.48xlarge in ${file.replace(/[.\\/]/g, "\\$&")}, so not priced$`));
        assert.strictEqual(costOf(out)[2], `  prices: hourly, per instance type, from ${file}`);
    });

    it("refuses a file it cannot read, or whose prices are wrong, naming the file, the key and the value", async () => {
        const missing = path.join(dir, "none.json");
        assert.throws(() => readPrices(missing), (e: Error) => e.message.startsWith(`--prices ${missing}: cannot read it: ENOENT`));
        const bad = write("bad.json", '{"ml.g5.2xlarge": "cheap"}');
        const { code, out, err } = await planOf(["--stack", "production", `--prices=${bad}`]);
        assert.deepStrictEqual([code, out, err], [1, "", [`plan failed: ${bad}: ml.g5.2xlarge: "cheap" must be an hourly price, a number above 0`]]);
    });
});
