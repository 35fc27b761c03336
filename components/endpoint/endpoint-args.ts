import * as awsNative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { EndpointUpdateGuard } from "../../dynamic-providers/endpoint-update-guard";
import { UpdateFit } from "../../dynamic-providers/endpoint-update-guard-plan";
import { endpointConfigName, RoutingStrategy } from "./endpoint-plan";
import { EndpointTimeouts, Retention, updateFit, UpdatePlan } from "./endpoint-update-plan";
import { MetricsConfig, MetricsInput } from "../monitoring/metrics-plan";
import { DataCaptureArgs } from "./data-capture-plan";
import { AlarmsArgs } from "../monitoring/endpoint-monitoring";
import { nativeOptions, nativeTags, programRegion } from "../../core/program-state";
import { settledReservationUsage } from "../reservation/reservation-state";
import { ReservationClaim, ReservationFacts } from "../reservation/reservation";
import { instanceStoreNote } from "../../core/kms-plan";

/** The endpoint settings every endpoint component takes, and the wiring they share. */

/** Capacity from a SageMaker training plan whose target resources include `endpoint`. */
export interface ReservationCapacity {
    /** The training plan's ARN: arn:<partition>:sagemaker:<region>:<account>:training-plan/<name>, in the stack's region. */
    reservationArn: pulumi.Input<string>;
    /** The reserved instance type; when given, the endpoint's instance type must equal it. */
    reservedInstanceType?: pulumi.Input<string>;
    /** The reserved instance count; when given, all endpoints of the program on this plan together fit in it, and so must each one's updates. */
    reservedInstanceCount?: pulumi.Input<number>;
}

/** Names, timeouts, metrics and tags, alike for every endpoint component. */
export interface EndpointSettingsArgs {
    /** The production variant's name. Default "AllTraffic". */
    variantName?: string;
    /**
     * The endpoint's name, at most 63 letters, digits and hyphens; unique in the account and region.
     * Default: namePrefix, made valid for SageMaker. Names derived from the endpoint (its alarms,
     * scaling policies, topics and bucket, where it has them) start with it.
     */
    endpointName?: string;
    /**
     * The start of the physical names the component derives: the endpoint's (unless endpointName
     * is given) and its endpoint configs' (`<namePrefix>-<digest of the content>`, and
     * `<namePrefix>-on-demand-<digest>` for ReservedEndpoint's switch to on demand). Letters and digits are kept,
     * anything else becomes a hyphen, and a name too long for SageMaker (63) is cut and given a
     * digest. Default `<project>-<stack>-<component name>`, so that stacks in one account and region
     * do not share a name (unless their names hyphenate alike). Changing it renames the endpoint (a new endpoint replaces it) and its
     * configs; the component's own name keeps the names of earlier releases, which had no project
     * or stack in them.
     */
    namePrefix?: string;
    /** Seconds to download the model artifacts, 60 to 3600. Large LLM weights need more than the default. */
    modelDataDownloadTimeoutInSeconds?: pulumi.Input<number>;
    /** Seconds for the container to pass its health check, 60 to 3600. */
    containerStartupHealthCheckTimeoutInSeconds?: pulumi.Input<number>;
    /**
     * Seconds between the endpoint's metrics in CloudWatch: 10, 30, 60, 120, 180, 240 or 300.
     * Default 10, so that alarms see a request within seconds.
     */
    metricPublishFrequencyInSeconds?: pulumi.Input<number>;
    /** Publish invocation metrics at that frequency too, per instance and container (EnableEnhancedMetrics). Default true. */
    enableEnhancedMetrics?: pulumi.Input<boolean>;
    /**
     * Publish container, per-GPU and per-instance host metrics too (EnableDetailedObservability), at
     * the same frequency: CloudWatch charges for each. Default false; SageMaker's own default for a
     * new config is true, so the config always says.
     */
    enableDetailedObservability?: pulumi.Input<boolean>;
    /** Tags for the endpoint config and the endpoint. */
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /**
     * Record requests and responses in S3 (the config's DataCaptureConfig). Real-time endpoints
     * serving one model only (ReservedEndpoint): AsyncInferenceEndpoint and ScaleToZeroEndpoint
     * refuse it before deploying, with AWS's reason. Default: no capture. An auto-scaled
     * endpoint updates with RetainAllVariantProperties, and AWS counts DataCaptureConfig among the
     * variant properties that keeps (excluding it is "not currently supported"): there, set capture
     * when the endpoint is created.
     */
    dataCapture?: pulumi.Input<DataCaptureArgs>;
    /**
     * CloudWatch alarms on what an operator pages on (server errors, model latency at a high
     * percentile; for an asynchronous endpoint, the age of its oldest queued request), notifying an
     * SNS topic, created or given. Default: none.
     */
    alarms?: AlarmsArgs;
}

