/**
 * `npm run plan -- --stack <name>`: runs a stack's program offline, under mocks, with its committed
 * Pulumi.<stack>.yaml, and prints what it would create and the most it can run per week. A plan,
 * not a deployment. The formatting is testing/summary.ts, shipped with the test kit.
 */
import * as fs from "fs";
import { givenConfig, loadStackConfig, runProgram, SECRET_PLACEHOLDER } from "./offline-runtime";
import { parsePrices, Prices } from "../testing/cost";
import { formatPlan } from "../testing/summary";
import { weeklyInstanceHours } from "../components/scaling/schedule-plan";
import { settingsOf } from "../stacks/config";
import { STACK_SCHEMAS, unknownStack } from "../stacks/programs";
import { parseDevConfig } from "../stacks/dev-config";

export { formatPlan, timelineLines } from "../testing/summary";

/**
 * What the dev stack's schedule allows over the 52 weeks from `from`: the most instance-hours in
 * any week against the same endpoint always on. Empty for other stacks or without a schedule.
 */
export function scheduleSummary(stack: string, config: Record<string, unknown>, from: Date): string[] {
    if (stack !== "dev") {
        return [];
    }
    // The settings as the program reads them, by the same rules: what it deploys, the plan sums up.
    const dev = parseDevConfig(settingsOf(givenConfig(config).values, stack, STACK_SCHEMAS));
    if (dev.schedule === undefined) {
        return [`no schedule: at most ${168 * dev.maxInstanceCount} instance-hours per week (${dev.maxInstanceCount} x ${dev.instanceType} always allowed)`];
    }
    const h = weeklyInstanceHours(dev.schedule, dev.maxInstanceCount, from);
    const lines = [
        `schedule: to 0 copies at ${dev.schedule.scaleInCron}, back to ${dev.schedule.scaleOutCopyCount} at ${dev.schedule.scaleOutCron} (${dev.schedule.timezone})`,
        `at most ${h.scheduledInstanceHours} instance-hours per week (${h.onHours} h on x ${dev.maxInstanceCount} x ${dev.instanceType}) ` +
        `against ${h.alwaysOnInstanceHours} always on: ${Math.round((1 - h.scheduledInstanceHours / h.alwaysOnInstanceHours) * 100)} % fewer, ` +
        `over the 52 weeks from ${from.toISOString().slice(0, 10)}; requests in off-hours still wake components`,
    ];
    for (const cron of h.neverFires) {
        lines.push(`warning: ${cron} ${dev.schedule[cron]} never fires in those 52 weeks`);
    }
    return lines;
}

/** The value of `--<flag> <value>` or `--<flag>=<value>`, if given. */
function flag(argv: string[], name: string): string | undefined {
    const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
    return i < 0 ? undefined : argv[i].includes("=") ? argv[i].slice(argv[i].indexOf("=") + 1) : argv[i + 1];
}

/**
 * `--stack <name>`, `--config <file>` to plan another config than the committed Pulumi.<stack>.yaml,
 * and `--prices <file>`, a JSON of hourly prices per instance type, to put money on the hours.
 */
export function planArguments(argv: string[]): { stack: string; configFile?: string; pricesFile?: string } {
    const stack = flag(argv, "stack");
    if (!stack) {
        throw new Error("usage: npm run plan -- --stack <evaluation|dev|production> [--config <Pulumi.<stack>.yaml to use instead>] " +
            "[--prices <JSON of hourly prices per instance type, e.g. {\"ml.g5.2xlarge\": 1.515}>]");
    }
    const pricesFile = flag(argv, "prices");
    return { stack, configFile: flag(argv, "config"), ...(pricesFile !== undefined && { pricesFile }) };
}

/** The prices in a `--prices` file, checked; errors name the file. */
export function readPrices(file: string): Prices {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        throw new Error(`--prices ${file}: cannot read it: ${(err as Error).message}`);
    }
    return parsePrices(file, text);
}

/**
 * What the plan says of its region when the config sets no `aws:region`: which one it used and
 * why, as `pulumi up` would pick it on this machine. Empty when the config sets one.
 */
export function regionNote(config: Record<string, unknown>, file: string, env: NodeJS.ProcessEnv): string[] {
    if (typeof config["aws:region"] === "string") {
        return [];
    }
    const fromEnv = env.AWS_REGION ? "AWS_REGION" : env.AWS_DEFAULT_REGION ? "AWS_DEFAULT_REGION" : undefined;
    return [fromEnv
        ? `region: ${file} sets no aws:region; the plan uses ${env[fromEnv]} from ${fromEnv}, as pulumi up would on this machine`
        : `region: ${file} sets no aws:region and neither AWS_REGION nor AWS_DEFAULT_REGION is set; the plan assumes us-east-1 ` +
            "for the ARNs it makes up, while pulumi up would take your AWS profile's region. Set aws:region to plan the stack's own"];
}

/** The command: prints the plan, or the error; returns the exit code. */
export async function plan(argv: string[], print: (line: string) => void, printError: (line: string) => void): Promise<number> {
    try {
        const { stack, configFile, pricesFile } = planArguments(argv);
        const unknown = unknownStack(stack);
        if (unknown !== undefined) {
            throw new Error(unknown);
        }
        const prices = pricesFile === undefined ? undefined : { source: pricesFile, values: readPrices(pricesFile) };
        const config = loadStackConfig(stack, configFile);
        const run = await runProgram({ stack, config });
        const region = regionNote(config, configFile ?? `Pulumi.${stack}.yaml`, process.env);
        // Schedules are read over the weeks from today, as the dev stack's schedule summary does.
        const from = new Date();
        print(formatPlan(stack, run, [...region, ...scheduleSummary(stack, config, from)], { from, ...(prices && { prices }) }));
        return 0;
    } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        // A rule the placeholder breaks says nothing of the encrypted value itself.
        const note = message.includes(JSON.stringify(SECRET_PLACEHOLDER))
            ? ` (${SECRET_PLACEHOLDER} stands for an encrypted value, which the plan cannot decrypt: pulumi preview checks the value itself)` : "";
        printError(`plan failed: ${message}${note}`);
        return 1;
    }
}

if (require.main === module) {
    void plan(process.argv.slice(2), console.log, console.error).then((code) => { process.exitCode = code; });
}
