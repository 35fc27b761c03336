import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { plan } from "../../scripts/plan";
import { ProgramRun, SECRET_PLACEHOLDER } from "../../scripts/offline-runtime";
import { expectFailure, loadStackConfig, one, runProgram, TYPES } from "../support/harness";

const TOKEN = "hf_LiveTokenThatMustNeverReachTheState";
const ROLE = "arn:aws:iam::123456789012:role/acme-sagemaker";

/** Every path of a value whose text holds `needle`. */
function pathsHolding(value: unknown, needle: string, at: string): string[] {
    if (typeof value === "string") {
        return value.includes(needle) ? [at] : [];
    }
    if (typeof value !== "object" || value === null) {
        return [];
    }
    return Object.entries(value).flatMap(([k, v]) => pathsHolding(v, needle, at === "" ? k : `${at}.${k}`));
}

const within = (secretPaths: string[]) => (p: string) => secretPaths.some((s) => p === s || p.startsWith(`${s}.`));

/**
 * Where `needle` reached the engine in plain text: every resource input and stack output that holds
 * it, less those the engine received as secrets. Also how many places hold it, so that a test
 * cannot pass by not looking where the value went.
 */
function exposed(run: ProgramRun, needle: string): { plain: string[]; places: number } {
    const inputs = run.resources.flatMap((r) => pathsHolding(r.inputs, needle, "").map((p) => ({ at: `${r.type} ${r.name}: ${p}`, kept: within(r.secretPaths)(p) })));
    const outputs = pathsHolding(run.outputs, needle, "").map((p) => ({ at: `stack output ${p}`, kept: within(run.secretOutputPaths)(p) }));
    const all = [...inputs, ...outputs];
    return { plain: all.filter((x) => !x.kept).map((x) => x.at), places: all.length };
}

/** What `npm run plan -- --stack evaluation` prints, and its exit code, with the committed config edited. */
async function planEvaluation(edit: (yaml: string) => string): Promise<{ code: number; out: string; errors: string }> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-secret-"));
    const file = path.join(dir, "Pulumi.evaluation.yaml");
    const committed = fs.readFileSync(path.join(__dirname, "..", "..", "Pulumi.evaluation.yaml"), "utf8");
    const edited = edit(committed);
    assert.notStrictEqual(edited, committed, "the edit applies");
    fs.writeFileSync(file, edited);
    const out: string[] = [];
    const errors: string[] = [];
    try {
        const code = await plan(["--stack", "evaluation", "--config", file], (l) => out.push(l), (l) => errors.push(l));
        return { code, out: out.join("\n"), errors: errors.join("\n") };
    } finally {
        fs.rmSync(dir, { recursive: true });
    }
}

function withToken(stack: string, key: string, set: (value: any) => void): Record<string, unknown> {
    const config = loadStackConfig(stack);
    const value = JSON.parse(JSON.stringify(config[key]));
    set(value);
    return { ...config, [key]: value };
}

