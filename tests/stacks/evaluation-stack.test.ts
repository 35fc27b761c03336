import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { namespaceValues } from "../../stacks/config";
import { parseEvaluationConfig } from "../../stacks/evaluation-config";
import { evaluationProgram } from "../../stacks/evaluation";
import { formatPlan, plan, planArguments, regionNote } from "../../scripts/plan";
import { RESERVATION_CHECK_TYPE, TRAINING_PLAN_TYPE } from "../../scripts/offline-runtime";
import { expectFailure, expectRefused, loadStackConfig, ofType, one, runProgram, TYPES } from "../support/harness";

const ARN = "arn:aws:sagemaker:us-east-1:123456789012:training-plan/p5-llm-eval-2026-12";
const IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128";
const NS = "sagemaker-inference";
const PLAN = { planName: "p5-llm-eval", instanceType: "ml.p5.48xlarge", instanceCount: 2, durationHours: 168, startTimeAfter: "2026-12-01T00:00:00Z", maxUpfrontFee: 100000 };

function stackConfig(candidates: unknown[], extra: Record<string, unknown> = {}) {
    return {
        "aws:region": "us-east-1",
        [`${NS}:reservationArn`]: ARN,
        [`${NS}:reservedInstanceType`]: "ml.p5.48xlarge",
        [`${NS}:reservedInstanceCount`]: 2,
        [`${NS}:candidates`]: candidates,
        ...extra,
    };
}

/** The stack's config as the program reads it: keys without the namespace. */
const raw = namespaceValues;

