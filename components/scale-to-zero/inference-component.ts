import * as iam from "@pulumi/aws/iam";
import * as scheduler from "@pulumi/aws/scheduler";
import * as awsNative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { InferenceComponentRuntimeConfig } from "../../dynamic-providers/inference-component-runtime-config";
import { Timing } from "../../dynamic-providers/sagemaker-ops";
import { autoScalingOn } from "../scaling/auto-scaling";
import { componentScalingSpec, planInferenceComponent } from "./inference-component-plan";
import { givenValue, planEarly } from "../../core/inputs";
import { sagemakerActionTarget, serviceTrustPolicy } from "../../core/service-access";
import { iamRoleName } from "../../core/names";
import { partitionOf } from "../../core/partitions";
import { namePrefixOf, nativeOptions, nativeTags, programRegion } from "../../core/program-state";
import { checkSchedule, OffHoursSchedule, runtimeConfigInput, scheduleSpecs } from "../scaling/schedule-plan";
import { checkedTags } from "../../core/tags";
import { AlarmsArgs, alarmsOn, checkAlarms } from "../monitoring/endpoint-monitoring";
import { MonitoredKind } from "../monitoring/alarms-plan";
import { DEFAULT_METRICS, MetricsConfig } from "../monitoring/metrics-plan";

export interface ScalableInferenceComponentArgs {
    /** The endpoint to place the component on: a ScaleToZeroEndpoint's endpointName, or an endpoint made elsewhere. */
    endpointName: pulumi.Input<string>;
    /** The endpoint's instance type (ScaleToZeroEndpoint.instanceType): each copy's accelerators and memory are checked against it. */
    instanceType: pulumi.Input<string>;
    /** The endpoint's production variant. Default AllTraffic. */
    variantName?: pulumi.Input<string>;
    /**
     * What the endpoint publishes to CloudWatch (ScaleToZeroEndpoint.metricsConfig): the wake
     * alarm's period follows it. Default: enhanced metrics every 10 s, the endpoints' default.
     */
    endpointMetricsConfig?: pulumi.Input<MetricsConfig>;
    /**
     * The endpoint's role, when ScaleToZeroEndpoint created it (its executionRoleName):
     * modelExecutionPolicy is added to it before the component starts.
     */
    endpointExecutionRoleName?: pulumi.Input<string>;
    /** The SageMaker model to serve: an InferenceModel's modelName, or an existing model's name. */
    modelName: pulumi.Input<string>;
    /** What the model needs (InferenceModel.executionPolicy), added to endpointExecutionRoleName. */
    modelExecutionPolicy?: pulumi.Input<string>;
    /**
     * The inference component's name, which callers pass as InferenceComponentName: at most 63
     * letters, digits and hyphens, unique in the account and region. Default: namePrefix, made
     * valid for SageMaker. The names of its alarms (`-no-capacity`, `-idle`), scaling policies and
     * schedules (`-scale-in`, `-scale-out`) start with it.
     */
    inferenceComponentName?: string;
    /**
     * The start of the inference component's name when inferenceComponentName is not given: letters
     * and digits are kept, anything else becomes a hyphen, and a name too long for SageMaker (63) is
     * cut and given a digest. Default `<project>-<stack>-<component name>`, so that stacks in one
     * account and region do not share a name (unless their names hyphenate alike: see docs/how-it-works.md, Names). Changing it renames the inference component (a new one
     * replaces it); the component's own name keeps the names of earlier releases, which had no
     * project or stack in them.
     */
    namePrefix?: string;
    /** Accelerator devices (GPUs) per copy. Default 1 on instance types with accelerators; at most what one instance has. */
    acceleratorCount?: pulumi.Input<number>;
    /** Memory reserved per copy, in MiB. Default 1024. */
    minMemoryMb?: pulumi.Input<number>;
    /** Memory limit per copy, in MiB, at least minMemoryMb. Default: none. */
    maxMemoryMb?: pulumi.Input<number>;
    /** CPU cores per copy. Default: none. */
    cpuCores?: pulumi.Input<number>;
    /** Seconds to download the model per copy, 60 to 3600. Default 3600. */
    modelDataDownloadTimeoutInSeconds?: pulumi.Input<number>;
    /** Seconds for a copy's container to pass its health check, 60 to 3600. Default 3600. */
    containerStartupHealthCheckTimeoutInSeconds?: pulumi.Input<number>;
    /** Copies at creation, at least 1: the service refuses to create a component with none. Default 1. */
    initialCopyCount?: pulumi.Input<number>;
    /**
     * Auto scaling of the copies between 0 and maxCopies: target tracking on concurrent requests per
     * copy, and a step policy with an alarm that scales out from zero. On unless enabled is false.
     */
    autoScaling?: ComponentAutoScaling;
    /** Off-hours parking: to zero copies and back on a weekly cron. Default: none (in TypeScript, ScaleToZeroEndpoint.placement() passes the endpoint's). */
    schedule?: OffHoursSchedule;
    /** Set the copies to 0 right after creation, so that the component costs nothing until used. Default false. */
    parked?: boolean;
    /** Waits of the parking step; the defaults suit real deployments. */
    parkingTiming?: Partial<Timing>;
    /** Tags for every resource that takes them. */
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /**
     * CloudWatch alarms on the component's failed invocations and model latency at a high
     * percentile, notifying an SNS topic, created or given (ScaleToZeroEndpoint.alarmTopicArn, to
     * share the endpoint's). Default: none.
     */
    alarms?: AlarmsArgs;
}

