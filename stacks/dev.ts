import * as iam from "@pulumi/aws/iam";
import * as pulumi from "@pulumi/pulumi";
import { ScalableInferenceComponent } from "../components/scale-to-zero/inference-component";
import { InferenceModel } from "../components/model/inference-model";
import { PolicyDocument, sagemakerTrustPolicy } from "../core/service-access";
import { endpointRoleStatements } from "../core/network-plan";
import { executionRolePolicy } from "../components/model/model-plan";
import { iamRoleName, sagemakerName } from "../core/names";
import { programRegion } from "../core/program-state";
import { partitionOf } from "../core/partitions";
import { ScaleToZeroEndpoint } from "../components/scale-to-zero/scale-to-zero-endpoint";
import { EndpointDashboard } from "../components/monitoring/endpoint-dashboard";
import { DashboardKind } from "../components/monitoring/dashboard-plan";
import { keptSecret, RawConfig, SecretSettings } from "./config";
import { DevConfig, parseDevConfig } from "./dev-config";

/**
 * One role for the endpoint and every model on it, allowed what all of them need and no more:
 * their artifacts, their images, their logs and metrics, and, with the network and key settings,
 * the endpoint's network interfaces in those subnets and the volumes' key through SageMaker. Its
 * ARN carries the policy as a dependency, so nothing starts before the role may read what it must.
 */
function sharedExecutionRole(config: DevConfig): pulumi.Output<string> {
    const role = new iam.Role("execution-role", {
        name: iamRoleName(`${pulumi.getStack()}-inference`, "sagemaker"),
        description: "Execution role of the dev inference endpoint and its models (least privilege, created by sagemaker-inference)",
        assumeRolePolicy: sagemakerTrustPolicy(),
    });
    const policy = new iam.RolePolicy("execution-role-policy", {
        role: role.name,
        policy: JSON.stringify(sharedRolePolicy(config)),
    });
    return pulumi.all([role.arn, policy.id]).apply(([arn]) => arn);
}

/** The shared role's policy: what the models need, and what the endpoint's network and key need. */
export function sharedRolePolicy(config: DevConfig): PolicyDocument {
    const region = programRegion();
    const policy = executionRolePolicy(config.components, partitionOf(region));
    // parseDevConfig made sure the key is a key ARN.
    policy.Statement.push(...endpointRoleStatements(config.security.network?.vpcConfig, config.security.kmsKey?.id, region));
    return policy;
}

/**
 * The dev stack: models sharing one endpoint that scales to zero instances, each an inference
 * component whose copies scale to zero when idle, optionally parked off-hours or altogether.
 * The whole config is checked before the first resource is registered.
 */
export function devProgram(raw: RawConfig, secret: SecretSettings = new Set()): Record<string, pulumi.Input<unknown>> {
    const config = parseDevConfig(raw, programRegion());
    const roleArn = config.executionRoleArn === undefined
        ? sharedExecutionRole(config) : pulumi.output(keptSecret(secret.has("executionRoleArn"), config.executionRoleArn)!);
    // Named after project and stack: endpoint names are unique per account and region. The logical
    // names are the physical ones' prefixes, as they were before the default carried project and stack.
    const endpointName = sagemakerName(`${pulumi.getProject()}-${pulumi.getStack()}`);
    const endpoint = new ScaleToZeroEndpoint(endpointName, {
        namePrefix: endpointName,
        instanceType: config.instanceType,
        maxInstanceCount: config.maxInstanceCount,
        executionRoleArn: roleArn,
        // LLM weights take minutes to download and load: AWS's walkthrough's 3600 s, as the components have.
        modelDataDownloadTimeoutInSeconds: 3600,
        containerStartupHealthCheckTimeoutInSeconds: 3600,
        schedule: config.schedule,
        metricPublishFrequencyInSeconds: config.metrics.metricPublishFrequencyInSeconds,
        scaleIn: config.scaleIn,
        routingStrategy: config.routing?.routingStrategy,
        prefixLength: config.routing?.prefixAwareRoutingConfig?.prefixLength,
        concurrencyThreshold: config.routing?.prefixAwareRoutingConfig?.concurrencyThreshold,
        vpcConfig: config.security.network?.vpcConfig,
        enableNetworkIsolation: config.security.network?.enableNetworkIsolation,
        kmsKeyArn: config.security.kmsKey?.id,
        alarms: config.monitoring.alarms,
    });
    // The components notify the endpoint's topic, created or given.
    const alarms = config.monitoring.alarms && { ...config.monitoring.alarms, topicKmsKeyArn: undefined, notifyTopicArn: endpoint.alarmTopicArn.apply((arn) => arn!) };
    const inferenceComponentNames: Record<string, pulumi.Output<string>> = {};
    const scheduleNames: pulumi.Output<string[]>[] = [];
    for (const c of config.components) {
        const model = new InferenceModel(c.name, {
            namePrefix: c.name,
            image: c.image,
            modelDataUrl: c.modelDataUrl,
            environment: keptSecret(secret.has("components"), c.environment),
            executionRoleArn: roleArn,
        });
        const component = new ScalableInferenceComponent(c.name, {
            ...endpoint.placement(),
            namePrefix: c.name,
            modelName: model.modelName,
            modelExecutionPolicy: model.executionPolicy,
            acceleratorCount: c.acceleratorCount,
            minMemoryMb: c.minMemoryMb,
            autoScaling: { maxCopies: c.maxCopies, targetConcurrency: c.targetConcurrency },
            parked: config.parked,
            alarms,
        });
        inferenceComponentNames[c.name] = component.inferenceComponentName;
        scheduleNames.push(component.scheduleNames);
    }
    if (config.monitoring.dashboard) {
        new EndpointDashboard(endpointName, {
            ...endpoint.placement(), kind: DashboardKind.InferenceComponents, inferenceComponentNames: Object.values(inferenceComponentNames),
        });
    }
    return {
        endpointName: endpoint.endpointName,
        inferenceComponentNames,
        scheduleNames: pulumi.all(scheduleNames).apply((lists) => lists.flat()),
    };
}
