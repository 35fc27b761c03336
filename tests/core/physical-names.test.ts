import * as assert from "assert";
import { AsyncInferenceEndpoint } from "../../components/async/async-endpoint";
import { ReservedEndpoint } from "../../components/endpoint/reserved-endpoint";
import { InferenceModel } from "../../components/model/inference-model";
import { ScalableInferenceComponent } from "../../components/scale-to-zero/inference-component";
import { ScaleToZeroEndpoint } from "../../components/scale-to-zero/scale-to-zero-endpoint";
import { apiViolations, AwsService } from "../support/aws-spec";
import { RecordedResource, runProgram, TYPES } from "../support/harness";

const IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128";
const ROLE = "arn:aws:iam::123456789012:role/shared-sagemaker-execution";
const config = { "aws:region": "us-east-1" };
const SCHEDULE = { timezone: "Europe/Berlin", scaleInCron: "cron(0 18 ? * FRI *)", scaleOutCron: "cron(0 7 ? * MON *)", scaleOutCopyCount: 2 };

/** The README's YAML example, as TypeScript: an endpoint and one component, every name left to its default. */
function readmeExample() {
    const endpoint = new ScaleToZeroEndpoint("endpoint", { instanceType: "ml.g5.12xlarge", maxInstanceCount: 2 });
    new ScalableInferenceComponent("llama", {
        endpointName: endpoint.endpointName,
        instanceType: "ml.g5.12xlarge",
        endpointExecutionRoleName: endpoint.executionRoleName,
        modelName: "llama3-8b-instruct",
        autoScaling: { maxCopies: 2 },
    });
}

/** Every component that names something, with every name left to its default, and a role shared by both stacks. */
function everyComponent(logical: (name: string) => string) {
    return () => {
        const model = new InferenceModel(logical("model"), { image: IMAGE, executionRoleArn: ROLE });
        const endpoint = new ScaleToZeroEndpoint(logical("endpoint"), {
            instanceType: "ml.g5.12xlarge", maxInstanceCount: 2, executionRoleArn: ROLE, schedule: SCHEDULE,
        });
        new ScalableInferenceComponent(logical("component"), {
            ...endpoint.placement(), modelName: model.modelName, autoScaling: { maxCopies: 2, scaleInToZeroAfterIdleMinutes: 5 },
        });
        new ReservedEndpoint(logical("realtime"), {
            modelName: model.modelName, instanceType: "ml.g5.2xlarge",
            autoScaling: { minInstanceCount: 1, maxInstanceCount: 2, targetInvocationsPerInstance: 40 },
        });
        new AsyncInferenceEndpoint(logical("async"), { modelName: model.modelName, instanceType: "ml.g5.2xlarge", maxInstanceCount: 2 });
    };
}

/** The input that is a resource's physical name, where its API takes it, for every resource that has one. */
const PHYSICAL: Record<string, { input: string; service?: AwsService; shape?: string; member?: string }> = {
    // CreateModel's and CreateInferenceComponent's name shapes have EndpointName's pattern and length: checked against it.
    [TYPES.model]: { input: "name", service: "sagemaker", shape: "CreateEndpointInput", member: "EndpointName" },
    [TYPES.endpointConfig]: { input: "endpointConfigName", service: "sagemaker", shape: "CreateEndpointConfigInput", member: "EndpointConfigName" },
    [TYPES.endpoint]: { input: "endpointName", service: "sagemaker", shape: "CreateEndpointInput", member: "EndpointName" },
    [TYPES.inferenceComponent]: { input: "inferenceComponentName", service: "sagemaker", shape: "CreateEndpointInput", member: "EndpointName" },
    [TYPES.alarm]: { input: "name", service: "cloudwatch", shape: "PutMetricAlarmInput", member: "AlarmName" },
    [TYPES.scalingPolicy]: { input: "name", service: "application-autoscaling", shape: "PutScalingPolicyRequest", member: "PolicyName" },
    [TYPES.schedule]: { input: "name", service: "scheduler", shape: "CreateScheduleInput", member: "Name" },
    [TYPES.topic]: { input: "name" },
    [TYPES.role]: { input: "name" },
    [TYPES.bucket]: { input: "bucketPrefix" },
};

