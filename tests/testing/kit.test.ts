import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { InferenceModel, ReservedEndpoint, ScaleToZeroEndpoint, TrainingPlan } from "sagemaker-inference";
import { ProgramFailure, runProgram } from "sagemaker-inference/testing";
import { runProgram as runOffline } from "../../testing/offline-runtime";
import { formatPlan } from "../../scripts/plan";

const IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128";

/** A user's program: a model on an on-demand endpoint, returning what a user would export. */
function chat() {
    const model = new InferenceModel("chat", { image: IMAGE, modelDataUrl: "s3://acme-models/chat/" });
    const endpoint = new ReservedEndpoint("chat", { modelName: model.modelName, instanceType: "ml.g5.2xlarge" });
    return { endpointName: endpoint.endpointName, endpointArn: endpoint.endpointArn, roleArn: model.executionRoleArn };
}

/** A program that buys a training plan and exports what a refresh would read of it. */
function bought() {
    const plan = new TrainingPlan("plan", {
        planName: "p5-eval", instanceType: "ml.p5.48xlarge", instanceCount: 2, durationHours: 168,
        endTimeBefore: "2026-12-20T00:00:00Z", maxUpfrontFee: 20000, currencyCode: "USD",
    });
    return { arn: plan.arn, status: plan.status, startTime: plan.startTime, endTime: plan.endTime, available: plan.availableInstanceCount };
}

