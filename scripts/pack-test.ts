/**
 * `npm run test:pack`: the package as a release makes it and a user gets it. Clones this repository's
 * last commit into a scratch folder and does there what a release does, `npm ci` then `npm pack`
 * (no build first: the package's prepare builds bin/), checking that no dependency's install script
 * runs and that the tarball holds the compiled package and nothing else. Then installs the package
 * into scratch projects as docs/installation-configuration.md says, from the tarball, from git and from the clone's folder
 * (dependencies from the local npm cache), and runs a small program from each under Pulumi's mocks.
 * Slower than the unit tests, so `.ci/run` runs it after `npm test`.
 */
import { execFile, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { promisify } from "util";
import * as grpc from "@grpc/grpc-js";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { SCHEMA_FILE } from "../plugin-provider";

const ROOT = path.join(__dirname, "..");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const NAME = "sagemaker-inference";

/**
 * The environment of a user's shell: `npm run` hands this repository's .npmrc settings down as
 * npm_config_* variables, which would otherwise apply to the scratch projects too.
 */
const USER_ENV: NodeJS.ProcessEnv = { ...process.env };
for (const line of fs.readFileSync(path.join(ROOT, ".npmrc"), "utf8").split("\n")) {
    const key = /^\s*([\w-]+)\s*=/.exec(line)?.[1];
    if (key !== undefined) {
        delete USER_ENV[`npm_config_${key.replace(/-/g, "_")}`];
    }
}

/** Seconds since `start`, for the log: CI's time is budgeted. */
function since(start: bigint): string {
    return `${Math.round(Number(process.hrtime.bigint() - start) / 1e9)} s`;
}

/**
 * Runs a command to its end and returns its output; without blocking, so that the scratch projects
 * install side by side. A failure says both outputs: tsc, for one, reports on stdout.
 */
async function run(command: string, args: string[], cwd: string): Promise<string> {
    try {
        return (await promisify(execFile)(command, args, { cwd, env: USER_ENV, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })).stdout;
    } catch (err) {
        throw new Error(`${(err as Error).message}${(err as { stdout?: string }).stdout ?? ""}`);
    }
}

/** The files a release must hold, exactly: package.json, README, LICENSE, CHANGELOG, the plugin's entry and schema, and each module the build compiles as .js and .d.ts. */
function releaseFiles(clone: string): string[] {
    const config = ts.getParsedCommandLineOfConfigFile(path.join(clone, "tsconfig.build.json"), {}, {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
            throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
        },
    });
    if (config === undefined || config.fileNames.length === 0) {
        throw new Error("tsconfig.build.json names no sources");
    }
    const modules = config.fileNames.map((f) => path.relative(clone, f).split(path.sep).join("/").replace(/\.ts$/, ""));
    return ["package.json", "README.md", "LICENSE", "CHANGELOG.md", SCHEMA_FILE, "plugin.js", ...modules.flatMap((m) => [`bin/${m}.js`, `bin/${m}.d.ts`])].sort();
}

/** The plugin process as the language host started it: the port it prints first (its first answer), or its exit. */
interface StartedPlugin { port: Promise<number>; exit: Promise<number | null>; output: () => string; stop: () => void }

/**
 * Starts the plugin in `dir` as the Node.js language host runs a source-based plugin (`RunPlugin` in
 * pulumi/pulumi's sdk/nodejs/cmd/pulumi-language-nodejs/main.go): node with the folder's own
 * `@pulumi/pulumi/cmd/run-plugin`, the folder, then the engine's address (none listens: serving the
 * schema needs no engine), in another working directory.
 */
