import * as assert from "assert";
import * as sns from "@pulumi/aws/sns";
import * as pulumi from "@pulumi/pulumi";
import { expectFailure, runProgram } from "../support/harness";

describe("offline runs", () => {
    it("fail when a resource's input fails as the program ends, as a deployment would", async () => {
        const program = () => {
            const name = pulumi.output("alerts").apply((): string => { throw new Error("t.name: resolved to a bad value"); });
            new sns.Topic("t", { name });
        };
        const failure = await expectFailure({ stack: "dev", config: { "aws:region": "us-east-1" }, program }, /t\.name: resolved to a bad value$/);
        assert.deepStrictEqual(failure.resources.map((r) => r.type), ["pulumi:pulumi:Stack"], "the topic was never registered");
    });

    it("record which resource inputs and stack outputs reach the engine as secrets, and their values as they are", async () => {
        const run = await runProgram({ stack: "dev", config: { "aws:region": "us-east-1" }, program: () => {
            const topic = new sns.Topic("t", { name: "alerts", displayName: pulumi.secret("Acme alerts"), tags: { team: pulumi.secret("ml"), env: "dev" } });
            return { plain: topic.name, secret: pulumi.secret("s"), nested: { a: "x", b: pulumi.secret("y") } };
        } });
        const topic = run.resources.find((r) => r.name === "t")!;
        assert.deepStrictEqual(topic.inputs.tags, { team: "ml", env: "dev" });
        assert.strictEqual(topic.inputs.displayName, "Acme alerts");
        assert.deepStrictEqual(topic.secretPaths.sort(), ["displayName", "tags.team"]);
        assert.deepStrictEqual(run.secretOutputPaths.sort(), ["nested.b", "secret"]);
        assert.deepStrictEqual(run.outputs, { plain: "alerts", secret: "s", nested: { a: "x", b: "y" } });
    });
});
