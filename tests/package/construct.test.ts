/**
 * Each component constructed the way the plugin constructs it for another language's program
 * (ShippedSchemaProvider.construct, with the args as plain inputs, its outputs picked by the
 * committed schema) registers, under Pulumi's mocks, the same graph as the same args constructed
 * directly in TypeScript.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { ShippedSchemaProvider } from "../../plugin-provider";
import { PACKAGE_NAME, PROVIDED_COMPONENTS } from "../../provided-components";
import { RecordedResource, runProgram } from "../../scripts/offline-runtime";

const ROOT = path.join(__dirname, "..", "..");
const PLAN = "arn:aws:sagemaker:us-east-1:123456789012:training-plan/p5-eval";
const KEY = "arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b";

/** Args for each component, as a Python or YAML program would give them: plain values. */
const ARGS: Record<string, Record<string, unknown>> = {
    InferenceModel: {
        image: "763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128", modelDataUrl: "s3://acme-models/llama3-8b/",
        vpcConfig: { securityGroupIds: ["sg-0a1b2c3d4e5f60718"], subnets: ["subnet-0a1b2c3d4e5f60718", "subnet-1b2c3d4e5f6071829"] }, enableNetworkIsolation: true,
    },
    ReservedEndpoint: {
        modelName: "llama3-8b", instanceType: "ml.p5.48xlarge",
        reservation: { reservationArn: PLAN, reservedInstanceType: "ml.p5.48xlarge", reservedInstanceCount: 2 },
        autoScaling: { minInstanceCount: 1, maxInstanceCount: 2, targetInvocationsPerInstance: 40 },
        onReservationEnd: { endTime: "2026-12-31T00:00:00Z", status: "Active", switchToOnDemand: { minutesBefore: 60 } },
        kmsKeyArn: KEY, dataCapture: { destinationS3Uri: "s3://acme-captures/llama3-8b/", samplingPercentage: 20 }, modelExecutionRoleName: "llama3-8b-role",
        alarms: { latencyThresholdMs: 5000 }, dashboard: true,
    },
    ScaleToZeroEndpoint: {
        instanceType: "ml.g5.12xlarge", maxInstanceCount: 2, scaleIn: { strategy: "IDLE_RELEASE", cooldownMinutes: 10 },
        schedule: { timezone: "Europe/Berlin", scaleInCron: "cron(0 18 ? * FRI *)", scaleOutCron: "cron(0 7 ? * MON *)", scaleOutCopyCount: 1 },
        vpcConfig: { securityGroupIds: ["sg-0a1b2c3d4e5f60718"], subnets: ["subnet-0a1b2c3d4e5f60718"] }, kmsKeyArn: KEY, alarms: {},
    },
    EndpointDashboard: { endpointName: "llm", instanceType: "ml.g5.12xlarge", kind: "inference-components", inferenceComponentNames: ["llm-llama3-8b"] },
    ScalableInferenceComponent: {
        endpointName: "llm", instanceType: "ml.g5.12xlarge", modelName: "llama3-8b", acceleratorCount: 1,
        autoScaling: { maxCopies: 2, scaleInToZeroAfterIdleMinutes: 10 }, parked: true,
    },
    AsyncInferenceEndpoint: { modelName: "summarizer", instanceType: "ml.g5.2xlarge", maxInstanceCount: 2, includeInferenceResponseIn: ["SUCCESS_NOTIFICATION_TOPIC"] },
    TrainingPlanReservation: { planName: "p5-eval", instanceType: "ml.p5.48xlarge", instanceCount: 2, durationHours: 168, maxUpfrontFee: 100000 },
    ExistingTrainingPlan: { reservationArn: PLAN, instanceType: "ml.p5.48xlarge", instanceCount: 2 },
    ReservationEndNotice: { reservationArn: PLAN, endTime: "2026-12-31T00:00:00Z", endpointNames: ["llama3-8b"], hoursBefore: 48 },
};

/**
 * A registration as the engine sees it, but a dynamic resource's serialized provider: Pulumi's
 * closure serializer names what it captured differently once it has serialized a module before.
 */
function graphNode(r: RecordedResource): RecordedResource {
    if (typeof r.inputs.__provider !== "string") {
        return r;
    }
    const { __provider: _code, ...inputs } = r.inputs;
    return { ...r, inputs: { ...inputs, __provider: "<serialized provider>" } };
}

