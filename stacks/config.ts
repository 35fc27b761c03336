import * as pulumi from "@pulumi/pulumi";
import { distance } from "fastest-levenshtein";
import { DeploymentInput } from "../components/endpoint/endpoint-update-plan";
import { DataCaptureArgs, planDataCapture } from "../components/endpoint/data-capture-plan";
import { ecrRepositoryArn } from "../components/model/model-plan";
import { sagemakerName } from "../core/names";
import { planNotice, planSwitch, SwitchToOnDemand } from "../components/reservation/reservation-end-plan";
import { KmsKey, readKmsKey } from "../core/kms-plan";
import { NetworkSettings, planNetwork } from "../core/network-plan";
import { awsRegion, instanceType, invalid, knownKeys, s3Uri, snsTopicArn, stringMap, text, wholeNumber, wrongKind } from "../core/validate";
import { DEFAULT_METRICS, MetricsConfig } from "../components/monitoring/metrics-plan";
import { AlarmsInput, planAlarms } from "../components/monitoring/alarms-plan";

/** The config namespace of every stack: keys are `sagemaker-inference:<key>`. */
export const CONFIG_NAMESPACE = "sagemaker-inference";

/** Stack config as read: strings stay strings, structured values and numbers are parsed. */
export type RawConfig = Record<string, unknown>;

/** How each key is read: "string" as is, "json" parsed (numbers, lists, objects), "boolean" true or false. */
export type ConfigSchema = Record<string, "string" | "json" | "boolean">;

/** The known key nearest to a misspelt one, if one is near enough to be meant. */
function nearestKey(key: string, known: string[]): string | undefined {
    const scored = known.map((k) => ({ k, d: distance(key.toLowerCase(), k.toLowerCase()) })).sort((a, b) => a.d - b.d);
    return scored.length > 0 && scored[0].d <= Math.max(2, Math.floor(key.length / 3)) ? scored[0].k : undefined;
}

/**
 * Why the keys given in the namespace are not all settings of the stack, or undefined when they
 * are: each unknown key with the known key it was likely meant to be, or the stack whose settings
 * the config holds when it was made for another one.
 */
export function unknownSettings(given: string[], stack: string, schemas: Record<string, ConfigSchema>): string | undefined {
    const known = Object.keys(schemas[stack]);
    const unknown = given.filter((k) => !known.includes(k));
    if (unknown.length === 0) {
        return undefined;
    }
    const owner = Object.keys(schemas).find((other) => other !== stack && given.every((k) => k in schemas[other]));
    if (owner !== undefined) {
        return `the config holds settings of stack ${owner}, not of stack ${stack} (${unknown.map(configKey).join(", ")} ` +
            `${unknown.length > 1 ? "are not settings" : "is not a setting"} of ${stack}): is this Pulumi.${owner}.yaml? ` +
            `Run stack ${owner} with it, or give stack ${stack} its own config`;
    }
    return unknown.map((k) => {
        const near = nearestKey(k, known);
        return `${configKey(k)} is not a setting of stack ${stack}; ${near ? `did you mean ${near}?` : `its settings are ${known.join(", ")}`}`;
    }).join("\n");
}

/** One setting's text as the program reads it. */
function settingOf(key: string, kind: ConfigSchema[string], value: string): unknown {
    let parsed: unknown = value;
    try {
        parsed = JSON.parse(value);
    } catch {
        // Text that is not JSON stays text: the key's own check says what it expects instead.
    }
    if (kind === "boolean") {
        if (typeof parsed !== "boolean") {
            throw wrongKind(configKey(key), value, "true or false");
        }
        return parsed;
    }
    return kind === "string" ? value : parsed;
}

/**
 * A stack's settings from the config's keys (`sagemaker-inference:<key>` to text, as Pulumi hands
 * them to a program); keys of other namespaces are left alone. Every key of the namespace must be a
 * setting of the stack: a typo is refused, not ignored.
 */
export function settingsOf(config: Record<string, string>, stack: string, schemas: Record<string, ConfigSchema>): RawConfig {
    // The stack's ARNs and its aws-native provider follow aws:region: a mistyped one is refused before they are made.
    if (config["aws:region"] !== undefined) {
        awsRegion("aws:region", config["aws:region"]);
    }
    const given = namespaceValues(config) as Record<string, string>;
    const unknown = unknownSettings(Object.keys(given), stack, schemas);
    if (unknown !== undefined) {
        throw new Error(unknown);
    }
    return Object.fromEntries(Object.entries(given).map(([key, value]) => [key, settingOf(key, schemas[stack][key], value)]));
}

/** The settings whose config key holds a secret. */
export type SecretSettings = ReadonlySet<string>;

/**
 * The settings that hold a secret, as given; a secret in a setting that cannot keep one is refused.
 * Pulumi marks the whole key of a nested secret (`--secret --path …environment.HF_TOKEN`): a
 * setting that keeps secrets passes on the values that may be one (a model's environment) as
 * secrets; any other setting's value goes, plain, into names and checks before deployment.
 */
