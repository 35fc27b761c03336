import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { apiPattern, apiPatterns, apiViolations, AwsService, cfnReplacingPaths, cfnViolations } from "./aws-spec";

const ENDPOINT_CONFIG = "AWS::SageMaker::EndpointConfig";
const ENDPOINT = "AWS::SageMaker::Endpoint";

/** An endpoint config as aws-native takes it: camelCase, with its own spellings of acronyms. */
function endpointConfig(): Record<string, unknown> {
    return {
        endpointConfigName: "llama-ec",
        productionVariants: [{
            variantName: "AllTraffic",
            instanceType: "ml.g5.2xlarge",
            initialInstanceCount: 1,
            volumeSizeInGb: 100,
            enableSsmAccess: true,
            managedInstanceScaling: { status: "ENABLED", minInstanceCount: 0, maxInstanceCount: 2, scaleInPolicy: { strategy: "IDLE_RELEASE" } },
        }],
        metricsConfig: { metricPublishFrequencyInSeconds: 60 },
        kmsKeyId: undefined,
        tags: [{ key: "team", value: "inference" }],
    };
}

/** A production variant as CreateEndpointConfig takes it, with camelCase member names. */
function productionVariant(): Record<string, unknown> {
    return {
        variantName: "AllTraffic",
        modelName: "llama-model",
        instanceType: "ml.g5.2xlarge",
        initialInstanceCount: 1,
        modelDataDownloadTimeoutInSeconds: 600,
        routingConfig: { routingStrategy: "LEAST_OUTSTANDING_REQUESTS" },
    };
}

describe("aws-spec: CloudFormation resource specs", () => {
    it("finds nothing wrong in a valid endpoint config, whatever the case of its names", () => {
        assert.deepStrictEqual(cfnViolations(ENDPOINT_CONFIG, endpointConfig()), []);
    });

    it("names an unknown property, at the top and nested", () => {
        const inputs = endpointConfig();
        inputs.endpointName = "llama";
        (inputs.productionVariants as Record<string, unknown>[])[0].warmPool = 1;
        assert.deepStrictEqual(cfnViolations(ENDPOINT_CONFIG, inputs), [
            'productionVariants[0].warmPool = 1: not a property of ProductionVariant',
            'endpointName = "llama": not a property of AWS::SageMaker::EndpointConfig',
        ]);
    });

    it("names a value of the wrong kind", () => {
        const inputs = {
            ...endpointConfig(),
            enableNetworkIsolation: "true",
            productionVariants: [{ variantName: "AllTraffic", initialInstanceCount: 1.5, managedInstanceScaling: { scaleInPolicy: "IDLE_RELEASE" } }],
            tags: { team: "inference" },
        };
        assert.deepStrictEqual(cfnViolations(ENDPOINT_CONFIG, inputs), [
            'productionVariants[0].initialInstanceCount = 1.5: expected integer',
            'productionVariants[0].managedInstanceScaling.scaleInPolicy = "IDLE_RELEASE": expected an object (ScaleInPolicy)',
            'tags = {"team":"inference"}: expected an array',
            'enableNetworkIsolation = "true": expected boolean',
        ]);
    });

    it("names a missing required property, at the top and nested", () => {
        const inputs = { ...endpointConfig(), productionVariants: undefined, tags: [{ key: "team" }] };
        assert.deepStrictEqual(cfnViolations(ENDPOINT_CONFIG, inputs), [
            "tags[0].value = undefined: required by Tag",
            "productionVariants = undefined: required by AWS::SageMaker::EndpointConfig",
        ]);
    });

    it("names a value outside the spec's allowed values", () => {
        const inputs = { ...endpointConfig(), metricsConfig: { metricPublishFrequencyInSeconds: 15 } };
        assert.deepStrictEqual(cfnViolations(ENDPOINT_CONFIG, inputs), [
            "metricsConfig.metricPublishFrequencyInSeconds = 15: not one of the allowed values [10,30,60,120,180,240,300]",
        ]);
    });

    it("refuses a type the spec does not have", () => {
        assert.throws(() => cfnViolations("AWS::SageMaker::Nothing", {}), /AWS::SageMaker::Nothing is not a CloudFormation type/);
    });

    it("replaces an endpoint only for a new endpoint name", () => {
        const changed = [
            "endpointName", "endpointConfigName", "retainAllVariantProperties", "retainDeploymentConfig",
            "deploymentConfig.rollingUpdatePolicy.waitIntervalInSeconds", "deploymentConfig.rollingUpdatePolicy.maximumBatchSize.value",
            "deploymentConfig", "excludeRetainedVariantProperties", "tags",
        ];
        assert.deepStrictEqual(cfnReplacingPaths(ENDPOINT, changed), ["endpointName"]);
    });

    it("replaces an endpoint config for any change but its tags, nested paths included", () => {
        const changed = ["productionVariants", "productionVariants[0].managedInstanceScaling.maxInstanceCount", "metricsConfig", "tags"];
        assert.deepStrictEqual(cfnReplacingPaths(ENDPOINT_CONFIG, changed), [
            "productionVariants", "productionVariants[0].managedInstanceScaling.maxInstanceCount", "metricsConfig",
        ]);
    });

    it("refuses a changed path that names no property", () => {
        assert.throws(() => cfnReplacingPaths(ENDPOINT, ["deploymentConfig.rollingUpdatePolicy.waitInterval"]),
            /^Error: deploymentConfig\.rollingUpdatePolicy\.waitInterval is not a property of RollingUpdatePolicy$/);
    });
});

