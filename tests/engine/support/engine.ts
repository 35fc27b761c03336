/**
 * Runs this repository's stack programs through the real Pulumi engine with the Automation API:
 * an inline program (the engine's language server runs in this process), the CLI built by
 * scripts/engine-setup.ts, a `file://` backend with passphrase-encrypted secrets, and the plugins
 * of tests/engine/support/plugins.ts first on PATH. Every phase's engine output is written under
 * the output folder, and the engine's steps are returned for assertions.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yaml from "js-yaml";
import * as pulumi from "@pulumi/pulumi";
import { EngineEvent, LocalWorkspace, PulumiCommand, PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { stackConfigOf } from "../../../scripts/offline-runtime";
import { runStack } from "../../../stacks/programs";
import { pluginDir, REPO } from "./plugins";
import { EngineTools } from "./tools";

export const PROJECT = "sagemaker-inference";

/** Where every phase's engine output goes; CI prints it when the suite fails. */
export const OUTPUT_DIR = path.resolve(process.env.ENGINE_OUTPUT_DIR ?? path.join(REPO, ".engine-output"));

/** One step of the engine, as its events report it. */
export interface EngineStep {
    /** `same`, `create`, `update`, `replace`, `create-replacement`, `delete-replaced`, `delete`, `read`, `refresh`, … */
    op: string;
    urn: string;
    type: string;
    /** The logical name: the URN's last part. */
    name: string;
    /** Top-level inputs that changed. */
    diffs: string[];
    /** Inputs that force a replacement. */
    keys: string[];
}

export interface PhaseResult {
    /** Every step the engine reported, in the order it started them. */
    steps: EngineStep[];
    /** The engine's own output. */
    output: string;
    /** The stack's outputs after an up. */
    outputs?: Record<string, unknown>;
}

/**
 * The engine gives the dynamic providers' provider (`pulumi-nodejs`) the whole stack config as its
 * inputs (`Target.GetPackageConfig` in pulumi/pkg/resource/deploy/target.go), so any config change
 * updates it: that step is the engine's, not a change of a resource.
 */
const DYNAMIC_PROVIDER = "pulumi:providers:pulumi-nodejs";

/** Steps that change something: every step but `same`, reads, and the dynamic providers' provider taking the new config. */
export function changes(result: PhaseResult): EngineStep[] {
    return result.steps.filter((s) => !["same", "read", "refresh"].includes(s.op) && !(s.type === DYNAMIC_PROVIDER && s.op === "update"));
}

/** One line per step that changes something: `op type name [diffs]`, for assertion messages. */
export function describeSteps(steps: EngineStep[]): string {
    return steps.map((s) => `${s.op} ${s.type} ${s.name}${s.diffs.length ? ` [${s.diffs.join(", ")}]` : ""}${s.keys.length ? ` replaces on [${s.keys.join(", ")}]` : ""}`).join("\n");
}

/** Policy packs to run on a phase (`--policy-pack` folders) and their config files (`--policy-pack-config`). */
export interface PolicyOptions {
    policyPacks?: string[];
    policyPackConfigs?: string[];
}

/** What a phase gives the Automation API to hear the engine. */
interface PhaseCallbacks {
    onOutput: (out: string) => void;
    onEvent: (event: EngineEvent) => void;
}

/**
 * What the engine and its plugins see besides the process's own environment: the plugin folder
 * and the CLI first on PATH, a Pulumi home of its own, the suite's passphrase for secrets, and no
 * update check, version check or plugin download.
 */
export function engineEnvironment(tools: EngineTools, plugins: string, home: string): Record<string, string> {
    return {
        PATH: [plugins, path.join(tools.pulumiRoot, "bin"), process.env.PATH ?? ""].join(path.delimiter),
        PULUMI_HOME: home,
        PULUMI_CONFIG_PASSPHRASE: "engine-suite",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    };
}

/** The tools, plugins, backend and environment of one run of the suite. */
export class EngineSession {
    private constructor(
        readonly tools: EngineTools,
        readonly command: PulumiCommand,
        readonly env: Record<string, string>,
        private readonly root: string,
        private readonly plugins: string,
    ) { }

    /** Starts a session: `env` is added to what the engine and its plugins see (the stand-in account's). */
    static async start(tools: EngineTools, env: Record<string, string>): Promise<EngineSession> {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "sagemaker-inference-engine-"));
        const command = await PulumiCommand.get({ root: tools.pulumiRoot, skipVersionCheck: true });
        const plugins = pluginDir(tools);
        const home = path.join(root, "home");
        fs.mkdirSync(home);
        return new EngineSession(tools, command, { ...env, ...engineEnvironment(tools, plugins, home) }, root, plugins);
    }

    /**
     * Selects (creating it the first time) the stack `stack` of this repository's program in its own
     * backend `backend` (a scenario: two scenarios may each have an `evaluation` stack), with `config`
     * as its `Pulumi.<stack>.yaml` would hold it.
     */
    async stack(scenario: string, stack: string, config: Record<string, unknown>, program: PulumiFn = async () => runStack(pulumi.getStack())): Promise<EngineStack> {
        const backend = path.join(this.root, "backends", scenario);
        // Under the clone: the dynamic providers' host resolves their modules from the program's folder.
        const workDir = path.join(OUTPUT_DIR, "work", scenario);
        fs.rmSync(workDir, { recursive: true, force: true });
        fs.mkdirSync(backend, { recursive: true });
        fs.mkdirSync(workDir, { recursive: true });
        const ws = await LocalWorkspace.create({
            program,
            workDir,
            pulumiCommand: this.command,
            envVars: this.env,
            projectSettings: { name: PROJECT, runtime: "nodejs", backend: { url: `file://${backend}` } },
        });
        const selected = await Stack.createOrSelect(stack, ws);
        const engineStack = new EngineStack(selected, path.join(workDir, `Pulumi.${stack}.yaml`), path.join(OUTPUT_DIR, scenario));
        engineStack.setConfig(config, true);
        return engineStack;
    }

    /** Removes the session's backends, homes, work folders and plugin folder. */
    close(): void {
        fs.rmSync(this.root, { recursive: true, force: true });
        fs.rmSync(this.plugins, { recursive: true, force: true });
    }
}

