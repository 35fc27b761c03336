import * as iam from "@pulumi/aws/iam";
import * as pulumi from "@pulumi/pulumi";
import { CapacityChoice, planScaleToZeroVariant, ScaleInStrategy } from "../endpoint/endpoint-plan";
import { endpointTimeouts, retentionOf, WORST_CASE_TIMEOUTS } from "../endpoint/endpoint-update-plan";
import type { ComponentPlacement } from "./inference-component";
import { givenValue, planEarly, planEarlyKnown } from "../../core/inputs";
import { MetricsConfig, planMetrics } from "../monitoring/metrics-plan";
import { sagemakerTrustPolicy } from "../../core/service-access";
import { executionRolePolicy } from "../model/model-plan";
import { iamRoleName, sagemakerName } from "../../core/names";
import { partitionOf } from "../../core/partitions";
import { claimEndpointName, namePrefixOf, programRegion } from "../../core/program-state";
import { claimReservation } from "../reservation/reservation-state";
import {
    configNameOf, endpointConfigOn, endpointOn, EndpointSettingsArgs, metricsInput, ReservationCapacity, RoutingArgs, warnOfInstanceStore,
} from "../endpoint/endpoint-args";
import { checkSchedule, OffHoursSchedule } from "../scaling/schedule-plan";
import { instanceType, sagemakerNameField } from "../../core/validate";
import { checkedTags } from "../../core/tags";
import { refuseDataCapture } from "../endpoint/data-capture-plan";
import { endpointRoleStatements, planNetwork, VpcConfigArgs } from "../../core/network-plan";
import { keyArnForGrant, readKmsKey } from "../../core/kms-plan";
import { PolicyStatement } from "../../core/service-access";
import { alarmsOn, checkAlarms } from "../monitoring/endpoint-monitoring";
import { MonitoredKind } from "../monitoring/alarms-plan";

export interface ScaleToZeroEndpointArgs extends EndpointSettingsArgs, RoutingArgs {
    /** Instance type, e.g. ml.g5.12xlarge. Inference components ask for accelerators and memory on it. */
    instanceType: string;
    /** The most instances managed instance scaling may run, at least 1. The least is always 0. */
    maxInstanceCount: pulumi.Input<number>;
    /** Instances at creation, 1 to maxInstanceCount. Default 1. SageMaker releases them once no component holds a copy. */
    initialInstanceCount?: pulumi.Input<number>;
    /**
     * The role SageMaker uses for the endpoint. Default: a role created for it, allowed logs and
     * metrics, to which each ScalableInferenceComponent on the endpoint adds what its model needs.
     */
    executionRoleArn?: pulumi.Input<string>;
    /** The training-plan reservation to run on; maxInstanceCount is what the endpoint claims of it. Default: none, on demand. */
    reservation?: ReservationCapacity;
    /**
     * How managed instance scaling releases instances once copies are gone: IDLE_RELEASE or
     * CONSOLIDATION, after cooldownMinutes (5 to 1440; SageMaker's default 20), at most maxStepSize
     * (1 to 100) at once. Default: SageMaker's.
     */
    scaleIn?: pulumi.Input<ScaleIn>;
    /**
     * Off-hours parking for the ScalableInferenceComponents on this endpoint: placement() (in
     * TypeScript) gives it to them; from other languages, give each component this schedule. The
     * endpoint reaches zero instances only when all its components are at zero.
     */
    schedule?: OffHoursSchedule;
    /**
     * The VPC the endpoint's containers run in (the endpoint config's VpcConfig): 1 to 5 security
     * group ids (sg-…) and 1 to 16 subnet ids (subnet-…, in at least two Availability Zones). An
     * endpoint that hosts inference components carries its networking itself, for every model on
     * it; give the models (InferenceModel) no vpcConfig of their own. The created role is allowed
     * the network interfaces SageMaker makes there. Default: no VPC.
     */
    vpcConfig?: pulumi.Input<VpcConfigArgs>;
    /** No network calls in or out of any container on the endpoint (EnableNetworkIsolation). Default false. */
    enableNetworkIsolation?: pulumi.Input<boolean>;
    /**
     * The KMS key that encrypts the instances' storage volumes (the config's KmsKeyId): a key id,
     * key ARN, alias name or alias ARN, in the stack's region. With the created role, a key ARN:
     * the role is allowed to describe the key and grant it to SageMaker, through SageMaker only.
     * The caller of the deploy needs the same on the key. Instance types with local NVMe storage
     * (ml.g5, ml.g6, ml.p4d, ml.p5, …) encrypt that storage in hardware instead: the key does not
     * cover it, and the deploy says so. Default: SageMaker encrypts the volumes with a key of its own.
     */
    kmsKeyArn?: pulumi.Input<string>;
}

