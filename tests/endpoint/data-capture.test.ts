import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { AsyncInferenceEndpoint } from "../../components/async/async-endpoint";
import { DataCaptureArgs, CAPTURE_UNSUPPORTED } from "../../components/endpoint/data-capture-plan";
import { ReservedEndpoint, ReservedEndpointArgs } from "../../components/endpoint/reserved-endpoint";
import { InferenceModel } from "../../components/model/inference-model";
import { ScaleToZeroEndpoint } from "../../components/scale-to-zero/scale-to-zero-endpoint";
import { apiViolations, cfnReplacingPaths, cfnViolations } from "../support/aws-spec";
import { expectFailure, expectRefused, one, ofType, plannedChanges, ProgramRun, runProgram, runWithWarnings, TYPES } from "../support/harness";

const IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128";
const ROLE = "arn:aws:iam::123456789123:role/sagemaker-execution";
const KEY = "arn:aws:kms:us-east-1:123456789123:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const config = { "aws:region": "us-east-1" };
const CAPTURE: DataCaptureArgs = { destinationS3Uri: "s3://acme-ml/captures/", kmsKeyArn: KEY };

/** An endpoint serving a model whose role the program creates (or is given, with `role`). */
function program(dataCapture?: ReservedEndpointArgs["dataCapture"], role?: string) {
    return () => {
        const model = new InferenceModel("chat", { namePrefix: "chat", image: IMAGE, executionRoleArn: role });
        const endpoint = new ReservedEndpoint("chat", {
            namePrefix: "chat", modelName: model.modelName, modelExecutionRoleName: model.executionRoleName,
            instanceType: "ml.g5.2xlarge", dataCapture,
        });
        // null, not undefined: a stack output cannot be undefined.
        return { endpointConfigName: endpoint.endpointConfigName, dataCapturePolicy: endpoint.dataCapturePolicy.apply((p) => p ?? null) };
    };
}
const run = (dataCapture?: ReservedEndpointArgs["dataCapture"], role?: string) =>
    runProgram({ stack: "dev", config, program: program(dataCapture, role) });

const WRITE = { Sid: "WriteDataCapture", Effect: "Allow", Action: ["s3:PutObject"], Resource: ["arn:aws:s3:::acme-ml/captures/*"] };
const ENCRYPT = {
    Sid: "EncryptDataCapture", Effect: "Allow", Action: ["kms:GenerateDataKey"], Resource: [KEY],
    Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
};

function configOf(r: ProgramRun) {
    return one(r, TYPES.endpointConfig, "chat-config").inputs;
}

