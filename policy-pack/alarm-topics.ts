import { keyKind } from "./encryption";
import { isAlarm } from "./sagemaker";
import { watchedMetrics } from "./scaling";
import { dependedOn, stackPolicy } from "./sdk";
import { Resource, strings, text, UNKNOWN, Violation } from "./values";

/**
 * The SNS topics that SageMaker alarms notify are encrypted with a customer managed key. Under
 * no key the notifications rest unencrypted; under the AWS managed key (alias/aws/sns) CloudWatch
 * cannot publish at all, since only a key policy the customer writes can let cloudwatch.amazonaws.com
 * use the key: the alarm fires and nobody hears it. Advisory by default: a topic may be given from
 * another stack, whose key this policy cannot see.
 */

const CLASSIC_TOPIC = "aws:sns/topic:Topic";
const isTopic = (r: Resource) => r.type === CLASSIC_TOPIC || r.type === "aws-native:sns:Topic";

/** SageMaker's CloudWatch namespaces: invocation metrics, and the instance and component metrics under /aws/sagemaker/. */
const SAGEMAKER_NAMESPACE = /^(AWS\/SageMaker|\/aws\/sagemaker\/.+)$/;

/** The properties through which an alarm notifies, in every state change CloudWatch publishes. */
const ACTION_PROPERTIES = ["alarmActions", "okActions", "insufficientDataActions"];

function topicArn(topic: Resource): string | undefined {
    const arn = text(topic.type === CLASSIC_TOPIC ? topic.props.arn : topic.props.topicArn);
    return typeof arn === "string" ? arn : undefined;
}

/** The topics of the stack each SageMaker alarm notifies, by the output it takes or by ARN. */
function notifiedBy(resources: Resource[]): Map<Resource, Resource[]> {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const topics = resources.filter(isTopic);
    const notified = new Map<Resource, Resource[]>();
    for (const alarm of resources.filter(isAlarm)) {
        if (!watchedMetrics(alarm).some((m) => typeof m.namespace === "string" && SAGEMAKER_NAMESPACE.test(m.namespace))) {
            continue;
        }
        for (const property of ACTION_PROPERTIES) {
            const arns = strings(alarm.props[property]);
            const found = [
                ...dependedOn(alarm, property, byUrn).filter(isTopic),
                ...(arns === UNKNOWN ? [] : topics.filter((t) => {
                    const arn = topicArn(t);
                    return arn !== undefined && arns.includes(arn);
                })),
            ];
            for (const topic of found) {
                const alarms = notified.get(topic) ?? [];
                notified.set(topic, alarms.includes(alarm) ? alarms : [...alarms, alarm]);
            }
        }
    }
    return notified;
}

export function checkAlarmTopics(resources: Resource[]): Violation[] {
    const fix = "set its kmsMasterKeyId to a customer managed KMS key whose key policy lets cloudwatch.amazonaws.com use it (kms:Decrypt, kms:GenerateDataKey*)";
    const notified = notifiedBy(resources);
    return resources.filter((r) => notified.has(r)).flatMap((topic): Violation[] => {
        const alarms = notified.get(topic)!;
        const key = text(topic.props.kmsMasterKeyId);
        const which = `topic ${topic.name}, which the SageMaker alarm${alarms.length > 1 ? "s" : ""} ${alarms.map((a) => a.name).join(", ")} notif${alarms.length > 1 ? "y" : "ies"},`;
        switch (keyKind(key)) {
            case "none": return [{ urn: topic.urn, message: `${which} is not encrypted: ${fix}` }];
            case "aws-managed": return [{ urn: topic.urn, message: `${which} is encrypted with ${String(key)}, an AWS managed key whose policy CloudWatch cannot use, so CloudWatch's notifications to it are never delivered: ${fix}` }];
            default: return [];
        }
    });
}

export const alarmTopicPolicy = stackPolicy<Record<string, never>>({
    name: "sagemaker-alarm-topic-encryption",
    description: "SNS topics that SageMaker alarms notify are encrypted with a customer managed KMS key that CloudWatch may use (it cannot publish under alias/aws/sns).",
    enforcementLevel: "advisory",
}, checkAlarmTopics);
