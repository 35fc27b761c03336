import { checkReservation, ReservationUsage } from "../components/reservation/reservation";
import { parseTrainingPlanArn } from "../dynamic-providers/training-plan-plan";
import { invalid, knownKeys, reservableInstanceType, roleArn, text, wholeNumber } from "../core/validate";
import { DeploymentInput, planUpdate } from "../components/endpoint/endpoint-update-plan";
import { DataCaptureArgs, planDataCapture } from "../components/endpoint/data-capture-plan";
import { checkExtensions } from "../dynamic-providers/extension-plan";
import { checkTrainingPlanInputs, TrainingPlanInputs } from "../dynamic-providers/training-plan-plan";
import {
    ConfigSchema, configKey, dataCaptureSetting, deploymentOf, ModelConfig, modelConfig, namedEntries,
    optionalInstanceType, optionalWholeNumber, RawConfig, record, MonitoringConfig, monitoringOf, ReservationEndConfig,
    reservationEndOf, SecuritySettings, securitySettings,
} from "./config";
import { keyArnForGrant } from "../core/kms-plan";

/** The keys the evaluation stack reads. */
export const EVALUATION_SCHEMA: ConfigSchema = {
    reservationArn: "string",
    trainingPlan: "json",
    reservedInstanceType: "string",
    reservedInstanceCount: "json",
    executionRoleArn: "string",
    candidates: "json",
    deployment: "json",
    onReservationEnd: "json",
    dataCapture: "json",
    network: "json",
    kmsKeyArn: "string",
    monitoring: "json",
};

/** A candidate model, evaluated on its own endpoint on the reservation. */
export interface CandidateConfig extends ModelConfig {
    name: string;
    instanceCount: number;
    /** Defaults to the reserved type; any other type is refused. */
    instanceType: string;
}

/** A training plan for the stack to buy, instead of an existing one's ARN. */
export type TrainingPlanConfig = Pick<TrainingPlanInputs, (typeof TRAINING_PLAN_KEYS)[number]>;

export interface EvaluationConfig {
    /** The existing plan's ARN; undefined when the stack buys `trainingPlan`. */
    reservationArn?: string;
    trainingPlan?: TrainingPlanConfig;
    reservedInstanceType: string;
    reservedInstanceCount: number;
    executionRoleArn?: string;
    candidates: CandidateConfig[];
    /** How every candidate's endpoint is updated; default the smallest rolling batch each allows, else blue/green. */
    deployment?: DeploymentInput;
    /** The notice before the plan ends (default a day before, to a created topic), and the switch to on-demand capacity. */
    onReservationEnd: ReservationEndConfig;
    /** Where and how every candidate's traffic is captured; each candidate writes to its own folder under the destination. */
    dataCapture?: DataCaptureArgs;
    /** Every candidate's model in the VPC, and every endpoint's volumes encrypted with the key. */
    security: SecuritySettings;
    /** Alarms and a dashboard for every candidate's endpoint. */
    monitoring: MonitoringConfig;
}

const CANDIDATE_KEYS = ["name", "image", "modelDataUrl", "instanceCount", "instanceType", "environment"] as const;
const TRAINING_PLAN_KEYS = [
    "planName", "instanceType", "instanceCount", "durationHours", "startTimeAfter", "endTimeBefore", "maxUpfrontFee", "offeringId", "extensions",
    "extensionNotBought",
] as const;

/** The reservation: an existing plan's ARN with its facts, or a plan to buy, whose terms are the facts. */
function reservationOf(raw: RawConfig, region: string | undefined) {
    if ((raw.reservationArn === undefined) === (raw.trainingPlan === undefined)) {
        throw new Error(`${configKey("reservationArn")} and ${configKey("trainingPlan")}: give exactly one of them, ` +
            `the ARN of a training plan you have or the training plan for the stack to buy`);
    }
    if (raw.trainingPlan === undefined) {
        const reservationArn = text(configKey("reservationArn"), raw.reservationArn);
        parseTrainingPlanArn(reservationArn, region, configKey("reservationArn"));
        return {
            reservationArn,
            label: reservationArn,
            reservedInstanceType: reservableInstanceType(configKey("reservedInstanceType"), raw.reservedInstanceType),
            reservedInstanceCount: wholeNumber(configKey("reservedInstanceCount"), raw.reservedInstanceCount, 1),
        };
    }
    for (const key of ["reservedInstanceType", "reservedInstanceCount"]) {
        if (raw[key] !== undefined) {
            throw invalid(configKey(key), raw[key], `goes with reservationArn; with trainingPlan, the plan's instanceType and instanceCount are the reservation`);
        }
    }
    const field = configKey("trainingPlan");
    const plan = record(field, raw.trainingPlan);
    knownKeys(field, plan, TRAINING_PLAN_KEYS);
    const failures = [...checkTrainingPlanInputs(plan), ...checkExtensions(plan.extensions)];
    if (failures.length > 0) {
        throw new Error(`${field}.${failures[0].reason}`);
    }
    reservableInstanceType(`${field}.instanceType`, plan.instanceType);
    const trainingPlan = plan as unknown as TrainingPlanConfig;
    return {
        trainingPlan,
        label: `${trainingPlan.planName} (to be bought)`,
        reservedInstanceType: trainingPlan.instanceType,
        reservedInstanceCount: trainingPlan.instanceCount,
    };
}

