/**
 * `npm run plan -- --stack <name>`: runs a stack's program offline, under mocks, with its committed
 * Pulumi.<stack>.yaml, and prints what it would create. A plan, not a deployment.
 */
import { loadStackConfig, ProgramRun, RecordedResource, RESERVATION_CHECK_TYPE, runProgram, TRAINING_PLAN_TYPE } from "./offline-runtime";
import { ReservationUsage } from "../components/reservation";

/** The settings worth seeing for each kind of resource. */
function settings(r: RecordedResource): string {
    const i = r.inputs;
    switch (r.type) {
        case "aws:sagemaker/model:Model": {
            const containers = i.containers ?? [i.primaryContainer];
            const images = containers.map((c: { image: string; modelDataUrl?: string; containerHostname?: string }) =>
                [c.containerHostname, c.image, c.modelDataUrl].filter(Boolean).join(" "));
            const mode = i.inferenceExecutionConfig ? ` mode=${i.inferenceExecutionConfig.mode}` : "";
            return `name=${i.name}${mode} containers=[${images.join("; ")}]`;
        }
        case "aws:sagemaker/endpointConfiguration:EndpointConfiguration":
            return `name=${i.name} ` + i.productionVariants.map((v: Record<string, any>) => {
                const capacity = v.capacityReservationConfig
                    ? `reservation=${v.capacityReservationConfig.mlReservationArn}` : "capacity=on-demand";
                return `variant=${v.variantName} ${v.instanceType} x${v.initialInstanceCount} ${capacity}`;
            }).join(", ");
        case "aws:sagemaker/endpoint:Endpoint":
            return `name=${i.name} endpointConfig=${i.endpointConfigName}`;
        case "aws:iam/role:Role":
            return `name=${i.name}`;
        case "aws:iam/rolePolicy:RolePolicy": {
            const actions = JSON.parse(i.policy).Statement.flatMap((s: { Action: string[] }) => s.Action);
            return `actions=${actions.join(",")}`;
        }
        case TRAINING_PLAN_TYPE: {
            const window = [i.startTimeAfter && `after ${i.startTimeAfter}`, i.endTimeBefore && `before ${i.endTimeBefore}`].filter(Boolean).join(" ");
            return `buys at pulumi up ${i.planName}: ${i.instanceCount} x ${i.instanceType} for ${i.durationHours} h${window ? ` ${window}` : ""}, ` +
                `for at most ${i.maxUpfrontFee} ${i.currencyCode ?? "USD"} (a real pulumi preview --diff shows the offering it would buy)`;
        }
        case RESERVATION_CHECK_TYPE:
            return `at pulumi up, training plan ${i.reservationArn} must serve endpoints with ${i.instanceCount} x ${i.instanceType}`;
        default:
            return "";
    }
}

function reservationLine(u: ReservationUsage): string {
    const reserved = u.reservedInstanceCount === undefined ? "?" : String(u.reservedInstanceCount);
    const who = u.claims.map((c) => `${c.endpoint}: ${c.instanceCount}`).join(", ");
    return `reservation ${u.reservationArn}: ${u.requestedInstanceCount} of ${reserved} reserved ${u.reservedInstanceType ?? "instances"} in use (${who})`;
}

/** The plan as printed: one line per resource, the summary, then reservation usage. */
export function formatPlan(stack: string, run: ProgramRun): string {
    const resources = run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack");
    const lines = [`Plan for stack "${stack}" (offline, under mocks: nothing is deployed)`, ""];
    for (const r of resources) {
        lines.push(`+ ${r.type} ${r.name}${r.custom ? "" : " (component)"}`);
        const s = settings(r);
        if (s) {
            lines.push(`    ${s}`);
        }
    }
    const custom = resources.filter((r) => r.custom).length;
    lines.push("", `${resources.length} resources to create: ${custom} cloud resources in ${resources.length - custom} components`);
    lines.push(...run.reservations.map(reservationLine));
    return lines.join("\n");
}

/** The value of `--<flag> <value>` or `--<flag>=<value>`, if given. */
function flag(argv: string[], name: string): string | undefined {
    const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
    return i < 0 ? undefined : argv[i].includes("=") ? argv[i].slice(argv[i].indexOf("=") + 1) : argv[i + 1];
}

/** `--stack <name>`, and `--config <file>` to plan another config than the committed Pulumi.<stack>.yaml. */
export function planArguments(argv: string[]): { stack: string; configFile?: string } {
    const stack = flag(argv, "stack");
    if (!stack) {
        throw new Error("usage: npm run plan -- --stack <evaluation|dev|production> [--config <Pulumi.<stack>.yaml to use instead>]");
    }
    return { stack, configFile: flag(argv, "config") };
}

/** The command: prints the plan, or the error; returns the exit code. */
export async function plan(argv: string[], print: (line: string) => void, printError: (line: string) => void): Promise<number> {
    try {
        const { stack, configFile } = planArguments(argv);
        const run = await runProgram({ stack, config: loadStackConfig(stack, configFile) });
        print(formatPlan(stack, run));
        return 0;
    } catch (err) {
        printError(`plan failed: ${err instanceof Error ? err.message : String(err)}`);
        return 1;
    }
}

if (require.main === module) {
    void plan(process.argv.slice(2), console.log, console.error).then((code) => { process.exitCode = code; });
}
