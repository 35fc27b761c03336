import * as iam from "@pulumi/aws/iam";
import * as sagemaker from "@pulumi/aws/sagemaker";
import * as pulumi from "@pulumi/pulumi";
import { planEarly, planEarlyKnown } from "../../core/inputs";
import {
    ContainerSpec, executionRolePolicy, modelName, MultiContainerMode, planContainers,
} from "./model-plan";
import { iamRoleName } from "../../core/names";
import { partitionOf } from "../../core/partitions";
import { namePrefixOf, programRegion } from "../../core/program-state";
import { sagemakerTrustPolicy } from "../../core/service-access";
import { invalid } from "../../core/validate";
import { checkedTags } from "../../core/tags";
import { checkIsolatedContainers, networkInterfaceStatements, planNetwork, VpcConfigArgs } from "../../core/network-plan";

/** One container of a multi-container model. */
export interface InferenceContainer {
    /** The container image URI, usually in ECR. */
    image: pulumi.Input<string>;
    /** S3 URI of the model artifacts (a model.tar.gz or a prefix). */
    modelDataUrl?: pulumi.Input<string>;
    /** Environment variables for the container. */
    environment?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Required in Direct mode and unique in the model: callers pick the container with TargetContainerHostname. */
    hostname?: string;
}

export interface InferenceModelArgs {
    /** Single-container model: the image URI. Give either `image` or `containers`. */
    image?: pulumi.Input<string>;
    /** Single-container model: S3 URI of the model artifacts. */
    modelDataUrl?: pulumi.Input<string>;
    /** Single-container model: environment variables. */
    environment?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /**
     * Multi-container model: 1 to 15 containers. Give either `image` or `containers`. Each item is an
     * input (Pulumi's Go generator writes no type for plain items of a plain list).
     */
    containers?: pulumi.Input<InferenceContainer>[];
    /** Multi-container model: "Direct" (each container invoked on its own) or "Serial" (an inference pipeline, the default). */
    mode?: MultiContainerMode;
    /** The role SageMaker runs the model with. Default: a least-privilege role created for this model. */
    executionRoleArn?: pulumi.Input<string>;
    /**
     * The VPC the model's containers run in: 1 to 5 security group ids (sg-…) and 1 to 16 subnet
     * ids (subnet-…, in at least two Availability Zones). SageMaker gives each instance a network
     * interface there; the created role is allowed exactly that, in those subnets. Default: no VPC.
     * A model served by inference components (ScalableInferenceComponent) takes its networking from
     * its endpoint (ScaleToZeroEndpoint.vpcConfig) instead: leave this out there.
     */
    vpcConfig?: pulumi.Input<VpcConfigArgs>;
    /**
     * No network calls in or out of the containers (EnableNetworkIsolation): SageMaker still
     * downloads the artifacts and image for them. Refused for a container that would download its
     * model itself (HF_MODEL_ID, OPTION_MODEL_ID or MODEL_ID neither an S3 URI nor a local path).
     * Default false. Changing either replaces the model (a new name), which endpoints move to in place.
     */
    enableNetworkIsolation?: pulumi.Input<boolean>;
    /**
     * The start of the model's name, `<namePrefix>-<digest of its containers and role>`, unique in
     * the account and region. Letters and digits are kept, anything else becomes a hyphen, and a
     * name too long for SageMaker (63) is cut and given a digest. Default
     * `<project>-<stack>-<component name>`, so that stacks in one account and region do not share a
     * model (unless their names hyphenate alike). Changing it gives a new model, which endpoints move to in place; the component's own
     * name keeps the names of earlier releases, which had no project or stack in them.
     */
    namePrefix?: string;
    /** Tags for every resource created. */
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * A SageMaker model from one container or several. Its name is derived from its content, so a new
 * model version is a new model and endpoints move to it in place.
 */
export class InferenceModel extends pulumi.ComponentResource {
    /** The SageMaker model name. */
    public readonly modelName: pulumi.Output<string>;
    /** The role the model runs with, given or created. */
    public readonly executionRoleArn: pulumi.Output<string>;
    /** The created role's name, to which endpoints add what they need; undefined when a role was given. */
    public readonly executionRoleName: pulumi.Output<string> | undefined;
    /**
     * The least-privilege policy (JSON) this model's containers need: their artifacts, images, logs
     * and metrics. Granted to the created role; an endpoint that creates its own role grants it too.
     */
    public readonly executionPolicy: pulumi.Output<string>;
    /** "Direct" or "Serial" for a multi-container model; undefined for a single container. */
    public readonly mode?: MultiContainerMode;
    /** The containers' hostnames, in order: in Direct mode, the values callers pass as TargetContainerHostname. */
    public readonly containerHostnames: pulumi.Output<string[]>;

