import { KmsKey, readKmsKey, viaService } from "../../core/kms-plan";
import { partitionOf } from "../../core/partitions";
import { PolicyDocument, PolicyStatement } from "../../core/service-access";
import { invalid, knownKeys, s3Uri, splitS3Uri, wrongKind } from "../../core/validate";

/**
 * Data capture: what a real-time endpoint records of its traffic in S3 (the endpoint config's
 * DataCaptureConfig), checked against the SageMaker API model's shapes DataCaptureConfig,
 * CaptureOption, CaptureContentTypeHeader, DestinationS3Uri, SamplingPercentage and KmsKeyId, and
 * the permissions the model's role needs to write it.
 */

/** Which side of each invocation is captured. */
export const CapturedData = {
    Requests: "requests",
    Responses: "responses",
    Both: "both",
} as const;
export type CapturedData = (typeof CapturedData)[keyof typeof CapturedData];
const CAPTURED_DATA: CapturedData[] = Object.values(CapturedData);

/** What a real-time endpoint records of its requests and responses in S3. */
export interface DataCaptureArgs {
    /**
     * Where captures go, s3://bucket[/prefix], at most 512 characters. SageMaker writes under
     * `<prefix>/<endpoint name>/<variant name>/<yyyy>/<mm>/<dd>/<hh>/`; the model's created role may write
     * there and nowhere else.
     */
    destinationS3Uri: string;
    /**
     * The share of invocations captured, 1 to 100. Default 100: a capture is for audit and
     * comparison, where a missing request is a gap. S3 cost grows with traffic: lower it on busy
     * endpoints, as AWS recommends.
     */
    samplingPercentage?: number;
    /** "requests", "responses" or "both". Default "both": a response means little without its request. */
    capture?: CapturedData;
    /**
     * The KMS key that encrypts the captures (S3 server-side encryption), in any form the API
     * takes: key id, key ARN, alias name (alias/...) or alias ARN, ARNs in the stack's region. The
     * model's created role may use it through S3 in that region only. Default: SageMaker's, the
     * AWS managed key for S3 of the role's account (aws/s3), which needs no grant.
     */
    kmsKeyArn?: string;
    /**
     * Content types captured as JSON text, 1 to 10 (type/subtype). Default application/json when
     * neither list is given, so that LLM payloads are readable; SageMaker base64-encodes any other.
     */
    jsonContentTypes?: string[];
    /** Content types captured as CSV text, 1 to 10 (type/subtype). Default: none. */
    csvContentTypes?: string[];
}

/** DataCaptureConfig's CaptureMode values this package sends. */
export type CaptureMode = "Input" | "Output";

/** A capture, checked, with its defaults. */
export interface DataCapturePlan {
    /** s3://bucket[/prefix] without a trailing slash: SageMaker adds `/<endpoint>/...`. */
    destinationS3Uri: string;
    bucket: string;
    /** The key prefix, empty or ending in "/": everything SageMaker writes is under it. */
    prefix: string;
    samplingPercentage: number;
    captureModes: CaptureMode[];
    kmsKey?: KmsKey;
    jsonContentTypes: string[];
    csvContentTypes: string[];
}

export const DEFAULT_SAMPLING_PERCENTAGE = 100;
export const DEFAULT_JSON_CONTENT_TYPES = ["application/json"];

/** DestinationS3Uri's max in the API model. */
const MAX_DESTINATION = 512;
/** CsvContentTypes and JsonContentTypes: 1 to 10 items of 1 to 256 characters matching this (CsvContentType, JsonContentType). */
const MAX_CONTENT_TYPES = 10;
const MAX_CONTENT_TYPE = 256;
const CONTENT_TYPE = /^[a-zA-Z0-9](-*[a-zA-Z0-9])*\/[a-zA-Z0-9](-*[a-zA-Z0-9.])*$/;
const KEYS = ["destinationS3Uri", "samplingPercentage", "capture", "kmsKeyArn", "jsonContentTypes", "csvContentTypes"];

function contentTypes(field: string, value: unknown): string[] {
    if (!Array.isArray(value)) {
        throw wrongKind(field, value, `a list of 1 to ${MAX_CONTENT_TYPES} content types (type/subtype)`);
    }
    if (value.length < 1 || value.length > MAX_CONTENT_TYPES) {
        throw invalid(field, value, `must list 1 to ${MAX_CONTENT_TYPES} content types; leave it out for none`);
    }
    value.forEach((t, i) => {
        if (typeof t !== "string" || t.length > MAX_CONTENT_TYPE || !CONTENT_TYPE.test(t)) {
            throw invalid(`${field}[${i}]`, t, `is not a content type SageMaker takes: type/subtype of letters, digits and inner hyphens (and dots in the subtype), at most ${MAX_CONTENT_TYPE} characters`);
        }
    });
    return [...new Set(value as string[])];
}

