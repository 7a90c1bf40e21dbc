/**
 * Network Firewall rules by meaning: Suricata address and port fields (`any`, CIDRs, IPv6,
 * `[a,b]` lists, `!` negations, nested lists, `$VARIABLES` from the rule group's
 * `ruleVariables`), 5-tuple headers and stateless match attributes are evaluated into address
 * sets (IPv4 and IPv6 intervals) and port sets, so a rule is judged by what it matches:
 * `[0.0.0.0/1,128.0.0.0/1]` is `any`, `!10.0.0.0/8` is nearly any, `1:65535` is every port.
 *
 * Syntax: Suricata rule headers (https://docs.suricata.io/en/latest/rules/intro.html#source-and-destination)
 * as AWS Network Firewall accepts them (https://docs.aws.amazon.com/network-firewall/latest/developerguide/suricata-examples.html);
 * rule variables and HOME_NET's default (the firewall VPC's CIDR):
 * https://docs.aws.amazon.com/network-firewall/latest/developerguide/rule-group-variables.html
 */
import * as ipaddr from "ipaddr.js";
import { get, isObject, list } from "./values";

/** Network Firewall resource types (the classic provider's), for the rules that judge them. */
export const NFW_FIREWALL = "aws:networkfirewall/firewall:Firewall";
export const NFW_POLICY = "aws:networkfirewall/firewallPolicy:FirewallPolicy";
export const NFW_RULE_GROUP = "aws:networkfirewall/ruleGroup:RuleGroup";
export const NFW_LOGGING = "aws:networkfirewall/loggingConfiguration:LoggingConfiguration";

/**
 * The stateful default actions of a strict-order policy that drop what no rule passes (the
 * `aws:alert_*` ones only log): Network Firewall developer guide, "Action order" for stateful
 * rule groups, https://docs.aws.amazon.com/network-firewall/latest/developerguide/suricata-rule-evaluation-order.html
 */
export const STATEFUL_DROP_DEFAULTS: readonly string[] = ["aws:drop_strict", "aws:drop_established"];

/** Closed intervals [start, end]. */
type Ranges = [bigint, bigint][];

export interface AddressSet {
    v4: Ranges;
    v6: Ranges;
}

const V4_MAX = (1n << 32n) - 1n;
const V6_MAX = (1n << 128n) - 1n;

function normalize(r: Ranges): Ranges {
    const sorted = [...r].sort((a, b) => Number(a[0] - b[0]));
    const out: Ranges = [];
    for (const [s, e] of sorted) {
        const last = out[out.length - 1];
        // Stryker disable next-line EqualityOperator: when e equals last[1], either branch keeps that value
        if (last && s <= last[1] + 1n) last[1] = e > last[1] ? e : last[1];
        else out.push([s, e]);
    }
    return out;
}

function complement(r: Ranges, max: bigint): Ranges {
    const out: Ranges = [];
    let next = 0n;
    for (const [s, e] of normalize(r)) {
        if (s > next) out.push([next, s - 1n]);
        next = e + 1n;
    }
    if (next <= max) out.push([next, max]);
    return out;
}

const intersect = (a: Ranges, b: Ranges, max: bigint): Ranges => complement([...complement(a, max), ...complement(b, max)], max);

export const size = (r: Ranges): bigint => r.reduce((n, [s, e]) => n + (e - s + 1n), 0n);

export const ANY_ADDRESS: AddressSet = { v4: [[0n, V4_MAX]], v6: [[0n, V6_MAX]] };
const EMPTY: AddressSet = { v4: [], v6: [] };
const union = (a: AddressSet, b: AddressSet): AddressSet => ({ v4: normalize([...a.v4, ...b.v4]), v6: normalize([...a.v6, ...b.v6]) });
const minus = (a: AddressSet, b: AddressSet): AddressSet => ({
    v4: intersect(a.v4, complement(b.v4, V4_MAX), V4_MAX),
    v6: intersect(a.v6, complement(b.v6, V6_MAX), V6_MAX),
});
const negate = (a: AddressSet): AddressSet => minus(ANY_ADDRESS, a);

