export { InferenceModel, InferenceModelArgs, InferenceContainerArgs } from "./components/inference-model";
export { ReservedEndpoint, ReservedEndpointArgs, ReservationCapacityArgs, RealtimeAutoScalingArgs } from "./components/reserved-endpoint";
export { reservationUsage } from "./components/program-state";
export {
    checkReservation, parseTrainingPlanArn, ReservationClaim, ReservationFacts, ReservationLedger, ReservationUsage, TrainingPlanArn,
} from "./components/reservation";
export { planVariant, CapacityChoice, VariantInput, VariantPlan, ProductionVariant } from "./components/endpoint-plan";
export { planContainers, executionRolePolicy, ContainerSpec, MultiContainerMode, MAX_CONTAINERS } from "./components/model-plan";
export { sagemakerName, iamRoleName } from "./components/names";
export { TrainingPlan, TrainingPlanArgs, trainingPlanProvider } from "./dynamic-providers/training-plan";
export { ReservationCheck, ReservationCheckArgs, reservationCheckProvider } from "./dynamic-providers/reservation-check";
export { Timing, DEFAULT_TIMING } from "./dynamic-providers/sagemaker-ops";
export { PurchaseTiming, DEFAULT_PURCHASE_TIMING } from "./dynamic-providers/training-plan-plan";
export { ScaleToZeroEndpoint, ScaleToZeroEndpointArgs } from "./components/scale-to-zero-endpoint";
export { ScalableInferenceComponent, ScalableInferenceComponentArgs } from "./components/inference-component";
export { AutoScalingSettings, DEFAULT_AUTO_SCALING, planInferenceComponent } from "./components/inference-component-plan";
export { planScaleToZeroVariant, planScaledVariant, RoutingStrategy } from "./components/endpoint-plan";
export { OffHoursSchedule, checkSchedule, weeklyInstanceHours, WeeklyInstanceHours } from "./components/schedule-plan";
export { parseCron } from "./components/cron";
export { acceleratorsOf } from "./components/instance-types";
export {
    InferenceComponentRuntimeConfig, InferenceComponentRuntimeConfigArgs, runtimeConfigProvider,
} from "./dynamic-providers/inference-component-runtime-config";
export { AsyncInferenceEndpoint, AsyncInferenceEndpointArgs } from "./components/async-endpoint";
export {
    planAsyncEndpoint, asyncExecutionPolicy, asyncPaths, AsyncEndpointInput, AsyncEndpointPlan, AsyncPaths, NotificationTopic,
} from "./components/async-plan";
export {
    AsyncScalingSettings, DEFAULT_ASYNC_SCALING, RealtimeScalingSettings, ScalingSpec, asyncScalingSpec, realtimeScalingSpec,
} from "./components/scaling-plan";
export { largePayloadEnvironment, ModelServer } from "./components/model-server-env";
