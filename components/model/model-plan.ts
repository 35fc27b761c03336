import { contentHash, sagemakerName } from "../../core/names";
import { invalid, s3Uri, sagemakerNameField, splitS3Uri, stringMap, text } from "../../core/validate";
import { PolicyDocument, PolicyStatement } from "../../core/service-access";
import type { NetworkSettings } from "../../core/network-plan";

/** One container, as plain values. */
export interface ContainerSpec {
    image: string;
    modelDataUrl?: string;
    environment?: Record<string, string>;
    /** Required in Direct mode: the name a caller passes as TargetContainerHostname. */
    hostname?: string;
}

/** How a model's containers serve a request (InferenceExecutionConfig.Mode). */
export const MultiContainerMode = {
    /** Each request goes to one container, named by TargetContainerHostname. */
    Direct: "Direct",
    /** Each request goes through the containers in order, as a pipeline. */
    Serial: "Serial",
} as const;
export type MultiContainerMode = (typeof MultiContainerMode)[keyof typeof MultiContainerMode];

/** SageMaker's limit on containers in one model. */
export const MAX_CONTAINERS = 15;

/** A model's containers as the classic provider takes them. */
export interface ModelContainers {
    primaryContainer?: ContainerArgs;
    containers?: ContainerArgs[];
    inferenceExecutionConfig?: { mode: MultiContainerMode };
}

export interface ContainerArgs {
    image: string;
    /** A model.tar.gz. */
    modelDataUrl?: string;
    /** An S3 prefix of uncompressed artifacts, as LLM weights usually are. */
    modelDataSource?: { s3DataSources: { s3Uri: string; s3DataType: "S3Prefix"; compressionType: "None" }[] };
    environment?: Record<string, string>;
    containerHostname?: string;
}

/**
 * Validates a model's containers and shapes them for the provider: one container becomes the
 * primary container; several (at most 15) become a multi-container model in Direct or Serial mode.
 */
export function planContainers(model: string, containers: ContainerSpec[], mode?: MultiContainerMode): ModelContainers {
    if (containers.length === 0) {
        throw invalid(`${model}.containers`, [], "must hold at least one container");
    }
    if (containers.length > MAX_CONTAINERS) {
        throw new Error(`${model}.containers: ${containers.length} containers given; a SageMaker model holds at most ${MAX_CONTAINERS}`);
    }
    if (mode !== undefined && mode !== "Direct" && mode !== "Serial") {
        throw invalid(`${model}.mode`, mode, `must be "Direct" or "Serial"`);
    }
    const shaped = containers.map((c, i) => containerArgs(`${model}.containers[${i}]`, c));
    if (containers.length === 1 && mode === undefined) {
        return { primaryContainer: shaped[0] };
    }
    const effectiveMode = mode ?? "Serial";
    const named = shaped.filter((c) => c.containerHostname !== undefined).length;
    if (effectiveMode === "Serial" && named !== 0 && named !== shaped.length) {
        throw invalid(`${model}.containers`, `${named} of ${shaped.length} with a hostname`, "must give a hostname on every container or on none");
    }
    if (effectiveMode === "Direct") {
        const seen = new Set<string>();
        shaped.forEach((c, i) => {
            if (c.containerHostname === undefined) {
                throw invalid(`${model}.containers[${i}].hostname`, undefined,
                    "is required in Direct mode: every container needs a unique hostname for TargetContainerHostname");
            }
            if (seen.has(c.containerHostname)) {
                throw invalid(`${model}.containers[${i}].hostname`, c.containerHostname, "is used by another container; hostnames must be unique in Direct mode");
            }
            seen.add(c.containerHostname);
        });
    }
    return { containers: shaped, inferenceExecutionConfig: { mode: effectiveMode } };
}

function containerArgs(field: string, c: ContainerSpec): ContainerArgs {
    const args: ContainerArgs = { image: text(`${field}.image`, c.image) };
    if (c.modelDataUrl !== undefined) {
        const uri = s3Uri(`${field}.modelDataUrl`, c.modelDataUrl);
        // ModelDataUrl takes a single archive; a folder goes through ModelDataSource as a prefix.
        if (uri.endsWith("/")) {
            args.modelDataSource = { s3DataSources: [{ s3Uri: uri, s3DataType: "S3Prefix", compressionType: "None" }] };
        } else {
            args.modelDataUrl = uri;
        }
    }
    if (c.environment !== undefined) {
        args.environment = stringMap(`${field}.environment`, c.environment);
    }
    if (c.hostname !== undefined) {
        args.containerHostname = sagemakerNameField(`${field}.hostname`, c.hostname);
    }
    return args;
}

