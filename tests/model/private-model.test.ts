import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { InferenceModel, InferenceModelArgs } from "../../components/model/inference-model";
import { networkInterfaceStatements } from "../../core/network-plan";
import { apiViolations } from "../support/aws-spec";
import { expectFailure, expectRefused, one, ProgramRun, registered, runProgram, TYPES } from "../support/harness";

const IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128";
const VPC = { securityGroupIds: ["sg-0a1b2c3d4e5f60718"], subnets: ["subnet-0a1b2c3d4e5f60718", "subnet-1b2c3d4e5f6071829"] };
const config = { "aws:region": "us-east-1" };

const run = (change: Partial<InferenceModelArgs>) => runProgram({
    stack: "production", config, program: () => {
        const model = new InferenceModel("llm", { namePrefix: "llm", image: IMAGE, modelDataUrl: "s3://acme-models/llm/", ...change });
        return { modelName: model.modelName, executionPolicy: model.executionPolicy };
    },
});
const modelOf = (r: ProgramRun) => one(r, TYPES.model, "llm-model").inputs;
const policyOf = (r: ProgramRun) => JSON.parse(one(r, TYPES.rolePolicy, "llm-role-policy").inputs.policy);

describe("InferenceModel in a VPC", () => {
    let plain: ProgramRun;
    let private_: ProgramRun;
    before(async () => {
        plain = await run({});
        private_ = await run({ vpcConfig: VPC, enableNetworkIsolation: true });
    });

    it("gives the model its subnets, groups and isolation, as AWS's CreateModel takes them", () => {
        const model = modelOf(private_);
        assert.deepStrictEqual(model.vpcConfig, VPC);
        assert.strictEqual(model.enableNetworkIsolation, true);
        assert.deepStrictEqual(apiViolations("sagemaker", "VpcConfig", model.vpcConfig), []);
    });

    it("grants the created role exactly the network-interface permissions for those subnets and groups, and none without a VPC", () => {
        const withVpc = policyOf(private_).Statement;
        const without = policyOf(plain).Statement;
        assert.deepStrictEqual(withVpc, [...without, ...networkInterfaceStatements(VPC, "aws", "us-east-1")]);
        assert.ok(!JSON.stringify(without).includes("ec2:"));
        // The model's execution policy says the same, for an endpoint that grants it to a role of its own.
        assert.deepStrictEqual(JSON.parse(private_.outputs.executionPolicy).Statement, withVpc);
    });

    it("keeps the name of a model without networking, and names a private one apart: the change replaces the model", async () => {
        assert.ok(!("vpcConfig" in modelOf(plain)) && !("enableNetworkIsolation" in modelOf(plain)));
        const isolatedOff = await run({ enableNetworkIsolation: false });
        assert.strictEqual(modelOf(isolatedOff).name, modelOf(plain).name);
        assert.ok(!("enableNetworkIsolation" in modelOf(isolatedOff)));
        assert.notStrictEqual(modelOf(private_).name, modelOf(plain).name);
        const isolatedOnly = await run({ enableNetworkIsolation: true });
        assert.notStrictEqual(modelOf(isolatedOnly).name, modelOf(plain).name);
        assert.notStrictEqual(modelOf(isolatedOnly).name, modelOf(private_).name);
    });

    it("adds nothing to a role it was given", async () => {
        const given = await run({ vpcConfig: VPC, executionRoleArn: "arn:aws:iam::123456789012:role/ml" });
        assert.deepStrictEqual(given.resources.filter((r) => r.type === TYPES.rolePolicy || r.type === TYPES.role), []);
        assert.deepStrictEqual(modelOf(given).vpcConfig, VPC);
    });

    it("refuses a bad VpcConfig before registering anything, naming the field, the value and the rule", async () => {
        const cases: [Partial<InferenceModelArgs>, RegExp][] = [
            [{ vpcConfig: { securityGroupIds: ["sg-0a1b2c3d4e5f60718"], subnets: ["vpc-0a1b2c3d"] } },
                /llm\.vpcConfig\.subnets\[0\]: "vpc-0a1b2c3d" is not a subnet id: expected subnet- and 8 or 17 lowercase hexadecimal digits/],
            [{ vpcConfig: { securityGroupIds: [], subnets: VPC.subnets } }, /llm\.vpcConfig\.securityGroupIds: \[\] must hold 1 to 5 ids/],
            [{ enableNetworkIsolation: "true" as never }, /llm\.enableNetworkIsolation: "true" is a string; expected true or false/],
            [{ enableNetworkIsolation: true, environment: { HF_MODEL_ID: "meta-llama/Llama-3.1-8B" } }, /llm\.enableNetworkIsolation: true isolates container 0, whose HF_MODEL_ID is neither an S3 URI nor a local path/],
        ];
        for (const [change, message] of cases) {
            const left = await expectRefused(() => new InferenceModel("llm", { image: IMAGE, ...change }), message, config);
            assert.deepStrictEqual(left, []);
        }
    });

    it("refuses a VpcConfig known only later on every resource built from it, with the same message", async () => {
        const failure = await expectFailure({
            stack: "production", config, program: () => {
                new InferenceModel("llm", { image: IMAGE, vpcConfig: pulumi.output({ securityGroupIds: ["sg-1"], subnets: VPC.subnets }) });
            },
        }, /llm\.vpcConfig\.securityGroupIds\[0\]: "sg-1" is not a sg id/);
        assert.deepStrictEqual(registered(failure.resources).filter((r) => r.type === TYPES.model), []);
    });
});