describe("components constructed through the provider, as other languages construct them", function () {
    this.timeout(120_000);
    // The schema multi-language.test.ts checks against a fresh analysis, which the build ships.
    const provider = new ShippedSchemaProvider({ dirname: ROOT, name: PACKAGE_NAME, components: PROVIDED_COMPONENTS },
        fs.readFileSync(path.join(__dirname, "schema.json"), "utf8"));
    let outputs: Record<string, string[]>;
    let plainInputs: Record<string, string[]>;
    before(async () => {
        const schema = JSON.parse(await provider.getSchema()) as {
            resources: Record<string, { properties: Record<string, unknown>; inputProperties: Record<string, { plain?: boolean }> }>;
        };
        const byComponent = <T>(f: (r: (typeof schema.resources)[string]) => T) =>
            Object.fromEntries(Object.entries(schema.resources).map(([token, r]) => [token.split(":")[2], f(r)]));
        outputs = byComponent((r) => Object.keys(r.properties).sort());
        plainInputs = byComponent((r) => Object.entries(r.inputProperties).filter(([, p]) => p.plain).map(([k]) => k));
    });

    it("has args for every component it serves", () => {
        assert.deepStrictEqual(Object.keys(ARGS).sort(), PROVIDED_COMPONENTS.map((c) => c.name).sort());
    });

    for (const component of PROVIDED_COMPONENTS) {
        it(`${component.name}: the same resources, inputs, parents and dependencies as direct construction, and its outputs as state`, async () => {
            const config = { "aws:region": "us-east-1" };
            const direct = await runProgram({ stack: "evaluation", config, program: () => { new component("it", ARGS[component.name] as never); } });
            let constructed: ReturnType<ShippedSchemaProvider["construct"]> | undefined;
            const viaProvider = await runProgram({ stack: "evaluation", config, program: () => {
                constructed = provider.construct("it", `sagemaker-inference:index:${component.name}`, ARGS[component.name] as never, {});
            } });
            assert.ok(direct.resources.length > 2, "the component registers resources");
            // The same set: registrations that wait on serializing a dynamic provider may come in another order.
            const graph = (run: typeof direct) => run.resources.map(graphNode).sort((a, b) => a.urn.localeCompare(b.urn));
            assert.deepStrictEqual(graph(viaProvider), graph(direct));
            const { state } = await constructed!;
            assert.deepStrictEqual(Object.keys(state).sort(), outputs[component.name]);
        });

        it(`${component.name}: every input the schema lets be an output, given as one (another resource's value), registers the same resources`, async () => {
            const config = { "aws:region": "us-east-1" };
            const args = ARGS[component.name];
            const asOutputs = Object.fromEntries(Object.entries(args).map(([k, v]) => [k, plainInputs[component.name].includes(k) ? v : pulumi.output(v)]));
            assert.ok(Object.values(asOutputs).some((v) => pulumi.Output.isInstance(v)), "some input is an output");
            const literal = await runProgram({ stack: "evaluation", config, program: () => { new component("it", args as never); } });
            const late = await runProgram({ stack: "evaluation", config, program: () => {
                void provider.construct("it", `sagemaker-inference:index:${component.name}`, asOutputs as never, {});
            } });
            const graph = (run: typeof literal) => run.resources.map(graphNode).sort((a, b) => a.urn.localeCompare(b.urn));
            // Resource options cannot wait for outputs: an endpoint whose counts come late waits the longest an update may take.
            const minutes = (t: string | undefined) => Number(t?.replace(/m$/, "") ?? 0);
            for (const [l, r] of graph(late).map((x, i) => [x, graph(literal)[i]] as const)) {
                for (const op of ["create", "update"] as const) {
                    assert.ok(minutes(l.customTimeouts[op]) >= minutes(r.customTimeouts[op]), `${l.name} ${op}: ${l.customTimeouts[op]} < ${r.customTimeouts[op]}`);
                }
            }
            const withoutWaits = (run: typeof literal) => graph(run).map((r) => ({ ...r, customTimeouts: {} }));
            assert.deepStrictEqual(withoutWaits(late), withoutWaits(literal));
        });
    }
});
