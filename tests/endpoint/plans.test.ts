import * as assert from "assert";
import { EndpointConfigContent } from "../../components/endpoint/endpoint-args";
import { endpointConfigName, planVariant, VariantInput } from "../../components/endpoint/endpoint-plan";
import { DEFAULT_METRICS } from "../../components/monitoring/metrics-plan";
import { splitS3Uri } from "../../core/validate";
import { ecrRepositoryArn, executionRolePolicy, modelName, planContainers } from "../../components/model/model-plan";
import { SAGEMAKER_NAME_PATTERN } from "../../core/names";

const ARN = "arn:aws:sagemaker:us-east-1:123456789123:training-plan/p4-for-inference-endpoint";
const base: VariantInput = {
    endpoint: "eval",
    instanceType: "ml.p5.48xlarge",
    instanceCount: 1,
    variantName: "AllTraffic",
    capacity: { reservationArn: ARN, reservedInstanceType: "ml.p5.48xlarge", reservedInstanceCount: 2 },
    region: "us-east-1",
};

describe("production variant plan", () => {
    it("binds the variant to the reservation as seed 000 step 2 does", () => {
        const plan = planVariant(base);
        assert.deepStrictEqual(plan.variant, {
            variantName: "AllTraffic",
            instanceType: "ml.p5.48xlarge",
            initialInstanceCount: 1,
            initialVariantWeight: 1,
            capacityReservationConfig: { capacityReservationPreference: "capacity-reservations-only", mlReservationArn: ARN },
        });
        assert.deepStrictEqual(plan.reservation, {
            facts: { reservationArn: ARN, reservedInstanceType: "ml.p5.48xlarge", reservedInstanceCount: 2 },
            claim: { endpoint: "eval", instanceType: "ml.p5.48xlarge", instanceCount: 1 },
        });
    });

    it("leaves the reservation out on demand", () => {
        const plan = planVariant({ ...base, capacity: "on-demand", instanceCount: 3 });
        assert.strictEqual(plan.variant.capacityReservationConfig, undefined);
        assert.strictEqual(plan.variant.initialInstanceCount, 3);
        assert.strictEqual(plan.reservation, undefined);
    });

    it("passes the timeouts through within SageMaker's bounds", () => {
        const plan = planVariant({ ...base, modelDataDownloadTimeoutInSeconds: 3600, containerStartupHealthCheckTimeoutInSeconds: 60 });
        assert.strictEqual(plan.variant.modelDataDownloadTimeoutInSeconds, 3600);
        assert.strictEqual(plan.variant.containerStartupHealthCheckTimeoutInSeconds, 60);
        assert.throws(() => planVariant({ ...base, modelDataDownloadTimeoutInSeconds: 3601 }),
            /eval.modelDataDownloadTimeoutInSeconds: 3601 must be a whole number from 60 to 3600/);
    });

    const bad: [string, Partial<VariantInput>, RegExp][] = [
        ["count 0", { instanceCount: 0 }, /eval.instanceCount: 0 must be a whole number of at least 1/],
        ["count 1.5", { instanceCount: 1.5 }, /eval.instanceCount: 1.5 must be a whole number/],
        ["a type without ml.", { instanceType: "p5.48xlarge" }, /eval.instanceType: "p5.48xlarge" is not a SageMaker instance type/],
        ["a variant name over 63 characters", { variantName: "a" + "-".repeat(62) + "b" }, /eval.variantName: "a-+b" must be at most 63 characters/],
        ["a bad variant name", { variantName: "all_traffic" }, /eval.variantName: "all_traffic" must be at most 63 characters matching/],
        ["a malformed ARN", { capacity: { reservationArn: "arn:aws:sagemaker:us-east-1:123456789123:endpoint/x" } },
            /eval.reservation.reservationArn: "arn:aws:sagemaker:us-east-1:123456789123:endpoint\/x" is not a SageMaker training-plan ARN/],
        ["an ARN in another region", { region: "eu-west-1" }, /is in region us-east-1, but the stack deploys to eu-west-1/],
        ["a bad reserved type", { capacity: { reservationArn: ARN, reservedInstanceType: "p5" } }, /eval.reservation.reservedInstanceType: "p5"/],
        ["a reserved count of 0", { capacity: { reservationArn: ARN, reservedInstanceCount: 0 } }, /eval.reservation.reservedInstanceCount: 0/],
    ];
    for (const [what, change, message] of bad) {
        it(`refuses ${what}`, () => {
            assert.throws(() => planVariant({ ...base, ...change }), message);
        });
    }

    it("names endpoint configs after their whole content: variants, role, async settings and metrics", () => {
        // The content as the components pass it to aws-native's EndpointConfig, less its name.
        const content = (change: Partial<EndpointConfigContent> = {}, variant = planVariant(base).variant): EndpointConfigContent => ({
            productionVariants: [{ ...variant, modelName: "eval-model" }],
            metricsConfig: DEFAULT_METRICS,
            ...change,
        });
        const c1 = content();
        assert.match(endpointConfigName("eval", c1), /^eval-[0-9a-f]{8}$/);
        assert.strictEqual(endpointConfigName("eval", c1), endpointConfigName("eval", content()), "the same content, the same name");
        assert.strictEqual(endpointConfigName("eval", c1), endpointConfigName("eval", { metricsConfig: c1.metricsConfig, productionVariants: c1.productionVariants }),
            "whatever the order of its keys");
        const others = [
            content({}, planVariant({ ...base, instanceCount: 2 }).variant),
            content({ productionVariants: [{ ...c1.productionVariants[0], modelName: "eval-model-v2" }] }),
            content({ metricsConfig: { ...DEFAULT_METRICS, metricPublishFrequencyInSeconds: 60 } }),
            content({ metricsConfig: undefined }),
            content({ executionRoleArn: "arn:aws:iam::123456789123:role/sagemaker" }),
            content({ asyncInferenceConfig: { outputConfig: { s3OutputPath: "s3://acme-async/output/" } } }),
        ];
        const names = [c1, ...others].map((c) => endpointConfigName("eval", c));
        assert.strictEqual(new Set(names).size, names.length, `every change of content gets a new name: ${names}`);
        assert.match(endpointConfigName("e".repeat(100), c1), SAGEMAKER_NAME_PATTERN);
        assert.ok(endpointConfigName("e".repeat(100), c1).length <= 63);
    });
});