function secretSettings(secret: string[], stack: string, keeping: readonly string[]): SecretSettings {
    const kept = secret.filter((k) => keeping.includes(k));
    if (kept.length < secret.length) {
        const other = secret.find((k) => !keeping.includes(k))!;
        throw new Error(`${configKey(other)} holds a secret, which stack ${stack} cannot keep in this setting: its value goes into ` +
            `resource names, settings and checks that are not secret. The settings that keep secrets are ${keeping.map(configKey).join(", ")}`);
    }
    return new Set(kept);
}

/** Whether Pulumi marks a config key secret: its SDK has no public call that says so. */
function isConfigSecret(key: string): boolean {
    const runtime = pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean };
    if (typeof runtime.isConfigSecret !== "function") {
        // Without it, secrets would be taken for plain values and reach the state as such.
        throw new Error("this version of @pulumi/pulumi does not say which config keys hold secrets (runtime.isConfigSecret)");
    }
    return runtime.isConfigSecret(key);
}

/** The running stack's settings, and which of them hold secrets, from the config Pulumi gave the program. */
export function readConfig(stack: string, schemas: Record<string, ConfigSchema>, keeping: Record<string, readonly string[]>) {
    const config = pulumi.runtime.allConfig();
    const settings = settingsOf(config, stack, schemas);
    const secret = Object.keys(settings).filter((key) => isConfigSecret(configKey(key)));
    return { settings, secret: secretSettings(secret, stack, keeping[stack]) };
}

/**
 * A value from a setting that holds a secret as a secret Output, so that every resource input and
 * stack output made from it is one too; otherwise the value as it is.
 */
