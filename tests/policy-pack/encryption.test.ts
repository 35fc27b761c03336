import * as assert from "assert";
import { encryptionPolicy } from "../../policy-pack/encryption";
import { TYPES } from "../../policy-pack/sagemaker";
import { runResourcePolicy, UNKNOWN_STRING } from "./support";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const variants = [{ variantName: "AllTraffic", modelName: "m", instanceType: "ml.g5.2xlarge", initialInstanceCount: 1 }];
const capture = (kmsKeyId?: string) => ({
    enableCapture: true, initialSamplingPercentage: 100, destinationS3Uri: "s3://acme-capture/chat/",
    captureOptions: [{ captureMode: "Input" }, { captureMode: "Output" }], ...(kmsKeyId !== undefined && { kmsKeyId }),
});
const native = (props: Record<string, unknown>) => ({ type: TYPES.nativeEndpointConfig, name: "chat-config", props: { productionVariants: variants, ...props } });
const classic = (props: Record<string, unknown>) => ({ type: TYPES.classicEndpointConfig, name: "chat-config", props: { productionVariants: variants, ...props } });

describe("policy sagemaker-endpoint-encryption", () => {
    it("is mandatory by default", () => {
        assert.strictEqual(encryptionPolicy.enforcementLevel, "mandatory");
    });

    it("passes endpoint configs of either provider that name a customer key for the volumes and the capture", async () => {
        assert.deepStrictEqual(await runResourcePolicy(encryptionPolicy, native({ kmsKeyId: KEY, dataCaptureConfig: capture(KEY) })), []);
        assert.deepStrictEqual(await runResourcePolicy(encryptionPolicy, classic({ kmsKeyArn: KEY, dataCaptureConfig: capture("alias/capture") })), []);
    });

    it("refuses a config without a key, naming the provider's field", async () => {
        assert.deepStrictEqual((await runResourcePolicy(encryptionPolicy, native({}))).map((v) => v.message), [
            "the storage volumes of endpoint config chat-config are not encrypted with a customer managed KMS key: set kmsKeyId (a key id, key ARN, alias or alias ARN)",
        ]);
        assert.match((await runResourcePolicy(encryptionPolicy, classic({})))[0].message, /set kmsKeyArn/);
    });

    it("refuses AWS managed keys, which the customer does not control", async () => {
        const violations = await runResourcePolicy(encryptionPolicy, native({ kmsKeyId: "alias/aws/sagemaker" }));
        assert.deepStrictEqual(violations.map((v) => v.message), [
            "the storage volumes of endpoint config chat-config are encrypted with alias/aws/sagemaker, an AWS managed key: set kmsKeyId to a customer managed KMS key, whose policy you control",
        ]);
        assert.strictEqual((await runResourcePolicy(encryptionPolicy, native({ kmsKeyId: "arn:aws:kms:us-east-1:123456789012:alias/aws/sagemaker" }))).length, 1);
    });

    it("refuses captured data without a key, on either provider, and ignores a capture turned off", async () => {
        assert.deepStrictEqual((await runResourcePolicy(encryptionPolicy, native({ kmsKeyId: KEY, dataCaptureConfig: capture() }))).map((v) => v.message), [
            "the data endpoint config chat-config captures (s3://acme-capture/chat/) is not encrypted with a customer managed KMS key: set dataCaptureConfig.kmsKeyId (a key id, key ARN, alias or alias ARN)",
        ]);
        assert.strictEqual((await runResourcePolicy(encryptionPolicy, classic({ kmsKeyArn: KEY, dataCaptureConfig: capture() }))).length, 1);
        assert.deepStrictEqual(await runResourcePolicy(encryptionPolicy, native({ kmsKeyId: KEY, dataCaptureConfig: { ...capture(), enableCapture: false } })), []);
    });

    const async = (kmsKeyId?: string) => ({ outputConfig: { s3OutputPath: "s3://acme-async/out/", s3FailurePath: "s3://acme-async/failed/", ...(kmsKeyId !== undefined && { kmsKeyId }) } });

    it("refuses asynchronous results written without a customer key, on either provider (asyncInferenceConfig.outputConfig.kmsKeyId in both)", async () => {
        assert.deepStrictEqual((await runResourcePolicy(encryptionPolicy, native({ kmsKeyId: KEY, asyncInferenceConfig: async() }))).map((v) => v.message), [
            "the asynchronous results of endpoint config chat-config (s3://acme-async/out/) are not encrypted with a customer managed KMS key: set asyncInferenceConfig.outputConfig.kmsKeyId (a key id, key ARN, alias or alias ARN)",
        ]);
        assert.deepStrictEqual((await runResourcePolicy(encryptionPolicy, classic({ kmsKeyArn: KEY, asyncInferenceConfig: async("alias/aws/s3") }))).map((v) => v.message), [
            "the asynchronous results of endpoint config chat-config (s3://acme-async/out/) are encrypted with alias/aws/s3, an AWS managed key: set asyncInferenceConfig.outputConfig.kmsKeyId to a customer managed KMS key, whose policy you control",
        ]);
        // An output path unknown during preview is left out of the message.
        assert.deepStrictEqual((await runResourcePolicy(encryptionPolicy, classic({ kmsKeyArn: KEY, asyncInferenceConfig: { outputConfig: { s3OutputPath: UNKNOWN_STRING } } }))).map((v) => v.message), [
            "the asynchronous results of endpoint config chat-config are not encrypted with a customer managed KMS key: set asyncInferenceConfig.outputConfig.kmsKeyId (a key id, key ARN, alias or alias ARN)",
        ]);
    });

    it("passes asynchronous results encrypted with a customer key, on either provider", async () => {
        assert.deepStrictEqual(await runResourcePolicy(encryptionPolicy, native({ kmsKeyId: KEY, asyncInferenceConfig: async(KEY) })), []);
        assert.deepStrictEqual(await runResourcePolicy(encryptionPolicy, classic({ kmsKeyArn: KEY, asyncInferenceConfig: async("alias/async-results") })), []);
        assert.deepStrictEqual(await runResourcePolicy(encryptionPolicy, native({ kmsKeyId: KEY, asyncInferenceConfig: async(UNKNOWN_STRING) })), []);
    });

    it("reports nothing on a key unknown during preview (a key created in the same deploy)", async () => {
        assert.deepStrictEqual(await runResourcePolicy(encryptionPolicy, native({ kmsKeyId: UNKNOWN_STRING, dataCaptureConfig: capture(UNKNOWN_STRING) })), []);
    });

    it("leaves other resources alone", async () => {
        assert.deepStrictEqual(await runResourcePolicy(encryptionPolicy, { type: TYPES.nativeEndpoint, name: "chat", props: { endpointConfigName: "c" } }), []);
    });
});
