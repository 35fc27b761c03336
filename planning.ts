/**
 * The plain functions the components are built on, and the dynamic providers' objects: for tests
 * and for tools that want the same checks and names without deploying. Not the components' API:
 * `import ... from "sagemaker-inference/bin/planning"`. They may change between minor versions.
 */
export { checkReservation, ReservationLedger } from "./components/reservation/reservation";
export { parseTrainingPlanArn, TrainingPlanArn, planEnded, timeLeft, PlanState } from "./dynamic-providers/training-plan-plan";
export {
    planVariant, planScaleToZeroVariant, planScaledVariant, VariantInput, VariantPlan, ProductionVariant, ScaleToZeroVariantInput, ScaleToZeroVariantPlan,
    ScaleToZeroVariant, ScaledVariantInput, ScaledVariantPlan, planRouting, planScaleIn, RoutingInput, RoutingConfig, ScaleInInput, ScaleInPolicy,
} from "./components/endpoint/endpoint-plan";
export {
    planUpdate, retentionOf, switchRequest, updateFit, endpointTimeouts, rollingBatchRange, UpdatePlan, UpdatedVariant,
    DeploymentConfig, Retention,
    EndpointTimeouts, StartupSeconds,
} from "./components/endpoint/endpoint-update-plan";
export {
    updateFitFrom, updateFitMessage, spareNeededForUpdate, runningFleet, updateFitAgainstRunning, runningUpdateRefusal, RunningFleet, DescribedEndpoint,
} from "./dynamic-providers/endpoint-update-guard-plan";
export {
    planDataCapture, dataCaptureConfig, dataCapturePolicy, describeCapture, DataCapturePlan, CaptureMode, SentDataCapture,
} from "./components/endpoint/data-capture-plan";
export { planMetrics, alarmPeriod, invocationMetricSeconds, MetricsInput, METRIC_PUBLISH_FREQUENCIES } from "./components/monitoring/metrics-plan";
export { scalingTimeline, ScalingTimeline, TimelineSettings, WALKTHROUGH_TIMELINE } from "./components/scale-to-zero/scaling-timeline";
export { planContainers, executionRolePolicy, MAX_CONTAINERS, ModelContainers, ContainerArgs } from "./components/model/model-plan";
export { PolicyDocument, PolicyStatement } from "./core/service-access";
export { sagemakerName, iamRoleName } from "./core/names";
export { checkTags, TAG_LIMITS } from "./core/tags";
export { partitionOf } from "./core/partitions";
export {
    readKmsKey, keyArnForGrant, viaService, volumeKeyStatements, instanceStoreNote, hasNvmeInstanceStore, NVME_INSTANCE_STORE_FAMILIES, KmsKey, KmsKeyForm,
} from "./core/kms-plan";
export { planVpcConfig, planNetwork, networkInterfaceStatements, NetworkSettings, MAX_SECURITY_GROUPS, MAX_SUBNETS } from "./core/network-plan";
export { planInferenceComponent, InferenceComponentInput, InferenceComponentPlan } from "./components/scale-to-zero/inference-component-plan";
export { checkSchedule, weeklyInstanceHours, WeeklyInstanceHours, CheckedSchedule } from "./components/scaling/schedule-plan";
export { parseCron, Cron, DayRule } from "./components/scaling/cron";
export { acceleratorsOf, isHostingType, isReservableType, RESERVABLE_TYPES } from "./core/instance-types";
export { planAsyncEndpoint, asyncExecutionPolicy, asyncPaths, AsyncEndpointInput, AsyncEndpointPlan, AsyncPaths, AsyncAccess } from "./components/async/async-plan";
export {
    asyncScalingSpec, realtimeScalingSpec, ScalingSpec, TargetTrackingConfiguration, StepScalingConfiguration, AlarmSpec, MathAlarmSpec,
} from "./components/scaling/scaling-plan";
export { trainingPlanProvider } from "./dynamic-providers/training-plan";
export { reservationCheckProvider } from "./dynamic-providers/reservation-check";
export { endpointUpdateGuardProvider } from "./dynamic-providers/endpoint-update-guard";
export { runtimeConfigProvider } from "./dynamic-providers/inference-component-runtime-config";
export {
    extensionProgress, chooseExtension, extensionPreview, extensionOfferingChange, boughtEntryChanges, unexplainedHours,
    ExtensionOffering, ExtensionProgress, ExtensionChoice,
} from "./dynamic-providers/extension-plan";
export {
    planNotice, atExpression, noticeMessage, planSwitch, switchPolicy, onDemandAfterSwitch, NoticeInput,
} from "./components/reservation/reservation-end-plan";
export {
    planAlarms, planAlarmSpecs, alarmKeys, alarmName, MonitoredKind, MonitoredTarget, AlarmsInput, AlarmSettings, AlarmKey, PlannedAlarm, DEFAULT_ALARMS,
} from "./components/monitoring/alarms-plan";
export { planDashboard, dashboardName, hasGpus, DashboardTarget, DashboardBody, Widget, MetricRow, MetricOptions, LATENCY_PERCENTILES } from "./components/monitoring/dashboard-plan";
export { DOCUMENTED_METRICS, documentedMetric, DocumentedMetric } from "./components/monitoring/sagemaker-metrics";
