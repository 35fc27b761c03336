/**
 * The package from every language, through the real engine: the schema the engine gets from the
 * plugin, the SDKs Pulumi's generators write from it (Python, Go, Node.js), examples/python run by
 * Python's Automation API, the Python programs of the README and docs/ under Python's mocks, the
 * Go program of docs/ compiled, and the README's YAML program run by the CLI with
 * pulumi-language-yaml, two stacks of it in one account and region.
 */
import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import * as yaml from "js-yaml";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import { engineTools } from "../../scripts/engine-setup";
import { boughtPlan } from "../support/sagemaker-standin";
import { startAccount } from "./standin/account";
import { callAccount } from "./standin/protocol";
import { pluginDir, REPO } from "./support/plugins";
import { engineEnvironment, OUTPUT_DIR } from "./support/engine";
import { EngineTools } from "./support/tools";
import { docBlocks, docBlock } from "../../scripts/doc-blocks";

const run = promisify(execFile);
const REGION = "us-east-1";
const IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128";

/** This file's engine output, and the SDKs it generates, under the output folder CI prints on failure. */
const OUT = path.join(OUTPUT_DIR, "languages");

/** Runs a command; its output goes to `<OUT>/<log>.log`, and a failure says which command, with the output. */
async function runLogged(log: string, file: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
    const logFile = path.join(OUT, `${log}.log`);
    try {
        const { stdout, stderr } = await run(file, args, { ...options, maxBuffer: 64 * 1024 * 1024 });
        fs.writeFileSync(logFile, `$ ${file} ${args.join(" ")}\n${stdout}${stderr}`);
        return stdout;
    } catch (error) {
        const e = error as Error & { stdout?: string; stderr?: string };
        fs.writeFileSync(logFile, `$ ${file} ${args.join(" ")}\n${e.stdout ?? ""}${e.stderr ?? ""}`);
        throw new Error(`${path.basename(file)} ${args.join(" ")} failed (${logFile}):\n${(e.stderr ?? "").slice(-4000) || e.message}`);
    }
}

/** Scratch folders outside the clone (Pulumi homes, backends, the plugin folder), removed after the file's tests. */
const scratchDirs: string[] = [];
function scratch(prefix: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    scratchDirs.push(dir);
    return dir;
}

/** The CLI's environment: the suite's (engine.ts), with a Pulumi home of its own, and `extra`. */
function engineEnv(tools: EngineTools, plugins: string, extra: Record<string, string> = {}): Record<string, string> {
    return {
        ...process.env as Record<string, string>,
        ...engineEnvironment(tools, plugins, scratch("sagemaker-inference-pulumi-home-")),
        ...extra,
    };
}

/**
 * A schema as the engine carries it: the engine reads the provider's schema into Pulumi's own schema
 * types and writes them back, which drops the analyzer's `optional` flags (whether a property is
 * required is in `required` and `requiredInputs`, which stay) and empty lists and maps.
 */
function asEngineCarries(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(asEngineCarries);
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value)
            .filter(([key, v]) => key !== "optional" && !(typeof v === "object" && v !== null && Object.keys(v).length === 0))
            .map(([key, v]) => [key, asEngineCarries(v)]));
    }
    return value;
}

interface PackageSchema { name: string; version: string; resources: Record<string, unknown> }

