/**
 * sagemaker-inference: Pulumi components for LLM inference on Amazon SageMaker AI. The components,
 * the dynamic resources, their arguments and every type those take or return. The plain planning
 * functions behind them are in `sagemaker-inference/bin/planning`.
 */
export { InferenceModel, InferenceModelArgs, InferenceContainer } from "./components/model/inference-model";
export { MultiContainerMode, ContainerSpec } from "./components/model/model-plan";
export { VpcConfigArgs } from "./core/network-plan";
export { ReservedEndpoint, ReservedEndpointArgs, RealtimeAutoScaling, DeploymentArgs, InstancePoolArgs } from "./components/endpoint/reserved-endpoint";
export { EndpointSettingsArgs, ReservationCapacity, RoutingArgs } from "./components/endpoint/endpoint-args";
export { ScaleToZeroEndpoint, ScaleToZeroEndpointArgs, ScaleIn } from "./components/scale-to-zero/scale-to-zero-endpoint";
export { RoutingStrategy, ScaleInStrategy, CapacityChoice, InstancePool } from "./components/endpoint/endpoint-plan";
export { DeploymentInput } from "./components/endpoint/endpoint-update-plan";
export { MetricsConfig } from "./components/monitoring/metrics-plan";
export { DataCaptureArgs, CapturedData } from "./components/endpoint/data-capture-plan";
export { ScalableInferenceComponent, ScalableInferenceComponentArgs, ComponentAutoScaling, ComponentPlacement } from "./components/scale-to-zero/inference-component";
export { AutoScalingSettings, DEFAULT_AUTO_SCALING } from "./components/scale-to-zero/inference-component-plan";
export { OffHoursSchedule } from "./components/scaling/schedule-plan";
export { AsyncInferenceEndpoint, AsyncInferenceEndpointArgs, AsyncAutoScaling } from "./components/async/async-endpoint";
export { NotificationTopic, S3Location } from "./components/async/async-plan";
export { AsyncScalingSettings, DEFAULT_ASYNC_SCALING, RealtimeScalingSettings } from "./components/scaling/scaling-plan";
export { largePayloadEnvironment, ModelServer } from "./components/model/model-server-env";
export { reservationUsage } from "./components/reservation/reservation-state";
export { ReservationClaim, ReservationFacts, ReservationUsage } from "./components/reservation/reservation";
export { ReservationEndNotice, ReservationEndNoticeArgs } from "./components/reservation/reservation-end-notice";
export { ReservationEnd } from "./components/endpoint/reservation-end-switch";
export { SwitchToOnDemand } from "./components/reservation/reservation-end-plan";
export { TrainingPlan, TrainingPlanArgs } from "./dynamic-providers/training-plan";
export { TrainingPlanReservation } from "./components/reservation/training-plan-reservation";
export { ExistingTrainingPlan } from "./components/reservation/existing-training-plan";
export { PurchaseTiming, DEFAULT_PURCHASE_TIMING } from "./dynamic-providers/training-plan-plan";
export { ExtensionEntry, BoughtExtension, ExtensionInDoubt, ExtensionTerms } from "./dynamic-providers/extension-plan";
export { ReservationCheck, ReservationCheckArgs } from "./dynamic-providers/reservation-check";
export { EndpointUpdateGuard, EndpointUpdateGuardArgs } from "./dynamic-providers/endpoint-update-guard";
export { UpdateFit } from "./dynamic-providers/endpoint-update-guard-plan";
export { InferenceComponentRuntimeConfig, InferenceComponentRuntimeConfigArgs } from "./dynamic-providers/inference-component-runtime-config";
export { Timing, DEFAULT_TIMING } from "./dynamic-providers/sagemaker-ops";
export { AlarmsArgs } from "./components/monitoring/endpoint-monitoring";
export { AlarmThresholds } from "./components/monitoring/alarms-plan";
export { EndpointDashboard, EndpointDashboardArgs } from "./components/monitoring/endpoint-dashboard";
export { DashboardKind } from "./components/monitoring/dashboard-plan";
