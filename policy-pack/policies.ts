import { PolicyPackArgs } from "@pulumi/policy";
import { alarmTopicPolicy } from "./alarm-topics";
import { encryptionPolicy } from "./encryption";
import { iamPolicy } from "./iam";
import { networkingPolicy } from "./networking";
import { retainVariantsPolicy, scaleToZeroPolicy } from "./scaling";
import { tagsPolicy } from "./tags";
import { trainingPlanPolicy } from "./training-plan";

/** The pack's policies, apart from index.ts (whose PolicyPack starts serving the engine at once) so that tests can run them. */
export const packArgs: PolicyPackArgs = {
    description: "Guardrails for Amazon SageMaker AI inference: encryption, private networking, least-privilege roles, training plans, scale to zero, auto scaling, cost tags and alarm topics.",
    policies: [
        encryptionPolicy,
        networkingPolicy,
        iamPolicy,
        trainingPlanPolicy,
        scaleToZeroPolicy,
        retainVariantsPolicy,
        tagsPolicy,
        alarmTopicPolicy,
    ],
};
