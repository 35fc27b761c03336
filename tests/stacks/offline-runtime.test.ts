import * as assert from "assert";
import * as sns from "@pulumi/aws/sns";
import * as pulumi from "@pulumi/pulumi";
import { expectFailure } from "../support/harness";

describe("offline runs", () => {
    it("fail when a resource's input fails as the program ends, as a deployment would", async () => {
        const program = () => {
            const name = pulumi.output("alerts").apply((): string => { throw new Error("t.name: resolved to a bad value"); });
            new sns.Topic("t", { name });
        };
        const failure = await expectFailure({ stack: "dev", config: { "aws:region": "us-east-1" }, program }, /t\.name: resolved to a bad value$/);
        assert.deepStrictEqual(failure.resources.map((r) => r.type), ["pulumi:pulumi:Stack"], "the topic was never registered");
    });
});
