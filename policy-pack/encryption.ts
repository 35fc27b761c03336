import { endpointConfigKey, isEndpointConfig } from "./sagemaker";
import { resourcePolicy } from "./sdk";
import { at, Resource, text, UNKNOWN } from "./values";

/**
 * Encryption at rest with a key the customer controls: the endpoint's storage volumes
 * (CreateEndpointConfig KmsKeyId), the data it captures to S3 (DataCaptureConfig.KmsKeyId) and an
 * asynchronous endpoint's results in S3 (AsyncInferenceConfig.OutputConfig.KmsKeyId).
 */

/** AWS managed keys go by `alias/aws/<service>`: AWS, not the customer, controls them. */
const AWS_MANAGED_ALIAS = /(^|:)alias\/aws\//;

/**
 * Which key a KMS key setting names: none, an AWS managed key, or a customer managed one; a key
 * unknown during preview counts as the customer's (it may be created in the same deploy).
 */
export function keyKind(key: string | typeof UNKNOWN | undefined): "none" | "aws-managed" | "customer" {
    if (key === undefined || key === "") {
        return "none";
    }
    return key !== UNKNOWN && AWS_MANAGED_ALIAS.test(key) ? "aws-managed" : "customer";
}

/** `what` is a subject with its verb, "the storage volumes of X are". */
function keyProblem(key: string | typeof UNKNOWN | undefined, what: string, field: string): string | undefined {
    switch (keyKind(key)) {
        case "none": return `${what} not encrypted with a customer managed KMS key: set ${field} (a key id, key ARN, alias or alias ARN)`;
        case "aws-managed": return `${what} encrypted with ${String(key)}, an AWS managed key: set ${field} to a customer managed KMS key, whose policy you control`;
        default: return undefined;
    }
}

/** Violations of an endpoint config (either provider's); none for any other resource. */
export function checkEncryption(r: Resource): string[] {
    if (!isEndpointConfig(r)) {
        return [];
    }
    const volumeField = r.type.startsWith("aws-native:") ? "kmsKeyId" : "kmsKeyArn";
    const problems = [keyProblem(endpointConfigKey(r), `the storage volumes of endpoint config ${r.name} are`, volumeField)];
    const capture = r.props.dataCaptureConfig;
    // Capture stays off unless EnableCapture is true or left out (the API's default is on).
    if (capture !== undefined && capture !== null && at(capture, "enableCapture") !== false) {
        const destination = text(at(capture, "destinationS3Uri"));
        const where = typeof destination === "string" ? ` (${destination})` : "";
        problems.push(keyProblem(text(at(capture, "kmsKeyId")), `the data endpoint config ${r.name} captures${where} is`, "dataCaptureConfig.kmsKeyId"));
    }
    // Both providers name the results' key alike (CreateEndpointConfig AsyncInferenceConfig.OutputConfig.KmsKeyId).
    const async = r.props.asyncInferenceConfig;
    if (async !== undefined && async !== null) {
        const output = text(at(async, "outputConfig", "s3OutputPath"));
        const where = typeof output === "string" ? ` (${output})` : "";
        problems.push(keyProblem(text(at(async, "outputConfig", "kmsKeyId")), `the asynchronous results of endpoint config ${r.name}${where} are`, "asyncInferenceConfig.outputConfig.kmsKeyId"));
    }
    return problems.filter((p): p is string => p !== undefined);
}

export const encryptionPolicy = resourcePolicy<Record<string, never>>({
    name: "sagemaker-endpoint-encryption",
    description: "Endpoint configs encrypt their storage volumes, the data they capture and their asynchronous results with a customer managed KMS key.",
    enforcementLevel: "mandatory",
}, (r) => checkEncryption(r));