function startPlugin(dir: string, cwd: string): StartedPlugin {
    const runPlugin = require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [dir] });
    const child = spawn(process.execPath, [runPlugin, dir, "127.0.0.1:1"], { cwd, env: USER_ENV, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const exit = new Promise<number | null>((resolve) => child.on("exit", resolve));
    const port = new Promise<number>((resolve, reject) => {
        child.stdout.on("data", (d: Buffer) => {
            output += d.toString();
            const printed = /^(\d+)\n/.exec(output)?.[1];
            if (printed !== undefined) {
                resolve(Number(printed));
            }
        });
        void exit.then((code) => reject(new Error(`the plugin exited (${code}) without serving:\n${output}`)));
    });
    port.catch(() => undefined);
    child.stderr.on("data", (d: Buffer) => { output += d.toString(); });
    return { port, exit, output: () => output, stop: () => child.kill() };
}

/** The schema the plugin on `port` answers GetSchema with. */
function servedSchema(port: number): Promise<string> {
    const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return new Promise((resolve, reject) => client.getSchema(new provproto.GetSchemaRequest(), (err, res) => {
        client.close();
        if (err !== null || res === undefined) {
            reject(err ?? new Error("no answer"));
        } else {
            resolve(res.getSchema());
        }
    }));
}

/** Each lifecycle script npm ran, from the banners `--foreground-scripts` prints: "> name@version event". */
function scriptsRun(npmOutput: string): string[] {
    return npmOutput.split("\n").flatMap((line) => {
        const banner = /^> (@?[^@\s]+)@\S+ (\w+)$/.exec(line);
        return banner === null ? [] : [`${banner[1]} ${banner[2]}`];
    });
}

/** A user's program: a model on an on-demand endpoint, under mocks, printing the endpoint's name. */
const PROGRAM = `
const pulumi = require("@pulumi/pulumi");
pulumi.runtime.setAllConfig({ "aws:region": "us-east-1" });
pulumi.runtime.setMocks({
    newResource: (args) => ({ id: args.inputs.name || args.name + "-id", state: { ...args.inputs, arn: "arn:aws:iam::123456789012:role/" + args.name } }),
    call: (args) => args.inputs,
}, "consumer", "dev", false);
const { InferenceModel, ReservedEndpoint } = require("sagemaker-inference");
const model = new InferenceModel("llama3-8b", {
    image: "763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128",
    modelDataUrl: "s3://acme-models/llama3-8b/",
});
const endpoint = new ReservedEndpoint("llama3-8b", { modelName: model.modelName, instanceType: "ml.g5.2xlarge" });
endpoint.endpointName.apply((name) => console.log("endpoint " + name));
// The planning entry README.md documents, through package.json's exports.
console.log("planning " + typeof require("sagemaker-inference/bin/planning").planVariant);
`;

/** A user's unit test of their program, through the test kit: no setMocks, outputs as real ones would be. */
const KIT_TEST = `
const { InferenceModel, ReservedEndpoint } = require("sagemaker-inference");
const { planVariant } = require("sagemaker-inference/bin/planning");
const { runProgram } = require("sagemaker-inference/testing");
runProgram(() => {
    const model = new InferenceModel("llama3-8b", {
        image: "763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128",
        modelDataUrl: "s3://acme-models/llama3-8b/",
    });
    return { arn: new ReservedEndpoint("llama3-8b", { modelName: model.modelName, instanceType: "ml.g5.2xlarge" }).endpointArn };
}, { config: { "aws:region": "eu-west-1" }, prices: { "ml.g5.2xlarge": 1.5 } }).then((run) => {
    console.log("kit " + run.outputs.arn + " " + run.ofType("aws-native:sagemaker:Endpoint").length + " " + typeof planVariant);
    console.log(run.summary.split("\\n").slice(-3).join("\\n"));
}, (err) => { console.error(err); process.exitCode = 1; });
`;

/** The same test in TypeScript, as a user's compiler checks it: the entries' declarations found by each module resolution. */
const KIT_TEST_TS = `
import { ReservedEndpoint } from "sagemaker-inference";
import { planVariant } from "sagemaker-inference/bin/planning";
import { runProgram, TestRun, TestRunOptions } from "sagemaker-inference/testing";
const options: TestRunOptions = { stack: "ci", prices: { "ml.g5.2xlarge": 1.5 } };
export const run: Promise<TestRun> = runProgram(() => { new ReservedEndpoint("e", { modelName: "m", instanceType: "ml.g5.2xlarge" }); }, options);
export const names: Promise<string[]> = run.then((r) => r.ofType<{ endpointName: string }>("aws-native:sagemaker:Endpoint").map((e) => e.inputs.endpointName));
export const helper: typeof planVariant = planVariant;
`;

/** The kit's output for KIT_TEST: the endpoint's ARN in eu-west-1, and the cost priced. */
const KIT_OUTPUT = [
    "kit arn:aws:sagemaker:eu-west-1:123456789012:endpoint/test-test-llama3-8b 1 function",
    "cost: the most instance-hours per week, per instance type (floor: with no traffic; ceiling: every endpoint at its maximum)",
    "  ml.g5.2xlarge: 168 to 168 instance-hours per week (test-test-llama3-8b: 1 to 1 instance(s)); at 1.5 an hour: 252.00 to 252.00 a week",
    "  prices: hourly, per instance type, from runProgram options.prices",
].join("\n");

async function main(): Promise<number> {
    const results: [string, string | undefined][] = [];
    /** Runs one check; its result keeps the place where it was started. */
    const check = async (name: string, fn: () => unknown): Promise<void> => {
        const index = results.push([name, undefined]) - 1;
        const start = process.hrtime.bigint();
        let error: string | undefined;
        try {
            await fn();
        } catch (err) {
            error = (err as Error).message;
        }
        results[index] = [`${name} (${since(start)})`, error];
    };
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "sagemaker-inference-pack-"));
    try {
        // A release is made from a commit, in a clone that has nothing but that commit.
        const commit = (await run("git", ["rev-parse", "HEAD"], ROOT)).trim();
        if ((await run("git", ["status", "--porcelain"], ROOT)).trim() !== "") {
            console.log(`note: packing the last commit, ${commit}; uncommitted changes are not in it`);
        }
        const clone = path.join(scratch, "clone");
        await run("git", ["clone", "--quiet", "--no-checkout", ROOT, clone], scratch);
        await run("git", ["checkout", "--quiet", commit], clone);
        let start = process.hrtime.bigint();
        const install = await run(NPM, ["ci", "--prefer-offline", "--no-audit", "--no-fund", "--foreground-scripts"], clone);
        console.log(`npm ci in a clone of ${commit} (${since(start)})`);
        await check("npm ci in a clean clone runs this package's own prepare and no dependency's install script", () => {
            const ran = scriptsRun(install);
            const others = ran.filter((s) => !s.startsWith(`${NAME} `));
            if (others.length > 0 || !ran.includes(`${NAME} prepare`)) {
                throw new Error(`scripts run: ${ran.join(", ") || "none"}`);
            }
        });
        // Background scripts: the prepare's output would otherwise come before pack's JSON on stdout.
        start = process.hrtime.bigint();
        const [packed] = JSON.parse(await run(NPM, ["pack", "--json", "--foreground-scripts=false", "--pack-destination", scratch], clone)) as
            { filename: string; files: { path: string }[] }[];
        console.log(`npm pack (${since(start)})`);
        await check("the tarball npm pack makes in the clone holds .js and .d.ts for every module the build compiles, package.json, README, LICENSE, CHANGELOG, and nothing else", () => {
            const files = packed.files.map((f) => f.path).sort();
            const expected = releaseFiles(clone);
            const missing = expected.filter((f) => !files.includes(f));
            const extra = files.filter((f) => !expected.includes(f));
            if (missing.length > 0 || extra.length > 0) {
                throw new Error(`missing: ${missing.join(", ") || "none"}; should not ship: ${extra.join(", ") || "none"}`);
            }
        });
        await check("the build's bin/schema.json is the schema tests/package/schema.json pins (multi-language.test.ts checks that against a fresh analysis)", () => {
            if (fs.readFileSync(path.join(clone, SCHEMA_FILE), "utf8") !== fs.readFileSync(path.join(clone, "tests/package/schema.json"), "utf8")) {
                throw new Error(`${SCHEMA_FILE} differs from tests/package/schema.json`);
            }
        });
        await check("the built clone, started as the Node.js language host starts a plugin, serves bin/schema.json", async () => {
            start = process.hrtime.bigint();
            const plugin = startPlugin(clone, scratch);
            try {
                const port = await plugin.port;
                console.log(`plugin: its port ${Number(process.hrtime.bigint() - start) / 1e6 | 0} ms after its start`);
                if (await servedSchema(port) !== fs.readFileSync(path.join(clone, SCHEMA_FILE), "utf8")) {
                    throw new Error(`the plugin serves another schema than ${SCHEMA_FILE}`);
                }
            } finally {
                plugin.stop();
            }
        });
        await check("a clone not built, started the same way, fails saying to run npm run build", async () => {
            const unbuilt = path.join(scratch, "unbuilt");
            await run("git", ["clone", "--quiet", clone, unbuilt], scratch);
            fs.symlinkSync(path.join(clone, "node_modules"), path.join(unbuilt, "node_modules"), "dir");
            const plugin = startPlugin(unbuilt, scratch);
            const code = await plugin.exit;
            if (code === 0 || !plugin.output().includes("npm run build")) {
                throw new Error(`exit ${code}: ${plugin.output()}`);
            }
        });
        await check("the examples type-check against the built declarations, as a user's compiler sees the package", async () => {
            await run(process.execPath, [path.join(clone, "node_modules", "typescript", "bin", "tsc"), "-p", path.join("examples", "tsconfig.json")], clone);
        });

        /**
         * Installs the package as `spec` says into a new project, with the README's install-script
         * policy (provider plugins come with `pulumi up`; this package's prepare allowed or not, as
         * `prepare` says), and runs the program from it.
         */
        const consumer = async (name: string, spec: string, prepare: boolean, flags: string[] = []) => {
            const project = path.join(scratch, name);
            fs.mkdirSync(project);
            const allowScripts = { "@pulumi/aws-native": false, protobufjs: false, [spec]: prepare };
            fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name, private: true, dependencies: { [NAME]: spec }, allowScripts }));
            fs.writeFileSync(path.join(project, ".npmrc"), "strict-allow-scripts=true\n");
            fs.writeFileSync(path.join(project, "program.js"), PROGRAM);
            await run(NPM, ["install", "--prefer-offline", "--no-audit", "--no-fund", ...flags], project);
            const out = await run(process.execPath, ["program.js"], project);
            // The default name: project "consumer", stack "dev" (the mocks'), then the component's name.
            if (!out.includes("endpoint consumer-dev-llama3-8b") || !out.includes("planning function")) {
                throw new Error(`unexpected output: ${out}`);
            }
            return project;
        };
        /** A user's test through sagemaker-inference/testing, run by Node and type-checked under both module resolutions users have. */
        const kit = async (project: string) => {
            fs.writeFileSync(path.join(project, "kit.test.js"), KIT_TEST);
            fs.writeFileSync(path.join(project, "kit.test.ts"), KIT_TEST_TS);
            const out = (await run(process.execPath, ["kit.test.js"], project)).trim();
            if (out !== KIT_OUTPUT) {
                throw new Error(`unexpected output of the kit: ${out}`);
            }
            const tsc = path.join(clone, "node_modules", "typescript", "bin", "tsc");
            const common = ["--noEmit", "--strict", "--skipLibCheck", "--target", "es2022", "kit.test.ts"];
            await run(process.execPath, [tsc, ...common, "--module", "commonjs", "--moduleResolution", "node"], project);
            await run(process.execPath, [tsc, ...common, "--module", "node16", "--moduleResolution", "node16"], project);
        };
        await Promise.all([
            // npm lists a tarball's prepare among the scripts to review, but runs it only for git and folders.
            check("a program installed from the tarball runs under mocks, and a test of it through sagemaker-inference/testing runs and type-checks", async () =>
                kit(await consumer("from-tarball", `file:${path.join(scratch, packed.filename)}`, false))),
            // From git, npm installs the package's dev dependencies in a clone of its own and runs prepare, which builds.
            check("a program installed from git runs under mocks", () => consumer("from-git", `git+file://${clone}`, true)),
            // From a folder, npm runs prepare there, which needs the folder's own dev dependencies (npm ci above).
            check("a program installed from the clone's folder (--install-links) runs under mocks", () =>
                consumer("from-folder", `file:${clone}`, true, ["--install-links"])),
        ]);
    } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
    }
    for (const [name, error] of results) {
        console.log(error === undefined ? `ok - ${name}` : `not ok - ${name}: ${error}`);
    }
    const failed = results.filter(([, error]) => error !== undefined).length;
    console.log(`pack test: ${results.length - failed} passed, ${failed} failed`);
    return failed === 0 ? 0 : 1;
}

main().then((code) => { process.exitCode = code; }, (err) => {
    console.error(err);
    process.exitCode = 1;
});
