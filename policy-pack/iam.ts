import { dependedOn, stackPolicy } from "./sdk";
import { at, isObject, isUnknown, jsonDocument, list, Resource, strings, text, Unknown, UNKNOWN, Value, Violation } from "./values";

/**
 * Least privilege for the roles SageMaker and EventBridge Scheduler act as: no `*FullAccess` (or
 * AdministratorAccess) managed policy, and no statement allowing `sagemaker:*` or `*` on every
 * resource. A role's permissions come from many resources (its own managed and inline policies,
 * RolePolicy, RolePolicyAttachment, PolicyAttachment, a customer managed Policy attached by ARN):
 * the stack policy joins them to the role by the role's name or by the property that takes the
 * role's output.
 */

export interface IamConfig {
    /** Service principals whose roles are checked. */
    assumingServices: string[];
    /** Managed policy ARNs allowed even though their name says full access. */
    allowedManagedPolicyArns: string[];
}

const T = {
    classicRole: "aws:iam/role:Role",
    nativeRole: "aws-native:iam:Role",
    classicRolePolicy: "aws:iam/rolePolicy:RolePolicy",
    nativeRolePolicy: "aws-native:iam:RolePolicy",
    classicAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    classicPolicyAttachment: "aws:iam/policyAttachment:PolicyAttachment",
    classicPolicy: "aws:iam/policy:Policy",
    nativeManagedPolicy: "aws-native:iam:ManagedPolicy",
};

/** A managed policy's name says it grants a service (or everything) in full. */
const BROAD_MANAGED_POLICY = /\/(AdministratorAccess|[^/]*FullAccess[^/]*)$/i;

/** Whether a trust policy lets one of the services assume the role; UNKNOWN while the document is. */
export function assumedBy(trust: Value | undefined, services: string[]): string | Unknown | undefined {
    const doc = jsonDocument(trust);
    if (doc === UNKNOWN || doc === undefined) {
        return doc;
    }
    const statements = statementsOf(doc);
    if (statements === UNKNOWN) {
        return UNKNOWN;
    }
    for (const s of statements) {
        if (at(s, "Effect") !== "Allow") {
            continue;
        }
        const principals = strings(at(s, "Principal", "Service"));
        if (principals === UNKNOWN) {
            return UNKNOWN;
        }
        const found = services.find((svc) => principals.includes(svc));
        if (found !== undefined) {
            return found;
        }
    }
    return undefined;
}

/** A document's statements: IAM takes one statement or a list. */
function statementsOf(doc: { [key: string]: Value }): Value[] | Unknown {
    const s = doc.Statement;
    return isUnknown(s) ? s : Array.isArray(s) ? s : s === undefined ? [] : [s];
}

/**
 * What a policy document allows too broadly: a statement allowing `*` or `sagemaker:*` (or all but
 * a few actions, through NotAction) on every resource. Descriptions, one per statement.
 */
export function broadGrants(document: Value | undefined): string[] {
    const doc = jsonDocument(document);
    if (doc === undefined || doc === UNKNOWN) {
        return [];
    }
    const statements = statementsOf(doc);
    if (statements === UNKNOWN) {
        return [];
    }
    return statements.flatMap((s, i) => {
        if (!isObject(s) || s.Effect !== "Allow") {
            return [];
        }
        const resources = strings(s.Resource);
        if (resources === UNKNOWN || !resources.includes("*")) {
            return [];
        }
        const label = typeof s.Sid === "string" ? `statement ${s.Sid}` : `statement ${i + 1}`;
        if (s.NotAction !== undefined) {
            return [`${label} allows every action but ${JSON.stringify(s.NotAction)} on "*"`];
        }
        const actions = strings(s.Action);
        if (actions === UNKNOWN) {
            return [];
        }
        const broad = actions.filter((a): a is string => typeof a === "string" && ["*", "*:*", "sagemaker:*"].includes(a.toLowerCase()));
        return broad.length === 0 ? [] : [`${label} allows ${broad.map((a) => JSON.stringify(a)).join(", ")} on "*"`];
    });
}

/** The role's name, as attachments refer to it. */
function roleName(role: Resource): string | Unknown | undefined {
    return text(role.type === T.nativeRole ? role.props.roleName : role.props.name);
}

/** Whether a resource's property names the role, by value or by taking the role's output. */
function refersTo(r: Resource, property: string, role: Resource, name: string | Unknown | undefined): boolean {
    if ((r.propertyDependencies[property] ?? []).includes(role.urn)) {
        return true;
    }
    if (typeof name !== "string") {
        return false;
    }
    const value = r.props[property];
    const names = strings(value);
    // A role given by ARN (RolePolicyAttachment takes a name; accept an ARN's last part too).
    return names !== UNKNOWN && names.some((n) => typeof n === "string" && (n === name || n.endsWith(`:role/${name}`) || n.endsWith(`/${name}`)));
}

