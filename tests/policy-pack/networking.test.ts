import * as assert from "assert";
import { networkingPolicy } from "../../policy-pack/networking";
import { TYPES } from "../../policy-pack/sagemaker";
import { runStackPolicy, TestResource, UNKNOWN_STRING } from "./support";

const VPC = { securityGroupIds: ["sg-0123456789abcdef0"], subnets: ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"] };
const LMI = "763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128";
const TGI = "763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-tgi-inference:2.4.0-tgi3.0.1-gpu-py311-cu124-ubuntu22.04";
const fromS3 = { image: LMI, modelDataUrl: "s3://acme-ml-models/llama3-8b-instruct/" };
const fromHub = { image: TGI, environment: { HF_MODEL_ID: "meta-llama/Meta-Llama-3-8B-Instruct" } };

const classicModel = (props: Record<string, unknown>): TestResource => ({ type: TYPES.classicModel, name: "chat-model", props: { name: "chat", executionRoleArn: "arn:aws:iam::123456789012:role/r", primaryContainer: fromS3, ...props } });
const nativeModel = (props: Record<string, unknown>): TestResource => ({ type: TYPES.nativeModel, name: "chat-model", props: { modelName: "chat", executionRoleArn: "arn:aws:iam::123456789012:role/r", containers: [fromS3], ...props } });

/** An endpoint for inference components (its variant names no model), one component on it serving `model`. */
function componentEndpoint(configProps: Record<string, unknown>, model: TestResource, type: string = TYPES.nativeEndpointConfig): TestResource[] {
    return [
        { type, name: "dev-config", props: { endpointConfigName: "dev-cfg", name: "dev-cfg", productionVariants: [{ variantName: "AllTraffic", instanceType: "ml.g5.12xlarge" }], ...configProps } },
        { type: TYPES.nativeEndpoint, name: "dev-endpoint", props: { endpointName: "dev", endpointConfigName: "dev-cfg" } },
        { type: TYPES.inferenceComponent, name: "llama", props: { inferenceComponentName: "llama", endpointName: "dev", specification: { modelName: "chat" } } },
        model,
    ];
}

async function messages(resources: TestResource[], config = {}) {
    return (await runStackPolicy(networkingPolicy, resources, config)).map((v) => `${v.urn?.split("::").pop()}: ${v.message}`);
}

describe("policy sagemaker-private-networking", () => {
    it("is advisory by default, isolation required, no image exempt", () => {
        assert.strictEqual(networkingPolicy.enforcementLevel, "advisory");
        assert.deepStrictEqual(networkingPolicy.configSchema?.properties.exemptImages.default, []);
        assert.strictEqual(networkingPolicy.configSchema?.properties.requireNetworkIsolation.default, true);
    });

    it("passes private, isolated models of either provider, and a model that must fetch its weights left unisolated", async () => {
        assert.deepStrictEqual(await messages([classicModel({ vpcConfig: VPC, enableNetworkIsolation: true })]), []);
        assert.deepStrictEqual(await messages([nativeModel({ vpcConfig: VPC, enableNetworkIsolation: true })]), []);
        assert.deepStrictEqual(await messages([classicModel({ vpcConfig: VPC, primaryContainer: fromHub })]), []);
    });

    it("refuses models outside a VPC, or not isolated though nothing in them needs the network", async () => {
        assert.deepStrictEqual(await messages([classicModel({ enableNetworkIsolation: true })]), [
            "chat-model: model chat-model runs outside a VPC: set vpcConfig (securityGroupIds, subnets)",
        ]);
        assert.deepStrictEqual(await messages([nativeModel({ vpcConfig: { securityGroupIds: [], subnets: [] }, enableNetworkIsolation: true })]), [
            "chat-model: model chat-model runs outside a VPC: set vpcConfig (securityGroupIds, subnets)",
        ]);
        assert.deepStrictEqual(await messages([nativeModel({ vpcConfig: VPC })]), [
            "chat-model: model chat-model does not set enableNetworkIsolation: true, and none of its containers needs the network (none downloads its model itself, no image is exempt)",
        ]);
    });

    it("takes the config's exempt images and its choice not to require isolation", async () => {
        assert.deepStrictEqual(await messages([nativeModel({ vpcConfig: VPC })], { exemptImages: ["763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:"] }), []);
        assert.deepStrictEqual(await messages([nativeModel({ vpcConfig: VPC })], { requireNetworkIsolation: false }), []);
    });

    it("passes an inference-component endpoint in a VPC, isolated, whose model has no VPC of its own, also while the component's endpoint is unknown", async () => {
        assert.deepStrictEqual(await messages(componentEndpoint({ vpcConfig: VPC, enableNetworkIsolation: true }, classicModel({ enableNetworkIsolation: true }))), []);
        // During preview the component's endpoint may be unknown: it may be that private endpoint.
        const unknownEndpoint = componentEndpoint({ vpcConfig: VPC, enableNetworkIsolation: true }, classicModel({ enableNetworkIsolation: true }))
            .map((r) => r.type === TYPES.inferenceComponent ? { ...r, props: { ...r.props, endpointName: UNKNOWN_STRING } } : r);
        assert.deepStrictEqual(await messages(unknownEndpoint), []);
    });

    it("refuses an inference-component endpoint outside a VPC, the classic provider's (which cannot have one) included, and its model with it", async () => {
        assert.deepStrictEqual(await messages(componentEndpoint({ enableNetworkIsolation: true }, classicModel({ enableNetworkIsolation: true }))), [
            "dev-config: endpoint config dev-config hosts inference components outside a VPC: set vpcConfig (securityGroupIds, subnets)",
            "chat-model: model chat-model runs outside a VPC: set vpcConfig (securityGroupIds, subnets)",
        ]);
        const classic = await messages(componentEndpoint({ enableNetworkIsolation: true }, classicModel({ vpcConfig: VPC, enableNetworkIsolation: true }), TYPES.classicEndpointConfig));
        assert.deepStrictEqual(classic, [
            "dev-config: endpoint config dev-config hosts inference components outside a VPC: set vpcConfig (securityGroupIds, subnets); the classic provider's EndpointConfiguration has none, aws-native's sagemaker.EndpointConfig has",
        ]);
    });

    it("requires isolation of an inference-component endpoint unless a component's container needs the network", async () => {
        assert.deepStrictEqual(await messages(componentEndpoint({ vpcConfig: VPC }, classicModel({ vpcConfig: VPC, enableNetworkIsolation: true }))), [
            "dev-config: endpoint config dev-config (inference components) does not set enableNetworkIsolation: true, and none of its containers needs the network (none downloads its model itself, no image is exempt)",
        ]);
        assert.deepStrictEqual(await messages(componentEndpoint({ vpcConfig: VPC }, classicModel({ vpcConfig: VPC, primaryContainer: fromHub }))), []);
        // A component with a container of its own (Specification.Container) instead of a model.
        const ownContainer = (container: object) => componentEndpoint({ vpcConfig: VPC }, classicModel({ vpcConfig: VPC, enableNetworkIsolation: true }))
            .map((r) => (r.type === TYPES.inferenceComponent ? { ...r, props: { ...r.props, specification: { container } } } : r));
        assert.deepStrictEqual(await messages(ownContainer(fromHub)), []);
        assert.strictEqual((await messages(ownContainer({ image: LMI, artifactUrl: "s3://acme-ml-models/llama3-8b-instruct/" }))).length, 1);
    });

    it("reports nothing on networking unknown during preview", async () => {
        assert.deepStrictEqual(await messages([nativeModel({ vpcConfig: { securityGroupIds: [UNKNOWN_STRING], subnets: UNKNOWN_STRING }, enableNetworkIsolation: UNKNOWN_STRING })]), []);
    });
});
