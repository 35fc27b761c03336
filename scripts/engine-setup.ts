/**
 * Builds the tools the engine suite (`npm run test:engine`) runs with, once, and caches them outside
 * the clone in `$SAGEMAKER_INFERENCE_ENGINE_CACHE` (default `~/.cache/sagemaker-inference-engine`):
 *
 * - the Pulumi CLI at the `@pulumi/pulumi` version of package-lock.json, built from the Go module
 *   proxy through the wrapper module `scripts/engine/pulumi` (no prebuilt CLI can be downloaded here);
 * - `pulumi-language-yaml`, through the wrapper module `scripts/engine/yaml`;
 * - a Python virtual environment with `pulumi` from PyPI at the same version, and what a generated
 *   Python SDK requires besides (Python's Automation API and the generated Python SDK run on it);
 * - `sdkgen` (`scripts/engine/pulumi/sdkgen`), which writes SDKs with Pulumi's own generators.
 *
 * Every artifact sits in a folder named by its version (and, for sdkgen, by a hash of its sources), is
 * built in a scratch folder and renamed into place, and is kept when it answers as expected: a second
 * run takes seconds. Needs Go and Python 3 (`npm ci && npm test` needs neither).
 *
 * As a script it sets everything up and prints what it has and how long each part took.
 */
import { execFile } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { EngineTools } from "../tests/engine/support/tools";

const run = promisify(execFile);
const REPO = path.resolve(__dirname, "..");
const PULUMI_MODULE = path.join(REPO, "scripts/engine/pulumi");
const YAML_MODULE = path.join(REPO, "scripts/engine/yaml");
const PULUMI_PKG = "github.com/pulumi/pulumi/pkg/v3";
const PULUMI_SDK = "github.com/pulumi/pulumi/sdk/v3";
const YAML_PKG = "github.com/pulumi/pulumi-yaml";
/**
 * What a generated Python SDK needs besides `pulumi`, pinned: its setup.py's install_requires, and what
 * installs it (`pip install --no-build-isolation`, so that no run downloads the build tools again).
 */
const PYTHON_SDK_REQUIREMENTS = ["parver==1.0.1.post0", "setuptools==84.2.1", "wheel==0.48.0"];

/** The cache folder: `$SAGEMAKER_INFERENCE_ENGINE_CACHE`, or `~/.cache/sagemaker-inference-engine`. */
export function cacheDir(): string {
    return process.env.SAGEMAKER_INFERENCE_ENGINE_CACHE ?? path.join(os.homedir(), ".cache", "sagemaker-inference-engine");
}

/** The `@pulumi/pulumi` version that package-lock.json installs. */
export function lockedPulumiVersion(lockText: string): string {
    const version: unknown = JSON.parse(lockText).packages?.["node_modules/@pulumi/pulumi"]?.version;
    if (typeof version !== "string") {
        throw new Error("package-lock.json installs no @pulumi/pulumi");
    }
    return version;
}

/** The version a go.mod requires of a module, or undefined. */
export function goModRequirement(goMod: string, module: string): string | undefined {
    const escaped = module.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return new RegExp(`^\\s*(?:require\\s+)?${escaped}\\s+(v\\S+)`, "m").exec(goMod)?.[1];
}

/**
 * The wrapper module must require pkg/v3 and sdk/v3 at the locked version, so the CLI and the code
 * generators are those of the `@pulumi/pulumi` the package runs with; a mismatch says how to mend it.
 */
export function checkPulumiModule(goMod: string, version: string): void {
    for (const module of [PULUMI_PKG, PULUMI_SDK]) {
        const required = goModRequirement(goMod, module);
        if (required !== `v${version}`) {
            throw new Error(`scripts/engine/pulumi/go.mod requires ${module} ${required ?? "at no version"}, but package-lock.json ` +
                `installs @pulumi/pulumi ${version}: run \`go get ${PULUMI_PKG}@v${version} ${PULUMI_SDK}@v${version} && go mod tidy\` there`);
        }
    }
}

