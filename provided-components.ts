/**
 * What the package serves to Pulumi's other languages (provider.ts): every component users
 * instantiate, under the package name their resource types carry.
 */
import { AsyncInferenceEndpoint } from "./components/async-endpoint";
import { ExistingTrainingPlan } from "./components/existing-training-plan";
import { ScalableInferenceComponent } from "./components/inference-component";
import { InferenceModel } from "./components/inference-model";
import { ReservationEndNotice } from "./components/reservation-end-notice";
import { ReservedEndpoint } from "./components/reserved-endpoint";
import { ScaleToZeroEndpoint } from "./components/scale-to-zero-endpoint";
import { TrainingPlanReservation } from "./components/training-plan-reservation";

/** The package's name: `pulumi package add` names the generated SDK after it, and every type token starts with it. */
export const PACKAGE_NAME = "sagemaker-inference";

export const PROVIDED_COMPONENTS = [
    InferenceModel,
    ReservedEndpoint,
    ScaleToZeroEndpoint,
    ScalableInferenceComponent,
    AsyncInferenceEndpoint,
    TrainingPlanReservation,
    ExistingTrainingPlan,
    ReservationEndNotice,
];
