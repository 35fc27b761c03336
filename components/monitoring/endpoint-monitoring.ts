import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as sns from "@pulumi/aws/sns";
import * as pulumi from "@pulumi/pulumi";
import { planEarly } from "../../core/inputs";
import { sagemakerName } from "../../core/names";
import { programRegion } from "../../core/program-state";
import { invalid, snsTopicArn } from "../../core/validate";
import { MetricsConfig } from "./metrics-plan";
import {
    alarmKeys, AlarmSettings, alarmSuffix, AlarmThresholds, MonitoredKind, MonitoredTarget, planAlarms, planAlarmSpecs, TOPIC_KEY_RULE,
} from "./alarms-plan";
import { DashboardBody, dashboardName, planDashboard } from "./dashboard-plan";

/** The alarms an endpoint component raises, and where they notify. Every setting has a default. */
export interface AlarmsArgs extends AlarmThresholds {
    /**
     * An existing SNS topic the alarms notify, by ARN. Default: a topic created for the component,
     * named `<endpoint or inference component name>-alarms`; subscribe to it (email, chat, paging).
     */
    notifyTopicArn?: pulumi.Input<string>;
}

/** What a component's monitoring made: empty names and undefined topic when it has none. */
export interface MonitoringOutputs {
    alarmNames: pulumi.Output<string[]>;
    alarmTopicArn: pulumi.Output<string | undefined>;
}

/**
 * Checks a component's alarm settings (field names `<component>.alarms.<key>`) against the
 * endpoint's metrics: at once when those are known, so that bad settings are refused before any
 * resource is registered; a topic ARN that resolves late (another component's alarmTopicArn) is
 * checked when it does.
 */
export function checkAlarms(field: string, args: AlarmsArgs | undefined, metrics: pulumi.Input<MetricsConfig>): pulumi.Output<AlarmSettings> | undefined {
    if (args === undefined) {
        return undefined;
    }
    const { notifyTopicArn, ...rest } = args;
    if (notifyTopicArn !== undefined && typeof notifyTopicArn !== "string" && rest.topicKmsKeyArn !== undefined) {
        throw invalid(`${field}.topicKmsKeyArn`, rest.topicKmsKeyArn, TOPIC_KEY_RULE);
    }
    // A topic of another component (its alarmTopicArn) is checked once it resolves, by alarmsOn.
    return planEarly(metrics, (m) => planAlarms(field, typeof notifyTopicArn === "string" ? args : rest, m, programRegion()));
}

/**
 * The topic (created unless one is given) and the alarms of one endpoint or inference component,
 * or nothing without alarm settings. The alarms are registered at once, one per key of the kind;
 * their names follow the target's.
 */
export function alarmsOn(
    parent: pulumi.Resource, name: string, kind: MonitoredKind, target: pulumi.Output<MonitoredTarget>,
    args: AlarmsArgs | undefined, checked: pulumi.Output<AlarmSettings> | undefined, tags: pulumi.Input<Record<string, pulumi.Input<string>>> | undefined,
): MonitoringOutputs {
    if (args === undefined || checked === undefined) {
        return { alarmNames: pulumi.output([]), alarmTopicArn: pulumi.output(undefined) };
    }
    const topicArn: pulumi.Output<string> = args.notifyTopicArn !== undefined
        // A plain ARN was checked with the other settings; another component's, only once it resolves.
        ? pulumi.all([checked, args.notifyTopicArn]).apply(([c, arn]) => c.notifyTopicArn ?? snsTopicArn(`${name}.alarms.notifyTopicArn`, arn))
        : new sns.Topic(`${name}-alarm-topic`, {
            name: target.apply((t) => sagemakerName(t.name, "alarms")),
            kmsMasterKeyId: checked.apply((c) => c.topicKmsKeyArn),
            tags,
        }, { parent }).arn;
    const specs = pulumi.all([target, checked]).apply(([t, c]) => planAlarmSpecs(t, c));
    const alarms = alarmKeys(kind, args).map((key) => {
        const spec = specs.apply((all) => all.find((s) => s.key === key)!);
        return new cloudwatch.MetricAlarm(`${name}-${alarmSuffix(kind, key)}-alarm`, {
            name: spec.name,
            alarmDescription: spec.description,
            namespace: spec.namespace,
            metricName: spec.metricName,
            dimensions: spec.dimensions,
            statistic: spec.statistic,
            extendedStatistic: spec.extendedStatistic,
            period: spec.period,
            evaluationPeriods: spec.evaluationPeriods,
            datapointsToAlarm: spec.datapointsToAlarm,
            threshold: spec.threshold,
            comparisonOperator: spec.comparisonOperator,
            treatMissingData: spec.treatMissingData,
            // Told when it fires and when it recovers.
            alarmActions: [topicArn],
            okActions: [topicArn],
            tags,
        }, { parent });
    });
    return { alarmNames: pulumi.all(alarms.map((a) => a.name)), alarmTopicArn: topicArn };
}

/** The endpoint's dashboard, named after it. */
export function dashboardOn(parent: pulumi.Resource, name: string, endpointName: pulumi.Input<string>, body: pulumi.Output<DashboardBody>): pulumi.Output<string> {
    return new cloudwatch.Dashboard(`${name}-dashboard`, {
        dashboardName: pulumi.output(endpointName).apply(dashboardName),
        dashboardBody: body.apply((b) => JSON.stringify(b)),
    }, { parent }).dashboardName;
}

/** What an endpoint component's monitoring made. */
export interface EndpointMonitoringOutputs extends MonitoringOutputs {
    /** Undefined without a dashboard. */
    dashboardName: pulumi.Output<string | undefined>;
}

/** An endpoint component's alarms and dashboard, as it wires them. */
export interface EndpointMonitoringWiring {
    kind: typeof MonitoredKind.Realtime | typeof MonitoredKind.Async;
    endpointName: pulumi.Output<string>;
    variantName: pulumi.Output<string>;
    instanceType: pulumi.Input<string>;
    metrics: pulumi.Input<MetricsConfig>;
    alarms?: AlarmsArgs;
    /** checkAlarms' result, taken before the component registered anything. */
    checked?: pulumi.Output<AlarmSettings>;
    /** The region the dashboard's widgets name; undefined: no dashboard. */
    dashboardRegion?: string;
    tags: pulumi.Input<Record<string, pulumi.Input<string>>> | undefined;
}

/** The alarms and the dashboard of a ReservedEndpoint or an AsyncInferenceEndpoint (each when asked for). */
export function endpointMonitoringOn(parent: pulumi.Resource, name: string, w: EndpointMonitoringWiring): EndpointMonitoringOutputs {
    const target = pulumi.all([w.endpointName, w.variantName]).apply(([endpointName, variantName]) => ({ kind: w.kind, name: endpointName, variantName }));
    const alarms = alarmsOn(parent, name, w.kind, target, w.alarms, w.checked, w.tags);
    const region = w.dashboardRegion;
    const dashboard = region === undefined ? pulumi.output(undefined) : dashboardOn(parent, name, w.endpointName,
        pulumi.all([w.endpointName, w.variantName, w.instanceType, w.metrics]).apply(([endpointName, variantName, instanceType, metrics]) => planDashboard({
            kind: w.kind, endpointName, variantName, region, instanceType, metrics, inferenceComponentNames: [],
        })));
    return { ...alarms, dashboardName: dashboard };
}

/** The stack's region, which every metric widget names. */
export function dashboardRegion(component: string): string {
    const region = programRegion();
    if (region === undefined) {
        throw new Error(`${component}: a dashboard's widgets name their region: set aws:region (or AWS_REGION) for the stack`);
    }
    return region;
}