describe("every language, through the real engine", () => {
    let tools: EngineTools;
    let plugins: string;
    let served: Promise<{ file: string; seconds: number; startSeconds: number }> | undefined;

    before(async () => {
        // The engine runs the plugin as the Node.js language host does: the package's built main, bin/provider.js.
        for (const built of ["bin/provider.js", "bin/schema.json"]) {
            assert.ok(fs.existsSync(path.join(REPO, built)), `no ${built}: run npm run build first (the plugin runs the built package)`);
        }
        tools = await engineTools();
        plugins = pluginDir(tools);
        scratchDirs.push(plugins);
        fs.rmSync(OUT, { recursive: true, force: true });
        fs.mkdirSync(OUT, { recursive: true });
    });

    after(() => {
        for (const dir of scratchDirs.splice(0)) {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    /**
     * `pulumi package get-schema` on the plugin, once for the file: the engine starts the plugin and
     * asks it for its schema. The plugin is started through a wrapper that notes when it printed its
     * port (its first answer to the engine), for the start time.
     */
    function servedSchema(): Promise<{ file: string; seconds: number; startSeconds: number }> {
        served ??= (async () => {
            const ready = path.join(OUT, "plugin-ready");
            const timed = path.join(OUT, "pulumi-resource-sagemaker-inference");
            fs.writeFileSync(timed, [
                "#!/bin/sh",
                `"${path.join(plugins, "pulumi-resource-sagemaker-inference")}" "$@" | { IFS= read -r port; date +%s%3N > "${ready}"; printf '%s\\n' "$port"; exec cat; }`,
                "",
            ].join("\n"), { mode: 0o755 });
            const started = Date.now();
            // Outside the clone: the repository holds both Pulumi.yaml and PulumiPlugin.yaml, which the CLI refuses to load.
            const schema = await runLogged("get-schema", path.join(tools.pulumiRoot, "bin", "pulumi"), ["package", "get-schema", timed],
                { cwd: os.tmpdir(), env: engineEnv(tools, plugins) });
            const seconds = (Date.now() - started) / 1000;
            const file = path.join(OUT, "schema.json");
            fs.writeFileSync(file, schema);
            return { file, seconds, startSeconds: (Number(fs.readFileSync(ready, "utf8")) - started) / 1000 };
        })();
        return served;
    }

    /** The SDK of a language, generated from the schema the engine got, in `<OUT>/sdk/<language>`. */
    async function generatedSdk(language: "python" | "go" | "nodejs"): Promise<string> {
        const out = path.join(OUT, "sdk", language);
        await runLogged(`sdkgen-${language}`, tools.sdkgen, [(await servedSchema()).file, language, out]);
        return out;
    }

    it("serves by `pulumi package get-schema` the schema tests/package/schema.json records, as the engine carries it", async () => {
        const { file, seconds, startSeconds } = await servedSchema();
        const got = JSON.parse(fs.readFileSync(file, "utf8")) as PackageSchema;
        const committed = JSON.parse(fs.readFileSync(path.join(REPO, "tests/package/schema.json"), "utf8")) as PackageSchema;
        assert.strictEqual(got.name, "sagemaker-inference");
        assert.deepStrictEqual(Object.keys(got.resources).sort(), Object.keys(committed.resources).sort());
        assert.deepStrictEqual(asEngineCarries(got), asEngineCarries(committed), "the plugin serves the build's bin/schema.json: after changing a component's args, npm run build");
        console.log(`      get-schema ${seconds.toFixed(1)} s, of which engine start to the plugin's first answer (its port) ${startSeconds.toFixed(1)} s`);
    });

    it("generates a Python SDK that installs and imports in the venv, with a class for every component", async () => {
        const target = await pythonSdk();
        const classes = await runLogged("python-sdk-import", tools.python, ["-c",
            "import json, inspect, pulumi, pulumi_sagemaker_inference as smi; " +
            "print(json.dumps(sorted(n for n, c in vars(smi).items() if inspect.isclass(c) and issubclass(c, pulumi.ComponentResource))))"],
        { env: { ...process.env, PYTHONPATH: target } });
        const schema = JSON.parse(fs.readFileSync((await servedSchema()).file, "utf8")) as PackageSchema;
        assert.deepStrictEqual(JSON.parse(classes), Object.keys(schema.resources).map((token) => token.split(":")[2]).sort());
    });

    /** The generated Python SDK installed (its version is read from its package metadata) into a folder for PYTHONPATH. */
    let pythonTarget: Promise<string> | undefined;
    function pythonSdk(): Promise<string> {
        pythonTarget ??= (async () => {
            const sdk = await generatedSdk("python");
            const target = path.join(OUT, "python-site");
            await runLogged("python-sdk-install", tools.python, ["-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--target", target, sdk]);
            return target;
        })();
        return pythonTarget;
    }

    it("runs every Python program of the README and docs/ under Python's mocks with the generated SDK: each registers the components it calls", async () => {
        const blocks = docBlocks().filter((b) => b.language === "python");
        assert.ok(blocks.length > 0);
        const dir = scratch("sagemaker-inference-doc-python-");
        const config = path.join(dir, "config.json");
        fs.writeFileSync(config, JSON.stringify({
            "aws:region": REGION, "docs:reservationArn": "arn:aws:sagemaker:us-east-1:123456789012:training-plan/p5-llm-eval-2026-12",
        }));
        const failures: string[] = [];
        for (const block of blocks) {
            const program = path.join(dir, `${block.where.replace(/[^a-zA-Z0-9]+/g, "-")}.py`);
            fs.writeFileSync(program, block.code);
            const called = [...new Set([...block.code.matchAll(/smi\.(\w+)\(/g)].map((m) => `sagemaker-inference:index:${m[1]}`))];
            try {
                const registered = JSON.parse(await runLogged(`doc-python-${path.basename(program, ".py")}`, tools.python,
                    [path.join(__dirname, "python", "doc_block.py"), program, config], { env: { ...process.env, PYTHONPATH: await pythonSdk() } })) as { type: string }[];
                const missing = called.filter((type) => !registered.some((r) => r.type === type));
                if (called.length === 0 || missing.length > 0) {
                    failures.push(`${block.where}: registered no ${missing.join(", ") || "component of the package"}`);
                }
            } catch (error) {
                failures.push(`${block.where}: ${(error as Error).message}`);
            }
        }
        assert.deepStrictEqual(failures, []);
    });

    it("generates a Go SDK that builds and vets, and the Go snippet of docs/ compiles against it", async () => {
        const sdk = await generatedSdk("go");
        const goMod = fs.readFileSync(path.join(sdk, "go.mod"), "utf8");
        const modulePath = /^module\s+(\S+)/m.exec(goMod)?.[1];
        assert.ok(modulePath, goMod);
        // The SDK at the CLI's own Go SDK version, whose module sums scripts/engine/pulumi/go.sum already holds.
        await runLogged("go-mod-edit", "go", ["mod", "edit", `-require=github.com/pulumi/pulumi/sdk/v3@v${tools.version}`], { cwd: sdk });
        fs.copyFileSync(path.join(REPO, "scripts/engine/pulumi/go.sum"), path.join(sdk, "go.sum"));
        const snippet = docBlock("go", "sagemakerinference.NewScaleToZeroEndpoint").code;
        fs.mkdirSync(path.join(sdk, "readme"), { recursive: true });
        fs.writeFileSync(path.join(sdk, "readme", "main.go"), [
            "// The Go snippet of docs/, as the body of a program.",
            "package main",
            "",
            "import (",
            "\t\"github.com/pulumi/pulumi/sdk/v3/go/pulumi\"",
            "",
            `\t"${modulePath}/sagemakerinference"`,
            ")",
            "",
            "func main() {",
            "\tpulumi.Run(func(ctx *pulumi.Context) error {",
            snippet + "\t\treturn err",
            "\t})",
            "}",
            "",
        ].join("\n"));
        await runLogged("go-mod-tidy", "go", ["mod", "tidy"], { cwd: sdk });
        await runLogged("go-build", "go", ["build", "./..."], { cwd: sdk });
        await runLogged("go-vet", "go", ["vet", "./..."], { cwd: sdk });
    });

    it("generates a Node.js SDK that type-checks with the repository's TypeScript, and a program written against it", async () => {
        const sdk = await generatedSdk("nodejs");
        fs.symlinkSync(path.join(REPO, "node_modules"), path.join(sdk, "node_modules"), "dir");
        // The README's YAML program, in TypeScript against the generated SDK.
        fs.writeFileSync(path.join(sdk, "consumer.ts"), [
            'import * as smi from "./index";',
            'const endpoint = new smi.ScaleToZeroEndpoint("llm", { instanceType: "ml.g5.12xlarge", maxInstanceCount: 2 });',
            'new smi.ScalableInferenceComponent("llama", {',
            '    endpointName: endpoint.endpointName, instanceType: "ml.g5.12xlarge", endpointExecutionRoleName: endpoint.executionRoleName,',
            '    modelName: "llama3-8b-instruct", autoScaling: { maxCopies: 2 },',
            "});",
            "",
        ].join("\n"));
        const tsconfig = JSON.parse(fs.readFileSync(path.join(sdk, "tsconfig.json"), "utf8").replace(/^\s*\/\/.*$/gm, "")) as { files: string[] };
        fs.writeFileSync(path.join(sdk, "tsconfig.json"), JSON.stringify({ ...tsconfig, files: [...tsconfig.files, "consumer.ts"] }, null, 2));
        await runLogged("nodejs-tsc", process.execPath, [path.join(REPO, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", sdk]);
    });

    it("runs examples/python through the engine with Python's Automation API: preview, up and destroy", async () => {
        const account = await startAccount();
        try {
            const planName = "p5-llm-eval-python";
            const now = Date.now();
            const day = 24 * 3600 * 1000;
            account.sagemaker.plans.set(planName, boughtPlan(planName, {
                id: "tpo-python", fee: 85000, instanceType: "ml.p5.48xlarge", instanceCount: 2, targets: ["endpoint"],
                start: new Date(now - 2 * day).toISOString(), end: new Date(now + 5 * day).toISOString(),
            }, "Active"));
            const reservationArn = account.sagemaker.plans.get(planName)!.arn;
            const example = path.join(REPO, "examples/python");
            const project = (yaml.load(fs.readFileSync(path.join(example, "Pulumi.yaml"), "utf8")) as { name: string }).name;
            const work = path.join(OUTPUT_DIR, "work");
            fs.mkdirSync(work, { recursive: true });
            const request = {
                program: path.join(example, "__main__.py"),
                project,
                stack: "python",
                // Under the clone, so that the pulumi-nodejs host finds the project's node_modules.
                work_dir: fs.mkdtempSync(path.join(work, "python-")),
                backend: `file://${scratch("sagemaker-inference-backend-")}`,
                pulumi_root: tools.pulumiRoot,
                env: engineEnv(tools, plugins, account.env()),
                config: { "aws:region": REGION, [`${project}:reservationArn`]: reservationArn },
                log_prefix: path.join(OUT, "python-example"),
            };
            /** Runs phases in the driver, which selects the stack again each time. */
            const runPhases = async (phases: string[]) => {
                const requestFile = path.join(OUT, `python-example-${phases.join("-")}.json`);
                fs.writeFileSync(requestFile, JSON.stringify({ ...request, phases }, null, 2));
                return JSON.parse(await runLogged(`python-example-${phases.join("-")}`, tools.python, [path.join(__dirname, "python", "deploy.py"), requestFile],
                    { env: { ...process.env, PYTHONPATH: await pythonSdk() } })) as Record<string, { changes: Record<string, number>; outputs?: Record<string, unknown> }>;
            };
            const started = Date.now();
            const results = await runPhases(["preview", "up"]);
            const seconds = (Date.now() - started) / 1000;

            assert.deepStrictEqual(Object.keys(results.preview.changes), ["create"]);
            assert.deepStrictEqual(results.up.changes, results.preview.changes, "up does what the preview planned");
            const endpointNames = results.up.outputs?.endpointNames as string[];
            assert.strictEqual(endpointNames.length, 2);
            const live = account.resources().filter((r) => r.type === "aws-native:sagemaker:Endpoint");
            assert.deepStrictEqual(live.map((r) => r.physicalName).sort(), [...endpointNames].sort());
            assert.ok(live.every((r) => r.region === REGION));
            // Both candidates serve on the plan's reserved capacity.
            assert.deepStrictEqual(endpointNames.map((name) => account.sagemaker.endpoints.get(name)?.reservationArn), [reservationArn, reservationArn]);
            const destroyed = await runPhases(["destroy"]);
            assert.deepStrictEqual(Object.keys(destroyed.destroy.changes), ["delete"]);
            assert.deepStrictEqual(account.resources(), []);
            console.log(`      examples/python: preview and up ${seconds.toFixed(1)} s, destroy ${((Date.now() - started) / 1000 - seconds).toFixed(1)} s`);
        } finally {
            await account.stop();
        }
    });

    it("runs the README's YAML program with pulumi-language-yaml, two stacks of it in one account and region, both up", async () => {
        const account = await startAccount();
        try {
            const work = path.join(OUTPUT_DIR, "work");
            fs.mkdirSync(work, { recursive: true });
            const project = fs.mkdtempSync(path.join(work, "yaml-"));
            fs.writeFileSync(path.join(project, "Pulumi.yaml"),
                `name: sagemaker-inference-yaml\nruntime: yaml\n${docBlock("yaml", "sagemaker-inference:ScaleToZeroEndpoint").code}`);
            // The README's program serves a model made elsewhere: the account holds it.
            const modelName = /modelName: (\S+)/.exec(fs.readFileSync(path.join(project, "Pulumi.yaml"), "utf8"))![1];
            await callAccount(account.url, {
                provider: "aws", region: REGION, urn: `urn:pulumi:elsewhere::models::aws:sagemaker/model:Model::${modelName}`, op: "create",
                inputs: { name: modelName, executionRoleArn: "arn:aws:iam::123456789012:role/models", region: REGION, primaryContainer: { image: IMAGE, modelDataUrl: "s3://acme-models/llama3-8b/" } },
            });
            const backend = scratch("sagemaker-inference-backend-");
            const pulumiCommand = await PulumiCommand.get({ root: tools.pulumiRoot, skipVersionCheck: true });
            const envVars = engineEnv(tools, plugins, { ...account.env(), PULUMI_BACKEND_URL: `file://${backend}` });
            const stacks = [];
            const endpointNames: string[] = [];
            for (const name of ["alpha", "beta"]) {
                const stack = await LocalWorkspace.createOrSelectStack({ stackName: name, workDir: project }, { pulumiCommand, envVars });
                await stack.setConfig("aws:region", { value: REGION });
                stacks.push(stack);
                // A preview first: its wall time is what a user waits for, the plugin's start included.
                let started = Date.now();
                const preview = await stack.preview({ onOutput: (out) => fs.appendFileSync(path.join(OUT, `yaml-${name}-preview.log`), out) });
                assert.deepStrictEqual(Object.keys(preview.changeSummary), ["create"]);
                const previewSeconds = (Date.now() - started) / 1000;
                const log = path.join(OUT, `yaml-${name}-up.log`);
                started = Date.now();
                const up = await stack.up({ onOutput: (out) => fs.appendFileSync(log, out) });
                assert.strictEqual(up.summary.result, "succeeded");
                assert.deepStrictEqual(up.summary.resourceChanges, preview.changeSummary, "up does what the preview planned");
                endpointNames.push(String(up.outputs.endpointName.value));
                console.log(`      YAML stack ${name}: preview ${previewSeconds.toFixed(1)} s, up ${((Date.now() - started) / 1000).toFixed(1)} s`);
            }
            const live = account.resources().filter((r) => r.type === "aws-native:sagemaker:Endpoint");
            assert.deepStrictEqual(live.map((r) => r.physicalName).sort(), [...endpointNames].sort());
            assert.notStrictEqual(endpointNames[0], endpointNames[1]);
            for (const stack of stacks) {
                await stack.destroy({ onOutput: (out) => fs.appendFileSync(path.join(OUT, `yaml-${stack.name}-destroy.log`), out) });
            }
            assert.deepStrictEqual(account.resources().map((r) => r.physicalName), [modelName]);
        } finally {
            await account.stop();
        }
    });
});
