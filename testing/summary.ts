/**
 * A run's plan as text: what `npm run plan` prints and the test kit's `summary` holds. One line per
 * resource with the settings worth seeing, then reservations, scaling timelines and the cost.
 */
import {
    ENDPOINT_CONFIG_TYPE, ENDPOINT_TYPE, INFERENCE_COMPONENT_TYPE, ProgramRun, RecordedResource, RESERVATION_CHECK_TYPE,
    RUNTIME_CONFIG_TYPE, TRAINING_PLAN_TYPE, UPDATE_GUARD_TYPE,
} from "./offline-runtime";
import { describeCapture } from "../components/endpoint/data-capture-plan";
import { updateFit } from "../components/endpoint/endpoint-update-plan";
import { invocationMetricSeconds } from "../components/monitoring/metrics-plan";
import { ReservationUsage } from "../components/reservation/reservation";
import { PASSED_ONE_TIME } from "../components/reservation/reservation-end-plan";
import { duration, scalingTimeline, WALKTHROUGH_TIMELINE } from "../components/scale-to-zero/scaling-timeline";
import { NO_CAPACITY_METRIC } from "../components/scale-to-zero/inference-component-plan";
import { OffHoursSchedule, weeklyInstanceHours } from "../components/scaling/schedule-plan";
import { cost, Fleet, HOURS_PER_WEEK, hourlyPrice, hundredths, Prices, reservedHours, ReservedCapacity, weeklyHours } from "./cost";

/** What each tracked metric counts, in words. */
const TRACKED: Record<string, string> = {
    SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution: "concurrent requests per copy",
    SageMakerVariantInvocationsPerInstance: "invocations per instance per minute",
    ApproximateBacklogSizePerInstance: "queued requests per instance",
};

function scaledUnit(dimension: string): string {
    return dimension.startsWith("sagemaker:variant:") ? "instances" : "copies";
}

function asyncSummary(config: Record<string, any> | undefined): string {
    if (!config) {
        return "";
    }
    const out = config.outputConfig;
    const concurrency = config.clientConfig?.maxConcurrentInvocationsPerInstance ?? "chosen by SageMaker";
    return `async: output=${out.s3OutputPath} failure=${out.s3FailurePath} success=${out.notificationConfig.successTopic} ` +
        `error=${out.notificationConfig.errorTopic} concurrency per instance=${concurrency} `;
}

/** Where a model's or config's containers run, and what encrypts the volumes: only what is set. */
function securitySummary(i: Record<string, any>): string {
    return [
        i.vpcConfig && ` vpc=[subnets ${i.vpcConfig.subnets.join(",")}; security groups ${i.vpcConfig.securityGroupIds.join(",")}]`,
        i.enableNetworkIsolation && " network-isolated",
        i.kmsKeyId && ` volumes encrypted with ${i.kmsKeyId}`,
    ].filter(Boolean).join("");
}