/** The capture's destination: an S3 URI whose prefix an IAM policy can name exactly. */
function destination(field: string, value: unknown): { destinationS3Uri: string; bucket: string; prefix: string } {
    const uri = s3Uri(field, value);
    if (uri.length > MAX_DESTINATION) {
        throw invalid(field, uri, `has ${uri.length} characters; SageMaker takes at most ${MAX_DESTINATION} (DestinationS3Uri)`);
    }
    const { bucket, key } = splitS3Uri(uri);
    if (/[*?]/.test(key)) {
        throw invalid(field, uri, "has * or ? in its prefix: the role's policy would read them as wildcards and allow writes beyond the prefix");
    }
    const trimmed = key.replace(/\/+$/, "");
    if (trimmed !== "" && trimmed.split("/").some((part) => part === "")) {
        throw invalid(field, uri, "has an empty folder (//) in its prefix");
    }
    return { destinationS3Uri: `s3://${bucket}${trimmed === "" ? "" : `/${trimmed}`}`, bucket, prefix: trimmed === "" ? "" : `${trimmed}/` };
}

/** Checks a data capture setting (`field` names it in messages) and fills in its defaults. */
export function planDataCapture(field: string, value: unknown, region: string | undefined): DataCapturePlan {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw wrongKind(field, value, "an object {destinationS3Uri, samplingPercentage?, capture?, kmsKeyArn?, jsonContentTypes?, csvContentTypes?}");
    }
    const given = value as Record<string, unknown>;
    knownKeys(field, given, KEYS, "a data capture setting");
    const plan: DataCapturePlan = {
        ...destination(`${field}.destinationS3Uri`, given.destinationS3Uri),
        samplingPercentage: DEFAULT_SAMPLING_PERCENTAGE,
        captureModes: ["Input", "Output"],
        jsonContentTypes: DEFAULT_JSON_CONTENT_TYPES,
        csvContentTypes: [],
    };
    if (given.samplingPercentage !== undefined) {
        const p = given.samplingPercentage;
        if (typeof p !== "number") {
            throw wrongKind(`${field}.samplingPercentage`, p, "a whole number from 1 to 100");
        }
        if (!Number.isInteger(p) || p < 1 || p > 100) {
            // SamplingPercentage takes 0, which captures nothing: leaving dataCapture out says so plainly.
            throw invalid(`${field}.samplingPercentage`, p, "must be a whole number from 1 to 100 (0 would capture nothing: leave dataCapture out instead)");
        }
        plan.samplingPercentage = p;
    }
    if (given.capture !== undefined) {
        if (!CAPTURED_DATA.includes(given.capture as CapturedData)) {
            throw invalid(`${field}.capture`, given.capture, `must be one of ${CAPTURED_DATA.join(", ")}`);
        }
        plan.captureModes = captureModes(given.capture as CapturedData);
    }
    if (given.kmsKeyArn !== undefined) {
        plan.kmsKey = readKmsKey(`${field}.kmsKeyArn`, given.kmsKeyArn, region);
    }
    const json = given.jsonContentTypes === undefined ? undefined : contentTypes(`${field}.jsonContentTypes`, given.jsonContentTypes);
    const csv = given.csvContentTypes === undefined ? undefined : contentTypes(`${field}.csvContentTypes`, given.csvContentTypes);
    const both = (json ?? []).find((t) => (csv ?? []).includes(t));
    if (both !== undefined) {
        throw invalid(`${field}.csvContentTypes`, csv, `lists ${both}, which jsonContentTypes lists too: a content type is captured one way`);
    }
    if (json !== undefined || csv !== undefined) {
        plan.jsonContentTypes = json ?? [];
        plan.csvContentTypes = csv ?? [];
    }
    return plan;
}

/**
 * CaptureOptions: one CaptureOption per side, as AWS's documented examples and the SageMaker
 * Python SDK send them (Input, Output). The model's InputAndOutput has no documented meaning of its
 * own, so it is not used.
 */
export function captureModes(capture: CapturedData): CaptureMode[] {
    switch (capture) {
        case CapturedData.Requests:
            return ["Input"];
        case CapturedData.Responses:
            return ["Output"];
        case CapturedData.Both:
            return ["Input", "Output"];
    }
}

/** The endpoint config's DataCaptureConfig, as aws-native's EndpointConfig takes it. */
export function dataCaptureConfig(plan: DataCapturePlan) {
    const header = {
        jsonContentTypes: plan.jsonContentTypes.length > 0 ? plan.jsonContentTypes : undefined,
        csvContentTypes: plan.csvContentTypes.length > 0 ? plan.csvContentTypes : undefined,
    };
    return {
        enableCapture: true,
        initialSamplingPercentage: plan.samplingPercentage,
        destinationS3Uri: plan.destinationS3Uri,
        kmsKeyId: plan.kmsKey?.id,
        captureOptions: plan.captureModes.map((captureMode) => ({ captureMode })),
        captureContentTypeHeader: header.jsonContentTypes === undefined && header.csvContentTypes === undefined ? undefined : header,
    };
}