/** How a real-time endpoint spreads requests over its instances. */
export interface RoutingArgs {
    /** LEAST_OUTSTANDING_REQUESTS, RANDOM, or PREFIX_AWARE (requests sharing a prompt prefix go where its KV cache is). */
    routingStrategy?: pulumi.Input<RoutingStrategy>;
    /** PREFIX_AWARE only, and required there: the longest prefix routing matches, 1024 to 65536 tokens. */
    prefixLength?: pulumi.Input<number>;
    /** PREFIX_AWARE only, and required there: in-flight requests on an instance before a matching request goes elsewhere, 1 to 1024. */
    concurrencyThreshold?: pulumi.Input<number>;
}

/** What every endpoint component outputs. */
export interface EndpointOutputs {
    endpointName: pulumi.Output<string>;
    endpointArn: pulumi.Output<string>;
    endpointConfigName: pulumi.Output<string>;
    variantName: pulumi.Output<string>;
}

/** An endpoint config's content, as plain values: its name is derived from all of it. */
export interface EndpointConfigContent {
    productionVariants: awsNative.types.input.sagemaker.EndpointConfigProductionVariantArgs[];
    executionRoleArn?: string;
    asyncInferenceConfig?: awsNative.types.input.sagemaker.EndpointConfigAsyncInferenceConfigArgs;
    metricsConfig?: MetricsConfig;
    /** The storage volumes' KMS key (KmsKeyId). */
    kmsKeyId?: string;
    /** The VPC the endpoint's containers run in (an endpoint that hosts inference components carries it here, not on models). */
    vpcConfig?: { securityGroupIds: string[]; subnets: string[] };
    /** No network calls in or out of the containers. */
    enableNetworkIsolation?: boolean;
    dataCaptureConfig?: awsNative.types.input.sagemaker.EndpointConfigDataCaptureConfigArgs;
}

/**
 * Says, before deploying, that a KMS key given for an instance type with local NVMe storage does
 * not encrypt that storage (its hardware does), once per such type the variant may run (its
 * instance type and fallback pools): the config is still made, as AWS accepts it.
 */
export function warnOfInstanceStore(resource: pulumi.Resource, field: string, instanceTypes: pulumi.Input<string[]>, kmsKeyArn: unknown): void {
    if (kmsKeyArn === undefined) {
        return;
    }
    pulumi.output(instanceTypes).apply((types) => {
        for (const type of new Set(types)) {
            const note = instanceStoreNote(field, type);
            if (note !== undefined) {
                void pulumi.log.warn(note, resource);
            }
        }
    });
}

/** The one variant's instance count at creation, as an ignoreChanges path. */
const INITIAL_COUNT_PATH = "productionVariants[0].initialInstanceCount";

/**
 * The endpoint config, named after its content. Configs are immutable: any change gets a new
 * name, so Pulumi creates the new config, moves the endpoint to it in place, and deletes the old
 * config only afterwards.
 *
 * `countRetained`: the variant is auto scaled and the endpoint deploys with
 * RetainAllVariantProperties, so the count at creation (auto scaling's floor) changes nothing
 * live; the floor lives in the scalable target. The name leaves the count out, and the engine
 * keeps the state's count, so that a new floor alone updates the target, not the endpoint. A
 * config made for another reason keeps that count too (ignoreChanges takes the state's value).
 */
export function endpointConfigOn(
    parent: pulumi.Resource, name: string, namePrefix: string, content: pulumi.Output<EndpointConfigContent>,
    tags: EndpointSettingsArgs["tags"], dependsOn: pulumi.Resource[] = [], countRetained = false,
): awsNative.sagemaker.EndpointConfig {
    const named = (c: EndpointConfigContent): EndpointConfigContent => !countRetained ? c
        : { ...c, productionVariants: c.productionVariants.map(({ initialInstanceCount: _count, ...variant }) => variant) };
    return new awsNative.sagemaker.EndpointConfig(`${name}-config`, {
        endpointConfigName: content.apply((c) => endpointConfigName(namePrefix, named(c))),
        productionVariants: content.productionVariants,
        executionRoleArn: content.executionRoleArn,
        asyncInferenceConfig: content.asyncInferenceConfig,
        metricsConfig: content.metricsConfig,
        kmsKeyId: content.kmsKeyId,
        vpcConfig: content.vpcConfig,
        enableNetworkIsolation: content.enableNetworkIsolation,
        dataCaptureConfig: content.dataCaptureConfig,
        tags: nativeTags(tags),
    }, { ...nativeOptions(parent), dependsOn, ignoreChanges: countRetained ? [INITIAL_COUNT_PATH] : [] });
}

