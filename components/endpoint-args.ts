import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** The endpoint settings every endpoint component takes. */

/** Capacity from a SageMaker training plan whose target resources include `endpoint`. */
export interface ReservationCapacityArgs {
    /** The training plan's ARN: arn:<partition>:sagemaker:<region>:<account>:training-plan/<name>, in the stack's region. */
    reservationArn: pulumi.Input<string>;
    /** The reserved instance type; when given, the endpoint's instance type must equal it. */
    reservedInstanceType?: pulumi.Input<string>;
    /** The reserved instance count; when given, all endpoints of the program on this plan together fit in it. */
    reservedInstanceCount?: pulumi.Input<number>;
}

/** Names, timeouts and tags, alike for every endpoint component. */
export interface EndpointSettingsArgs {
    /** The production variant's name. Default "AllTraffic". */
    variantName?: string;
    /** The endpoint's name, at most 63 letters, digits and hyphens. Default: the component's name, made valid for SageMaker. */
    endpointName?: string;
    /** Seconds to download the model artifacts, 60 to 3600. Large LLM weights need more than the default. */
    modelDataDownloadTimeoutInSeconds?: pulumi.Input<number>;
    /** Seconds for the container to pass its health check, 60 to 3600. */
    containerStartupHealthCheckTimeoutInSeconds?: pulumi.Input<number>;
    /** Tags for the endpoint config and the endpoint. */
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** What every endpoint component outputs. */
export interface EndpointOutputs {
    endpointName: pulumi.Output<string>;
    endpointArn: pulumi.Output<string>;
    endpointConfigName: pulumi.Output<string>;
    variantName: pulumi.Output<string>;
}

/**
 * The endpoint on a config, with a stable name: a new config moves it in place (UpdateEndpoint),
 * never replaces it. `dependsOn`: what must be in place before the endpoint starts.
 */
export function endpointOn(
    parent: pulumi.Resource, name: string, endpointName: string, config: aws.sagemaker.EndpointConfiguration,
    variantName: pulumi.Output<string>, tags: EndpointSettingsArgs["tags"], dependsOn: pulumi.Resource[] = [],
): EndpointOutputs {
    const endpoint = new aws.sagemaker.Endpoint(`${name}-endpoint`, {
        name: endpointName,
        endpointConfigName: config.name,
        tags,
    }, { parent, dependsOn });
    return { endpointName: endpoint.name, endpointArn: endpoint.arn, endpointConfigName: config.name, variantName };
}
