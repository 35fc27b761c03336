import * as pulumi from "@pulumi/pulumi";
import { planEarly } from "./inputs";
import { wrongKind } from "./validate";

/**
 * Tags, checked where they enter against what the APIs take (SageMaker's `Tag` and `TagList`;
 * IAM, S3, SNS, CloudWatch and Application Auto Scaling take the same or more), so that a tag the
 * API refuses fails at preview, not half-way through a deployment.
 */

/** TagList's most, TagKey's and TagValue's lengths (Unicode characters), and their characters. */
export const TAG_LIMITS = { tags: 50, keyLength: 128, valueLength: 256 };
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const TAG_CHARACTERS = "letters, digits, spaces and _ . : / = + - @";
/** AWS reserves the prefix for its own tags, in any case. */
const RESERVED_PREFIX = /^aws:/i;

/**
 * The tags as given, or an error naming the field, the tag and the rule. A tag of `secret` tags is
 * named by its place, neither its key nor its value shown.
 */
export function checkTags(field: string, tags: unknown, secret = false): Record<string, string> {
    if (typeof tags !== "object" || tags === null || Array.isArray(tags)) {
        throw wrongKind(field, secret ? "(secret)" : tags, "a map of tag keys to string values");
    }
    const entries = Object.entries(tags as Record<string, unknown>);
    if (entries.length > TAG_LIMITS.tags) {
        throw new Error(`${field}: ${entries.length} tags; a resource takes at most ${TAG_LIMITS.tags}`);
    }
    entries.forEach(([key, value], i) => {
        const at = secret ? `${field} (secret), tag ${i + 1} of ${entries.length}` : `${field}[${JSON.stringify(key)}]`;
        const keyLength = [...key].length;
        if (keyLength < 1 || keyLength > TAG_LIMITS.keyLength) {
            throw new Error(`${at}: the key has ${keyLength} characters; a tag key has 1 to ${TAG_LIMITS.keyLength}`);
        }
        if (!TAG_TEXT.test(key)) {
            throw new Error(`${at}: the key has characters a tag key cannot have; it takes ${TAG_CHARACTERS}`);
        }
        if (RESERVED_PREFIX.test(key)) {
            throw new Error(`${at}: the key starts with aws:, which AWS reserves for its own tags`);
        }
        if (typeof value !== "string") {
            throw wrongKind(at, secret ? "(secret)" : value, "a string value");
        }
        const shown = secret ? "the value" : `the value ${JSON.stringify(value)}`;
        const valueLength = [...value].length;
        if (valueLength > TAG_LIMITS.valueLength) {
            throw new Error(`${at}: ${shown} has ${valueLength} characters; a tag value has at most ${TAG_LIMITS.valueLength}`);
        }
        if (!TAG_TEXT.test(value)) {
            throw new Error(`${at}: ${shown} has characters a tag value cannot have; it takes ${TAG_CHARACTERS}`);
        }
    });
    return tags as Record<string, string>;
}

/**
 * A component's tags, checked at once when known (bad ones throw before anything is registered),
 * else as they resolve; tags that are or hold a secret stay secret, in the result and in errors.
 */
export function checkedTags(
    field: string, tags: pulumi.Input<Record<string, pulumi.Input<string>>> | undefined,
): pulumi.Output<Record<string, string>> | undefined {
    if (tags === undefined) {
        return undefined;
    }
    const late = pulumi.Output.isInstance(tags) || tags instanceof Promise || Object.values(tags).some((v) => pulumi.Output.isInstance(v) || v instanceof Promise);
    // Only an Output can be secret: plain tags are checked at once.
    const secret = late ? pulumi.isSecret(pulumi.output(tags)) : false;
    return planEarly({ tags, secret }, (r) => checkTags(field, r.tags, r.secret));
}
