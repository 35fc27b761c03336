import * as assert from "assert";
import {
    CAPTURE_UNSUPPORTED, captureModes, CapturedData, dataCaptureConfig, dataCapturePolicy, describeCapture, planDataCapture,
    refuseDataCapture,
} from "../../components/endpoint/data-capture-plan";
import { apiViolations, cfnViolations } from "../support/aws-spec";

const REGION = "us-east-1";
const KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
const KEY_ARN = `arn:aws:kms:us-east-1:123456789012:key/${KEY_ID}`;
const ALIAS_ARN = "arn:aws:kms:us-east-1:123456789012:alias/ml-captures";
const F = "ep.dataCapture";

const plan = (value: Record<string, unknown>, region: string | undefined = REGION) => planDataCapture(F, value, region);
const refused = (value: unknown, message: RegExp, region: string | undefined = REGION) =>
    assert.throws(() => planDataCapture(F, value, region), message);

/** What the endpoint config sends, as the API model and CloudFormation take it. */
function assertValidForAws(config: ReturnType<typeof dataCaptureConfig>) {
    assert.deepStrictEqual(apiViolations("sagemaker", "DataCaptureConfig", config), []);
    const endpointConfig = { productionVariants: [{ variantName: "AllTraffic", modelName: "m", instanceType: "ml.g5.2xlarge", initialInstanceCount: 1 }] };
    assert.deepStrictEqual(cfnViolations("AWS::SageMaker::EndpointConfig", { ...endpointConfig, dataCaptureConfig: config }), []);
}