/** The settings worth seeing for each kind of resource. */
function settings(r: RecordedResource): string {
    const i = r.inputs;
    switch (r.type) {
        case "aws:sagemaker/model:Model": {
            const containers = i.containers ?? [i.primaryContainer];
            // An encrypted value of the config shows as the placeholder the plan ran with: it cannot decrypt it.
            const images = containers.map((c: { image: string; modelDataUrl?: string; containerHostname?: string; environment?: Record<string, string> }) =>
                [c.containerHostname, c.image, c.modelDataUrl, c.environment && `env ${Object.entries(c.environment).map(([k, v]) => `${k}=${v}`).join(",")}`]
                    .filter(Boolean).join(" "));
            const mode = i.inferenceExecutionConfig ? ` mode=${i.inferenceExecutionConfig.mode}` : "";
            const secret = r.secretPaths.length > 0 ? `; kept secret in the state: ${r.secretPaths.join(", ")}` : "";
            return `name=${i.name}${mode} containers=[${images.join("; ")}]${securitySummary(i)}${secret}`;
        }
        case ENDPOINT_CONFIG_TYPE:
            return `name=${i.endpointConfigName}${securitySummary(i)} ` + asyncSummary(i.asyncInferenceConfig) + metricsSummary(i.metricsConfig) +
                i.productionVariants.map(variantSummary).join(", ") + (i.dataCaptureConfig ? ` ${describeCapture(i.dataCaptureConfig)}` : "");
        case INFERENCE_COMPONENT_TYPE: {
            const r = i.specification.computeResourceRequirements;
            return `name=${i.inferenceComponentName} on ${i.endpointName}/${i.variantName} model=${i.specification.modelName} ` +
                `${r.numberOfAcceleratorDevicesRequired ?? 0} accelerators and ${r.minMemoryRequiredInMb} MiB per copy, ` +
                `${i.runtimeConfig.copyCount} copies at creation, then left to auto scaling and schedules`;
        }
        case "aws:appautoscaling/target:Target":
            return `${i.resourceId}: ${i.minCapacity} to ${i.maxCapacity} ${scaledUnit(i.scalableDimension)}`;
        case "aws:appautoscaling/policy:Policy": {
            const t = i.targetTrackingScalingPolicyConfiguration;
            const unit = scaledUnit(i.scalableDimension);
            if (t) {
                const metric = t.predefinedMetricSpecification?.predefinedMetricType ?? t.customizedMetricSpecification.metricName;
                return `target tracking: ${t.targetValue} ${TRACKED[metric] ?? metric} (${metric}), ` +
                    `cooldowns ${t.scaleInCooldown} s in, ${t.scaleOutCooldown} s out`;
            }
            const step = i.stepScalingPolicyConfiguration;
            if (step.adjustmentType === "ExactCapacity") {
                return `step scaling: ${step.stepAdjustments[0].scalingAdjustment} ${unit} when its alarm fires`;
            }
            return `step scaling: +${step.stepAdjustments[0].scalingAdjustment} ${unit} when its alarm fires, cooldown ${step.cooldown} s`;
        }
        case "aws:cloudwatch/metricAlarm:MetricAlarm":
            if (i.metricQueries) {
                const metrics = i.metricQueries.filter((q: { metric?: unknown }) => q.metric).map((q: { metric: { metricName: string } }) => q.metric.metricName);
                return `no request (${metrics.join(" + ")}) for ${i.evaluationPeriods} x 60 s: scales in to zero`;
            }
            if (i.okActions) {
                // A paging alarm: it notifies a topic, in CloudWatch's units (rates as fractions, latency in µs).
                return `${i.namespace} ${i.metricName} ${i.statistic ?? i.extendedStatistic} > ${i.threshold} on ${JSON.stringify(i.dimensions)}, ` +
                    `${i.datapointsToAlarm} of ${i.evaluationPeriods} x ${i.period} s, notifies ${i.alarmActions[0]}: ${i.alarmDescription}`;
            }
            return `${i.namespace} ${i.metricName} ${i.statistic} >= ${i.threshold} over ${i.evaluationPeriods} x ${i.period} s on ${JSON.stringify(i.dimensions)}: scales out from zero`;
        case "aws:s3/bucket:Bucket":
            return `bucket ${i.bucketPrefix}…, not force-destroyed`;
        case "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration":
            return `encryption at rest: ${i.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm}`;
        case "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock":
            return `public access blocked: ${["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"].every((k) => i[k] === true)}`;
        case "aws:s3/bucketPolicy:BucketPolicy":
            return `policy: ${JSON.parse(i.policy).Statement.map((st: { Sid: string }) => st.Sid).join(", ")}`;
        case "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration":
            return i.rules.filter((r: { expiration?: unknown }) => r.expiration)
                .map((r: { filter: { prefix: string }; expiration: { days: number } }) => `${r.filter.prefix} expires after ${r.expiration.days} days`).join(", ");
        case "aws:sns/topic:Topic":
            return `name=${i.name} ${i.kmsMasterKeyId ? `encrypted with ${i.kmsMasterKeyId}` : "not encrypted at rest (alarm notifications only: CloudWatch cannot publish under alias/aws/sns)"}`;
        case "aws:cloudwatch/dashboard:Dashboard":
            return `name=${i.dashboardName} widgets: ${JSON.parse(i.dashboardBody).widgets.map((w: { properties: { title: string } }) => w.properties.title).join("; ")}`;
        case "aws:scheduler/schedule:Schedule": {
            // Universal targets name the API action; any other target is the SNS topic published to.
            const action = /:aws-sdk:(.+)$/.exec(i.target.arn)?.[1];
            const does = action === undefined ? `publishes to ${i.target.arn}` : `calls ${action.replace(":", " ")}`;
            if (i.state === "DISABLED" && i.scheduleExpression === PASSED_ONE_TIME.scheduleExpression) {
                return `disabled, never fires: its one-time time came before this deploy, or its work is done (${i.description}); ` +
                    `target ${action === undefined ? i.target.arn : action.replace(":", " ")}`;
            }
            return `${i.scheduleExpression} ${i.scheduleExpressionTimezone}, ${does}: ${i.target.input}`;
        }
        case RUNTIME_CONFIG_TYPE:
            return `at pulumi up, sets ${i.inferenceComponentName} to ${i.copyCount} copies once (parked)`;
        case ENDPOINT_TYPE: {
            const rolling = i.deploymentConfig?.rollingUpdatePolicy;
            const update = rolling
                ? `rolling updates of ${rolling.maximumBatchSize.value} instance(s) per batch, ${rolling.waitIntervalInSeconds} s apart`
                : "blue/green updates";
            const kept = i.retainAllVariantProperties ? ", a deploy keeps the instance count auto scaling set" : "";
            return `name=${i.endpointName} endpointConfig=${i.endpointConfigName}, ${update}${kept}, ` +
                `waits up to ${r.customTimeouts.create} to create and ${r.customTimeouts.update} to update`;
        }
        case UPDATE_GUARD_TYPE:
            return i.fit
                ? `at preview, refuses an update of ${i.endpointName} that needs more spare reserved instances than the plan has`
                : `at preview, checks updates of ${i.endpointName}${i.autoScaled ? "; a new instance type re-registers auto scaling around the update" : ""}`;
        case "aws:iam/role:Role":
            return `name=${i.name}`;
        case "aws:iam/rolePolicy:RolePolicy": {
            const actions = JSON.parse(i.policy).Statement.flatMap((s: { Action: string[] }) => s.Action);
            return `actions=${actions.join(",")}`;
        }
        case TRAINING_PLAN_TYPE: {
            const window = [i.startTimeAfter && `after ${i.startTimeAfter}`, i.endTimeBefore && `before ${i.endTimeBefore}`].filter(Boolean).join(" ");
            return `buys at pulumi up ${i.planName}: ${i.instanceCount} x ${i.instanceType} for ${i.durationHours} h${window ? ` ${window}` : ""}, ` +
                `for at most ${i.maxUpfrontFee} ${i.currencyCode ?? "USD"} (a real pulumi preview --diff shows the offering it would buy)`;
        }
        case RESERVATION_CHECK_TYPE:
            return `at pulumi up, training plan ${i.reservationArn} must serve endpoints with ${i.instanceCount} x ${i.instanceType}` +
                (i.allowEnded ? ", or have ended (the endpoints move to on demand before it ends)" : "") +
                "; reports its end and the time left, which a refresh reads anew";
        default:
            return "";
    }
}

