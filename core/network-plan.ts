import { invalid, wrongKind } from "./validate";
import { PolicyStatement } from "./service-access";
import { volumeKeyStatements } from "./kms-plan";
import { partitionOf } from "./partitions";
import { CheckedValues } from "./checked";

/**
 * Private networking, as plain values: the VPC a model's or an endpoint's containers run in, and
 * what the role SageMaker creates their network interfaces with may do there.
 */

/** The subnets and security groups SageMaker attaches its network interfaces to (VpcConfig). */
export interface VpcConfigArgs {
    /** Security group ids (sg-…) of the VPC the subnets are in, 1 to 5. */
    securityGroupIds: string[];
    /**
     * Subnet ids (subnet-…), 1 to 16. AWS asks for subnets in at least two Availability Zones,
     * even for one instance.
     */
    subnets: string[];
}

/** A model's or an endpoint's networking, checked: undefined members are SageMaker's defaults (no VPC, not isolated). */
export interface NetworkSettings {
    vpcConfig?: VpcConfigArgs;
    /** Only ever true: false is SageMaker's default, and leaving it out keeps the names of existing models and configs. */
    enableNetworkIsolation?: true;
}

// sagemaker.json: VpcSecurityGroupIds (1 to 5) of SecurityGroupId, Subnets (1 to 16) of SubnetId;
// both ids at most 32 characters matching [-0-9a-zA-Z]+.
export const MAX_SECURITY_GROUPS = 5;
export const MAX_SUBNETS = 16;
const ID_MAX = 32;
const API_ID = /^[-0-9a-zA-Z]+$/;

/** EC2's id forms: the prefix, then 8 hexadecimal digits (older resources) or 17. */
const ID_FORMS = {
    securityGroupIds: { prefix: "sg", form: /^sg-(?:[0-9a-f]{8}|[0-9a-f]{17})$/ },
    subnets: { prefix: "subnet", form: /^subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})$/ },
} as const;

function idList(field: string, value: unknown, key: keyof typeof ID_FORMS, max: number): string[] {
    const { prefix, form } = ID_FORMS[key];
    const expected = `a list of 1 to ${max} ${prefix}-… ids`;
    if (!Array.isArray(value)) {
        throw wrongKind(field, value, expected);
    }
    if (value.length < 1 || value.length > max) {
        throw invalid(field, value, `must hold 1 to ${max} ids (SageMaker's VpcConfig); it holds ${value.length}`);
    }
    const seen = new Set<string>();
    return value.map((id, i) => {
        const at = `${field}[${i}]`;
        if (typeof id !== "string") {
            throw wrongKind(at, id, `an id such as ${prefix}-0a1b2c3d4e5f60718`);
        }
        if (id.length > ID_MAX || !API_ID.test(id)) {
            throw invalid(at, id, `must be at most ${ID_MAX} letters, digits and hyphens (SageMaker's ${key === "subnets" ? "SubnetId" : "SecurityGroupId"})`);
        }
        if (!form.test(id)) {
            throw invalid(at, id, `is not a ${prefix} id: expected ${prefix}- and 8 or 17 lowercase hexadecimal digits`);
        }
        if (seen.has(id)) {
            throw invalid(at, id, "is listed twice");
        }
        seen.add(id);
        return id;
    });
}

/**
 * The VpcConfigs planVpcConfig made: checked where it enters (a stack's `network`, a component's
 * vpcConfig), a VpcConfig handed on to the endpoints and models of a stack is taken as it is.
 */
const CHECKED = new CheckedValues<VpcConfigArgs>();

/** A VpcConfig, checked once against SageMaker's model and EC2's id forms; `field` names it in errors. */
export function planVpcConfig(field: string, value: unknown): VpcConfigArgs {
    if (CHECKED.has(value)) {
        return value;
    }
    const expected = "{securityGroupIds: [sg-…], subnets: [subnet-…]}";
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw wrongKind(field, value, expected);
    }
    const entry = value as Record<string, unknown>;
    const unknown = Object.keys(entry).filter((k) => k !== "securityGroupIds" && k !== "subnets");
    if (unknown.length > 0) {
        throw invalid(`${field}.${unknown[0]}`, entry[unknown[0]], `is not a VpcConfig setting; expected ${expected}`);
    }
    return CHECKED.keep({
        securityGroupIds: idList(`${field}.securityGroupIds`, entry.securityGroupIds, "securityGroupIds", MAX_SECURITY_GROUPS),
        subnets: idList(`${field}.subnets`, entry.subnets, "subnets", MAX_SUBNETS),
    });
}

