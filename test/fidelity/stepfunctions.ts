/**
 * Step Functions definitions against two outside truths: asl-validator (the Amazon States
 * Language schema) and the AWS SDK's own output shapes for what each state reads from a task's
 * result. Step Functions returns AWS SDK integration results with PascalCase field names even
 * where the service API is camelCase (Step Functions developer guide, "Integrating services with
 * the AWS SDK": "the response ... field names are in PascalCase"); optimized integrations
 * (`arn:aws:states:::dynamodb:getItem`, `sns:publish`) return the service API's output as is.
 * The shapes come from the SDK clients' schemas (`<Operation>$` exports of @aws-sdk/client-*).
 */

/** asl-validator 4.0.0 (CommonJS, no types). */
const aslValidator = require("asl-validator") as (d: unknown) => { isValid: boolean; errorsText: (sep?: string) => string };

/** Step Functions integration service name → the AWS SDK v3 client package that models it. */
const CLIENTS: Record<string, string> = {
    rdsdata: "@aws-sdk/client-rds-data",
    dynamodb: "@aws-sdk/client-dynamodb",
    sns: "@aws-sdk/client-sns",
    sfn: "@aws-sdk/client-sfn",
    eventbridge: "@aws-sdk/client-eventbridge",
    s3: "@aws-sdk/client-s3",
    iot: "@aws-sdk/client-iot",
    secretsmanager: "@aws-sdk/client-secrets-manager",
};

type Schema = unknown;

export interface State {
    Type: string;
    Resource?: string;
    ResultPath?: string | null;
    ResultSelector?: Record<string, unknown>;
    [k: string]: unknown;
}
export interface Definition {
    StartAt: string;
    States: Record<string, State>;
}

/** The output schema of an integration resource, or undefined for one not modelled here (Lambda invoke: the function's own payload). */
export function outputSchema(resource: string): { schema: Schema; pascal: boolean } | undefined {
    const m = /^arn:aws:states:::(aws-sdk:)?([a-z0-9-]+):([a-zA-Z]+)(\.\w+)?$/.exec(resource);
    if (!m) return undefined;
    const [, sdk, service, action] = m;
    const pkg = CLIENTS[service];
    if (!pkg) return undefined;
    const op = (require(pkg) as Record<string, unknown>)[`${action[0].toUpperCase()}${action.slice(1)}$`] as unknown[] | undefined;
    if (!op) throw new Error(`${resource}: ${pkg} has no operation ${action}`);
    return { schema: (op[5] as () => Schema)(), pascal: !!sdk };
}

const deref = (s: Schema): Schema => {
    let x = s;
    for (;;) {
        if (typeof x === "function") x = (x as () => Schema)();
        else if (Array.isArray(x) && x.length === 2) x = x[0];
        else return x;
    }
};
const pascal = (s: string) => `${s[0].toUpperCase()}${s.slice(1)}`;

/** Path segments of a JSONPath (`$.a.b[0][1].C` → a, b, [0], [1], C). */
export function segments(path: string): string[] {
    return [...path.replace(/^\$/, "").matchAll(/\.([A-Za-z0-9_-]+)|\[(\d+|\*)\]/g)].map((m) => (m[1] !== undefined ? m[1] : `[${m[2]}]`));
}

/** Whether `path` (segments) names something in an output of `schema`; the problem if not. */
export function pathProblem(schema: Schema, path: string[], pascalCase: boolean): string | undefined {
    let s = deref(schema);
    for (const [i, seg] of path.entries()) {
        const at = path.slice(0, i + 1).join(".");
        if (typeof s === "number") return `${at}: the shape ends before ${seg}`;
        const node = s as unknown[];
        const kind = node[0];
        if (kind === 1) {
            if (!/^\[/.test(seg)) return `${at}: ${seg} on a list (an index was expected)`;
            s = deref(node[4]);
        } else if (kind === 2) {
            if (/^\[/.test(seg)) return `${at}: an index on a map`;
            s = deref(node[5]);
        } else if (kind === 3 || kind === 4) {
            const names = (node[4] as string[]).map((n) => (pascalCase ? pascal(n) : n));
            const j = names.indexOf(seg);
            if (j < 0) return `${at}: ${String(node[2])} has no field ${seg} (it has ${names.join(", ")})`;
            s = deref((node[5] as Schema[])[j]);
        } else return `${at}: unknown schema kind ${String(kind)}`;
    }
    return undefined;
}

/** Every JSONPath a state reads (`$.x...`, never `$$.` context paths), in values of keys ending `.$` and in Choice rules. */
export function readPaths(v: unknown, key = ""): string[] {
    if (typeof v === "string")
        return key.endsWith(".$") || key === "Variable" ? [...v.matchAll(/(?<!\$)\$(?:\.[A-Za-z0-9_-]+|\[\d+\])+/g)].map((m) => m[0]) : [];
    if (Array.isArray(v)) return v.flatMap((x) => readPaths(x, key));
    if (v && typeof v === "object") return Object.entries(v).flatMap(([k, x]) => readPaths(x, k));
    return [];
}

/**
 * Problems of a definition's reads of SDK integration results: for every task with a modelled
 * output, the paths its ResultSelector reads, and the paths any state reads under its ResultPath
 * (through the selector's renames), must exist in the SDK's output shape.
 */
export function resultShapeProblems(def: Definition): { problems: string[]; checked: number } {
    const problems: string[] = [];
    let checked = 0;
    const reads = Object.entries(def.States).flatMap(([name, s]) =>
        readPaths(Object.fromEntries(Object.entries(s).filter(([k]) => k !== "ResultSelector"))).map((p) => [name, p] as const),
    );
    for (const [name, s] of Object.entries(def.States)) {
        if (s.Type !== "Task" || !s.Resource) continue;
        const out = outputSchema(s.Resource);
        if (!out) continue;
        const check = (path: string[], what: string) => {
            checked++;
            const p = pathProblem(out.schema, path, out.pascal);
            if (p) problems.push(`${name} (${s.Resource}): ${what} reads ${p}`);
        };
        const selected = new Map<string, string[]>();
        for (const [k, v] of Object.entries(s.ResultSelector ?? {}))
            if (k.endsWith(".$") && typeof v === "string" && v.startsWith("$.")) {
                check(segments(v), "ResultSelector");
                selected.set(k.slice(0, -2), segments(v));
            }
        if (typeof s.ResultPath !== "string" || s.ResultPath === "$") continue;
        const prefix = segments(s.ResultPath);
        for (const [reader, path] of reads) {
            const segs = segments(path);
            if (segs.length <= prefix.length || prefix.some((x, i) => segs[i] !== x)) continue;
            const rest = segs.slice(prefix.length);
            if (s.ResultSelector) {
                const base = selected.get(rest[0]);
                if (!base) problems.push(`${reader}: reads ${path}, but ${name}'s ResultSelector has no ${rest[0]}`);
                else check([...base, ...rest.slice(1)], `${reader} (${path})`);
            } else check(rest, `${reader} (${path})`);
        }
    }
    return { problems, checked };
}

/** asl-validator's verdict: [] when valid. */
export function aslProblems(def: unknown): string[] {
    const r = aslValidator(def);
    return r.isValid ? [] : [r.errorsText("; ")];
}