/** The args that place a component on an endpoint, as ScaleToZeroEndpoint.placement() gives them. */
export type ComponentPlacement = Pick<ScalableInferenceComponentArgs,
    "endpointName" | "instanceType" | "variantName" | "endpointMetricsConfig" | "endpointExecutionRoleName" | "schedule">;

/** Auto scaling of an inference component's copies; every setting but enabled has a default. */
export interface ComponentAutoScaling {
    /** Whether the copies are auto scaled. Default true. */
    enabled?: boolean;
    /** The most copies, at least the initial copy count. The least is always 0. Default: the initial copy count. */
    maxCopies?: pulumi.Input<number>;
    /** Concurrent requests per copy that target tracking holds. Default 5. */
    targetConcurrency?: pulumi.Input<number>;
    /** Seconds between scale-in steps. Default 300. */
    scaleInCooldownSeconds?: pulumi.Input<number>;
    /** Seconds between scale-out steps. Default 300. */
    scaleOutCooldownSeconds?: pulumi.Input<number>;
    /** Copies the step policy adds when a request finds none. Default 1. */
    scaleOutFromZeroCopies?: pulumi.Input<number>;
    /** Seconds before the step policy may act again. Default 60. */
    scaleOutFromZeroCooldownSeconds?: pulumi.Input<number>;
    /**
     * Period of the NoCapacityInvocationFailures alarm: 10, 20, 30 or a multiple of 60 seconds, never
     * shorter than the endpoint publishes invocation metrics. Default: that interval (10 s by default).
     */
    alarmPeriodSeconds?: pulumi.Input<number>;
    /**
     * Minutes without a single request (served or refused) after which the copies go to zero at
     * once, instead of when target tracking gets there (about 15 minutes). Default: off.
     */
    scaleInToZeroAfterIdleMinutes?: number;
}

/**
 * One model on a ScaleToZeroEndpoint, as AWS's scale-to-zero walkthrough sets it up: an inference component whose copies
 * auto scaling takes down to zero when idle and back out when a request arrives, optional
 * off-hours schedules, and optional parking at zero. A deploy never resets the copy count that
 * auto scaling or a schedule set.
 */
export class ScalableInferenceComponent extends pulumi.ComponentResource {
    public readonly inferenceComponentName: pulumi.Output<string>;
    public readonly inferenceComponentArn: pulumi.Output<string>;
    /** The Application Auto Scaling target's id (`inference-component/<name>`); undefined without auto scaling. */
    public readonly scalableTargetId: pulumi.Output<string | undefined>;
    public readonly targetTrackingPolicyArn: pulumi.Output<string | undefined>;
    public readonly stepScalingPolicyArn: pulumi.Output<string | undefined>;
    /** The NoCapacityInvocationFailures alarm's name. */
    public readonly alarmName: pulumi.Output<string | undefined>;
    /** The idle alarm's name; undefined without scaleInToZeroAfterIdleMinutes. */
    public readonly idleAlarmName: pulumi.Output<string | undefined>;
    /** The scale-in and scale-out schedules' names; empty without a schedule. */
    public readonly scheduleNames: pulumi.Output<string[]>;
    /** The alarms made from `alarms` (not the wake and idle alarms); empty without. */
    public readonly alarmNames: pulumi.Output<string[]>;
    /** The topic those alarms notify, created or given; undefined without alarms. */
    public readonly alarmTopicArn: pulumi.Output<string | undefined>;

