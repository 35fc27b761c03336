import type * as awsNative from "@pulumi/aws-native";
import * as iam from "@pulumi/aws/iam";
import * as scheduler from "@pulumi/aws/scheduler";
import * as pulumi from "@pulumi/pulumi";
import { configNameOf, endpointConfigOn, EndpointConfigContent, EndpointSettingsArgs } from "./endpoint-args";
import { Retention, switchRequest } from "./endpoint-update-plan";
import { iamRoleName } from "../../core/names";
import { programNow, stackScopedName } from "../../core/program-state";
import {
    atExpression, onDemandAfterSwitch, oneTimeSchedule, planSwitch, switchPolicy, switchScheduleName, SwitchToOnDemand,
} from "../reservation/reservation-end-plan";
import { sagemakerActionTarget, serviceTrustPolicy } from "../../core/service-access";

/** What happens to an endpoint on a training plan when the plan ends. */
export interface ReservationEnd {
    /**
     * When the plan ends, ISO-8601: the endTime of the TrainingPlanReservation (TrainingPlan) that
     * bought it, or of the ExistingTrainingPlan (ReservationCheck) that checks it. An extension
     * moves the switch on the next deploy.
     */
    endTime: pulumi.Input<string>;
    /** The plan's status, from the same resource as endTime: Expired or Failed is ended, whatever the end time says. */
    status?: pulumi.Input<string>;
    /**
     * Move the endpoint to on-demand capacity `minutesBefore` the plan's end: an on-demand config
     * of the same model and settings exists ahead of time, and a one-time schedule moves the
     * endpoint onto it. Once that time has come, deploys keep the endpoint on the on-demand config.
     */
    switchToOnDemand: SwitchToOnDemand;
}

/** The switch's settings, checked: call before the component registers anything. */
export function checkSwitch(name: string, onReservationEnd: ReservationEnd | undefined, onReservation: boolean): SwitchToOnDemand | undefined {
    if (onReservationEnd === undefined) {
        return undefined;
    }
    if (!onReservation) {
        throw new Error(`${name}.onReservationEnd: goes with capacity on a training plan; this endpoint runs on demand`);
    }
    return planSwitch(`${name}.onReservationEnd.switchToOnDemand`, onReservationEnd.switchToOnDemand ?? {});
}

/** The endpoint's two configs, and which one a deploy gives it now. */
export interface SwitchableConfig {
    /** The config on demand, with the same model and settings. */
    onDemandConfig: awsNative.sagemaker.EndpointConfig;
    /** Whether the switch's time has come, by the plan's end and status as the program sees them. */
    onDemand: pulumi.Output<boolean>;
    /** The config the endpoint gets: the on-demand one once the switch's time has come, else the reserved one. */
    configName: pulumi.Output<string>;
}

/**
 * The on-demand config beside the reserved one (`<name>-on-demand-config`), and the choice
 * between them: the program itself sees that the switch has come, so a deploy after it, refreshed
 * or not, never moves the endpoint back onto a plan that is over.
 */
export function switchableConfigOn(
    parent: pulumi.Resource, name: string, namePrefix: string, content: pulumi.Output<EndpointConfigContent>, reserved: awsNative.sagemaker.EndpointConfig,
    end: ReservationEnd, minutesBefore: number, tags: EndpointSettingsArgs["tags"], countRetained: boolean,
): SwitchableConfig {
    const onDemandContent = content.apply((c) => ({
        ...c,
        productionVariants: c.productionVariants.map(({ capacityReservationConfig: _reserved, ...variant }) => variant),
    }));
    const onDemandConfig = endpointConfigOn(parent, `${name}-on-demand`, `${namePrefix}-on-demand`, onDemandContent, tags, [], countRetained);
    const onDemand = pulumi.all([end.endTime, end.status]).apply(([endTime, status]) =>
        onDemandAfterSwitch({ endTime, status }, minutesBefore, programNow()));
    const configName = pulumi.all([onDemand, configNameOf(reserved), configNameOf(onDemandConfig)])
        .apply(([switched, reservedName, onDemandName]) => switched ? onDemandName : reservedName);
    return { onDemandConfig, onDemand, configName };
}

/** What the switch's schedule acts on. */
export interface SwitchTarget {
    endpointName: pulumi.Output<string>;
    endpointArn: pulumi.Output<string>;
    onDemandConfig: awsNative.sagemaker.EndpointConfig;
    /** What the update keeps of the running variant: the instance count auto scaling set. */
    retention: pulumi.Output<Retention>;
    end: ReservationEnd;
    minutesBefore: number;
    /** Whether the program already gives the endpoint its on-demand config. */
    onDemand: pulumi.Output<boolean>;
    /** The configs' volume key, when they have one: UpdateEndpoint onto such a config needs it (see volumeKeyStatements). */
    volumeKeyArn: pulumi.Output<string | undefined>;
    tags: EndpointSettingsArgs["tags"];
}

/**
 * The one-time schedule that moves the endpoint onto its on-demand config `minutesBefore` the
 * plan's end (UTC), through Scheduler's universal target for UpdateEndpoint, with a role allowed
 * UpdateEndpoint on that endpoint and that config only. Disabled once the program itself gives
 * the endpoint that config: the call would only repeat the move, and its time may be past, which
 * Scheduler's model does not define (PASSED_ONE_TIME). Returns when it fires.
 */
export function switchScheduleOn(parent: pulumi.Resource, name: string, target: SwitchTarget): pulumi.Output<string> {
    const role = new iam.Role(`${name}-switch-role`, {
        name: iamRoleName(`${pulumi.getStack()}-${name}`, "to-on-demand"),
        description: "Lets EventBridge Scheduler move an endpoint to on-demand capacity before its training plan ends (created by sagemaker-inference)",
        assumeRolePolicy: serviceTrustPolicy("scheduler.amazonaws.com"),
        tags: target.tags,
    }, { parent });
    const onDemandConfigArn = target.onDemandConfig.endpointConfigArn;
    const policy = new iam.RolePolicy(`${name}-switch-policy`, {
        role: role.name,
        policy: pulumi.all([target.endpointArn, onDemandConfigArn, target.volumeKeyArn]).apply(([endpoint, config, key]) =>
            JSON.stringify(switchPolicy(endpoint, config, key))),
    }, { parent });
    const hours = target.minutesBefore / 60;
    const expression = pulumi.output(target.end.endTime).apply((end) => atExpression(end, hours));
    // Once the program gives the endpoint that config (the time has come, or the plan ended), the schedule is disabled.
    const sent = pulumi.all([expression, target.onDemand]).apply(([at, switched]) => oneTimeSchedule(at, programNow(), switched));
    new scheduler.Schedule(`${name}-switch`, {
        // Schedule names are unique per account and region (default group): named after project and stack.
        name: switchScheduleName(stackScopedName(name)),
        description: pulumi.interpolate`Moves endpoint ${target.endpointName} to on-demand capacity ${target.minutesBefore} minutes before its training plan ends (${target.end.endTime})`,
        scheduleExpression: sent.scheduleExpression,
        scheduleExpressionTimezone: "UTC",
        flexibleTimeWindow: { mode: "OFF" },
        state: sent.state,
        target: {
            arn: target.endpointArn.apply((arn) => sagemakerActionTarget(arn.split(":")[1], "updateEndpoint")),
            roleArn: role.arn,
            input: pulumi.all([target.endpointName, configNameOf(target.onDemandConfig), target.retention]).apply(([endpoint, config, retention]) =>
                JSON.stringify(switchRequest(endpoint, config, retention))),
        },
    }, { parent, dependsOn: [policy] });
    return expression;
}
