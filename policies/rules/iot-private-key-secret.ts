/** iot-private-key-secret: the metadata and checks of one rule (see `details`). */
import { defineRule } from "../lib/define";
import type { Finding, ResourceFinding, Rule, RuleResource } from "../lib/types";
import { isObject, SECRET_MASK } from "../lib/values";

const PEM_KEY = /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/;
/** Where a key may live when the source cannot tell secrets apart (the engine unwraps them). */
const SECRET_STORES: Record<string, string[]> = {
    "aws:secretsmanager/secretVersion:SecretVersion": ["secretString", "secretBinary"],
    "aws:ssm/parameter:Parameter": ["value"],
};

/** Paths under `v` that hold a plain-text PEM private key. */
function keyPaths(v: unknown, path: string, out: string[]): void {
    if (typeof v === "string") {
        if (v !== SECRET_MASK && PEM_KEY.test(v)) out.push(path);
    } else if (Array.isArray(v)) {
        v.forEach((x, i) => keyPaths(x, `${path}[${i}]`, out));
    } else if (isObject(v)) {
        for (const [k, x] of Object.entries(v)) keyPaths(x, path ? `${path}.${k}` : k, out);
    }
}

/** Findings of plain-text PEM keys in the given sources (label, values) of a resource. */
function plainKeys(r: RuleResource, sources: [string, Record<string, unknown>][]): ResourceFinding[] {
    const out: ResourceFinding[] = [];
    const secret = r.secretProps ? new Set(r.secretProps) : undefined;
    for (const [where, values] of sources) {
        for (const [key, value] of Object.entries(values)) {
            if (secret?.has(key)) continue;
            if (!secret && SECRET_STORES[r.type]?.includes(key)) continue;
            const paths: string[] = [];
            keyPaths(value, key, paths);
            for (const p of paths)
                out.push({
                    message: `${where} ${p} holds a PEM private key in plain text; make it a secret (pulumi.secret, additionalSecretOutputs) or keep the key on the device (csr mode)`,
                });
        }
    }
    return out;
}

/** A certificate's generated private key, when the source tells secrets apart: it must be a secret output (even when it is not PEM). */
function certificateKey(r: RuleResource): ResourceFinding[] {
    const key = r.outputs?.privateKey;
    if (r.type !== "aws:iot/certificate:Certificate" || !r.secretProps || r.secretProps.includes("privateKey")) return [];
    return typeof key === "string" && key !== "" && key !== SECRET_MASK && !PEM_KEY.test(key)
        ? [{ message: "output privateKey is stored in plain text; it must be a secret output" }]
        : [];
}

export const rule: Rule = defineRule({
    name: "iot-private-key-secret",
    severity: "mandatory",
    securitySeverity: 9.4,
    description: "A generated private key is only ever a secret output.",
    mirrors: "Private keys in state (common IaC failure)",
    details:
        "A private key is only ever a secret: a certificate's generated key stays a secret output, and no input, output or stack output holds a PEM private key in plain text.",
    resource: {
        types: "*",
        check: (r) => [
            ...plainKeys(r, [["inputs", r.props], ...(r.outputs ? [["outputs", r.outputs] as [string, Record<string, unknown>]] : [])]),
            ...certificateKey(r),
        ],
    },
    readsOutputs: true,
    stack: {
        types: ["pulumi:pulumi:Stack"],
        check: (stack) =>
            stack
                .ofType("pulumi:pulumi:Stack")
                .flatMap((s): Finding[] => plainKeys(s, [["stack output", s.outputs ?? s.props]]).map((f) => ({ ...f, urn: s.urn }))),
    },
});