describe("aws-spec: AWS API models", () => {
    it("finds nothing wrong in a valid production variant in camelCase", () => {
        assert.deepStrictEqual(apiViolations("sagemaker", "ProductionVariant", productionVariant()), []);
    });

    it("names a production variant's bad name, instance type and download timeout", () => {
        const variant = { ...productionVariant(), variantName: "all_traffic", instanceType: "ml.g5.huge", modelDataDownloadTimeoutInSeconds: 30 };
        assert.deepStrictEqual(apiViolations("sagemaker", "ProductionVariant", variant), [
            'variantName = "all_traffic": does not match ^(?:[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62})$ of VariantName',
            'instanceType = "ml.g5.huge": not in the enum of ProductionVariantInstanceType',
            "modelDataDownloadTimeoutInSeconds = 30: below min 60 of ProductionVariantModelDataDownloadTimeoutInSeconds",
        ]);
    });

    it("names unknown members, wrong types and string lengths", () => {
        const variant = { ...productionVariant(), modelName: "m".repeat(64), initialInstanceCount: "1", warmPool: true };
        assert.deepStrictEqual(apiViolations("sagemaker", "ProductionVariant", variant), [
            `modelName = "${"m".repeat(64)}": length 64 above max 63 of ModelName`,
            'initialInstanceCount = "1": expected an integer (InitialTaskCount)',
            "warmPool = true: not a member of ProductionVariant",
        ]);
    });

    it("names a rolling update policy's missing wait interval", () => {
        const policy = { MaximumBatchSize: { Type: "CAPACITY_PERCENT", Value: 10 } };
        assert.deepStrictEqual(apiViolations("sagemaker", "RollingUpdatePolicy", policy), [
            "WaitIntervalInSeconds = undefined: required by RollingUpdatePolicy",
        ]);
    });

    it("names an alarm's comparison operator outside the enum", () => {
        const alarm = { AlarmName: "llama-backlog", ComparisonOperator: "GreaterThan", EvaluationPeriods: 1, Threshold: 5 };
        assert.deepStrictEqual(apiViolations("cloudwatch", "PutMetricAlarmInput", alarm), [
            'ComparisonOperator = "GreaterThan": not in the enum of ComparisonOperator',
        ]);
    });

    it("compiles every extracted pattern, Java's POSIX classes spelled out", () => {
        for (const service of ["sagemaker", "cloudwatch", "application-autoscaling"] as AwsService[]) {
            for (const [shape, pattern] of Object.entries(apiPatterns(service))) {
                assert.doesNotThrow(() => apiPattern(pattern), `${service} ${shape}`);
            }
        }
        assert.strictEqual(apiPattern("\\p{Print}+").source, "^(?:[ -~]+)$");
        assert.deepStrictEqual(apiViolations("application-autoscaling", "PolicyName", "llama scale-in"), []);
        assert.deepStrictEqual(apiViolations("application-autoscaling", "PolicyName", "llama\n"), [
            '<root> = "llama\\n": does not match ^(?:[ -~]+)$ of PolicyName',
        ]);
    });

    it("names the botocore commit in every extracted model", () => {
        for (const service of ["sagemaker", "cloudwatch", "application-autoscaling"]) {
            const model = JSON.parse(fs.readFileSync(path.join(__dirname, "aws-models", `${service}.json`), "utf8")) as { source: string };
            assert.match(model.source, /^github\.com\/boto\/botocore commit 0e6e2404b85dc336dd2889814e089bde7d1a4c55, path botocore\/data\/[a-z-]+\/[0-9-]+\/service-2\.json: an unmodified subset/);
        }
    });
});

