import { isSagemakerName, SAGEMAKER_NAME_MAX, SAGEMAKER_NAME_PATTERN } from "./names";

/**
 * Checks shared by every plan: each throws an error that names the field, the value and the rule.
 */

export function invalid(field: string, value: unknown, rule: string): Error {
    return new Error(`${field}: ${JSON.stringify(value)} ${rule}`);
}

/** A whole number within [min, max]. */
export function wholeNumber(field: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
        const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
        throw invalid(field, value, `must be a whole number ${range}`);
    }
    return value;
}

/** A finite number above 0. */
export function positiveNumber(field: string, value: unknown): number {
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
        throw invalid(field, value, "must be a number above 0");
    }
    return value;
}

/** A name SageMaker accepts as given: at most 63 letters, digits and inner hyphens. */
export function sagemakerNameField(field: string, value: unknown): string {
    if (typeof value !== "string" || !isSagemakerName(value)) {
        throw invalid(field, value, `must be at most ${SAGEMAKER_NAME_MAX} characters matching ${SAGEMAKER_NAME_PATTERN}`);
    }
    return value;
}

const IAM_ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,64}$/;

/** An IAM role ARN. */
export function roleArn(field: string, value: unknown): string {
    if (typeof value !== "string" || !IAM_ROLE_ARN.test(value)) {
        throw invalid(field, value, "is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)");
    }
    return value;
}

/** A non-empty string. */
export function text(field: string, value: unknown): string {
    if (typeof value !== "string" || value.trim() === "") {
        throw invalid(field, value, "must be a non-empty string");
    }
    return value;
}

const INSTANCE_TYPE = /^ml\.[a-z0-9-]+\.[a-z0-9]+$/;

/** A SageMaker hosting instance type such as ml.p5.48xlarge. */
export function instanceType(field: string, value: unknown): string {
    if (typeof value !== "string" || !INSTANCE_TYPE.test(value)) {
        throw invalid(field, value, "is not a SageMaker instance type (expected ml.<family>.<size>, e.g. ml.p5.48xlarge)");
    }
    return value;
}

/** An S3 URI: s3://bucket/key. */
export function s3Uri(field: string, value: unknown): string {
    if (typeof value !== "string" || !/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/.test(value)) {
        throw invalid(field, value, "must be an S3 URI (s3://bucket/key)");
    }
    return value;
}

/** A map of string to string, such as container environment variables. */
export function stringMap(field: string, value: unknown): Record<string, string> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw invalid(field, value, "must be a map of names to string values");
    }
    for (const [k, v] of Object.entries(value)) {
        if (typeof v !== "string") {
            throw invalid(`${field}.${k}`, v, "must be a string");
        }
    }
    return value as Record<string, string>;
}

const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z]{2}(-[a-z]+)+-\d:\d{12}:[A-Za-z0-9_-]{1,256}$/;

/** A standard SNS topic's ARN. */
export function snsTopicArn(field: string, value: unknown): string {
    if (typeof value !== "string" || !SNS_TOPIC_ARN.test(value)) {
        throw invalid(field, value, "is not an SNS topic ARN (arn:aws:sns:<region>:<12-digit account>:<topic name of letters, digits, - and _>)");
    }
    return value;
}

const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z]{2}(-[a-z]+)+-\d:\d{12}:key\/[A-Za-z0-9-]+$/;

/** A KMS key's ARN: IAM policies grant on keys by ARN, not by id or alias. */
export function kmsKeyArn(field: string, value: unknown): string {
    if (typeof value !== "string" || !KMS_KEY_ARN.test(value)) {
        throw invalid(field, value, "is not a KMS key ARN (arn:aws:kms:<region>:<12-digit account>:key/<key id>)");
    }
    return value;
}