describe("container plan", () => {
    const image = "763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128";

    it("makes one container the primary container, with its archive as ModelDataUrl", () => {
        assert.deepStrictEqual(planContainers("m", [{ image, modelDataUrl: "s3://bkt/k/model.tar.gz", environment: { A: "1" } }]), {
            primaryContainer: { image, modelDataUrl: "s3://bkt/k/model.tar.gz", environment: { A: "1" } },
        });
    });

    it("serves a folder of uncompressed weights through ModelDataSource as an S3 prefix", () => {
        assert.deepStrictEqual(planContainers("m", [{ image, modelDataUrl: "s3://bkt/llama/" }]), {
            primaryContainer: { image, modelDataSource: { s3DataSources: [{ s3Uri: "s3://bkt/llama/", s3DataType: "S3Prefix", compressionType: "None" }] } },
        });
    });

    it("wants hostnames on every container of a Serial model or on none", () => {
        assert.strictEqual(planContainers("m", [{ image, hostname: "a" }, { image, hostname: "b" }], "Serial").containers?.length, 2);
        assert.throws(() => planContainers("m", [{ image, hostname: "a" }, { image }], "Serial"),
            /m.containers: "1 of 2 with a hostname" must give a hostname on every container or on none/);
    });

    it("builds a Direct multi-container model with hostnames", () => {
        const plan = planContainers("m", [{ image, hostname: "llama" }, { image, hostname: "mistral" }], "Direct");
        assert.deepStrictEqual(plan.inferenceExecutionConfig, { mode: "Direct" });
        assert.deepStrictEqual(plan.containers?.map((c) => c.containerHostname), ["llama", "mistral"]);
        assert.strictEqual(plan.primaryContainer, undefined);
    });

    it("defaults several containers to Serial", () => {
        assert.deepStrictEqual(planContainers("m", [{ image }, { image }]).inferenceExecutionConfig, { mode: "Serial" });
    });

    it("refuses Direct without hostnames", () => {
        assert.throws(() => planContainers("m", [{ image, hostname: "a" }, { image }], "Direct"),
            /m.containers\[1\].hostname: undefined is required in Direct mode/);
    });

    it("refuses Direct with a hostname twice", () => {
        assert.throws(() => planContainers("m", [{ image, hostname: "a" }, { image, hostname: "a" }], "Direct"),
            /m.containers\[1\].hostname: "a" is used by another container/);
    });

    it("accepts 15 containers and refuses 16", () => {
        const many = (n: number) => Array.from({ length: n }, (_, i) => ({ image, hostname: `c${i}` }));
        assert.strictEqual(planContainers("m", many(15), "Direct").containers?.length, 15);
        assert.throws(() => planContainers("m", many(16), "Direct"), /m.containers: 16 containers given; a SageMaker model holds at most 15/);
    });

    it("refuses no containers, an unknown mode, a non-S3 model URL and a bad hostname", () => {
        assert.throws(() => planContainers("m", []), /m.containers: \[\] must hold at least one container/);
        assert.throws(() => planContainers("m", [{ image }], "Parallel" as "Direct"), /m.mode: "Parallel" must be "Direct" or "Serial"/);
        assert.throws(() => planContainers("m", [{ image, modelDataUrl: "https://bkt/k" }]), /m.containers\[0\].modelDataUrl: "https:\/\/bkt\/k" must be an S3 URI/);
        assert.throws(() => planContainers("m", [{ image, hostname: "a_b" }], "Direct"), /m.containers\[0\].hostname: "a_b" must be at most 63 characters matching/);
        assert.throws(() => planContainers("m", [{ image: "" }]), /m.containers\[0\].image: "" must be a non-empty string/);
    });

    it("names models after their content and role", () => {
        const plan = planContainers("m", [{ image }]);
        const v2 = planContainers("m", [{ image: image.replace("0.33.0", "0.34.0") }]);
        assert.notStrictEqual(modelName("m", plan, "arn:r"), modelName("m", v2, "arn:r"));
        assert.notStrictEqual(modelName("m", plan, "arn:r"), modelName("m", plan, "arn:other"));
        assert.strictEqual(modelName("m", plan, "arn:r"), modelName("m", planContainers("m", [{ image }]), "arn:r"));
    });
});

