import { Region } from "@pulumi/aws/types/enums";
import { distance } from "fastest-levenshtein";
import { sdkPartition } from "./partitions";
import { isHostingType, isReservableType, nearestHostingTypes, RESERVABLE_TYPES } from "./instance-types";
import { isSagemakerName, SAGEMAKER_NAME_MAX, SAGEMAKER_NAME_PATTERN } from "./names";

/**
 * Checks shared by every plan: each throws an error that names the field, the value and the rule.
 */

export function invalid(field: string, value: unknown, rule: string): Error {
    return new Error(`${field}: ${JSON.stringify(value)} ${rule}`);
}

/** What a value is, in words. */
function kindOf(value: unknown): string {
    if (Array.isArray(value)) {
        return "a list";
    }
    return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/**
 * Fails on keys an object of settings does not know: a typo should not be silently ignored. A key
 * given as undefined (an optional field spread in) is no setting at all.
 * @param setting what each key should be, in messages: "a known setting", "an alarm setting", …
 */
export function knownKeys(field: string, value: Record<string, unknown>, allowed: readonly string[], setting = "a known setting"): void {
    const unknown = Object.keys(value).find((key) => !allowed.includes(key) && value[key] !== undefined);
    if (unknown !== undefined) {
        throw invalid(`${field}.${unknown}`, value[unknown], `is not ${setting} (known: ${allowed.join(", ")})`);
    }
}

/**
 * The error for a missing value ("is required") or one of the wrong kind, saying what was given
 * and what is expected: `"1" is a string; expected a whole number of at least 1`.
 */
export function wrongKind(field: string, value: unknown, expected: string): Error {
    return value === undefined || value === null
        ? new Error(`${field} is required: ${expected}`)
        : new Error(`${field}: ${JSON.stringify(value)} is ${kindOf(value)}; expected ${expected}`);
}

/** An ISO-8601 time with a zone (2026-12-01T00:00:00Z, or an offset), as given. */
export function isoTime(field: string, value: unknown): string {
    if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) || Number.isNaN(Date.parse(value))) {
        throw invalid(field, value, "must be an ISO-8601 time with a zone, e.g. 2026-12-01T00:00:00Z");
    }
    return value;
}

/** A string that `ok` accepts: a missing value or one of another kind says what is expected, a wrong string the rule. */
function checkedString(field: string, value: unknown, expected: string, ok: (s: string) => boolean, rule: string): string {
    if (typeof value !== "string") {
        throw wrongKind(field, value, expected);
    }
    if (!ok(value)) {
        throw invalid(field, value, rule);
    }
    return value;
}

/** A whole number within [min, max]. */
export function wholeNumber(field: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
    const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
    if (typeof value !== "number") {
        throw wrongKind(field, value, `a whole number ${range}`);
    }
    if (!Number.isInteger(value) || value < min || value > max) {
        throw invalid(field, value, `must be a whole number ${range}`);
    }
    return value;
}

/**
 * The most copies the APIs take: InferenceComponentRuntimeConfig.CopyCount and Application Auto
 * Scaling's MinCapacity and MaxCapacity are 32-bit integers with no lower maximum in the models.
 */
export const COPY_COUNT_MAX = 2 ** 31 - 1;

/** A whole number of an inference component's copies, from `min` to what the API takes. */
export function copyCount(field: string, value: unknown, min: number): number {
    return wholeNumber(field, value, min, COPY_COUNT_MAX);
}

/** A finite number above 0. */
export function positiveNumber(field: string, value: unknown): number {
    if (typeof value !== "number") {
        throw wrongKind(field, value, "a number above 0");
    }
    if (!Number.isFinite(value) || value <= 0) {
        throw invalid(field, value, "must be a number above 0");
    }
    return value;
}

/** A name SageMaker accepts as given: at most 63 letters, digits and inner hyphens. */
export function sagemakerNameField(field: string, value: unknown): string {
    return checkedString(field, value, `a name of at most ${SAGEMAKER_NAME_MAX} characters matching ${SAGEMAKER_NAME_PATTERN}`, isSagemakerName,
        `must be at most ${SAGEMAKER_NAME_MAX} characters matching ${SAGEMAKER_NAME_PATTERN}`);
}

/** A component's namePrefix: any text with a letter or digit, made valid for each name derived from it. */
export function namePrefixField(field: string, value: unknown): string {
    return checkedString(field, value, "a name prefix with at least one letter or digit", (v) => /[a-zA-Z0-9]/.test(v),
        "must contain a letter or a digit: the names derived from it keep only letters, digits and hyphens");
}

const IAM_ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,64}$/;

/** An IAM role ARN. */
export function roleArn(field: string, value: unknown): string {
    const form = "an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)";
    return checkedString(field, value, form, (v) => IAM_ROLE_ARN.test(v), `is not ${form}`);
}

/** A non-empty string. */
export function text(field: string, value: unknown): string {
    return checkedString(field, value, "a non-empty string", (v) => v.trim() !== "", "must be a non-empty string");
}

const INSTANCE_TYPE = /^ml\.[a-z0-9-]+\.[a-z0-9]+$/;

