import * as pulumi from "@pulumi/pulumi";
import { InferenceModel } from "../components/model/inference-model";
import { programRegion } from "../core/program-state";
import { ReservationEndNotice } from "../components/reservation/reservation-end-notice";
import { atExpression } from "../components/reservation/reservation-end-plan";
import { ReservedEndpoint } from "../components/endpoint/reserved-endpoint";
import { ReservationCheck } from "../dynamic-providers/reservation-check";
import { TrainingPlan } from "../dynamic-providers/training-plan";
import { allowEndedOf, captureWithStackKey, keptSecret, RawConfig, SecretSettings } from "./config";
import { candidateCapture, EvaluationConfig, parseEvaluationConfig } from "./evaluation-config";

/**
 * The reservation's ARN, from the plan the stack buys or from config. An existing plan is
 * described when the deployment runs, and the endpoints wait for that check.
 */
function reservation(config: EvaluationConfig, requestedInstanceCount: number, region: string | undefined) {
    if (config.trainingPlan !== undefined) {
        const plan = new TrainingPlan("training-plan", { ...config.trainingPlan, region, ...allowEndedOf(config.onReservationEnd) });
        return { reservationArn: plan.arn, endTime: plan.endTime, status: plan.status, timeLeft: undefined, dependsOn: [] };
    }
    const reservationArn = config.reservationArn!;
    const check = new ReservationCheck("reservation-check", {
        reservationArn,
        instanceType: config.reservedInstanceType,
        instanceCount: requestedInstanceCount,
        ...allowEndedOf(config.onReservationEnd),
    });
    return { reservationArn: pulumi.output(reservationArn), endTime: check.endTime, status: check.status, timeLeft: check.timeLeft, dependsOn: [check] };
}

/**
 * The evaluation stack: each candidate model on its own endpoint, all on one training-plan
 * reservation. The whole config is checked before the first resource is registered.
 */
export function evaluationProgram(raw: RawConfig, secret: SecretSettings = new Set()): Record<string, pulumi.Input<unknown>> {
    const region = programRegion();
    const { config, usage } = parseEvaluationConfig(raw, region);
    const { reservationArn, endTime, status, timeLeft, dependsOn } = reservation(config, usage.requestedInstanceCount, region);
    const { notify, switchToOnDemand } = config.onReservationEnd;
    const endpointNames: Record<string, pulumi.Output<string>> = {};
    const onDemand: Record<string, pulumi.Output<boolean>> = {};
    for (const candidate of config.candidates) {
        // The candidates' names are the physical names' prefixes, as before the default carried project and stack.
        const model = new InferenceModel(candidate.name, {
            namePrefix: candidate.name,
            image: candidate.image,
            modelDataUrl: candidate.modelDataUrl,
            environment: keptSecret(secret.has("candidates"), candidate.environment),
            executionRoleArn: keptSecret(secret.has("executionRoleArn"), config.executionRoleArn),
            vpcConfig: config.security.network?.vpcConfig,
            enableNetworkIsolation: config.security.network?.enableNetworkIsolation,
        });
        const endpoint = new ReservedEndpoint(candidate.name, {
            namePrefix: candidate.name,
            modelName: model.modelName,
            modelExecutionRoleName: model.executionRoleName,
            instanceType: candidate.instanceType,
            instanceCount: candidate.instanceCount,
            reservation: {
                reservationArn,
                reservedInstanceType: config.reservedInstanceType,
                reservedInstanceCount: config.reservedInstanceCount,
            },
            deployment: config.deployment,
            onReservationEnd: switchToOnDemand && { endTime, status, switchToOnDemand },
            dataCapture: config.dataCapture && candidateCapture(captureWithStackKey(config.dataCapture, config.security)!, candidate.name),
            kmsKeyArn: config.security.kmsKey?.id,
            ...config.monitoring,
        }, { dependsOn });
        endpointNames[candidate.name] = endpoint.endpointName;
        onDemand[candidate.name] = endpoint.switchedToOnDemand;
    }
    // The plan's end comes from the plan itself: an extension moves the notice on the next deploy.
    const notice = new ReservationEndNotice("reservation-end", {
        reservationArn,
        endTime,
        endpointNames: Object.values(endpointNames),
        hoursBefore: notify.hoursBefore,
        topicArn: notify.topicArn,
        switchMinutesBefore: switchToOnDemand?.minutesBefore,
    });
    return {
        endpointNames,
        reservationArn,
        reservationEndTime: endTime,
        ...(timeLeft === undefined ? {} : { reservationTimeLeft: timeLeft }),
        reservationEndTopicArn: notice.topicArn,
        reservationEndNoticeAt: notice.scheduleExpression,
        // Every candidate's switch fires at the same time.
        ...(switchToOnDemand === undefined ? {} : {
            switchToOnDemandAt: pulumi.output(endTime).apply((end) => atExpression(end, switchToOnDemand.minutesBefore / 60)),
            onDemand,
        }),
    };
}
