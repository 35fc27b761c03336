/**
 * Records the state an earlier version of the package writes, for the engine suite's upgrade test
 * (tests/engine/upgrade.test.ts):
 *
 *     npm run engine:record -- <git ref> [program ...]
 *
 * The ref is checked out into a temporary, detached `git worktree` (node_modules linked from this
 * clone, so the ref's program runs on the same @pulumi/pulumi as the engine's language server). Each
 * program (default: this repository's stacks dev, production and evaluation, each configured by the
 * ref's `Pulumi.<stack>.yaml`, evaluation on an existing training plan; or `library`, a library
 * user's program of the API before 8c87328) runs with THAT ref's code through the real engine against
 * a fresh stand-in account, is brought up, and is written to tests/engine/states/<program>.json: the
 * ref's commit and date, the stack's settings file, the exported deployment and the account.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yaml from "js-yaml";
import * as pulumi from "@pulumi/pulumi";
import { boughtPlan } from "../tests/support/sagemaker-standin";
import { EngineSession } from "../tests/engine/support/engine";
import { LIBRARY_CONFIG, LIBRARY_PROGRAM, LibraryBefore8c87328, libraryProgramBefore8c87328 } from "../tests/engine/support/library-program";
import { REPO } from "../tests/engine/support/plugins";
import { compactResources, RecordedState, sagemakerSnapshot, stateFile, STATES_DIR } from "../tests/engine/support/recorded";
import { startAccount, StandinAccount } from "../tests/engine/standin/account";
import { EngineTools } from "../tests/engine/support/tools";
import { engineTools } from "./engine-setup";

const STACKS = ["dev", "production", "evaluation"];
const HOUR = 3600_000;

function git(...args: string[]): string {
    return execFileSync("git", args, { cwd: REPO, encoding: "utf8" }).trim();
}

/** The training plan the ref's evaluation config names: Active since a day, a week left, as the suite's scenarios reserve it. */
function reservePlan(account: StandinAccount, config: Record<string, unknown>): void {
    const arn = String(config["sagemaker-inference:reservationArn"]);
    const name = arn.split("/").pop()!;
    const now = Date.now();
    account.sagemaker.plans.set(name, boughtPlan(name, {
        id: "tpo-recorded", fee: 0,
        instanceType: String(config["sagemaker-inference:reservedInstanceType"]),
        instanceCount: Number(config["sagemaker-inference:reservedInstanceCount"]),
        start: new Date(now - 24 * HOUR).toISOString(), end: new Date(now + 7 * 24 * HOUR).toISOString(),
    }, "Active"));
}

/** The program to record, its stack name and config, with the ref's code from its worktree. */
function programOf(tree: string, program: string): { stack: string; config: Record<string, unknown>; run: () => Promise<Record<string, unknown> | void> } {
    if (program === LIBRARY_PROGRAM) {
        const lib = require(path.join(tree, "index.ts")) as LibraryBefore8c87328;
        return { stack: "dev", config: LIBRARY_CONFIG, run: async () => libraryProgramBefore8c87328(lib) };
    }
    if (!STACKS.includes(program)) {
        throw new Error(`unknown program "${program}": record ${[...STACKS, LIBRARY_PROGRAM].join(", ")}`);
    }
    const settings = yaml.load(fs.readFileSync(path.join(tree, `Pulumi.${program}.yaml`), "utf8")) as { config: Record<string, unknown> };
    const { runStack } = require(path.join(tree, "stacks/programs.ts")) as { runStack: (stack: string) => Record<string, unknown> };
    return { stack: program, config: settings.config, run: async () => runStack(pulumi.getStack()) };
}

/**
 * The deployment less where each resource was registered (`stackTrace`, `sourcePosition`): paths in
 * the temporary worktree and this script that the engine writes anew with every step, and that no
 * preview reads.
 */
function withoutRegistrationSites(deployment: unknown): unknown {
    const { resources, ...rest } = deployment as { resources: Record<string, unknown>[] };
    return { ...rest, resources: resources.map(({ stackTrace, sourcePosition, ...resource }) => resource) };
}

async function record(tools: EngineTools, tree: string, ref: string, program: string): Promise<RecordedState> {
    const account = await startAccount();
    const session = await EngineSession.start(tools, account.env());
    try {
        const { stack, config, run } = programOf(tree, program);
        if (program === "evaluation") {
            reservePlan(account, config);
        }
        const s = await session.stack(`record-${program}`, stack, config, run);
        await s.up("record");
        return {
            program, stack, ref,
            commit: git("rev-parse", `${ref}^{commit}`),
            date: git("show", "-s", "--format=%cI", `${ref}^{commit}`),
            recordedAt: new Date().toISOString(),
            settings: await s.stack.workspace.stackSettings(stack),
            deployment: withoutRegistrationSites(await s.exportState()),
            account: compactResources(account.resources()),
            sagemaker: sagemakerSnapshot(account),
        };
    } finally {
        session.close();
        await account.stop();
    }
}

async function main(): Promise<void> {
    const [ref, ...programs] = process.argv.slice(2);
    if (ref === undefined) {
        throw new Error(`usage: npm run engine:record -- <git ref> [${[...STACKS, LIBRARY_PROGRAM].join(" | ")} ...]`);
    }
    const tree = fs.mkdtempSync(path.join(os.tmpdir(), "sagemaker-inference-record-"));
    git("worktree", "add", "--detach", tree, `${ref}^{commit}`);
    try {
        fs.symlinkSync(path.join(REPO, "node_modules"), path.join(tree, "node_modules"));
        const tools = await engineTools();
        fs.mkdirSync(STATES_DIR, { recursive: true });
        for (const program of programs.length > 0 ? programs : STACKS) {
            const started = Date.now();
            const state = await record(tools, tree, ref, program);
            fs.writeFileSync(stateFile(program), `${JSON.stringify(state, null, 2)}\n`);
            console.log(`${program}: recorded at ${state.commit.slice(0, 7)} (${state.date}) in ${((Date.now() - started) / 1000).toFixed(0)} s: ${path.relative(REPO, stateFile(program))}`);
        }
    } finally {
        git("worktree", "remove", "--force", tree);
    }
}

main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.stack ?? err.message : String(err));
    process.exit(1);
});