/** A stack of the program in a backend of its own, run phase by phase. */
export class EngineStack {
    private phases = 0;

    constructor(readonly stack: Stack, private readonly settingsFile: string, private readonly outputDir: string) {
        // A scenario's phases of an earlier run would be read as this run's.
        fs.rmSync(outputDir, { recursive: true, force: true });
        fs.mkdirSync(outputDir, { recursive: true });
    }

    /**
     * Sets the stack's config, in the stack settings file as a user would write it (structured
     * values kept as YAML), the secrets provider's salt and secure values kept. `replace` drops every
     * other key of the project's namespace; otherwise a key given `undefined` is removed.
     */
    setConfig(config: Record<string, unknown>, replace = false): void {
        const settings = fs.existsSync(this.settingsFile)
            ? (yaml.load(fs.readFileSync(this.settingsFile, "utf8"), { schema: yaml.CORE_SCHEMA }) as Record<string, unknown> | null) ?? {}
            : {};
        const current = { ...(settings.config as Record<string, unknown> | undefined) };
        const next = replace ? Object.fromEntries(Object.entries(current).filter(([k]) => !k.startsWith(`${PROJECT}:`))) : current;
        for (const [key, value] of Object.entries(config)) {
            if (value === undefined) {
                delete next[key];
            } else {
                next[key] = value;
            }
        }
        fs.writeFileSync(this.settingsFile, yaml.dump({ ...settings, config: next }, { lineWidth: -1 }));
    }

    /** A config value as the settings file holds it. */
    config(key: string): unknown {
        return stackConfigOf(fs.readFileSync(this.settingsFile, "utf8"))[key];
    }

    /** Sets a secret config value through the CLI, so that the settings file holds it encrypted. */
    async setSecret(key: string, value: string): Promise<void> {
        await this.stack.setConfig(key, { value, secret: true });
    }

    /**
     * Runs one phase, its engine output written to the next numbered file of the scenario and its
     * steps collected from the engine's events; a failure carries both.
     */
    private async phase(label: string, run: (callbacks: PhaseCallbacks) => Promise<Record<string, unknown> | void>): Promise<PhaseResult> {
        this.phases += 1;
        const file = path.join(this.outputDir, `${String(this.phases).padStart(2, "0")}-${label.replace(/[^a-zA-Z0-9.-]+/g, "-")}.txt`);
        fs.writeFileSync(file, "");
        const steps: EngineStep[] = [];
        let output = "";
        const callbacks: PhaseCallbacks = {
            onOutput: (out: string) => {
                output += out;
                fs.appendFileSync(file, out);
            },
            onEvent: (event: EngineEvent) => {
                const m = event.resourcePreEvent?.metadata;
                if (m !== undefined) {
                    steps.push({ op: m.op, urn: m.urn, type: m.type, name: m.urn.split("::").pop() ?? m.urn, diffs: m.diffs ?? [], keys: m.keys ?? [] });
                }
                if (event.diagnosticEvent !== undefined && (event.diagnosticEvent.severity as string) !== "debug") {
                    const d = event.diagnosticEvent;
                    fs.appendFileSync(file, `[${d.severity}]${d.urn ? ` ${d.urn}` : ""} ${d.message}`);
                }
            },
        };
        try {
            const outputs = await run(callbacks);
            fs.appendFileSync(file, `\n--- steps ---\n${describeSteps(steps)}\n`);
            return { steps, output, outputs: outputs ?? undefined };
        } catch (err) {
            fs.appendFileSync(file, `\n--- steps ---\n${describeSteps(steps)}\n--- failed ---\n${String(err)}\n`);
            throw Object.assign(err instanceof Error ? err : new Error(String(err)), { steps, output, phaseFile: file });
        }
    }

    /** A preview; with `policies`, `--policy-pack` for each pack folder and `--policy-pack-config` for each config file. */
    async preview(label: string, policies: PolicyOptions = {}): Promise<PhaseResult> {
        return this.phase(`preview-${label}`, async (c) => { await this.stack.preview({ ...c, diff: true, ...policies }); });
    }

    /** An up; with `refresh`, `pulumi up --refresh`, as after time passed; with `policies`, as for a preview. */
    async up(label: string, refresh = false, policies: PolicyOptions = {}): Promise<PhaseResult> {
        return this.phase(`up-${label}`, async (c) => {
            const result = await this.stack.up({ ...c, diff: true, refresh, ...policies });
            return Object.fromEntries(Object.entries(result.outputs).map(([k, v]) => [k, v.value]));
        });
    }

    async refresh(label: string): Promise<PhaseResult> {
        return this.phase(`refresh-${label}`, async (c) => { await this.stack.refresh(c); });
    }

    async destroy(label: string): Promise<PhaseResult> {
        return this.phase(`destroy-${label}`, async (c) => { await this.stack.destroy(c); });
    }

    /** The stack's state as `pulumi stack export` writes it. */
    async exportState(): Promise<unknown> {
        return (await this.stack.exportStack()).deployment;
    }

    /** Replaces the stack's state with one `exportState` (or `pulumi stack export`) wrote. */
    async importState(deployment: unknown): Promise<void> {
        await this.stack.importStack({ version: 3, deployment });
    }
}