function metricsSummary(m: { enableEnhancedMetrics: boolean; metricPublishFrequencyInSeconds: number } | undefined): string {
    return m ? `metrics every ${m.metricPublishFrequencyInSeconds} s${m.enableEnhancedMetrics ? " (enhanced: invocations too)" : ""} ` : "";
}

function variantSummary(v: Record<string, any>): string {
    const capacity = v.capacityReservationConfig ? `reservation=${v.capacityReservationConfig.mlReservationArn}` : "capacity=on-demand";
    const types = v.instancePools
        ? v.instancePools.map((p: { instanceType: string; priority: number }) => `${p.instanceType} (priority ${p.priority})`).join(" or ")
        : v.instanceType;
    const m = v.managedInstanceScaling;
    const scaleIn = m?.scaleInPolicy
        ? `, released by ${m.scaleInPolicy.strategy}${m.scaleInPolicy.cooldownInMinutes ? ` after ${m.scaleInPolicy.cooldownInMinutes} min` : ""}` : "";
    const scaling = m ? ` scales ${m.minInstanceCount} to ${m.maxInstanceCount} instances, for inference components${scaleIn}` : "";
    const routing = v.routingConfig ? ` routing=${v.routingConfig.routingStrategy}` +
        (v.routingConfig.prefixAwareRoutingConfig
            ? ` (prefix ${v.routingConfig.prefixAwareRoutingConfig.prefixLength}, threshold ${v.routingConfig.prefixAwareRoutingConfig.concurrencyThreshold})` : "") : "";
    return `variant=${v.variantName} ${types} x${v.initialInstanceCount} ${capacity}${scaling}${routing}`;
}