describe("evaluation stack", () => {
    it("deploys the committed Pulumi.evaluation.yaml: two candidates on two reserved ml.p5.48xlarge", async () => {
        const r = await runProgram({ stack: "evaluation", config: loadStackConfig("evaluation") });
        const configs = ofType(r, TYPES.endpointConfig);
        assert.deepStrictEqual(configs.map((c) => c.inputs.productionVariants[0].instanceType), ["ml.p5.48xlarge", "ml.p5.48xlarge"]);
        assert.deepStrictEqual(configs.map((c) => c.inputs.productionVariants[0].capacityReservationConfig.mlReservationArn), [ARN, ARN]);
        assert.deepStrictEqual(r.outputs, {
            endpointNames: { "llama3-70b-ft-a": "llama3-70b-ft-a", "llama3-70b-ft-b": "llama3-70b-ft-b" },
            reservationArn: ARN,
            // The plan's end and time left as the ReservationCheck describes it, and the notice a
            // day before (made up under mocks, at the offline runtime's fixed time).
            reservationEndTime: "2026-12-31T00:00:00.000Z",
            reservationTimeLeft: "30 days 0 hours, as of 2026-12-01T00:00:00.000Z",
            reservationEndNoticeAt: "at(2026-12-30T00:00:00)",
            reservationEndTopicArn: "arn:aws:sns:us-east-1:123456789012:sagemaker-inference-evaluation-reservation-end",
        });
        assert.deepStrictEqual(r.reservations.map((u) => [u.requestedInstanceCount, u.reservedInstanceCount, u.reservedInstanceType]),
            [[2, 2, "ml.p5.48xlarge"]]);
        // No role ARN in the committed config: each candidate gets its own role.
        assert.deepStrictEqual(ofType(r, TYPES.role).map((x) => x.inputs.name), ["evaluation-llama3-70b-ft-a-sagemaker", "evaluation-llama3-70b-ft-b-sagemaker", "evaluation-reservation-end-notice"]);
        const model = one(r, TYPES.model, "llama3-70b-ft-a-model");
        assert.deepStrictEqual(model.inputs.primaryContainer.environment, { OPTION_MAX_ROLLING_BATCH_SIZE: "64", OPTION_TENSOR_PARALLEL_DEGREE: "8" });
    });

    it("checks an existing plan at deploy time, before any endpoint is created", async () => {
        const r = await runProgram({ stack: "evaluation", config: loadStackConfig("evaluation") });
        const check = one(r, RESERVATION_CHECK_TYPE, "reservation-check");
        assert.deepStrictEqual([check.inputs.reservationArn, check.inputs.instanceType, check.inputs.instanceCount], [ARN, "ml.p5.48xlarge", 2]);
        assert.ok(typeof check.inputs.__provider === "string" && check.inputs.__provider.length > 0, "the provider is serialized");
        for (const component of ofType(r, TYPES.reservedEndpoint)) {
            assert.ok(component.dependencies.includes(check.urn), `${component.name} waits for the check`);
        }
    });

    it("buys the configured training plan and binds every endpoint to it", async () => {
        const config = stackConfig([{ name: "a", image: IMAGE }, { name: "b", image: IMAGE }], {
            [`${NS}:reservationArn`]: undefined, [`${NS}:reservedInstanceType`]: undefined, [`${NS}:reservedInstanceCount`]: undefined,
            [`${NS}:trainingPlan`]: { ...PLAN, offeringId: "tpo-early" },
        });
        const r = await runProgram({ stack: "evaluation", config: Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)) });
        const plan = one(r, TRAINING_PLAN_TYPE, "training-plan");
        assert.deepStrictEqual({ ...plan.inputs, __provider: undefined }, { ...PLAN, offeringId: "tpo-early", region: "us-east-1", __provider: undefined });
        const bought = "arn:aws:sagemaker:us-east-1:123456789012:training-plan/p5-llm-eval";
        assert.deepStrictEqual(ofType(r, TYPES.endpointConfig).map((c) => c.inputs.productionVariants[0].capacityReservationConfig.mlReservationArn), [bought, bought]);
        assert.ok(ofType(r, TYPES.endpointConfig).every((c) => c.dependencies.includes(plan.urn)));
        assert.strictEqual(r.outputs.reservationArn, bought);
        assert.deepStrictEqual(r.reservations.map((u) => [u.reservationArn, u.requestedInstanceCount, u.reservedInstanceCount]), [[bought, 2, 2]]);
        assert.deepStrictEqual(ofType(r, RESERVATION_CHECK_TYPE), [], "no check of a plan it buys itself");
        // Besides the plan, only each endpoint's update guard, which at most describes the endpoint.
        assert.deepStrictEqual(r.resources.filter((x) => x.type.startsWith("pulumi-nodejs:dynamic")).map((x) => [x.type, x.name]), [
            [TRAINING_PLAN_TYPE, "training-plan"], [TYPES.updateGuard, "a-update-guard"], [TYPES.updateGuard, "b-update-guard"],
        ]);
    });

    it("passes trainingPlan.extensionNotBought on to the plan, to settle an extension in doubt", async () => {
        const settling = { ...PLAN, extensions: [], extensionNotBought: "tpeo-72" };
        const config = stackConfig([{ name: "a", image: IMAGE }], {
            [`${NS}:reservationArn`]: undefined, [`${NS}:reservedInstanceType`]: undefined, [`${NS}:reservedInstanceCount`]: undefined,
            [`${NS}:trainingPlan`]: settling,
        });
        const r = await runProgram({ stack: "evaluation", config: Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)) });
        assert.deepStrictEqual({ ...one(r, TRAINING_PLAN_TYPE, "training-plan").inputs, __provider: undefined },
            { ...settling, region: "us-east-1", __provider: undefined });
    });

    it("refuses candidates that need more than the plan to buy, before buying anything", async () => {
        const config = {
            "aws:region": "us-east-1",
            [`${NS}:trainingPlan`]: { ...PLAN, instanceCount: 1 },
            [`${NS}:candidates`]: [{ name: "a", image: IMAGE }, { name: "b", image: IMAGE }],
        };
        const resources = await expectRefused(() => evaluationProgram(raw(config)),
            /Requested instance count \(2\) exceeds the reserved instance count \(1\) of training plan p5-llm-eval \(to be bought\)/, config);
        assert.deepStrictEqual(resources, []);
    });

    it("shares a given execution role and defaults each candidate to one instance", async () => {
        const role = "arn:aws:iam::123456789012:role/eval";
        const r = await runProgram({ stack: "evaluation", config: stackConfig(
            [{ name: "a", image: IMAGE }, { name: "b", image: IMAGE }], { [`${NS}:executionRoleArn`]: role }) });
        assert.deepStrictEqual(ofType(r, TYPES.role).map((x) => x.name), ["reservation-end-role"], "the notice's role alone: the models share the given one");
        assert.deepStrictEqual(ofType(r, TYPES.model).map((m) => m.inputs.executionRoleArn), [role, role]);
        assert.deepStrictEqual(ofType(r, TYPES.endpointConfig).map((c) => c.inputs.productionVariants[0].initialInstanceCount), [1, 1]);
    });

    it("refuses candidates that need more instances than are reserved before registering anything", async () => {
        const config = stackConfig([{ name: "a", image: IMAGE, instanceCount: 2 }, { name: "b", image: IMAGE }]);
        const resources = await expectRefused(() => evaluationProgram(raw(config)),
            /Requested instance count \(3\) exceeds the reserved instance count \(2\) of training plan arn:aws:sagemaker:us-east-1:123456789012:training-plan\/p5-llm-eval-2026-12 \[a: 2, b: 1\]/, config);
        assert.deepStrictEqual(resources, []);
        await expectFailure({ stack: "evaluation", config }, /Requested instance count \(3\)/);
    });

    it("refuses a candidate of another instance type before registering anything", async () => {
        const config = stackConfig([{ name: "a", image: IMAGE, instanceType: "ml.p4d.24xlarge" }]);
        const resources = await expectRefused(() => evaluationProgram(raw(config)),
            /a: instance type ml.p4d.24xlarge does not match the reserved instance type ml.p5.48xlarge/, config);
        assert.deepStrictEqual(resources, []);
    });

    it("refuses a stack it does not know", async () => {
        await expectFailure({ stack: "staging", config: {} }, /unknown stack "staging": this program deploys the stacks evaluation, dev, production/);
    });
});

