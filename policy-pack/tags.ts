import { isTaggableSageMaker, tagsOf } from "./sagemaker";
import { resourcePolicy } from "./sdk";
import { at, isObject, jsonDocument, Props, Resource, UNKNOWN, Value } from "./values";

/**
 * Cost allocation: every SageMaker resource that takes tags carries the tag keys the pack's config
 * requires (none by default). A tag counts whether the resource sets it or its provider's defaultTags do (the
 * classic provider reports those in tagsAll too).
 */

export interface TagsConfig {
    requiredTagKeys: string[];
}

/**
 * The provider's defaultTags.tags. Both AWS providers send their inputs to the engine JSON-encoded
 * (their provider.js: `pulumi.output(args?.defaultTags).apply(JSON.stringify)`; pulumi/pulumi#15477),
 * and a default provider takes them from config as text: a policy sees a JSON string. An object is
 * read as well, for an engine that decodes it.
 */
function defaultTagsOf(providerProps: Props | undefined): Value | undefined {
    return providerProps === undefined ? undefined : at(jsonDocument(providerProps.defaultTags), "tags");
}

export function checkTags(r: Resource, config: TagsConfig): string[] {
    if (!isTaggableSageMaker(r) || config.requiredTagKeys.length === 0) {
        return [];
    }
    const sources: (Value | undefined)[] = [tagsOf(r.props), tagsOf(r.props, "tagsAll"), defaultTagsOf(r.providerProps)];
    if (sources.includes(UNKNOWN)) {
        return [];
    }
    const present = new Set(sources.flatMap((tags) => (isObject(tags) ? Object.keys(tags) : [])));
    const missing = config.requiredTagKeys.filter((k) => !present.has(k));
    return missing.length === 0 ? [] : [`${r.type} ${r.name} lacks the cost-allocation tag${missing.length > 1 ? "s" : ""} ${missing.join(", ")}: set ${missing.length > 1 ? "them" : "it"} in its tags or the provider's defaultTags`];
}

export const tagsPolicy = resourcePolicy<TagsConfig>({
    name: "sagemaker-cost-allocation-tags",
    description: "Every SageMaker resource carries the cost-allocation tag keys the pack's config requires.",
    enforcementLevel: "mandatory",
    config: {
        requiredTagKeys: {
            type: "array", items: { type: "string" }, default: [],
            description: "Tag keys every SageMaker resource must carry, e.g. [\"cost-center\", \"team\"].",
        },
    },
}, checkTags);
