import { planAsyncEndpoint } from "../components/async/async-plan";
import { InstancePool, planScaledVariant, RoutingInput } from "../components/endpoint/endpoint-plan";
import { DeploymentInput, planUpdate } from "../components/endpoint/endpoint-update-plan";
import { DataCaptureArgs } from "../components/endpoint/data-capture-plan";
import { parseTrainingPlanArn } from "../dynamic-providers/training-plan-plan";
import { instanceType, invalid, knownKeys, positiveNumber, reservableInstanceType, roleArn, text, wholeNumber } from "../core/validate";
import {
    ConfigSchema, configKey, dataCaptureSetting, deploymentOf, ModelConfig, modelConfig, RawConfig, record,
    ReservationEndConfig, reservationEndOf, MonitoringConfig, monitoringOf, SecuritySettings, securitySettings,
} from "./config";
import { keyArnForGrant } from "../core/kms-plan";

/** The keys the production stack reads. */
export const PRODUCTION_SCHEMA: ConfigSchema = {
    realtime: "json",
    async: "json",
    reservationArn: "string",
    executionRoleArn: "string",
    onReservationEnd: "json",
    network: "json",
    kmsKeyArn: "string",
    monitoring: "json",
};

/** The on-demand (or reserved) real-time endpoint, auto scaled on invocations per instance. */
export interface RealtimeConfig {
    model: ModelConfig;
    instanceType: string;
    minInstances: number;
    maxInstances: number;
    targetInvocationsPerInstance: number;
    /** Rolling updates; default blue/green on demand, the smallest batch on a reservation. */
    deployment?: DeploymentInput;
    routing: RoutingInput;
    /** Fallback instance types, priority 2 to 5; on demand only. */
    instancePools?: InstancePool[];
    /** What the endpoint captures of its traffic; set it when the endpoint is created (it is auto scaled: see dataCapture). */
    dataCapture?: DataCaptureArgs;
}

/** The batch-style asynchronous endpoint that scales to zero. */
export interface AsyncConfig {
    model: ModelConfig;
    instanceType: string;
    maxInstances: number;
    maxConcurrentInvocationsPerInstance: number;
    outputBucket?: string;
    successTopicArn?: string;
    errorTopicArn?: string;
    outputRetentionDays?: number;
}

export interface ProductionConfig {
    realtime: RealtimeConfig;
    async: AsyncConfig;
    /** Run the real-time variant on this training plan instead of on demand. */
    reservationArn?: string;
    /** With reservationArn: the notice before the plan ends, and the switch to on-demand capacity. */
    onReservationEnd?: ReservationEndConfig;
    /** One role for both models; otherwise each gets its own. */
    executionRoleArn?: string;
    /** Both models in the VPC; both endpoints' volumes, and the asynchronous results, encrypted with the key. */
    security: SecuritySettings;
    /** Alarms and dashboards of both endpoints. */
    monitoring: MonitoringConfig;
}

const MODEL_KEYS = ["image", "modelDataUrl", "environment"] as const;
const REALTIME_KEYS = [
    "model", "instanceType", "minInstances", "maxInstances", "targetInvocationsPerInstance", "deployment", "routingStrategy", "prefixLength",
    "concurrencyThreshold", "instancePools", "dataCapture",
] as const;
const POOL_KEYS = ["instanceType", "priority"] as const;
const ASYNC_KEYS = [
    "model", "instanceType", "maxInstances", "maxConcurrentInvocationsPerInstance", "outputBucket", "successTopicArn", "errorTopicArn",
    "outputRetentionDays",
] as const;

function modelOf(field: string, value: unknown): ModelConfig {
    const entry = record(`${field}.model`, value ?? null);
    knownKeys(`${field}.model`, entry, MODEL_KEYS);
    return modelConfig(`${field}.model`, entry);
}

function poolsOf(field: string, value: unknown): InstancePool[] | undefined {
    if (value === undefined) {
        return undefined;
    }
    if (!Array.isArray(value)) {
        throw invalid(field, value, "must be a list of {instanceType, priority}");
    }
    return value.map((pool, i) => {
        const entry = record(`${field}[${i}]`, pool);
        knownKeys(`${field}[${i}]`, entry, POOL_KEYS);
        return entry as unknown as InstancePool;
    });
}

