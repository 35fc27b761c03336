import * as iam from "@pulumi/aws/iam";
import * as pulumi from "@pulumi/pulumi";
import { autoScalingOn } from "../scaling/auto-scaling";
import { CapacityChoice, InstancePool, planScaledVariant } from "./endpoint-plan";
import {
    configNameOf, endpointConfigOn, endpointOn, EndpointSettingsArgs, metricsInput, ReservationCapacity, RoutingArgs, warnOfInstanceStore,
} from "./endpoint-args";
import { DeploymentInput, endpointTimeouts, planUpdate, retentionOf, WORST_CASE_TIMEOUTS } from "./endpoint-update-plan";
import { givenValue, planEarly, planEarlyKnown } from "../../core/inputs";
import { dataCaptureConfig, dataCapturePolicy, planDataCapture } from "./data-capture-plan";
import { planMetrics } from "../monitoring/metrics-plan";
import { sagemakerName } from "../../core/names";
import { checkSwitch, ReservationEnd, switchableConfigOn, switchScheduleOn } from "./reservation-end-switch";
import { realtimeScalingSpec } from "../scaling/scaling-plan";
import { claimEndpointName, namePrefixOf, programRegion } from "../../core/program-state";
import { claimReservation } from "../reservation/reservation-state";
import { sagemakerNameField } from "../../core/validate";
import { checkedTags } from "../../core/tags";
import { keyArnForGrant, readKmsKey } from "../../core/kms-plan";
import { checkAlarms, dashboardRegion, endpointMonitoringOn } from "../monitoring/endpoint-monitoring";
import { MonitoredKind } from "../monitoring/alarms-plan";

export { ReservationCapacity };

export interface ReservedEndpointArgs extends EndpointSettingsArgs, RoutingArgs {
    /** The SageMaker model to serve: an InferenceModel's modelName, or an existing model's name. */
    modelName: pulumi.Input<string>;
    /**
     * The model's role, when the program created it (InferenceModel.executionRoleName): with
     * dataCapture, it is allowed to write the captures, before the endpoint starts. Any other role
     * must already hold that (`dataCapturePolicy` shows what).
     */
    modelExecutionRoleName?: pulumi.Input<string>;
    /** Instance type, e.g. ml.p5.48xlarge. On a reservation it must be the reserved type. With instancePools, the first choice (priority 1). */
    instanceType: pulumi.Input<string>;
    /** Number of instances (at creation, with auto scaling), at least 1. Default 1, or autoScaling.minInstanceCount. */
    instanceCount?: pulumi.Input<number>;
    /**
     * The training-plan reservation to run on, with `capacity-reservations-only`. Default: none, on
     * demand. Adding, changing or removing it updates the endpoint in place.
     */
    reservation?: ReservationCapacity;
    /**
     * Auto scaling of the instances between minInstanceCount (at least 1) and maxInstanceCount,
     * with target tracking on invocations per instance. On a reservation the endpoint claims
     * maxInstanceCount. A deploy keeps the instance count auto scaling set. Default: none, the
     * instance count stays fixed.
     */
    autoScaling?: RealtimeAutoScaling;
    /**
     * Rolling updates: instances replaced in batches, each baking before the next, rolled back
     * when an alarm fires. Default: on a reservation, the smallest batch the variant allows
     * (SageMaker's blue/green needs as many spare instances as the variant runs); on demand,
     * SageMaker's blue/green update.
     */
    deployment?: pulumi.Input<DeploymentArgs>;
    /**
     * On demand only: fallback instance types by priority 2 to 5 (instanceType is priority 1), so
     * that a capacity shortage of one type does not fail the deploy. Refused on a reservation,
     * which holds one type.
     */
    instancePools?: pulumi.Input<pulumi.Input<InstancePoolArgs>[]>;
    /** Seconds SageMaker tries to provision instances (of each pool in turn) before it fails, 300 to 3600. */
    variantInstanceProvisionTimeoutInSeconds?: pulumi.Input<number>;
    /**
     * On a reservation only: move the endpoint to on-demand capacity before the plan ends, so that
     * it keeps serving. Default: none; an endpoint on `capacity-reservations-only` stops serving
     * when its plan ends.
     */
    onReservationEnd?: ReservationEnd;
    /**
     * The KMS key that encrypts the instances' storage volumes (the config's KmsKeyId, on the
     * on-demand config too): a key id, key ARN, alias name or alias ARN, in the stack's region;
     * with onReservationEnd, a key ARN, which the switch's role is allowed to grant SageMaker.
     * The caller of the deploy needs kms:CreateGrant and kms:DescribeKey on it. Instance types with
     * local NVMe storage (ml.p4d, ml.p5, ml.g5, ml.g6, …) encrypt that storage in hardware instead:
     * the key does not cover it, and the deploy says so. Default: SageMaker encrypts the volumes
     * with a key of its own.
     */
    kmsKeyArn?: pulumi.Input<string>;
    /** A CloudWatch dashboard of the endpoint, `<endpoint name>-dashboard`. Default false. */
    dashboard?: boolean;
}

