import * as assert from "assert";
import { iamPolicy } from "../../policy-pack/iam";
import { runStackPolicy, TestResource, UNKNOWN_STRING, urnOf } from "./support";

const trust = (service: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }] });
const doc = (Action: string | string[], Resource: string | string[] = "*") => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action, Resource }] });
const NARROW = doc(["sagemaker:InvokeEndpoint", "s3:GetObject"], ["arn:aws:s3:::acme-models/*"]);
const FULL = "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess";

const classicRole = (name: string, props: Record<string, unknown> = {}, service = "sagemaker.amazonaws.com"): TestResource =>
    ({ type: "aws:iam/role:Role", name, props: { name: `${name}-physical`, assumeRolePolicy: trust(service), ...props } });
const nativeRole = (name: string, props: Record<string, unknown> = {}, service = "scheduler.amazonaws.com"): TestResource =>
    ({ type: "aws-native:iam:Role", name, props: { roleName: `${name}-physical`, assumeRolePolicyDocument: JSON.parse(trust(service)), ...props } });

async function messages(resources: TestResource[], config = {}) {
    return (await runStackPolicy(iamPolicy, resources, config)).map((v) => `${v.urn?.split("::").pop()}: ${v.message}`);
}

describe("policy sagemaker-role-least-privilege", () => {
    it("is mandatory, for roles SageMaker and Scheduler assume by default", () => {
        assert.strictEqual(iamPolicy.enforcementLevel, "mandatory");
        assert.deepStrictEqual(iamPolicy.configSchema?.properties.assumingServices.default, ["sagemaker.amazonaws.com", "scheduler.amazonaws.com"]);
    });

    it("passes least-privilege roles of either provider with their inline policies, role policies and attachments", async () => {
        assert.deepStrictEqual(await messages([
            classicRole("exec", { inlinePolicies: [{ name: "read", policy: JSON.stringify(NARROW) }], managedPolicyArns: ["arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"] }),
            { type: "aws:iam/rolePolicy:RolePolicy", name: "exec-policy", props: { role: "exec-physical", policy: JSON.stringify(NARROW) } },
            nativeRole("sched", { policies: [{ policyName: "invoke", policyDocument: doc("sagemaker:UpdateInferenceComponentRuntimeConfig", "arn:aws:sagemaker:us-east-1:123456789012:inference-component/x") }] }),
            { type: "aws-native:iam:RolePolicy", name: "sched-policy", props: { roleName: "sched-physical", policyName: "p", policyDocument: NARROW } },
        ]), []);
    });

    it("refuses a *FullAccess managed policy on a SageMaker role, on the role or through an attachment, by name or by the role's output", async () => {
        assert.deepStrictEqual(await messages([
            classicRole("exec", { managedPolicyArns: [FULL] }),
            classicRole("other"),
            { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name: "by-name", props: { role: "other-physical", policyArn: "arn:aws:iam::aws:policy/AmazonS3FullAccess" } },
            nativeRole("sched"),
            { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name: "by-output", props: { role: UNKNOWN_STRING, policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }, propertyDependencies: { role: ["sched"] } },
            { type: "aws:iam/policyAttachment:PolicyAttachment", name: "many", props: { roles: ["exec-physical"], policyArn: "arn:aws:iam::aws:policy/AmazonEC2FullAccess" } },
        ]), [
            `exec: role exec, which sagemaker.amazonaws.com assumes, has managed policy ${FULL}: grant the actions it needs on its resources instead`,
            "many: role exec, which sagemaker.amazonaws.com assumes, has managed policy arn:aws:iam::aws:policy/AmazonEC2FullAccess: grant the actions it needs on its resources instead",
            "by-name: role other, which sagemaker.amazonaws.com assumes, has managed policy arn:aws:iam::aws:policy/AmazonS3FullAccess: grant the actions it needs on its resources instead",
            "by-output: role sched, which scheduler.amazonaws.com assumes, has managed policy arn:aws:iam::aws:policy/AdministratorAccess: grant the actions it needs on its resources instead",
        ]);
    });

    it("refuses sagemaker:* or * on every resource in inline policies, role policies and customer managed policies", async () => {
        assert.deepStrictEqual(await messages([
            classicRole("exec", { inlinePolicies: [{ name: "all", policy: JSON.stringify(doc("sagemaker:*")) }] }),
            { type: "aws:iam/rolePolicy:RolePolicy", name: "star", props: { role: "exec-physical", policy: JSON.stringify({ Version: "2012-10-17", Statement: { Sid: "Everything", Effect: "Allow", Action: "*", Resource: "*" } }) } },
            nativeRole("sched", { policies: [{ policyName: "not", policyDocument: { Statement: [{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }] } }] }),
            { type: "aws:iam/policy:Policy", name: "custom", props: { policy: JSON.stringify(doc(["SageMaker:*"])) } },
            { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name: "custom-attachment", props: { role: "sched-physical", policyArn: "arn:aws:iam::123456789012:policy/custom" }, propertyDependencies: { policyArn: ["custom"] } },
            { type: "aws-native:iam:ManagedPolicy", name: "native-managed", props: { roles: ["sched-physical"], policyDocument: doc("*", ["*"]) } },
        ]), [
            "exec: role exec, which sagemaker.amazonaws.com assumes, has inline policy all, whose statement 1 allows \"sagemaker:*\" on \"*\": name the actions and resources it needs",
            "star: role exec, which sagemaker.amazonaws.com assumes, has role policy star, whose statement Everything allows \"*\" on \"*\": name the actions and resources it needs",
            "custom-attachment: role sched, which scheduler.amazonaws.com assumes, has managed policy arn:aws:iam::123456789012:policy/custom, whose statement 1 allows \"SageMaker:*\" on \"*\": name the actions and resources it needs",
            "sched: role sched, which scheduler.amazonaws.com assumes, has inline policy not, whose statement 1 allows every action but \"iam:*\" on \"*\": name the actions and resources it needs",
            "native-managed: role sched, which scheduler.amazonaws.com assumes, has managed policy native-managed, whose statement 1 allows \"*\" on \"*\": name the actions and resources it needs",
        ]);
        // Customer managed policies of the stack named by ARN alone (the classic provider's arn, aws-native's policyArn).
        const CLASSIC_ARN = "arn:aws:iam::123456789012:policy/classic-custom";
        const NATIVE_ARN = "arn:aws:iam::123456789012:policy/native-custom";
        assert.deepStrictEqual(await messages([
            classicRole("exec", { managedPolicyArns: [CLASSIC_ARN, NATIVE_ARN] }),
            { type: "aws:iam/policy:Policy", name: "classic-custom", props: { arn: CLASSIC_ARN, policy: JSON.stringify(doc("sagemaker:*")) } },
            { type: "aws-native:iam:ManagedPolicy", name: "native-custom", props: { policyArn: NATIVE_ARN, policyDocument: doc("*") } },
        ]), [
            `exec: role exec, which sagemaker.amazonaws.com assumes, has managed policy ${CLASSIC_ARN}, whose statement 1 allows \"sagemaker:*\" on \"*\": name the actions and resources it needs`,
            `exec: role exec, which sagemaker.amazonaws.com assumes, has managed policy ${NATIVE_ARN}, whose statement 1 allows \"*\" on \"*\": name the actions and resources it needs`,
        ]);
    });

    it("refuses PowerUserAccess and the AdministratorAccess policies, whose names say no FullAccess", async () => {
        const arns = ["arn:aws:iam::aws:policy/PowerUserAccess", "arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/AdministratorAccess-Amplify"];
        assert.deepStrictEqual(await messages([classicRole("exec", { managedPolicyArns: arns })]), arns.map((arn) =>
            `exec: role exec, which sagemaker.amazonaws.com assumes, has managed policy ${arn}: grant the actions it needs on its resources instead`));
    });

    // IAM matches action names case-insensitively and both elements as globs (`*` any run of characters, `?` one).
    const grants = async (...statements: Record<string, unknown>[]) => (await messages([
        classicRole("exec", { inlinePolicies: [{ name: "p", policy: JSON.stringify({ Version: "2012-10-17", Statement: statements.map((st) => ({ Effect: "Allow", ...st })) }) }] }),
    ])).map((m) => m.replace(/^exec: role exec, which sagemaker.amazonaws.com assumes, has inline policy p, whose /, "").replace(/: name the actions and resources it needs$/, ""));

    it("refuses every SageMaker action on every SageMaker resource, however the globs spell it", async () => {
        assert.deepStrictEqual(await grants(
            { Action: "sagemaker:*", Resource: "arn:aws:sagemaker:*:*:*" },
            { Action: "sagemaker:*", Resource: ["arn:aws:s3:::acme-models/*", "arn:*"] },
            { Action: ["s3:GetObject", "sage*"], Resource: "arn:aws:sagemaker:us-east-1:123456789012:*" },
            { Action: "Sage*:*", Resource: "*" },
            { Action: "sagemaker:*", NotResource: "arn:aws:sagemaker:*:*:endpoint/prod-*" },
            { Action: "SAGEMAKER:*", Resource: "arn:aws:sagemaker:*:*:*/*" },
            { Action: "sagemake?:*", Resource: "arn:aws-cn:sagemaker:cn-north-1:123456789012:*" },
        ), [
            'statement 1 allows "sagemaker:*" on "arn:aws:sagemaker:*:*:*"',
            'statement 2 allows "sagemaker:*" on "arn:*"',
            'statement 3 allows "sage*" on "arn:aws:sagemaker:us-east-1:123456789012:*"',
            'statement 4 allows "Sage*:*" on "*"',
            'statement 5 allows "sagemaker:*" on every resource but "arn:aws:sagemaker:*:*:endpoint/prod-*"',
            'statement 6 allows "SAGEMAKER:*" on "arn:aws:sagemaker:*:*:*/*"',
            'statement 7 allows "sagemake?:*" on "arn:aws-cn:sagemaker:cn-north-1:123456789012:*"',
        ]);
    });

    it("refuses every IAM action, and iam:PassRole on every role, the classic escalation", async () => {
        assert.deepStrictEqual(await grants(
            { Action: "iam:*", Resource: "*" },
            { Action: "iam:PassRole", Resource: "*" },
            { Action: "IAM:passrole", Resource: "arn:aws:iam::123456789012:role/*" },
            { Action: "iam:Pass*", Resource: "arn:aws:iam::*:*" },
            { NotAction: "sagemaker:*", Resource: "arn:aws:iam::123456789012:*" },
            { Action: "*", NotResource: "arn:aws:s3:::acme-models/*" },
            { Action: "*", Resource: "arn:aws:s3:::*" },
        ), [
            'statement 1 allows "iam:*" on "*"',
            'statement 2 allows "iam:PassRole" on "*"',
            'statement 3 allows "IAM:passrole" on "arn:aws:iam::123456789012:role/*"',
            'statement 4 allows "iam:Pass*" on "arn:aws:iam::*:*"',
            'statement 5 allows every action but "sagemaker:*" on "arn:aws:iam::123456789012:*"',
            'statement 6 allows "*" on every resource but "arn:aws:s3:::acme-models/*"',
            'statement 7 allows "*" on "arn:aws:s3:::*"',
        ]);
    });

    it("passes named actions and resources: the package's own broad-resource statements, and narrow globs", async () => {
        assert.deepStrictEqual(await grants(
            { Action: "cloudwatch:PutMetricData", Resource: "*", Condition: { StringEquals: { "cloudwatch:namespace": "sagemaker-inference" } } },
            { Action: ["ecr:GetAuthorizationToken"], Resource: ["*"] },
            { Action: ["ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:Describe*"], Resource: "*" },
            { Action: "sagemaker:*", Resource: "arn:aws:sagemaker:us-east-1:123456789012:endpoint/chat-*" },
            { Action: ["sagemaker:Describe*", "sagemaker:InvokeEndpoint*"], Resource: "*" },
            { Action: "iam:PassRole", Resource: "arn:aws:iam::123456789012:role/sagemaker-execution-*" },
            { Action: "*", Resource: "arn:aws:s3:::acme-models/*" },
            { Effect: "Deny", Action: "*", Resource: "*" },
        ), []);
    });

    it("leaves roles other services assume alone, and takes the config's services and allowed policies", async () => {
        const lambda = classicRole("fn", { managedPolicyArns: [FULL] }, "lambda.amazonaws.com");
        assert.deepStrictEqual(await messages([lambda]), []);
        assert.strictEqual((await messages([lambda], { assumingServices: ["lambda.amazonaws.com"] })).length, 1);
        assert.deepStrictEqual(await messages([classicRole("exec", { managedPolicyArns: [FULL] })], { allowedManagedPolicyArns: [FULL] }), []);
    });

    it("reports nothing on a trust policy or a document unknown during preview", async () => {
        assert.deepStrictEqual(await messages([
            { type: "aws:iam/role:Role", name: "later", props: { assumeRolePolicy: UNKNOWN_STRING, managedPolicyArns: [FULL] } },
            classicRole("exec"),
            { type: "aws:iam/rolePolicy:RolePolicy", name: "p", props: { role: "exec-physical", policy: UNKNOWN_STRING } },
        ]), []);
        // aws-native's documents are objects, whose entries can be unknown one by one: the known ones are checked.
        const nativeDoc = (...Statement: Record<string, unknown>[]) => [nativeRole("sched", { policies: [{ policyName: "p", policyDocument: { Statement } }] })];
        assert.deepStrictEqual(await messages(nativeDoc(
            { Effect: "Allow", Action: "sagemaker:*", Resource: [UNKNOWN_STRING, "arn:aws:sagemaker:us-east-1:123456789012:endpoint/chat"] },
            { Effect: "Allow", Action: "sagemaker:*", NotResource: [UNKNOWN_STRING] },
            { Effect: "Allow", NotAction: [UNKNOWN_STRING], Resource: "*" },
        )), []);
        assert.strictEqual((await messages(nativeDoc({ Effect: "Allow", Action: [UNKNOWN_STRING, "sagemaker:*"], Resource: [UNKNOWN_STRING, "*"] }))).length, 1);
    });

    it("reports each violation on the resource that grants it", async () => {
        const [v] = await runStackPolicy(iamPolicy, [classicRole("exec"), { type: "aws:iam/rolePolicy:RolePolicy", name: "p", props: { role: "exec-physical", policy: JSON.stringify(doc("*")) } }]);
        assert.strictEqual(v.urn, urnOf({ type: "aws:iam/rolePolicy:RolePolicy", name: "p" }));
    });
});
