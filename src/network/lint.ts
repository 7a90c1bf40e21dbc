/**
 * What AWS Network Firewall accepts in a stateful Suricata rule group, checked before anything is
 * deployed: the rule actions it supports, the keywords it rejects, the length of a rule, unique
 * sids, the capacity and the size of the rules string. Sources: the Network Firewall developer
 * guide, "Limitations and caveats for stateful rules" and "quotas".
 */
import { NFW_LIMITS } from "./capacity";

const ACTIONS = new Set(["pass", "drop", "reject", "alert"]);

/** Protocols Network Firewall does not inspect (SCTP, IKEv2, FTP-data detection, QUIC/HTTP3). */
const UNSUPPORTED_PROTOCOLS = new Set(["sctp", "ikev2", "ike", "ftp-data", "quic", "http3"]);

/**
 * Keywords Network Firewall rejects: datasets and IP reputation, Lua, thresholding, GeoIP, file
 * extraction, ENIP/CIP.
 */
const UNSUPPORTED_KEYWORDS = new Map<string, string>([
    ["dataset", "datasets are not supported"],
    ["datarep", "datasets are not supported"],
    ["iprep", "IP reputation is not supported"],
    ["lua", "Lua scripting is not supported"],
    ["luajit", "Lua scripting is not supported"],
    ["threshold", "thresholding is not supported"],
    ["detection_filter", "thresholding is not supported"],
    ["geoip", "GeoIP is not supported"],
    ["filestore", "file extraction is not supported"],
    ["filename", "file keywords are not supported"],
    ["fileext", "file keywords are not supported"],
    ["filemagic", "file keywords are not supported"],
    ["filemd5", "file keywords are not supported"],
    ["filesha1", "file keywords are not supported"],
    ["filesha256", "file keywords are not supported"],
    ["filesize", "file keywords are not supported"],
    ["file.name", "file keywords are not supported"],
    ["file.magic", "file keywords are not supported"],
    ["enip_command", "ENIP/CIP keywords are not supported"],
    ["cip_service", "ENIP/CIP keywords are not supported"],
]);

const HEADER = /^(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(->|<>)\s+(\S+)\s+(\S+)\s+\((.*)\)\s*$/s;

export interface ParsedRule {
    action: string;
    protocol: string;
    /** Options as written: keyword and raw value. */
    options: { keyword: string; value?: string }[];
}

/** Split `k1:v1; k2; k3:"a\;b";` into options, honouring quotes and backslash escapes. */
function splitOptions(body: string): { keyword: string; value?: string }[] {
    const out: { keyword: string; value?: string }[] = [];
    let cur = "";
    let quoted = false;
    for (let i = 0; i < body.length; i++) {
        const ch = body[i];
        if (ch === "\\" && i + 1 < body.length) {
            cur += ch + body[++i];
            continue;
        }
        if (ch === '"') quoted = !quoted;
        if (ch === ";" && !quoted) {
            if (cur.trim()) out.push(option(cur.trim()));
            cur = "";
            continue;
        }
        cur += ch;
    }
    if (cur.trim()) out.push(option(cur.trim()));
    return out;
}

function option(text: string): { keyword: string; value?: string } {
    const colon = text.indexOf(":");
    return colon < 0 ? { keyword: text } : { keyword: text.slice(0, colon).trim(), value: text.slice(colon + 1).trim() };
}

export function parseRule(text: string): ParsedRule | undefined {
    const m = HEADER.exec(text);
    if (!m) return undefined;
    return { action: m[1], protocol: m[2], options: splitOptions(m[8]) };
}

/** Problems of one rule, each a sentence naming the rule by its sid (or its start). */
export function lintRule(text: string): string[] {
    const problems: string[] = [];
    const parsed = parseRule(text);
    const name = (sid?: string) => (sid ? `rule sid ${sid}` : `rule ${JSON.stringify(text.slice(0, 40))}`);
    if (!parsed) return [`${name()}: not a Suricata rule (action protocol source port -> destination port (options;))`];
    const sid = parsed.options.find((o) => o.keyword === "sid")?.value;
    const who = name(sid);
    if (text.length > NFW_LIMITS.ruleChars)
        problems.push(`${who}: ${text.length} characters; Network Firewall accepts at most ${NFW_LIMITS.ruleChars} per rule`);
    if (!ACTIONS.has(parsed.action)) problems.push(`${who}: action ${JSON.stringify(parsed.action)} is not supported; accepted: pass, drop, reject, alert`);
    if (UNSUPPORTED_PROTOCOLS.has(parsed.protocol.toLowerCase()))
        problems.push(`${who}: protocol ${JSON.stringify(parsed.protocol)} is not supported by Network Firewall`);
    if (sid === undefined) problems.push(`${who}: has no sid; every rule needs a unique sid`);
    else if (!/^[1-9][0-9]{0,9}$/.test(sid) || Number(sid) > 4_294_967_295) problems.push(`${who}: sid must be a positive 32-bit integer`);
    for (const o of parsed.options) {
        const why = UNSUPPORTED_KEYWORDS.get(o.keyword.toLowerCase());
        if (why) problems.push(`${who}: keyword ${JSON.stringify(o.keyword)} is rejected by Network Firewall (${why})`);
        if ((o.keyword === "xbits" || o.keyword === "hostbits") && /track\s+ip_(src|dst|pair)/.test(o.value ?? "")) {
            problems.push(`${who}: ${o.keyword} with host or IP tracking is not supported by Network Firewall`);
        }
        if (o.keyword === "tag" && /host/.test(o.value ?? "")) problems.push(`${who}: tag:host is not supported by Network Firewall`);
    }
    return problems;
}

/** Problems of a whole group: every rule's, duplicate sids, capacity and rules-string size. */
export function lintRuleGroup(name: string, rules: string[], capacity: number): string[] {
    const problems = rules.flatMap((r) => lintRule(r)).map((p) => `${name}: ${p}`);
    const seen = new Map<string, number>();
    rules.forEach((r, i) => {
        const sid = parseRule(r)?.options.find((o) => o.keyword === "sid")?.value;
        if (sid === undefined) return;
        const first = seen.get(sid);
        if (first !== undefined) problems.push(`${name}: sid ${sid} is used by rules ${first + 1} and ${i + 1}; sids must be unique`);
        else seen.set(sid, i);
    });
    if (capacity < rules.length) problems.push(`${name}: ${rules.length} rules do not fit capacity ${capacity}`);
    const bytes = Buffer.byteLength(rules.join("\n"), "utf8");
    if (bytes > NFW_LIMITS.rulesStringBytes)
        problems.push(`${name}: rules string is ${bytes} bytes; Network Firewall accepts at most ${NFW_LIMITS.rulesStringBytes}`);
    return problems;
}
