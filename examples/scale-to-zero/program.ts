// Two models share one endpoint; each model's copies scale to zero when idle, and the endpoint
// releases its instances once no copy runs. A request to a parked model wakes it.
// The program is a function, so that a test can run it under mocks (tests/examples/); index.ts runs it.
import { InferenceModel, ScalableInferenceComponent, ScaleToZeroEndpoint } from "sagemaker-inference";

export function scaleToZeroProgram() {
    const image = "763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128";
    const endpoint = new ScaleToZeroEndpoint("llm", { instanceType: "ml.g5.12xlarge", maxInstanceCount: 2 });

    for (const name of ["llama3-8b-instruct", "mistral-7b-instruct"]) {
        const model = new InferenceModel(name, { image, modelDataUrl: `s3://acme-models/${name}/` });
        new ScalableInferenceComponent(name, {
            ...endpoint.placement(),        // the endpoint's name, instance type, metrics and role
            modelName: model.modelName,
            modelExecutionPolicy: model.executionPolicy,   // added to the endpoint's role
            acceleratorCount: 1,
            minMemoryMb: 16384,
            autoScaling: { maxCopies: 2 },
        });
    }
    return { endpointName: endpoint.endpointName };
}
