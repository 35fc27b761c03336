import { at, isObject, list, num, Resource, text, Unknown, UNKNOWN, Value } from "./values";

/**
 * The SageMaker inference resources of both AWS providers and of this package's dynamic providers,
 * and readers that take the same setting from either provider's shape (the classic provider names
 * it after Terraform, aws-native after CloudFormation).
 */

export const TYPES = {
    classicModel: "aws:sagemaker/model:Model",
    classicEndpointConfig: "aws:sagemaker/endpointConfiguration:EndpointConfiguration",
    classicEndpoint: "aws:sagemaker/endpoint:Endpoint",
    nativeModel: "aws-native:sagemaker:Model",
    nativeEndpointConfig: "aws-native:sagemaker:EndpointConfig",
    nativeEndpoint: "aws-native:sagemaker:Endpoint",
    inferenceComponent: "aws-native:sagemaker:InferenceComponent",
    classicScalableTarget: "aws:appautoscaling/target:Target",
    nativeScalableTarget: "aws-native:applicationautoscaling:ScalableTarget",
    classicScalingPolicy: "aws:appautoscaling/policy:Policy",
    nativeScalingPolicy: "aws-native:applicationautoscaling:ScalingPolicy",
    classicAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    nativeAlarm: "aws-native:cloudwatch:Alarm",
    /** This package's dynamic resources, as @pulumi/pulumi 3.248 types a dynamic resource given a type name. */
    trainingPlan: "pulumi-nodejs:dynamic/sagemaker-inference:TrainingPlan",
    reservationCheck: "pulumi-nodejs:dynamic/sagemaker-inference:ReservationCheck",
    /** Every dynamic resource, as releases before type names typed them. */
    anyDynamic: "pulumi-nodejs:dynamic:Resource",
} as const;

export const isModel = (r: Resource) => r.type === TYPES.classicModel || r.type === TYPES.nativeModel;
export const isEndpointConfig = (r: Resource) => r.type === TYPES.classicEndpointConfig || r.type === TYPES.nativeEndpointConfig;
export const isEndpoint = (r: Resource) => r.type === TYPES.classicEndpoint || r.type === TYPES.nativeEndpoint;
export const isScalableTarget = (r: Resource) => r.type === TYPES.classicScalableTarget || r.type === TYPES.nativeScalableTarget;
export const isAlarm = (r: Resource) => r.type === TYPES.classicAlarm || r.type === TYPES.nativeAlarm;

/** A SageMaker resource of either provider, or a training plan. */
function isSageMaker(r: Resource): boolean {
    return r.type.startsWith("aws:sagemaker/") || r.type.startsWith("aws-native:sagemaker:") || isTrainingPlan(r);
}

/** The inference resources, which all take tags. */
const INFERENCE_TYPES: string[] = [
    TYPES.classicModel, TYPES.classicEndpointConfig, TYPES.classicEndpoint,
    TYPES.nativeModel, TYPES.nativeEndpointConfig, TYPES.nativeEndpoint, TYPES.inferenceComponent,
];

/**
 * A SageMaker resource that takes tags: an inference resource or a training plan, or another
 * SageMaker resource that has tags (some, such as a model package group's policy, take none).
 */
export function isTaggableSageMaker(r: Resource): boolean {
    return INFERENCE_TYPES.includes(r.type) || isTrainingPlan(r) || (isSageMaker(r) && ("tags" in r.props || "tagsAll" in r.props));
}

/**
 * This package's TrainingPlan: by its type, or, for a release that typed every dynamic resource
 * alike, by the properties only a training plan has.
 */
export function isTrainingPlan(r: Resource): boolean {
    return r.type === TYPES.trainingPlan
        || (r.type === TYPES.anyDynamic && "planName" in r.props && "maxUpfrontFee" in r.props && "instanceType" in r.props);
}

/** This package's ReservationCheck of a plan bought elsewhere: what the stack says the plan's instance type is. */
export function isReservationCheck(r: Resource): boolean {
    return r.type === TYPES.reservationCheck
        || (r.type === TYPES.anyDynamic && "reservationArn" in r.props && "instanceType" in r.props && "instanceCount" in r.props);
}

/** The physical name a resource is known by in SageMaker (the classic provider's `name`, aws-native's `<kind>Name`). */
export function sagemakerName(r: Resource): string | Unknown | undefined {
    switch (r.type) {
        case TYPES.nativeModel: return text(r.props.modelName);
        case TYPES.nativeEndpointConfig: return text(r.props.endpointConfigName);
        case TYPES.nativeEndpoint: return text(r.props.endpointName);
        case TYPES.inferenceComponent: return text(r.props.inferenceComponentName);
        default: return text(r.props.name);
    }
}