/** An endpoint config's name, which endpointConfigOn always sets. */
export function configNameOf(config: awsNative.sagemaker.EndpointConfig): pulumi.Output<string> {
    return config.endpointConfigName.apply((n) => n!);
}

/** How the endpoint takes a new config, decided by the component's plan. */
interface EndpointUpdate {
    retention: Retention;
    update: UpdatePlan;
    /** The reservation and the endpoint's claim on it; undefined on demand. */
    reservation?: { facts: ReservationFacts; claim: ReservationClaim };
}

/**
 * Whether the endpoint's update fits its reservation, once every endpoint of the program has
 * claimed its share; undefined on demand.
 */
function reservationFit(u: EndpointUpdate, endpointConfigName: string): pulumi.Output<UpdateFit | undefined> {
    if (u.reservation === undefined) {
        return pulumi.output(undefined);
    }
    const share = { endpoint: u.reservation.claim.endpoint, endpointConfigName, claimedInstances: u.reservation.claim.instanceCount, ...rollingBatchOf(u.update) };
    return pulumi.output(settledReservationUsage(u.reservation.facts.reservationArn)).apply((usage) => usage && updateFit(share, usage));
}

function rollingBatchOf(update: UpdatePlan): { rollingBatch?: number } {
    const batch = update.deploymentConfig?.rollingUpdatePolicy.maximumBatchSize.value;
    return batch === undefined ? {} : { rollingBatch: batch };
}

/** The metrics settings of an endpoint's args, as its plan takes them. */
export function metricsInput(args: EndpointSettingsArgs): { [K in keyof MetricsInput]: pulumi.Input<MetricsInput[K]> } {
    return {
        metricPublishFrequencyInSeconds: args.metricPublishFrequencyInSeconds,
        enableEnhancedMetrics: args.enableEnhancedMetrics,
        enableDetailedObservability: args.enableDetailedObservability,
    };
}

export interface EndpointWiring {
    /** The variant's instance type: the guard watches it. */
    instanceType: pulumi.Input<string>;
    /** Whether the variant is registered with Application Auto Scaling. */
    autoScaled: boolean;
    update: pulumi.Output<EndpointUpdate>;
    /** Plain values: resource options cannot wait for outputs. */
    timeouts: EndpointTimeouts;
    tags: EndpointSettingsArgs["tags"];
    /** What must be in place before the endpoint starts. */
    dependsOn?: pulumi.Resource[];
}

/**
 * The endpoint on a config, with a stable name: a new config moves it in place (UpdateEndpoint),
 * never replaces it. It waits for a guard that Pulumi checks before the update (see
 * EndpointUpdateGuard): returned, so that auto scaling registers behind it.
 */
export function endpointOn(
    parent: pulumi.Resource, name: string, endpointName: string, configName: pulumi.Output<string>,
    variantName: pulumi.Output<string>, wiring: EndpointWiring,
): EndpointOutputs & { guard: EndpointUpdateGuard } {
    const guard = new EndpointUpdateGuard(`${name}-update-guard`, {
        endpointName,
        endpointConfigName: configName,
        instanceType: wiring.instanceType,
        autoScaled: wiring.autoScaled,
        fit: pulumi.all([wiring.update, configName]).apply(([u, n]) => reservationFit(u, n)),
        region: programRegion(),
    }, { parent });
    const endpoint = new awsNative.sagemaker.Endpoint(`${name}-endpoint`, {
        endpointName,
        endpointConfigName: configName,
        retainAllVariantProperties: wiring.update.retention.retainAllVariantProperties,
        excludeRetainedVariantProperties: wiring.update.retention.excludeRetainedVariantProperties,
        deploymentConfig: wiring.update.update.deploymentConfig,
        tags: nativeTags(wiring.tags),
    }, {
        ...nativeOptions(parent),
        dependsOn: [guard, ...(wiring.dependsOn ?? [])],
        // Large LLMs take up to an hour to download and another to pass health checks, per batch.
        customTimeouts: wiring.timeouts,
    });
    return {
        endpointName: endpoint.endpointName.apply((n) => n!),
        endpointArn: endpoint.endpointArn,
        endpointConfigName: configName,
        variantName,
        guard,
    };
}