/** Networking settings as given (either may be absent), checked. */
export function planNetwork(field: (key: string) => string, given: { vpcConfig?: unknown; enableNetworkIsolation?: unknown }): NetworkSettings {
    const settings: NetworkSettings = {};
    if (given.vpcConfig !== undefined) {
        settings.vpcConfig = planVpcConfig(field("vpcConfig"), given.vpcConfig);
    }
    if (given.enableNetworkIsolation !== undefined) {
        if (typeof given.enableNetworkIsolation !== "boolean") {
            throw wrongKind(field("enableNetworkIsolation"), given.enableNetworkIsolation, "true or false");
        }
        if (given.enableNetworkIsolation) {
            settings.enableNetworkIsolation = true;
        }
    }
    return settings;
}

/** Environment variables through which serving containers (TGI, DJL LMI, vLLM) download a model themselves unless it is an S3 URI or a local path. */
export const MODEL_ID_VARIABLES = ["HF_MODEL_ID", "OPTION_MODEL_ID", "MODEL_ID"] as const;

/**
 * Refuses isolating a container that downloads its model itself: isolated, it can reach nothing,
 * and the endpoint would never become healthy. The variable is named, not its value, which may
 * come from a secret environment.
 */
export function checkIsolatedContainers(field: string, containers: { environment?: Record<string, string> }[], network: NetworkSettings): void {
    if (network.enableNetworkIsolation !== true) {
        return;
    }
    containers.forEach((c, i) => {
        const variable = MODEL_ID_VARIABLES.find((v) => {
            const id = c.environment?.[v];
            return id !== undefined && !id.startsWith("s3://") && !id.startsWith("/");
        });
        if (variable !== undefined) {
            throw invalid(field, true, `isolates container ${i}, whose ${variable} is neither an S3 URI nor a local path: the container would ` +
                "download its model itself, which an isolated container cannot; give the weights as modelDataUrl, or leave isolation off");
        }
    });
}

/**
 * What a role needs so that SageMaker can connect the containers it runs with that role to the
 * VPC (AWS's "Give SageMaker AI Hosted Endpoints Access to Resources in Your Amazon VPC" and the
 * CreateModel execution role's VPC permissions, the ec2 actions AmazonSageMakerFullAccess grants
 * for it): create a network interface per instance in one of the subnets with the groups, let the
 * SageMaker service account attach it, delete both when instances go, and read the network to
 * choose. Scoped as IAM's service authorization reference allows for EC2: CreateNetworkInterface
 * authorizes the subnet and security groups as resources, so only these; the interface itself is
 * scoped by the subnet it is in (ec2:Subnet); DeleteNetworkInterfacePermission and the Describe
 * actions take no resource, only "*". The account is left open: the plan does not know it, and
 * subnet and group ids are unique across accounts.
 */
export function networkInterfaceStatements(vpc: VpcConfigArgs, partition: string, region: string | undefined): PolicyStatement[] {
    const ec2 = `arn:${partition}:ec2:${region ?? "*"}:*`;
    const subnets = vpc.subnets.map((s) => `${ec2}:subnet/${s}`);
    return [
        {
            Sid: "CreateNetworkInterfacesInTheSubnets",
            Effect: "Allow",
            Action: ["ec2:CreateNetworkInterface"],
            Resource: [...subnets, ...vpc.securityGroupIds.map((g) => `${ec2}:security-group/${g}`)],
        },
        {
            // The interface SageMaker creates, lets its service account attach, and deletes: only in these subnets.
            Sid: "ManageNetworkInterfacesInTheSubnets",
            Effect: "Allow",
            Action: ["ec2:CreateNetworkInterface", "ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface"],
            Resource: [`${ec2}:network-interface/*`],
            Condition: { ArnLike: { "ec2:Subnet": subnets } },
        },
        {
            // IAM takes no resource for these: SageMaker reads the VPC's subnets, groups and DHCP options, and removes the attach permission.
            Sid: "DescribeTheNetwork",
            Effect: "Allow",
            Action: [
                "ec2:DeleteNetworkInterfacePermission", "ec2:DescribeDhcpOptions", "ec2:DescribeNetworkInterfaces",
                "ec2:DescribeSecurityGroups", "ec2:DescribeSubnets", "ec2:DescribeVpcs",
            ],
            Resource: ["*"],
        },
    ];
}

/**
 * What the role of an endpoint that hosts inference components needs beyond its models' needs:
 * the network interfaces in its VPC, and granting its volumes' key (an ARN) to SageMaker.
 */
export function endpointRoleStatements(vpcConfig: VpcConfigArgs | undefined, volumeKeyArn: string | undefined, region: string | undefined): PolicyStatement[] {
    return [
        ...(vpcConfig !== undefined ? networkInterfaceStatements(vpcConfig, partitionOf(region), region) : []),
        ...(volumeKeyArn !== undefined ? volumeKeyStatements(volumeKeyArn) : []),
    ];
}
