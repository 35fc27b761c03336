import {
    componentsOn, endpointConfigNameOf, endpointNamed, isAlarm, isEndpoint, isEndpointConfig, isScalableTarget, sagemakerName, TYPES, variantsOf,
} from "./sagemaker";
import { stackPolicy } from "./sdk";
import { at, isObject, list, num, Resource, strings, text, UNKNOWN, Value, Violation } from "./values";

/**
 * Auto scaling of SageMaker endpoints: what scales to zero has the alarm that wakes it, and what
 * auto scaling sizes keeps its size when a deploy updates the endpoint.
 */

/** The metric that counts requests refused for want of a copy: its alarm drives an inference component's scale-out from zero. */
const WAKE_METRIC = "NoCapacityInvocationFailures";
/** An asynchronous endpoint's: requests queued with no instance to take them (published every minute). */
const BACKLOG_WAKE_METRIC = "HasBacklogWithoutCapacity";
const BACKLOG_METRIC_SECONDS = 60;
const SAGEMAKER_NAMESPACE = "AWS/SageMaker";

/** MetricsConfig.MetricPublishFrequencyInSeconds' values (CreateEndpointConfig) and the interval without enhanced metrics. Mirrors components/monitoring/metrics-plan.ts. */
export const METRIC_PUBLISH_FREQUENCIES = [10, 30, 60, 120, 180, 240, 300];
const STANDARD_INVOCATION_METRIC_SECONDS = 60;

/** Seconds between datapoints of an endpoint's invocation metrics, from its config's MetricsConfig (absent: every 60 s). */
export function invocationMetricSeconds(metricsConfig: Value | undefined): number {
    const enhanced = at(metricsConfig, "enableEnhancedMetrics") === true;
    const frequency = num(at(metricsConfig, "metricPublishFrequencyInSeconds"));
    // The API's default frequency is 60 s.
    return enhanced && typeof frequency === "number" ? frequency : STANDARD_INVOCATION_METRIC_SECONDS;
}

/** CloudWatch's alarm periods: 10, 20, 30, or a multiple of 60 seconds. */
export function isAlarmPeriod(seconds: number): boolean {
    return [10, 20, 30].includes(seconds) || (Number.isInteger(seconds) && seconds > 0 && seconds % 60 === 0);
}

/** A scalable target's SageMaker resource id and floor. */
function targetOf(r: Resource): { resourceId: string; minCapacity: number | typeof UNKNOWN | undefined } | undefined {
    const resourceId = text(r.props.resourceId);
    if (!isScalableTarget(r) || text(r.props.serviceNamespace) !== "sagemaker" || typeof resourceId !== "string") {
        return undefined;
    }
    return { resourceId, minCapacity: num(r.props.minCapacity) };
}

const componentOfTarget = (resourceId: string) => /^inference-component\/(.+)$/.exec(resourceId)?.[1];
const endpointOfTarget = (resourceId: string) => /^endpoint\/([^/]+)\/variant\/([^/]+)$/.exec(resourceId)?.slice(1, 3) as [string, string] | undefined;

/** A dimension's value, from the classic provider's map or aws-native's list of {name, value}. */
function dimension(dimensions: Value | undefined, name: string): string | typeof UNKNOWN | undefined {
    if (isObject(dimensions)) {
        return text(dimensions[name]);
    }
    const all = list(dimensions);
    return all === UNKNOWN ? UNKNOWN : text(at(all.find((d) => at(d, "name") === name), "value"));
}

/** The metric an alarm watches, with its period: its own, or one of its metric queries' (classic metricQueries, aws-native metrics). */
export interface Watched {
    metricName: Value | undefined;
    namespace: Value | undefined;
    dimensions: Value | undefined;
    period: Value | undefined;
}

export function watchedMetrics(alarm: Resource): Watched[] {
    const own: Watched = { metricName: alarm.props.metricName, namespace: alarm.props.namespace, dimensions: alarm.props.dimensions, period: alarm.props.period };
    const queries = list(alarm.type === TYPES.classicAlarm ? alarm.props.metricQueries : alarm.props.metrics);
    const fromQueries = queries === UNKNOWN ? [] : queries.map((q): Watched => {
        const metric = alarm.type === TYPES.classicAlarm ? at(q, "metric") : at(q, "metricStat", "metric");
        const period = alarm.type === TYPES.classicAlarm ? at(q, "metric", "period") : at(q, "metricStat", "period");
        return { metricName: at(metric, "metricName"), namespace: at(metric, "namespace"), dimensions: at(metric, "dimensions"), period };
    });
    return [own, ...fromQueries];
}

interface WakeAlarm {
    alarm: Resource;
    period: number | typeof UNKNOWN | undefined;
}