    constructor(name: string, args: InferenceModelArgs, opts?: pulumi.ComponentResourceOptions) {
        const tags = checkedTags(`${name}.tags`, args.tags);
        const namePrefix = namePrefixOf(name, args.namePrefix);
        const region = programRegion();
        const partition = partitionOf(region);
        // Apart from the containers, whose secrets (environment) must not make the network secret too.
        const networkPlan = planEarlyKnown({ vpcConfig: args.vpcConfig, enableNetworkIsolation: args.enableNetworkIsolation },
            (r) => planNetwork((key) => `${name}.${key}`, r));
        const network = networkPlan.plan;
        // The role's policy is built from validated containers only, so bad input never reaches IAM.
        const plan = planEarly({ specs: containerSpecs(name, args), network: networkPlan.known ?? network }, (resolved) => {
            const specs = resolved.specs as ContainerSpec[];
            const containers = planContainers(name, specs, args.mode);
            checkIsolatedContainers(`${name}.enableNetworkIsolation`, specs, resolved.network);
            const policy = executionRolePolicy(specs, partition);
            if (resolved.network.vpcConfig !== undefined) {
                policy.Statement.push(...networkInterfaceStatements(resolved.network.vpcConfig, partition, region));
            }
            return {
                containers,
                policy: JSON.stringify(policy),
                hostnames: specs.flatMap((c) => (c.hostname === undefined ? [] : [c.hostname])),
            };
        });
        super("sagemaker-inference:index:InferenceModel", name, {}, opts);
        const containers = plan.containers;

        let roleArn: pulumi.Output<string>;
        let roleName: pulumi.Output<string> | undefined;
        const dependsOn: pulumi.Resource[] = [];
        if (args.executionRoleArn !== undefined) {
            roleArn = pulumi.output(args.executionRoleArn);
        } else {
            const role = new iam.Role(`${name}-role`, {
                name: iamRoleName(`${pulumi.getStack()}-${name}`, "sagemaker"),
                description: `Execution role of SageMaker model ${name} (least privilege, created by sagemaker-inference)`,
                assumeRolePolicy: sagemakerTrustPolicy(),
                tags,
            }, { parent: this });
            const policy = new iam.RolePolicy(`${name}-role-policy`, {
                role: role.name,
                policy: plan.policy,
            }, { parent: this });
            roleArn = role.arn;
            roleName = role.name;
            // The model is created only once the role may read its artifacts and images.
            dependsOn.push(policy);
        }

        const model = new sagemaker.Model(`${name}-model`, {
            name: pulumi.all([containers, roleArn, network]).apply(([c, r, n]) => modelName(namePrefix, c, r, n)),
            executionRoleArn: roleArn,
            primaryContainer: containers.primaryContainer,
            containers: containers.containers,
            inferenceExecutionConfig: containers.inferenceExecutionConfig,
            vpcConfig: network.vpcConfig,
            enableNetworkIsolation: network.enableNetworkIsolation,
            tags,
        }, { parent: this, dependsOn });

        this.modelName = model.name;
        this.executionRoleArn = roleArn;
        this.executionRoleName = roleName;
        this.executionPolicy = pulumi.output(plan.policy);
        // As planContainers shapes them: one container without a mode is a plain model.
        const multi = args.containers !== undefined && (args.containers.length > 1 || args.mode !== undefined);
        this.mode = multi ? args.mode ?? "Serial" : undefined;
        this.containerHostnames = plan.hostnames;
        this.registerOutputs({
            modelName: this.modelName,
            executionRoleArn: this.executionRoleArn,
            executionRoleName: this.executionRoleName,
            containerHostnames: this.containerHostnames,
        });
    }
}

/** The containers as one list, whichever way they were given. */
function containerSpecs(name: string, args: InferenceModelArgs): pulumi.Input<ContainerSpec>[] {
    if ((args.image === undefined) === (args.containers === undefined)) {
        throw invalid(`${name}.image`, args.image ?? null, "or containers: give exactly one of the two");
    }
    if (args.containers !== undefined) {
        return args.containers as pulumi.Input<ContainerSpec>[];
    }
    if (args.mode !== undefined) {
        throw invalid(`${name}.mode`, args.mode, "applies only to a multi-container model (containers)");
    }
    return [{ image: args.image, modelDataUrl: args.modelDataUrl, environment: args.environment } as pulumi.Input<ContainerSpec>];
}
