/**
 * A stack of this project run by the real engine (Automation API, inline program) against the
 * stand-in account: a file backend and a passphrase give a real state file with real secret
 * encryption; the plugin folder goes first on PATH so that the engine runs the stand-in `aws` and
 * `aws-native` plugins and the real `pulumi-nodejs` host for the dynamic providers.
 */
import { ConfigMap, LocalWorkspace, PulumiCommand, PulumiFn, Stack } from "@pulumi/pulumi/automation";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadStackConfig } from "../../../scripts/offline-runtime";
import { StandinAccount } from "../standin/account";
import { REPO } from "./plugins";

/** Where the engine's output of every phase is written (CI prints it on failure). */
export const OUTPUT_DIR = process.env.ENGINE_OUTPUT_DIR ?? path.join(REPO, ".engine-output");

export interface EngineStackOptions {
    stackName: string;
    program: PulumiFn;
    /** Full config keys (`aws:region`) to plain values, as Pulumi.<stack>.yaml holds them. */
    config: Record<string, unknown>;
    /** Config keys to set as secrets. */
    secretKeys?: string[];
    account: StandinAccount;
    /** A folder holding `bin/pulumi`. */
    pulumiRoot: string;
    pluginDir: string;
    /** The file backend's folder; a fresh one when not given (two stacks of one account share one to share a project). */
    backendDir?: string;
}

export interface EngineStack {
    stack: Stack;
    /** The workspace folder: under the clone, so that the `pulumi-nodejs` host finds the project's node_modules. */
    workDir: string;
    backendDir: string;
    /** Engine output callbacks for one phase: its lines go to `<OUTPUT_DIR>/<workspace folder>-<n>-<phase>.log`, n counting this stack's phases. */
    phase(name: string): { onOutput: (out: string) => void; onError: (err: string) => void };
    /** Removes the temporary PULUMI_HOME, and the backend when this stack made it; the workspace and logs stay for CI. */
    dispose(): void;
}

/** A stack's config from its Pulumi.<stack>.yaml, as the engine's config map takes it (structured values as JSON). */
export function configOf(values: Record<string, unknown>, secretKeys: string[] = []): ConfigMap {
    return Object.fromEntries(Object.entries(values).map(([key, value]) => [
        key, { value: typeof value === "string" ? value : JSON.stringify(value), secret: secretKeys.includes(key) },
    ]));
}

/** The committed config of one of this repository's stacks. */
export function committedConfig(stack: string): Record<string, unknown> {
    return loadStackConfig(stack);
}

/** Creates (or selects) the stack in a fresh workspace and sets its config. */
export async function engineStack(options: EngineStackOptions): Promise<EngineStack> {
    const work = path.join(OUTPUT_DIR, "work");
    fs.mkdirSync(work, { recursive: true });
    const workDir = fs.mkdtempSync(path.join(work, `${options.stackName}-`));
    const backendDir = options.backendDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "sagemaker-inference-backend-"));
    const pulumiHome = fs.mkdtempSync(path.join(os.tmpdir(), "sagemaker-inference-pulumi-home-"));
    const pulumiCommand = await PulumiCommand.get({ root: options.pulumiRoot, skipVersionCheck: true });
    const stack = await LocalWorkspace.createOrSelectStack(
        { stackName: options.stackName, projectName: "sagemaker-inference", program: options.program },
        {
            pulumiCommand,
            workDir,
            projectSettings: { name: "sagemaker-inference", runtime: "nodejs", backend: { url: `file://${backendDir}` } },
            envVars: {
                PATH: `${options.pluginDir}${path.delimiter}${process.env.PATH ?? ""}`,
                PULUMI_CONFIG_PASSPHRASE: "sagemaker-inference-engine-suite",
                PULUMI_HOME: pulumiHome,
                PULUMI_SKIP_UPDATE_CHECK: "1",
                PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "1",
                ...options.account.env(),
            },
        },
    );
    await stack.setAllConfig(configOf(options.config, options.secretKeys));
    let phases = 0;
    return {
        stack, workDir, backendDir,
        dispose: () => {
            for (const dir of options.backendDir === undefined ? [pulumiHome, backendDir] : [pulumiHome]) {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        },
        phase: (name) => {
            const file = path.join(OUTPUT_DIR, `${path.basename(workDir)}-${String(++phases).padStart(2, "0")}-${name}.log`);
            fs.writeFileSync(file, "");
            const write = (text: string) => fs.appendFileSync(file, text);
            return { onOutput: write, onError: write };
        },
    };
}