describe("secrets from stack config", () => {
    const evaluation = withToken("evaluation", "sagemaker-inference:candidates", (c) => { c[1].environment.HF_TOKEN = TOKEN; });

    it("the issue's case: an HF_TOKEN in a candidate's environment reaches the model only as a secret", async () => {
        const run = await runProgram({ stack: "evaluation", config: evaluation, secretKeys: ["sagemaker-inference:candidates"] });
        const model = one(run, TYPES.model, "llama3-70b-ft-b-model");
        assert.strictEqual(model.inputs.primaryContainer.environment.HF_TOKEN, TOKEN, "validated and passed on as given");
        assert.deepStrictEqual(exposed(run, TOKEN), { plain: [], places: 1 });
        // The other candidate's model, from the same (secret) setting, is kept secret too: Pulumi marks the whole key.
        assert.ok(within(one(run, TYPES.model, "llama3-70b-ft-a-model").secretPaths)("primaryContainer.environment"));
    });

    it("the same value, not marked secret, is seen in plain text: the check above looks where it goes", async () => {
        const run = await runProgram({ stack: "evaluation", config: evaluation });
        assert.deepStrictEqual(exposed(run, TOKEN), { plain: ["aws:sagemaker/model:Model llama3-70b-ft-b-model: primaryContainer.environment.HF_TOKEN"], places: 1 });
    });

    it("keeps a secret in the dev stack's components and in production's real-time and async models", async () => {
        const dev = withToken("dev", "sagemaker-inference:components", (c) => { c[0].environment = { HF_TOKEN: TOKEN }; });
        const devRun = await runProgram({ stack: "dev", config: dev, secretKeys: ["sagemaker-inference:components"] });
        assert.deepStrictEqual(exposed(devRun, TOKEN), { plain: [], places: 1 });
        for (const key of ["realtime", "async"]) {
            const production = withToken("production", `sagemaker-inference:${key}`, (e) => { e.model.environment = { ...e.model.environment, HF_TOKEN: TOKEN }; });
            const run = await runProgram({ stack: "production", config: production, secretKeys: [`sagemaker-inference:${key}`] });
            assert.deepStrictEqual(exposed(run, TOKEN), { plain: [], places: 1 }, key);
        }
    });

    it("keeps a secret executionRoleArn a secret in every input and output made from it", async () => {
        const config: Record<string, unknown> = { ...loadStackConfig("production"), "sagemaker-inference:executionRoleArn": ROLE };
        const { outputRetentionDays: _days, ...async } = config["sagemaker-inference:async"] as Record<string, unknown>;
        config["sagemaker-inference:async"] = {
            ...async, outputBucket: "s3://acme-async/out/",
            successTopicArn: "arn:aws:sns:us-east-1:123456789012:ok", errorTopicArn: "arn:aws:sns:us-east-1:123456789012:failed",
        };
        const plain = await runProgram({ stack: "production", config });
        assert.ok(exposed(plain, ROLE).plain.length > 0);
        const run = await runProgram({ stack: "production", config, secretKeys: ["sagemaker-inference:executionRoleArn"] });
        const { plain: seen, places } = exposed(run, ROLE);
        assert.deepStrictEqual(seen, []);
        assert.ok(places >= 2, `the role reaches both models: ${places}`);
    });

    it("refuses a secret in a setting that cannot keep one, naming it and those that can", async () => {
        await expectFailure({ stack: "evaluation", config: loadStackConfig("evaluation"), secretKeys: ["sagemaker-inference:reservationArn"] },
            /^sagemaker-inference:reservationArn holds a secret, which stack evaluation cannot keep in this setting: its value goes into resource names, settings and checks that are not secret\. The settings that keep secrets are sagemaker-inference:candidates, sagemaker-inference:executionRoleArn$/);
    });

    it("npm run plan shows an encrypted value it cannot decrypt as [secret] and goes on, keeping it secret", async () => {
        const config = withToken("evaluation", "sagemaker-inference:candidates", (c) => { c[1].environment.HF_TOKEN = { secure: "v1:AAAAbm90LWRlY3J5cHRhYmxl" }; });
        const run = await runProgram({ stack: "evaluation", config });
        assert.deepStrictEqual(exposed(run, SECRET_PLACEHOLDER), { plain: [], places: 1 });

        const { code, out } = await planEvaluation((yaml) => yaml.replace(
            '        OPTION_MAX_ROLLING_BATCH_SIZE: "64"\n  #', '        OPTION_MAX_ROLLING_BATCH_SIZE: "64"\n        HF_TOKEN:\n          secure: v1:AAAAbm90LWRlY3J5cHRhYmxl\n  #'));
        assert.strictEqual(code, 0, out);
        assert.match(out, /llama3-70b-ft-b-model\n.* env HF_TOKEN=\[secret\],OPTION_MAX_ROLLING_BATCH_SIZE=64,OPTION_TENSOR_PARALLEL_DEGREE=8\]; kept secret in the state: .*primaryContainer\n/);
        assert.doesNotMatch(out, /plain text|v1:AAAA/);
    });

    it("npm run plan says so when an encrypted value it cannot decrypt fails a rule, without advising plain text", async () => {
        const { code, errors } = await planEvaluation((yaml) => yaml.replace("  sagemaker-inference:reservedInstanceType:",
            "  sagemaker-inference:executionRoleArn:\n    secure: v1:AAAAcm9sZQ==\n  sagemaker-inference:reservedInstanceType:"));
        assert.strictEqual(code, 1);
        assert.match(errors, /^plan failed: sagemaker-inference:executionRoleArn: "\[secret\]" is not an IAM role ARN .* \(\[secret\] stands for an encrypted value, which the plan cannot decrypt: pulumi preview checks the value itself\)$/);
    });
});