describe("data capture on a real-time endpoint", () => {
    it("sends the capture in the endpoint config, as AWS's models take it", async () => {
        const r = await run(CAPTURE);
        const c = configOf(r);
        assert.deepStrictEqual(c.dataCaptureConfig, {
            enableCapture: true,
            initialSamplingPercentage: 100,
            destinationS3Uri: "s3://acme-ml/captures",
            kmsKeyId: KEY,
            captureOptions: [{ captureMode: "Input" }, { captureMode: "Output" }],
            captureContentTypeHeader: { jsonContentTypes: ["application/json"] },
        });
        assert.deepStrictEqual(cfnViolations("AWS::SageMaker::EndpointConfig", c), []);
        assert.deepStrictEqual(apiViolations("sagemaker", "DataCaptureConfig", c.dataCaptureConfig), []);
    });

    it("warns before deploying when no created role is named, with the policy the given role must hold, and only then", async () => {
        const given = await runWithWarnings({ stack: "dev", config, program: program(CAPTURE, ROLE) });
        const capturing = given.warnings.filter((w) => w.startsWith("chat.dataCapture:"));
        assert.deepStrictEqual(capturing, [
            "chat.dataCapture: no modelExecutionRoleName is given, so nothing allows the model's role to write the captures; that role must " +
            `already hold this policy (output dataCapturePolicy): ${JSON.stringify({ Version: "2012-10-17", Statement: [WRITE, ENCRYPT] })}`,
        ]);
        assert.deepStrictEqual(given.r.resources.filter((r) => r.name === "chat-capture-policy"), []);
        const created = await runWithWarnings({ stack: "dev", config, program: program(CAPTURE) });
        assert.deepStrictEqual(created.warnings.filter((w) => w.startsWith("chat.dataCapture:")), []);
    });

    it("lets the model's created role write under the destination only, before the endpoint starts", async () => {
        const r = await run(CAPTURE);
        const policy = one(r, TYPES.rolePolicy, "chat-capture-policy");
        assert.strictEqual(policy.inputs.role, one(r, TYPES.role, "chat-role").inputs.name);
        assert.deepStrictEqual(JSON.parse(policy.inputs.policy), { Version: "2012-10-17", Statement: [WRITE, ENCRYPT] });
        assert.strictEqual(r.outputs.dataCapturePolicy, policy.inputs.policy);
        assert.ok(one(r, TYPES.endpoint, "chat-endpoint").dependencies.includes(policy.urn), "the endpoint waits for the role's permission");
        assert.deepStrictEqual(apiViolations("iam", "PutRolePolicyRequest", { RoleName: policy.inputs.role, PolicyName: "p", PolicyDocument: policy.inputs.policy }), []);
    });

    it("with a given role, adds nothing to it and says what it must hold", async () => {
        const r = await run(CAPTURE, ROLE);
        assert.deepStrictEqual(ofType(r, TYPES.rolePolicy), []);
        assert.deepStrictEqual(JSON.parse(r.outputs.dataCapturePolicy as string).Statement, [WRITE, ENCRYPT]);
    });

    it("without capture: no DataCaptureConfig, no policy, and the config keeps its name", async () => {
        const r = await run();
        assert.ok(!("dataCaptureConfig" in configOf(r)));
        assert.deepStrictEqual(ofType(r, TYPES.rolePolicy).map((p) => p.name), ["chat-role-policy"]);
        assert.strictEqual(r.outputs.dataCapturePolicy, null);
        const unset = await run(undefined);
        assert.strictEqual(configOf(unset).endpointConfigName, configOf(r).endpointConfigName);
    });

    it("turning capture on moves the endpoint to a new config in place", async () => {
        const [before, after] = [await run(), await run({ destinationS3Uri: "s3://acme-ml/captures", samplingPercentage: 10, capture: "requests" })];
        const [e1, e2] = [before, after].map((r) => one(r, TYPES.endpoint, "chat-endpoint"));
        const [c1, c2] = [before, after].map(configOf);
        assert.notStrictEqual(c2.endpointConfigName, c1.endpointConfigName);
        assert.deepStrictEqual(plannedChanges(e1.inputs, e2.inputs), ["endpointConfigName"]);
        assert.deepStrictEqual(cfnReplacingPaths("AWS::SageMaker::Endpoint", plannedChanges(e1.inputs, e2.inputs)), []);
        assert.deepStrictEqual(c2.dataCaptureConfig.captureOptions, [{ captureMode: "Input" }]);
        assert.strictEqual(c2.dataCaptureConfig.initialSamplingPercentage, 10);
    });

    it("refuses bad settings before registering anything, naming the setting, the value and the rule", async () => {
        const build = (dataCapture: DataCaptureArgs) => () => {
            new ReservedEndpoint("chat", { namePrefix: "chat", modelName: "m", instanceType: "ml.g5.2xlarge", dataCapture });
        };
        for (const [dataCapture, message] of [
            [{ destinationS3Uri: "s3://acme-ml/c", samplingPercentage: 0 }, /^Error: chat\.dataCapture\.samplingPercentage: 0 must be a whole number from 1 to 100/],
            [{ destinationS3Uri: "s3://acme-ml/c", capture: "all" }, /^Error: chat\.dataCapture\.capture: "all" must be one of requests, responses, both/],
            [{ destinationS3Uri: "s3://acme-ml/c", kmsKeyArn: KEY.replace("us-east-1", "eu-west-1") }, /^Error: chat\.dataCapture\.kmsKeyArn: .* is in region eu-west-1, but the stack deploys to us-east-1/],
            [{ destinationS3Uri: "acme-ml/c" }, /^Error: chat\.dataCapture\.destinationS3Uri: "acme-ml\/c" must be an S3 URI/],
        ] as [DataCaptureArgs, RegExp][]) {
            assert.deepStrictEqual(await expectRefused(build(dataCapture), message, config), []);
        }
    });

    it("fails a capture that resolves late and wrong before the endpoint config is made", async () => {
        const failure = await expectFailure({ stack: "dev", config, program: program(pulumi.output({ destinationS3Uri: "s3://acme-ml/c", samplingPercentage: 500 })) },
            /^chat\.dataCapture\.samplingPercentage: 500 must be a whole number from 1 to 100/);
        assert.deepStrictEqual(ofType({ resources: failure.resources }, TYPES.endpointConfig), []);
    });

    it("fails, naming the field, on a capture or role name given as an output that resolves to nothing", async () => {
        for (const [field, dataCapture, role] of [
            ["dataCapture", pulumi.output(undefined as unknown as DataCaptureArgs), undefined],
            ["modelExecutionRoleName", CAPTURE, pulumi.output(undefined as unknown as string)],
        ] as [string, ReservedEndpointArgs["dataCapture"], pulumi.Input<string> | undefined][]) {
            await expectFailure({ stack: "dev", config, program: () => {
                const model = new InferenceModel("chat", { namePrefix: "chat", image: IMAGE });
                new ReservedEndpoint("chat", { namePrefix: "chat", modelName: model.modelName, modelExecutionRoleName: role ?? model.executionRoleName,
                    instanceType: "ml.g5.2xlarge", dataCapture });
            } }, new RegExp(`^chat\\.${field}: null was given but resolved to nothing`));
        }
    });

    it("is refused, with AWS's reason, on endpoints that cannot capture: asynchronous, and hosting inference components", async () => {
        const asyncBuild = () => {
            new AsyncInferenceEndpoint("batchy", { namePrefix: "batchy", modelName: "m", instanceType: "ml.g5.2xlarge", maxInstanceCount: 1, dataCapture: CAPTURE });
        };
        assert.deepStrictEqual(await expectRefused(asyncBuild, new RegExp(`^Error: batchy\\.dataCapture: .* is refused: ${escape(CAPTURE_UNSUPPORTED.async)}$`), config), []);
        const componentsBuild = () => {
            new ScaleToZeroEndpoint("shared", { namePrefix: "shared", instanceType: "ml.g5.12xlarge", maxInstanceCount: 2, dataCapture: pulumi.output(CAPTURE) });
        };
        assert.deepStrictEqual(await expectRefused(componentsBuild,
            new RegExp(`^Error: shared\\.dataCapture is refused: ${escape(CAPTURE_UNSUPPORTED.inferenceComponents)}$`), config), []);
    });
});

function escape(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