/** How an endpoint's update replaces its instances. */
export type DeploymentArgs = DeploymentInput;

/** A fallback instance type and its priority. */
export type InstancePoolArgs = InstancePool;

/** Auto scaling of a real-time endpoint's instances. */
export interface RealtimeAutoScaling {
    /** The fewest instances, at least 1. */
    minInstanceCount: pulumi.Input<number>;
    /** The most instances, at least minInstanceCount. */
    maxInstanceCount: pulumi.Input<number>;
    /** Invocations per instance per minute that target tracking holds (SageMakerVariantInvocationsPerInstance). */
    targetInvocationsPerInstance: pulumi.Input<number>;
    /** Seconds between scale-in steps. Default 300. */
    scaleInCooldownSeconds?: pulumi.Input<number>;
    /** Seconds between scale-out steps. Default 300. */
    scaleOutCooldownSeconds?: pulumi.Input<number>;
}

/**
 * A real-time endpoint whose production variant runs on a training-plan reservation or on
 * demand, at a fixed count or auto scaled, serving a single-container or multi-container model.
 * Every change goes through a new endpoint config; the endpoint itself is updated in place,
 * never replaced.
 */
export class ReservedEndpoint extends pulumi.ComponentResource {
    public readonly endpointName: pulumi.Output<string>;
    public readonly endpointArn: pulumi.Output<string>;
    public readonly endpointConfigName: pulumi.Output<string>;
    public readonly variantName: pulumi.Output<string>;
    /** The training plan's ARN, or undefined on demand. */
    public readonly reservationArn: pulumi.Output<string | undefined>;
    /** The Application Auto Scaling target's id (`endpoint/<name>/variant/<variant>`); undefined without auto scaling. */
    public readonly scalableTargetId: pulumi.Output<string | undefined>;
    public readonly targetTrackingPolicyArn: pulumi.Output<string | undefined>;
    /** The on-demand config the endpoint moves to before its plan ends; undefined without onReservationEnd. */
    public readonly onDemandEndpointConfigName: pulumi.Output<string | undefined>;
    /** When the schedule moves the endpoint to on demand, `at(...)` in UTC; undefined without onReservationEnd. */
    public readonly switchScheduleExpression: pulumi.Output<string | undefined>;
    /** Whether this deploy gives the endpoint its on-demand config: the switch's time has come, or the plan is over. */
    public readonly switchedToOnDemand: pulumi.Output<boolean>;
    /** The permissions the model's role needs to write the captures, as a policy document (JSON); undefined without dataCapture. */
    public readonly dataCapturePolicy: pulumi.Output<string | undefined>;
    /** The alarms made from `alarms`; empty without. */
    public readonly alarmNames: pulumi.Output<string[]>;
    /** The topic the alarms notify, created or given; undefined without alarms. */
    public readonly alarmTopicArn: pulumi.Output<string | undefined>;
    /** The dashboard's name; undefined without `dashboard`. */
    public readonly dashboardName: pulumi.Output<string | undefined>;

