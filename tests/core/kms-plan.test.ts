import * as assert from "assert";
import { ProductionVariantInstanceType } from "@aws-sdk/client-sagemaker";
import {
    hasNvmeInstanceStore, instanceStoreNote, keyArnForGrant, NVME_INSTANCE_STORE_FAMILIES, viaService, volumeKeyStatements, readKmsKey,
} from "../../core/kms-plan";
import { apiViolations } from "../support/aws-spec";

const KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
const KEY_ARN = `arn:aws:kms:us-east-1:123456789012:key/${KEY_ID}`;

describe("KMS plan: the one reading of a KMS key (volumes, captures, results, topics)", () => {
    const forms: [string, string][] = [
        ["key id", KEY_ID],
        ["key id", "mrk-1234abcd12ab34cd56ef1234567890ab"],
        ["key ARN", KEY_ARN],
        ["alias name", "alias/ExampleAlias"],
        ["alias name", "alias/team_a/llm-volumes"],
        ["alias ARN", "arn:aws:kms:us-east-1:123456789012:alias/ExampleAlias"],
    ];
    for (const [form, id] of forms) {
        it(`takes a ${form} (${id}) as given, within SageMaker's KmsKeyId`, () => {
            const arn = form.endsWith("ARN") ? { region: "us-east-1", account: "123456789012" } : {};
            assert.deepStrictEqual(readKmsKey("e.kmsKeyArn", id, "us-east-1"), { id, form, ...arn });
            assert.deepStrictEqual(apiViolations("sagemaker", "KmsKeyId", id), []);
        });
    }

    it("takes an ARN of any region when the stack has none, and a China key in a China region", () => {
        assert.deepStrictEqual(readKmsKey("k", "arn:aws:kms:eu-west-1:123456789012:alias/x", undefined),
            { id: "arn:aws:kms:eu-west-1:123456789012:alias/x", form: "alias ARN", region: "eu-west-1", account: "123456789012" });
        assert.strictEqual(readKmsKey("k", `arn:aws-cn:kms:cn-north-1:123456789012:key/${KEY_ID}`, "cn-north-1").form, "key ARN");
        assert.strictEqual(readKmsKey("k", "arn:aws-cn:kms:cn-north-1:123456789012:alias/a", undefined).region, "cn-north-1");
    });

    it("refuses an ARN whose partition is not its region's, with or without a stack region", () => {
        for (const region of ["us-east-1", undefined]) {
            assert.throws(() => readKmsKey("k", KEY_ARN.replace("arn:aws:", "arn:aws-cn:"), region),
                /^Error: k: ".*" names partition aws-cn, but its region us-east-1 is in partition aws$/);
        }
    });

    const bad: [string, unknown, RegExp][] = [
        ["nothing", undefined, /^Error: e\.kmsKeyArn is required: a key id \(1234abcd-12ab-34cd-56ef-1234567890ab\), a key ARN/],
        ["a number", 7, /^Error: e\.kmsKeyArn: 7 is a number; expected a key id/],
        ["an empty string", "", /^Error: e\.kmsKeyArn: "" must be 1 to 2048 characters matching \[a-zA-Z0-9:\/_-\] \(SageMaker's KmsKeyId\)$/],
        ["a dot", "alias/my.key", /^Error: e\.kmsKeyArn: "alias\/my\.key" must be 1 to 2048 characters matching/],
        ["more than 2048 characters", `alias/${"a".repeat(2043)}`, /^Error: e\.kmsKeyArn: "alias\/a+" must be 1 to 2048 characters/],
        ["a key id of the wrong length", "1234abcd-12ab-34cd-56ef", /^Error: e\.kmsKeyArn: "1234abcd-12ab-34cd-56ef" is not a key id \(1234abcd-12ab-34cd-56ef-1234567890ab\), a key ARN/],
        ["an alias without a name", "alias/", /^Error: e\.kmsKeyArn: "alias\/" is not a key id/],
        ["a key name", "my-key", /^Error: e\.kmsKeyArn: "my-key" is not a key id/],
        ["an ARN of another service", "arn:aws:s3:::bucket", /^Error: e\.kmsKeyArn: "arn:aws:s3:::bucket" is not a key id/],
        ["an ARN without an account", `arn:aws:kms:us-east-1::key/${KEY_ID}`, /is not a key id/],
        ["a key of another region", `arn:aws:kms:eu-west-1:123456789012:key/${KEY_ID}`,
            /^Error: e\.kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key\/1234abcd-12ab-34cd-56ef-1234567890ab" is in region eu-west-1, but the stack deploys to us-east-1; AWS uses a key of the region of what it encrypts$/],
        ["an alias of another partition", "arn:aws-us-gov:kms:us-east-1:123456789012:alias/x",
            /^Error: e\.kmsKeyArn: "arn:aws-us-gov:kms:us-east-1:123456789012:alias\/x" names partition aws-us-gov, but its region us-east-1 is in partition aws$/],
        ["an alias name longer than KMS's 256 characters", `alias/${"a".repeat(251)}`, /^Error: e\.kmsKeyArn: "alias\/a+" is not a key id/],
    ];
    for (const [what, value, message] of bad) {
        it(`refuses ${what}, naming the field, the value and the rule`, () => {
            assert.throws(() => readKmsKey("e.kmsKeyArn", value, "us-east-1"), message);
        });
    }

    it("needs a key ARN where a role is granted the key, and says why for each other form", () => {
        assert.strictEqual(keyArnForGrant("e.kmsKeyArn", { id: KEY_ARN, form: "key ARN" }, "the role"), KEY_ARN);
        for (const [form, article] of [["key id", "a"], ["alias name", "an"], ["alias ARN", "an"]] as const) {
            assert.throws(() => keyArnForGrant("e.kmsKeyArn", { id: "x", form }, "the endpoint's created role"), new RegExp(
                `^Error: e\\.kmsKeyArn: "x" is ${article} ${form}; the endpoint's created role must be allowed to use the key, and IAM grants on a key by its ARN: ` +
                "give the key ARN \\(arn:<partition>:kms:<region>:<account>:key/<key id>\\), or give the role yourself$"));
        }
    });
});

describe("KMS plan: what a role needs on the key", () => {
    it("lets the caller of CreateEndpoint/UpdateEndpoint describe the key and grant it, through SageMaker and for AWS resources only", () => {
        assert.deepStrictEqual(volumeKeyStatements(KEY_ARN), [
            {
                Sid: "GrantVolumeKeyToSageMaker", Effect: "Allow", Action: ["kms:CreateGrant"], Resource: [KEY_ARN],
                Condition: { StringEquals: { "kms:ViaService": "sagemaker.us-east-1.amazonaws.com" }, Bool: { "kms:GrantIsForAWSResource": "true" } },
            },
            {
                Sid: "DescribeVolumeKey", Effect: "Allow", Action: ["kms:DescribeKey"], Resource: [KEY_ARN],
                Condition: { StringEquals: { "kms:ViaService": "sagemaker.us-east-1.amazonaws.com" } },
            },
        ]);
    });

    it("names the service in the key's region and its partition's domain", () => {
        assert.strictEqual(viaService("s3", "eu-central-1"), "s3.eu-central-1.amazonaws.com");
        assert.strictEqual(viaService("sagemaker", "cn-northwest-1"), "sagemaker.cn-northwest-1.amazonaws.com.cn");
    });
});

describe("KMS plan: instance types whose local storage the hardware encrypts", () => {
    const hosting: string[] = Object.values(ProductionVariantInstanceType);

    it("knows only families SageMaker hosting offers", () => {
        const families = new Set(hosting.map((t) => t.split(".")[1]));
        assert.deepStrictEqual(NVME_INSTANCE_STORE_FAMILIES.filter((f) => !families.has(f)), []);
    });

    it("tells the NVMe families from the EBS-only ones", () => {
        for (const type of ["ml.g5.12xlarge", "ml.g6e.xlarge", "ml.p4d.24xlarge", "ml.p5.48xlarge", "ml.g4dn.xlarge", "ml.m5d.large", "ml.trn1.32xlarge", "ml.p6-b200.48xlarge"]) {
            assert.ok(hasNvmeInstanceStore(type), type);
        }
        for (const type of ["ml.m5.xlarge", "ml.c5.large", "ml.p3.2xlarge", "ml.inf2.xlarge", "ml.m6i.large", "ml.t2.medium"]) {
            assert.ok(!hasNvmeInstanceStore(type), type);
        }
    });

    it("says so naming the field and the type, and says nothing for an EBS-only type", () => {
        assert.strictEqual(instanceStoreNote("dev.kmsKeyArn", "ml.g5.12xlarge"),
            "dev.kmsKeyArn: ml.g5.12xlarge stores data on local NVMe instance storage, which its hardware encrypts; the KMS key encrypts only " +
            "an attached EBS volume, so it does not cover that storage");
        assert.strictEqual(instanceStoreNote("dev.kmsKeyArn", "ml.m5.xlarge"), undefined);
    });
});
