import * as assert from "assert";
import { networkInterfaceStatements } from "../../core/network-plan";
import { volumeKeyStatements } from "../../core/kms-plan";
import { executionRolePolicy } from "../../components/model/model-plan";
import { formatPlan } from "../../scripts/plan";
import { securitySettings } from "../../stacks/config";
import { apiViolations, cfnViolations } from "../support/aws-spec";
import { expectFailure, loadStackConfig, one, ofType, registered, runProgram, TYPES } from "../support/harness";

const NS = "sagemaker-inference";
const VPC = { securityGroupIds: ["sg-0a1b2c3d4e5f60718"], subnets: ["subnet-0a1b2c3d4e5f60718", "subnet-1b2c3d4e5f6071829"] };
const KEY = "arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b";
const ROLE = "arn:aws:iam::123456789012:role/team-sagemaker";

describe("stack settings network and kmsKeyArn, parsed", () => {
    it("reads network {securityGroupIds, subnets, isolated} and a key in any documented form", () => {
        assert.deepStrictEqual(securitySettings({ network: { ...VPC, isolated: true }, kmsKeyArn: "alias/llm" }, "us-east-1"), {
            network: { vpcConfig: VPC, enableNetworkIsolation: true },
            kmsKey: { id: "alias/llm", form: "alias name" },
        });
        // isolated defaults to false, which leaves it out.
        assert.deepStrictEqual(securitySettings({ network: VPC }, "us-east-1"), { network: { vpcConfig: VPC } });
        assert.deepStrictEqual(securitySettings({}, "us-east-1"), {});
        // Isolation alone: containers that call nothing need no VPC.
        assert.deepStrictEqual(securitySettings({ network: { isolated: true } }, "us-east-1"), { network: { enableNetworkIsolation: true } });
    });

    const bad: [string, Record<string, unknown>, RegExp][] = [
        ["a repeated subnet", { network: { ...VPC, subnets: [...VPC.subnets, VPC.subnets[0]] } },
            /^sagemaker-inference:network\.subnets\[2\]: "subnet-0a1b2c3d4e5f60718" is listed twice$/],
        ["a VPC id for a subnet", { network: { ...VPC, subnets: ["vpc-0a1b2c3d"] } },
            /^sagemaker-inference:network\.subnets\[0\]: "vpc-0a1b2c3d" is not a subnet id: expected subnet- and 8 or 17 lowercase hexadecimal digits$/],
        ["six groups", { network: { ...VPC, securityGroupIds: ["sg-00000001", "sg-00000002", "sg-00000003", "sg-00000004", "sg-00000005", "sg-00000006"] } },
            /^sagemaker-inference:network\.securityGroupIds: .* must hold 1 to 5 ids \(SageMaker's VpcConfig\); it holds 6$/],
        ["no subnets", { network: { securityGroupIds: VPC.securityGroupIds } }, /^sagemaker-inference:network\.subnets is required: a list of 1 to 16 subnet-… ids$/],
        ["nothing", { network: {} }, /^sagemaker-inference:network: \{\} turns nothing on: give securityGroupIds and subnets, isolated: true, or both$/],
        ["isolated as text", { network: { ...VPC, isolated: "yes" } }, /^sagemaker-inference:network\.isolated: "yes" is a string; expected true or false$/],
        ["an unknown key", { network: { ...VPC, vpcId: "vpc-1" } }, /^sagemaker-inference:network\.vpcId: "vpc-1" is not a known setting \(known: securityGroupIds, subnets, isolated\)$/],
        ["a list", { network: VPC.subnets }, /^sagemaker-inference:network: \[.*\] is a list; expected an object$/],
        ["a key of another region", { kmsKeyArn: KEY.replace("us-east-1", "eu-west-1") },
            /^sagemaker-inference:kmsKeyArn: ".*" is in region eu-west-1, but the stack deploys to us-east-1/],
        ["a key name", { kmsKeyArn: "llm-volumes" }, /^sagemaker-inference:kmsKeyArn: "llm-volumes" is not a key id/],
    ];
    for (const [what, raw, message] of bad) {
        it(`refuses ${what}, naming the config key, the value and the rule`, () => {
            assert.throws(() => securitySettings(raw, "us-east-1"), (e: Error) => message.test(e.message));
        });
    }
});

describe("stack settings network and kmsKeyArn, deployed", () => {
    it("production: both models in the VPC and both endpoint configs encrypted with the committed key, as AWS takes them", async () => {
        const r = await runProgram({ stack: "production", config: loadStackConfig("production") });
        for (const model of ofType(r, TYPES.model)) {
            assert.deepStrictEqual(model.inputs.vpcConfig, VPC, model.name);
            assert.ok(!("enableNetworkIsolation" in model.inputs), "isolated: false leaves it out");
            assert.deepStrictEqual(apiViolations("sagemaker", "VpcConfig", model.inputs.vpcConfig), []);
        }
        for (const name of ["realtime", "async"]) {
            const c = one(r, TYPES.endpointConfig, `${name}-config`).inputs;
            assert.strictEqual(c.kmsKeyId, KEY, name);
            assert.deepStrictEqual(apiViolations("sagemaker", "CreateEndpointConfigInput", c), [], name);
            assert.deepStrictEqual(cfnViolations("AWS::SageMaker::EndpointConfig", c), [], name);
            const roleStatements = JSON.parse(one(r, TYPES.rolePolicy, `${name}-role-policy`).inputs.policy).Statement;
            assert.deepStrictEqual(roleStatements.slice(-3), networkInterfaceStatements(VPC, "aws", "us-east-1"), name);
        }
    });

    it("production: isolated: true isolates both models; a key alias is refused, since the async model's role is granted the key", async () => {
        const config = loadStackConfig("production");
        const isolated = await runProgram({ stack: "production", config: { ...config, [`${NS}:network`]: { ...VPC, isolated: true } } });
        assert.deepStrictEqual(ofType(isolated, TYPES.model).map((m) => m.inputs.enableNetworkIsolation), [true, true]);
        const failure = await expectFailure({ stack: "production", config: { ...config, [`${NS}:kmsKeyArn`]: "alias/llm" } },
            /^sagemaker-inference:kmsKeyArn: "alias\/llm" is an alias name; the asynchronous endpoint's model role, which encrypts results with it, must be allowed to use the key/);
        assert.deepStrictEqual(registered(failure.resources), []);
    });

    it("evaluation: every candidate model in the VPC and every config encrypted; any key form without the switch, a key ARN with it", async () => {
        const config = { ...loadStackConfig("evaluation"), [`${NS}:network`]: VPC, [`${NS}:kmsKeyArn`]: "alias/llm" };
        const r = await runProgram({ stack: "evaluation", config });
        assert.deepStrictEqual(ofType(r, TYPES.model).map((m) => m.inputs.vpcConfig), [VPC, VPC]);
        assert.deepStrictEqual(ofType(r, TYPES.endpointConfig).map((c) => c.inputs.kmsKeyId), ["alias/llm", "alias/llm"]);
        const switching = { ...config, [`${NS}:onReservationEnd`]: { switchToOnDemand: { minutesBefore: 30 } } };
        const failure = await expectFailure({ stack: "evaluation", config: switching },
            /^sagemaker-inference:kmsKeyArn: "alias\/llm" is an alias name; the role that moves each endpoint to on demand \(onReservationEnd\.switchToOnDemand\) must be allowed to use the key/);
        assert.deepStrictEqual(registered(failure.resources), []);
    });

    it("dev: the shared endpoint's config carries the VPC and key, its models none, and the shared role gets the interfaces and the key", async () => {
        const r = await runProgram({ stack: "dev", config: loadStackConfig("dev") });
        const c = one(r, TYPES.endpointConfig, "sagemaker-inference-dev-config").inputs;
        assert.deepStrictEqual(c.vpcConfig, VPC);
        assert.strictEqual(c.kmsKeyId, KEY);
        assert.deepStrictEqual(apiViolations("sagemaker", "CreateEndpointConfigInput", c), []);
        assert.deepStrictEqual(cfnViolations("AWS::SageMaker::EndpointConfig", c), []);
        assert.ok(ofType(r, TYPES.model).every((m) => !("vpcConfig" in m.inputs)), "inference components' models take the endpoint's network");
        const components = loadStackConfig("dev")[`${NS}:components`] as { image: string; modelDataUrl: string }[];
        assert.deepStrictEqual(JSON.parse(one(r, TYPES.rolePolicy, "execution-role-policy").inputs.policy).Statement, [
            ...executionRolePolicy(components, "aws").Statement,
            ...networkInterfaceStatements(VPC, "aws", "us-east-1"),
            ...volumeKeyStatements(KEY),
        ]);
    });

    it("dev: a given role takes a key alias and is granted nothing; the created role needs a key ARN", async () => {
        const config = { ...loadStackConfig("dev"), [`${NS}:kmsKeyArn`]: "alias/llm" };
        const given = await runProgram({ stack: "dev", config: { ...config, [`${NS}:executionRoleArn`]: ROLE } });
        assert.strictEqual(ofType(given, TYPES.endpointConfig)[0].inputs.kmsKeyId, "alias/llm");
        assert.deepStrictEqual(ofType(given, TYPES.rolePolicy).filter((p) => p.name === "execution-role-policy"), []);
        await expectFailure({ stack: "dev", config }, /^sagemaker-inference:kmsKeyArn: "alias\/llm" is an alias name; the stack's execution role must be allowed to use the key/);
    });

    it("npm run plan shows each model's and config's VPC, isolation and volume key", async () => {
        const config = { ...loadStackConfig("production"), [`${NS}:network`]: { ...VPC, isolated: true } };
        const plan = formatPlan("production", await runProgram({ stack: "production", config }));
        const vpc = "vpc=[subnets subnet-0a1b2c3d4e5f60718,subnet-1b2c3d4e5f6071829; security groups sg-0a1b2c3d4e5f60718] network-isolated";
        assert.match(plan, new RegExp(`realtime-model\\n {4}name=realtime-\\w+ containers=\\[[^\\]]+\\] ${vpc.replace(/[[\]]/g, "\\$&")}\\n`));
        assert.match(plan, new RegExp(`realtime-config\\n {4}name=realtime-\\w+ volumes encrypted with ${KEY} metrics`));
    });
});