describe("execution role policy", () => {
    const image = "763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128";

    it("finds the ECR repository of an image on FIPS and dual-stack hosts, and refuses an ECR host it cannot read", () => {
        assert.strictEqual(ecrRepositoryArn("123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com/llm:1", "aws-us-gov"),
            "arn:aws-us-gov:ecr:us-gov-west-1:123456789012:repository/llm");
        assert.strictEqual(ecrRepositoryArn("123456789012.dkr.ecr.eu-west-1.on.aws/llm:1", "aws"), "arn:aws:ecr:eu-west-1:123456789012:repository/llm");
        assert.throws(() => ecrRepositoryArn("12345.dkr.ecr.eu-west-1.amazonaws.com/llm:1", "aws"), /image: "12345.dkr.ecr.eu-west-1.amazonaws.com\/llm:1" looks like an ECR image but is not/);
    });

    it("finds the ECR repository of an image, with tag or digest", () => {
        assert.strictEqual(ecrRepositoryArn(image, "aws"), "arn:aws:ecr:us-east-1:763104351884:repository/djl-inference");
        assert.strictEqual(ecrRepositoryArn(`123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/llm@sha256:${"a".repeat(64)}`, "aws"),
            "arn:aws:ecr:eu-west-1:123456789012:repository/team/llm");
        assert.strictEqual(ecrRepositoryArn("docker.io/library/nginx:latest", "aws"), undefined);
    });

    it("splits S3 URIs", () => {
        assert.deepStrictEqual(splitS3Uri("s3://bucket/a/b.tar.gz"), { bucket: "bucket", key: "a/b.tar.gz" });
        assert.deepStrictEqual(splitS3Uri("s3://bucket"), { bucket: "bucket", key: "" });
    });

    it("grants reads of the artifacts, pulls from the images' repositories, metrics and logs, and nothing else", () => {
        const policy = executionRolePolicy([
            { image, modelDataUrl: "s3://models/llama/v1/model.tar.gz" },
            { image, modelDataUrl: "s3://models/mistral/" },
        ], "aws");
        assert.deepStrictEqual(policy.Statement, [
            { Sid: "ReadModelArtifacts", Effect: "Allow", Action: ["s3:GetObject"],
                Resource: ["arn:aws:s3:::models/llama/v1/model.tar.gz", "arn:aws:s3:::models/mistral/*"] },
            { Sid: "ListModelArtifacts0", Effect: "Allow", Action: ["s3:ListBucket"], Resource: ["arn:aws:s3:::models"],
                Condition: { StringLike: { "s3:prefix": ["llama/v1/model.tar.gz", "mistral/*"] } } },
            { Sid: "PullImages", Effect: "Allow", Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                Resource: ["arn:aws:ecr:us-east-1:763104351884:repository/djl-inference"] },
            { Sid: "EcrLogin", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: ["*"] },
            { Sid: "PutMetrics", Effect: "Allow", Action: ["cloudwatch:PutMetricData"], Resource: ["*"],
                Condition: { StringLike: { "cloudwatch:namespace": "/aws/sagemaker/*" } } },
            { Sid: "WriteLogs", Effect: "Allow",
                Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
                Resource: ["arn:aws:logs:*:*:log-group:/aws/sagemaker/*", "arn:aws:logs:*:*:log-group:/aws/sagemaker/*:log-stream:*"] },
        ]);
    });

    it("writes the same document for the same artifacts and images in any order, each listed once", () => {
        const other = "123456789012.dkr.ecr.us-east-1.amazonaws.com/custom-llm:2";
        const specs = [
            { image, modelDataUrl: "s3://models/mistral/" },
            { image: other, modelDataUrl: "s3://weights/llama/v1/model.tar.gz" },
            { image, modelDataUrl: "s3://models/llama/" },
            { image: other, modelDataUrl: "s3://models/mistral/" },
        ];
        const policy = executionRolePolicy(specs, "aws");
        assert.deepStrictEqual(executionRolePolicy([...specs].reverse(), "aws"), policy);
        assert.deepStrictEqual(executionRolePolicy([specs[2], specs[0], specs[3], specs[1]], "aws"), policy);
        const [read, listModels, listWeights, pull] = policy.Statement;
        assert.deepStrictEqual(read.Resource, ["arn:aws:s3:::models/llama/*", "arn:aws:s3:::models/mistral/*", "arn:aws:s3:::weights/llama/v1/model.tar.gz"]);
        assert.deepStrictEqual([listModels.Resource, listModels.Condition], [["arn:aws:s3:::models"], { StringLike: { "s3:prefix": ["llama/*", "mistral/*"] } }]);
        assert.deepStrictEqual([listWeights.Resource, listWeights.Condition], [["arn:aws:s3:::weights"], { StringLike: { "s3:prefix": ["llama/v1/model.tar.gz"] } }]);
        assert.deepStrictEqual(pull.Resource, ["arn:aws:ecr:us-east-1:123456789012:repository/custom-llm", "arn:aws:ecr:us-east-1:763104351884:repository/djl-inference"]);
    });

    it("grants no S3 or ECR access a model does not need", () => {
        const policy = executionRolePolicy([{ image: "registry.example.com/llm:1" }], "aws-cn");
        assert.deepStrictEqual(policy.Statement.map((s) => s.Sid), ["PutMetrics", "WriteLogs"]);
        assert.ok(policy.Statement[1].Resource[0].startsWith("arn:aws-cn:logs:"));
    });
});
