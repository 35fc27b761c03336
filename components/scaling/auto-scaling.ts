import * as appautoscaling from "@pulumi/aws/appautoscaling";
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as pulumi from "@pulumi/pulumi";
import { ScalingSpec } from "./scaling-plan";

/** The resources of one auto scaling setup. */
export interface AutoScalingResources {
    target: appautoscaling.Target;
    targetTracking: appautoscaling.Policy;
    /** Undefined when the setup does not scale out from zero. */
    step?: appautoscaling.Policy;
    alarm?: cloudwatch.MetricAlarm;
    /** Undefined without an idle scale-in. */
    idleStep?: appautoscaling.Policy;
    idleAlarm?: cloudwatch.MetricAlarm;
}

export interface AutoScalingOptions {
    /**
     * For a spec that scales out from zero: the alarm's logical name after the owner's, e.g.
     * "no-capacity-alarm". Told here because resources are registered before the spec resolves.
     */
    fromZeroAlarm?: string;
    /** Whether the spec scales in to zero when idle (known before the spec resolves, as above). */
    idleScaleIn?: boolean;
    /** What must exist before the target is registered: its resource id names it. */
    dependsOn: pulumi.Resource[];
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Turns a scaling spec into a scalable target, its policies and the alarm that drives the step policy. */
export function autoScalingOn(
    parent: pulumi.Resource, name: string, spec: pulumi.Output<ScalingSpec>, options: AutoScalingOptions,
): AutoScalingResources {
    const target = new appautoscaling.Target(`${name}-scaling-target`, {
        serviceNamespace: "sagemaker",
        resourceId: spec.resourceId,
        scalableDimension: spec.scalableDimension,
        minCapacity: spec.minCapacity,
        maxCapacity: spec.maxCapacity,
    }, { parent, dependsOn: options.dependsOn });
    const policyBase = {
        serviceNamespace: target.serviceNamespace,
        resourceId: target.resourceId,
        scalableDimension: target.scalableDimension,
    };
    const targetTracking = new appautoscaling.Policy(`${name}-target-tracking`, {
        ...policyBase,
        name: spec.targetTracking.policyName,
        policyType: "TargetTrackingScaling",
        targetTrackingScalingPolicyConfiguration: spec.targetTracking.configuration,
    }, { parent });
    const idle = options.idleScaleIn ? idleScaleInOn(parent, name, spec, policyBase, options.tags) : {};
    if (options.fromZeroAlarm === undefined) {
        return { target, targetTracking, ...idle };
    }
    const fromZero = spec.apply((s) => s.scaleOutFromZero!);
    const step = new appautoscaling.Policy(`${name}-scale-out-from-zero`, {
        ...policyBase,
        name: fromZero.policyName,
        policyType: "StepScaling",
        stepScalingPolicyConfiguration: fromZero.configuration,
    }, { parent });
    const alarm = fromZero.alarm;
    const metricAlarm = new cloudwatch.MetricAlarm(`${name}-${options.fromZeroAlarm}`, {
        name: alarm.name,
        alarmDescription: alarm.description,
        namespace: alarm.namespace,
        metricName: alarm.metricName,
        dimensions: alarm.dimensions,
        statistic: alarm.statistic,
        period: alarm.period,
        evaluationPeriods: alarm.evaluationPeriods,
        datapointsToAlarm: alarm.datapointsToAlarm,
        threshold: alarm.threshold,
        comparisonOperator: alarm.comparisonOperator,
        treatMissingData: alarm.treatMissingData,
        alarmActions: [step.arn],
        tags: options.tags,
    }, { parent });
    return { target, targetTracking, step, alarm: metricAlarm, ...idle };
}

/** The idle scale-in's step policy and the metric-math alarm that drives it. */
function idleScaleInOn(
    parent: pulumi.Resource, name: string, spec: pulumi.Output<ScalingSpec>,
    policyBase: { serviceNamespace: pulumi.Input<string>; resourceId: pulumi.Input<string>; scalableDimension: pulumi.Input<string> },
    tags: AutoScalingOptions["tags"],
) {
    const idle = spec.apply((s) => s.idleScaleIn!);
    const idleStep = new appautoscaling.Policy(`${name}-idle-scale-in`, {
        ...policyBase,
        name: idle.policyName,
        policyType: "StepScaling",
        stepScalingPolicyConfiguration: idle.configuration,
    }, { parent });
    const alarm = idle.alarm;
    const idleAlarm = new cloudwatch.MetricAlarm(`${name}-idle-alarm`, {
        name: alarm.name,
        alarmDescription: alarm.description,
        metricQueries: alarm.apply((a) => [
            ...a.metrics.map((m) => ({
                id: m.id,
                returnData: false,
                metric: { namespace: m.namespace, metricName: m.metricName, dimensions: m.dimensions, stat: m.stat, period: m.period },
            })),
            { id: "idle", expression: a.expression, label: "requests, served or refused", returnData: true },
        ]),
        evaluationPeriods: alarm.evaluationPeriods,
        datapointsToAlarm: alarm.datapointsToAlarm,
        threshold: alarm.threshold,
        comparisonOperator: alarm.comparisonOperator,
        treatMissingData: alarm.treatMissingData,
        alarmActions: [idleStep.arn],
        tags,
    }, { parent });
    return { idleStep, idleAlarm };
}
