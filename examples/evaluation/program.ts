// A candidate model on capacity reserved by a training plan bought elsewhere. The plan is checked
// when the deployment runs (type, count, target, status), and the endpoint waits for that check.
// The program is a function, so that a test can run it under mocks (tests/examples/); index.ts runs it.
import * as pulumi from "@pulumi/pulumi";
import { InferenceModel, ReservationCheck, ReservedEndpoint } from "sagemaker-inference";

export function evaluationProgram() {
    const reservationArn = new pulumi.Config().require("reservationArn");
    const check = new ReservationCheck("plan", { reservationArn, instanceType: "ml.p5.48xlarge", instanceCount: 1 });

    const model = new InferenceModel("llama3-70b-ft-a", {
        image: "763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128",
        modelDataUrl: "s3://acme-models/llama3-70b/ft-a/",
        environment: { OPTION_TENSOR_PARALLEL_DEGREE: "8" },
    });
    const endpoint = new ReservedEndpoint("llama3-70b-ft-a", {
        modelName: model.modelName,
        instanceType: "ml.p5.48xlarge",
        reservation: { reservationArn, reservedInstanceType: "ml.p5.48xlarge", reservedInstanceCount: 1 },
    }, { dependsOn: [check] });
    return { endpointName: endpoint.endpointName };
}