/** One CIDR or address; throws a readable error when it is neither. */
export function cidrSet(text: string): AddressSet {
    const t = text.trim();
    let addr: ipaddr.IPv4 | ipaddr.IPv6;
    let prefix: number;
    try {
        [addr, prefix] = t.includes("/") ? ipaddr.parseCIDR(t) : [ipaddr.parse(t), -1];
    } catch {
        throw new Error(`${JSON.stringify(t)} is not an address, CIDR, list or variable`);
    }
    const bits = addr.kind() === "ipv4" ? 32 : 128;
    if (prefix < 0) prefix = bits;
    const value = addr.toByteArray().reduce((n, b) => (n << 8n) | BigInt(b), 0n);
    const host = (1n << BigInt(bits - prefix)) - 1n;
    const start = value & ~host;
    const range: [bigint, bigint] = [start, start | host];
    return addr.kind() === "ipv4" ? { v4: [range], v6: [] } : { v4: [], v6: [range] };
}

/** Splits a list body at top-level commas. */
function splitTop(body: string): string[] {
    const out: string[] = [];
    let depth = 0;
    let cur = "";
    for (const ch of body) {
        if (ch === "[") depth++;
        if (ch === "]") depth--;
        if (ch === "," && depth === 0) {
            out.push(cur);
            cur = "";
        } else cur += ch;
    }
    out.push(cur);
    return out.map((s) => s.trim()).filter(Boolean);
}

/** Rule variables of a rule group: name (without `$`) → definition strings. */
export interface RuleVariables {
    ipSets: Map<string, string[]>;
    portSets: Map<string, string[]>;
}

/** `ruleGroup.ruleVariables` of aws (`ipSets: [{key, ipSet: {definitions}}]`) or aws-native (`ipSets: {KEY: {definition}}`). */
export function ruleVariablesOf(props: Record<string, unknown>): RuleVariables {
    const vars = get(props, "ruleGroup.ruleVariables");
    const read = (kind: "ipSets" | "portSets", inner: "ipSet" | "portSet"): Map<string, string[]> => {
        const m = new Map<string, string[]>();
        const v = isObject(vars) ? vars[kind] : undefined;
        if (Array.isArray(v)) {
            for (const e of v) {
                const key = get(e, "key");
                const defs = get(e, `${inner}.definitions`) ?? get(e, `${inner}.definition`);
                if (typeof key === "string") m.set(key.toUpperCase(), list(defs).map(String));
            }
        } else if (isObject(v)) {
            for (const [k, e] of Object.entries(v)) m.set(k.toUpperCase(), list(get(e, "definition") ?? get(e, "definitions")).map(String));
        }
        return m;
    };
    return { ipSets: read("ipSets", "ipSet"), portSets: read("portSets", "portSet") };
}

export const NO_VARIABLES: RuleVariables = { ipSets: new Map(), portSets: new Map() };

/** HOME_NET when the group does not define it: the firewall VPC's CIDR, some private range. */
const PRIVATE = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7"];

/**
 * The addresses a Suricata address field matches. Variables resolve from `vars`; HOME_NET
 * defaults to private space and EXTERNAL_NET to everything else; an undefined variable is an
 * error (Network Firewall rejects the group).
 */
export function addressSet(field: string, vars: RuleVariables = NO_VARIABLES, depth = 0): AddressSet {
    const f = field.trim();
    if (depth > 16) throw new Error("address variables nest too deeply");
    if (f === "" || f.toLowerCase() === "any") return ANY_ADDRESS;
    if (f.startsWith("!")) return negate(addressSet(f.slice(1), vars, depth + 1));
    if (f.startsWith("[") && f.endsWith("]")) {
        const items = splitTop(f.slice(1, -1));
        const pos = items.filter((i) => !i.startsWith("!"));
        const neg = items.filter((i) => i.startsWith("!"));
        let set = pos.length ? pos.map((i) => addressSet(i, vars, depth + 1)).reduce(union, EMPTY) : ANY_ADDRESS;
        for (const n of neg) set = minus(set, addressSet(n.slice(1), vars, depth + 1));
        return set;
    }
    if (f.startsWith("$")) {
        const name = f.slice(1).toUpperCase();
        const defs = vars.ipSets.get(name);
        if (defs) return addressSet(`[${defs.join(",")}]`, vars, depth + 1);
        if (name === "HOME_NET") return addressSet(`[${PRIVATE.join(",")}]`);
        if (name === "EXTERNAL_NET") return negate(addressSet("$HOME_NET", vars, depth + 1));
        throw new Error(`variable ${f} is not defined in the rule group's ruleVariables`);
    }
    return cidrSet(f);
}

/** Ports 0-65535 as intervals. */
export type PortSet = [number, number][];
const ALL_PORTS: PortSet = [[0, 65535]];