describe("evaluation config", () => {
    const good = raw(stackConfig([{ name: "a", image: IMAGE }]));
    const cases: [string, Record<string, unknown>, RegExp][] = [
        ["neither reservationArn nor trainingPlan", { reservationArn: undefined }, /sagemaker-inference:reservationArn and sagemaker-inference:trainingPlan: give exactly one of them/],
        ["both reservationArn and trainingPlan", { trainingPlan: PLAN }, /sagemaker-inference:reservationArn and sagemaker-inference:trainingPlan: give exactly one of them/],
        ["reserved facts beside trainingPlan", { reservationArn: undefined, trainingPlan: PLAN }, /sagemaker-inference:reservedInstanceType: "ml.p5.48xlarge" goes with reservationArn/],
        ["a trainingPlan with an unknown key", { reservationArn: undefined, reservedInstanceType: undefined, reservedInstanceCount: undefined, trainingPlan: { ...PLAN, budget: 1 } }, /sagemaker-inference:trainingPlan.budget: 1 is not a known setting/],
        ["a trainingPlan start without a time zone", { reservationArn: undefined, reservedInstanceType: undefined, reservedInstanceCount: undefined, trainingPlan: { ...PLAN, startTimeAfter: "2026-12-01T00:00:00" } }, /sagemaker-inference:trainingPlan.startTimeAfter: "2026-12-01T00:00:00" is not an ISO-8601 time with its zone: write it as 2026-12-01T00:00:00Z/],
        ["a trainingPlan pin that is no offering id", { reservationArn: undefined, reservedInstanceType: undefined, reservedInstanceCount: undefined, trainingPlan: { ...PLAN, offeringId: "Offering A" } }, /sagemaker-inference:trainingPlan.offeringId: "Offering A" is not a training plan offering id/],
        ["a trainingPlan without a fee cap", { reservationArn: undefined, reservedInstanceType: undefined, reservedInstanceCount: undefined, trainingPlan: { ...PLAN, maxUpfrontFee: 0 } }, /sagemaker-inference:trainingPlan.maxUpfrontFee must be a number above 0: .*its value is not shown: a cap may be a secret/],
        ["a malformed reservationArn", { reservationArn: "arn:aws:sagemaker:us-east-1:123456789012:endpoint/x" }, /sagemaker-inference:reservationArn: ".*" is not a SageMaker training-plan ARN/],
        ["no reservedInstanceType", { reservedInstanceType: undefined }, /^Error: sagemaker-inference:reservedInstanceType is required: a SageMaker instance type such as ml.p5.48xlarge$/],
        ["a reserved type no training plan reserves", { reservedInstanceType: "ml.g5.2xlarge" }, /^Error: sagemaker-inference:reservedInstanceType: "ml.g5.2xlarge" cannot run on a training plan: plans reserve only ml.p4de.24xlarge, /],
        ["a training plan of a type plans do not reserve", { reservationArn: undefined, reservedInstanceType: undefined, reservedInstanceCount: undefined, trainingPlan: { ...PLAN, instanceType: "ml.g5.48xlarge" } }, /^Error: sagemaker-inference:trainingPlan.instanceType: "ml.g5.48xlarge" cannot run on a training plan/],
        ["an instance type that does not exist", { reservedInstanceType: "ml.p5.49xlarge" }, /^Error: sagemaker-inference:reservedInstanceType: "ml.p5.49xlarge" is not an instance type SageMaker hosting offers; the nearest are ml.p5.48xlarge, /],
        ["a reservedInstanceCount of 0", { reservedInstanceCount: 0 }, /sagemaker-inference:reservedInstanceCount: 0 must be a whole number of at least 1/],
        ["a reservedInstanceCount as text", { reservedInstanceCount: "two" }, /^Error: sagemaker-inference:reservedInstanceCount: "two" is a string; expected a whole number of at least 1$/],
        ["no candidates", { candidates: [] }, /sagemaker-inference:candidates: \[\] must be a list of at least one candidate/],
        ["a candidate without image", { candidates: [{ name: "a" }] }, /^Error: sagemaker-inference:candidates\[0\].image is required: a non-empty string$/],
        ["a candidate count given as text", { candidates: [{ name: "a", image: IMAGE, instanceCount: "1" }] }, /^Error: sagemaker-inference:candidates\[0\].instanceCount: "1" is a string; expected a whole number of at least 1$/],
        ["a candidate with an unknown key", { candidates: [{ name: "a", image: IMAGE, instanceCont: 2 }] }, /sagemaker-inference:candidates\[0\].instanceCont: 2 is not a known setting/],
        ["a candidate with 0 instances", { candidates: [{ name: "a", image: IMAGE, instanceCount: 0 }] }, /sagemaker-inference:candidates\[0\].instanceCount: 0 must be a whole number of at least 1/],
        ["a non-S3 modelDataUrl", { candidates: [{ name: "a", image: IMAGE, modelDataUrl: "/tmp/model" }] }, /sagemaker-inference:candidates\[0\].modelDataUrl: "\/tmp\/model" must be an S3 URI/],
        ["a list as an environment value", { candidates: [{ name: "a", image: IMAGE, environment: { TP: [8] } }] }, /^Error: sagemaker-inference:candidates\[0\].environment.TP: \[8\] is a list; expected a string \(or a number or true\/false, taken as text\)$/],
        ["two candidates with one endpoint name", { candidates: [{ name: "a.b", image: IMAGE }, { name: "a_b", image: IMAGE }] }, /sagemaker-inference:candidates\[1\].name: "a_b" gives the same endpoint name as candidate "a.b"/],
        ["two candidates that differ only in case", { candidates: [{ name: "Llama", image: IMAGE }, { name: "llama", image: IMAGE }] }, /sagemaker-inference:candidates\[1\].name: "llama" gives the same endpoint name as candidate "Llama"/],
        ["a candidate name without letters or digits", { candidates: [{ name: "__", image: IMAGE }] }, /sagemaker-inference:candidates\[0\].name: "__" must contain a letter or a digit/],
        ["an executionRoleArn that is not a role ARN", { executionRoleArn: "sagemaker-role" }, /sagemaker-inference:executionRoleArn: "sagemaker-role" is not an IAM role ARN/],
    ];
    for (const [what, change, message] of cases) {
        it(`refuses ${what}`, () => {
            assert.throws(() => parseEvaluationConfig({ ...good, ...change }, "us-east-1"), message);
        });
    }

    it("refuses a reservation in another region than the stack's", () => {
        assert.throws(() => parseEvaluationConfig(good, "eu-west-3"), /sagemaker-inference:reservationArn: training plan .* is in region us-east-1, but the stack deploys to eu-west-3/);
    });

    it("fills in the defaults", () => {
        const { config, usage } = parseEvaluationConfig(good, "us-east-1");
        assert.deepStrictEqual(config.candidates, [{ name: "a", image: IMAGE, modelDataUrl: undefined, environment: undefined, instanceCount: 1, instanceType: "ml.p5.48xlarge" }]);
        assert.strictEqual(config.executionRoleArn, undefined);
        assert.strictEqual(usage.requestedInstanceCount, 1);
    });

    it("takes environment values that pulumi config set --path stored as numbers or booleans as their text", () => {
        const environment = { OPTION_TENSOR_PARALLEL_DEGREE: 8, OPTION_TRUST_REMOTE_CODE: true, MODE: "fast" };
        const { config } = parseEvaluationConfig({ ...good, candidates: [{ name: "a", image: IMAGE, environment }] }, "us-east-1");
        assert.deepStrictEqual(config.candidates[0].environment, { OPTION_TENSOR_PARALLEL_DEGREE: "8", OPTION_TRUST_REMOTE_CODE: "true", MODE: "fast" });
    });
});

