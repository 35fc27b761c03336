import { checkReservation, parseTrainingPlanArn, ReservationUsage } from "../components/reservation";
import { invalid, instanceType, roleArn, text, wholeNumber } from "../components/validate";
import { sagemakerName } from "../components/names";
import {
    ConfigSchema, configKey, knownKeys, ModelConfig, modelConfig, optionalInstanceType, optionalWholeNumber, RawConfig, record,
} from "./config";

/** The keys the evaluation stack reads. */
export const EVALUATION_SCHEMA: ConfigSchema = {
    reservationArn: "string",
    reservedInstanceType: "string",
    reservedInstanceCount: "json",
    executionRoleArn: "string",
    candidates: "json",
};

/** A candidate model, evaluated on its own endpoint on the reservation. */
export interface CandidateConfig extends ModelConfig {
    name: string;
    instanceCount: number;
    /** Defaults to the reserved type; any other type is refused. */
    instanceType: string;
}

export interface EvaluationConfig {
    reservationArn: string;
    reservedInstanceType: string;
    reservedInstanceCount: number;
    executionRoleArn?: string;
    candidates: CandidateConfig[];
}

const CANDIDATE_KEYS = ["name", "image", "modelDataUrl", "instanceCount", "instanceType", "environment"] as const;

/**
 * Reads and checks the evaluation stack's config, including that the candidates fit the
 * reservation: nothing is deployed from a config that fails here.
 */
export function parseEvaluationConfig(raw: RawConfig, region?: string): { config: EvaluationConfig; usage: ReservationUsage } {
    const reservationArn = text(configKey("reservationArn"), raw.reservationArn);
    parseTrainingPlanArn(reservationArn, region, configKey("reservationArn"));
    const reservedInstanceType = instanceType(configKey("reservedInstanceType"), raw.reservedInstanceType);
    const reservedInstanceCount = wholeNumber(configKey("reservedInstanceCount"), raw.reservedInstanceCount, 1);
    const executionRoleArn = raw.executionRoleArn === undefined ? undefined : roleArn(configKey("executionRoleArn"), raw.executionRoleArn);

    if (!Array.isArray(raw.candidates) || raw.candidates.length === 0) {
        throw invalid(configKey("candidates"), raw.candidates ?? null, "must be a list of at least one candidate {name, image, modelDataUrl?, instanceCount?, environment?}");
    }
    const names = new Map<string, string>();
    const candidates = raw.candidates.map((value, i): CandidateConfig => {
        const field = `${configKey("candidates")}[${i}]`;
        const entry = record(field, value);
        knownKeys(field, entry, CANDIDATE_KEYS);
        const name = text(`${field}.name`, entry.name);
        if (!/[a-zA-Z0-9]/.test(name)) {
            throw invalid(`${field}.name`, name, "must contain a letter or a digit: it names the endpoint");
        }
        // SageMaker compares endpoint names without regard to case: two such names are one too many.
        const physical = sagemakerName(name).toLowerCase();
        const clash = names.get(physical);
        if (clash !== undefined) {
            throw invalid(`${field}.name`, name, `gives the same endpoint name as candidate "${clash}"; candidate names must be distinct`);
        }
        names.set(physical, name);
        return {
            name,
            ...modelConfig(field, entry),
            instanceCount: optionalWholeNumber(`${field}.instanceCount`, entry.instanceCount, 1, 1),
            instanceType: optionalInstanceType(`${field}.instanceType`, entry.instanceType, reservedInstanceType),
        };
    });

    const config = { reservationArn, reservedInstanceType, reservedInstanceCount, executionRoleArn, candidates };
    const usage = checkReservation(
        { reservationArn, reservedInstanceType, reservedInstanceCount },
        candidates.map((c) => ({ endpoint: c.name, instanceType: c.instanceType, instanceCount: c.instanceCount })),
    );
    return { config, usage };
}
