import * as assert from "assert";
import { namespaceValues } from "../../stacks/config";
import { parseDevConfig } from "../../stacks/dev-config";
import { devProgram } from "../../stacks/dev";
import { formatPlan, scheduleSummary, timelineLines } from "../../scripts/plan";
import { expectFailure, expectRefused, loadStackConfig, ofType, one, runProgram, TYPES } from "../support/harness";

const NS = "sagemaker-inference";
const committed = loadStackConfig("dev");
/** The committed config with some keys changed, as the program reads it: keys without the namespace. */
function raw(change: Record<string, unknown> = {}) {
    return { ...namespaceValues(committed), ...change };
}
const components = raw().components as Record<string, unknown>[];
const withComponent = (change: Record<string, unknown>) => ({ components: [{ ...components[0], ...change }, components[1]] });

describe("dev stack", () => {
    it("deploys the committed Pulumi.dev.yaml: two components on one ml.g5.12xlarge endpoint that scales to zero", async () => {
        const r = await runProgram({ stack: "dev", config: committed });
        const [cfg] = ofType(r, TYPES.endpointConfig);
        assert.deepStrictEqual(cfg.inputs.productionVariants[0].managedInstanceScaling, {
            status: "ENABLED", minInstanceCount: 0, maxInstanceCount: 2, scaleInPolicy: { strategy: "IDLE_RELEASE", cooldownInMinutes: 10 },
        });
        assert.strictEqual(cfg.inputs.productionVariants[0].instanceType, "ml.g5.12xlarge");
        assert.deepStrictEqual(cfg.inputs.productionVariants[0].routingConfig, { routingStrategy: "LEAST_OUTSTANDING_REQUESTS" });
        assert.deepStrictEqual(cfg.inputs.metricsConfig, { enableEnhancedMetrics: true, enableDetailedObservability: false, metricPublishFrequencyInSeconds: 10 });
        assert.deepStrictEqual(one(r, TYPES.endpoint, "sagemaker-inference-dev-endpoint").inputs, {
            endpointName: "sagemaker-inference-dev",
            endpointConfigName: cfg.inputs.endpointConfigName,
            retainAllVariantProperties: true,
        });
        const ics = ofType(r, TYPES.inferenceComponent);
        assert.deepStrictEqual(ics.map((ic) => [ic.inputs.inferenceComponentName, ic.inputs.specification.computeResourceRequirements]), [
            ["llama3-8b-instruct", { minMemoryRequiredInMb: 32768, numberOfAcceleratorDevicesRequired: 2 }],
            ["mistral-7b-instruct", { minMemoryRequiredInMb: 32768, numberOfAcceleratorDevicesRequired: 2 }],
        ]);
        assert.deepStrictEqual(ofType(r, TYPES.scalableTarget).map((t) => [t.inputs.minCapacity, t.inputs.maxCapacity]), [[0, 2], [0, 2]]);
        assert.deepStrictEqual(r.outputs, {
            endpointName: "sagemaker-inference-dev",
            inferenceComponentNames: { "llama3-8b-instruct": "llama3-8b-instruct", "mistral-7b-instruct": "mistral-7b-instruct" },
            scheduleNames: ["llama3-8b-instruct-scale-in", "llama3-8b-instruct-scale-out", "mistral-7b-instruct-scale-in", "mistral-7b-instruct-scale-out"],
        });
        assert.deepStrictEqual(ofType(r, TYPES.runtimeConfig), [], "parked: false");
    });

    it("places the components with an aws-native provider in the stack's aws:region, as the endpoint", async () => {
        // The committed key is in us-east-1: the stack in another region has no key of its own.
        const r = await runProgram({ stack: "dev", config: { ...committed, "aws:region": "eu-central-1", "sagemaker-inference:kmsKeyArn": undefined } });
        const provider = one(r, "pulumi:providers:aws-native", "aws-native");
        assert.strictEqual(provider.inputs.region, "eu-central-1");
        for (const native of [...ofType(r, TYPES.inferenceComponent), ...ofType(r, TYPES.endpointConfig), ...ofType(r, TYPES.endpoint)]) {
            assert.ok(native.provider.startsWith(`${provider.urn}::`), `${native.name}: ${native.provider}`);
        }
        assert.deepStrictEqual(ofType(r, TYPES.endpointConfig).map((c) => [
            c.inputs.productionVariants[0].modelDataDownloadTimeoutInSeconds, c.inputs.productionVariants[0].containerStartupHealthCheckTimeoutInSeconds]),
        [[3600, 3600]]);
    });

    it("parks both components on the weekend, so that the endpoint reaches zero instances", async () => {
        const r = await runProgram({ stack: "dev", config: committed });
        const parking = ofType(r, TYPES.schedule).map((s) => ({ expression: s.inputs.scheduleExpression, zone: s.inputs.scheduleExpressionTimezone, ...JSON.parse(s.inputs.target.input) }));
        assert.deepStrictEqual(parking, [
            { expression: "cron(0 18 ? * FRI *)", zone: "Europe/Berlin", InferenceComponentName: "llama3-8b-instruct", DesiredRuntimeConfig: { CopyCount: 0 } },
            { expression: "cron(0 7 ? * MON *)", zone: "Europe/Berlin", InferenceComponentName: "llama3-8b-instruct", DesiredRuntimeConfig: { CopyCount: 2 } },
            { expression: "cron(0 18 ? * FRI *)", zone: "Europe/Berlin", InferenceComponentName: "mistral-7b-instruct", DesiredRuntimeConfig: { CopyCount: 0 } },
            { expression: "cron(0 7 ? * MON *)", zone: "Europe/Berlin", InferenceComponentName: "mistral-7b-instruct", DesiredRuntimeConfig: { CopyCount: 2 } },
        ]);
    });

    it("creates one least-privilege role for the endpoint and both models unless one is given", async () => {
        const r = await runProgram({ stack: "dev", config: committed });
        const role = one(r, TYPES.role, "execution-role");
        const arn = `arn:aws:iam::123456789012:role/${role.inputs.name}`;
        assert.strictEqual(ofType(r, TYPES.endpointConfig)[0].inputs.executionRoleArn, arn);
        assert.deepStrictEqual(ofType(r, TYPES.model).map((m) => m.inputs.executionRoleArn), [arn, arn]);
        const policy = JSON.parse(one(r, TYPES.rolePolicy, "execution-role-policy").inputs.policy);
        const read = policy.Statement.find((s: { Sid: string }) => s.Sid === "ReadModelArtifacts");
        assert.deepStrictEqual(read.Resource, ["arn:aws:s3:::acme-ml-models/llama3-8b-instruct/*", "arn:aws:s3:::acme-ml-models/mistral-7b-instruct/*"]);
        const policyUrn = one(r, TYPES.rolePolicy, "execution-role-policy").urn;
        assert.ok(ofType(r, TYPES.model).every((m) => m.dependencies.includes(policyUrn)), "models wait for the role's policy");

        const given = "arn:aws:iam::123456789012:role/team-sagemaker";
        const withRole = await runProgram({ stack: "dev", config: { ...committed, [`${NS}:executionRoleArn`]: given } });
        assert.deepStrictEqual(ofType(withRole, TYPES.role).filter((x) => x.name === "execution-role"), []);
        assert.strictEqual(ofType(withRole, TYPES.endpointConfig)[0].inputs.executionRoleArn, given);
    });

    it("gives the shared execution role the same policy whatever the order of the components", async () => {
        const policyOf = async (config: Record<string, unknown>) =>
            JSON.parse(one(await runProgram({ stack: "dev", config }), TYPES.rolePolicy, "execution-role-policy").inputs.policy);
        const listed = await policyOf(committed);
        const reversed = await policyOf({ ...committed, [`${NS}:components`]: [...components].reverse() });
        assert.deepStrictEqual(reversed, listed);
        assert.deepStrictEqual(listed.Statement[0].Resource, ["arn:aws:s3:::acme-ml-models/llama3-8b-instruct/*", "arn:aws:s3:::acme-ml-models/mistral-7b-instruct/*"]);
    });

    it("parked: true deploys every component at zero copies", async () => {
        const r = await runProgram({ stack: "dev", config: { ...committed, [`${NS}:parked`]: true } });
        assert.deepStrictEqual(ofType(r, TYPES.runtimeConfig).map((x) => [x.inputs.inferenceComponentName, x.inputs.copyCount]),
            [["llama3-8b-instruct", 0], ["mistral-7b-instruct", 0]]);
    });

    const bad: [string, Record<string, unknown>, RegExp][] = [
        ["a missing instance type", { instanceType: undefined }, /^Error: sagemaker-inference:instanceType is required: a SageMaker instance type such as ml.p5.48xlarge$/],
        ["a maximum of 0 instances", { maxInstanceCount: 0 }, /sagemaker-inference:maxInstanceCount: 0 must be a whole number of at least 1/],
        ["more accelerators than the instance type has", withComponent({ acceleratorCount: 5 }),
            /sagemaker-inference:components\[0\]\.acceleratorCount: 5 exceeds the 4 accelerator devices of one ml.g5.12xlarge/],
        ["a maximum of 0 copies", withComponent({ maxCopies: 0 }), /sagemaker-inference:components\[0\]\.maxCopies: 0 must be a whole number of at least 1/],
        ["a negative target", withComponent({ targetConcurrency: -1 }), /sagemaker-inference:components\[0\]\.targetConcurrency: -1 must be a number above 0/],
        ["an unknown component key", withComponent({ copies: 3 }), /sagemaker-inference:components\[0\]\.copies: 3 is not a known setting/],
        ["two components with one name", { components: [components[0], { ...components[1], name: "LLAMA3-8B-INSTRUCT" }] },
            /components\[1\]\.name: "LLAMA3-8B-INSTRUCT" gives the same inference component name as component "llama3-8b-instruct"/],
        ["an unknown time zone", { schedule: { ...(raw().schedule as object), timezone: "Berlin" } }, /sagemaker-inference:schedule\.timezone: "Berlin" is not a known time zone/],
        ["a malformed cron", { schedule: { ...(raw().schedule as object), scaleInCron: "cron(0 18 ? * FRIDAY *)" } }, /sagemaker-inference:schedule\.scaleInCron: .*day-of-week "FRIDAY"/],
        ["schedule copies above a component's maximum", { schedule: { ...(raw().schedule as object), scaleOutCopyCount: 3 } },
            /sagemaker-inference:schedule\.scaleOutCopyCount: 3 must not exceed the component's maximum of 2 copies/],
        ["parked that is not a boolean", { parked: "yes" }, /sagemaker-inference:parked: "yes" must be true or false/],
    ];
    for (const [what, change, message] of bad) {
        it(`refuses ${what} before registering anything, naming the config key`, async () => {
            assert.throws(() => parseDevConfig(raw(change)), message);
            assert.deepStrictEqual(await expectRefused(() => devProgram(raw(change)), message, committed), []);
        });
    }
});

describe("npm run plan -- --stack dev", () => {
    it("shows the scaling bounds, the schedules and the instance-hours the schedule allows against always on", async () => {
        const r = await runProgram({ stack: "dev", config: committed });
        const text = formatPlan("dev", r, scheduleSummary("dev", committed, new Date("2026-11-23T00:00:00Z")));
        assert.match(text, /variant=AllTraffic ml\.g5\.12xlarge x1 capacity=on-demand scales 0 to 2 instances/);
        assert.match(text, /inference-component\/llama3-8b-instruct: 0 to 2 copies/);
        assert.match(text, /target tracking: 5 concurrent requests per copy/);
        assert.match(text, /cron\(0 18 \? \* FRI \*\) Europe\/Berlin, calls sagemaker updateInferenceComponentRuntimeConfig: \{"InferenceComponentName":"mistral-7b-instruct","DesiredRuntimeConfig":\{"CopyCount":0\}\}/);
        assert.match(text, /at most 214 instance-hours per week \(107 h on x 2 x ml\.g5\.12xlarge\) against 336 always on: 36 % fewer/);
    });

    it("times a parked model's wake-up by its wake alarm, not by the error alarm monitoring adds to each component", async () => {
        const lines = timelineLines(await runProgram({ stack: "dev", config: committed }));
        assert.strictEqual(lines[1], "  first request to a parked model until scale-out starts: 20 s (metrics every 10 s + alarm 1 x 10 s; AWS's walkthrough measured ~1 min)");
    });

    it("reads the config by the program's own rules: what pulumi config set stores as text, the plan takes as the program does", async () => {
        const from = new Date("2026-11-23T00:00:00Z");
        // `pulumi config set` stores top-level values as text: "2", "false", and a schedule given as JSON.
        const asSet = { ...committed, [`${NS}:maxInstanceCount`]: "2", [`${NS}:parked`]: "false", [`${NS}:schedule`]: JSON.stringify(raw().schedule) };
        await runProgram({ stack: "dev", config: asSet });
        assert.deepStrictEqual(scheduleSummary("dev", asSet, from), scheduleSummary("dev", committed, from));
        // A nested "2" stays text for the program, a string where a number belongs: the plan says what the program says.
        const nested = { ...committed, [`${NS}:schedule`]: { ...(raw().schedule as object), scaleOutCopyCount: "2" } };
        const failure = await expectFailure({ stack: "dev", config: nested }, /scaleOutCopyCount: "2" is a string; expected a whole number from 1 to 2147483647$/);
        assert.throws(() => scheduleSummary("dev", nested, from), (e: Error) => e.message === failure.message);
    });

    it("warns when a cron never fires, and says what no schedule allows", () => {
        const past = { ...committed, [`${NS}:schedule`]: { ...(raw().schedule as object), scaleInCron: "cron(0 18 ? * FRI 2024-2025)" } };
        assert.deepStrictEqual(scheduleSummary("dev", past, new Date("2026-11-23T00:00:00Z")).slice(2), [
            "warning: scaleInCron cron(0 18 ? * FRI 2024-2025) never fires in those 52 weeks",
        ]);
        const none = Object.fromEntries(Object.entries(committed).filter(([k]) => k !== `${NS}:schedule`));
        assert.deepStrictEqual(scheduleSummary("dev", none, new Date()), ["no schedule: at most 336 instance-hours per week (2 x ml.g5.12xlarge always allowed)"]);
        assert.deepStrictEqual(scheduleSummary("evaluation", committed, new Date()), []);
    });
});
