// Requests go to S3 and are answered there; SNS says when each is done. With nothing queued the
// endpoint runs no instance. The bucket, both topics and the role's permissions are created.
// The program is a function, so that a test can run it under mocks (tests/examples/); index.ts runs it.
import { AsyncInferenceEndpoint, InferenceModel, largePayloadEnvironment } from "sagemaker-inference";

export function asyncProgram() {
    const model = new InferenceModel("summarizer", {
        image: "763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-inference:2.1.0-transformers4.37.0-gpu-py310-cu118-ubuntu20.04",
        modelDataUrl: "s3://acme-models/bart-large-cnn/model.tar.gz",
        environment: largePayloadEnvironment("huggingface"),
    });
    const endpoint = new AsyncInferenceEndpoint("summarizer", {
        modelName: model.modelName,
        // The model's own role gets the bucket's and topics' permissions.
        modelExecutionRoleName: model.executionRoleName,
        instanceType: "ml.g5.2xlarge",
        maxInstanceCount: 4,
        maxConcurrentInvocationsPerInstance: 4,
    });
    return { endpointName: endpoint.endpointName, inputLocation: endpoint.inputPath };
}