/** An endpoint's config and the rolling batch of its updates (undefined for blue/green), as it would deploy them. */
function updateOf(run: ProgramRun, endpoint: string): { endpointConfigName: string; rollingBatch?: number } {
    const e = run.resources.find((r) => r.type === ENDPOINT_TYPE && r.name === `${endpoint}-endpoint`);
    const batch = e?.inputs.deploymentConfig?.rollingUpdatePolicy?.maximumBatchSize.value;
    return { endpointConfigName: e?.inputs.endpointConfigName ?? "", ...(batch !== undefined && { rollingBatch: batch }) };
}

function reservationLines(run: ProgramRun, u: ReservationUsage): string[] {
    const reserved = u.reservedInstanceCount === undefined ? "?" : String(u.reservedInstanceCount);
    const who = u.claims.map((c) => `${c.endpoint}: ${c.instanceCount}`).join(", ");
    const lines = [`reservation ${u.reservationArn}: ${u.requestedInstanceCount} of ${reserved} reserved ${u.reservedInstanceType ?? "instances"} in use (${who})`];
    for (const c of u.claims) {
        const fit = updateFit({ endpoint: c.endpoint, claimedInstances: c.instanceCount, ...updateOf(run, c.endpoint) }, u);
        const has = fit.spareInstances === undefined ? "the reserved count is not known" : `the reservation has ${fit.spareInstances}`;
        lines.push(`  updating ${c.endpoint} needs ${fit.spareInstancesNeeded} spare reserved instance(s); ${has}: ` +
            (fit.fits ? "fits" : "does not fit, so a new model or config for it is refused at preview (creating it needs none)"));
    }
    return lines;
}

/**
 * The scaling timeline of each inference component, from the values it would deploy: its wake
 * alarm, its idle alarm if any, and its endpoint's metrics and scale-in policy.
 */
export function timelineLines(run: ProgramRun): string[] {
    const lines: string[] = [];
    for (const ic of run.resources.filter((r) => r.type === INFERENCE_COMPONENT_TYPE)) {
        const name = ic.inputs.inferenceComponentName;
        const alarms = run.resources.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm");
        // The wake alarm, not another alarm on the component (its error alarm, when monitoring is on).
        const wake = alarms.find((a) => a.inputs.metricName === NO_CAPACITY_METRIC && a.inputs.dimensions?.InferenceComponentName === name);
        const idle = alarms.find((a) => a.inputs.metricQueries?.some((q: { metric?: { dimensions: Record<string, string> } }) =>
            q.metric?.dimensions.InferenceComponentName === name));
        const endpoint = run.resources.find((r) => r.type === ENDPOINT_TYPE && r.inputs.endpointName === ic.inputs.endpointName);
        const config = run.resources.find((r) => r.type === ENDPOINT_CONFIG_TYPE && r.inputs.endpointConfigName === endpoint?.inputs.endpointConfigName);
        if (!wake || !config) {
            continue;
        }
        const metrics = config.inputs.metricsConfig ?? { enableEnhancedMetrics: false, metricPublishFrequencyInSeconds: 60 };
        const t = scalingTimeline({
            invocationMetricSeconds: invocationMetricSeconds(metrics),
            wakeAlarm: { periodSeconds: wake.inputs.period, datapointsToAlarm: wake.inputs.datapointsToAlarm },
            idleMinutes: idle?.inputs.evaluationPeriods,
            scaleInPolicy: config.inputs.productionVariants[0].managedInstanceScaling?.scaleInPolicy,
        });
        lines.push(
            `scaling timeline of ${name} (configuration figures: each step by these settings, before CloudWatch's own delays; not measurements):`,
            `  first request to a parked model until scale-out starts: ${duration(t.wakeTriggerSeconds)} ` +
                `(metrics every ${invocationMetricSeconds(metrics)} s + alarm ${wake.inputs.datapointsToAlarm} x ${wake.inputs.period} s; AWS's walkthrough measured ~${duration(WALKTHROUGH_TIMELINE.wakeTriggerSeconds)})`,
            `  last request until zero copies: ${duration(t.idleToZeroCopiesSeconds)} ` +
                `(${idle ? `idle scale-in after ${idle.inputs.evaluationPeriods} min` : "target tracking's 15 one-minute datapoints"}; AWS's walkthrough measured ~${duration(WALKTHROUGH_TIMELINE.idleToZeroCopiesSeconds)})`,
            `  zero copies until zero instances: ${t.zeroCopiesToZeroInstancesSeconds === undefined
                ? "as SageMaker releases idle instances (no scaleIn policy)" : `${duration(t.zeroCopiesToZeroInstancesSeconds)} (scaleIn cooldown)`}` +
                `; AWS's walkthrough measured ~${duration(WALKTHROUGH_TIMELINE.zeroCopiesToZeroInstancesSeconds)}`,
        );
    }
    return lines;
}

