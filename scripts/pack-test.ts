/**
 * `npm run test:pack`: the package as a user gets it. Builds and packs it, checks what the tarball
 * holds, installs the tarball into a scratch project (dependencies from the local npm cache, which
 * `npm ci` filled), and runs a small program from it under Pulumi's mocks, as a user's would.
 * Slower than the unit tests, so `.ci/run` runs it after `npm test`.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.join(__dirname, "..");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

function run(command: string, args: string[], cwd: string): string {
    return execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** What the tarball must hold, and what it must not. */
const REQUIRED = ["package.json", "README.md", "LICENSE", "CHANGELOG.md", "bin/index.js", "bin/index.d.ts",
    "bin/components/endpoint/reserved-endpoint.js", "bin/dynamic-providers/training-plan.js"];
const FORBIDDEN = /^(tests|scripts|stacks|\.ci|examples)\/|^bin\/(tests|scripts|stacks|examples)\/|^Pulumi\.[^/]*\.yaml$|(?<!\.d)\.ts$|\.map$/;

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
`;

async function main(): Promise<number> {
    const results: [string, string | undefined][] = [];
    const check = (name: string, fn: () => void) => {
        try {
            fn();
            results.push([name, undefined]);
        } catch (err) {
            results.push([name, (err as Error).message]);
        }
    };
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "sagemaker-inference-pack-"));
    try {
        run(NPM, ["run", "build", "--silent"], ROOT);
        check("the examples type-check against the built declarations, as a user's compiler sees the package", () => {
            run(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join("examples", "tsconfig.json")], ROOT);
        });
        const [packed] = JSON.parse(run(NPM, ["pack", "--json", "--pack-destination", scratch], ROOT)) as { filename: string; files: { path: string }[] }[];
        const files = packed.files.map((f) => f.path);
        check("the tarball holds the compiled package, its declarations, README, LICENSE and CHANGELOG", () => {
            const missing = REQUIRED.filter((f) => !files.includes(f));
            if (missing.length > 0) {
                throw new Error(`missing: ${missing.join(", ")}`);
            }
        });
        check("the tarball holds nothing of tests/, scripts/, stacks/, .ci/, the stack configs, sources or maps", () => {
            const extra = files.filter((f) => FORBIDDEN.test(f));
            if (extra.length > 0) {
                throw new Error(`should not ship: ${extra.join(", ")}`);
            }
        });

        /** Installs the package as `spec` says into a new project, and runs the program from it. */
        const consumer = (name: string, spec: string, scripts: boolean) => {
            const project = path.join(scratch, name);
            fs.mkdirSync(project);
            fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name, private: true, dependencies: { "sagemaker-inference": spec } }));
            fs.writeFileSync(path.join(project, "program.js"), PROGRAM);
            // Explicit either way: `npm run` hands this repository's ignore-scripts=true down to the npm it starts.
            run(NPM, ["install", "--prefer-offline", "--no-audit", "--no-fund", `--ignore-scripts=${!scripts}`], project);
            const out = run(process.execPath, ["program.js"], project);
            if (!out.includes("endpoint llama3-8b")) {
                throw new Error(`unexpected output: ${out}`);
            }
        };
        // Provider plugins are not downloaded: the program runs under mocks.
        check("a program installed from the tarball runs under mocks", () => consumer("from-tarball", `file:${path.join(scratch, packed.filename)}`, false));
        // From git, npm runs prepare, which builds; the providers' install scripts end quietly without a Pulumi CLI.
        check("a program installed from the git repository (its last commit) runs under mocks", () =>
            consumer("from-git", `git+file://${ROOT}`, true));
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