/** What one part of the setup did, for the script's printout. */
export interface SetupStep {
    name: string;
    path: string;
    cached: boolean;
    seconds: number;
}

/** Runs a command, and on failure says which, with its output. */
async function exec(file: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
    try {
        const { stdout } = await run(file, args, { ...options, maxBuffer: 64 * 1024 * 1024 });
        return stdout;
    } catch (error) {
        const e = error as Error & { stdout?: string; stderr?: string };
        throw new Error(`${file} ${args.join(" ")} failed: ${e.message}\n${e.stdout ?? ""}${e.stderr ?? ""}`);
    }
}

async function answers(file: string, args: string[], expected: (out: string) => boolean): Promise<boolean> {
    try {
        return expected(await exec(file, args));
    } catch {
        return false;
    }
}

/**
 * Keeps `dir` when `works` says it does, else builds it in a scratch sibling with `build(scratch)`
 * and renames that into place, so an interrupted build never leaves a half-made artifact behind.
 */
async function cached(name: string, dir: string, works: () => Promise<boolean>, build: (scratch: string) => Promise<void>, steps: SetupStep[]): Promise<void> {
    const start = Date.now();
    let hit = fs.existsSync(dir) && await works();
    if (!hit) {
        fs.mkdirSync(path.dirname(dir), { recursive: true });
        const scratch = fs.mkdtempSync(`${dir}.building-`);
        try {
            await build(scratch);
            fs.rmSync(dir, { recursive: true, force: true });
            fs.renameSync(scratch, dir);
        } finally {
            fs.rmSync(scratch, { recursive: true, force: true });
        }
        if (!await works()) {
            throw new Error(`${name} was built in ${dir} but does not answer as expected`);
        }
    }
    steps.push({ name, path: dir, cached: hit, seconds: (Date.now() - start) / 1000 });
}

/** `go build` in a wrapper module, with its go.sum as it is (-mod=readonly): the build is the one the repository records. */
async function goBuild(module: string, out: string, pkg: string, ldflags: string): Promise<void> {
    await exec("go", ["build", "-mod=readonly", "-buildvcs=false", "-ldflags", ldflags, "-o", out, pkg], { cwd: module });
}

/** Whether a Go binary was built from `dep` at `version` (read from the binary's build information). */
async function builtFrom(binary: string, dep: string, version: string): Promise<boolean> {
    return answers("go", ["version", "-m", binary], (out) => new RegExp(`^\\s+(?:dep|mod)\\s+${dep.replace(/\./g, "\\.")}\\s+${version}\\s`, "m").test(out));
}

/** A short hash of files' contents and strings, to name a cached artifact by what it was made from. */
function sha(files: string[], strings: string[] = []): string {
    const hash = crypto.createHash("sha256");
    for (const file of files) {
        hash.update(fs.readFileSync(file));
    }
    for (const text of strings) {
        hash.update(`${text}\n`);
    }
    return hash.digest("hex").slice(0, 12);
}

/** Fails early, and says so, when Go or Python is missing: `npm ci && npm test` need neither, the engine suite both. */
async function requireToolchains(): Promise<void> {
    for (const [tool, args] of [["go", ["version"]], ["python3", ["--version"]]] as const) {
        if (!await answers(tool, [...args], () => true)) {
            throw new Error(`the engine suite needs ${tool === "go" ? "Go (scripts/engine/*/go.mod say which)" : "Python 3 with venv"} on PATH: \`${tool} ${args.join(" ")}\` did not run`);
        }
    }
}

