/**
 * What the package serves to Pulumi's other languages (provider.ts): every component users
 * instantiate, under the package name their resource types carry.
 */
import { AsyncInferenceEndpoint } from "./components/async/async-endpoint";
import { EndpointDashboard } from "./components/monitoring/endpoint-dashboard";
import { ExistingTrainingPlan } from "./components/reservation/existing-training-plan";
import { ScalableInferenceComponent } from "./components/scale-to-zero/inference-component";
import { InferenceModel } from "./components/model/inference-model";
import { ReservationEndNotice } from "./components/reservation/reservation-end-notice";
import { ReservedEndpoint } from "./components/endpoint/reserved-endpoint";
import { ScaleToZeroEndpoint } from "./components/scale-to-zero/scale-to-zero-endpoint";
import { TrainingPlanReservation } from "./components/reservation/training-plan-reservation";

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
    EndpointDashboard,
];
