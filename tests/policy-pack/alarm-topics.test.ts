import * as assert from "assert";
import { alarmTopicPolicy } from "../../policy-pack/alarm-topics";
import { TYPES } from "../../policy-pack/sagemaker";
import { runStackPolicy, TestResource, UNKNOWN_STRING, urnOf } from "./support";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:sagemaker-alarms";
const classicTopic = (name: string, props: Record<string, unknown> = {}): TestResource => ({ type: "aws:sns/topic:Topic", name, props: { arn: `${TOPIC_ARN}-${name}`, ...props } });
const nativeTopic = (name: string, props: Record<string, unknown> = {}): TestResource => ({ type: "aws-native:sns:Topic", name, props: { topicArn: `${TOPIC_ARN}-${name}`, ...props } });
/** A classic alarm on a metric of `namespace`, notifying the topics it takes the outputs of. */
const classicAlarm = (name: string, namespace: string, topics: TestResource[], props: Record<string, unknown> = {}): TestResource => ({
    type: TYPES.classicAlarm, name,
    props: { namespace, metricName: "Invocation5XXErrors", dimensions: { EndpointName: "chat", VariantName: "AllTraffic" }, alarmActions: topics.map(() => UNKNOWN_STRING), ...props },
    propertyDependencies: { alarmActions: topics.map((t) => t.name) },
});

async function messages(resources: TestResource[]) {
    return (await runStackPolicy(alarmTopicPolicy, resources)).map((v) => `${v.urn?.split("::").pop()}: ${v.message}`);
}

describe("policy sagemaker-alarm-topic-encryption", () => {
    it("is advisory by default, and takes no settings", () => {
        assert.strictEqual(alarmTopicPolicy.enforcementLevel, "advisory");
        assert.strictEqual(alarmTopicPolicy.configSchema, undefined);
    });

    it("passes topics of either provider that SageMaker alarms notify, encrypted with a customer key, joined by output or by ARN", async () => {
        const classic = classicTopic("errors", { kmsMasterKeyId: KEY });
        const native = nativeTopic("latency", { kmsMasterKeyId: "alias/sagemaker-alarms" });
        assert.deepStrictEqual(await messages([
            classic, native,
            classicAlarm("errors-alarm", "AWS/SageMaker", [classic]),
            { type: TYPES.nativeAlarm, name: "latency-alarm", props: { namespace: "/aws/sagemaker/Endpoints", metricName: "GPUUtilization", okActions: [native.props.topicArn] } },
        ]), []);
    });

    it("refuses a topic a SageMaker alarm notifies that has no key, or an AWS managed key, under which CloudWatch cannot publish", async () => {
        const plain = classicTopic("plain");
        const managed = nativeTopic("managed", { kmsMasterKeyId: "alias/aws/sns" });
        const managedArn = classicTopic("managed-arn", { kmsMasterKeyId: "arn:aws:kms:us-east-1:123456789012:alias/aws/sns" });
        assert.deepStrictEqual(await messages([
            plain, managed, managedArn,
            classicAlarm("errors-alarm", "AWS/SageMaker", [plain]),
            classicAlarm("gpu-alarm", "/aws/sagemaker/InferenceComponents", [plain, managedArn]),
            { type: TYPES.nativeAlarm, name: "backlog-alarm", props: { namespace: "AWS/SageMaker", metricName: "ApproximateBacklogSize", insufficientDataActions: [managed.props.topicArn] } },
        ]), [
            "plain: topic plain, which the SageMaker alarms errors-alarm, gpu-alarm notify, is not encrypted: set its kmsMasterKeyId to a customer managed KMS key whose key policy lets cloudwatch.amazonaws.com use it (kms:Decrypt, kms:GenerateDataKey*)",
            "managed: topic managed, which the SageMaker alarm backlog-alarm notifies, is encrypted with alias/aws/sns, an AWS managed key whose policy CloudWatch cannot use, so CloudWatch's notifications to it are never delivered: set its kmsMasterKeyId to a customer managed KMS key whose key policy lets cloudwatch.amazonaws.com use it (kms:Decrypt, kms:GenerateDataKey*)",
            "managed-arn: topic managed-arn, which the SageMaker alarm gpu-alarm notifies, is encrypted with arn:aws:kms:us-east-1:123456789012:alias/aws/sns, an AWS managed key whose policy CloudWatch cannot use, so CloudWatch's notifications to it are never delivered: set its kmsMasterKeyId to a customer managed KMS key whose key policy lets cloudwatch.amazonaws.com use it (kms:Decrypt, kms:GenerateDataKey*)",
        ]);
        // A classic topic named by its ARN alone (arn, where aws-native's is topicArn).
        const byArn = classicTopic("by-arn");
        assert.deepStrictEqual(await messages([
            byArn, classicAlarm("errors-alarm", "AWS/SageMaker", [], { alarmActions: [byArn.props.arn] }),
        ]), [
            "by-arn: topic by-arn, which the SageMaker alarm errors-alarm notifies, is not encrypted: set its kmsMasterKeyId to a customer managed KMS key whose key policy lets cloudwatch.amazonaws.com use it (kms:Decrypt, kms:GenerateDataKey*)",
        ]);
    });

    it("finds SageMaker alarms by their metric queries' namespace too", async () => {
        const plain = classicTopic("plain");
        const query = { id: "m1", metric: { namespace: "AWS/SageMaker", metricName: "ModelLatency", period: 60, stat: "p99" } };
        assert.strictEqual((await messages([plain, classicAlarm("math", "", [plain], { namespace: undefined, metricName: undefined, metricQueries: [query] })])).length, 1);
    });

    it("leaves alone topics no SageMaker alarm notifies, other alarm actions, and keys or namespaces unknown during preview", async () => {
        const plain = classicTopic("plain");
        const later = classicTopic("later", { kmsMasterKeyId: UNKNOWN_STRING });
        const scaling: TestResource = { type: TYPES.classicScalingPolicy, name: "scale-out", props: { arn: "arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:x" } };
        assert.deepStrictEqual(await messages([
            plain, later, scaling, classicTopic("unused"),
            classicAlarm("cpu-alarm", "AWS/EC2", [plain]),
            classicAlarm("wake-alarm", "AWS/SageMaker", [scaling, later]),
            classicAlarm("unknown-alarm", UNKNOWN_STRING, [plain]),
        ]), []);
    });

    it("reports each violation on the topic", async () => {
        const plain = classicTopic("plain");
        const [v] = await runStackPolicy(alarmTopicPolicy, [plain, classicAlarm("a", "AWS/SageMaker", [plain])]);
        assert.strictEqual(v.urn, urnOf(plain));
    });
});
