import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { ScaleToZeroEndpoint, ScaleToZeroEndpointArgs } from "../../components/scale-to-zero/scale-to-zero-endpoint";
import { ReservedEndpoint, ReservedEndpointArgs } from "../../components/endpoint/reserved-endpoint";
import { networkInterfaceStatements } from "../../core/network-plan";
import { volumeKeyStatements } from "../../core/kms-plan";
import { apiViolations, cfnViolations } from "../support/aws-spec";
import { expectRefused, one, ProgramRun, runProgram, runWithWarnings, TYPES } from "../support/harness";

const VPC = { securityGroupIds: ["sg-0a1b2c3d4e5f60718"], subnets: ["subnet-0a1b2c3d4e5f60718", "subnet-1b2c3d4e5f6071829"] };
const KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const ROLE = "arn:aws:iam::123456789012:role/ml";
const config = { "aws:region": "us-east-1" };

/** Runs a program, collecting the warnings it logs. */
const withWarnings = (program: () => Record<string, unknown>) => runWithWarnings({ stack: "dev", config, program });

const stz = (change: Partial<ScaleToZeroEndpointArgs>) => () => {
    const e = new ScaleToZeroEndpoint("shared", { namePrefix: "shared", instanceType: "ml.g5.12xlarge", maxInstanceCount: 2, ...change });
    return { endpointName: e.endpointName };
};
const configOf = (r: ProgramRun, name = "shared-config") => one(r, TYPES.endpointConfig, name).inputs;
const rolePolicyOf = (r: ProgramRun) => JSON.parse(one(r, TYPES.rolePolicy, "shared-execution-role-policy").inputs.policy).Statement;

