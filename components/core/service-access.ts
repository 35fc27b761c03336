/** How AWS services act for the package's resources: who may assume a role, and what Scheduler calls. */

/** One AWS service may assume the role, and nothing else may. */
export function serviceTrustPolicy(service: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
    });
}

/** Scheduler's universal target for one SageMaker API action, named in camelCase (`updateEndpoint`). */
export function sagemakerActionTarget(partition: string, action: string): string {
    return `arn:${partition}:scheduler:::aws-sdk:sagemaker:${action}`;
}
