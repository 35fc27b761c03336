import { dependedOn, stackPolicy } from "./sdk";
import { at, isObject, isUnknown, jsonDocument, list, Resource, strings, text, Unknown, UNKNOWN, Value, Violation } from "./values";

/**
 * Least privilege for the roles SageMaker and EventBridge Scheduler act as: no `*FullAccess`,
 * PowerUserAccess or AdministratorAccess managed policy, and no statement allowing every SageMaker
 * or IAM action (or every action) on every resource, nor iam:PassRole on every role. A role's permissions come from many resources (its own managed and inline policies,
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

/** A managed policy's name says it grants a service, or everything (all but IAM for PowerUserAccess), in full. */
const BROAD_MANAGED_POLICY = /\/(AdministratorAccess(-[^/]*)?|PowerUserAccess|[^/]*FullAccess[^/]*)$/i;

/** Whether a trust policy lets one of the services assume the role; UNKNOWN while the document is. */
function assumedBy(trust: Value | undefined, services: string[]): string | Unknown | undefined {
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

/** IAM's glob: `*` any run of characters (colons too), `?` one; action names match whatever their case. */
function glob(pattern: string, ignoreCase: boolean): RegExp {
    const body = pattern.split("").map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&"))).join("");
    return new RegExp(`^${body}$`, ignoreCase ? "si" : "s");
}

/**
 * What is too broad to grant a role: every action of a service (or of all) on every resource of
 * that service, or passing every role (iam:PassRole lets the holder hand any role to a service it
 * controls: the classic escalation). Each is a probe: an action, and the resource to try a
 * statement's Resource pattern on, built from the pattern's own partition, region and account where
 * it names them, so that "every resource of one account" counts as every resource.
 */
interface Probe {
    action: string;
    /** The service of the resources probed; undefined: the pattern's own service (for every action of every service). */
    service?: string;
    resource: string;
}
const PROBES: Probe[] = [
    { action: "sagemaker:ZzProbeAction", service: "sagemaker", resource: "zz-probe-type/zz-probe-name" },
    { action: "iam:ZzProbeAction", service: "iam", resource: "zz-probe-type/zz-probe-name" },
    { action: "iam:PassRole", service: "iam", resource: "role/zz-probe-name" },
    { action: "zzprobe:ZzProbeAction", resource: "zz-probe-type/zz-probe-name" },
];

/** The ARN a probe tries `pattern` on: the pattern's literal ARN fields kept, its wildcards filled with a value they stand for. */
function probeArn(probe: Probe, pattern: string): string {
    const [, partition, service, region, account] = pattern.split(":");
    const literal = (field: string | undefined) => (field !== undefined && !/[*?]/.test(field) ? field : undefined);
    const svc = probe.service ?? literal(service) ?? "sagemaker";
    // IAM's ARNs name no region.
    return `arn:${literal(partition) ?? "aws"}:${svc}:${literal(region) ?? (svc === "iam" ? "" : "us-east-1")}:${literal(account) ?? "123456789012"}:${probe.resource}`;
}

/**
 * What a policy document allows too broadly: a statement allowing every SageMaker or IAM action
 * (or all actions), or iam:PassRole, on every resource they apply to. Action and Resource are
 * matched as IAM globs; NotAction and NotResource allow all but a few, so they count as every one.
 * Descriptions, one per statement.
 */
function broadGrants(document: Value | undefined): string[] {
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
        // An entry unknown during preview: the known ones of Action and Resource are still checked; what
        // NotAction or NotResource leaves out cannot be known until all of it is.
        const known = (v: Value | undefined) => {
            const all = strings(v);
            return all === UNKNOWN ? [] : all.filter((e): e is string => typeof e === "string");
        };
        const notActions = strings(s.NotAction);
        const notResources = strings(s.NotResource);
        if (notActions === UNKNOWN || notResources === UNKNOWN || [...notActions, ...notResources].includes(UNKNOWN)) {
            return [];
        }
        const anyMatches = (patterns: (string | Unknown)[], test: (pattern: string) => boolean) => patterns.some((p) => typeof p === "string" && test(p));
        // What the statement allows too broadly, as the message names it.
        const actionsHit = new Set<string>();
        const resourcesHit = new Set<string>();
        for (const probe of PROBES) {
            const byAction = s.NotAction !== undefined
                ? (anyMatches(notActions, (a) => glob(a, true).test(probe.action)) ? [] : [`every action but ${JSON.stringify(s.NotAction)}`])
                : known(s.Action).filter((a) => glob(a, true).test(probe.action)).map((a) => JSON.stringify(a));
            const byResource = s.NotResource !== undefined
                ? (anyMatches(notResources, (r) => glob(r, false).test(probeArn(probe, ""))) ? [] : [`every resource but ${JSON.stringify(s.NotResource)}`])
                : known(s.Resource).filter((r) => glob(r, false).test(probeArn(probe, r))).map((r) => JSON.stringify(r));
            if (byAction.length > 0 && byResource.length > 0) {
                byAction.forEach((a) => actionsHit.add(a));
                byResource.forEach((r) => resourcesHit.add(r));
            }
        }
        if (actionsHit.size === 0) {
            return [];
        }
        const label = typeof s.Sid === "string" ? `statement ${s.Sid}` : `statement ${i + 1}`;
        const [what, where] = [actionsHit, resourcesHit].map((hit) => [...hit].join(", "));
        return [`${label} allows ${what} on ${where}`];
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
    description: "Roles that SageMaker or EventBridge Scheduler assume have no *FullAccess, PowerUserAccess or AdministratorAccess managed policy, and allow neither sagemaker:*, iam:* nor * on every resource, nor iam:PassRole on every role.",
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