/** The storage volumes' key of an endpoint config: aws-native's KmsKeyId, the classic provider's kmsKeyArn. */
export function endpointConfigKey(r: Resource): string | Unknown | undefined {
    return text(r.type === TYPES.classicEndpointConfig ? r.props.kmsKeyArn : r.props.kmsKeyId);
}

export interface Variant {
    variantName?: string | Unknown;
    modelName?: string | Unknown;
    instanceType?: string | Unknown;
    /** ManagedInstanceScaling.MinInstanceCount when managed instance scaling is on. */
    managedMinInstanceCount?: number | Unknown;
    reservationArn?: string | Unknown;
    reservationPreference?: string | Unknown;
    serverless: boolean;
}

/** An endpoint config's production variants; UNKNOWN when the list is. Both providers name these fields alike. */
export function variantsOf(r: Resource): Variant[] | Unknown {
    const all = list(r.props.productionVariants);
    if (all === UNKNOWN) {
        return UNKNOWN;
    }
    return all.map((v): Variant => {
        const scaling = at(v, "managedInstanceScaling");
        const status = text(at(scaling, "status"));
        return {
            variantName: text(at(v, "variantName")),
            modelName: text(at(v, "modelName")),
            instanceType: text(at(v, "instanceType")),
            managedMinInstanceCount: status === "DISABLED" ? undefined : num(at(scaling, "minInstanceCount")),
            reservationArn: text(at(v, "capacityReservationConfig", "mlReservationArn")),
            reservationPreference: text(at(v, "capacityReservationConfig", "capacityReservationPreference")),
            serverless: isObject(at(v, "serverlessConfig")),
        };
    });
}

/**
 * Whether an endpoint config hosts inference components: its variants name no model (the models
 * are the components'). UNKNOWN while the variants are.
 */
export function hostsInferenceComponents(r: Resource): boolean | Unknown {
    const variants = variantsOf(r);
    if (variants === UNKNOWN) {
        return UNKNOWN;
    }
    return variants.length > 0 && variants.every((v) => v.modelName === undefined && !v.serverless);
}

/** The endpoint config an endpoint runs on. */
export function endpointConfigNameOf(endpoint: Resource): string | Unknown | undefined {
    return text(endpoint.props.endpointConfigName);
}

/** The stack's endpoint of this SageMaker name. */
export function endpointNamed(name: string | Unknown | undefined, resources: Resource[]): Resource | undefined {
    return resources.find((r) => isEndpoint(r) && sagemakerName(r) === name);
}

/** The inference components on the stack's endpoints that run an endpoint config. */
export function componentsOn(cfg: Resource, resources: Resource[]): Resource[] {
    const configName = sagemakerName(cfg);
    const endpoints = resources.filter((r) => isEndpoint(r) && endpointConfigNameOf(r) === configName).map(sagemakerName);
    return resources.filter((r) => r.type === TYPES.inferenceComponent && endpoints.includes(text(r.props.endpointName)));
}

/** A container's image and environment (a model's primary container, each of a multi-container model's, or an inference component's own). */
export interface Container {
    image?: string | Unknown;
    environment: { [key: string]: Value } | Unknown;
}

export function containersOf(model: Resource): Container[] | Unknown {
    const primary = model.props.primaryContainer;
    const rest = list(model.props.containers);
    if (primary === UNKNOWN || rest === UNKNOWN) {
        return UNKNOWN;
    }
    return [...(isObject(primary) ? [primary] : []), ...rest].map(containerOf);
}

/** A container definition of either provider, or an inference component's Specification.Container: named alike. */
export function containerOf(c: Value): Container {
    const environment = at(c, "environment");
    return {
        image: text(at(c, "image")),
        environment: environment === UNKNOWN ? UNKNOWN : isObject(environment) ? environment : {},
    };
}

/** A resource's tags: a map (classic provider, dynamic providers) or a list of {key, value} (aws-native). */
export function tagsOf(props: Record<string, Value>, key = "tags"): { [key: string]: Value } | Unknown | undefined {
    const tags = props[key];
    if (tags === UNKNOWN || isObject(tags)) {
        return tags;
    }
    if (!Array.isArray(tags)) {
        return undefined;
    }
    const keys = tags.map((t) => text(at(t, "key")));
    if (keys.includes(UNKNOWN)) {
        return UNKNOWN;
    }
    return Object.fromEntries(tags.flatMap((t, i) => (typeof keys[i] === "string" ? [[keys[i], at(t, "value") ?? null]] : [])));
}
