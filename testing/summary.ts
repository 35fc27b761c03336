/**
 * `npm run plan -- --stack <name>`: runs a stack's program offline, under mocks, with its committed
 * Pulumi.<stack>.yaml, and prints what it would create. A plan, not a deployment.
 */
import {
    ENDPOINT_CONFIG_TYPE, ENDPOINT_TYPE, givenConfig, INFERENCE_COMPONENT_TYPE, loadStackConfig, ProgramRun, RecordedResource, RESERVATION_CHECK_TYPE,
    runProgram, RUNTIME_CONFIG_TYPE, SECRET_PLACEHOLDER, TRAINING_PLAN_TYPE, UPDATE_GUARD_TYPE,
} from "./offline-runtime";
import { describeCapture } from "../components/endpoint/data-capture-plan";
import { updateFit } from "../components/endpoint/endpoint-update-plan";
import { invocationMetricSeconds } from "../components/monitoring/metrics-plan";
import { ReservationUsage } from "../components/reservation/reservation";
import { PASSED_ONE_TIME } from "../components/reservation/reservation-end-plan";
import { duration, scalingTimeline, SEED_TIMELINE } from "../components/scale-to-zero/scaling-timeline";
import { weeklyInstanceHours } from "../components/scaling/schedule-plan";
import { settingsOf } from "../stacks/config";
import { STACK_SCHEMAS, unknownStack } from "../stacks/programs";
import { parseDevConfig } from "../stacks/dev-config";

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
        const wake = alarms.find((a) => a.inputs.dimensions?.InferenceComponentName === name);
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
                `(metrics every ${invocationMetricSeconds(metrics)} s + alarm ${wake.inputs.datapointsToAlarm} x ${wake.inputs.period} s; seed measured ~${duration(SEED_TIMELINE.wakeTriggerSeconds)})`,
            `  last request until zero copies: ${duration(t.idleToZeroCopiesSeconds)} ` +
                `(${idle ? `idle scale-in after ${idle.inputs.evaluationPeriods} min` : "target tracking's 15 one-minute datapoints"}; seed measured ~${duration(SEED_TIMELINE.idleToZeroCopiesSeconds)})`,
            `  zero copies until zero instances: ${t.zeroCopiesToZeroInstancesSeconds === undefined
                ? "as SageMaker releases idle instances (no scaleIn policy)" : `${duration(t.zeroCopiesToZeroInstancesSeconds)} (scaleIn cooldown)`}` +
                `; seed measured ~${duration(SEED_TIMELINE.zeroCopiesToZeroInstancesSeconds)}`,
        );
    }
    return lines;
}

/**
 * What the dev stack's schedule allows over the 52 weeks from `from`: the most instance-hours in
 * any week against the same endpoint always on. Empty for other stacks or without a schedule.
 */
export function scheduleSummary(stack: string, config: Record<string, unknown>, from: Date): string[] {
    if (stack !== "dev") {
        return [];
    }
    // The settings as the program reads them, by the same rules: what it deploys, the plan sums up.
    const dev = parseDevConfig(settingsOf(givenConfig(config).values, stack, STACK_SCHEMAS));
    if (dev.schedule === undefined) {
        return [`no schedule: at most ${168 * dev.maxInstanceCount} instance-hours per week (${dev.maxInstanceCount} x ${dev.instanceType} always allowed)`];
    }
    const h = weeklyInstanceHours(dev.schedule, dev.maxInstanceCount, from);
    const lines = [
        `schedule: to 0 copies at ${dev.schedule.scaleInCron}, back to ${dev.schedule.scaleOutCopyCount} at ${dev.schedule.scaleOutCron} (${dev.schedule.timezone})`,
        `at most ${h.scheduledInstanceHours} instance-hours per week (${h.onHours} h on x ${dev.maxInstanceCount} x ${dev.instanceType}) ` +
        `against ${h.alwaysOnInstanceHours} always on: ${Math.round((1 - h.scheduledInstanceHours / h.alwaysOnInstanceHours) * 100)} % fewer, ` +
        `over the 52 weeks from ${from.toISOString().slice(0, 10)}; requests in off-hours still wake components`,
    ];
    for (const cron of h.neverFires) {
        lines.push(`warning: ${cron} ${dev.schedule[cron]} never fires in those 52 weeks`);
    }
    return lines;
}

