import { isEndpointConfig, isReservationCheck, isTrainingPlan, variantsOf } from "./sagemaker";
import { stackPolicy } from "./sdk";
import { Resource, text, UNKNOWN, Violation } from "./values";

/**
 * An endpoint on a SageMaker training plan (ProductionVariant.CapacityReservationConfig) takes
 * only reserved capacity (`capacity-reservations-only`, the API's only preference) and the plan's
 * instance type: an instance of another type is never in the plan. The plan's type is known from
 * the stack (this package's TrainingPlan or ReservationCheck, joined by ARN or by the variant taking
 * the plan's output) or from the pack's config for plans bought elsewhere.
 */

export interface TrainingPlanConfig {
    /** Training plan ARN to its instance type, for plans the stack does not hold. */
    planInstanceTypes: Record<string, string>;
}

const RESERVATIONS_ONLY = "capacity-reservations-only";

interface KnownPlan {
    instanceType: string;
    from: string;
    urn?: string;
}

/** The plans the stack and the config know, by ARN, and by URN for joins by dependency. */
function knownPlans(resources: Resource[], config: TrainingPlanConfig) {
    const byArn = new Map<string, KnownPlan>(Object.entries(config.planInstanceTypes).map(([arn, instanceType]) => [arn, { instanceType, from: "the pack's config" }]));
    const byUrn = new Map<string, KnownPlan>();
    for (const r of resources) {
        const instanceType = text(r.props.instanceType);
        const trainingPlan = isTrainingPlan(r);
        if (typeof instanceType !== "string" || !(trainingPlan || isReservationCheck(r))) {
            continue;
        }
        const plan = { instanceType, from: `${trainingPlan ? "training plan" : "reservation check"} ${r.name}`, urn: r.urn };
        const arn = text(trainingPlan ? r.props.arn : r.props.reservationArn);
        if (typeof arn === "string") {
            byArn.set(arn, plan);
        }
        byUrn.set(r.urn, plan);
    }
    return { byArn, byUrn };
}

export function checkTrainingPlanUse(resources: Resource[], config: TrainingPlanConfig): Violation[] {
    const plans = knownPlans(resources, config);
    const violations: Violation[] = [];
    for (const cfg of resources.filter(isEndpointConfig)) {
        const variants = variantsOf(cfg);
        if (variants === UNKNOWN) {
            continue;
        }
        const dependsOnPlans = (cfg.propertyDependencies.productionVariants ?? []).flatMap((urn) => plans.byUrn.get(urn) ?? []);
        for (const v of variants) {
            if (v.reservationArn === undefined && v.reservationPreference === undefined) {
                continue;
            }
            const variant = `endpoint config ${cfg.name}, variant ${typeof v.variantName === "string" ? v.variantName : "?"},`;
            if (v.reservationPreference !== UNKNOWN && v.reservationPreference !== RESERVATIONS_ONLY) {
                violations.push({ urn: cfg.urn, message: `${variant} is on a training plan with capacityReservationPreference ${JSON.stringify(v.reservationPreference ?? null)}: it must be "${RESERVATIONS_ONLY}"` });
            }
            if (v.reservationArn === undefined) {
                violations.push({ urn: cfg.urn, message: `${variant} asks for reserved capacity without mlReservationArn: name the training plan` });
                continue;
            }
            // By ARN when known; else the one plan the variants take an output of.
            const plan = typeof v.reservationArn === "string" ? plans.byArn.get(v.reservationArn)
                : dependsOnPlans.length === 1 ? dependsOnPlans[0] : undefined;
            if (plan !== undefined && typeof v.instanceType === "string" && v.instanceType !== plan.instanceType) {
                violations.push({ urn: cfg.urn, message: `${variant} runs ${v.instanceType} on a training plan of ${plan.instanceType} (${plan.from}): use the plan's instance type` });
            }
        }
    }
    return violations;
}

export const trainingPlanPolicy = stackPolicy<TrainingPlanConfig>({
    name: "sagemaker-training-plan-capacity",
    description: `Endpoints on a training plan use "${RESERVATIONS_ONLY}" and the plan's instance type.`,
    enforcementLevel: "mandatory",
    config: {
        planInstanceTypes: {
            type: "object", additionalProperties: { type: "string" }, default: {},
            description: "Training plan ARN to its instance type, for plans bought outside the stack.",
        },
    },
}, checkTrainingPlanUse);