describe("ScaleToZeroEndpoint: private and encrypted", () => {
    let plain: ProgramRun;
    let secured: { r: ProgramRun; warnings: string[] };
    before(async () => {
        plain = await runProgram({ stack: "dev", config, program: stz({}) });
        secured = await withWarnings(stz({ vpcConfig: VPC, enableNetworkIsolation: true, kmsKeyArn: KEY }));
    });

    it("carries the VPC, isolation and volume key on the endpoint config, as CloudFormation and the API take them", () => {
        const c = configOf(secured.r);
        assert.deepStrictEqual(c.vpcConfig, VPC);
        assert.strictEqual(c.enableNetworkIsolation, true);
        assert.strictEqual(c.kmsKeyId, KEY);
        assert.deepStrictEqual(cfnViolations("AWS::SageMaker::EndpointConfig", c), []);
        assert.deepStrictEqual(apiViolations("sagemaker", "CreateEndpointConfigInput", c), []);
    });

    it("grants its created role the network interfaces in those subnets and the key through SageMaker, on top of the plain role's", () => {
        assert.deepStrictEqual(rolePolicyOf(secured.r), [
            ...rolePolicyOf(plain),
            ...networkInterfaceStatements(VPC, "aws", "us-east-1"),
            ...volumeKeyStatements(KEY),
        ]);
        assert.ok(!/ec2:|kms:/.test(JSON.stringify(rolePolicyOf(plain))));
    });

    it("keeps the plain config's name and content: nothing churns for endpoints without the settings", () => {
        const c = configOf(plain);
        assert.ok(!["vpcConfig", "enableNetworkIsolation", "kmsKeyId"].some((k) => k in c));
        assert.notStrictEqual(configOf(secured.r).endpointConfigName, c.endpointConfigName);
    });

    it("warns before deploying that ml.g5.12xlarge's NVMe storage is encrypted by its hardware, not the key, once", () => {
        assert.deepStrictEqual(secured.warnings.filter((w) => w.includes("NVMe")), [
            "shared.kmsKeyArn: ml.g5.12xlarge stores data on local NVMe instance storage, which its hardware encrypts; the KMS key encrypts only " +
            "an attached EBS volume, so it does not cover that storage",
        ]);
    });

    it("says nothing for a type whose storage is EBS only", async () => {
        const { warnings } = await withWarnings(stz({ instanceType: "ml.m5.xlarge", kmsKeyArn: KEY }));
        assert.deepStrictEqual(warnings.filter((w) => w.includes("NVMe")), []);
    });

    it("takes an alias or key id with a role given, granting nothing; needs a key ARN for its own role", async () => {
        const given = await runProgram({ stack: "dev", config, program: stz({ executionRoleArn: ROLE, kmsKeyArn: "alias/llm-volumes", vpcConfig: VPC }) });
        assert.strictEqual(configOf(given).kmsKeyId, "alias/llm-volumes");
        assert.deepStrictEqual(given.resources.filter((r) => r.type === TYPES.rolePolicy), []);
        const left = await expectRefused(() => new ScaleToZeroEndpoint("shared", { instanceType: "ml.g5.12xlarge", maxInstanceCount: 2, kmsKeyArn: "alias/llm-volumes" }),
            /shared\.kmsKeyArn: "alias\/llm-volumes" is an alias name; the endpoint's created role must be allowed to use the key, and IAM grants on a key by its ARN/, config);
        assert.deepStrictEqual(left, []);
    });

    it("refuses a bad subnet and a key of another region before registering anything, naming field, value and rule", async () => {
        const cases: [Partial<ScaleToZeroEndpointArgs>, RegExp][] = [
            [{ vpcConfig: { securityGroupIds: VPC.securityGroupIds, subnets: [...VPC.subnets, VPC.subnets[0]] } },
                /shared\.vpcConfig\.subnets\[2\]: "subnet-0a1b2c3d4e5f60718" is listed twice/],
            [{ kmsKeyArn: "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", executionRoleArn: ROLE },
                /shared\.kmsKeyArn: ".*" is in region us-west-2, but the stack deploys to us-east-1/],
        ];
        for (const [change, message] of cases) {
            const left = await expectRefused(() => new ScaleToZeroEndpoint("shared", { instanceType: "ml.g5.12xlarge", maxInstanceCount: 2, ...change }), message, config);
            assert.deepStrictEqual(left, []);
        }
    });
});

describe("ReservedEndpoint: encrypted volumes", () => {
    const reserved = (change: Partial<ReservedEndpointArgs>) => () => {
        const e = new ReservedEndpoint("rt", { namePrefix: "rt", modelName: "llm", instanceType: "ml.p4d.24xlarge", ...change });
        return { endpointName: e.endpointName };
    };

    it("puts any documented form of the key on the config, and warns for a type with NVMe storage", async () => {
        for (const key of [KEY, "alias/llm-volumes", "1234abcd-12ab-34cd-56ef-1234567890ab", "arn:aws:kms:us-east-1:123456789012:alias/llm-volumes"]) {
            const { r, warnings } = await withWarnings(reserved({ kmsKeyArn: key }));
            const c = configOf(r, "rt-config");
            assert.strictEqual(c.kmsKeyId, key);
            assert.deepStrictEqual(apiViolations("sagemaker", "CreateEndpointConfigInput", c), []);
            assert.strictEqual(warnings.filter((w) => w.startsWith("rt.kmsKeyArn: ml.p4d.24xlarge stores data on local NVMe instance storage")).length, 1);
        }
    });

    it("checks a key known only later, and warns of the type known only later", async () => {
        const { r, warnings } = await withWarnings(reserved({ kmsKeyArn: pulumi.output(KEY), instanceType: pulumi.output("ml.g6.xlarge") }));
        assert.strictEqual(configOf(r, "rt-config").kmsKeyId, KEY);
        assert.strictEqual(warnings.filter((w) => w.startsWith("rt.kmsKeyArn: ml.g6.xlarge")).length, 1);
    });

    it("warns once for each NVMe type among the fallback pools too", async () => {
        const { warnings } = await withWarnings(reserved({
            kmsKeyArn: KEY, instanceType: "ml.m5.xlarge",
            instancePools: [{ instanceType: "ml.g5.2xlarge", priority: 2 }, { instanceType: "ml.c5.xlarge", priority: 3 }, { instanceType: "ml.g6.2xlarge", priority: 4 }],
        }));
        assert.deepStrictEqual(warnings.filter((w) => w.includes("NVMe")).map((w) => w.split(" stores")[0]), ["rt.kmsKeyArn: ml.g5.2xlarge", "rt.kmsKeyArn: ml.g6.2xlarge"]);
    });

    it("refuses a key that is none of the four forms, before registering anything", async () => {
        const left = await expectRefused(() => new ReservedEndpoint("rt", { modelName: "llm", instanceType: "ml.m5.xlarge", kmsKeyArn: "my-key" }),
            /rt\.kmsKeyArn: "my-key" is not a key id \(1234abcd-12ab-34cd-56ef-1234567890ab\), a key ARN/, config);
        assert.deepStrictEqual(left, []);
    });
});