const SCALABLE_TARGET_TYPE = "aws:appautoscaling/target:Target";
const SCHEDULE_TYPE = "aws:scheduler/schedule:Schedule";

/** A schedule's target input, when it is the body of an UpdateInferenceComponentRuntimeConfig. */
function runtimeConfigBody(r: RecordedResource): { InferenceComponentName: string; DesiredRuntimeConfig: { CopyCount: number } } | undefined {
    try {
        const body = JSON.parse(r.inputs.target?.input ?? "");
        return typeof body?.InferenceComponentName === "string" && typeof body.DesiredRuntimeConfig?.CopyCount === "number" ? body : undefined;
    } catch {
        return undefined;
    }
}

/** The schedule that parks a component and brings it back, if it has both halves (and they are enabled). */
function parkingOf(run: ProgramRun, component: string): Pick<OffHoursSchedule, "timezone" | "scaleInCron" | "scaleOutCron"> | undefined {
    const mine = run.resources.filter((r) => r.type === SCHEDULE_TYPE && r.inputs.state !== "DISABLED")
        .map((r) => ({ r, body: runtimeConfigBody(r) })).filter((x) => x.body?.InferenceComponentName === component);
    const scaleIn = mine.find((x) => x.body!.DesiredRuntimeConfig.CopyCount === 0)?.r.inputs;
    const scaleOut = mine.find((x) => x.body!.DesiredRuntimeConfig.CopyCount > 0)?.r.inputs;
    if (!scaleIn || !scaleOut || scaleIn.scheduleExpressionTimezone !== scaleOut.scheduleExpressionTimezone) {
        return undefined;
    }
    return { timezone: scaleIn.scheduleExpressionTimezone, scaleInCron: scaleIn.scheduleExpression, scaleOutCron: scaleOut.scheduleExpression };
}

/**
 * The most hours a week an endpoint of inference components holds instances: while its components'
 * schedule lets them hold copies, the weeks read from `from`; always, unless every component has the same schedule.
 */
function scheduledHours(run: ProgramRun, endpoint: string, from: Date): { hours: number; how?: string } {
    const components = run.resources.filter((r) => r.type === INFERENCE_COMPONENT_TYPE && r.inputs.endpointName === endpoint);
    const schedules = components.map((c) => parkingOf(run, c.inputs.inferenceComponentName));
    const distinct = new Set(schedules.map((sc) => JSON.stringify(sc)));
    if (schedules.length === 0 || schedules.includes(undefined)) {
        return { hours: HOURS_PER_WEEK };
    }
    if (distinct.size > 1) {
        return { hours: HOURS_PER_WEEK, how: "its components' schedules differ: counted as always on" };
    }
    const schedule = schedules[0]!;
    const h = weeklyInstanceHours(schedule, 1, from);
    return { hours: h.onHours, how: `at most ${h.onHours} h a week by its schedule (${schedule.scaleOutCron} to ${schedule.scaleInCron}, ${schedule.timezone}) if no request wakes it off-hours, ${HOURS_PER_WEEK} h if requests do` };
}

