/**
 * A library user's program, as the README has shown it: one ScaleToZeroEndpoint, one model and one
 * ScalableInferenceComponent on it, and no aws-native provider of the user's own. It exists in two
 * versions of the package's API: the one before 8c87328 (a component took the endpoint itself, and
 * the user set `aws-native:region`, which then put the components in aws-native's default provider),
 * which scripts/engine-record.ts runs against that ref's `index.ts`; and the current one, which the
 * upgrade test previews the recorded state with.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { InferenceModel, ScalableInferenceComponent, ScaleToZeroEndpoint } from "../../../index";

export const LIBRARY_PROGRAM = "library";

/** The user's stack config: `aws-native:region` set as users had to before 8c87328. */
export const LIBRARY_CONFIG: Record<string, unknown> = { "aws:region": "us-east-1", "aws-native:region": "us-east-1" };

const IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128";
const MODEL = "llama3-8b-instruct";

/** The role the user gives the endpoint and the model: the older API required one. */
function userRole(): aws.iam.Role {
    return new aws.iam.Role("llm-role", {
        assumeRolePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "sagemaker.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
    });
}

/** What the program uses of the package's API before 8c87328, loaded from that ref's `index.ts`. */
export interface LibraryBefore8c87328 {
    ScaleToZeroEndpoint: new (name: string, args: { instanceType: string; maxInstanceCount: number; executionRoleArn: pulumi.Input<string> }) => object;
    InferenceModel: new (name: string, args: { image: string; modelDataUrl: string; executionRoleArn: pulumi.Input<string> }) => object;
    ScalableInferenceComponent: new (name: string, args: { endpoint: object; model: object; acceleratorCount: number; autoScaling: { maxCopies: number } }) => object;
}

/** The program against the API before 8c87328. */
export function libraryProgramBefore8c87328(lib: LibraryBefore8c87328): void {
    const role = userRole();
    const endpoint = new lib.ScaleToZeroEndpoint("llm", { instanceType: "ml.g5.12xlarge", maxInstanceCount: 2, executionRoleArn: role.arn });
    const model = new lib.InferenceModel(MODEL, { image: IMAGE, modelDataUrl: `s3://acme-models/${MODEL}/`, executionRoleArn: role.arn });
    new lib.ScalableInferenceComponent(MODEL, { endpoint, model, acceleratorCount: 1, autoScaling: { maxCopies: 2 } });
}

/**
 * The same program against the current API, keeping the names of earlier versions with `namePrefix`
 * as the CHANGELOG tells library users to: what is left to change is the provider.
 */
export function libraryProgram(): void {
    const role = userRole();
    const endpoint = new ScaleToZeroEndpoint("llm", { namePrefix: "llm", instanceType: "ml.g5.12xlarge", maxInstanceCount: 2, executionRoleArn: role.arn });
    const model = new InferenceModel(MODEL, { namePrefix: MODEL, image: IMAGE, modelDataUrl: `s3://acme-models/${MODEL}/`, executionRoleArn: role.arn });
    new ScalableInferenceComponent(MODEL, {
        namePrefix: MODEL,
        ...endpoint.placement(),
        modelName: model.modelName,
        modelExecutionPolicy: model.executionPolicy,
        acceleratorCount: 1,
        autoScaling: { maxCopies: 2 },
    });
}