describe("data capture plan", () => {
    it("defaults: every request and its response, all of them, JSON payloads as text, the bucket's own encryption", () => {
        const p = plan({ destinationS3Uri: "s3://acme-ml/captures/" });
        assert.deepStrictEqual(p, {
            destinationS3Uri: "s3://acme-ml/captures",
            bucket: "acme-ml",
            prefix: "captures/",
            samplingPercentage: 100,
            captureModes: ["Input", "Output"],
            jsonContentTypes: ["application/json"],
            csvContentTypes: [],
        });
        const config = dataCaptureConfig(p);
        assert.deepStrictEqual(config, {
            enableCapture: true,
            initialSamplingPercentage: 100,
            destinationS3Uri: "s3://acme-ml/captures",
            kmsKeyId: undefined,
            captureOptions: [{ captureMode: "Input" }, { captureMode: "Output" }],
            captureContentTypeHeader: { jsonContentTypes: ["application/json"], csvContentTypes: undefined },
        });
        assertValidForAws(config);
    });

    it("takes every setting as given, and sends what AWS's models accept", () => {
        const p = plan({
            destinationS3Uri: "s3://acme-ml/a/b", samplingPercentage: 20, capture: "requests", kmsKeyArn: KEY_ARN,
            jsonContentTypes: ["application/json", "application/jsonlines"], csvContentTypes: ["text/csv"],
        });
        const config = dataCaptureConfig(p);
        assert.deepStrictEqual(config, {
            enableCapture: true,
            initialSamplingPercentage: 20,
            destinationS3Uri: "s3://acme-ml/a/b",
            kmsKeyId: KEY_ARN,
            captureOptions: [{ captureMode: "Input" }],
            captureContentTypeHeader: { jsonContentTypes: ["application/json", "application/jsonlines"], csvContentTypes: ["text/csv"] },
        });
        assertValidForAws(config);
    });

    it("a bucket alone is a destination; the role may write anywhere in it, and only there", () => {
        const p = plan({ destinationS3Uri: "s3://acme-ml" });
        assert.deepStrictEqual([p.destinationS3Uri, p.prefix], ["s3://acme-ml", ""]);
        assert.deepStrictEqual(dataCapturePolicy(p, REGION).Statement, [
            { Sid: "WriteDataCapture", Effect: "Allow", Action: ["s3:PutObject"], Resource: ["arn:aws:s3:::acme-ml/*"] },
        ]);
        assert.strictEqual(plan({ destinationS3Uri: "s3://acme-ml/" }).destinationS3Uri, "s3://acme-ml");
    });

    it("maps requests, responses and both to one CaptureOption per side (never InputAndOutput)", () => {
        assert.deepStrictEqual(Object.values(CapturedData).map(captureModes), [["Input"], ["Output"], ["Input", "Output"]]);
        for (const capture of Object.values(CapturedData)) {
            assertValidForAws(dataCaptureConfig(plan({ destinationS3Uri: "s3://b-1/c", capture })));
        }
    });

    it("sampling: 1 to 100; 0 is refused although the API takes it, because it captures nothing", () => {
        assert.strictEqual(plan({ destinationS3Uri: "s3://b-1", samplingPercentage: 1 }).samplingPercentage, 1);
        assert.strictEqual(plan({ destinationS3Uri: "s3://b-1", samplingPercentage: 100 }).samplingPercentage, 100);
        refused({ destinationS3Uri: "s3://b-1", samplingPercentage: 0 }, /^Error: ep\.dataCapture\.samplingPercentage: 0 must be a whole number from 1 to 100 \(0 would capture nothing/);
        refused({ destinationS3Uri: "s3://b-1", samplingPercentage: 101 }, /samplingPercentage: 101 must be a whole number from 1 to 100/);
        refused({ destinationS3Uri: "s3://b-1", samplingPercentage: 12.5 }, /samplingPercentage: 12\.5 must be a whole number/);
        refused({ destinationS3Uri: "s3://b-1", samplingPercentage: "50" }, /samplingPercentage: "50" is a string; expected a whole number from 1 to 100/);
    });

    it("refuses a destination that is no S3 URI, too long, with wildcards or empty folders", () => {
        refused({}, /ep\.dataCapture\.destinationS3Uri is required: an S3 URI/);
        refused({ destinationS3Uri: "https://acme-ml.s3.amazonaws.com/c" }, /destinationS3Uri: "https:.*" must be an S3 URI/);
        refused({ destinationS3Uri: "s3://Acme_ML/c" }, /names bucket "Acme_ML", which is not a valid S3 bucket name/);
        const long = `s3://acme-ml/${"x".repeat(500)}`;
        refused({ destinationS3Uri: long }, /has 513 characters; SageMaker takes at most 512 \(DestinationS3Uri\)/);
        assert.strictEqual(plan({ destinationS3Uri: long.slice(0, 512) }).destinationS3Uri.length, 512);
        refused({ destinationS3Uri: "s3://acme-ml/team-*/c" }, /has \* or \? in its prefix: the role's policy would read them as wildcards/);
        refused({ destinationS3Uri: "s3://acme-ml/a?b" }, /has \* or \? in its prefix/);
        refused({ destinationS3Uri: "s3://acme-ml/a//b" }, /has an empty folder \(\/\/\) in its prefix/);
    });

    it("refuses what is not a data capture setting, by name", () => {
        refused("s3://acme-ml/c", /^Error: ep\.dataCapture: "s3:\/\/acme-ml\/c" is a string; expected an object \{destinationS3Uri/);
        refused(null, /ep\.dataCapture is required/);
        refused({ destinationS3Uri: "s3://b-1", samplingRate: 5 }, /ep\.dataCapture\.samplingRate: 5 is not a data capture setting \(known: destinationS3Uri, samplingPercentage/);
        refused({ destinationS3Uri: "s3://b-1", capture: "input" }, /ep\.dataCapture\.capture: "input" must be one of requests, responses, both/);
    });

    it("content types: 1 to 10 of type/subtype as the API's pattern takes them, deduplicated, each captured one way", () => {
        const p = plan({ destinationS3Uri: "s3://b-1", csvContentTypes: ["text/csv", "text/csv"] });
        assert.deepStrictEqual([p.jsonContentTypes, p.csvContentTypes], [[], ["text/csv"]], "a list given replaces the JSON default");
        assert.deepStrictEqual(dataCaptureConfig(p).captureContentTypeHeader, { jsonContentTypes: undefined, csvContentTypes: ["text/csv"] });
        const ten = Array.from({ length: 10 }, (_, i) => `application/x-type${i}`);
        assertValidForAws(dataCaptureConfig(plan({ destinationS3Uri: "s3://b-1", jsonContentTypes: ten })));
        refused({ destinationS3Uri: "s3://b-1", jsonContentTypes: [...ten, "application/json"] }, /jsonContentTypes: \[.*\] must list 1 to 10 content types/);
        refused({ destinationS3Uri: "s3://b-1", jsonContentTypes: [] }, /jsonContentTypes: \[\] must list 1 to 10 content types; leave it out for none/);
        refused({ destinationS3Uri: "s3://b-1", csvContentTypes: "text/csv" }, /csvContentTypes: "text\/csv" is a string; expected a list of 1 to 10/);
        for (const bad of ["json", "application/json; charset=utf-8", "-app/json", "application/", `application/${"x".repeat(250)}`]) {
            refused({ destinationS3Uri: "s3://b-1", jsonContentTypes: ["application/json", bad] }, /jsonContentTypes\[1\]: .* is not a content type SageMaker takes/);
        }
        refused({ destinationS3Uri: "s3://b-1", jsonContentTypes: ["text/csv"], csvContentTypes: ["text/csv"] },
            /csvContentTypes: \["text\/csv"\] lists text\/csv, which jsonContentTypes lists too/);
    });

    describe("the KMS key, read as every KMS key of the package (readKmsKey)", () => {
        it("takes each form KmsKeyId documents, as AWS takes it", () => {
            for (const id of [KEY_ID, KEY_ARN, "alias/ml-captures", ALIAS_ARN]) {
                const sent = dataCaptureConfig(plan({ destinationS3Uri: "s3://b-1", kmsKeyArn: id }));
                assert.strictEqual(sent.kmsKeyId, id);
                assertValidForAws(sent);
            }
        });

        it("refuses another form or another region, naming the capture's field", () => {
            refused({ destinationS3Uri: "s3://b-1", kmsKeyArn: "nope" }, /^Error: ep\.dataCapture\.kmsKeyArn: "nope" is not a key id/);
            refused({ destinationS3Uri: "s3://b-1", kmsKeyArn: KEY_ARN.replace("us-east-1", "eu-west-1") },
                /^Error: ep\.dataCapture\.kmsKeyArn: ".*" is in region eu-west-1, but the stack deploys to us-east-1/);
        });
    });

    describe("the model role's policy: write under the prefix, use the key only through S3 in the region", () => {
        const write = { Sid: "WriteDataCapture", Effect: "Allow", Action: ["s3:PutObject"], Resource: ["arn:aws:s3:::acme-ml/captures/*"] };
        const viaS3 = { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } };
        const statements = (kmsKeyArn: string | undefined, region: string | undefined = REGION) =>
            dataCapturePolicy(planDataCapture(F, { destinationS3Uri: "s3://acme-ml/captures", kmsKeyArn }, region), region).Statement;

        it("without a key: PutObject under the prefix and nothing else", () => {
            assert.deepStrictEqual(statements(undefined), [write]);
        });

        it("a key ARN: GenerateDataKey on that key, via S3 in the region", () => {
            assert.deepStrictEqual(statements(KEY_ARN), [write,
                { Sid: "EncryptDataCapture", Effect: "Allow", Action: ["kms:GenerateDataKey"], Resource: [KEY_ARN], Condition: viaS3 }]);
        });

        it("a key id: that key id in the region", () => {
            assert.deepStrictEqual(statements(KEY_ID)[1],
                { Sid: "EncryptDataCapture", Effect: "Allow", Action: ["kms:GenerateDataKey"], Resource: [`arn:aws:kms:us-east-1:*:key/${KEY_ID}`], Condition: viaS3 });
        });

        it("an alias: the keys of the region (of the ARN's account) that carry it", () => {
            const byAlias = { ...viaS3, "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/ml-captures" } };
            assert.deepStrictEqual(statements("alias/ml-captures")[1],
                { Sid: "EncryptDataCapture", Effect: "Allow", Action: ["kms:GenerateDataKey"], Resource: ["arn:aws:kms:us-east-1:*:key/*"], Condition: byAlias });
            assert.deepStrictEqual(statements(ALIAS_ARN)[1],
                { Sid: "EncryptDataCapture", Effect: "Allow", Action: ["kms:GenerateDataKey"], Resource: ["arn:aws:kms:us-east-1:123456789012:key/*"], Condition: byAlias });
        });

        it("without a stack region: the ARN's region, else S3 in any region; the partition follows the region", () => {
            const regionless = (kmsKeyArn: string) =>
                dataCapturePolicy(planDataCapture(F, { destinationS3Uri: "s3://acme-ml/captures", kmsKeyArn }, undefined), undefined).Statement;
            assert.deepStrictEqual(regionless(KEY_ARN)[1].Condition, viaS3);
            assert.deepStrictEqual(regionless(KEY_ID)[1],
                { Sid: "EncryptDataCapture", Effect: "Allow", Action: ["kms:GenerateDataKey"], Resource: [`arn:aws:kms:*:*:key/${KEY_ID}`],
                    Condition: { StringLike: { "kms:ViaService": "s3.*.amazonaws.com" } } });
            const cn = dataCapturePolicy(planDataCapture(F, { destinationS3Uri: "s3://b-1/c", kmsKeyArn: "alias/a" }, "cn-north-1"), "cn-north-1");
            assert.deepStrictEqual(cn.Statement[0].Resource, ["arn:aws-cn:s3:::b-1/c/*"]);
            assert.deepStrictEqual(cn.Statement[1].Condition?.StringEquals, { "kms:ViaService": "s3.cn-north-1.amazonaws.com.cn" });
        });

        it("is a policy IAM takes", () => {
            const policy = JSON.stringify(dataCapturePolicy(plan({ destinationS3Uri: "s3://acme-ml/captures", kmsKeyArn: ALIAS_ARN }), REGION));
            assert.deepStrictEqual(apiViolations("iam", "PutRolePolicyRequest", { RoleName: "r", PolicyName: "p", PolicyDocument: policy }), []);
        });
    });

    it("describes what the config sends in one line for the offline plan", () => {
        assert.strictEqual(describeCapture(dataCaptureConfig(plan({ destinationS3Uri: "s3://acme-ml/captures/" }))),
            "capture Input+Output 100% to s3://acme-ml/captures/ (application/json as JSON)");
        assert.strictEqual(describeCapture(dataCaptureConfig(plan({ destinationS3Uri: "s3://acme-ml", samplingPercentage: 5, capture: "responses", kmsKeyArn: "alias/k", csvContentTypes: ["text/csv"] }))),
            "capture Output 5% to s3://acme-ml/, KMS alias/k (text/csv as CSV)");
    });

    it("refuses capture where AWS does not support it, with the reason and the page that says so", () => {
        assert.doesNotThrow(() => refuseDataCapture("a.dataCapture", undefined, "async"));
        assert.throws(() => refuseDataCapture("a.dataCapture", { destinationS3Uri: "s3://b-1" }, "async"),
            (err: Error) => err.message === `a.dataCapture: {"destinationS3Uri":"s3://b-1"} is refused: ${CAPTURE_UNSUPPORTED.async}`);
        assert.match(CAPTURE_UNSUPPORTED.async, /real-time endpoints and batch transform jobs only \(https:\/\/docs\.aws\.amazon\.com\/sagemaker\/latest\/dg\/model-monitor-data-capture\.html\)/);
        assert.match(CAPTURE_UNSUPPORTED.inferenceComponents, /host a single model \(https:\/\/docs\.aws\.amazon\.com\/sagemaker\/latest\/dg\/model-monitor\.html\)/);
        // Not yet a plain value (an Output): the message names the setting and the reason.
        class Pending { }
        assert.throws(() => refuseDataCapture("s.dataCapture", new Pending(), "inferenceComponents"),
            (err: Error) => err.message === `s.dataCapture is refused: ${CAPTURE_UNSUPPORTED.inferenceComponents}`);
    });
});