/** Each endpoint variant billed by the hour (not on a reservation): its instance types, floor, ceiling and hours. */
function fleetsOf(run: ProgramRun, from: Date): Fleet[] {
    return run.resources.filter((r) => r.type === ENDPOINT_CONFIG_TYPE).flatMap((config) => {
        const deployed = run.resources.find((r) => r.type === ENDPOINT_TYPE && r.inputs.endpointConfigName === config.inputs.endpointConfigName);
        // A config no endpoint deploys yet is the on-demand one its component's endpoint moves to as its plan ends.
        const sibling = run.resources.find((r) => r.type === ENDPOINT_TYPE && r.parent === config.parent);
        const endpoint: string = (deployed ?? sibling)?.inputs.endpointName ?? config.inputs.endpointConfigName;
        const later = deployed ? undefined : "on demand once its training plan ends, in place of the reserved instances";
        const variants: Record<string, any>[] = config.inputs.productionVariants
            .filter((v: Record<string, unknown>) => !v.capacityReservationConfig && (v.instanceType || v.instancePools));
        return variants.map((v): Fleet => {
            const instanceTypes: string[] = v.instancePools ? v.instancePools.map((p: { instanceType: string }) => p.instanceType) : [v.instanceType];
            const m = v.managedInstanceScaling;
            if (m) {
                const scheduled = scheduledHours(run, endpoint, from);
                const how = [m.minInstanceCount === 0 && "scales to zero when no copy runs", scheduled.how].filter(Boolean).join("; ");
                return { endpoint, instanceTypes, floor: m.minInstanceCount, ceiling: m.maxInstanceCount, hoursPerWeek: scheduled.hours, ...(how && { how }) };
            }
            const target = run.resources.find((r) => r.type === SCALABLE_TARGET_TYPE && r.inputs.resourceId === `endpoint/${endpoint}/variant/${v.variantName}`);
            if (target) {
                const how = target.inputs.minCapacity > 0 ? "by auto scaling"
                    : config.inputs.asyncInferenceConfig ? "scales to zero when nothing is queued" : "scales to zero";
                return { endpoint, instanceTypes, floor: target.inputs.minCapacity, ceiling: target.inputs.maxCapacity, hoursPerWeek: HOURS_PER_WEEK, how };
            }
            return { endpoint, instanceTypes, floor: v.initialInstanceCount, ceiling: v.initialInstanceCount, hoursPerWeek: HOURS_PER_WEEK, ...(later && { how: later }) };
        });
    });
}

/** Whether any of a resource's inputs under `path` reached the engine as a secret. */
function secretUnder(r: RecordedResource, path: string): boolean {
    return r.secretPaths.some((p) => p === path || p.startsWith(`${path}.`) || path.startsWith(`${p}.`));
}

/**
 * The reserved capacity of each training plan: one the stack buys for its duration (and extensions),
 * with its fee; an existing one for the time left until the end the mocks report, a stand-in.
 */
function reservedOf(run: ProgramRun): ReservedCapacity[] {
    const bought = run.resources.filter((r) => r.type === TRAINING_PLAN_TYPE).map((r): ReservedCapacity => {
        const i = r.inputs;
        const extensions: { durationHours: number; maxUpfrontFee: number }[] = i.extensions ?? [];
        const fee = secretUnder(r, "maxUpfrontFee") || secretUnder(r, "extensions") ? "secret" as const
            : i.maxUpfrontFee + extensions.reduce((sum, e) => sum + e.maxUpfrontFee, 0);
        return {
            plan: i.planName, instanceType: i.instanceType, instanceCount: i.instanceCount,
            hours: i.durationHours + extensions.reduce((sum, e) => sum + e.durationHours, 0),
            upfrontFee: { amount: fee, currency: i.currencyCode ?? "USD" },
        };
    });
    const checked = new Map<string, ReservedCapacity>();
    for (const c of run.resources.filter((r) => r.type === RESERVATION_CHECK_TYPE)) {
        const arn: string = c.inputs.reservationArn;
        const usage = run.reservations.find((u) => u.reservationArn === arn);
        const left = Math.max(0, (Date.parse(run.plan.endTime) - Date.parse(run.now)) / 3600_000);
        checked.set(arn, {
            plan: arn, instanceType: usage?.reservedInstanceType ?? c.inputs.instanceType,
            instanceCount: usage?.reservedInstanceCount ?? usage?.requestedInstanceCount ?? c.inputs.instanceCount,
            hours: hundredths(left), standInEnd: run.plan.endTime,
        });
    }
    return [...bought, ...checked.values()];
}

/** What the cost lines take besides the run. */
export interface CostOptions {
    /** When the weeks a schedule is read over start; default the time the run decided by. */
    from?: Date;
    /** Hourly prices per instance type, and where they came from (a file's name, an option). */
    prices?: { source: string; values: Prices };
}

