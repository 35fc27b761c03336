import { partitionOf, sdkPartition } from "./partitions";
import { PolicyStatement } from "./service-access";
import { invalid, wrongKind } from "./validate";

/**
 * Encryption at rest, as plain values: how every KMS key the package takes is read (endpoint
 * volumes, data captures, asynchronous results, alarm topics, the stacks' kmsKeyArn), which
 * instance types encrypt their own storage in hardware instead, and what a role needs to use a key.
 */

/** The four forms KmsKeyId's documentation lists (SageMaker's CreateEndpointConfigInput and DataCaptureConfig). */
export type KmsKeyForm = "key id" | "key ARN" | "alias name" | "alias ARN";

/** A KMS key as the API takes it, and what an IAM policy can name of it. */
export interface KmsKey {
    /** As given: what the resource carries; AWS takes every form. */
    id: string;
    form: KmsKeyForm;
    /** The region an ARN names; none for a key id or an alias name. */
    region?: string;
    /** The account an ARN names; none for a key id or an alias name. */
    account?: string;
}

// sagemaker.json, shape KmsKeyId: at most 2048 characters matching [a-zA-Z0-9:/_-]*.
const KMS_KEY_ID_MAX = 2048;
const API_KMS_KEY_ID = /^[a-zA-Z0-9:/_-]*$/;
// KMS's own forms: a key id is a UUID, or mrk- and 32 hex digits for a multi-Region key; an alias
// name is alias/ and letters, digits, /, _ and - (KMS's AliasName, at most 256 characters).
const KEY_ID = "(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})";
const ALIAS = "alias/[a-zA-Z0-9/_-]{1,250}";
const ARN = "arn:(aws[a-z-]*):kms:([a-z0-9-]+):(\\d{12})";
const FORMS: { form: KmsKeyForm; pattern: RegExp }[] = [
    { form: "key id", pattern: new RegExp(`^${KEY_ID}$`) },
    { form: "alias name", pattern: new RegExp(`^${ALIAS}$`) },
    { form: "key ARN", pattern: new RegExp(`^${ARN}:key/${KEY_ID}$`) },
    { form: "alias ARN", pattern: new RegExp(`^${ARN}:${ALIAS}$`) },
];

const EXAMPLES = "a key id (1234abcd-12ab-34cd-56ef-1234567890ab), a key ARN (arn:aws:kms:<region>:<account>:key/<key id>), " +
    "an alias name (alias/<name>) or an alias ARN (arn:aws:kms:<region>:<account>:alias/<name>)";

/**
 * A KMS key in one of the four forms AWS documents for KmsKeyId, within the API's pattern and
 * length: the one reading of a key for endpoint volumes, data captures, asynchronous results and
 * alarm topics. An ARN must name its region's partition and, when the stack has a region, be in
 * it: AWS uses a key in the region of the resource it encrypts.
 */
export function readKmsKey(field: string, value: unknown, region: string | undefined): KmsKey {
    if (typeof value !== "string") {
        throw wrongKind(field, value, EXAMPLES);
    }
    if (value.length === 0 || value.length > KMS_KEY_ID_MAX || !API_KMS_KEY_ID.test(value)) {
        throw invalid(field, value, `must be 1 to ${KMS_KEY_ID_MAX} characters matching [a-zA-Z0-9:/_-] (SageMaker's KmsKeyId)`);
    }
    const match = FORMS.map(({ form, pattern }) => ({ form, m: pattern.exec(value) })).find((f) => f.m !== null);
    if (match === undefined) {
        throw invalid(field, value, `is not ${EXAMPLES}`);
    }
    if (!match.form.endsWith("ARN")) {
        return { id: value, form: match.form };
    }
    const [, partition, keyRegion, account] = match.m!;
    if (partition !== partitionOf(keyRegion)) {
        throw invalid(field, value, `names partition ${partition}, but its region ${keyRegion} is in partition ${partitionOf(keyRegion)}`);
    }
    if (region !== undefined && keyRegion !== region) {
        throw invalid(field, value, `is in region ${keyRegion}, but the stack deploys to ${region}; AWS uses a key of the region of what it encrypts`);
    }
    return { id: value, form: match.form, region: keyRegion, account };
}

/**
 * The key's ARN, where the package creates a role that must be allowed to use the key: IAM grants
 * on a key by its ARN. A key id or an alias names no account, and an alias can be moved to
 * another key; a grant scoped by alias (kms:RequestAlias) would hold only for requests that name
 * the alias, which SageMaker's own requests need not. So a key ARN is required there.
 */
