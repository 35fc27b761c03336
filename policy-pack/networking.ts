import {
    componentsOn, Container, containerOf, containersOf, endpointConfigNameOf, endpointNamed, hostsInferenceComponents, isEndpointConfig, isModel, sagemakerName, TYPES,
} from "./sagemaker";
import { stackPolicy } from "./sdk";
import { at, isObject, list, Resource, text, UNKNOWN, Value, Violation } from "./values";

/**
 * Private networking: a model's containers (CreateModel VpcConfig) or, for an endpoint that hosts
 * inference components, the endpoint's (CreateEndpointConfig VpcConfig) run in the customer's VPC,
 * and without network access at all (EnableNetworkIsolation) unless a container needs it: one that
 * downloads its model itself (from the Hugging Face Hub, say) rather than from ModelDataUrl, which
 * SageMaker fetches for an isolated container, or one whose image the config exempts.
 */

export interface NetworkingConfig {
    /** Image URI prefixes of containers that need the network (a license server, say): their models need no isolation. */
    exemptImages: string[];
    /** Whether to require EnableNetworkIsolation where the containers allow it. */
    requireNetworkIsolation: boolean;
}

/** Environment variables through which serving containers (TGI, DJL LMI, vLLM) download a model themselves when it is not an S3 URI. */
const MODEL_ID_VARIABLES = ["HF_MODEL_ID", "OPTION_MODEL_ID", "MODEL_ID"];

/** Whether a container needs the network; UNKNOWN while that cannot be told. */
function needsNetwork(c: Container, config: NetworkingConfig): boolean | typeof UNKNOWN {
    if (c.image === UNKNOWN || c.environment === UNKNOWN) {
        return UNKNOWN;
    }
    const image = c.image;
    if (image !== undefined && config.exemptImages.some((prefix) => image.startsWith(prefix))) {
        return true;
    }
    const environment = c.environment;
    for (const variable of MODEL_ID_VARIABLES) {
        const id = environment[variable];
        if (id === UNKNOWN) {
            return UNKNOWN;
        }
        if (typeof id === "string" && !id.startsWith("s3://") && !id.startsWith("/")) {
            return true;
        }
    }
    return false;
}

/** Whether a VpcConfig names at least one security group and one subnet (the API's minimum); UNKNOWN while it is. */
function inVpc(vpc: Value | undefined): boolean | typeof UNKNOWN {
    if (vpc === UNKNOWN) {
        return UNKNOWN;
    }
    const groups = list(at(vpc, "securityGroupIds"));
    const subnets = list(at(vpc, "subnets"));
    if (groups === UNKNOWN || subnets === UNKNOWN) {
        return UNKNOWN;
    }
    return isObject(vpc) && groups.length > 0 && subnets.length > 0;
}

/** The containers an inference component serves: its model's, or its own (Specification.Container). */
function componentContainers(component: Resource, models: Resource[]): Container[] | typeof UNKNOWN {
    const spec = component.props.specification;
    const modelName = text(at(spec, "modelName"));
    if (modelName === UNKNOWN) {
        return UNKNOWN;
    }
    if (modelName !== undefined) {
        const model = models.find((m) => sagemakerName(m) === modelName);
        return model === undefined ? [] : containersOf(model);
    }
    const own = at(spec, "container");
    if (own === UNKNOWN) {
        return UNKNOWN;
    }
    return isObject(own) ? [containerOf(own)] : [];
}

function isolationViolation(r: Resource, what: string, containers: Container[] | typeof UNKNOWN, config: NetworkingConfig): Violation[] {
    const isolated = r.props.enableNetworkIsolation;
    if (!config.requireNetworkIsolation || isolated === true || isolated === UNKNOWN || containers === UNKNOWN) {
        return [];
    }
    // A container that may need the network (UNKNOWN) is given the benefit of the doubt.
    if (containers.some((c) => needsNetwork(c, config) !== false)) {
        return [];
    }
    return [{ urn: r.urn, message: `${what} does not set enableNetworkIsolation: true, and none of its containers needs the network (none downloads its model itself, no image is exempt)` }];
}

export function checkNetworking(resources: Resource[], config: NetworkingConfig): Violation[] {
    const models = resources.filter(isModel);
    const components = resources.filter((r) => r.type === TYPES.inferenceComponent);
    const violations: Violation[] = [];
    const privateConfigs = new Map<string, boolean | typeof UNKNOWN>();
    for (const cfg of resources.filter(isEndpointConfig)) {
        if (hostsInferenceComponents(cfg) !== true) {
            continue;
        }
        const name = sagemakerName(cfg);
        const vpc = cfg.type === TYPES.classicEndpointConfig ? false : inVpc(cfg.props.vpcConfig);
        if (typeof name === "string") {
            privateConfigs.set(name, vpc);
        }
        if (vpc === false) {
            violations.push({
                urn: cfg.urn,
                message: `endpoint config ${cfg.name} hosts inference components outside a VPC: set vpcConfig (securityGroupIds, subnets)`
                    + (cfg.type === TYPES.classicEndpointConfig ? "; the classic provider's EndpointConfiguration has none, aws-native's sagemaker.EndpointConfig has" : ""),
            });
        }
        const containers = componentsOn(cfg, resources).map((c) => componentContainers(c, models));
        violations.push(...isolationViolation(cfg, `endpoint config ${cfg.name} (inference components)`,
            containers.includes(UNKNOWN) ? UNKNOWN : (containers as Container[][]).flat(), config));
    }
    for (const model of models) {
        const name = sagemakerName(model);
        // A model an inference component serves runs in its endpoint's VPC.
        const viaEndpoint = components.some((c) => {
            const endpointPrivate = endpointInVpc(c, resources, privateConfigs);
            return text(at(c.props.specification, "modelName")) === name && (endpointPrivate === true || endpointPrivate === UNKNOWN);
        });
        const vpc = inVpc(model.props.vpcConfig);
        if (vpc === false && !viaEndpoint) {
            violations.push({ urn: model.urn, message: `model ${model.name} runs outside a VPC: set vpcConfig (securityGroupIds, subnets)` });
        }
        violations.push(...isolationViolation(model, `model ${model.name}`, containersOf(model), config));
    }
    return violations;
}

/** Whether the endpoint config of a component's endpoint is in a VPC; undefined when it is not in the stack. */
function endpointInVpc(component: Resource, resources: Resource[], privateConfigs: Map<string, boolean | typeof UNKNOWN>): boolean | typeof UNKNOWN | undefined {
    const endpointName = text(component.props.endpointName);
    if (endpointName === UNKNOWN) {
        return UNKNOWN;
    }
    const endpoint = endpointNamed(endpointName, resources);
    const configName = endpoint === undefined ? undefined : endpointConfigNameOf(endpoint);
    return typeof configName === "string" ? privateConfigs.get(configName) : configName;
}

export const networkingPolicy = stackPolicy<NetworkingConfig>({
    name: "sagemaker-private-networking",
    description: "Models, and endpoints that host inference components, run in a VPC, with network isolation where their containers allow it.",
    enforcementLevel: "advisory",
    config: {
        exemptImages: {
            type: "array", items: { type: "string" }, default: [],
            description: "Image URI prefixes of containers that need the network: their models and endpoints need no isolation.",
        },
        requireNetworkIsolation: {
            type: "boolean", default: true,
            description: "Require enableNetworkIsolation where no container needs the network.",
        },
    },
}, checkNetworking);
