import { createHash } from "crypto";

/**
 * Physical names the components set. SageMaker rejects names it does not like only at deploy time,
 * so every name is made valid here, deterministically, from the logical name.
 */

/** SageMaker endpoints, endpoint configs, models and variants: the pattern alone does not bound the length. */
export const SAGEMAKER_NAME_MAX = 63;
export const SAGEMAKER_NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

/** Whether SageMaker accepts a name as it is. */
export function isSagemakerName(name: string): boolean {
    return name.length <= SAGEMAKER_NAME_MAX && SAGEMAKER_NAME_PATTERN.test(name);
}
/** IAM role names. */
export const IAM_ROLE_NAME_MAX = 64;

const HASH_LENGTH = 8;

/** A short hex digest: stable across runs and machines. */
export function shortHash(text: string, length = HASH_LENGTH): string {
    return createHash("sha256").update(text).digest("hex").slice(0, length);
}

/** JSON with object keys sorted, so that equal content always hashes alike. */
export function stableStringify(value: unknown): string {
    if (value === undefined) {
        return "null";
    }
    if (value === null || typeof value !== "object") {
        return JSON.stringify(value);
    }
    if (Array.isArray(value)) {
        return `[${value.map(stableStringify).join(",")}]`;
    }
    const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
}

/** A digest of any plain value: used to name immutable resources after their content. */
export function contentHash(value: unknown): string {
    return shortHash(stableStringify(value));
}

/** Letters, digits and single inner hyphens: the alphabet every SageMaker name accepts. */
function sanitize(base: string): string {
    return base
        .replace(/[^a-zA-Z0-9]+/g, "-")
        .replace(/^-+/, "")
        .replace(/-+$/, "");
}

/**
 * A name of at most `max` characters made of `base` and an optional `suffix`. When too long, the
 * base is cut and a digest of the whole base as given is added, so that two long names that share
 * a beginning, or differ only in characters that became hyphens, stay distinct.
 */
function fitName(base: string, suffix: string | undefined, max: number): string {
    const clean = sanitize(base);
    if (clean === "") {
        throw new Error(`name "${base}" has no letters or digits: a SageMaker or IAM name needs at least one`);
    }
    const cleanSuffix = suffix === undefined ? "" : sanitize(suffix);
    const tail = cleanSuffix === "" ? "" : `-${cleanSuffix}`;
    if (clean.length + tail.length <= max) {
        return clean + tail;
    }
    const keep = max - tail.length - HASH_LENGTH - 1;
    if (keep < 1) {
        throw new Error(`name suffix "${suffix}" leaves no room for a name within ${max} characters`);
    }
    const head = clean.slice(0, keep).replace(/-+$/, "");
    return `${head}-${shortHash(base)}${tail}`;
}

/**
 * A valid SageMaker name (at most 63 characters, `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$`) for an
 * endpoint, endpoint config, model or variant, from any logical name.
 */
export function sagemakerName(base: string, suffix?: string): string {
    return fitName(base, suffix, SAGEMAKER_NAME_MAX);
}

/** A valid IAM role name (at most 64 characters) from any logical name. */
export function iamRoleName(base: string, suffix?: string): string {
    return fitName(base, suffix, IAM_ROLE_NAME_MAX);
}

/**
 * The base of a component's physical names when none is given: `<project>-<stack>-<name>`. Names
 * of SageMaker endpoints, configs, models and inference components, alarms and schedules are
 * unique per account and region: with project and stack in them, the same program deploys as
 * several stacks (or projects) side by side.
 */
export function stackScopedBase(project: string, stack: string, name: string): string {
    return `${project}-${stack}-${name}`;
}

/** The provider takes a bucket prefix of at most 37 characters: it appends a 26-character unique suffix, up to S3's 63. */
const BUCKET_PREFIX_MAX = 37;

/**
 * A prefix for a bucket name the provider completes (`bucketPrefix`): lowercase letters, digits
 * and hyphens, ending in a hyphen. Bucket names are global, so the full name is left to AWS.
 */
export function bucketPrefix(base: string): string {
    return `${fitName(base.toLowerCase(), undefined, BUCKET_PREFIX_MAX - 1)}-`;
}