export function keyArnForGrant(field: string, key: KmsKey, grantee: string): string {
    if (key.form !== "key ARN") {
        throw invalid(field, key.id, `is ${key.form.startsWith("alias") ? "an" : "a"} ${key.form}; ${grantee} must be allowed to use the key, ` +
            "and IAM grants on a key by its ARN: give the key ARN (arn:<partition>:kms:<region>:<account>:key/<key id>), or give the role yourself");
    }
    return key.id;
}

/**
 * `<service>.<region>.<dns suffix>`, the value kms:ViaService takes for requests an AWS service
 * makes for the principal in a region (a key is used in its own region). The one place it is built.
 */
export function viaService(service: string, region: string): string {
    return `${service}.${region}.${sdkPartition(region).dnsSuffix}`;
}

/** The region a key ARN names. */
export function keyArnRegion(keyArn: string): string {
    return keyArn.split(":")[3];
}

/**
 * What the principal that creates or updates an endpoint on a config with a KmsKeyId needs: the
 * KmsKeyId documentation says the key policy must grant the role of the CreateEndpoint and
 * UpdateEndpoint requests, and SageMaker, as that principal, describes the key and creates a grant
 * on it for the instances' volumes. Only through SageMaker (kms:ViaService), and CreateGrant only
 * for a grant an AWS service makes for its resources (kms:GrantIsForAWSResource).
 */
export function volumeKeyStatements(keyArn: string): PolicyStatement[] {
    const via = { "kms:ViaService": viaService("sagemaker", keyArnRegion(keyArn)) };
    return [
        { Sid: "GrantVolumeKeyToSageMaker", Effect: "Allow", Action: ["kms:CreateGrant"], Resource: [keyArn],
            Condition: { StringEquals: via, Bool: { "kms:GrantIsForAWSResource": "true" } } },
        { Sid: "DescribeVolumeKey", Effect: "Allow", Action: ["kms:DescribeKey"], Resource: [keyArn], Condition: { StringEquals: via } },
    ];
}

// ---- Instance types whose local storage is NVMe instance store, encrypted in hardware ----

/**
 * SageMaker hosting instance families with NVMe SSD instance store volumes. Their storage is
 * encrypted by a hardware module on the instance: the config's KmsKeyId does not encrypt it
 * (CreateEndpointConfigInput.KmsKeyId's note). Families from EC2's "Instance store volumes" table
 * for the instance types of SageMaker's ProductionVariantInstanceType, and SageMaker's own
 * examples (ml.p4d, ml.g4dn and ml.g5 have NVMe instance storage). Families not listed (c5, m5,
 * r5, c6i, m6i, r6i, c7i, m7i, r7i, c6g, m6g, r6g, c7g, c8g, m8g, r8g, c6gn, c6in, t2, m4, c4, p2,
 * p3, inf1, inf2, g7, g7e) are EBS only, or not yet known to this table: no note.
 *
 * AWS's documentation once said CreateEndpointConfig fails with a KmsKeyId on these types; the
 * current model (botocore 2026-08) says the key "does not encrypt instance local storage", and
 * the SageMaker Python SDK turned its refusal into a warning (aws/sagemaker-python-sdk#3677) so
 * that organisations whose SCPs require a KmsKeyId can deploy them. So the package warns, it does
 * not refuse.
 */
export const NVME_INSTANCE_STORE_FAMILIES: readonly string[] = [
    "c5d", "c6gd", "m5d", "m6gd", "r5d", "r6gd", "r7gd",
    "g4dn", "g5", "g6", "g6e",
    "p4d", "p4de", "p5", "p5e", "p5en", "p6-b200", "p6-b300", "p6e-gb200",
    "dl1", "trn1", "trn1n", "trn2",
];

/** Whether a hosting instance type (ml.<family>.<size>) has NVMe instance store volumes. */
export function hasNvmeInstanceStore(instanceType: string): boolean {
    return NVME_INSTANCE_STORE_FAMILIES.includes(instanceType.split(".")[1] ?? "");
}

/** What to tell the user when a KMS key is given for a type that encrypts its local storage in hardware; undefined otherwise. */
export function instanceStoreNote(field: string, instanceType: string): string | undefined {
    return hasNvmeInstanceStore(instanceType)
        ? `${field}: ${instanceType} stores data on local NVMe instance storage, which its hardware encrypts; the KMS key encrypts only ` +
            "an attached EBS volume, so it does not cover that storage"
        : undefined;
}