describe("npm run plan", () => {
    it("prints each resource with its key settings, a summary and the reservation's use", async () => {
        const run = await runProgram({ stack: "evaluation", config: loadStackConfig("evaluation") });
        const text = formatPlan("evaluation", run);
        const lines = text.split("\n");
        assert.strictEqual(lines[0], `Plan for stack "evaluation" (offline, under mocks: nothing is deployed)`);
        const config = lines.indexOf("+ aws-native:sagemaker:EndpointConfig llama3-70b-ft-a-config");
        assert.ok(config > 0, text);
        assert.match(lines[config + 1], new RegExp(`metrics every 10 s \\(enhanced: invocations too\\) variant=AllTraffic ml.p5.48xlarge x1 reservation=${ARN} ` +
            "capture Input\\+Output 100% to s3://acme-ml-evaluations/captures/llama3-70b-ft-a/, KMS arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b \\(application/json as JSON\\)$"));
        const endpoint = lines.indexOf("+ aws-native:sagemaker:Endpoint llama3-70b-ft-a-endpoint");
        assert.match(lines[endpoint + 1], /^    name=llama3-70b-ft-a endpointConfig=llama3-70b-ft-a-[0-9a-f]{8}, blue\/green updates, waits up to 195m to create and 195m to update$/);
        assert.ok(lines.includes("25 resources to create: 20 cloud resources in 5 components"), text);
        const check = lines.indexOf(`+ ${RESERVATION_CHECK_TYPE} reservation-check`);
        assert.strictEqual(lines[check + 1], `    at pulumi up, training plan ${ARN} must serve endpoints with 2 x ml.p5.48xlarge; reports its end and the time left, which a refresh reads anew`);
        assert.strictEqual(lines[lines.indexOf("25 resources to create: 20 cloud resources in 5 components") + 1],
            `reservation ${ARN}: 2 of 2 reserved ml.p5.48xlarge in use (llama3-70b-ft-a: 1, llama3-70b-ft-b: 1)`);
    });

    it("reads the stack and an optional config file from its arguments", () => {
        assert.deepStrictEqual(planArguments(["--stack", "dev"]), { stack: "dev", configFile: undefined });
        assert.deepStrictEqual(planArguments(["--stack=production", "--config", "/tmp/p.yaml"]), { stack: "production", configFile: "/tmp/p.yaml" });
        assert.throws(() => planArguments([]), /usage: npm run plan -- --stack/);
    });

    it("says per endpoint what an update needs and whether the reservation has it, from the values it would deploy", async () => {
        const text = formatPlan("evaluation", await runProgram({ stack: "evaluation", config: loadStackConfig("evaluation") }));
        assert.ok(text.includes("2 of 2 reserved ml.p5.48xlarge in use (llama3-70b-ft-a: 1, llama3-70b-ft-b: 1)\n" +
            "  updating llama3-70b-ft-a needs 1 spare reserved instance(s); the reservation has 0: does not fit, " +
            "so a new model or config for it is refused at preview (creating it needs none)\n" +
            "  updating llama3-70b-ft-b needs 1 spare reserved instance(s); the reservation has 0: does not fit, "), text);
        const spare = formatPlan("evaluation", await runProgram({ stack: "evaluation", config: { ...loadStackConfig("evaluation"), "sagemaker-inference:reservedInstanceCount": 3 } }));
        assert.ok(spare.includes("  updating llama3-70b-ft-a needs 1 spare reserved instance(s); the reservation has 1: fits\n"), spare);
        const rolling = formatPlan("evaluation", await runProgram({
            stack: "evaluation",
            config: {
                ...loadStackConfig("evaluation"), "sagemaker-inference:reservedInstanceCount": 5,
                "sagemaker-inference:candidates": [{ name: "big", image: "763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128", instanceCount: 4 }],
            },
        }));
        assert.ok(rolling.includes("  updating big needs 1 spare reserved instance(s); the reservation has 1: fits"), rolling);
        assert.ok(rolling.includes("rolling updates of 1 instance(s) per batch, 60 s apart"), rolling);
    });

    it("refuses a stack it does not know, listing the three, before reading any file", async () => {
        const errors: string[] = [];
        assert.strictEqual(await plan(["--stack", "staging"], () => undefined, (line) => errors.push(line)), 1);
        assert.deepStrictEqual(errors, ['plan failed: unknown stack "staging": this program deploys the stacks evaluation, dev, production; select one with pulumi stack select']);
    });

    it("says which region it assumed, and why, when the config sets none", () => {
        assert.deepStrictEqual(regionNote({ "aws:region": "eu-west-1" }, "Pulumi.dev.yaml", {}), []);
        assert.deepStrictEqual(regionNote({}, "Pulumi.dev.yaml", { AWS_REGION: "eu-west-3" }),
            ["region: Pulumi.dev.yaml sets no aws:region; the plan uses eu-west-3 from AWS_REGION, as pulumi up would on this machine"]);
        assert.match(regionNote({}, "Pulumi.dev.yaml", {})[0], /^region: Pulumi.dev.yaml sets no aws:region and neither AWS_REGION nor AWS_DEFAULT_REGION is set; the plan assumes us-east-1/);
    });

    it("prints the error of a bad config and exits non-zero", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
        const file = path.join(dir, "Pulumi.evaluation.yaml");
        fs.writeFileSync(file, fs.readFileSync(path.join(__dirname, "..", "..", "Pulumi.evaluation.yaml"), "utf8")
            .replace("reservedInstanceCount: 2", "reservedInstanceCount: 1"));
        const out: string[] = [];
        const err: string[] = [];
        const code = await plan(["--stack", "evaluation", "--config", file], (l) => out.push(l), (l) => err.push(l));
        assert.strictEqual(code, 1);
        assert.strictEqual(out.length, 0);
        assert.strictEqual(err.length, 1);
        assert.match(err[0], /^plan failed: Requested instance count \(2\) exceeds the reserved instance count \(1\)/);
        assert.strictEqual(await plan(["--stack", "evaluation"], (l) => out.push(l), (l) => err.push(l)), 0);
        assert.ok(out[0].startsWith(`Plan for stack "evaluation"`));
    });
});