    constructor(name: string, args: ReservedEndpointArgs, opts?: pulumi.ComponentResourceOptions) {
        const tags = checkedTags(`${name}.tags`, args.tags);
        const namePrefix = namePrefixOf(name, args.namePrefix);
        const endpointName = args.endpointName === undefined
            ? sagemakerName(namePrefix) : sagemakerNameField(`${name}.endpointName`, args.endpointName);
        const region = programRegion();
        const startup = {
            modelDataDownloadTimeoutInSeconds: args.modelDataDownloadTimeoutInSeconds,
            containerStartupHealthCheckTimeoutInSeconds: args.containerStartupHealthCheckTimeoutInSeconds,
            variantInstanceProvisionTimeoutInSeconds: args.variantInstanceProvisionTimeoutInSeconds,
        };
        const onReservation = args.reservation !== undefined;
        const switching = checkSwitch(name, args.onReservationEnd, onReservation);
        const instanceCount = args.instanceCount ?? args.autoScaling?.minInstanceCount ?? 1;
        const plan = planEarly({
            endpoint: name,
            instanceType: args.instanceType,
            instanceCount,
            variantName: args.variantName ?? "AllTraffic",
            capacity: args.reservation ?? "on-demand",
            region,
            ...startup,
            routing: { routingStrategy: args.routingStrategy, prefixLength: args.prefixLength, concurrencyThreshold: args.concurrencyThreshold },
            instancePools: args.instancePools,
            autoScaling: args.autoScaling,
        }, (resolved) => claimReservation(planScaledVariant({ ...resolved, capacity: resolved.capacity as CapacityChoice })));
        // Apart from the variant, which may wait for a reservation bought in the same deployment: the
        // metrics are checked at once, and the waits are resource options, plain values, depending
        // only on counts, steps and batches.
        const updating = planEarlyKnown({
            instanceCount, autoScaling: args.autoScaling, deployment: args.deployment, startup, metrics: metricsInput(args),
        }, (r) => {
            const metrics = planMetrics((key) => `${name}.${key}`, r.metrics);
            const min = r.autoScaling?.minInstanceCount ?? r.instanceCount;
            const max = r.autoScaling?.maxInstanceCount ?? r.instanceCount;
            const update = planUpdate(`${name}.deployment`, r.deployment, {
                endpoint: name, minInstances: min, maxInstances: max, onReservation,
            });
            return { metrics, update, timeouts: endpointTimeouts(r.startup, update, max) };
        });
        const capture = planEarly(args.dataCapture, (dc) => dc === undefined ? undefined : planDataCapture(`${name}.dataCapture`, dc, region));
        const volumeKey = planEarly({ kmsKeyArn: args.kmsKeyArn }, (r) => {
            if (r.kmsKeyArn === undefined) {
                return { id: undefined, grantArn: undefined };
            }
            const key = readKmsKey(`${name}.kmsKeyArn`, r.kmsKeyArn, region);
            return { id: key.id, grantArn: switching ? keyArnForGrant(`${name}.kmsKeyArn`, key, "the role of the switch to on demand") : undefined };
        });
        const metrics = updating.known?.metrics ?? updating.plan.metrics;
        const alarmsChecked = checkAlarms(`${name}.alarms`, args.alarms, metrics);
        const widgetRegion = args.dashboard ? dashboardRegion(name) : undefined;
        claimEndpointName(endpointName, name);
        super("sagemaker-inference:index:ReservedEndpoint", name, {}, opts);
        warnOfInstanceStore(this, `${name}.kmsKeyArn`, pulumi.output(args.instancePools ?? []).apply((pools) =>
            pulumi.all([args.instanceType, ...pools.map((p) => pulumi.output(p).instanceType)])), args.kmsKeyArn);

        const content = pulumi.all([plan, updating.plan, args.modelName, capture, volumeKey]).apply(([p, u, model, c, key]) => ({
            productionVariants: [{ ...p.variant, modelName: model }],
            metricsConfig: u.metrics,
            kmsKeyId: key.id,
            // Absent, not undefined, without capture: the config's name stays what it was.
            ...(c === undefined ? {} : { dataCaptureConfig: dataCaptureConfig(c) }),
        }));
        const capturePolicy = capture.apply((c) => c === undefined ? undefined : JSON.stringify(dataCapturePolicy(c, region)));
        // SageMaker writes captures with the model's role from the first request: the role may write before the endpoint starts.
        const ready: pulumi.Resource[] = [];
        if (args.dataCapture !== undefined && args.modelExecutionRoleName !== undefined) {
            ready.push(new iam.RolePolicy(`${name}-capture-policy`, {
                role: givenValue(`${name}.modelExecutionRoleName`, args.modelExecutionRoleName),
                policy: givenValue(`${name}.dataCapture`, capturePolicy),
            }, { parent: this }));
        } else if (args.dataCapture !== undefined) {
            // A role the program did not create gets nothing from here: without the grant, SageMaker's writes are denied silently.
            capturePolicy.apply((policy) => policy && pulumi.log.warn(`${name}.dataCapture: no modelExecutionRoleName is given, so nothing allows the ` +
                `model's role to write the captures; that role must already hold this policy (output dataCapturePolicy): ${policy}`, this));
        }
        // Auto scaled, the floor lives in the scalable target: a new floor alone makes no new config.
        const countRetained = args.autoScaling !== undefined;
        const config = endpointConfigOn(this, name, namePrefix, content, tags, [], countRetained);
        const switchable = switching && switchableConfigOn(
            this, name, namePrefix, content, config, args.onReservationEnd!, switching.minutesBefore, tags, countRetained);
        const onDemand = switchable ? switchable.onDemand : pulumi.output(false);
        const retention = plan.apply((p) => retentionOf(p.scaling !== undefined, true));
        const outputs = endpointOn(this, name, endpointName, switchable ? switchable.configName : configNameOf(config), plan.variant.variantName, {
            instanceType: args.instanceType,
            autoScaled: args.autoScaling !== undefined,
            // Once switched, the endpoint holds nothing of the plan: its update needs no spare there.
            update: pulumi.all([plan, updating.plan, retention, onDemand]).apply(([p, u, r, switched]) =>
                ({ retention: r, update: u.update, reservation: switched ? undefined : p.reservation })),
            timeouts: updating.known?.timeouts ?? WORST_CASE_TIMEOUTS,
            tags,
            dependsOn: ready,
        });
        const scaling = args.autoScaling === undefined ? undefined : autoScalingOn(this, name,
            pulumi.all([outputs.endpointName, plan, outputs.guard.instanceType]).apply(([e, p]) =>
                realtimeScalingSpec(e, p.variant.variantName, p.scaling!)),
            { dependsOn: [], tags });
        const { guard: _guard, ...endpoint } = outputs;
        const switchAt = switchable && switchScheduleOn(this, name, {
            endpointName: endpoint.endpointName,
            endpointArn: endpoint.endpointArn,
            onDemandConfig: switchable.onDemandConfig,
            retention,
            end: args.onReservationEnd!,
            minutesBefore: switching.minutesBefore,
            onDemand,
            volumeKeyArn: volumeKey.grantArn,
            tags,
        });
        this.endpointName = endpoint.endpointName;
        this.endpointArn = endpoint.endpointArn;
        this.endpointConfigName = endpoint.endpointConfigName;
        this.variantName = endpoint.variantName;
        this.reservationArn = plan.apply((p) => p.reservation?.facts.reservationArn);
        this.scalableTargetId = scaling ? scaling.target.id : pulumi.output(undefined);
        this.targetTrackingPolicyArn = scaling ? scaling.targetTracking.arn : pulumi.output(undefined);
        this.onDemandEndpointConfigName = switchable ? configNameOf(switchable.onDemandConfig) : pulumi.output(undefined);
        this.switchScheduleExpression = switchAt ? switchAt : pulumi.output(undefined);
        this.switchedToOnDemand = onDemand;
        this.dataCapturePolicy = capturePolicy;
        const monitoring = endpointMonitoringOn(this, name, {
            kind: MonitoredKind.Realtime, endpointName: endpoint.endpointName, variantName: endpoint.variantName, instanceType: args.instanceType,
            metrics, alarms: args.alarms, checked: alarmsChecked, dashboardRegion: widgetRegion, tags,
        });
        this.alarmNames = monitoring.alarmNames;
        this.alarmTopicArn = monitoring.alarmTopicArn;
        this.dashboardName = monitoring.dashboardName;
        this.registerOutputs({
            ...monitoring,
            ...endpoint,
            reservationArn: this.reservationArn,
            scalableTargetId: this.scalableTargetId,
            targetTrackingPolicyArn: this.targetTrackingPolicyArn,
            onDemandEndpointConfigName: this.onDemandEndpointConfigName,
            switchScheduleExpression: this.switchScheduleExpression,
            switchedToOnDemand: this.switchedToOnDemand,
            dataCapturePolicy: this.dataCapturePolicy,
        });
    }
}
