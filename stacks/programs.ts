import * as pulumi from "@pulumi/pulumi";
import { readConfig } from "./config";
import { DEV_SCHEMA } from "./dev-config";
import { devProgram } from "./dev";
import { evaluationProgram } from "./evaluation";
import { EVALUATION_SCHEMA } from "./evaluation-config";
import { productionProgram } from "./production";
import { PRODUCTION_SCHEMA } from "./production-config";

/** The stacks this one program deploys, each configured by its Pulumi.<stack>.yaml. */
export const STACK_NAMES = ["evaluation", "dev", "production"] as const;

/** Runs the program of the named stack and returns its outputs. */
export function runStack(stack: string): Record<string, pulumi.Input<unknown>> {
    switch (stack) {
        case "evaluation":
            return evaluationProgram(readConfig(EVALUATION_SCHEMA));
        case "dev":
            return devProgram(readConfig(DEV_SCHEMA));
        case "production":
            return productionProgram(readConfig(PRODUCTION_SCHEMA));
        default:
            throw new Error(`unknown stack "${stack}": this program deploys the stacks ${STACK_NAMES.join(", ")}; select one with pulumi stack select`);
    }
}