/**
 * What the model's role needs to write captures, and nothing more. SageMaker writes captured data
 * with the model's execution role: CloudFormation's DataCaptureConfig.KmsKeyId documentation
 * (AWS::SageMaker::EndpointConfig) says the key policy must grant "the IAM role that you specify in
 * your CreateModel request", and AWS's data capture guide asks that role for s3:PutObject on the
 * destination. So: PutObject under the prefix only, and with a key, kms:GenerateDataKey (what S3
 * calls for a PutObject with SSE-KMS) only through S3 in the stack's region (kms:ViaService). A key
 * named by id or alias has no ARN to grant on: the grant names the key id in any account of the
 * region, or any key of the region that carries the alias (kms:ResourceAliases).
 */
export function dataCapturePolicy(plan: DataCapturePlan, region: string | undefined): PolicyDocument {
    const partition = partitionOf(region ?? plan.kmsKey?.region);
    const statements: PolicyStatement[] = [{
        Sid: "WriteDataCapture",
        Effect: "Allow",
        Action: ["s3:PutObject"],
        Resource: [`arn:${partition}:s3:::${plan.bucket}/${plan.prefix}*`],
    }];
    const key = plan.kmsKey;
    if (key !== undefined) {
        const keyRegion = region ?? key.region;
        const viaS3: NonNullable<PolicyStatement["Condition"]> = keyRegion === undefined ? { StringLike: { "kms:ViaService": "s3.*.amazonaws.com" } }
            : { StringEquals: { "kms:ViaService": viaService("s3", keyRegion) } };
        const keys = `arn:${partition}:kms:${keyRegion ?? "*"}:${key.account ?? "*"}:key`;
        const alias = key.form === "alias ARN" ? key.id.slice(key.id.indexOf(":alias/") + 1) : key.id;
        const scope: Pick<PolicyStatement, "Resource" | "Condition"> = key.form === "key ARN" ? { Resource: [key.id], Condition: viaS3 }
            : key.form === "key id" ? { Resource: [`${keys}/${key.id}`], Condition: viaS3 }
                : { Resource: [`${keys}/*`], Condition: { ...viaS3, "ForAnyValue:StringEquals": { "kms:ResourceAliases": alias } } };
        statements.push({ Sid: "EncryptDataCapture", Effect: "Allow", Action: ["kms:GenerateDataKey"], ...scope });
    }
    return { Version: "2012-10-17", Statement: statements };
}

/** The DataCaptureConfig an endpoint config sends, as dataCaptureConfig builds it. */
export type SentDataCapture = ReturnType<typeof dataCaptureConfig>;

/** One line for the offline plan, from what the endpoint config sends: what, how much, where, and how. */
export function describeCapture(sent: SentDataCapture): string {
    const modes = sent.captureOptions.map((o) => o.captureMode).join("+");
    const key = sent.kmsKeyId === undefined ? "" : `, KMS ${sent.kmsKeyId}`;
    const header = sent.captureContentTypeHeader;
    const types = [...(header?.jsonContentTypes ?? []).map((t) => `${t} as JSON`), ...(header?.csvContentTypes ?? []).map((t) => `${t} as CSV`)];
    return `capture ${modes} ${sent.initialSamplingPercentage}% to ${sent.destinationS3Uri}/${key}${types.length === 0 ? "" : ` (${types.join(", ")})`}`;
}

/** Where components that cannot capture say why, before anything is deployed. */
export const CAPTURE_UNSUPPORTED = {
    async: "asynchronous endpoints cannot capture data: AWS documents data capture for real-time endpoints and batch transform jobs only " +
        "(https://docs.aws.amazon.com/sagemaker/latest/dg/model-monitor-data-capture.html); an asynchronous endpoint already keeps " +
        "every request (input/) and result (output/, failure/) in S3",
    inferenceComponents: "an endpoint hosting inference components cannot capture data: AWS documents capture for real-time endpoints " +
        "that host a single model (https://docs.aws.amazon.com/sagemaker/latest/dg/model-monitor.html), and each inference component " +
        "is a model of its own; capture on a ReservedEndpoint serving one model instead",
} as const;

/**
 * Refuses a dataCapture setting where AWS does not support it, with the reason. The value is shown
 * when it is a plain object; an Output (from another component, or another language) is not yet one.
 */
export function refuseDataCapture(field: string, value: unknown, reason: keyof typeof CAPTURE_UNSUPPORTED): void {
    if (value === undefined) {
        return;
    }
    const plain = typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;
    throw new Error(`${field}${plain ? `: ${JSON.stringify(value)}` : ""} is refused: ${CAPTURE_UNSUPPORTED[reason]}`);
}