export function keptSecret<T extends string | Record<string, string>>(secret: boolean, value: T | undefined): pulumi.Input<T> | undefined {
    // Plain values: wrapping them unwraps nothing.
    return secret && value !== undefined ? pulumi.secret(value) as pulumi.Output<T> : value;
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
        throw wrongKind(field, value, "an object");
    }
    return value as Record<string, unknown>;
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
    if (!Array.isArray(value)) {
        throw wrongKind(configKey(key), value, `a list of at least one ${noun} ${shape}`);
    }
    if (value.length === 0) {
        throw invalid(configKey(key), value, `must be a list of at least one ${noun} ${shape}`);
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

const DEPLOYMENT_KEYS = ["maximumBatchSize", "waitIntervalSeconds", "rollbackAlarmNames", "maximumExecutionTimeoutSeconds"] as const;

/** A rolling-update setting as given, with only known keys. */
export function deploymentOf(field: string, value: unknown): DeploymentInput | undefined {
    if (value === undefined) {
        return undefined;
    }
    const entry = record(field, value);
    knownKeys(field, entry, DEPLOYMENT_KEYS);
    return entry as DeploymentInput;
}

/** `onReservationEnd` as a stack on a training plan takes it. */
export interface ReservationEndConfig {
    /** The notice: default a day before, to a created topic. */
    notify: { hoursBefore: number; topicArn?: string };
    /** Move the endpoints on the plan to on-demand capacity this long before the end; default never. */
    switchToOnDemand?: SwitchToOnDemand;
}

const ON_END_KEYS = ["notify", "switchToOnDemand"] as const;
const NOTIFY_KEYS = ["hoursBefore", "topicArn"] as const;
const SWITCH_KEYS = ["minutesBefore"] as const;

/**
 * Endpoints that move to on demand before the plan ends still deploy once it has: the plan's
 * resource lets an ended plan through. Without the switch, nothing is added, so other stacks'
 * inputs stay as they were.
 */
export function allowEndedOf(onEnd: ReservationEndConfig): { allowEnded?: true } {
    return onEnd.switchToOnDemand === undefined ? {} : { allowEnded: true };
}

/** `onReservationEnd`, checked, with its defaults. */
export function reservationEndOf(value: unknown): ReservationEndConfig {
    const field = configKey("onReservationEnd");
    const onEnd = value === undefined ? {} : record(field, value);
    knownKeys(field, onEnd, ON_END_KEYS);
    const notify = onEnd.notify === undefined ? {} : record(`${field}.notify`, onEnd.notify);
    knownKeys(`${field}.notify`, notify, NOTIFY_KEYS);
    const { hoursBefore } = planNotice(`${field}.notify`, { hoursBefore: notify.hoursBefore as number | undefined });
    const config: ReservationEndConfig = {
        notify: notify.topicArn === undefined ? { hoursBefore } : { hoursBefore, topicArn: snsTopicArn(`${field}.notify.topicArn`, notify.topicArn) },
    };
    if (onEnd.switchToOnDemand !== undefined) {
        const switchTo = record(`${field}.switchToOnDemand`, onEnd.switchToOnDemand);
        knownKeys(`${field}.switchToOnDemand`, switchTo, SWITCH_KEYS);
        config.switchToOnDemand = planSwitch(`${field}.switchToOnDemand`, { minutesBefore: switchTo.minutesBefore as number | undefined });
    }
    return config;
}

/**
 * A data capture setting: an S3 URI alone (every request and response, the defaults) or an object
 * with any data capture setting; checked as an endpoint will take it.
 */
export function dataCaptureSetting(field: string, value: unknown, region: string | undefined): DataCaptureArgs {
    if (typeof value !== "string" && (typeof value !== "object" || value === null || Array.isArray(value))) {
        throw wrongKind(field, value, "an S3 URI (s3://bucket/prefix) or an object {destinationS3Uri, samplingPercentage?, capture?, kmsKeyArn?, jsonContentTypes?, csvContentTypes?}");
    }
    const given = (typeof value === "string" ? { destinationS3Uri: value } : value) as DataCaptureArgs;
    planDataCapture(field, given, region);
    return given;
}

/**
 * A capture encrypted with the stack's `kmsKeyArn` unless it names its own key: a stack that
 * encrypts its endpoints keeps the traffic it records encrypted with the same customer key.
 */
export function captureWithStackKey(capture: DataCaptureArgs | undefined, security: SecuritySettings): DataCaptureArgs | undefined {
    return capture === undefined || capture.kmsKeyArn !== undefined || security.kmsKey === undefined
        ? capture : { ...capture, kmsKeyArn: security.kmsKey.id };
}

/** A stack's private networking and encryption at rest, checked: applied to every model or endpoint it makes. */
export interface SecuritySettings {
    /** The `network` setting; undefined: no VPC, not isolated. */
    network?: NetworkSettings;
    /** The `kmsKeyArn` setting: the endpoints' volumes' key (and the asynchronous results'). */
    kmsKey?: KmsKey;
}

const NETWORK_KEYS = ["securityGroupIds", "subnets", "isolated"] as const;

/**
 * The `network` and `kmsKeyArn` settings, alike in every stack: `network` is
 * `{securityGroupIds: [sg-…], subnets: [subnet-…], isolated?: true|false}` (isolated default
 * false; isolated alone, without a VPC, too), `kmsKeyArn` any of the forms KmsKeyId takes, in the stack's region.
 */
export function securitySettings(raw: RawConfig, region: string | undefined): SecuritySettings {
    const settings: SecuritySettings = {};
    if (raw.network !== undefined) {
        const field = configKey("network");
        const entry = record(field, raw.network);
        knownKeys(field, entry, NETWORK_KEYS);
        // Isolation alone is a setting of its own: containers that call nothing need no VPC.
        const inVpc = entry.securityGroupIds !== undefined || entry.subnets !== undefined;
        if (!inVpc && entry.isolated === undefined) {
            throw invalid(field, entry, "turns nothing on: give securityGroupIds and subnets, isolated: true, or both");
        }
        settings.network = planNetwork((key) => key === "vpcConfig" ? field : `${field}.isolated`, {
            vpcConfig: inVpc ? { securityGroupIds: entry.securityGroupIds, subnets: entry.subnets } : undefined,
            enableNetworkIsolation: entry.isolated,
        });
    }
    if (raw.kmsKeyArn !== undefined) {
        settings.kmsKey = readKmsKey(configKey("kmsKeyArn"), raw.kmsKeyArn, region);
    }
    return settings;
}

/** `monitoring`: alarms (with their settings) and a dashboard for every endpoint and component of the stack. */
export interface MonitoringConfig {
    /** Undefined: no alarms. */
    alarms?: AlarmsInput;
    dashboard: boolean;
}

const MONITORING_KEYS = ["alarms", "dashboard"] as const;

/**
 * `monitoring`, one setting for the whole stack: `true` (alarms with their defaults and a
 * dashboard), `false`, or `{alarms: true | false | {settings}, dashboard: true | false}`. The
 * alarm settings are checked against the stack's endpoints' metrics, and a topic key against its region.
 */
export function monitoringOf(value: unknown, region: string | undefined, metrics: MetricsConfig = DEFAULT_METRICS): MonitoringConfig {
    const field = configKey("monitoring");
    if (value === undefined || value === false) {
        return { dashboard: false };
    }
    if (value === true) {
        return { alarms: {}, dashboard: true };
    }
    const entry = record(field, value);
    knownKeys(field, entry, MONITORING_KEYS);
    if (Object.keys(entry).length === 0) {
        throw invalid(field, entry, "turns nothing on: give true (alarms with their defaults and a dashboard), false, or {alarms, dashboard}");
    }
    if (entry.dashboard !== undefined && typeof entry.dashboard !== "boolean") {
        throw wrongKind(`${field}.dashboard`, entry.dashboard, "true or false");
    }
    const config: MonitoringConfig = { dashboard: entry.dashboard === true };
    if (entry.alarms === true) {
        config.alarms = {};
    } else if (entry.alarms !== undefined && entry.alarms !== false) {
        planAlarms(`${field}.alarms`, entry.alarms, metrics, region);
        config.alarms = entry.alarms as AlarmsInput;
    }
    return config;
}