/** What wakes a scalable resource at zero: an alarm on this metric, of this dimension, whose action is a scaling policy on the resource. */
interface Wake {
    /** Application Auto Scaling's resource id. */
    resourceId: string;
    metricName: string;
    dimensionName: string;
    dimensionValue: string;
    /** What scales to zero, for messages. */
    what: string;
}

const componentWake = (name: string): Wake => ({
    resourceId: `inference-component/${name}`, metricName: WAKE_METRIC, dimensionName: "InferenceComponentName", dimensionValue: name, what: `inference component ${name}`,
});

/** The alarms on the wake metric whose action is a scaling policy on the resource. */
function wakeAlarmsOf(wake: Wake, resources: Resource[], byUrn: Map<string, Resource>): WakeAlarm[] {
    const resourceId = wake.resourceId;
    const policyOnComponent = (p: Resource | undefined) => p !== undefined
        && (p.type === TYPES.classicScalingPolicy || p.type === TYPES.nativeScalingPolicy)
        && text(p.props.resourceId) === resourceId;
    const policies = resources.filter(policyOnComponent);
    return resources.filter(isAlarm).flatMap((alarm) => {
        const metric = watchedMetrics(alarm).find((m) => {
            const of = dimension(m.dimensions, wake.dimensionName);
            return m.metricName === wake.metricName && m.namespace === SAGEMAKER_NAMESPACE && (of === wake.dimensionValue || of === UNKNOWN);
        });
        if (metric === undefined) {
            return [];
        }
        const actions = strings(alarm.props.alarmActions);
        const triggers = actions === UNKNOWN
            || (alarm.propertyDependencies.alarmActions ?? []).some((urn) => policyOnComponent(byUrn.get(urn)))
            // Application Auto Scaling's policy ARNs name the resource: ...:scalingPolicy:<id>:resource/sagemaker/<resource id>:policyName/<name>.
            || actions.some((a) => a === UNKNOWN || (typeof a === "string"
                && (a.includes(`:resource/sagemaker/${resourceId}:`) || policies.some((p) => text(p.props.arn) === a))));
        return triggers ? [{ alarm, period: num(metric.period) }] : [];
    });
}

/** What an endpoint's config says of its invocation metrics' interval; undefined when the config is not in the stack. */
function metricSecondsOfEndpoint(endpointName: string | typeof UNKNOWN | undefined, resources: Resource[]): number | undefined {
    if (typeof endpointName !== "string") {
        return undefined;
    }
    const endpoint = endpointNamed(endpointName, resources);
    const configName = endpoint === undefined ? undefined : endpointConfigNameOf(endpoint);
    const config = resources.find((r) => isEndpointConfig(r) && typeof configName === "string" && sagemakerName(r) === configName);
    return config === undefined ? undefined : invocationMetricSeconds(config.props.metricsConfig);
}

/**
 * Violations of one resource at zero: no alarm wakes it, or the alarm's period is not one CloudWatch
 * takes or is shorter than the metric's interval (`interval`, with what it comes from; undefined when unknown).
 */
function wakeViolations(
    wake: Wake, about: Resource, why: string, interval: { seconds: number; source: string } | undefined, resources: Resource[], byUrn: Map<string, Resource>,
): Violation[] {
    const alarms = wakeAlarmsOf(wake, resources, byUrn);
    if (alarms.length === 0) {
        return [{
            urn: about.urn,
            message: `${why}, but no CloudWatch alarm on ${SAGEMAKER_NAMESPACE} ${wake.metricName} (${wake.dimensionName} ${wake.dimensionValue}) triggers a scaling policy of ${wake.resourceId}: a request would never wake it`,
        }];
    }
    return alarms.flatMap(({ alarm, period }): Violation[] => {
        if (typeof period !== "number") {
            return [];
        }
        if (!isAlarmPeriod(period)) {
            return [{ urn: alarm.urn, message: `alarm ${alarm.name} that wakes ${wake.what} has a period of ${period} s: CloudWatch takes 10, 20, 30 or a multiple of 60 seconds` }];
        }
        if (interval !== undefined && period < interval.seconds) {
            return [{ urn: alarm.urn, message: `alarm ${alarm.name} that wakes ${wake.what} has a period of ${period} s, shorter than the ${interval.seconds} s between ${interval.source}: most periods hold no datapoint` }];
        }
        return [];
    });
}

/** The interval of the invocation metrics of a component's endpoint, when its config is in the stack. */
function componentInterval(component: Resource | undefined, resources: Resource[]): { seconds: number; source: string } | undefined {
    const seconds = metricSecondsOfEndpoint(component === undefined ? undefined : text(component.props.endpointName), resources);
    return seconds === undefined ? undefined : { seconds, source: "the endpoint's invocation metrics (MetricsConfig)" };
}