/** Money as printed: two decimals. */
function money(n: number): string {
    return n.toFixed(2);
}

/**
 * The plan's last lines: the most instance-hours per week per instance type, with the floor (no
 * traffic) and the ceiling (every fleet at its maximum), each reservation over its length with its
 * fee, and, given prices, the money. Figures from mock values say so.
 */
function costLines(run: ProgramRun, options: CostOptions = {}): string[] {
    const fleets = fleetsOf(run, options.from ?? new Date(run.now));
    const reserved = reservedOf(run);
    if (fleets.length === 0 && reserved.length === 0) {
        return [];
    }
    const prices = options.prices;
    const lines = ["cost: the most instance-hours per week, per instance type (floor: with no traffic; ceiling: every endpoint at its maximum)"];
    const priceOf = (types: string[]) => {
        if (!prices) {
            return "";
        }
        const p = hourlyPrice(types, prices.values);
        return p.price === undefined ? `; no price for ${p.missing.join(", ")} in ${prices.source}, so not priced` : undefined;
    };
    for (const h of weeklyHours(fleets)) {
        const each = h.fleets.map((f) => `${f.endpoint}: ${f.floor} to ${f.ceiling} instance(s)${f.how ? `, ${f.how}` : ""}`).join("; ");
        const p = prices && hourlyPrice(h.instanceTypes, prices.values).price;
        const priced = p === undefined ? priceOf(h.instanceTypes)
            : `; at ${p} an hour: ${money(cost(h.floorHours, p))} to ${money(cost(h.ceilingHours, p))} a week`;
        lines.push(`  ${h.instanceTypes.join(" or ")}: ${h.floorHours} to ${h.ceilingHours} instance-hours per week (${each})${priced}`);
    }
    for (const r of reserved) {
        const h = reservedHours(r);
        const length = r.standInEnd === undefined ? `its ${r.hours} h`
            : `its ${r.hours} h left until ${r.standInEnd} (stand-in values offline: the mocks' end of the plan and clock, ${run.now}; a refresh reads the real end)`;
        const p = prices && hourlyPrice([r.instanceType], prices.values).price;
        const priced = p === undefined ? priceOf([r.instanceType])
            : `; at ${p} an hour, what on-demand hours would cost: ${money(cost(h.perWeek, p))} a week, ${money(cost(h.total, p))} in all (the plan itself bills its upfront fee)`;
        lines.push(`  ${r.instanceType}: ${h.perWeek} instance-hours per week reserved by training plan ${r.plan} ` +
            `(${r.instanceCount} instance(s), paid whether used or not), ${h.total} instance-hours over ${length}${priced}`);
        if (r.upfrontFee !== undefined) {
            const fee = r.upfrontFee.amount === "secret" ? "an amount kept secret" : `${r.upfrontFee.amount} ${r.upfrontFee.currency}`;
            lines.push(`  upfront fee of training plan ${r.plan}: at most ${fee} (its maxUpfrontFee; a real pulumi preview --diff shows the offering's own fee)`);
        }
    }
    if (prices) {
        lines.push(`  prices: hourly, per instance type, from ${prices.source}`);
    }
    return lines;
}

/** The plan as printed: one line per resource, the summary, reservation usage, extra lines, then the cost. */
export function formatPlan(stack: string, run: ProgramRun, extra: string[] = [], costOptions: CostOptions = {}): string {
    const resources = run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack");
    const lines = [`Plan for stack "${stack}" (offline, under mocks: nothing is deployed)`, ""];
    for (const r of resources) {
        lines.push(`+ ${r.type} ${r.name}${r.custom ? "" : " (component)"}`);
        const s = settings(r);
        if (s) {
            lines.push(`    ${s}`);
        }
        if (r.type === SCHEDULE_TYPE && JSON.stringify(r.inputs).includes(run.plan.endTime)) {
            lines.push(`    (a stand-in offline: ${run.plan.endTime} is the end the mocks made up for the training plan; pulumi up times this by the end it reads)`);
        }
    }
    const custom = resources.filter((r) => r.custom).length;
    lines.push("", `${resources.length} resources to create: ${custom} cloud resources in ${resources.length - custom} components`);
    lines.push(...run.reservations.flatMap((u) => reservationLines(run, u)), ...timelineLines(run), ...extra, ...costLines(run, costOptions));
    return lines.join("\n");
}

