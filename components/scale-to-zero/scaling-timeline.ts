import { TARGET_TRACKING_SCALE_IN_MINUTES } from "./inference-component-plan";

/**
 * How fast a scale-to-zero setup reacts, derived from its configuration: how long each step
 * can take by the settings, not a measurement of SageMaker. Plain values in, plain values out.
 */

/** The settings that decide the timeline, as deployed. */
export interface TimelineSettings {
    /** Seconds between datapoints of the endpoint's invocation metrics (its publish frequency with enhanced metrics, else 60). */
    invocationMetricSeconds: number;
    /** The NoCapacityInvocationFailures alarm. */
    wakeAlarm: { periodSeconds: number; datapointsToAlarm: number };
    /** Minutes of the idle scale-in's window; undefined when target tracking alone scales in. */
    idleMinutes?: number;
    /** The endpoint's ScaleInPolicy; undefined for SageMaker's default release of idle instances. */
    scaleInPolicy?: { strategy: string; cooldownInMinutes?: number };
}

export interface ScalingTimeline {
    /** First request to a parked model until its scale-out starts: the metric's delay plus the alarm's datapoints. */
    wakeTriggerSeconds: number;
    /** Last request until zero copies. */
    idleToZeroCopiesSeconds: number;
    /** Zero copies until zero instances; undefined when SageMaker decides (no ScaleInPolicy). */
    zeroCopiesToZeroInstancesSeconds?: number;
}

/** ScaleInPolicy.CooldownInMinutes when a policy leaves it unset (SageMaker API documentation). */
export const SCALE_IN_POLICY_DEFAULT_COOLDOWN_MINUTES = 20;

/** The figures AWS's scale-to-zero walkthrough measured with its settings, for comparison. */
export const WALKTHROUGH_TIMELINE = { wakeTriggerSeconds: 60, idleToZeroCopiesSeconds: 15 * 60, zeroCopiesToZeroInstancesSeconds: 10 * 60 };

export function scalingTimeline(s: TimelineSettings): ScalingTimeline {
    // A one-minute window only closes a minute after it opened: the last request may sit at its start.
    const idleMinutes = s.idleMinutes ?? TARGET_TRACKING_SCALE_IN_MINUTES;
    const timeline: ScalingTimeline = {
        wakeTriggerSeconds: s.invocationMetricSeconds + s.wakeAlarm.periodSeconds * s.wakeAlarm.datapointsToAlarm,
        idleToZeroCopiesSeconds: (idleMinutes + 1) * 60,
    };
    if (s.scaleInPolicy !== undefined) {
        timeline.zeroCopiesToZeroInstancesSeconds = (s.scaleInPolicy.cooldownInMinutes ?? SCALE_IN_POLICY_DEFAULT_COOLDOWN_MINUTES) * 60;
    }
    return timeline;
}

/** Seconds as people read them: "20 s", "16 min", "1 min 30 s". */
export function duration(seconds: number): string {
    const minutes = Math.floor(seconds / 60);
    const rest = seconds % 60;
    if (minutes === 0) {
        return `${rest} s`;
    }
    return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}