/** How managed instance scaling releases instances. */
export interface ScaleIn {
    strategy: ScaleInStrategy;
    cooldownMinutes?: number;
    maxStepSize?: number;
}

/**
 * An endpoint for inference components that scales down to zero instances: a variant with no
 * model, managed instance scaling from 0 to maxInstanceCount, and least-outstanding-requests
 * routing. Every change goes through a new endpoint config; the endpoint is updated in place.
 */
export class ScaleToZeroEndpoint extends pulumi.ComponentResource {
    public readonly endpointName: pulumi.Output<string>;
    public readonly endpointArn: pulumi.Output<string>;
    public readonly endpointConfigName: pulumi.Output<string>;
    public readonly variantName: pulumi.Output<string>;
    /** The validated instance type, for the components placed on the endpoint. */
    public readonly instanceType: string;
    /** The schedule placement() gives the components on this endpoint. */
    public readonly schedule?: OffHoursSchedule;
    /** The role the endpoint runs with, given or created. */
    public readonly executionRoleArn: pulumi.Output<string>;
    /** The created role's name, to which components add what their models need; undefined when a role was given. */
    public readonly executionRoleName: pulumi.Output<string> | undefined;
    /**
     * What the endpoint publishes to CloudWatch, and how often: its components' alarms follow it.
     * A plain value when the endpoint's settings were known at once, so that components check
     * their own settings against it before registering anything.
     */
    public readonly metricsConfig: pulumi.Input<MetricsConfig>;
    /** The endpoint's alarms made from `alarms` (its components raise their own); empty without. */
    public readonly alarmNames: pulumi.Output<string[]>;
    /** The topic the alarms notify, created or given; undefined without alarms. Its components may notify it too (their alarms.notifyTopicArn). */
    public readonly alarmTopicArn: pulumi.Output<string | undefined>;