describe("aws-spec: the networking and key an endpoint config and a model carry", () => {
    const vpc = { securityGroupIds: ["sg-0a1b2c3d4e5f60718"], subnets: ["subnet-0a1b2c3d4e5f60718"] };

    it("checks VpcConfig's list sizes, id lengths and patterns, and EnableNetworkIsolation's kind, in both APIs' inputs", () => {
        const config = (change: Record<string, unknown>) => apiViolations("sagemaker", "CreateEndpointConfigInput", {
            endpointConfigName: "ec", productionVariants: [productionVariant()], ...change,
        });
        assert.deepStrictEqual(config({ vpcConfig: vpc, enableNetworkIsolation: true, kmsKeyId: "alias/llm" }), []);
        assert.deepStrictEqual(config({ vpcConfig: { ...vpc, securityGroupIds: ["sg-1", "sg-2", "sg-3", "sg-4", "sg-5", "sg-6"] } }),
            ['vpcConfig.securityGroupIds = ["sg-1","sg-2","sg-3","sg-4","sg-5","sg-6"]: length 6 above max 5 of VpcSecurityGroupIds']);
        assert.deepStrictEqual(config({ vpcConfig: { ...vpc, subnets: [] } }), ["vpcConfig.subnets = []: length 0 below min 1 of Subnets"]);
        assert.deepStrictEqual(config({ vpcConfig: { securityGroupIds: vpc.securityGroupIds } }), ["vpcConfig.Subnets = undefined: required by VpcConfig"]);
        assert.deepStrictEqual(config({ vpcConfig: { ...vpc, subnets: [`subnet-${"0".repeat(26)}`] } }),
            [`vpcConfig.subnets[0] = "subnet-${"0".repeat(26)}": length 33 above max 32 of SubnetId`]);
        assert.deepStrictEqual(config({ vpcConfig: { ...vpc, subnets: ["subnet_1"] } }), ['vpcConfig.subnets[0] = "subnet_1": does not match ^(?:[-0-9a-zA-Z]+)$ of SubnetId']);
        assert.deepStrictEqual(config({ enableNetworkIsolation: "true" }), ['enableNetworkIsolation = "true": expected a boolean (Boolean)']);
        assert.deepStrictEqual(config({ kmsKeyId: "alias/my.key" }), ['kmsKeyId = "alias/my.key": does not match ^(?:[a-zA-Z0-9:/_-]*)$ of KmsKeyId']);
        assert.deepStrictEqual(apiViolations("sagemaker", "CreateModelInput", {
            modelName: "m", executionRoleArn: "arn:aws:iam::123456789012:role/r", primaryContainer: { image: "i" }, vpcConfig: { ...vpc, securityGroupIds: [] },
        }), ["vpcConfig.securityGroupIds = []: length 0 below min 1 of VpcSecurityGroupIds"]);
    });
});
