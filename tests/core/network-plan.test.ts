import * as assert from "assert";
import {
    checkIsolatedContainers, MAX_SECURITY_GROUPS, MAX_SUBNETS, networkInterfaceStatements, planNetwork, planVpcConfig,
} from "../../core/network-plan";
import { apiViolations } from "../support/aws-spec";

const SG = "sg-0a1b2c3d4e5f60718";
const SUBNET_A = "subnet-0a1b2c3d4e5f60718";
const SUBNET_B = "subnet-1a2b3c4d";
const subnets = (n: number) => Array.from({ length: n }, (_, i) => `subnet-${(i + 1).toString(16).padStart(17, "0")}`);
const groups = (n: number) => Array.from({ length: n }, (_, i) => `sg-${(i + 1).toString(16).padStart(8, "0")}`);

describe("network plan: VpcConfig", () => {
    it("takes 1 to 5 groups and 1 to 16 subnets of 8 or 17 hex digits, as given, and AWS's model takes them", () => {
        for (const vpc of [
            { securityGroupIds: [SG], subnets: [SUBNET_A] },
            { securityGroupIds: groups(MAX_SECURITY_GROUPS), subnets: subnets(MAX_SUBNETS) },
            { securityGroupIds: ["sg-12345678", SG], subnets: [SUBNET_B, SUBNET_A] },
        ]) {
            const planned = planVpcConfig("m.vpcConfig", vpc);
            assert.deepStrictEqual(planned, vpc);
            assert.deepStrictEqual(apiViolations("sagemaker", "VpcConfig", planned), []);
        }
    });

    it("takes a VpcConfig it checked as it is, and keeps it from changing", () => {
        // As a stack hands its `network` setting, checked under the config key, to its endpoints and models.
        const checked = planVpcConfig("sagemaker-inference:network", { securityGroupIds: [SG], subnets: [SUBNET_A, SUBNET_B] });
        assert.strictEqual(planNetwork((key) => `endpoint.${key}`, { vpcConfig: checked }).vpcConfig, checked);
        assert.throws(() => checked.subnets.push("subnet-2b3c4d5e"), TypeError);
        assert.throws(() => { checked.securityGroupIds = []; }, TypeError);
        // A copy is a VpcConfig of its own, checked again.
        assert.throws(() => planVpcConfig("m.vpcConfig", { ...checked, subnets: [] }), { message: /^m\.vpcConfig\.subnets: \[\] must hold 1 to 16 ids/ });
    });

    const bad: [string, unknown, RegExp][] = [
        ["nothing", undefined, /^Error: m\.vpcConfig is required: \{securityGroupIds: \[sg-…\], subnets: \[subnet-…\]\}$/],
        ["a list", [SG], /^Error: m\.vpcConfig: \["sg-0a1b2c3d4e5f60718"\] is a list; expected \{securityGroupIds/],
        ["an unknown key", { securityGroupIds: [SG], subnets: [SUBNET_A], vpcId: "vpc-1" },
            /^Error: m\.vpcConfig\.vpcId: "vpc-1" is not a VpcConfig setting; expected \{securityGroupIds/],
        ["no groups", { subnets: [SUBNET_A] }, /^Error: m\.vpcConfig\.securityGroupIds is required: a list of 1 to 5 sg-… ids$/],
        ["a group as text", { securityGroupIds: SG, subnets: [SUBNET_A] }, /^Error: m\.vpcConfig\.securityGroupIds: "sg-0a1b2c3d4e5f60718" is a string; expected a list of 1 to 5 sg-… ids$/],
        ["no subnets", { securityGroupIds: [SG], subnets: [] }, /^Error: m\.vpcConfig\.subnets: \[\] must hold 1 to 16 ids \(SageMaker's VpcConfig\); it holds 0$/],
        ["6 groups", { securityGroupIds: groups(6), subnets: [SUBNET_A] }, /^Error: m\.vpcConfig\.securityGroupIds: .* must hold 1 to 5 ids \(SageMaker's VpcConfig\); it holds 6$/],
        ["17 subnets", { securityGroupIds: [SG], subnets: subnets(17) }, /^Error: m\.vpcConfig\.subnets: .* must hold 1 to 16 ids \(SageMaker's VpcConfig\); it holds 17$/],
        ["a number", { securityGroupIds: [SG], subnets: [SUBNET_A, 7] }, /^Error: m\.vpcConfig\.subnets\[1\]: 7 is a number; expected an id such as subnet-0a1b2c3d4e5f60718$/],
        ["an id too long for SageMaker", { securityGroupIds: [`sg-${"a".repeat(30)}`], subnets: [SUBNET_A] },
            /^Error: m\.vpcConfig\.securityGroupIds\[0\]: "sg-a{30}" must be at most 32 letters, digits and hyphens \(SageMaker's SecurityGroupId\)$/],
        ["an underscore", { securityGroupIds: [SG], subnets: ["subnet_0a1b2c3d"] },
            /^Error: m\.vpcConfig\.subnets\[0\]: "subnet_0a1b2c3d" must be at most 32 letters, digits and hyphens \(SageMaker's SubnetId\)$/],
        ["a subnet for a group", { securityGroupIds: [SUBNET_A], subnets: [SUBNET_A] },
            /^Error: m\.vpcConfig\.securityGroupIds\[0\]: "subnet-0a1b2c3d4e5f60718" is not a sg id: expected sg- and 8 or 17 lowercase hexadecimal digits$/],
        ["a group for a subnet", { securityGroupIds: [SG], subnets: [SG] },
            /^Error: m\.vpcConfig\.subnets\[0\]: "sg-0a1b2c3d4e5f60718" is not a subnet id: expected subnet- and 8 or 17 lowercase hexadecimal digits$/],
        ["a VPC id", { securityGroupIds: [SG], subnets: ["vpc-0a1b2c3d4e5f60718"] }, /^Error: m\.vpcConfig\.subnets\[0\]: "vpc-0a1b2c3d4e5f60718" is not a subnet id/],
        ["upper-case hex", { securityGroupIds: ["sg-0A1B2C3D"], subnets: [SUBNET_A] }, /^Error: m\.vpcConfig\.securityGroupIds\[0\]: "sg-0A1B2C3D" is not a sg id/],
        ["12 hex digits", { securityGroupIds: [SG], subnets: ["subnet-0a1b2c3d4e5f"] }, /^Error: m\.vpcConfig\.subnets\[0\]: "subnet-0a1b2c3d4e5f" is not a subnet id/],
        ["a name", { securityGroupIds: ["default"], subnets: [SUBNET_A] }, /^Error: m\.vpcConfig\.securityGroupIds\[0\]: "default" is not a sg id/],
        ["a repeated subnet", { securityGroupIds: [SG], subnets: [SUBNET_A, SUBNET_B, SUBNET_A] },
            /^Error: m\.vpcConfig\.subnets\[2\]: "subnet-0a1b2c3d4e5f60718" is listed twice$/],
        ["a repeated group", { securityGroupIds: [SG, SG], subnets: [SUBNET_A] }, /^Error: m\.vpcConfig\.securityGroupIds\[1\]: "sg-0a1b2c3d4e5f60718" is listed twice$/],
    ];
    for (const [what, value, message] of bad) {
        it(`refuses ${what}, naming the field, the value and the rule`, () => {
            assert.throws(() => planVpcConfig("m.vpcConfig", value), message);
        });
    }

    it("leaves out what is not set and isolation that is off, so that names stay; refuses isolation that is not true or false", () => {
        const field = (key: string) => `m.${key}`;
        assert.deepStrictEqual(planNetwork(field, {}), {});
        assert.deepStrictEqual(planNetwork(field, { enableNetworkIsolation: false }), {});
        assert.deepStrictEqual(planNetwork(field, { enableNetworkIsolation: true, vpcConfig: { securityGroupIds: [SG], subnets: [SUBNET_A] } }),
            { enableNetworkIsolation: true, vpcConfig: { securityGroupIds: [SG], subnets: [SUBNET_A] } });
        assert.throws(() => planNetwork(field, { enableNetworkIsolation: "yes" }), /^Error: m\.enableNetworkIsolation: "yes" is a string; expected true or false$/);
        assert.throws(() => planNetwork(field, { vpcConfig: { securityGroupIds: [], subnets: [SUBNET_A] } }), /^Error: m\.vpcConfig\.securityGroupIds: \[\] must hold 1 to 5 ids/);
    });
});

describe("network plan: the role's network-interface permissions", () => {
    const vpc = { securityGroupIds: [SG], subnets: [SUBNET_A, SUBNET_B] };

    it("creates interfaces only in the subnets with the groups, manages only interfaces in the subnets, and describes on * only what IAM cannot scope", () => {
        assert.deepStrictEqual(networkInterfaceStatements(vpc, "aws", "us-east-1"), [
            {
                Sid: "CreateNetworkInterfacesInTheSubnets", Effect: "Allow", Action: ["ec2:CreateNetworkInterface"],
                Resource: [
                    `arn:aws:ec2:us-east-1:*:subnet/${SUBNET_A}`, `arn:aws:ec2:us-east-1:*:subnet/${SUBNET_B}`,
                    `arn:aws:ec2:us-east-1:*:security-group/${SG}`,
                ],
            },
            {
                Sid: "ManageNetworkInterfacesInTheSubnets", Effect: "Allow",
                Action: ["ec2:CreateNetworkInterface", "ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface"],
                Resource: ["arn:aws:ec2:us-east-1:*:network-interface/*"],
                Condition: { ArnLike: { "ec2:Subnet": [`arn:aws:ec2:us-east-1:*:subnet/${SUBNET_A}`, `arn:aws:ec2:us-east-1:*:subnet/${SUBNET_B}`] } },
            },
            {
                Sid: "DescribeTheNetwork", Effect: "Allow",
                Action: [
                    "ec2:DeleteNetworkInterfacePermission", "ec2:DescribeDhcpOptions", "ec2:DescribeNetworkInterfaces",
                    "ec2:DescribeSecurityGroups", "ec2:DescribeSubnets", "ec2:DescribeVpcs",
                ],
                Resource: ["*"],
            },
        ]);
    });

    it("builds the ARNs in the stack's partition, and in any region when the stack has none", () => {
        const china = networkInterfaceStatements(vpc, "aws-cn", "cn-north-1");
        assert.deepStrictEqual(china[0].Resource[0], `arn:aws-cn:ec2:cn-north-1:*:subnet/${SUBNET_A}`);
        assert.deepStrictEqual(networkInterfaceStatements(vpc, "aws", undefined)[1].Resource, ["arn:aws:ec2:*:*:network-interface/*"]);
    });

    it("grants no action on * that IAM can scope to a resource", () => {
        const onAll = networkInterfaceStatements(vpc, "aws", "us-east-1").filter((s) => s.Resource.includes("*")).flatMap((s) => s.Action);
        for (const scoped of ["ec2:CreateNetworkInterface", "ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface"]) {
            assert.ok(!onAll.includes(scoped), scoped);
        }
    });
});

describe("network plan: isolated containers", () => {
    const isolated = { enableNetworkIsolation: true as const };
    for (const variable of ["HF_MODEL_ID", "OPTION_MODEL_ID", "MODEL_ID"]) {
        it(`refuses isolating a container whose ${variable} names a model it would download, naming the variable, not its value`, () => {
            assert.throws(() => checkIsolatedContainers("llm.enableNetworkIsolation", [{}, { environment: { [variable]: "meta-llama/Llama-3.1-8B" } }], isolated),
                (e: Error) => e.message === `llm.enableNetworkIsolation: true isolates container 1, whose ${variable} is neither an S3 URI nor a local path: ` +
                    "the container would download its model itself, which an isolated container cannot; give the weights as modelDataUrl, or leave isolation off");
        });
    }

    it("takes weights from S3 or a local path, containers that name no model, and any container that is not isolated", () => {
        const environments: (Record<string, string> | undefined)[] = [{ HF_MODEL_ID: "s3://acme-models/llama/" }, { OPTION_MODEL_ID: "/opt/ml/model" }, { MMS_MAX_REQUEST_SIZE: "2000000000" }, undefined];
        for (const environment of environments) {
            checkIsolatedContainers("llm.enableNetworkIsolation", [{ environment }], isolated);
        }
        checkIsolatedContainers("llm.enableNetworkIsolation", [{ environment: { HF_MODEL_ID: "meta-llama/Llama-3.1-8B" } }], {});
    });
});
