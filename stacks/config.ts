import * as pulumi from "@pulumi/pulumi";
import { ecrRepositoryArn } from "../components/model-plan";
import { sagemakerName } from "../components/names";
import { instanceType, invalid, s3Uri, stringMap, text, wholeNumber } from "../components/validate";

/** The config namespace of every stack: keys are `sagemaker-inference:<key>`. */
export const CONFIG_NAMESPACE = "sagemaker-inference";

/** Stack config as read: strings stay strings, structured values and numbers are parsed. */
export type RawConfig = Record<string, unknown>;

/** How each key is read: "string" as is, "json" parsed (numbers, lists, objects). */
export type ConfigSchema = Record<string, "string" | "json">;

/** Reads the keys of a schema from the stack's config. Absent keys are absent. */
export function readConfig(schema: ConfigSchema): RawConfig {
    const cfg = new pulumi.Config(CONFIG_NAMESPACE);
    const raw: RawConfig = {};
    for (const [key, kind] of Object.entries(schema)) {
        const value = cfg.get(key);
        if (value === undefined) {
            continue;
        }
        if (kind === "string") {
            raw[key] = value;
            continue;
        }
        try {
            raw[key] = JSON.parse(value);
        } catch {
            throw invalid(configKey(key), value, "is not a number, list or object");
        }
    }
    return raw;
}

/**
 * The package's keys of a stack's full config (`sagemaker-inference:<key>` to value), without the
 * namespace, as the programs read them; other namespaces (`aws:region`) are left out.
 */
export function namespaceValues(config: Record<string, unknown>): RawConfig {
    const prefix = `${CONFIG_NAMESPACE}:`;
    return Object.fromEntries(Object.entries(config).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
}

/** The full config key, as users type it after `pulumi config set`. */
export function configKey(key: string): string {
    return `${CONFIG_NAMESPACE}:${key}`;
}

/** An object's fields, or an error naming the key. */
export function record(field: string, value: unknown): Record<string, unknown> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw invalid(field, value, "must be an object");
    }
    return value as Record<string, unknown>;
}

/** Fails on keys a config object does not know: a typo should not be silently ignored. */
export function knownKeys(field: string, value: Record<string, unknown>, allowed: readonly string[]): void {
    for (const key of Object.keys(value)) {
        if (!allowed.includes(key)) {
            throw invalid(`${field}.${key}`, value[key], `is not a known setting (known: ${allowed.join(", ")})`);
        }
    }
}

/** One model to serve, as the stacks' config lists it. */
export interface ModelConfig {
    image: string;
    modelDataUrl?: string;
    environment?: Record<string, string>;
}

/** Reads the model fields that every stack's entries share. */
export function modelConfig(field: string, entry: Record<string, unknown>): ModelConfig {
    const image = text(`${field}.image`, entry.image);
    // The role's policy reads the repository from the image: a malformed ECR image fails here, by its key.
    ecrRepositoryArn(image, "aws", `${field}.image`);
    return {
        image,
        modelDataUrl: entry.modelDataUrl === undefined ? undefined : s3Uri(`${field}.modelDataUrl`, entry.modelDataUrl),
        environment: entry.environment === undefined ? undefined : stringMap(`${field}.environment`, entry.environment),
    };
}

/** An optional instance type, or the default. */
export function optionalInstanceType(field: string, value: unknown, fallback: string): string {
    return value === undefined ? fallback : instanceType(field, value);
}

/** An optional whole number, or the default. */
export function optionalWholeNumber(field: string, value: unknown, min: number, fallback: number): number {
    return value === undefined ? fallback : wholeNumber(field, value, min);
}

/** One entry of a config list of named things, checked for its keys and its name. */
export interface NamedEntry {
    /** The entry's full key, e.g. `sagemaker-inference:candidates[0]`. */
    field: string;
    entry: Record<string, unknown>;
    name: string;
}

/**
 * A config list of named entries (candidates, components): at least one, known keys only, and
 * names that give distinct SageMaker names, which SageMaker compares without regard to case.
 */
export function namedEntries(key: string, value: unknown, keys: readonly string[], noun: string, names: string, shape: string): NamedEntry[] {
    if (!Array.isArray(value) || value.length === 0) {
        throw invalid(configKey(key), value ?? null, `must be a list of at least one ${noun} ${shape}`);
    }
    const seen = new Map<string, string>();
    return value.map((item, i) => {
        const field = `${configKey(key)}[${i}]`;
        const entry = record(field, item);
        knownKeys(field, entry, keys);
        const name = text(`${field}.name`, entry.name);
        if (!/[a-zA-Z0-9]/.test(name)) {
            throw invalid(`${field}.name`, name, `must contain a letter or a digit: it names the ${names}`);
        }
        const physical = sagemakerName(name).toLowerCase();
        const clash = seen.get(physical);
        if (clash !== undefined) {
            throw invalid(`${field}.name`, name, `gives the same ${names} name as ${noun} "${clash}"; ${noun} names must be distinct`);
        }
        seen.set(physical, name);
        return { field, entry, name };
    });
}