function realtimeOf(value: unknown, reservationArn: string | undefined, region: string | undefined): RealtimeConfig {
    const field = configKey("realtime");
    const entry = record(field, value ?? null);
    knownKeys(field, entry, REALTIME_KEYS);
    if (entry.minInstances === 0) {
        throw invalid(`${field}.minInstances`, 0, "must be at least 1: a real-time endpoint with no instance refuses requests (the async endpoint is the one that scales to zero)");
    }
    const minInstances = wholeNumber(`${field}.minInstances`, entry.minInstances, 1);
    const maxInstances = wholeNumber(`${field}.maxInstances`, entry.maxInstances, 1);
    if (maxInstances < minInstances) {
        throw invalid(`${field}.maxInstances`, maxInstances, `must be at least minInstances (${minInstances})`);
    }
    const config: RealtimeConfig = {
        model: modelOf(field, entry.model),
        instanceType: instanceType(`${field}.instanceType`, entry.instanceType),
        minInstances,
        maxInstances,
        targetInvocationsPerInstance: positiveNumber(`${field}.targetInvocationsPerInstance`, entry.targetInvocationsPerInstance),
        deployment: deploymentOf(`${field}.deployment`, entry.deployment),
        routing: {
            routingStrategy: entry.routingStrategy as string | undefined,
            prefixLength: entry.prefixLength as number | undefined,
            concurrencyThreshold: entry.concurrencyThreshold as number | undefined,
        },
        instancePools: poolsOf(`${field}.instancePools`, entry.instancePools),
        ...(entry.dataCapture === undefined ? {} : { dataCapture: dataCaptureSetting(`${field}.dataCapture`, entry.dataCapture, region) }),
    };
    // The endpoint's own rules, under this key: routing, pools (refused on a reservation), rolling batches.
    planScaledVariant({
        endpoint: field,
        instanceType: config.instanceType,
        instanceCount: minInstances,
        variantName: "AllTraffic",
        capacity: reservationArn === undefined ? "on-demand" : { reservationArn },
        region,
        routing: config.routing,
        instancePools: config.instancePools,
        autoScaling: { minInstanceCount: minInstances, maxInstanceCount: maxInstances, targetInvocationsPerInstance: config.targetInvocationsPerInstance },
    });
    planUpdate(`${field}.deployment`, config.deployment, {
        endpoint: field, minInstances, maxInstances, onReservation: reservationArn !== undefined,
    });
    return config;
}

function asyncOf(value: unknown, region: string | undefined): AsyncConfig {
    const field = configKey("async");
    const entry = record(field, value ?? null);
    knownKeys(field, entry, ASYNC_KEYS);
    const config: AsyncConfig = {
        model: modelOf(field, entry.model),
        instanceType: instanceType(`${field}.instanceType`, entry.instanceType),
        maxInstances: wholeNumber(`${field}.maxInstances`, entry.maxInstances, 1),
        maxConcurrentInvocationsPerInstance: wholeNumber(`${field}.maxConcurrentInvocationsPerInstance`, entry.maxConcurrentInvocationsPerInstance, 1),
        outputBucket: entry.outputBucket as string | undefined,
        successTopicArn: entry.successTopicArn as string | undefined,
        errorTopicArn: entry.errorTopicArn as string | undefined,
        outputRetentionDays: entry.outputRetentionDays as number | undefined,
    };
    // The endpoint's own rules, under this key: paths, topics, retention, concurrency's upper bound.
    planAsyncEndpoint({
        endpoint: field,
        instanceType: config.instanceType,
        initialInstanceCount: 1,
        variantName: "AllTraffic",
        region,
        maxConcurrentInvocationsPerInstance: config.maxConcurrentInvocationsPerInstance,
        outputBucket: config.outputBucket,
        successTopicArn: config.successTopicArn,
        errorTopicArn: config.errorTopicArn,
        outputRetentionDays: config.outputRetentionDays,
        maxInstanceCount: config.maxInstances,
        autoScaling: {},
    });
    return config;
}

/** Reads and checks the production stack's config: nothing is deployed from a config that fails here. */
export function parseProductionConfig(raw: RawConfig, region: string | undefined): ProductionConfig {
    let reservationArn: string | undefined;
    if (raw.reservationArn !== undefined) {
        reservationArn = text(configKey("reservationArn"), raw.reservationArn);
        parseTrainingPlanArn(reservationArn, region, configKey("reservationArn"));
    }
    const security = securitySettings(raw, region);
    if (security.kmsKey !== undefined) {
        // The asynchronous endpoint's model role is granted the key for its results.
        keyArnForGrant(configKey("kmsKeyArn"), security.kmsKey, "the asynchronous endpoint's model role, which encrypts results with it,");
    }
    const config: ProductionConfig = {
        realtime: realtimeOf(raw.realtime, reservationArn, region), async: asyncOf(raw.async, region), security,
        monitoring: monitoringOf(raw.monitoring, region),
    };
    if (reservationArn !== undefined) {
        config.reservationArn = reservationArn;
        // The real-time endpoint runs on the plan: its type must be one plans reserve.
        reservableInstanceType(`${configKey("realtime")}.instanceType`, config.realtime.instanceType);
        config.onReservationEnd = reservationEndOf(raw.onReservationEnd);
    } else if (raw.onReservationEnd !== undefined) {
        throw invalid(configKey("onReservationEnd"), raw.onReservationEnd, `goes with ${configKey("reservationArn")}: without it, nothing runs on a training plan`);
    }
    if (raw.executionRoleArn !== undefined) {
        config.executionRoleArn = roleArn(configKey("executionRoleArn"), raw.executionRoleArn);
        // SageMaker publishes a test notification with the role when it creates the endpoint: a
        // given role cannot have been granted what this stack has yet to create.
        for (const key of ["outputBucket", "successTopicArn", "errorTopicArn"] as const) {
            if (config.async[key] === undefined) {
                throw invalid(`${configKey("async")}.${key}`, null, `is required with ${configKey("executionRoleArn")}: ` +
                    "a given role cannot be granted use of a bucket or topic this stack has yet to create; give ones the role may use");
            }
        }
    }
    return config;
}