    constructor(name: string, args: ScaleToZeroEndpointArgs, opts?: pulumi.ComponentResourceOptions) {
        refuseDataCapture(`${name}.dataCapture`, args.dataCapture, "inferenceComponents");
        const tags = checkedTags(`${name}.tags`, args.tags);
        const namePrefix = namePrefixOf(name, args.namePrefix);
        const endpointName = args.endpointName === undefined
            ? sagemakerName(namePrefix) : sagemakerNameField(`${name}.endpointName`, args.endpointName);
        const type = instanceType(`${name}.instanceType`, args.instanceType);
        if (args.schedule !== undefined) {
            checkSchedule(`${name}.schedule`, args.schedule);
        }
        const startup = {
            modelDataDownloadTimeoutInSeconds: args.modelDataDownloadTimeoutInSeconds,
            containerStartupHealthCheckTimeoutInSeconds: args.containerStartupHealthCheckTimeoutInSeconds,
        };
        const plan = planEarly({
            endpoint: name,
            instanceType: type,
            initialInstanceCount: args.initialInstanceCount ?? 1,
            maxInstanceCount: args.maxInstanceCount,
            variantName: args.variantName ?? "AllTraffic",
            capacity: args.reservation ?? "on-demand",
            routing: { routingStrategy: args.routingStrategy, prefixLength: args.prefixLength, concurrencyThreshold: args.concurrencyThreshold },
            scaleIn: args.scaleIn,
            region: programRegion(),
            ...startup,
        }, (resolved) => claimReservation(planScaleToZeroVariant({ ...resolved, capacity: resolved.capacity as CapacityChoice })));
        // Apart from the variant, which may wait for a reservation: components check their alarms
        // against the metrics before registering, and the waits are resource options.
        const settings = planEarlyKnown({ metrics: metricsInput(args), startup, maxInstanceCount: args.maxInstanceCount }, (r) => {
            // Blue/green, SageMaker's default: no deployment config.
            const update = {};
            return { metrics: planMetrics((key) => `${name}.${key}`, r.metrics), update, timeouts: endpointTimeouts(r.startup, update, r.maxInstanceCount) };
        });
        const creatingRole = args.executionRoleArn === undefined;
        const region = programRegion();
        // The network and key, checked before anything registers when known; the created role's extra statements follow from them.
        const security = planEarly({ vpcConfig: args.vpcConfig, enableNetworkIsolation: args.enableNetworkIsolation, kmsKeyArn: args.kmsKeyArn }, (r) => {
            const network = planNetwork((key) => `${name}.${key}`, r);
            const key = r.kmsKeyArn === undefined ? undefined : readKmsKey(`${name}.kmsKeyArn`, r.kmsKeyArn, region);
            const statements = creatingRole ? endpointRoleStatements(network.vpcConfig,
                key && keyArnForGrant(`${name}.kmsKeyArn`, key, "the endpoint's created role"), region) : [];
            return { network, kmsKeyId: key?.id, statements };
        });
        const alarmsChecked = checkAlarms(`${name}.alarms`, args.alarms, settings.known?.metrics ?? settings.plan.metrics);
        claimEndpointName(endpointName, name);
        super("sagemaker-inference:index:ScaleToZeroEndpoint", name, {}, opts);
        warnOfInstanceStore(this, `${name}.kmsKeyArn`, [type], args.kmsKeyArn);

        const role = creatingRole ? createdRole(this, name, tags, security.statements) : undefined;
        const roleArn = role?.arn ?? givenValue(`${name}.executionRoleArn`, args.executionRoleArn!);
        const content = pulumi.all([plan, settings.plan, roleArn, security]).apply(([p, m, r, sec]) => ({
            productionVariants: [p.variant],
            executionRoleArn: r,
            metricsConfig: m.metrics,
            kmsKeyId: sec.kmsKeyId,
            vpcConfig: sec.network.vpcConfig,
            enableNetworkIsolation: sec.network.enableNetworkIsolation,
        }));
        const config = endpointConfigOn(this, name, namePrefix, content, tags, role ? [role.policy] : []);

        const { guard: _guard, ...outputs } = endpointOn(this, name, endpointName, configNameOf(config), plan.variant.variantName, {
            instanceType: type,
            // Managed instance scaling is SageMaker's own, not Application Auto Scaling's.
            autoScaled: false,
            // Managed instance scaling sets the running count: an update keeps it.
            update: pulumi.all([plan, settings.plan]).apply(([p, m]) => ({ retention: retentionOf(true, false), update: m.update, reservation: p.reservation })),
            timeouts: settings.known?.timeouts ?? WORST_CASE_TIMEOUTS,
            tags,
        });
        this.endpointName = outputs.endpointName;
        this.endpointArn = outputs.endpointArn;
        this.endpointConfigName = outputs.endpointConfigName;
        this.variantName = outputs.variantName;
        this.instanceType = type;
        this.schedule = args.schedule;
        this.executionRoleArn = roleArn;
        this.executionRoleName = role?.name;
        this.metricsConfig = settings.known?.metrics ?? settings.plan.metrics;
        const monitoring = alarmsOn(this, name, MonitoredKind.Realtime,
            pulumi.all([outputs.endpointName, outputs.variantName]).apply(([e, v]) => ({ kind: MonitoredKind.Realtime, name: e, variantName: v })),
            args.alarms, alarmsChecked, tags);
        this.alarmNames = monitoring.alarmNames;
        this.alarmTopicArn = monitoring.alarmTopicArn;
        this.registerOutputs({
            ...monitoring,
            ...outputs,
            executionRoleArn: this.executionRoleArn,
            executionRoleName: this.executionRoleName,
            metricsConfig: this.metricsConfig,
        });
    }

    /**
     * What places a ScalableInferenceComponent on this endpoint, as its args take them: the
     * endpoint's name, instance type, variant, metrics and created role, and its schedule.
     * `new ScalableInferenceComponent(name, { ...endpoint.placement(), modelName: model.modelName })`.
     */
    public placement(): ComponentPlacement {
        return {
            endpointName: this.endpointName,
            instanceType: this.instanceType,
            variantName: this.variantName,
            endpointMetricsConfig: this.metricsConfig,
            endpointExecutionRoleName: this.executionRoleName,
            schedule: this.schedule,
        };
    }
}

/**
 * The endpoint's own role when none is given: logs and metrics, and the network interfaces and
 * volume key the endpoint's settings need; its components add their models' needs.
 */
function createdRole(parent: pulumi.Resource, name: string, tags: ScaleToZeroEndpointArgs["tags"], extra: pulumi.Output<PolicyStatement[]>) {
    const role = new iam.Role(`${name}-execution-role`, {
        // Apart from a model's role (`<stack>-<name>-sagemaker`): a model and its endpoint often share a name.
        name: iamRoleName(`${pulumi.getStack()}-${name}`, "endpoint"),
        description: `Execution role of SageMaker endpoint ${name} and the models on it (least privilege, created by sagemaker-inference)`,
        assumeRolePolicy: sagemakerTrustPolicy(),
        tags,
    }, { parent });
    const policy = new iam.RolePolicy(`${name}-execution-role-policy`, {
        role: role.name,
        policy: extra.apply((statements) => {
            const policy = executionRolePolicy([], partitionOf(programRegion()));
            policy.Statement.push(...statements);
            return JSON.stringify(policy);
        }),
    }, { parent });
    return { arn: role.arn, name: role.name, policy };
}
