/**
 * sagemaker-inference: Pulumi components for LLM inference on Amazon SageMaker AI. The components,
 * the dynamic resources, their arguments and every type those take or return. The plain planning
 * functions behind them are in `sagemaker-inference/bin/planning`.
 */
export { InferenceModel, InferenceModelArgs, InferenceContainerArgs } from "./components/inference-model";
export { MultiContainerMode, ContainerSpec } from "./components/model-plan";
export { ReservedEndpoint, ReservedEndpointArgs, RealtimeAutoScalingArgs, DeploymentArgs, InstancePoolArgs } from "./components/reserved-endpoint";
export { EndpointSettingsArgs, ReservationCapacityArgs, RoutingArgs } from "./components/endpoint-args";
export { ScaleToZeroEndpoint, ScaleToZeroEndpointArgs, ScaleInArgs } from "./components/scale-to-zero-endpoint";
export { RoutingStrategy, ScaleInStrategy, CapacityChoice, InstancePool } from "./components/endpoint-plan";
export { DeploymentInput } from "./components/endpoint-update-plan";
export { MetricsConfig } from "./components/metrics-plan";
export { ScalableInferenceComponent, ScalableInferenceComponentArgs, ComponentAutoScalingArgs, ComponentPlacement } from "./components/inference-component";
export { AutoScalingSettings, DEFAULT_AUTO_SCALING } from "./components/inference-component-plan";
export { OffHoursSchedule } from "./components/schedule-plan";
export { AsyncInferenceEndpoint, AsyncInferenceEndpointArgs, AsyncAutoScalingArgs } from "./components/async-endpoint";
export { NotificationTopic, S3Location } from "./components/async-plan";
export { AsyncScalingSettings, DEFAULT_ASYNC_SCALING, RealtimeScalingSettings } from "./components/scaling-plan";
export { largePayloadEnvironment, ModelServer } from "./components/model-server-env";
export { reservationUsage } from "./components/reservation-state";
export { ReservationClaim, ReservationFacts, ReservationUsage } from "./components/reservation";
export { ReservationEndNotice, ReservationEndNoticeArgs } from "./components/reservation-end-notice";
export { ReservationEndArgs } from "./components/reservation-end-switch";
export { SwitchToOnDemandArgs } from "./components/reservation-end-plan";
export { TrainingPlan, TrainingPlanArgs } from "./dynamic-providers/training-plan";
export { TrainingPlanReservation } from "./components/training-plan-reservation";
export { ExistingTrainingPlan } from "./components/existing-training-plan";
export { PurchaseTiming, DEFAULT_PURCHASE_TIMING } from "./dynamic-providers/training-plan-plan";
export { ExtensionEntry, BoughtExtension, ExtensionTerms } from "./dynamic-providers/extension-plan";
export { ReservationCheck, ReservationCheckArgs } from "./dynamic-providers/reservation-check";
export { EndpointUpdateGuard, EndpointUpdateGuardArgs } from "./dynamic-providers/endpoint-update-guard";
export { UpdateFit } from "./components/endpoint-update-plan";
export { InferenceComponentRuntimeConfig, InferenceComponentRuntimeConfigArgs } from "./dynamic-providers/inference-component-runtime-config";
export { Timing, DEFAULT_TIMING } from "./dynamic-providers/sagemaker-ops";