    constructor(name: string, args: ScalableInferenceComponentArgs, opts?: pulumi.ComponentResourceOptions) {
        const tags = checkedTags(`${name}.tags`, args.tags);
        const schedule = args.schedule;
        const { enabled: autoScaled = true, ...autoScalingGiven } = args.autoScaling ?? {};
        const autoScalingSettings = autoScaled ? autoScalingGiven : undefined;
        const plan = planEarly({
            component: name,
            namePrefix: namePrefixOf(name, args.namePrefix),
            inferenceComponentName: args.inferenceComponentName,
            instanceType: args.instanceType,
            acceleratorCount: args.acceleratorCount,
            minMemoryMb: args.minMemoryMb ?? 1024,
            maxMemoryMb: args.maxMemoryMb,
            cpuCores: args.cpuCores,
            modelDataDownloadTimeoutInSeconds: args.modelDataDownloadTimeoutInSeconds ?? 3600,
            containerStartupHealthCheckTimeoutInSeconds: args.containerStartupHealthCheckTimeoutInSeconds ?? 3600,
            initialCopyCount: args.initialCopyCount ?? 1,
            autoScaling: autoScalingSettings,
            metrics: args.endpointMetricsConfig,
        }, (resolved) => {
            const planned = planInferenceComponent(resolved as Parameters<typeof planInferenceComponent>[0]);
            const checked = schedule && checkSchedule(`${name}.schedule`, schedule, planned.autoScaling?.maxCopies);
            return { ...planned, schedules: checked ? scheduleSpecs(planned.inferenceComponentName, checked) : [] };
        });
        const alarmsChecked = checkAlarms(`${name}.alarms`, args.alarms, args.endpointMetricsConfig ?? DEFAULT_METRICS);
        super("sagemaker-inference:index:ScalableInferenceComponent", name, {}, opts);
        const partition = partitionOf(programRegion());

        // An endpoint that created its own role is granted what this component's model needs, before the component starts.
        const grant = args.endpointExecutionRoleName !== undefined && args.modelExecutionPolicy !== undefined
            ? new iam.RolePolicy(`${name}-endpoint-role-policy`, {
                role: givenValue(`${name}.endpointExecutionRoleName`, args.endpointExecutionRoleName),
                policy: givenValue(`${name}.modelExecutionPolicy`, args.modelExecutionPolicy),
            }, { parent: this })
            : undefined;
        const component = new awsNative.sagemaker.InferenceComponent(`${name}-component`, {
            inferenceComponentName: plan.inferenceComponentName,
            endpointName: args.endpointName,
            variantName: args.variantName ?? "AllTraffic",
            specification: {
                modelName: args.modelName,
                startupParameters: plan.specification.startupParameters,
                computeResourceRequirements: plan.specification.computeResourceRequirements,
            },
            runtimeConfig: { copyCount: plan.initialCopyCount },
            tags: nativeTags(tags),
        }, {
            ...nativeOptions(this),
            dependsOn: grant ? [grant] : [],
            // The count is set at creation only; after that it belongs to auto scaling and schedules.
            // All of runtimeConfig: a refresh may add the desired and current counts to it.
            ignoreChanges: ["runtimeConfig"],
            // UpdateInferenceComponent takes neither a new name nor another endpoint or variant, and the
            // CloudFormation schema marks none of them create-only: a change of one is a new component,
            // created before the old one goes.
            replaceOnChanges: ["inferenceComponentName", "endpointName", "variantName"],
        });
        const icName = component.inferenceComponentName as pulumi.Output<string>;
        const icArn = component.inferenceComponentArn;

        const scaling = autoScalingSettings === undefined ? undefined : autoScalingOn(
            this, name, pulumi.all([icName, plan]).apply(([n, p]) => componentScalingSpec(n, p.autoScaling!)),
            // Registered only once the component exists: the resource id names it.
            {
                fromZeroAlarm: "no-capacity-alarm",
                idleScaleIn: autoScalingSettings.scaleInToZeroAfterIdleMinutes !== undefined,
                dependsOn: [component],
                tags,
            },
        );

        const scheduleNames: pulumi.Output<string>[] = [];
        if (schedule !== undefined) {
            const role = new iam.Role(`${name}-scheduler-role`, {
                name: iamRoleName(`${pulumi.getStack()}-${name}`, "scheduler"),
                description: `Lets EventBridge Scheduler set the copies of inference component ${name} (created by sagemaker-inference)`,
                assumeRolePolicy: serviceTrustPolicy("scheduler.amazonaws.com"),
                tags,
            }, { parent: this });
            // No KMS here, whatever key the endpoint's config has: setting copies changes no endpoint
            // config (UpdateEndpoint's caller is the one that grants the volumes' key to SageMaker).
            const policy = new iam.RolePolicy(`${name}-scheduler-policy`, {
                role: role.name,
                policy: icArn.apply((arn) => JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Action: ["sagemaker:UpdateInferenceComponentRuntimeConfig"], Resource: [arn] }],
                })),
            }, { parent: this });
            for (const action of ["scale-in", "scale-out"] as const) {
                const spec = plan.apply((p) => p.schedules.find((s) => s.action === action)!);
                const created = new scheduler.Schedule(`${name}-${action}`, {
                    name: spec.name,
                    description: pulumi.interpolate`Sets inference component ${icName} to ${spec.copyCount} copies (${action})`,
                    scheduleExpression: spec.scheduleExpression,
                    scheduleExpressionTimezone: spec.scheduleExpressionTimezone,
                    startDate: spec.startDate,
                    endDate: spec.endDate,
                    flexibleTimeWindow: { mode: "OFF" },
                    target: {
                        arn: sagemakerActionTarget(partition, "updateInferenceComponentRuntimeConfig"),
                        roleArn: role.arn,
                        input: pulumi.all([icName, spec.copyCount]).apply(([n, copies]) => runtimeConfigInput(n, copies)),
                    },
                }, { parent: this, dependsOn: [policy] });
                scheduleNames.push(created.name);
            }
        }

        if (args.parked) {
            new InferenceComponentRuntimeConfig(`${name}-parked`, {
                inferenceComponentName: icName,
                copyCount: 0,
                region: programRegion(),
                timing: args.parkingTiming,
            }, { parent: this, dependsOn: [component] });
        }

        this.inferenceComponentName = icName;
        this.inferenceComponentArn = icArn;
        this.scalableTargetId = scaling ? scaling.target.id : pulumi.output(undefined);
        this.targetTrackingPolicyArn = scaling ? scaling.targetTracking.arn : pulumi.output(undefined);
        this.stepScalingPolicyArn = scaling ? scaling.step!.arn : pulumi.output(undefined);
        this.alarmName = scaling ? scaling.alarm!.name : pulumi.output(undefined);
        this.idleAlarmName = scaling?.idleAlarm ? scaling.idleAlarm.name : pulumi.output(undefined);
        this.scheduleNames = pulumi.all(scheduleNames);
        const monitoring = alarmsOn(this, name, MonitoredKind.InferenceComponent,
            icName.apply((n) => ({ kind: MonitoredKind.InferenceComponent, name: n })), args.alarms, alarmsChecked, tags);
        this.alarmNames = monitoring.alarmNames;
        this.alarmTopicArn = monitoring.alarmTopicArn;
        this.registerOutputs({
            ...monitoring,
            inferenceComponentName: this.inferenceComponentName,
            inferenceComponentArn: this.inferenceComponentArn,
            scalableTargetId: this.scalableTargetId,
            targetTrackingPolicyArn: this.targetTrackingPolicyArn,
            stepScalingPolicyArn: this.stepScalingPolicyArn,
            alarmName: this.alarmName,
            idleAlarmName: this.idleAlarmName,
            scheduleNames: this.scheduleNames,
        });
    }
}
