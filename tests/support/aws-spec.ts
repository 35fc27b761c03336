/**
 * Checks what the package's resources send against AWS's own definitions, so that a test can
 * assert "no violations" on a registered resource's inputs instead of trusting our reading of the
 * docs:
 * - CloudFormation resource specs from `@aws-cdk/aws-service-spec` (what `@pulumi/aws-native`
 *   resources are: property names, kinds, allowed values, required, which changes replace);
 * - the botocore API models' subset in tests/support/aws-models (what the `@pulumi/aws` resources turn
 *   into: member names, enums, lengths, ranges, patterns, required members).
 *
 * Every violation is one line: `<path> = <value>: <rule>`.
 */
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";

// ---------------------------------------------------------------------------------------------
// Shared

/** A path inside a value: `a.b[0].c`; the root is the empty string. */
function child(parent: string, key: string | number): string {
    if (typeof key === "number") {
        return `${parent}[${key}]`;
    }
    return parent ? `${parent}.${key}` : key;
}

/** A value short enough to read in a violation list. */
function show(value: unknown): string {
    if (value === undefined) {
        return "undefined";
    }
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function violation(at: string, value: unknown, rule: string): string {
    return `${at || "<root>"} = ${show(value)}: ${rule}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/**
 * Finds a spec name for an input key regardless of case: aws-native writes `volumeSizeInGb` for
 * `VolumeSizeInGB`, and callers may pass camelCase for an API's PascalCase members.
 */
function findName(names: Iterable<string>, key: string): string | undefined {
    const all = [...names];
    return all.find((name) => name === key) ?? all.find((name) => name.toLowerCase() === key.toLowerCase());
}

/** The spec's names that an object's defined keys do not cover (case-insensitively). */
function missingNames(required: string[], value: Record<string, unknown>): string[] {
    const present = Object.keys(value).filter((key) => value[key] !== undefined).map((key) => key.toLowerCase());
    return required.filter((name) => !present.includes(name.toLowerCase()));
}

/** camelCase of a spec's PascalCase name, for naming a property the input lacks. */
function camel(name: string): string {
    return name.charAt(0).toLowerCase() + name.slice(1);
}

// ---------------------------------------------------------------------------------------------
// CloudFormation resource specs (@aws-cdk/aws-service-spec)

/** A property's type in the spec's db.json.gz. */
interface CfnType {
    type: "string" | "integer" | "number" | "boolean" | "json" | "date-time" | "tag" | "array" | "map" | "ref" | "union";
    element?: CfnType;
    reference?: { $ref: string };
    types?: CfnType[];
    allowedValues?: (string | number)[];
}

interface CfnProperty {
    type: CfnType;
    required?: boolean;
    causesReplacement?: "yes" | "maybe" | "no";
}

/** A resource or a type definition: both are named bags of properties. */
interface CfnEntity {
    $id: string;
    name: string;
    cloudFormationType?: string;
    properties: Record<string, CfnProperty>;
}

interface CfnSpec {
    resources: Map<string, CfnEntity>;
    types: Map<string, CfnEntity>;
}

let cfnSpec: CfnSpec | undefined;

/** The spec, read once per process: unzipping and parsing it takes about 250 ms. */
function loadCfnSpec(): CfnSpec {
    if (cfnSpec === undefined) {
        const file = require.resolve("@aws-cdk/aws-service-spec/db.json.gz");
        const db = JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString("utf8")) as {
            schema: { resource: { entities: CfnEntity[] }; typeDefinition: { entities: CfnEntity[] } };
        };
        // The entity tables are arrays; references name an entity by its `$id`, not its index.
        cfnSpec = {
            resources: new Map(db.schema.resource.entities.map((e) => [e.cloudFormationType!, e])),
            types: new Map(db.schema.typeDefinition.entities.map((e) => [e.$id, e])),
        };
    }
    return cfnSpec;
}

function cfnResource(cfnType: string): CfnEntity {
    const resource = loadCfnSpec().resources.get(cfnType);
    if (resource === undefined) {
        throw new Error(`${cfnType} is not a CloudFormation type in @aws-cdk/aws-service-spec`);
    }
    return resource;
}

function cfnTypeDefinition(ref: { $ref: string }): CfnEntity {
    const type = loadCfnSpec().types.get(ref.$ref);
    if (type === undefined) {
        throw new Error(`type definition ${ref.$ref} is missing from @aws-cdk/aws-service-spec`);
    }
    return type;
}

/** A Pulumi tag input: `{key, value}`, both strings. */
const TAG: CfnEntity = {
    $id: "tag",
    name: "Tag",
    properties: { Key: { type: { type: "string" }, required: true }, Value: { type: { type: "string" }, required: true } },
};

/** Violations of an object against an entity's properties: unknown keys, then missing ones. */
function checkCfnObject(entity: CfnEntity, value: unknown, at: string): string[] {
    if (!isRecord(value)) {
        return [violation(at, value, `expected an object (${entity.name})`)];
    }
    const names = Object.keys(entity.properties);
    const found = Object.entries(value).filter(([, v]) => v !== undefined).flatMap(([key, v]) => {
        const name = findName(names, key);
        return name === undefined
            ? [violation(child(at, key), v, `not a property of ${entity.cloudFormationType ?? entity.name}`)]
            : checkCfnValue(entity.properties[name].type, v, child(at, key));
    });
    const required = names.filter((name) => entity.properties[name].required);
    const missing = missingNames(required, value)
        .map((name) => violation(child(at, camel(name)), undefined, `required by ${entity.cloudFormationType ?? entity.name}`));
    return [...found, ...missing];
}

/** Whether a scalar has the spec's kind (false for the kinds that are not scalars). */
function cfnScalarKindHolds(kind: CfnType["type"], value: unknown): boolean {
    switch (kind) {
        case "string":
        case "date-time":
            return typeof value === "string";
        case "integer":
            return Number.isInteger(value);
        case "number":
            return typeof value === "number" && Number.isFinite(value);
        case "boolean":
            return typeof value === "boolean";
        case "json":
            // CloudFormation's Json is an object (an IAM policy, a schema): any object or array.
            return typeof value === "object" && value !== null;
        default:
            return false;
    }
}

function checkCfnValue(type: CfnType, value: unknown, at: string): string[] {
    switch (type.type) {
        case "ref":
            return checkCfnObject(cfnTypeDefinition(type.reference!), value, at);
        case "tag":
            return checkCfnObject(TAG, value, at);
        case "array":
            return Array.isArray(value)
                ? value.flatMap((item, i) => checkCfnValue(type.element!, item, child(at, i)))
                : [violation(at, value, "expected an array")];
        case "map":
            return isRecord(value)
                ? Object.entries(value).flatMap(([key, item]) => checkCfnValue(type.element!, item, child(at, key)))
                : [violation(at, value, "expected a map (an object)")];
        case "union":
            // Fits when some alternative takes it whole.
            return type.types!.some((alternative) => checkCfnValue(alternative, value, at).length === 0)
                ? []
                : [violation(at, value, `expected one of ${type.types!.map((t) => t.type).join(" | ")}`)];
        default:
            if (!cfnScalarKindHolds(type.type, value)) {
                return [violation(at, value, `expected ${type.type}`)];
            }
            return type.allowedValues && !type.allowedValues.includes(value as string | number)
                ? [violation(at, value, `not one of the allowed values ${show(type.allowedValues)}`)]
                : [];
    }
}

/**
 * Violations of a Pulumi aws-native resource's inputs (camelCase keys) against its CloudFormation
 * type's spec: unknown properties, wrong kinds, values not allowed, missing required properties,
 * at every depth. Undefined values are skipped: Pulumi drops them.
 */
export function cfnViolations(cfnType: string, inputs: Record<string, unknown>): string[] {
    return checkCfnObject(cfnResource(cfnType), inputs, "");
}

/** Whether changing the value at `segments` under `entity` replaces the resource. */
function pathReplaces(entity: CfnEntity, segments: string[], at: string): boolean {
    const [key, ...rest] = segments;
    const name = findName(Object.keys(entity.properties), key);
    if (name === undefined) {
        throw new Error(`${child(at, key)} is not a property of ${entity.cloudFormationType ?? entity.name}`);
    }
    const property = entity.properties[name];
    if (property.causesReplacement === "yes") {
        return true;
    }
    // Descend through objects (and arrays of them); a path that goes on into a map, a Json value or
    // a scalar changes this property as a whole, which was just judged.
    const type = property.type.type === "array" ? property.type.element! : property.type;
    if (rest.length === 0 || type.type !== "ref") {
        return false;
    }
    return pathReplaces(cfnTypeDefinition(type.reference!), rest, child(at, key));
}

/**
 * The changed input paths (dotted camelCase, as `plannedChanges` returns them) that make the
 * aws-native provider replace the resource rather than update it: those with a property marked
 * causesReplacement "yes" (CloudFormation's create-only) anywhere along the path.
 */
export function cfnReplacingPaths(cfnType: string, changedPaths: string[]): string[] {
    const resource = cfnResource(cfnType);
    // Array indices do not name properties: `productionVariants[0].modelName` walks as `productionVariants.modelName`.
    return changedPaths.filter((changed) => pathReplaces(resource, changed.replace(/\[\d+\]/g, "").split("."), ""));
}

// ---------------------------------------------------------------------------------------------
// AWS API models (tests/support/aws-models, extracted from botocore by scripts/extract-aws-shapes.ts)

export type AwsService = "sagemaker" | "cloudwatch" | "application-autoscaling" | "scheduler" | "iam" | "s3" | "sns";

interface ShapeRef {
    shape: string;
}

interface ApiShape {
    type: "structure" | "list" | "map" | "string" | "integer" | "long" | "double" | "float" | "boolean" | "timestamp";
    members?: Record<string, ShapeRef>;
    required?: string[];
    union?: boolean;
    enum?: string[];
    min?: number;
    max?: number;
    pattern?: string;
    member?: ShapeRef;
    key?: ShapeRef;
    value?: ShapeRef;
}

interface ApiModel {
    shapes: Record<string, ApiShape>;
}

const apiModels = new Map<AwsService, ApiModel>();

function apiModel(service: AwsService): ApiModel {
    let model = apiModels.get(service);
    if (model === undefined) {
        model = JSON.parse(fs.readFileSync(path.join(__dirname, "aws-models", `${service}.json`), "utf8")) as ApiModel;
        apiModels.set(service, model);
    }
    return model;
}

/**
 * Java's POSIX classes (botocore's patterns are Java regexes), as JavaScript class contents.
 * JavaScript reads `\p{Print}` as an unknown Unicode property, or without the u flag as "p{Print}".
 */
const JAVA_POSIX_CLASSES: Record<string, string> = {
    Lower: "a-z", Upper: "A-Z", ASCII: "\\x00-\\x7F", Alpha: "a-zA-Z", Digit: "0-9", Alnum: "a-zA-Z0-9",
    Punct: "!-\\/:-@\\[-`{-~", Graph: "!-~", Print: " -~", Blank: " \\t", Cntrl: "\\x00-\\x1F\\x7F",
    XDigit: "0-9a-fA-F", Space: " \\t\\n\\x0B\\f\\r",
};

/** A botocore pattern rewritten for JavaScript: Java's POSIX classes spelled out. */
function javaPatternToJs(pattern: string): string {
    let out = "";
    let inClass = false;
    for (let i = 0; i < pattern.length; i++) {
        const posix = /^\\p\{(\w+)\}/.exec(pattern.slice(i));
        if (posix && posix[1] in JAVA_POSIX_CLASSES) {
            const ranges = JAVA_POSIX_CLASSES[posix[1]];
            // Inside a class the ranges join it; a bracket there would end it early.
            out += inClass ? ranges : `[${ranges}]`;
            i += posix[0].length - 1;
        } else if (pattern[i] === "\\") {
            out += pattern.slice(i, i + 2);
            i++;
        } else {
            inClass = pattern[i] === "[" ? true : pattern[i] === "]" ? false : inClass;
            out += pattern[i];
        }
    }
    return out;
}

const patterns = new Map<string, RegExp>();

/**
 * A botocore pattern as a regex of the whole value: botocore's are unanchored in the JSON, but
 * AWS matches them against the whole value (Java's `matches`). The u flag makes `\p{L}` and
 * surrogate-pair ranges mean what they mean in Java.
 */
export function apiPattern(pattern: string): RegExp {
    let regex = patterns.get(pattern);
    if (regex === undefined) {
        regex = new RegExp(`^(?:${javaPatternToJs(pattern)})$`, "u");
        patterns.set(pattern, regex);
    }
    return regex;
}

/** Length the way AWS counts it: in characters, not UTF-16 units. */
function charLength(text: string): number {
    return [...text].length;
}

/** botocore's min/max: a number's value, or a string's, list's or map's size (`what` names it). */
function checkRange(name: string, shape: ApiShape, size: number, what: string, value: unknown, at: string): string[] {
    const measured = what ? `${what} ${size} ` : "";
    if (shape.min !== undefined && size < shape.min) {
        return [violation(at, value, `${measured}below min ${shape.min} of ${name}`)];
    }
    if (shape.max !== undefined && size > shape.max) {
        return [violation(at, value, `${measured}above max ${shape.max} of ${name}`)];
    }
    return [];
}

function checkApiStructure(model: ApiModel, name: string, shape: ApiShape, value: unknown, at: string): string[] {
    if (!isRecord(value)) {
        return [violation(at, value, `expected a structure (${name})`)];
    }
    const members = shape.members ?? {};
    const defined = Object.entries(value).filter(([, v]) => v !== undefined);
    const found = defined.flatMap(([key, v]) => {
        const member = findName(Object.keys(members), key);
        return member === undefined
            ? [violation(child(at, key), v, `not a member of ${name}`)]
            : checkApiValue(model, members[member].shape, v, child(at, key));
    });
    const missing = missingNames(shape.required ?? [], value).map((member) => violation(child(at, member), undefined, `required by ${name}`));
    const union = shape.union && defined.length !== 1 ? [violation(at, value, `${name} is a union: exactly one member must be set`)] : [];
    return [...found, ...missing, ...union];
}

function checkApiString(name: string, shape: ApiShape, value: unknown, at: string): string[] {
    if (typeof value !== "string") {
        return [violation(at, value, `expected a string (${name})`)];
    }
    if (shape.enum && !shape.enum.includes(value)) {
        return [violation(at, value, `not in the enum of ${name}`)];
    }
    const length = checkRange(name, shape, charLength(value), "length", value, at);
    const pattern = shape.pattern !== undefined && !apiPattern(shape.pattern).test(value)
        ? [violation(at, value, `does not match ${apiPattern(shape.pattern).source} of ${name}`)]
        : [];
    return [...length, ...pattern];
}

function checkApiNumber(name: string, shape: ApiShape, value: unknown, at: string): string[] {
    const integral = shape.type === "integer" || shape.type === "long";
    const holds = integral ? Number.isInteger(value) : typeof value === "number" && Number.isFinite(value);
    if (!holds) {
        return [violation(at, value, `expected ${integral ? "an integer" : "a number"} (${name})`)];
    }
    return checkRange(name, shape, value as number, "", value, at);
}

/** A timestamp as an SDK takes it: a Date, epoch seconds, or a string Date can read. */
function isTimestamp(value: unknown): boolean {
    return value instanceof Date || (typeof value === "number" && Number.isFinite(value))
        || (typeof value === "string" && !Number.isNaN(Date.parse(value)));
}

function checkApiValue(model: ApiModel, name: string, value: unknown, at: string): string[] {
    const shape = model.shapes[name];
    if (shape === undefined) {
        throw new Error(`shape ${name} is not in the extracted model (rerun scripts/extract-aws-shapes.ts with it as a root)`);
    }
    switch (shape.type) {
        case "structure":
            return checkApiStructure(model, name, shape, value, at);
        case "list":
            return Array.isArray(value)
                ? [...checkRange(name, shape, value.length, "length", value, at),
                    ...value.flatMap((item, i) => checkApiValue(model, shape.member!.shape, item, child(at, i)))]
                : [violation(at, value, `expected a list (${name})`)];
        case "map":
            return isRecord(value)
                ? [...checkRange(name, shape, Object.keys(value).length, "entries", value, at),
                    ...Object.entries(value).flatMap(([key, item]) => [
                        ...checkApiValue(model, shape.key!.shape, key, `${child(at, key)} (key)`),
                        ...checkApiValue(model, shape.value!.shape, item, child(at, key)),
                    ])]
                : [violation(at, value, `expected a map (${name})`)];
        case "string":
            return checkApiString(name, shape, value, at);
        case "integer":
        case "long":
        case "double":
        case "float":
            return checkApiNumber(name, shape, value, at);
        case "boolean":
            return typeof value === "boolean" ? [] : [violation(at, value, `expected a boolean (${name})`)];
        case "timestamp":
            return isTimestamp(value) ? [] : [violation(at, value, `expected a timestamp (${name})`)];
        default:
            throw new Error(`shape ${name} has type ${(shape as ApiShape).type}, which this checker does not know`);
    }
}

/**
 * Violations of a value against an API shape: member names (case-insensitive, so camelCase
 * inputs check too), types, enums, numeric ranges, string and list lengths, patterns, required
 * and unknown members, at every depth. Undefined members are skipped.
 */
export function apiViolations(service: AwsService, shape: string, value: unknown): string[] {
    return checkApiValue(apiModel(service), shape, value, "");
}

/** Every pattern in a service's extracted model, for checking that each compiles. */
export function apiPatterns(service: AwsService): Record<string, string> {
    const entries = Object.entries(apiModel(service).shapes).filter(([, shape]) => shape.pattern !== undefined);
    return Object.fromEntries(entries.map(([name, shape]) => [name, shape.pattern!]));
}
