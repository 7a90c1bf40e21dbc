/**
 * Network Firewall stateful rules, whichever way a rule group gives them: Suricata rule strings
 * (`rulesString`, or `rules`), or the 5-tuple `statefulRules` that AWS turns into strings.
 */
import { get, isObject, list } from "./values";

export interface StatefulRule {
    /** 1-based position in the group, for messages. */
    index: number;
    action: string;
    protocol: string;
    source: string;
    sourcePort: string;
    direction: string;
    destination: string;
    destinationPort: string;
    /** Rule options as keyword → settings. */
    options: { keyword: string; settings: string[] }[];
    /** The rule as Suricata text (what AWS stores), for length limits. */
    text: string;
}

/**
 * The seven header fields and the options of a rule line. Address and port lists may hold
 * spaces inside their brackets (`[10.0.0.0/24, !10.0.0.5]`, as in the Suricata rule format's
 * own examples: docs.suricata.io, "Rules Format", Source and destination); the spaces are dropped.
 */
function splitRule(line: string): { header: string[]; options: string } | undefined {
    const open = line.indexOf("(");
    // Stryker disable next-line EqualityOperator: a line starting with "(" has an empty header, which the 7-field check rejects
    if (open < 0 || !line.endsWith(")")) return undefined;
    const header: string[] = [];
    let token = "";
    let depth = 0;
    for (const ch of line.slice(0, open)) {
        if (ch === "[") depth++;
        else if (ch === "]") depth--;
        if (/\s/.test(ch) && depth === 0) {
            if (token) header.push(token);
            token = "";
        } else if (!/\s/.test(ch)) token += ch;
    }
    if (token) header.push(token);
    if (header.length !== 7 || depth !== 0 || (header[4] !== "->" && header[4] !== "<>")) return undefined;
    return { header, options: line.slice(open + 1, -1) };
}

/** Parse Suricata rule strings: one rule a line, `#` comments and blank lines skipped. */
export function parseRulesString(text: string): { rules: StatefulRule[]; errors: string[] } {
    const rules: StatefulRule[] = [];
    const errors: string[] = [];
    let index = 0;
    for (const raw of text.split(/\r?\n/)) {
        const line = raw.trim();
        if (!line || line.startsWith("#")) continue;
        index++;
        const m = splitRule(line);
        if (!m) {
            errors.push(`rule ${index} is not a Suricata rule (action proto src sport -> dst dport (options)): ${line.slice(0, 60)}`);
            continue;
        }
        const options = m.options
            .split(/;(?=(?:[^"]*"[^"]*")*[^"]*$)/)
            .map((o) => o.trim())
            .filter(Boolean)
            .map((o) => {
                const colon = o.indexOf(":");
                return colon < 0 ? { keyword: o, settings: [] } : { keyword: o.slice(0, colon).trim(), settings: [o.slice(colon + 1).trim()] };
            });
        rules.push({
            index,
            action: m.header[0],
            protocol: m.header[1],
            source: m.header[2],
            sourcePort: m.header[3],
            direction: m.header[4],
            destination: m.header[5],
            destinationPort: m.header[6],
            options,
            text: line,
        });
    }
    return { rules, errors };
}

/** The stateful rules of a `ruleGroup` (aws) input, and the rules string when it is one. */
export function statefulRulesOf(props: Record<string, unknown>): { rules: StatefulRule[]; errors: string[]; source: "string" | "5-tuple" | "none" } {
    const rulesString = get(props, "ruleGroup.rulesSource.rulesString") ?? props.rules;
    if (typeof rulesString === "string") return { ...parseRulesString(rulesString), source: "string" };
    const tuples = list(get(props, "ruleGroup.rulesSource.statefulRules"));
    if (tuples.length === 0) return { rules: [], errors: [], source: "none" };
    const rules = tuples.filter(isObject).map((t, i): StatefulRule => {
        const h = (isObject(t.header) ? t.header : {}) as Record<string, unknown>;
        const options = list(t.ruleOptions)
            .filter(isObject)
            .map((o) => ({ keyword: String(o.keyword ?? ""), settings: list(o.settings).map(String) }));
        const s = (k: string) => String(h[k] ?? "");
        const opts = options.map((o) => (o.settings.length ? `${o.keyword}:${o.settings.join(",")};` : `${o.keyword};`)).join(" ");
        const action = String(t.action ?? "").toLowerCase();
        const direction = s("direction").toUpperCase() === "ANY" ? "<>" : "->";
        return {
            index: i + 1,
            action,
            protocol: s("protocol").toLowerCase(),
            source: s("source"),
            sourcePort: s("sourcePort"),
            direction,
            destination: s("destination"),
            destinationPort: s("destinationPort"),
            options,
            text: `${action} ${s("protocol").toLowerCase()} ${s("source")} ${s("sourcePort")} ${direction} ${s("destination")} ${s("destinationPort")} (${opts})`,
        };
    });
    return { rules, errors: [], source: "5-tuple" };
}

/** Whether an address or port field matches everything. */
export function isAny(field: string): boolean {
    const f = field.trim().toLowerCase();
    return f === "any" || f === "0.0.0.0/0" || f === "::/0" || f === "[0.0.0.0/0]" || f === "$any" || f === "";
}

/** The sid of a rule, when it has one. */
export function sidOf(rule: StatefulRule): string | undefined {
    const o = rule.options.find((x) => x.keyword.toLowerCase() === "sid");
    return o?.settings[0]?.trim();
}

/** The site and conduit a rule implements, from a msg of the form `<site> conduit <name>: ...`. */
export function conduitOf(rule: StatefulRule): { site?: string; conduit: string } | undefined {
    const msg = String(rule.options.find((o) => o.keyword.toLowerCase() === "msg")?.settings[0]).replace(/^"/, "");
    const m = /^(?:([a-z][a-z0-9-]*) )?conduit ([a-z0-9][a-z0-9-]*)/.exec(msg);
    return m ? { site: m[1], conduit: m[2] } : undefined;
}