export function checkScaleToZero(resources: Resource[]): Violation[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const components = resources.filter((r) => r.type === TYPES.inferenceComponent);
    const componentNamed = (name: string) => components.find((c) => sagemakerName(c) === name);
    const violations: Violation[] = [];
    const checked = new Set<string>();
    for (const target of resources) {
        const t = targetOf(target);
        if (t === undefined || t.minCapacity !== 0) {
            continue;
        }
        const name = componentOfTarget(t.resourceId);
        if (name !== undefined) {
            checked.add(name);
            violations.push(...wakeViolations(componentWake(name), target, `inference component ${name} scales to zero copies (scalable target ${target.name})`,
                componentInterval(componentNamed(name), resources), resources, byUrn));
        }
        // A variant at zero instances: an asynchronous endpoint's, woken by its queue.
        const variant = endpointOfTarget(t.resourceId);
        if (variant !== undefined) {
            const [endpointName, variantName] = variant;
            const wake: Wake = {
                resourceId: t.resourceId, metricName: BACKLOG_WAKE_METRIC, dimensionName: "EndpointName", dimensionValue: endpointName, what: `endpoint ${endpointName}`,
            };
            violations.push(...wakeViolations(wake, target, `endpoint ${endpointName} scales variant ${variantName} to zero instances (scalable target ${target.name})`,
                { seconds: BACKLOG_METRIC_SECONDS, source: `${BACKLOG_WAKE_METRIC}'s datapoints` }, resources, byUrn));
        }
    }
    // An endpoint that releases its last instance: every component on it must be woken.
    for (const cfg of resources.filter(isEndpointConfig)) {
        const variants = variantsOf(cfg);
        const configName = sagemakerName(cfg);
        if (variants === UNKNOWN || typeof configName !== "string" || !variants.some((v) => v.managedMinInstanceCount === 0)) {
            continue;
        }
        for (const component of componentsOn(cfg, resources)) {
            const name = sagemakerName(component);
            if (typeof name !== "string" || checked.has(name)) {
                continue;
            }
            checked.add(name);
            violations.push(...wakeViolations(componentWake(name), component, `inference component ${name} is on an endpoint that scales to zero instances (endpoint config ${cfg.name})`,
                componentInterval(component, resources), resources, byUrn));
        }
    }
    return violations;
}

/** Variant properties a deploy must not reset on an auto-scaled variant. */
const SCALED_PROPERTY = "DesiredInstanceCount";

export function checkRetainedVariants(resources: Resource[]): Violation[] {
    const violations: Violation[] = [];
    for (const target of resources) {
        const t = targetOf(target);
        const variant = t && endpointOfTarget(t.resourceId);
        if (variant === undefined) {
            continue;
        }
        const [endpointName, variantName] = variant;
        for (const endpoint of resources.filter((r) => isEndpoint(r) && sagemakerName(r) === endpointName)) {
            const scaled = `endpoint ${endpointName} is auto scaled (variant ${variantName}, scalable target ${target.name})`;
            if (endpoint.type === TYPES.classicEndpoint) {
                violations.push({ urn: endpoint.urn, message: `${scaled}, and the classic provider's Endpoint cannot keep the variant's instance count on update: use aws-native's sagemaker.Endpoint with retainAllVariantProperties: true` });
                continue;
            }
            const retain = endpoint.props.retainAllVariantProperties;
            if (retain !== true && retain !== UNKNOWN) {
                violations.push({ urn: endpoint.urn, message: `${scaled}, but does not set retainAllVariantProperties: true: a deploy would reset the variant to its config's initial instance count` });
                continue;
            }
            const excluded = list(endpoint.props.excludeRetainedVariantProperties);
            if (excluded !== UNKNOWN && excluded.some((p) => at(p, "variantPropertyType") === SCALED_PROPERTY)) {
                violations.push({ urn: endpoint.urn, message: `${scaled}, but excludeRetainedVariantProperties names ${SCALED_PROPERTY}: a deploy would reset the instance count auto scaling set` });
            }
        }
    }
    return violations;
}

export const scaleToZeroPolicy = stackPolicy<Record<string, never>>({
    name: "sagemaker-scale-to-zero-wake-alarm",
    description: `What scales to zero has an alarm that triggers its scale-out, with a period its metrics support: inference components (a scalable target at 0, or on an endpoint whose managed instance scaling reaches 0) on ${WAKE_METRIC}, asynchronous endpoints on ${BACKLOG_WAKE_METRIC}.`,
    enforcementLevel: "mandatory",
}, (resources) => checkScaleToZero(resources));

export const retainVariantsPolicy = stackPolicy<Record<string, never>>({
    name: "sagemaker-retain-variant-properties",
    description: "Auto-scaled endpoints update with RetainAllVariantProperties, so that a deploy does not reset their live capacity.",
    enforcementLevel: "mandatory",
}, (resources) => checkRetainedVariants(resources));
