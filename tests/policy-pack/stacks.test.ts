import * as assert from "assert";
import { packArgs } from "../../policy-pack/policies";
import { TYPES } from "../../policy-pack/sagemaker";
import { loadStackConfig, registered, runProgram } from "../support/harness";
import { PackConfig, runPack, TestResource } from "./support";

/**
 * The three stacks against the pack with its defaults: each program run offline, as `npm run plan`
 * runs it, and its registered resources (their inputs, which the providers echo in their outputs)
 * handed to every policy. Advisory violations are allowed; mandatory ones are not. Then each
 * stack's own resources, changed as a careless edit would change them, fail the policy that joins
 * them: the joins work on the shapes this package registers, not only on the tests' fixtures.
 */
const runs = new Map<string, Promise<TestResource[]>>();
function stackResources(stack: string): Promise<TestResource[]> {
    if (!runs.has(stack)) {
        runs.set(stack, runProgram({ stack, config: loadStackConfig(stack) }).then((run) => registered(run.resources).map((r) => ({
            type: r.type,
            name: r.name,
            urn: r.urn,
            props: r.inputs,
            propertyDependencies: r.propertyDependencies,
        }))));
    }
    return runs.get(stack)!;
}

async function mandatoryViolations(resources: TestResource[], config: PackConfig = {}): Promise<string[]> {
    const violations = await runPack(packArgs, resources, config);
    return violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => `${v.policy}: ${v.message}`);
}

/** The resources with one changed: `change` returns its new properties, for the resources `which` picks. */
function changed(resources: TestResource[], which: (r: TestResource) => boolean, change: (props: Record<string, unknown>) => Record<string, unknown>): TestResource[] {
    const found = resources.filter(which);
    assert.ok(found.length > 0, "the stack has the resource to change");
    return resources.map((r) => (which(r) ? { ...r, props: change(r.props) } : r));
}

describe("the policy pack on the three stacks", () => {
    for (const stack of ["evaluation", "dev", "production"]) {
        it(`passes the ${stack} stack with its defaults`, async () => {
            assert.deepStrictEqual(await mandatoryViolations(await stackResources(stack)), []);
        });
    }

    // The stacks' mandatory violations apart from the changed one's: encryption is the stacks' own business.
    const only = (policy: string) => ({ [`${policy}`]: "mandatory" as const, ...Object.fromEntries(packArgs.policies.filter((p) => p.name !== policy).map((p) => [p.name, "disabled" as const])) });

    it("finds the evaluation stack's endpoints off their training plan's instance type, joined through its ReservationCheck", async () => {
        const resources = changed(await stackResources("evaluation"), (r) => r.type === TYPES.reservationCheck, (p) => ({ ...p, instanceType: "ml.p4d.24xlarge" }));
        assert.deepStrictEqual(await mandatoryViolations(resources, only("sagemaker-training-plan-capacity")), ["a", "b"].map((c) =>
            `sagemaker-training-plan-capacity: endpoint config llama3-70b-ft-${c}-config, variant AllTraffic, runs ml.p5.48xlarge on a training plan of ml.p4d.24xlarge (reservation check reservation-check): use the plan's instance type`));
    });

    it("finds the dev stack's components unable to wake without their alarms", async () => {
        const resources = (await stackResources("dev")).filter((r) => !(r.type === TYPES.classicAlarm && r.props.metricName === "NoCapacityInvocationFailures"));
        const violations = await mandatoryViolations(resources, only("sagemaker-scale-to-zero-wake-alarm"));
        assert.deepStrictEqual(violations.map((v) => /inference component (\S+) scales to zero copies .* a request would never wake it$/.exec(v)?.[1]), ["llama3-8b-instruct", "mistral-7b-instruct"]);
    });

    it("finds a FullAccess policy attached to the dev stack's execution role through the role's output", async () => {
        const resources = await stackResources("dev");
        const role = resources.find((r) => r.type === "aws:iam/role:Role" && r.name === "execution-role")!;
        const attachment: TestResource = {
            type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name: "full-access",
            props: { role: "resolved-later", policyArn: "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess" }, propertyDependencies: { role: [role.urn!] },
        };
        assert.deepStrictEqual(await mandatoryViolations([...resources, attachment], only("sagemaker-role-least-privilege")), [
            "sagemaker-role-least-privilege: role execution-role, which sagemaker.amazonaws.com assumes, has managed policy arn:aws:iam::aws:policy/AmazonSageMakerFullAccess: grant the actions it needs on its resources instead",
        ]);
    });

    it("finds the production stack's asynchronous results unencrypted without the stack's key on their output config", async () => {
        const resources = changed(await stackResources("production"), (r) => r.type === TYPES.nativeEndpointConfig && r.props.asyncInferenceConfig !== undefined,
            (p) => {
                const { kmsKeyId: _, ...outputConfig } = (p.asyncInferenceConfig as { outputConfig: Record<string, unknown> }).outputConfig;
                return { ...p, asyncInferenceConfig: { ...(p.asyncInferenceConfig as object), outputConfig } };
            });
        assert.deepStrictEqual((await mandatoryViolations(resources, only("sagemaker-endpoint-encryption"))).map((v) => v.replace(/\(s3:\/\/[^)]*\)/, "(s3://…)")), [
            "sagemaker-endpoint-encryption: the asynchronous results of endpoint config async-config (s3://…) are not encrypted with a customer managed KMS key: set asyncInferenceConfig.outputConfig.kmsKeyId (a key id, key ARN, alias or alias ARN)",
        ]);
    });

    it("joins the dev stack's alarm topic to the SageMaker alarms that notify it, and finds it under the AWS managed key", async () => {
        const isTopic = (r: TestResource) => r.type === "aws:sns/topic:Topic" && r.name === "sagemaker-inference-dev-alarm-topic";
        const findings = async (key: string) => (await runPack(packArgs, changed(await stackResources("dev"), isTopic, (p) => ({ ...p, kmsMasterKeyId: key })), only("sagemaker-alarm-topic-encryption")))
            .map((v) => v.message);
        assert.deepStrictEqual(await findings("arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b"), []);
        const [managed, ...rest] = await findings("alias/aws/sns");
        assert.deepStrictEqual(rest, []);
        assert.match(managed, /^topic sagemaker-inference-dev-alarm-topic, which the SageMaker alarms sagemaker-inference-dev-server-errors-alarm, .*llama3-8b-instruct-failed-invocations-alarm.* notify, is encrypted with alias\/aws\/sns, an AWS managed key/);
    });

    it("finds the production stack's auto-scaled endpoint resetting its capacity, and its asynchronous endpoint unable to wake", async () => {
        let resources = changed(await stackResources("production"), (r) => r.type === TYPES.nativeEndpoint && r.name === "realtime-endpoint", ({ retainAllVariantProperties: _, ...p }) => p);
        resources = resources.filter((r) => !(r.type === TYPES.classicAlarm && r.props.metricName === "HasBacklogWithoutCapacity"));
        const violations = await mandatoryViolations(resources, { ...only("sagemaker-retain-variant-properties"), "sagemaker-scale-to-zero-wake-alarm": "mandatory" });
        assert.deepStrictEqual(violations.map((v) => v.replace(/\(.*$/, "")), [
            "sagemaker-scale-to-zero-wake-alarm: endpoint sagemaker-inference-production-async scales variant AllTraffic to zero instances ",
            "sagemaker-retain-variant-properties: endpoint sagemaker-inference-production-realtime is auto scaled ",
        ]);
    });
});
