import * as aws from "@pulumi/aws";
import * as awsNative from "@pulumi/aws-native";
import * as assert from "assert";
import { engineTools } from "../../scripts/engine-setup";
import { startAccount, StandinAccount } from "./standin/account";
import { AccountRequest, callAccount, CheckResult, CreateResult, DiffResult, Props } from "./standin/protocol";
import { EngineSession } from "./support/engine";
import { changed } from "./support/expect";

const REGION = "us-east-1";
const urn = (type: string, name: string) => `urn:pulumi:test::sagemaker-inference::${type}::${name}`;
const ROLE_ARN = "arn:aws:iam::123456789012:role/test-sagemaker";

describe("the stand-in account", () => {
    let account: StandinAccount;
    const send = <T>(type: string, name: string, request: Record<string, unknown> & { op: AccountRequest["op"] }) =>
        callAccount<T>(account.url, { provider: type.startsWith("aws-native:") ? "aws-native" : "aws", region: REGION, urn: urn(type, name), ...request } as AccountRequest);
    const create = (type: string, name: string, inputs: Props) => send<CreateResult>(type, name, { op: "create", inputs });
    const model = (name: string) => create("aws:sagemaker/model:Model", name, {
        name, executionRoleArn: ROLE_ARN, region: REGION,
        primaryContainer: { image: "763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128", modelDataUrl: "s3://models/llama/" },
    });
    const config = (name: string, instanceType: string, modelName: string) => create("aws-native:sagemaker:EndpointConfig", name, {
        endpointConfigName: name, productionVariants: [{ variantName: "AllTraffic", modelName, instanceType, initialInstanceCount: 1 }],
    });
    const endpoint = (name: string, configName: string) => create("aws-native:sagemaker:Endpoint", name, { endpointName: name, endpointConfigName: configName });

    beforeEach(async () => { account = await startAccount(); });
    afterEach(async () => { await account.stop(); });

    it("refuses a second endpoint of a name taken in the region with SageMaker's message, and one that refers to no config", async () => {
        await model("m1");
        await config("c1", "ml.g5.2xlarge", "m1");
        const first = await endpoint("llm", "c1");
        assert.strictEqual(first.id, "arn:aws:sagemaker:us-east-1:123456789012:endpoint/llm");
        assert.strictEqual(first.outputs.endpointArn, first.id);
        await assert.rejects(endpoint("llm", "c1"),
            { message: 'ValidationException: Cannot create already existing endpoint "arn:aws:sagemaker:us-east-1:123456789012:endpoint/llm".' });
        await assert.rejects(endpoint("other", "c-missing"), /endpointConfigName = "c-missing": no sagemaker-endpoint-config of that name in us-east-1/);
        await assert.rejects(config("c2", "ml.g5.2xlarge", "m-missing"), /productionVariants\[0\]\.modelName = "m-missing": no sagemaker-model/);
        assert.deepStrictEqual(account.resources().map((r) => r.physicalName).sort(), ["c1", "llm", "m1"]);
        // The SageMaker stand-in, which the dynamic providers call, sees the endpoint.
        assert.strictEqual(account.sagemaker.endpoints.get("llm")?.endpointConfigName, "c1");
        assert.deepStrictEqual(account.calls.filter((c) => c.outcome !== "ok").map((c) => `${c.op} ${c.name}`), ["create llm", "create other", "create c2"]);
    });

    it("refuses deleting a config an endpoint uses, and an endpoint with inference components on it", async () => {
        await model("m1");
        const c1 = await config("c1", "ml.g5.2xlarge", "m1");
        const ep = await endpoint("llm", "c1");
        const ic = await create("aws-native:sagemaker:InferenceComponent", "llama", {
            inferenceComponentName: "llama", endpointName: "llm", variantName: "AllTraffic", runtimeConfig: { copyCount: 1 },
            specification: { modelName: "m1", computeResourceRequirements: { minMemoryRequiredInMb: 1024, numberOfAcceleratorDevicesRequired: 1 } },
        });
        assert.strictEqual(account.sagemaker.components.get("llama")?.desiredCopyCount, 1);
        // A refresh reads the copies SageMaker has now; CopyCount, write-only, stays as given.
        account.sagemaker.components.get("llama")!.desiredCopyCount = 0;
        const read = await send<{ id: string; outputs: Props }>("aws-native:sagemaker:InferenceComponent", "llama", { op: "read", id: ic.id, inputs: {}, outputs: ic.outputs });
        assert.deepStrictEqual([read.id, read.outputs.runtimeConfig], [ic.id, { copyCount: 1, desiredCopyCount: 0, currentCopyCount: 1 }]);
        await assert.rejects(send("aws-native:sagemaker:EndpointConfig", "c1", { op: "delete", id: c1.id, outputs: c1.outputs }), /endpoint config c1 is in use by endpoint llm/);
        await assert.rejects(send("aws-native:sagemaker:Endpoint", "llm", { op: "delete", id: ep.id, outputs: ep.outputs }), /endpoint llm has inference components \(llama\)/);
        await send("aws-native:sagemaker:InferenceComponent", "llama", { op: "delete", id: ic.id, outputs: ic.outputs });
        await send("aws-native:sagemaker:Endpoint", "llm", { op: "delete", id: ep.id, outputs: ep.outputs });
        await send("aws-native:sagemaker:EndpointConfig", "c1", { op: "delete", id: c1.id, outputs: c1.outputs });
        assert.deepStrictEqual(account.resources().map((r) => r.physicalName), ["m1"]);
        const gone = await send<{ id: string }>("aws-native:sagemaker:Endpoint", "llm", { op: "read", id: ep.id, inputs: {}, outputs: ep.outputs });
        assert.strictEqual(gone.id, "");
        assert.strictEqual(account.sagemaker.components.size + account.sagemaker.endpoints.size, 0);
    });

    it("refuses moving an auto-scaled variant to another instance type, and allows it once deregistered", async () => {
        await model("m1");
        await config("c1", "ml.g5.2xlarge", "m1");
        await config("c2", "ml.g5.12xlarge", "m1");
        const ep = await endpoint("llm", "c1");
        const target = await create("aws:appautoscaling/target:Target", "target", {
            serviceNamespace: "sagemaker", resourceId: "endpoint/llm/variant/AllTraffic", scalableDimension: "sagemaker:variant:DesiredInstanceCount",
            minCapacity: 1, maxCapacity: 2, region: REGION,
        });
        const news = { endpointName: "llm", endpointConfigName: "c2" };
        const move = () => send("aws-native:sagemaker:Endpoint", "llm", { op: "update", id: ep.id, olds: ep.outputs, news, oldInputs: {} });
        await assert.rejects(move(), /variant AllTraffic of endpoint llm is registered with Application Auto Scaling; its instance type cannot change from ml\.g5\.2xlarge to ml\.g5\.12xlarge/);
        await send("aws:appautoscaling/target:Target", "target", { op: "delete", id: target.id, outputs: target.outputs });
        await move();
        assert.strictEqual(account.sagemaker.endpoints.get("llm")?.endpointConfigName, "c2");
        await assert.rejects(create("aws:appautoscaling/target:Target", "target", {
            serviceNamespace: "sagemaker", resourceId: "endpoint/llm/variant/Other", scalableDimension: "sagemaker:variant:DesiredInstanceCount", minCapacity: 1, maxCapacity: 2,
        }), /resourceId: endpoint llm has no variant Other \(its config has AllTraffic\)/);
    });

    it("fails a request AWS's models refuse, naming the property, the value and the rule, in Check and in Create", async () => {
        const bad = { endpointName: "bad_name", endpointConfigName: "c1" };
        const checked = await send<CheckResult>("aws-native:sagemaker:Endpoint", "bad", { op: "check", olds: {}, news: { ...bad, endpointConfigName: 7 } });
        assert.deepStrictEqual(checked.failures, [{ property: "endpointConfigName", reason: "endpointConfigName = 7: expected string" }]);
        const alarm = { name: "a", comparisonOperator: "Bigger", evaluationPeriods: 1, metricName: "M", namespace: "N", period: 60, statistic: "Maximum", threshold: 1, region: REGION };
        await assert.rejects(create("aws:cloudwatch/metricAlarm:MetricAlarm", "a", alarm),
            /cloudwatch PutMetricAlarmInput refuses the request: ComparisonOperator = "Bigger": not in the enum of ComparisonOperator/);
        // Values unknown at preview are not judged.
        const preview = await send<CheckResult>("aws:cloudwatch/metricAlarm:MetricAlarm", "a", { op: "check", olds: {}, news: { ...alarm, comparisonOperator: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" } });
        assert.deepStrictEqual(preview.failures, []);
        assert.strictEqual(account.resources().length, 0);
    });

    it("autonames as the real providers do, keeps the name, and replaces on create-only and ForceNew changes only", async () => {
        const first = await send<CheckResult>("aws:sns/topic:Topic", "events", { op: "check", olds: {}, news: {} });
        assert.match(String(first.inputs.name), /^events-[0-9a-f]{7}$/);
        assert.strictEqual(first.inputs.region, REGION);
        const again = await send<CheckResult>("aws:sns/topic:Topic", "events", { op: "check", olds: first.inputs, news: {} });
        assert.strictEqual(again.inputs.name, first.inputs.name);
        const bucket = await send<CheckResult>("aws:s3/bucket:Bucket", "b", { op: "check", olds: {}, news: { bucketPrefix: "sagemaker-inference-production-async-" } });
        assert.match(String(bucket.inputs.bucket), /^sagemaker-inference-production-async-[0-9a-z]{26}$/);
        const native = await send<CheckResult>("aws-native:sagemaker:Endpoint", "llm", { op: "check", olds: {}, news: { endpointConfigName: "c1" } });
        assert.match(String(native.inputs.endpointName), /^llm-[0-9a-f]{7}$/);

        const diff = (type: string, olds: Props, news: Props) => send<DiffResult>(type, "x", { op: "diff", id: "x", olds, news, oldInputs: olds });
        const ic = { inferenceComponentName: "llama", endpointName: "llm", variantName: "AllTraffic", specification: { modelName: "m1" }, runtimeConfig: { copyCount: 1 } };
        const icDiff = await diff("aws-native:sagemaker:InferenceComponent", ic, { ...ic, specification: { modelName: "m2" }, runtimeConfig: { copyCount: 2 } });
        assert.deepStrictEqual([icDiff.changes, icDiff.replaces], [true, []]);
        assert.deepStrictEqual(Object.keys(icDiff.detailedDiff), ["runtimeConfig.copyCount", "specification.modelName"]);
        // The InferenceComponent's spec has no create-only property; the Endpoint's name is one.
        assert.deepStrictEqual((await diff("aws-native:sagemaker:InferenceComponent", ic, { ...ic, inferenceComponentName: "llama2" })).replaces, []);
        const ep = { endpointName: "llm", endpointConfigName: "c1" };
        assert.deepStrictEqual((await diff("aws-native:sagemaker:Endpoint", ep, { ...ep, endpointName: "llm2", endpointConfigName: "c2" })).replaces, ["endpointName"]);
        const target = { serviceNamespace: "sagemaker", resourceId: "inference-component/a", scalableDimension: "d", minCapacity: 0, maxCapacity: 2, region: REGION };
        assert.deepStrictEqual((await diff("aws:appautoscaling/target:Target", target, { ...target, maxCapacity: 3 })).replaces, []);
        assert.deepStrictEqual((await diff("aws:appautoscaling/target:Target", target, { ...target, resourceId: "inference-component/b" })).replaces, ["resourceId"]);
        assert.deepStrictEqual((await diff("aws:appautoscaling/target:Target", target, target)).changes, false);
        // A state without old inputs: the old outputs less what the provider computed.
        const noOldInputs = await send<DiffResult>("aws:appautoscaling/target:Target", "x", {
            op: "diff", id: "x", olds: { ...target, arn: "arn:aws:application-autoscaling:us-east-1:123456789012:scalable-target/0a", roleArn: "arn:aws:iam::123456789012:role/r" }, news: target, oldInputs: {},
        });
        assert.strictEqual(noOldInputs.changes, false);
    });
});

describe("a provider move through the real engine against the stand-ins", () => {
    it("moves an aws-native resource from the default provider to an explicit one in the same region without replacing it (DiffConfig as aws-native's)", async () => {
        const account = await startAccount();
        const session = await EngineSession.start(await engineTools(), account.env());
        let explicit = false;
        const program = async () => {
            const model = new aws.sagemaker.Model("model", {
                name: "move-model", executionRoleArn: ROLE_ARN,
                primaryContainer: { image: "763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128", modelDataUrl: "s3://models/llama/" },
            });
            const provider = explicit ? new awsNative.Provider("aws-native", { region: "us-east-1" }) : undefined;
            new awsNative.sagemaker.EndpointConfig("config", {
                endpointConfigName: "move-config",
                productionVariants: [{ variantName: "AllTraffic", modelName: model.name, instanceType: "ml.g5.2xlarge", initialInstanceCount: 1 }],
            }, { provider });
        };
        try {
            const s = await session.stack("provider-move", "move", { "aws:region": REGION }, program);
            await s.up("default-provider");
            const before = account.resources().find((r) => r.type === "aws-native:sagemaker:EndpointConfig")!;
            explicit = true;
            // The explicit provider is created and the default one, used by nothing now, goes; the config is neither replaced nor deleted.
            assert.deepStrictEqual(changed(await s.preview("explicit-provider")), ["create aws-native aws-native", "delete aws-native default_1_79_0"]);
            await s.up("explicit-provider");
            assert.strictEqual(account.resources().find((r) => r.type === "aws-native:sagemaker:EndpointConfig"), before);
            assert.deepStrictEqual(account.calls.filter((c) => c.op !== "read").map((c) => `${c.op} ${c.name}`), ["create model", "create config"]);
            await s.destroy("all");
            assert.deepStrictEqual(account.resources(), []);
        } finally {
            session.close();
            await account.stop();
        }
    });
});