/** What grants one role permissions: each managed policy ARN and each policy document, with where it comes from. */
interface Grants {
    managedPolicyArns: { arn: string; from: Resource; document?: Value }[];
    documents: { document: Value | undefined; from: Resource; label: string }[];
}

function grantsOf(role: Resource, all: Resource[], byUrn: Map<string, Resource>): Grants {
    const name = roleName(role);
    const grants: Grants = { managedPolicyArns: [], documents: [] };
    const addArn = (arn: Value | undefined, from: Resource, property: string) => {
        if (typeof arn !== "string") {
            return;
        }
        // A customer managed policy of the stack: its document is checked as well.
        const policy = dependedOn(from, property, byUrn).find((p) => p.type === T.classicPolicy || p.type === T.nativeManagedPolicy)
            ?? all.find((p) => (p.type === T.classicPolicy || p.type === T.nativeManagedPolicy) && (text(p.props.arn) === arn || text(p.props.policyArn) === arn));
        grants.managedPolicyArns.push({ arn, from, document: policy === undefined ? undefined : policyDocumentOf(policy) });
    };
    const own = list(role.props.managedPolicyArns);
    if (own !== UNKNOWN) {
        own.forEach((arn) => addArn(arn, role, "managedPolicyArns"));
    }
    const inline = list(role.type === T.nativeRole ? role.props.policies : role.props.inlinePolicies);
    if (inline !== UNKNOWN) {
        inline.forEach((p) => grants.documents.push({
            document: role.type === T.nativeRole ? at(p, "policyDocument") : at(p, "policy"),
            from: role,
            label: `inline policy ${String(text(at(p, role.type === T.nativeRole ? "policyName" : "name")) ?? "")}`.trim(),
        }));
    }
    for (const r of all) {
        if (r.type === T.classicRolePolicy && refersTo(r, "role", role, name)) {
            grants.documents.push({ document: r.props.policy, from: r, label: `role policy ${r.name}` });
        } else if (r.type === T.nativeRolePolicy && refersTo(r, "roleName", role, name)) {
            grants.documents.push({ document: r.props.policyDocument, from: r, label: `role policy ${r.name}` });
        } else if (r.type === T.classicAttachment && refersTo(r, "role", role, name)) {
            addArn(r.props.policyArn, r, "policyArn");
        } else if (r.type === T.classicPolicyAttachment && refersTo(r, "roles", role, name)) {
            addArn(r.props.policyArn, r, "policyArn");
        } else if (r.type === T.nativeManagedPolicy && refersTo(r, "roles", role, name)) {
            grants.documents.push({ document: r.props.policyDocument, from: r, label: `managed policy ${r.name}` });
        }
    }
    return grants;
}

function policyDocumentOf(policy: Resource): Value | undefined {
    return policy.type === T.classicPolicy ? policy.props.policy : policy.props.policyDocument;
}

/** Violations of every role in the stack that one of the services assumes, each reported on the resource that grants too much. */
export function checkRoles(resources: Resource[], config: IamConfig): Violation[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const violations: Violation[] = [];
    for (const role of resources.filter((r) => r.type === T.classicRole || r.type === T.nativeRole)) {
        const service = assumedBy(role.type === T.nativeRole ? role.props.assumeRolePolicyDocument : role.props.assumeRolePolicy, config.assumingServices);
        if (typeof service !== "string") {
            continue;
        }
        const who = `role ${role.name}, which ${service} assumes,`;
        const grants = grantsOf(role, resources, byUrn);
        for (const g of grants.managedPolicyArns) {
            if (BROAD_MANAGED_POLICY.test(g.arn) && !config.allowedManagedPolicyArns.includes(g.arn)) {
                violations.push({ urn: g.from.urn, message: `${who} has managed policy ${g.arn}: grant the actions it needs on its resources instead` });
            }
            for (const broad of broadGrants(g.document)) {
                violations.push({ urn: g.from.urn, message: `${who} has managed policy ${g.arn}, whose ${broad}: name the actions and resources it needs` });
            }
        }
        for (const d of grants.documents) {
            for (const broad of broadGrants(d.document)) {
                violations.push({ urn: d.from.urn, message: `${who} has ${d.label}, whose ${broad}: name the actions and resources it needs` });
            }
        }
    }
    return violations;
}

export const iamPolicy = stackPolicy<IamConfig>({
    name: "sagemaker-role-least-privilege",
    description: "Roles that SageMaker or EventBridge Scheduler assume have no *FullAccess managed policy and allow neither sagemaker:* nor * on every resource.",
    enforcementLevel: "mandatory",
    config: {
        assumingServices: {
            type: "array", items: { type: "string" },
            default: ["sagemaker.amazonaws.com", "scheduler.amazonaws.com"],
            description: "Service principals whose roles are checked.",
        },
        allowedManagedPolicyArns: {
            type: "array", items: { type: "string" }, default: [],
            description: "Managed policy ARNs allowed although their name says full access.",
        },
    },
}, checkRoles);
