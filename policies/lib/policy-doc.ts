/**
 * IAM and IoT policy documents: parsed from the JSON string the resources carry (or the object
 * aws-native takes), normalized to statements with lists of actions and resources.
 */
import type { RuleResource } from "./types";
import { containsUnknown, isObject, list, show } from "./values";

/** Resources that hold identity-policy documents, both providers'. */
export const IDENTITY_POLICY_TYPES: readonly string[] = [
    "aws:iam/policy:Policy",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/userPolicy:UserPolicy",
    "aws:iam/groupPolicy:GroupPolicy",
    "aws:iam/role:Role",
    "aws-native:iam:ManagedPolicy",
    "aws-native:iam:RolePolicy",
    "aws-native:iam:Role",
];

export interface Statement {
    /** 0-based position in the document, for messages. */
    index: number;
    sid?: string;
    effect: "Allow" | "Deny";
    actions: string[];
    /** `NotAction`: everything but these (an Allow with it grants nearly everything). */
    notActions?: string[];
    resources: string[];
    notResources?: string[];
    /** Principal as written (resource policies). */
    principal?: unknown;
    /** NotPrincipal as written: on an Allow, everyone but these. */
    notPrincipal?: unknown;
    condition?: unknown;
}

export type ParsedDocument = { ok: true; statements: Statement[] } | { ok: false; unknown: boolean; error: string };

/** Parse a policy document; `unknown` when it is not known until the deployment runs. */
export function parsePolicyDocument(value: unknown): ParsedDocument {
    if (value === undefined || value === null || value === "") return { ok: true, statements: [] };
    if (containsUnknown(value)) return { ok: false, unknown: true, error: "the policy document is unknown until the deployment runs" };
    let doc: unknown = value;
    if (typeof value === "string") {
        try {
            doc = JSON.parse(value);
        } catch (e) {
            return { ok: false, unknown: false, error: `the policy document is not valid JSON (${(e as Error).message})` };
        }
    }
    if (!isObject(doc)) return { ok: false, unknown: false, error: "the policy document is not a JSON object" };
    const raw = list(doc.Statement);
    const statements: Statement[] = [];
    for (const [index, s] of raw.entries()) {
        if (!isObject(s)) return { ok: false, unknown: false, error: `Statement[${index}] is not an object` };
        const effect = s.Effect === "Deny" ? "Deny" : "Allow";
        statements.push({
            index,
            sid: typeof s.Sid === "string" ? s.Sid : undefined,
            effect,
            actions: list(s.Action).map(String),
            notActions: s.NotAction === undefined ? undefined : list(s.NotAction).map(String),
            resources: list(s.Resource).map(String),
            notResources: s.NotResource === undefined ? undefined : list(s.NotResource).map(String),
            principal: s.Principal ?? s.NotPrincipal,
            notPrincipal: s.NotPrincipal,
            condition: s.Condition,
        });
    }
    return { ok: true, statements };
}

/** `Statement[2] ("Sid")`, how messages name a statement. */
export function statementName(s: Statement): string {
    return s.sid ? `Statement[${s.index}] (${s.sid})` : `Statement[${s.index}]`;
}

/** Whether an IAM pattern (with `*` and `?`, case-insensitive) matches a name. */
export function wildcardMatch(pattern: string, name: string): boolean {
    const re = new RegExp(
        `^${pattern
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".")}$`,
        "i",
    );
    return re.test(name);
}

/** Whether a statement's actions cover `action` (through wildcards, or through NotAction). */
export function grants(s: Statement, action: string): boolean {
    if (s.notActions) return !s.notActions.some((p) => wildcardMatch(p, action));
    return s.actions.some((p) => wildcardMatch(p, action));
}

/** The resource part of an ARN (`topic/fleet/...` from `arn:aws:iot:r:a:topic/fleet/...`). */
export function arnResource(arn: string): string {
    if (!arn.startsWith("arn:")) return arn;
    const parts = arn.split(":");
    return parts.slice(5).join(":");
}

/** The policies a role embeds (aws `inlinePolicies`, aws-native `policies`), each named for messages by its own name field. */
function embedded(policies: unknown, label: string, nameField: string, documentField: string): [string, unknown][] {
    return list(policies)
        .filter(isObject)
        .map((p): [string, unknown] => [`${label} ${show(p[nameField])}`, p[documentField]]);
}

/**
 * The identity-policy documents of a resource, each with a name for messages: a policy's own
 * document (`the policy`), or a role's embedded ones by their names; none for another type.
 */
export function identityPolicyDocuments(r: RuleResource): [string, unknown][] {
    switch (r.type) {
        case "aws:iam/policy:Policy":
        case "aws:iam/rolePolicy:RolePolicy":
        case "aws:iam/userPolicy:UserPolicy":
        case "aws:iam/groupPolicy:GroupPolicy":
            return [["the policy", r.props.policy]];
        case "aws:iam/role:Role":
            return embedded(r.props.inlinePolicies, "inline policy", "name", "policy");
        case "aws-native:iam:ManagedPolicy":
        case "aws-native:iam:RolePolicy":
            return [["the policy", r.props.policyDocument]];
        case "aws-native:iam:Role":
            return embedded(r.props.policies, "policy", "policyName", "policyDocument");
        default:
            // Stryker disable next-line ArrayDeclaration: a "document" made of the mutant's string does not parse, so it yields nothing either
            return [];
    }
}
