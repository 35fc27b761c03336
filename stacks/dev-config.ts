import { checkScaleIn, CheckedScaleIn, planRouting, RoutingConfig } from "../components/endpoint/endpoint-plan";
import { DEFAULT_AUTO_SCALING, planInferenceComponent } from "../components/scale-to-zero/inference-component-plan";
import { MetricsConfig, planMetrics } from "../components/monitoring/metrics-plan";
import { checkSchedule, CheckedSchedule, OffHoursSchedule } from "../components/scaling/schedule-plan";
import { instanceType, invalid, knownKeys, positiveNumber, roleArn, wholeNumber } from "../core/validate";
import {
    ConfigSchema, configKey, ModelConfig, modelConfig, namedEntries, optionalWholeNumber, RawConfig, record,
    MonitoringConfig, monitoringOf, SecuritySettings, securitySettings,
} from "./config";
import { keyArnForGrant } from "../core/kms-plan";

/** The keys the dev stack reads. */
export const DEV_SCHEMA: ConfigSchema = {
    instanceType: "string",
    maxInstanceCount: "json",
    executionRoleArn: "string",
    components: "json",
    schedule: "json",
    parked: "boolean",
    metricPublishFrequencyInSeconds: "json",
    scaleIn: "json",
    routingStrategy: "string",
    prefixLength: "json",
    concurrencyThreshold: "json",
    network: "json",
    kmsKeyArn: "string",
    monitoring: "json",
};

/** One model on the shared endpoint, as one ScalableInferenceComponent. */
export interface DevComponentConfig extends ModelConfig {
    name: string;
    /** Accelerator devices per copy; default 1 on accelerated types. */
    acceleratorCount?: number;
    /** MiB per copy. Default 1024. */
    minMemoryMb: number;
    /** Auto scaling's ceiling. Default 1. */
    maxCopies: number;
    /** Concurrent requests per copy that target tracking holds. Default 5. */
    targetConcurrency: number;
}

export interface DevConfig {
    instanceType: string;
    maxInstanceCount: number;
    executionRoleArn?: string;
    components: DevComponentConfig[];
    /** Checked: the endpoint and its components take it as it is. */
    schedule?: CheckedSchedule;
    parked: boolean;
    /** Enhanced metrics at this frequency; the components' wake alarms follow it. */
    metrics: MetricsConfig;
    /** Checked, in the endpoint's argument names: the endpoint takes it as it is. */
    scaleIn?: CheckedScaleIn;
    routing?: RoutingConfig;
    /**
     * The shared endpoint's networking and volume key (on its endpoint config: an endpoint of
     * inference components carries them for every model on it, so the models carry none).
     */
    security: SecuritySettings;
    /** Alarms of the endpoint and each component (one topic, the endpoint's), and the endpoint's dashboard. */
    monitoring: MonitoringConfig;
}

const COMPONENT_KEYS = ["name", "image", "modelDataUrl", "environment", "acceleratorCount", "minMemoryMb", "maxCopies", "targetConcurrency"] as const;
const SCHEDULE_KEYS = ["timezone", "scaleInCron", "scaleOutCron", "scaleOutCopyCount"] as const;
const SCALE_IN_KEYS = ["strategy", "cooldownMinutes", "maxStepSize"] as const;

function components(raw: unknown, type: string, metrics: MetricsConfig): DevComponentConfig[] {
    return namedEntries("components", raw, COMPONENT_KEYS, "component", "inference component",
        "{name, image, modelDataUrl?, acceleratorCount?, minMemoryMb?, maxCopies?, targetConcurrency?}").map(({ field, entry, name }) => {
        const component: DevComponentConfig = {
            name,
            ...modelConfig(field, entry),
            acceleratorCount: entry.acceleratorCount === undefined ? undefined : wholeNumber(`${field}.acceleratorCount`, entry.acceleratorCount, 1),
            minMemoryMb: optionalWholeNumber(`${field}.minMemoryMb`, entry.minMemoryMb, 128, 1024),
            maxCopies: optionalWholeNumber(`${field}.maxCopies`, entry.maxCopies, 1, 1),
            targetConcurrency: entry.targetConcurrency === undefined
                ? DEFAULT_AUTO_SCALING.targetConcurrency : positiveNumber(`${field}.targetConcurrency`, entry.targetConcurrency),
        };
        // The component's own rules (accelerators against the instance type, bounds), under config key names.
        planInferenceComponent({
            component: field,
            namePrefix: name,
            instanceType: type,
            acceleratorCount: component.acceleratorCount,
            minMemoryMb: component.minMemoryMb,
            modelDataDownloadTimeoutInSeconds: 3600,
            containerStartupHealthCheckTimeoutInSeconds: 3600,
            initialCopyCount: 1,
            autoScaling: { maxCopies: component.maxCopies, targetConcurrency: component.targetConcurrency },
            metrics,
        });
        return component;
    });
}

/** Reads and checks the dev stack's config: nothing is deployed from a config that fails here. */
export function parseDevConfig(raw: RawConfig, region?: string): DevConfig {
    const type = instanceType(configKey("instanceType"), raw.instanceType);
    const maxInstanceCount = wholeNumber(configKey("maxInstanceCount"), raw.maxInstanceCount, 1);
    const executionRoleArn = raw.executionRoleArn === undefined ? undefined : roleArn(configKey("executionRoleArn"), raw.executionRoleArn);
    if (raw.parked !== undefined && typeof raw.parked !== "boolean") {
        throw invalid(configKey("parked"), raw.parked, "must be true or false");
    }
    const metrics = planMetrics(configKey, { metricPublishFrequencyInSeconds: raw.metricPublishFrequencyInSeconds as number | undefined });
    const list = components(raw.components, type, metrics);
    let scaleIn: DevConfig["scaleIn"];
    if (raw.scaleIn !== undefined) {
        const entry = record(configKey("scaleIn"), raw.scaleIn);
        knownKeys(configKey("scaleIn"), entry, SCALE_IN_KEYS);
        scaleIn = checkScaleIn(configKey("scaleIn"), entry);
    }
    const routing = planRouting(configKey, {
        routingStrategy: raw.routingStrategy as string | undefined,
        prefixLength: raw.prefixLength as number | undefined,
        concurrencyThreshold: raw.concurrencyThreshold as number | undefined,
    });
    let schedule: CheckedSchedule | undefined;
    if (raw.schedule !== undefined) {
        const entry = record(configKey("schedule"), raw.schedule);
        knownKeys(configKey("schedule"), entry, SCHEDULE_KEYS);
        // Every component comes back with scaleOutCopyCount copies: the smallest ceiling bounds it.
        schedule = checkSchedule(configKey("schedule"), entry as unknown as OffHoursSchedule, Math.min(...list.map((c) => c.maxCopies)));
    }
    const security = securitySettings(raw, region);
    if (security.kmsKey !== undefined && executionRoleArn === undefined) {
        keyArnForGrant(configKey("kmsKeyArn"), security.kmsKey, "the stack's execution role");
    }
    return {
        instanceType: type, maxInstanceCount, executionRoleArn, components: list, schedule, parked: raw.parked === true, metrics, scaleIn, routing, security,
        monitoring: monitoringOf(raw.monitoring, region, metrics),
    };
}