/**
 * A model's name, derived from its content. Models are immutable: a new version gets a new name,
 * so the old model stays until the endpoint has moved off it. Networking counts only when set,
 * so that models without it keep their names.
 */
export function modelName(base: string, containers: ModelContainers, executionRoleArn: string, network: NetworkSettings = {}): string {
    const content = Object.keys(network).length === 0 ? { containers, executionRoleArn } : { containers, executionRoleArn, network };
    return sagemakerName(base, contentHash(content));
}

// ---- The execution role created when none is given ----

const ECR_IMAGE = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.(?:amazonaws\.com(?:\.cn)?|on\.aws)\/([a-z0-9._/-]+?)(?::[\w.-]+)?(?:@sha256:[a-f0-9]{64})?$/;

/**
 * The ECR repository ARN an image URI lives in, or undefined for an image outside ECR. An ECR
 * host it cannot read is an error: the role would silently lack the permission to pull.
 */
export function ecrRepositoryArn(image: string, partition: string, field = "image"): string | undefined {
    const m = ECR_IMAGE.exec(image);
    if (!m) {
        if (image.includes(".dkr.ecr")) {
            throw invalid(field, image, "looks like an ECR image but is not <account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag|@sha256:digest]");
        }
        return undefined;
    }
    return `arn:${partition}:ecr:${m[2]}:${m[1]}:repository/${m[3]}`;
}

/**
 * The least privilege a model needs to start: read its artifacts, pull its images from their ECR
 * repositories, publish its metrics and write its logs. No managed policy; nothing account-wide
 * but ecr:GetAuthorizationToken, which IAM does not scope to a resource, and metrics, which it
 * scopes by namespace only. Artifacts encrypted with a customer KMS key also need kms:Decrypt,
 * which the key's policy or a given role must grant.
 */
export function executionRolePolicy(containers: ContainerSpec[], partition: string): PolicyDocument {
    const statements: PolicyStatement[] = [];
    const urls = unique(containers.flatMap((c) => (c.modelDataUrl ? [c.modelDataUrl] : [])));
    if (urls.length > 0) {
        const parts = urls.map(splitS3Uri);
        statements.push({
            Sid: "ReadModelArtifacts",
            Effect: "Allow",
            Action: ["s3:GetObject"],
            Resource: unique(parts.map((p) => `arn:${partition}:s3:::${p.bucket}/${objectPattern(p.key)}`)),
        });
        unique(parts.map((p) => p.bucket)).forEach((bucket, i) => {
            statements.push({
                Sid: `ListModelArtifacts${i}`,
                Effect: "Allow",
                Action: ["s3:ListBucket"],
                Resource: [`arn:${partition}:s3:::${bucket}`],
                Condition: { StringLike: { "s3:prefix": unique(parts.filter((p) => p.bucket === bucket).map((p) => objectPattern(p.key))) } },
            });
        });
    }
    const repositories = unique(containers.flatMap((c) => {
        const arn = ecrRepositoryArn(c.image, partition);
        return arn ? [arn] : [];
    }));
    if (repositories.length > 0) {
        statements.push({
            Sid: "PullImages",
            Effect: "Allow",
            Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
            Resource: repositories,
        });
        statements.push({ Sid: "EcrLogin", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: ["*"] });
    }
    statements.push({
        Sid: "PutMetrics",
        Effect: "Allow",
        Action: ["cloudwatch:PutMetricData"],
        Resource: ["*"],
        Condition: { StringLike: { "cloudwatch:namespace": "/aws/sagemaker/*" } },
    });
    statements.push({
        Sid: "WriteLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
        Resource: [
            `arn:${partition}:logs:*:*:log-group:/aws/sagemaker/*`,
            `arn:${partition}:logs:*:*:log-group:/aws/sagemaker/*:log-stream:*`,
        ],
    });
    return { Version: "2012-10-17", Statement: statements };
}

/** A folder (or the whole bucket) covers what is under it; an archive is just itself. */
function objectPattern(key: string): string {
    return key === "" || key.endsWith("/") ? `${key}*` : key;
}

/**
 * Each item once, sorted: a policy is the same document for the same models in any order, so
 * that listing them otherwise does not update the role.
 */
function unique(items: string[]): string[] {
    return [...new Set(items)].sort();
}
