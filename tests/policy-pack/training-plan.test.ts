import * as assert from "assert";
import { TYPES } from "../../policy-pack/sagemaker";
import { trainingPlanPolicy } from "../../policy-pack/training-plan";
import { runStackPolicy, TestResource, UNKNOWN_STRING } from "./support";

const PLAN = "arn:aws:sagemaker:us-east-1:123456789012:training-plan/p5-eval";
const variant = (instanceType: string, capacity: Record<string, unknown>) => ({ variantName: "AllTraffic", modelName: "m", instanceType, initialInstanceCount: 1, capacityReservationConfig: capacity });
const onPlan = (instanceType: string, mlReservationArn: string = PLAN, capacityReservationPreference = "capacity-reservations-only") => variant(instanceType, { mlReservationArn, capacityReservationPreference });
const config = (type: string, ...variants: object[]): TestResource => ({ type, name: "eval-config", props: { productionVariants: variants } });
const trainingPlan: TestResource = { type: TYPES.trainingPlan, name: "plan", props: { planName: "p5-eval", instanceType: "ml.p5.48xlarge", instanceCount: 2, maxUpfrontFee: 1, durationHours: 168, arn: PLAN } };

async function messages(resources: TestResource[], cfg = {}) {
    return (await runStackPolicy(trainingPlanPolicy, resources, cfg)).map((v) => v.message);
}

describe("policy sagemaker-training-plan-capacity", () => {
    it("is mandatory", () => {
        assert.strictEqual(trainingPlanPolicy.enforcementLevel, "mandatory");
    });

    it("passes variants of either provider on a plan of theirs, joined by ARN, by the plan's output, or through a reservation check", async () => {
        assert.deepStrictEqual(await messages([trainingPlan, config(TYPES.nativeEndpointConfig, onPlan("ml.p5.48xlarge"))]), []);
        assert.deepStrictEqual(await messages([trainingPlan, config(TYPES.classicEndpointConfig, onPlan("ml.p5.48xlarge"))]), []);
        assert.deepStrictEqual(await messages([trainingPlan, { ...config(TYPES.nativeEndpointConfig, onPlan("ml.p5.48xlarge", UNKNOWN_STRING)), propertyDependencies: { productionVariants: ["plan"] } }]), []);
        const check: TestResource = { type: TYPES.reservationCheck, name: "check", props: { reservationArn: PLAN, instanceType: "ml.p5.48xlarge", instanceCount: 2 } };
        assert.deepStrictEqual(await messages([check, config(TYPES.nativeEndpointConfig, onPlan("ml.p5.48xlarge"))]), []);
    });

    it("refuses a variant of another instance type than its plan's, whichever way the plan is known", async () => {
        const expected = "endpoint config eval-config, variant AllTraffic, runs ml.p4d.24xlarge on a training plan of ml.p5.48xlarge (training plan plan): use the plan's instance type";
        assert.deepStrictEqual(await messages([trainingPlan, config(TYPES.nativeEndpointConfig, onPlan("ml.p4d.24xlarge"))]), [expected]);
        assert.deepStrictEqual(await messages([trainingPlan, config(TYPES.classicEndpointConfig, onPlan("ml.p4d.24xlarge"))]), [expected]);
        assert.deepStrictEqual(await messages([trainingPlan, { ...config(TYPES.nativeEndpointConfig, onPlan("ml.p4d.24xlarge", UNKNOWN_STRING)), propertyDependencies: { productionVariants: ["plan"] } }]), [expected]);
        // A plan this stack does not hold: the pack's config says its type; the older dynamic type name still counts as a plan.
        assert.deepStrictEqual(await messages([config(TYPES.nativeEndpointConfig, onPlan("ml.p4d.24xlarge"))], { planInstanceTypes: { [PLAN]: "ml.p5.48xlarge" } }), [
            "endpoint config eval-config, variant AllTraffic, runs ml.p4d.24xlarge on a training plan of ml.p5.48xlarge (the pack's config): use the plan's instance type",
        ]);
        assert.strictEqual((await messages([{ ...trainingPlan, type: TYPES.anyDynamic }, config(TYPES.nativeEndpointConfig, onPlan("ml.p4d.24xlarge"))])).length, 1);
    });

    it("refuses a preference other than capacity-reservations-only, and reserved capacity without a plan", async () => {
        assert.deepStrictEqual(await messages([config(TYPES.nativeEndpointConfig, variant("ml.p5.48xlarge", { mlReservationArn: PLAN }))]), [
            "endpoint config eval-config, variant AllTraffic, is on a training plan with capacityReservationPreference null: it must be \"capacity-reservations-only\"",
        ]);
        assert.deepStrictEqual(await messages([config(TYPES.classicEndpointConfig, variant("ml.p5.48xlarge", { capacityReservationPreference: "capacity-reservations-only" }))]), [
            "endpoint config eval-config, variant AllTraffic, asks for reserved capacity without mlReservationArn: name the training plan",
        ]);
    });

    it("passes on-demand variants and variants on a plan it knows nothing of", async () => {
        assert.deepStrictEqual(await messages([trainingPlan, config(TYPES.nativeEndpointConfig, { variantName: "v", modelName: "m", instanceType: "ml.g5.2xlarge", initialInstanceCount: 1 })]), []);
        assert.deepStrictEqual(await messages([config(TYPES.nativeEndpointConfig, onPlan("ml.p4d.24xlarge"))]), []);
    });
});
