import * as pulumi from "@pulumi/pulumi";
import { AsyncInferenceEndpoint } from "../components/async-endpoint";
import { InferenceModel } from "../components/inference-model";
import { sagemakerName } from "../components/names";
import { programRegion } from "../components/program-state";
import { ReservedEndpoint, ReservedEndpointArgs } from "../components/reserved-endpoint";
import { ReservationCheck } from "../dynamic-providers/reservation-check";
import { RawConfig } from "./config";
import { parseProductionConfig } from "./production-config";

/**
 * The production stack: a real-time endpoint that never goes below its floor, on demand or on a
 * reservation, and an asynchronous endpoint that scales to zero when its queue is empty. The
 * whole config is checked before the first resource is registered.
 */
export function productionProgram(raw: RawConfig): Record<string, pulumi.Input<unknown>> {
    const config = parseProductionConfig(raw, programRegion());
    // Endpoint names are unique per account and region: named after project and stack.
    const prefix = `${pulumi.getProject()}-${pulumi.getStack()}`;
    const { realtime, async } = config;

    let capacity: { reservationArn: string } | "on-demand" = "on-demand";
    const dependsOn: pulumi.Resource[] = [];
    if (config.reservationArn !== undefined) {
        capacity = { reservationArn: config.reservationArn };
        // The plan must hold the endpoint at its maximum, of its type, now: checked when the deployment runs.
        dependsOn.push(new ReservationCheck("reservation-check", {
            reservationArn: config.reservationArn,
            instanceType: realtime.instanceType,
            instanceCount: realtime.maxInstances,
        }));
    }
    const realtimeEndpoint = new ReservedEndpoint("realtime", {
        endpointName: sagemakerName(prefix, "realtime"),
        model: new InferenceModel("realtime", { ...realtime.model, executionRoleArn: config.executionRoleArn }),
        instanceType: realtime.instanceType,
        capacity,
        autoScaling: {
            minInstanceCount: realtime.minInstances,
            maxInstanceCount: realtime.maxInstances,
            targetInvocationsPerInstance: realtime.targetInvocationsPerInstance,
        },
        deployment: realtime.deployment,
        routingStrategy: realtime.routing.routingStrategy as ReservedEndpointArgs["routingStrategy"],
        prefixLength: realtime.routing.prefixLength,
        concurrencyThreshold: realtime.routing.concurrencyThreshold,
        instancePools: realtime.instancePools,
    }, { dependsOn });

    const asyncEndpoint = new AsyncInferenceEndpoint("async", {
        endpointName: sagemakerName(prefix, "async"),
        model: new InferenceModel("async", { ...async.model, executionRoleArn: config.executionRoleArn }),
        instanceType: async.instanceType,
        maxInstanceCount: async.maxInstances,
        maxConcurrentInvocationsPerInstance: async.maxConcurrentInvocationsPerInstance,
        outputBucket: async.outputBucket,
        successTopicArn: async.successTopicArn,
        errorTopicArn: async.errorTopicArn,
        outputRetentionDays: async.outputRetentionDays,
    });

    return {
        realtimeEndpointName: realtimeEndpoint.endpointName,
        realtimeEndpointArn: realtimeEndpoint.endpointArn,
        ...(config.reservationArn === undefined ? {} : { reservationArn: config.reservationArn }),
        asyncEndpointName: asyncEndpoint.endpointName,
        asyncEndpointArn: asyncEndpoint.endpointArn,
        asyncInputPath: asyncEndpoint.inputPath,
        asyncOutputPath: asyncEndpoint.outputPath,
        asyncFailurePath: asyncEndpoint.failurePath,
        asyncSuccessTopicArn: asyncEndpoint.successTopicArn,
        asyncErrorTopicArn: asyncEndpoint.errorTopicArn,
        // What a given executionRoleArn must hold.
        asyncExecutionRolePolicy: asyncEndpoint.executionRolePolicy,
    };
}
