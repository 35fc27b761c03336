import * as pulumi from "@pulumi/pulumi";
import { ConfigSchema, readConfig } from "./config";
import { DEV_SCHEMA } from "./dev-config";
import { devProgram } from "./dev";
import { evaluationProgram } from "./evaluation";
import { EVALUATION_SCHEMA } from "./evaluation-config";
import { productionProgram } from "./production";
import { PRODUCTION_SCHEMA } from "./production-config";

/** The stacks this one program deploys, each configured by its Pulumi.<stack>.yaml. */
export const STACK_NAMES = ["evaluation", "dev", "production"] as const;

/** The settings of each stack, in the `sagemaker-inference` namespace. */
export const STACK_SCHEMAS: Record<(typeof STACK_NAMES)[number], ConfigSchema> = {
    evaluation: EVALUATION_SCHEMA,
    dev: DEV_SCHEMA,
    production: PRODUCTION_SCHEMA,
};

/**
 * The settings of each stack that keep a secret: those holding models, whose environment
 * (`HF_TOKEN`) reaches the models as a secret, and the role ARN, passed on as one.
 */
export const STACK_SECRETS: Record<(typeof STACK_NAMES)[number], readonly string[]> = {
    evaluation: ["candidates", "executionRoleArn"],
    dev: ["components", "executionRoleArn"],
    production: ["realtime", "async", "executionRoleArn"],
};

/** Why a stack name is not one of this program's, or undefined when it is. */
export function unknownStack(stack: string): string | undefined {
    return (STACK_NAMES as readonly string[]).includes(stack) ? undefined
        : `unknown stack "${stack}": this program deploys the stacks ${STACK_NAMES.join(", ")}; select one with pulumi stack select`;
}

/** Runs the program of the named stack and returns its outputs. */
export function runStack(stack: string): Record<string, pulumi.Input<unknown>> {
    const unknown = unknownStack(stack);
    if (unknown !== undefined) {
        throw new Error(unknown);
    }
    const { settings, secret } = readConfig(stack, STACK_SCHEMAS, STACK_SECRETS);
    switch (stack) {
        case "evaluation":
            return evaluationProgram(settings, secret);
        case "dev":
            return devProgram(settings, secret);
        default:
            return productionProgram(settings, secret);
    }
}