/** Sets up every tool (building what the cache lacks) and returns them, with what each step did. */
export async function setUp(): Promise<{ tools: EngineTools; steps: SetupStep[] }> {
    await requireToolchains();
    const version = lockedPulumiVersion(fs.readFileSync(path.join(REPO, "package-lock.json"), "utf8"));
    const pulumiMod = fs.readFileSync(path.join(PULUMI_MODULE, "go.mod"), "utf8");
    checkPulumiModule(pulumiMod, version);
    const yamlVersion = goModRequirement(fs.readFileSync(path.join(YAML_MODULE, "go.mod"), "utf8"), YAML_PKG);
    if (yamlVersion === undefined) {
        throw new Error(`scripts/engine/yaml/go.mod requires no ${YAML_PKG}`);
    }
    const cache = cacheDir();
    const steps: SetupStep[] = [];
    const pulumiRoot = path.join(cache, `pulumi-v${version}`);
    const cli = path.join(pulumiRoot, "bin", "pulumi");
    const yamlDir = path.join(cache, `pulumi-language-yaml-${yamlVersion}`);
    const yamlHost = path.join(yamlDir, "pulumi-language-yaml");
    const sdkgenDir = path.join(cache, `sdkgen-v${version}-${sha(["go.mod", "go.sum", "sdkgen/main.go"].map((f) => path.join(PULUMI_MODULE, f)))}`);
    const sdkgen = path.join(sdkgenDir, "sdkgen");
    const venv = path.join(cache, `python-pulumi-${version}-${sha([], PYTHON_SDK_REQUIREMENTS)}`);
    const python = path.join(venv, "bin", "python");

    // Go builds one at a time (they share the build cache and the cores); pip downloads meanwhile.
    const goTools = (async () => {
        await cached("pulumi CLI", pulumiRoot, () => answers(cli, ["version"], (out) => out.trim() === `v${version}`), (scratch) =>
            goBuild(PULUMI_MODULE, path.join(scratch, "bin", "pulumi"), `${PULUMI_PKG}/cmd/pulumi`,
                `-X ${PULUMI_SDK}/go/common/version.Version=v${version}`), steps);
        await cached("pulumi-language-yaml", yamlDir, () => builtFrom(yamlHost, YAML_PKG, yamlVersion), (scratch) =>
            goBuild(YAML_MODULE, path.join(scratch, "pulumi-language-yaml"), `${YAML_PKG}/cmd/pulumi-language-yaml`,
                `-X ${YAML_PKG}/pkg/version.Version=${yamlVersion}`), steps);
        await cached("sdkgen", sdkgenDir, () => builtFrom(sdkgen, PULUMI_PKG, `v${version}`), (scratch) =>
            goBuild(PULUMI_MODULE, path.join(scratch, "sdkgen"), "./sdkgen", ""), steps);
    })();
    const pythonTools = cached("python venv", venv,
        () => answers(python, ["-c", "import importlib.metadata as m, parver, setuptools, wheel, pulumi.automation; print(m.version('pulumi'))"], (out) => out.trim() === version),
        async (scratch) => {
            // Only the venv's `python` is used, and it runs from wherever the folder is moved to.
            await exec("python3", ["-m", "venv", scratch]);
            await exec(path.join(scratch, "bin", "python"), ["-m", "pip", "install", "--quiet", `pulumi==${version}`, ...PYTHON_SDK_REQUIREMENTS]);
        }, steps);
    await Promise.all([goTools, pythonTools]);
    return { tools: { version, cacheDir: cache, pulumiRoot, yamlHost, python, sdkgen }, steps };
}

/** The engine suite's tools, built or taken from the cache. */
export async function engineTools(): Promise<EngineTools> {
    return (await setUp()).tools;
}

if (require.main === module) {
    const start = Date.now();
    setUp().then(({ tools, steps }) => {
        for (const step of steps) {
            console.log(`${step.name.padEnd(22)} ${step.cached ? "cached" : "built "} ${step.seconds.toFixed(1).padStart(6)} s  ${step.path}`);
        }
        console.log(`engine tools for @pulumi/pulumi ${tools.version} ready in ${((Date.now() - start) / 1000).toFixed(1)} s:`);
        console.log(JSON.stringify(tools, null, 2));
    }, (error: Error) => {
        console.error(`engine setup failed: ${error.message}`);
        process.exit(1);
    });
}