/**
 * Reads and checks the evaluation stack's config, including that the candidates fit the
 * reservation: nothing is deployed from a config that fails here.
 */
export function parseEvaluationConfig(raw: RawConfig, region?: string): { config: EvaluationConfig; usage: ReservationUsage } {
    const { label, ...reservation } = reservationOf(raw, region);
    const { reservedInstanceType, reservedInstanceCount } = reservation;
    const executionRoleArn = raw.executionRoleArn === undefined ? undefined : roleArn(configKey("executionRoleArn"), raw.executionRoleArn);

    const candidates = namedEntries("candidates", raw.candidates, CANDIDATE_KEYS, "candidate", "endpoint",
        "{name, image, modelDataUrl?, instanceCount?, environment?}").map(({ field, entry, name }): CandidateConfig => ({
            name,
            ...modelConfig(field, entry),
            instanceCount: optionalWholeNumber(`${field}.instanceCount`, entry.instanceCount, 1, 1),
            instanceType: optionalInstanceType(`${field}.instanceType`, entry.instanceType, reservedInstanceType),
        }));

    const deployment = deploymentOf(configKey("deployment"), raw.deployment);
    for (const c of candidates) {
        // Each candidate's endpoint takes these settings: they must suit its instance count.
        try {
            planUpdate(configKey("deployment"), deployment, { endpoint: c.name, minInstances: c.instanceCount, maxInstances: c.instanceCount, onReservation: true });
        } catch (err) {
            throw new Error(`${(err as Error).message} (candidate ${c.name})`);
        }
    }
    const onReservationEnd = reservationEndOf(raw.onReservationEnd);
    const security = securitySettings(raw, region);
    if (security.kmsKey !== undefined && onReservationEnd.switchToOnDemand !== undefined) {
        keyArnForGrant(configKey("kmsKeyArn"), security.kmsKey, "the role that moves each endpoint to on demand (onReservationEnd.switchToOnDemand)");
    }
    const dataCapture = dataCaptureOf(raw.dataCapture, candidates, region);
    const config = { ...reservation, executionRoleArn, candidates, deployment, onReservationEnd, security, dataCapture, monitoring: monitoringOf(raw.monitoring, region) };
    const usage = checkReservation(
        { reservationArn: label, reservedInstanceType, reservedInstanceCount },
        candidates.map((c) => ({ endpoint: c.name, instanceType: c.instanceType, instanceCount: c.instanceCount })),
    );
    return { config, usage };
}

/**
 * The evaluation's capture, one setting for every candidate. Comparing candidates on the same traffic is the point of
 * an evaluation, so each candidate's capture is checked as its endpoint will take it.
 */
function dataCaptureOf(value: unknown, candidates: CandidateConfig[], region: string | undefined): DataCaptureArgs | undefined {
    if (value === undefined) {
        return undefined;
    }
    const given = dataCaptureSetting(configKey("dataCapture"), value, region);
    for (const c of candidates) {
        try {
            planDataCapture(configKey("dataCapture"), candidateCapture(given, c.name), region);
        } catch (err) {
            throw new Error(`${(err as Error).message} (candidate ${c.name}, whose captures go to its own folder)`);
        }
    }
    return given;
}

/** A candidate's capture: the evaluation's, in a folder named after the candidate. */
export function candidateCapture(capture: DataCaptureArgs, candidate: string): DataCaptureArgs {
    return { ...capture, destinationS3Uri: `${capture.destinationS3Uri.replace(/\/+$/, "")}/${candidate}` };
}
