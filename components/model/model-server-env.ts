import { invalid } from "../../core/validate";

/** The model servers of SageMaker's framework containers, as AWS's asynchronous-inference guide lists them. */
export type ModelServer = "torchserve" | "mms" | "huggingface";

/**
 * Request size, response size and response timeout raised to what each model server allows, from
 * AWS's table for asynchronous inference. Without them a container keeps its defaults (a few MB,
 * a minute or two) and never serves the 1 GB payloads and hour-long requests async endpoints take.
 */
const LARGE_PAYLOAD_ENVIRONMENT: Record<ModelServer, Record<string, string>> = {
    // PyTorch 1.8 and later: TorchServe.
    torchserve: {
        TS_MAX_REQUEST_SIZE: "100000000",
        TS_MAX_RESPONSE_SIZE: "100000000",
        TS_DEFAULT_RESPONSE_TIMEOUT: "1000",
    },
    // PyTorch 1.4: Multi Model Server.
    mms: {
        MMS_MAX_REQUEST_SIZE: "1000000000",
        MMS_MAX_RESPONSE_SIZE: "1000000000",
        MMS_DEFAULT_RESPONSE_TIMEOUT: "900",
    },
    // Hugging Face inference containers, built on Multi Model Server.
    huggingface: {
        MMS_MAX_REQUEST_SIZE: "2000000000",
        MMS_MAX_RESPONSE_SIZE: "2000000000",
        MMS_DEFAULT_RESPONSE_TIMEOUT: "900",
    },
};

export const MODEL_SERVERS = Object.keys(LARGE_PAYLOAD_ENVIRONMENT) as ModelServer[];

/**
 * The container environment that lifts a model server's payload and timeout limits to its
 * maxima, to merge into a model's `environment` for an asynchronous endpoint.
 */
export function largePayloadEnvironment(server: ModelServer): Record<string, string> {
    if (!MODEL_SERVERS.includes(server)) {
        throw invalid("modelServer", server, `must be one of ${MODEL_SERVERS.join(", ")}`);
    }
    return { ...LARGE_PAYLOAD_ENVIRONMENT[server] };
}