/** A SageMaker hosting instance type such as ml.p5.48xlarge: one the SDK lists, not only one of that shape. */
export function instanceType(field: string, value: unknown): string {
    const type = checkedString(field, value, "a SageMaker instance type such as ml.p5.48xlarge", (v) => INSTANCE_TYPE.test(v),
        "is not a SageMaker instance type (expected ml.<family>.<size>, e.g. ml.p5.48xlarge)");
    if (!isHostingType(type)) {
        throw invalid(field, type, `is not an instance type SageMaker hosting offers; the nearest are ${nearestHostingTypes(type).join(", ")}`);
    }
    return type;
}

/** An instance type a training plan can reserve: endpoints on a plan run only these. */
export function reservableInstanceType(field: string, value: unknown): string {
    const type = instanceType(field, value);
    if (!isReservableType(type)) {
        throw invalid(field, type, `cannot run on a training plan: plans reserve only ${RESERVABLE_TYPES.join(", ")}`);
    }
    return type;
}

/**
 * The S3 naming rule a bucket name breaks, or undefined when it keeps them all. Access point
 * aliases (…-s3alias) stand in for bucket names, so the suffixes reserved for them pass.
 */
function bucketNameRule(bucket: string): string | undefined {
    if (bucket.length < 3 || bucket.length > 63) {
        return `it has ${bucket.length} characters, and bucket names have 3 to 63`;
    }
    if (!/^[a-z0-9.-]+$/.test(bucket)) {
        return "bucket names have only lowercase letters, digits, dots and hyphens";
    }
    if (!/^[a-z0-9]/.test(bucket) || !/[a-z0-9]$/.test(bucket)) {
        return "bucket names begin and end with a letter or a digit";
    }
    if (bucket.includes("..")) {
        return "bucket names have no two dots in a row";
    }
    if (/^\d+\.\d+\.\d+\.\d+$/.test(bucket)) {
        return "bucket names are not IP addresses";
    }
    const reserved = ["xn--", "sthree-"].find((prefix) => bucket.startsWith(prefix));
    return reserved === undefined ? undefined : `bucket names do not begin with ${reserved}, which S3 reserves`;
}

/** An S3 URI, s3://bucket/key, whose bucket name keeps S3's naming rules. */
export function s3Uri(field: string, value: unknown): string {
    const uri = checkedString(field, value, "an S3 URI (s3://bucket/key)", (v) => /^s3:\/\/[^/]+(\/.*)?$/.test(v),
        "must be an S3 URI (s3://bucket/key)");
    const { bucket } = splitS3Uri(uri);
    const broken = bucketNameRule(bucket);
    if (broken !== undefined) {
        throw invalid(field, uri, `names bucket "${bucket}", which is not a valid S3 bucket name: ${broken}`);
    }
    return uri;
}

/**
 * A map of string to string, such as container environment variables. Numbers and booleans are
 * taken as their text: `pulumi config set --path` stores `8` as a number and `true` as a boolean.
 */
export function stringMap(field: string, value: unknown): Record<string, string> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw wrongKind(field, value, "a map of names to string values");
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => {
        if ((typeof v === "number" && Number.isFinite(v)) || typeof v === "boolean") {
            return [k, String(v)];
        }
        if (typeof v !== "string") {
            throw wrongKind(`${field}.${k}`, v, "a string (or a number or true/false, taken as text)");
        }
        return [k, v];
    }));
}

const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z]{2}(-[a-z]+)+-\d:\d{12}:[A-Za-z0-9_-]{1,256}$/;

/** A standard SNS topic's ARN. */
export function snsTopicArn(field: string, value: unknown): string {
    return checkedString(field, value, "an SNS topic ARN", (v) => SNS_TOPIC_ARN.test(v),
        "is not an SNS topic ARN (arn:aws:sns:<region>:<12-digit account>:<topic name of letters, digits, - and _>)");
}

/** Bucket and key prefix of an S3 URI. */
export function splitS3Uri(uri: string): { bucket: string; key: string } {
    const rest = uri.slice("s3://".length);
    const slash = rest.indexOf("/");
    return slash < 0 ? { bucket: rest, key: "" } : { bucket: rest.slice(0, slash), key: rest.slice(slash + 1) };
}

/** The regions the AWS provider names: where a mistyped region's nearest names come from. */
const PROVIDER_REGIONS: string[] = Object.values(Region);

/**
 * A region the AWS SDK lists in its partition data (the SDK resolves its endpoints from it): a
 * name of the right shape that it does not list, such as us-east-l, is a typo. Its global
 * pseudo-regions (aws-global) are no place to deploy to.
 */
export function awsRegion(field: string, value: unknown): string {
    const listed = (r: string) => !r.endsWith("-global") && (PROVIDER_REGIONS.includes(r) || "description" in sdkPartition(r));
    const region = checkedString(field, value, "an AWS region such as us-east-1", (r) => r !== "", "must be an AWS region such as us-east-1");
    if (!listed(region)) {
        const nearest = PROVIDER_REGIONS.map((r) => ({ r, d: distance(region, r) })).sort((a, b) => a.d - b.d || a.r.localeCompare(b.r))[0].r;
        throw invalid(field, region, `is not an AWS region the AWS SDK knows; did you mean ${nearest}?`);
    }
    return region;
}
