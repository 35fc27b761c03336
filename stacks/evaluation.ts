import * as pulumi from "@pulumi/pulumi";
import { programRegion } from "../components/program-state";
import { InferenceModel } from "../components/inference-model";
import { ReservedEndpoint } from "../components/reserved-endpoint";
import { RawConfig } from "./config";
import { parseEvaluationConfig } from "./evaluation-config";

/**
 * The evaluation stack: each candidate model on its own endpoint, all on one training-plan
 * reservation. The whole config is checked before the first resource is registered.
 */
export function evaluationProgram(raw: RawConfig): Record<string, pulumi.Input<unknown>> {
    const { config } = parseEvaluationConfig(raw, programRegion());
    const endpointNames: Record<string, pulumi.Output<string>> = {};
    for (const candidate of config.candidates) {
        const model = new InferenceModel(candidate.name, {
            image: candidate.image,
            modelDataUrl: candidate.modelDataUrl,
            environment: candidate.environment,
            executionRoleArn: config.executionRoleArn,
        });
        const endpoint = new ReservedEndpoint(candidate.name, {
            model,
            instanceType: candidate.instanceType,
            instanceCount: candidate.instanceCount,
            capacity: {
                reservationArn: config.reservationArn,
                reservedInstanceType: config.reservedInstanceType,
                reservedInstanceCount: config.reservedInstanceCount,
            },
        });
        endpointNames[candidate.name] = endpoint.endpointName;
    }
    return { endpointNames, reservationArn: config.reservationArn };
}