/** The plan as printed: one line per resource, the summary, then reservation usage and extra lines. */
export function formatPlan(stack: string, run: ProgramRun, extra: string[] = []): string {
    const resources = run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack");
    const lines = [`Plan for stack "${stack}" (offline, under mocks: nothing is deployed)`, ""];
    for (const r of resources) {
        lines.push(`+ ${r.type} ${r.name}${r.custom ? "" : " (component)"}`);
        const s = settings(r);
        if (s) {
            lines.push(`    ${s}`);
        }
    }
    const custom = resources.filter((r) => r.custom).length;
    lines.push("", `${resources.length} resources to create: ${custom} cloud resources in ${resources.length - custom} components`);
    lines.push(...run.reservations.flatMap((u) => reservationLines(run, u)), ...timelineLines(run), ...extra);
    return lines.join("\n");
}

/** The value of `--<flag> <value>` or `--<flag>=<value>`, if given. */
function flag(argv: string[], name: string): string | undefined {
    const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
    return i < 0 ? undefined : argv[i].includes("=") ? argv[i].slice(argv[i].indexOf("=") + 1) : argv[i + 1];
}

/** `--stack <name>`, and `--config <file>` to plan another config than the committed Pulumi.<stack>.yaml. */
export function planArguments(argv: string[]): { stack: string; configFile?: string } {
    const stack = flag(argv, "stack");
    if (!stack) {
        throw new Error("usage: npm run plan -- --stack <evaluation|dev|production> [--config <Pulumi.<stack>.yaml to use instead>]");
    }
    return { stack, configFile: flag(argv, "config") };
}

/**
 * What the plan says of its region when the config sets no `aws:region`: which one it used and
 * why, as `pulumi up` would pick it on this machine. Empty when the config sets one.
 */
export function regionNote(config: Record<string, unknown>, file: string, env: NodeJS.ProcessEnv): string[] {
    if (typeof config["aws:region"] === "string") {
        return [];
    }
    const fromEnv = env.AWS_REGION ? "AWS_REGION" : env.AWS_DEFAULT_REGION ? "AWS_DEFAULT_REGION" : undefined;
    return [fromEnv
        ? `region: ${file} sets no aws:region; the plan uses ${env[fromEnv]} from ${fromEnv}, as pulumi up would on this machine`
        : `region: ${file} sets no aws:region and neither AWS_REGION nor AWS_DEFAULT_REGION is set; the plan assumes us-east-1 ` +
            "for the ARNs it makes up, while pulumi up would take your AWS profile's region. Set aws:region to plan the stack's own"];
}

/** The command: prints the plan, or the error; returns the exit code. */
export async function plan(argv: string[], print: (line: string) => void, printError: (line: string) => void): Promise<number> {
    try {
        const { stack, configFile } = planArguments(argv);
        const unknown = unknownStack(stack);
        if (unknown !== undefined) {
            throw new Error(unknown);
        }
        const config = loadStackConfig(stack, configFile);
        const run = await runProgram({ stack, config });
        const region = regionNote(config, configFile ?? `Pulumi.${stack}.yaml`, process.env);
        print(formatPlan(stack, run, [...region, ...scheduleSummary(stack, config, new Date())]));
        return 0;
    } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        // A rule the placeholder breaks says nothing of the encrypted value itself.
        const note = message.includes(JSON.stringify(SECRET_PLACEHOLDER))
            ? ` (${SECRET_PLACEHOLDER} stands for an encrypted value, which the plan cannot decrypt: pulumi preview checks the value itself)` : "";
        printError(`plan failed: ${message}${note}`);
        return 1;
    }
}

if (require.main === module) {
    void plan(process.argv.slice(2), console.log, console.error).then((code) => { process.exitCode = code; });
}