/** `<type> <physical name>` of every named resource of a run; scaling policies are named per scalable target. */
function physicalNames(resources: RecordedResource[]): string[] {
    return resources.flatMap((r) => {
        const physical = PHYSICAL[r.type];
        if (physical === undefined) {
            return [];
        }
        const scope = r.type === TYPES.scalingPolicy ? ` on ${r.inputs.resourceId}` : "";
        return [`${r.type} ${r.inputs[physical.input]}${scope}`];
    });
}

async function twoStacks(program: () => void): Promise<[string[], string[]]> {
    const a = await runProgram({ stack: "team-a", config, program });
    const b = await runProgram({ stack: "team-b", config, program });
    return [physicalNames(a.resources), physicalNames(b.resources)];
}

describe("default physical names", () => {
    it("let two stacks of the README's YAML example share an account and region: no physical name in common", async () => {
        const [a, b] = await twoStacks(readmeExample);
        assert.deepStrictEqual(a.filter((n) => b.includes(n)), []);
        assert.ok(a.includes(`${TYPES.endpoint} sagemaker-inference-team-a-endpoint`), a.join("\n"));
        assert.ok(a.includes(`${TYPES.inferenceComponent} sagemaker-inference-team-a-llama`), a.join("\n"));
    });

    it("differ between stacks for every component, even with one role given to both", async () => {
        const [a, b] = await twoStacks(everyComponent((n) => n));
        assert.ok(a.length >= 18, a.join("\n"));
        assert.deepStrictEqual(a.filter((n) => b.includes(n)), []);
    });

    it("are valid for each API with long logical names, project and stack", async () => {
        const long = (n: string) => `${n}-${"Very_Long.Logical Name/".repeat(4)}`;
        const stack = "a-stack-name-as-long-as-anyone-would-ever-choose-for-a-deployment";
        const run = await runProgram({ stack, config, program: everyComponent(long) });
        const checked = run.resources.filter((r) => PHYSICAL[r.type]?.service !== undefined);
        assert.ok(checked.length >= 15, `${checked.length} named resources`);
        for (const r of checked) {
            const { input, service, shape, member } = PHYSICAL[r.type];
            const name = r.inputs[input];
            const violations = apiViolations(service!, shape!, { [member!]: name }).filter((v) => v.startsWith(`${member} `));
            assert.deepStrictEqual(violations, [], `${r.type} ${r.name}: ${name}`);
        }
    });

    it("namePrefix replaces the project and stack: each component keeps the names it had from its logical name alone", async () => {
        const run = await runProgram({
            stack: "team-a", config, program: () => {
                const endpoint = new ScaleToZeroEndpoint("endpoint", { instanceType: "ml.g5.12xlarge", maxInstanceCount: 2, executionRoleArn: ROLE, namePrefix: "endpoint" });
                const model = new InferenceModel("llama", { image: IMAGE, executionRoleArn: ROLE, namePrefix: "llama" });
                new ScalableInferenceComponent("llama", { ...endpoint.placement(), modelName: model.modelName, namePrefix: "llama", autoScaling: { maxCopies: 2 } });
            },
        });
        const names = physicalNames(run.resources).map((n) => n.split(" ").slice(1).join(" "));
        assert.deepStrictEqual(names.filter((n) => n.includes("team-a")), []);
        for (const expected of ["endpoint", "llama", "llama-no-capacity", "llama-target-tracking on inference-component/llama"]) {
            assert.ok(names.includes(expected), `${expected} in ${names.join(", ")}`);
        }
        assert.ok(names.some((n) => /^endpoint-[0-9a-f]{8}$/.test(n)) && names.some((n) => /^llama-[0-9a-f]{8}$/.test(n)), names.join(", "));
    });
});