describe("sagemaker-inference/testing", () => {
    it("runs a user's program and gives outputs in the real formats: names from project and stack, ARNs per service", async () => {
        const run = await runProgram(chat, { project: "shop", stack: "staging", config: { "aws:region": "eu-west-1" } });
        assert.deepStrictEqual(run.outputs, {
            endpointName: "shop-staging-chat",
            endpointArn: "arn:aws:sagemaker:eu-west-1:123456789012:endpoint/shop-staging-chat",
            // IAM is global: no region in its ARNs.
            roleArn: "arn:aws:iam::123456789012:role/staging-chat-sagemaker",
        });
    });

    it("defaults to project and stack test in us-east-1", async () => {
        const run = await runProgram(chat);
        assert.deepStrictEqual([run.outputs.endpointName, run.outputs.endpointArn],
            ["test-test-chat", "arn:aws:sagemaker:us-east-1:123456789012:endpoint/test-test-chat"]);
    });

    it("lists every registered resource with its type, name, inputs and parent, and those of one type", async () => {
        const run = await runProgram(chat);
        assert.deepStrictEqual(run.resources.filter((r) => !r.custom).map((r) => [r.type, r.name]), [
            ["sagemaker-inference:index:InferenceModel", "chat"],
            ["sagemaker-inference:index:ReservedEndpoint", "chat"],
        ]);
        assert.ok(!run.resources.some((r) => r.type === "pulumi:pulumi:Stack"));
        const [endpoint] = run.ofType<{ endpointName: string; endpointConfigName: string }>("aws-native:sagemaker:Endpoint");
        assert.deepStrictEqual([endpoint.name, endpoint.inputs.endpointName, endpoint.inputs.endpointConfigName],
            ["chat-endpoint", "test-test-chat", run.ofType<{ endpointConfigName: string }>("aws-native:sagemaker:EndpointConfig")[0].inputs.endpointConfigName]);
        const component = run.resources.find((r) => r.type === "sagemaker-inference:index:ReservedEndpoint")!;
        assert.strictEqual(endpoint.parent, component.urn);
        assert.deepStrictEqual(run.ofType("aws:s3/bucket:Bucket"), []);
    });

    it("reports a bought training plan Active, ending at its window's end and starting its duration before", async () => {
        const run = await runProgram(bought);
        assert.deepStrictEqual(run.outputs, {
            arn: "arn:aws:sagemaker:us-east-1:123456789012:training-plan/p5-eval",
            status: "Active", startTime: "2026-12-13T00:00:00.000Z", endTime: "2026-12-20T00:00:00.000Z", available: 2,
        });
    });

    it("reports the plan a refresh would find, as the plan option says", async () => {
        const run = await runProgram(bought, { plan: { status: "Expired", endTime: "2026-12-10T00:00:00Z" } });
        assert.deepStrictEqual([run.outputs.status, run.outputs.startTime, run.outputs.endTime], ["Expired", "2026-12-03T00:00:00.000Z", "2026-12-10T00:00:00Z"]);
    });

    it("has the summary npm run plan's formatter prints for the same run, cost with the given prices included", async () => {
        const prices = { "ml.g5.2xlarge": 1.515 };
        const program = () => { new ScaleToZeroEndpoint("llm", { instanceType: "ml.g5.2xlarge", maxInstanceCount: 3 }); };
        const run = await runProgram(program, { prices });
        const same = await runOffline({ stack: "test", project: "test", config: { "aws:region": "us-east-1" }, program });
        assert.strictEqual(run.summary, formatPlan("test", same, [], { prices: { source: "runProgram options.prices", values: prices } }));
        assert.deepStrictEqual(run.summary.split("\n").slice(-3), [
            "cost: the most instance-hours per week, per instance type (floor: with no traffic; ceiling: every endpoint at its maximum)",
            "  ml.g5.2xlarge: 0 to 504 instance-hours per week (test-test-llm: 0 to 3 instance(s), scales to zero when no copy runs); at 1.515 an hour: 0.00 to 763.56 a week",
            "  prices: hourly, per instance type, from runProgram options.prices",
        ]);
    });

    it("rejects with the program's own message when it throws, and with what it had registered", async () => {
        const failing = () => {
            new InferenceModel("chat", { image: IMAGE, modelDataUrl: "s3://acme-models/chat/" });
            throw new Error("no endpoint for you");
        };
        await assert.rejects(runProgram(failing), (e: unknown) => e instanceof ProgramFailure && e.message === "no endpoint for you" &&
            e.resources.some((r) => r.type === "sagemaker-inference:index:InferenceModel"));
    });

    it("rejects with the message of an error raised inside an apply", async () => {
        const failing = () => {
            pulumi.output("late").apply((v) => { throw new Error(`${v} failure`); });
        };
        await assert.rejects(runProgram(failing), { message: "late failure" });
    });

    it("rejects a component's refusal with its message", async () => {
        await assert.rejects(runProgram(() => { new ScaleToZeroEndpoint("llm", { instanceType: "ml.g5.2xlarge", maxInstanceCount: 0 }); }),
            { message: /^llm\.maxInstanceCount: 0 / });
    });

    it("runs programs one after another without one's resources or failure reaching the next", async () => {
        await assert.rejects(runProgram(() => { pulumi.output(1).apply(() => { throw new Error("first"); }); }), { message: "first" });
        const one = await runProgram(chat);
        const other = await runProgram(() => { new ScaleToZeroEndpoint("llm", { instanceType: "ml.g5.2xlarge", maxInstanceCount: 1 }); });
        assert.deepStrictEqual(one.ofType("aws-native:sagemaker:Endpoint").map((r) => r.name), ["chat-endpoint"]);
        assert.deepStrictEqual(other.ofType("aws-native:sagemaker:Endpoint").map((r) => r.name), ["llm-endpoint"]);
        assert.ok(!other.resources.some((r) => r.name.startsWith("chat")));
        assert.doesNotMatch(other.summary, /chat/);
    });

    it("runs programs started together one at a time, each with its own stack and resources", async () => {
        const [one, other] = await Promise.all([
            runProgram(chat, { stack: "s1" }),
            runProgram(() => { new ScaleToZeroEndpoint("llm", { instanceType: "ml.g5.2xlarge", maxInstanceCount: 1 }); }, { stack: "s2" }),
        ]);
        assert.deepStrictEqual(one.ofType("aws-native:sagemaker:Endpoint").map((r) => r.name), ["chat-endpoint"]);
        assert.deepStrictEqual(other.ofType("aws-native:sagemaker:Endpoint").map((r) => r.name), ["llm-endpoint"]);
        assert.ok(one.resources.every((r) => r.urn.startsWith("urn:pulumi:s1::")), "the first run's resources are on its own stack");
        assert.ok(other.resources.every((r) => r.urn.startsWith("urn:pulumi:s2::")), "the second run's resources are on its own stack");
    });

    it("leaves no listener of its own for unhandled rejections once a run ends, so the user's process still fails on its own", async () => {
        const before = process.listeners("unhandledRejection");
        await runProgram(chat);
        await assert.rejects(runProgram(() => { pulumi.output(1).apply(() => { throw new Error("in an apply"); }); }), { message: "in an apply" });
        assert.deepStrictEqual(process.listeners("unhandledRejection"), before);
    });

    it("hands the program its config, secret keys as secrets", async () => {
        const run = await runProgram(() => {
            const config = new pulumi.Config("shop");
            return { size: config.requireNumber("size"), token: config.requireSecret("token") };
        }, { config: { "shop:size": 3, "shop:token": "abc" }, secretKeys: ["shop:token"] });
        assert.deepStrictEqual(run.outputs, { size: 3, token: "abc" });
    });

    const refused: [string, unknown, RegExp][] = [
        ["an unknown option", { region: "eu-west-1" }, /^runProgram options: "region" not known; the options are config, secretKeys, stack, project, now, plan, prices$/],
        ["options that are no object", "test", /^runProgram options: "test" must be an object of options/],
        ["a config key without its namespace", { config: { region: "eu-west-1" } }, /^runProgram options\.config: "region" is not a full config key: write it as <namespace>:<key>/],
        ["config as a list", { config: [] }, /^runProgram options\.config: \[\] must be an object of full config keys to values/],
        ["a secret key with no value", { secretKeys: ["shop:token"] }, /^runProgram options\.secretKeys: "shop:token" is not a key of options\.config/],
        ["a stack name with a space", { stack: "my stack" }, /^runProgram options\.stack: "my stack" must be a name of letters, digits, _, \. and -$/],
        ["a project that is no text", { project: 3 }, /^runProgram options\.project: 3 must be a name/],
        ["a time without a zone", { now: "2026-12-01T00:00:00" }, /^runProgram options\.now: "2026-12-01T00:00:00" must be an ISO-8601 time with a zone/],
        ["a plan end that is no time", { plan: { endTime: "soon" } }, /^runProgram options\.plan\.endTime: "soon" must be an ISO-8601 time with a zone/],
        ["an unknown plan field", { plan: { ended: true } }, /^runProgram options\.plan: "ended" is not known; a plan has status and endTime$/],
        ["a price as text", { prices: { "ml.g5.2xlarge": "1.5" } }, /^runProgram options\.prices: ml\.g5\.2xlarge: "1\.5" must be an hourly price, a number above 0$/],
    ];
    for (const [what, options, message] of refused) {
        it(`refuses ${what} before running anything`, async () => {
            let ran = false;
            await assert.rejects(runProgram(() => { ran = true; }, options as never), (e: Error) => message.test(e.message));
            assert.strictEqual(ran, false);
        });
    }

    it("refuses a program that is no function", async () => {
        await assert.rejects(runProgram({} as never), { message: "runProgram: {} is not a program: pass a function that creates resources" });
    });
});

describe("sagemaker-inference/testing's own example, in its doc comment", () => {
    it("is doc-example.test.ts as written, which npm test type-checks and runs", () => {
        const doc = fs.readFileSync(path.join(__dirname, "..", "..", "testing.ts"), "utf8");
        const block = /\/\*\*\n([\s\S]*?)\*\//.exec(doc)![1].split("\n").map((l) => l.replace(/^ \* ?/, "")).join("\n");
        const example = /```ts\n([\s\S]*?)```/.exec(block)![1];
        const file = fs.readFileSync(path.join(__dirname, "doc-example.test.ts"), "utf8");
        assert.strictEqual(file.slice(file.indexOf("\n") + 1), example);
    });
});