const toBig = (p: PortSet): Ranges => p.map(([s, e]) => [BigInt(s), BigInt(e)]);
const fromBig = (r: Ranges): PortSet => r.map(([s, e]) => [Number(s), Number(e)]);

/** The ports a Suricata port field matches (`any`, `80`, `1024:`, `[80,443]`, `!22`, `$VAR`). */
export function portSet(field: string, vars: RuleVariables = NO_VARIABLES, depth = 0): PortSet {
    const f = field.trim();
    if (depth > 16) throw new Error("port variables nest too deeply");
    if (f === "" || f.toLowerCase() === "any") return ALL_PORTS;
    if (f.startsWith("!")) return fromBig(complement(toBig(portSet(f.slice(1), vars, depth + 1)), 65535n));
    if (f.startsWith("[") && f.endsWith("]")) {
        const items = splitTop(f.slice(1, -1));
        const pos = items.filter((i) => !i.startsWith("!"));
        let set: Ranges = pos.length ? normalize(pos.flatMap((i) => toBig(portSet(i, vars, depth + 1)))) : toBig(ALL_PORTS);
        for (const n of items.filter((i) => i.startsWith("!"))) set = intersect(set, complement(toBig(portSet(n.slice(1), vars, depth + 1)), 65535n), 65535n);
        return fromBig(set);
    }
    if (f.startsWith("$")) {
        const defs = vars.portSets.get(f.slice(1).toUpperCase());
        if (!defs) throw new Error(`variable ${f} is not defined in the rule group's ruleVariables`);
        return portSet(`[${defs.join(",")}]`, vars, depth + 1);
    }
    const m = /^(\d*)(:?)(\d*)$/.exec(f);
    if (!m || (!m[1] && !m[3])) throw new Error(`${JSON.stringify(f)} is not a port, range, list or variable`);
    const lo = m[1] ? Number(m[1]) : 0;
    const hi = m[2] ? (m[3] ? Number(m[3]) : 65535) : lo;
    if (hi > 65535 || lo > hi) throw new Error(`${JSON.stringify(f)} is not a port range within 0-65535`);
    return [[lo, hi]];
}

export const portCount = (p: PortSet): number => p.reduce((n, [s, e]) => n + e - s + 1, 0);

/** How much of the address space a set covers: `all` (every IPv4 or every IPv6 address), `half` (at least half of either), or `bounded`. */
export function addressCoverage(set: AddressSet): "all" | "half" | "bounded" {
    const v4 = size(set.v4);
    const v6 = size(set.v6);
    if (v4 === V4_MAX + 1n || v6 === V6_MAX + 1n) return "all";
    if (v4 >= 1n << 31n || v6 >= 1n << 127n) return "half";
    return "bounded";
}

/** Whether a port set is (nearly) every port: at least 32,768 of them. */
export const portsOpen = (p: PortSet): boolean => portCount(p) >= 32768;

/** Stateless match attributes: sources/destinations `[{addressDefinition}]`, ports `[{fromPort, toPort}]`; empty lists match everything. */
export function statelessSets(match: unknown): { sources: AddressSet; destinations: AddressSet; destinationPorts: PortSet } {
    const addrs = (k: string): AddressSet => {
        const l = list(get(match, k));
        return l.length === 0 ? ANY_ADDRESS : l.map((a) => cidrSet(String(isObject(a) ? a.addressDefinition : a))).reduce(union, EMPTY);
    };
    const ports = list(get(match, "destinationPorts"));
    const destinationPorts: PortSet =
        ports.length === 0
            ? ALL_PORTS
            : fromBig(
                  normalize(
                      ports.filter(isObject).map((p): [bigint, bigint] => [BigInt(Number(p.fromPort ?? 0)), BigInt(Number(p.toPort ?? p.fromPort ?? 65535))]),
                  ),
              );
    return { sources: addrs("sources"), destinations: addrs("destinations"), destinationPorts };
}

/**
 * Whether a domain (of a domain list, or a TLS SNI / HTTP host match) names a whole top-level
 * domain or more: `.com`, `com`, `*.com`, `.`, `*`. Two-label public suffixes (`co.uk`) are
 * counted too for the common ones.
 */
export function isWholeTld(domain: string): boolean {
    const d = domain
        .trim()
        .toLowerCase()
        .replace(/^\*?\.+/, "")
        .replace(/\.$/, "");
    const labels = d.split(".");
    if (labels.length === 1) return true;
    return labels.length === 2 && /^(co|com|net|org|gov|ac|edu)$/.test(labels[0]) && labels[1].length === 2;
}
