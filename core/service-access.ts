/** How AWS services act for the package's resources: who may assume a role, what a role may do, and what Scheduler calls. */

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

export interface PolicyStatement {
    Sid?: string;
    Effect: "Allow";
    Action: string[];
    Resource: string[];
    Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: PolicyStatement[];
}

/** SageMaker may assume the role, and nothing else may. */
export function sagemakerTrustPolicy(): string {
    return serviceTrustPolicy("sagemaker.amazonaws.com");
}