describe("evaluation stack: data capture", () => {
    const KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const candidates = [{ name: "cand-a", image: IMAGE }, { name: "cand-b", image: IMAGE }];
    const capturing = (dataCapture: unknown, extra: Record<string, unknown> = {}) =>
        stackConfig(candidates, { [`${NS}:dataCapture`]: dataCapture, ...extra });

    it("the committed config captures every request and response of each candidate in its own folder, encrypted with the stack's key", async () => {
        const r = await runProgram({ stack: "evaluation", config: loadStackConfig("evaluation") });
        const stackKey = loadStackConfig("evaluation")[`${NS}:kmsKeyArn`];
        for (const name of ["llama3-70b-ft-a", "llama3-70b-ft-b"]) {
            assert.deepStrictEqual(one(r, TYPES.endpointConfig, `${name}-config`).inputs.dataCaptureConfig, {
                enableCapture: true,
                initialSamplingPercentage: 100,
                destinationS3Uri: `s3://acme-ml-evaluations/captures/${name}`,
                captureOptions: [{ captureMode: "Input" }, { captureMode: "Output" }],
                captureContentTypeHeader: { jsonContentTypes: ["application/json"] },
                kmsKeyId: stackKey,
            });
            const policy = one(r, TYPES.rolePolicy, `${name}-capture-policy`);
            assert.strictEqual(policy.inputs.role, `evaluation-${name}-sagemaker`, "the candidate's own created role");
            assert.deepStrictEqual(JSON.parse(policy.inputs.policy).Statement, [
                { Sid: "WriteDataCapture", Effect: "Allow", Action: ["s3:PutObject"], Resource: [`arn:aws:s3:::acme-ml-evaluations/captures/${name}/*`] },
                { Sid: "EncryptDataCapture", Effect: "Allow", Action: ["kms:GenerateDataKey"], Resource: [stackKey],
                    Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } } },
            ], "each candidate's role writes its own folder only, with the stack's key through S3 only");
        }
    });

    it("a capture's own key wins over the stack's kmsKeyArn", async () => {
        const STACK_KEY = "arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b";
        const own = await runProgram({ stack: "evaluation", config: capturing({ destinationS3Uri: "s3://acme-eval/run-7", kmsKeyArn: KEY }, { [`${NS}:kmsKeyArn`]: STACK_KEY }) });
        assert.deepStrictEqual(ofType(own, TYPES.endpointConfig).map((c) => [c.inputs.kmsKeyId, c.inputs.dataCaptureConfig.kmsKeyId]), [[STACK_KEY, KEY], [STACK_KEY, KEY]]);
        const inherited = await runProgram({ stack: "evaluation", config: capturing("s3://acme-eval/run-7", { [`${NS}:kmsKeyArn`]: STACK_KEY }) });
        assert.deepStrictEqual(ofType(inherited, TYPES.endpointConfig).map((c) => c.inputs.dataCaptureConfig.kmsKeyId), [STACK_KEY, STACK_KEY]);
    });

    it("takes an object with every data capture setting, the key for each candidate's role", async () => {
        const r = await runProgram({ stack: "evaluation", config: capturing({ destinationS3Uri: "s3://acme-eval/run-7", samplingPercentage: 50, kmsKeyArn: KEY }) });
        const sent = ofType(r, TYPES.endpointConfig).map((c) => [c.inputs.dataCaptureConfig.destinationS3Uri, c.inputs.dataCaptureConfig.initialSamplingPercentage, c.inputs.dataCaptureConfig.kmsKeyId]);
        assert.deepStrictEqual(sent, [["s3://acme-eval/run-7/cand-a", 50, KEY], ["s3://acme-eval/run-7/cand-b", 50, KEY]]);
        assert.deepStrictEqual(ofType(r, TYPES.rolePolicy).filter((p) => p.name.endsWith("-capture-policy"))
            .map((p) => JSON.parse(p.inputs.policy).Statement.map((st: { Resource: string[] }) => st.Resource[0])),
        [["arn:aws:s3:::acme-eval/run-7/cand-a/*", KEY], ["arn:aws:s3:::acme-eval/run-7/cand-b/*", KEY]]);
    });

    it("without the setting, nothing is captured and no role gains anything", async () => {
        const r = await runProgram({ stack: "evaluation", config: stackConfig(candidates) });
        assert.deepStrictEqual(ofType(r, TYPES.endpointConfig).map((c) => "dataCaptureConfig" in c.inputs), [false, false]);
        assert.deepStrictEqual(ofType(r, TYPES.rolePolicy).filter((p) => p.name.endsWith("-capture-policy")), []);
    });

    it("with a given role, captures but leaves the role to its owner", async () => {
        const r = await runProgram({ stack: "evaluation", config: capturing("s3://acme-eval/c", { [`${NS}:executionRoleArn`]: "arn:aws:iam::123456789012:role/ml" }) });
        assert.strictEqual(ofType(r, TYPES.endpointConfig).length, 2);
        assert.ok(ofType(r, TYPES.endpointConfig).every((c) => c.inputs.dataCaptureConfig.destinationS3Uri.startsWith("s3://acme-eval/c/cand-")));
        assert.deepStrictEqual(ofType(r, TYPES.rolePolicy).map((p) => p.name), ["reservation-end-policy"]);
    });

    it("refuses bad values before deploying, naming the config key, the value and the rule", async () => {
        const cases: [unknown, RegExp][] = [
            [{ destinationS3Uri: "s3://acme-eval/c", samplingPercentage: 0 }, /^sagemaker-inference:dataCapture\.samplingPercentage: 0 must be a whole number from 1 to 100/],
            [{ destinationS3Uri: "s3://acme-eval/c", capture: "everything" }, /^sagemaker-inference:dataCapture\.capture: "everything" must be one of requests, responses, both/],
            ["acme-eval/c", /^sagemaker-inference:dataCapture\.destinationS3Uri: "acme-eval\/c" must be an S3 URI/],
            [42, /^sagemaker-inference:dataCapture: 42 is a number; expected an S3 URI \(s3:\/\/bucket\/prefix\) or an object/],
            [{ destinationS3Uri: "s3://acme-eval/c", kmsKeyArn: KEY.replace("us-east-1", "eu-west-1") }, /^sagemaker-inference:dataCapture\.kmsKeyArn: .* is in region eu-west-1, but the stack deploys to us-east-1/],
            // Fits alone, not with the candidate's folder after it.
            [`s3://acme-eval/${"x".repeat(497)}`, /^sagemaker-inference:dataCapture\.destinationS3Uri: .* has 519 characters; SageMaker takes at most 512 \(DestinationS3Uri\) \(candidate cand-a, whose captures go to its own folder\)/],
        ];
        for (const [value, message] of cases) {
            assert.throws(() => parseEvaluationConfig(raw(capturing(value)), "us-east-1"), (err: Error) => message.test(err.message));
            const failure = await expectFailure({ stack: "evaluation", config: capturing(value) }, message);
            assert.deepStrictEqual(ofType({ resources: failure.resources }, TYPES.endpointConfig), []);
        }
    });
});
