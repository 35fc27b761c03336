import * as pulumi from "@pulumi/pulumi";
import { AsyncInferenceEndpoint } from "../components/async/async-endpoint";
import { InferenceModel } from "../components/model/inference-model";
import { sagemakerName } from "../core/names";
import { programRegion } from "../core/program-state";
import { ReservationEndNotice } from "../components/reservation/reservation-end-notice";
import { ReservedEndpoint, ReservedEndpointArgs } from "../components/endpoint/reserved-endpoint";
import { ReservationCheck } from "../dynamic-providers/reservation-check";
import { allowEndedOf, captureWithStackKey, keptSecret, RawConfig, SecretSettings } from "./config";
import { parseProductionConfig, ProductionConfig } from "./production-config";

/**
 * The training plan the real-time endpoint runs on, if any: it must hold the endpoint at its
 * maximum, of its type, checked when the deployment runs; and what happens when it ends.
 */
function reservation(config: ProductionConfig) {
    if (config.reservationArn === undefined) {
        return undefined;
    }
    const onEnd = config.onReservationEnd!;
    const check = new ReservationCheck("reservation-check", {
        reservationArn: config.reservationArn,
        instanceType: config.realtime.instanceType,
        instanceCount: config.realtime.maxInstances,
        ...allowEndedOf(onEnd),
    });
    return { reservationArn: config.reservationArn, check, onEnd };
}

/**
 * The production stack: a real-time endpoint that never goes below its floor, on demand or on a
 * reservation, and an asynchronous endpoint that scales to zero when its queue is empty. The
 * whole config is checked before the first resource is registered.
 */
export function productionProgram(raw: RawConfig, secret: SecretSettings = new Set()): Record<string, pulumi.Input<unknown>> {
    const config = parseProductionConfig(raw, programRegion());
    const executionRoleArn = keptSecret(secret.has("executionRoleArn"), config.executionRoleArn);
    // Endpoint names are unique per account and region: named after project and stack. Models and
    // configs keep the prefixes they had before the default carried project and stack.
    const prefix = `${pulumi.getProject()}-${pulumi.getStack()}`;
    const { realtime, async } = config;
    const network = { vpcConfig: config.security.network?.vpcConfig, enableNetworkIsolation: config.security.network?.enableNetworkIsolation };
    const kmsKeyArn = config.security.kmsKey?.id;

    const plan = reservation(config);
    const switchToOnDemand = plan?.onEnd.switchToOnDemand;
    const realtimeModel = new InferenceModel("realtime", {
        namePrefix: "realtime",
        ...realtime.model, environment: keptSecret(secret.has("realtime"), realtime.model.environment), executionRoleArn, ...network,
    });
    const realtimeEndpoint = new ReservedEndpoint("realtime", {
        namePrefix: "realtime",
        endpointName: sagemakerName(prefix, "realtime"),
        modelName: realtimeModel.modelName,
        modelExecutionRoleName: realtimeModel.executionRoleName,
        instanceType: realtime.instanceType,
        reservation: plan && { reservationArn: plan.reservationArn },
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
        dataCapture: captureWithStackKey(realtime.dataCapture, config.security),
        onReservationEnd: plan && switchToOnDemand && { endTime: plan.check.endTime, status: plan.check.status, switchToOnDemand },
        kmsKeyArn,
        ...config.monitoring,
    }, { dependsOn: plan ? [plan.check] : [] });
    const notice = plan && new ReservationEndNotice("reservation-end", {
        reservationArn: plan.reservationArn,
        endTime: plan.check.endTime,
        endpointNames: [realtimeEndpoint.endpointName],
        hoursBefore: plan.onEnd.notify.hoursBefore,
        topicArn: plan.onEnd.notify.topicArn,
        switchMinutesBefore: switchToOnDemand?.minutesBefore,
    });

    const asyncModel = new InferenceModel("async", {
        namePrefix: "async",
        ...async.model, environment: keptSecret(secret.has("async"), async.model.environment), executionRoleArn, ...network,
    });
    const asyncEndpoint = new AsyncInferenceEndpoint("async", {
        namePrefix: "async",
        endpointName: sagemakerName(prefix, "async"),
        modelName: asyncModel.modelName,
        modelExecutionRoleName: asyncModel.executionRoleName,
        modelMode: asyncModel.mode,
        instanceType: async.instanceType,
        maxInstanceCount: async.maxInstances,
        maxConcurrentInvocationsPerInstance: async.maxConcurrentInvocationsPerInstance,
        outputBucket: async.outputBucket,
        successTopicArn: async.successTopicArn,
        errorTopicArn: async.errorTopicArn,
        outputRetentionDays: async.outputRetentionDays,
        kmsKeyArn,
        ...config.monitoring,
    });

    return {
        realtimeEndpointName: realtimeEndpoint.endpointName,
        realtimeEndpointArn: realtimeEndpoint.endpointArn,
        ...(plan === undefined || notice === undefined ? {} : {
            reservationArn: plan.reservationArn,
            reservationEndTime: plan.check.endTime,
            reservationTimeLeft: plan.check.timeLeft,
            reservationEndTopicArn: notice.topicArn,
            reservationEndNoticeAt: notice.scheduleExpression,
            ...(switchToOnDemand === undefined ? {} : {
                realtimeSwitchToOnDemandAt: realtimeEndpoint.switchScheduleExpression,
                realtimeOnDemand: realtimeEndpoint.switchedToOnDemand,
            }),
        }),
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
