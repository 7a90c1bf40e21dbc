/**
 * The offline pack: the rules of policies/registry bound to the catalogue's severities, run in
 * one pass over a list of resources (per-type dispatch, each stack rule once) and over the
 * sites' designs; suppressions from the site files applied, never silently.
 */
import { CATALOGUE, type PolicySeverity } from "../../policies/catalogue";
import { stackView } from "../../policies/lib/stack";
import type { Finding, Rule, RuleResource } from "../../policies/lib/types";
import { RULES } from "../../policies/registry";
import type { SiteModel, SourceRef, SuppressionModel } from "../model/types";
import { appendTo } from "../util/multimap";

export interface CheckFinding {
    rule: string;
    severity: PolicySeverity;
    /** `violation`, or `unknown` when a value cannot be known before deployment (never blocks). */
    kind: "violation" | "unknown";
    message: string;
    /** The resource, for resource and stack rules. */
    urn?: string;
    type?: string;
    name?: string;
    site?: string;
    /** The site element the finding concerns, `kind/name`, when one is known. */
    target?: string;
    /** Where in the site files the finding comes from, when it comes from one. */
    at?: SourceRef;
    suppressed?: { reason: string; at: SourceRef };
}

export interface CheckResult {
    findings: CheckFinding[];
    /** Resources and sites looked at. */
    resources: number;
    sites: number;
}

export interface CheckInput {
    resources: readonly RuleResource[];
    /** Sites whose design the model rules judge and whose suppressions apply. */
    sites: readonly SiteModel[];
    /** Sites whose suppressions apply to resource findings (defaults to `sites`). */
    suppressionSites?: readonly SiteModel[];
}

const SEVERITY = new Map(CATALOGUE.map((p) => [p.name, p.severity]));

/** Kinds of site element a resource name can point to, most specific first. */
const ENTITY_KINDS: [kind: string, names: (s: SiteModel) => { name: string; at: SourceRef }[]][] = [
    ["gateway", (s) => s.gateways],
    ["conduit", (s) => s.conduits],
    ["segment", (s) => s.segments],
    ["plc", (s) => s.plcs],
    ["equipment", (s) => s.equipment],
    ["sensor", (s) => s.sensors],
];

/**
 * The site element a resource belongs to, from its name: a site's resources are named
 * `<site>-<element>-...`; the longest element name that matches wins (gateway `gw-1` and
 * `gw-10` do not clash).
 */
export function targetOfResource(name: string, site: SiteModel): { target: string; at?: SourceRef } {
    let best: { target: string; at: SourceRef; len: number } | undefined;
    const rest = name.startsWith(`${site.name}-`) ? name.slice(site.name.length + 1) : undefined;
    if (rest !== undefined) {
        for (const [kind, list] of ENTITY_KINDS) {
            for (const e of list(site)) {
                if ((rest === e.name || rest.startsWith(`${e.name}-`)) && (!best || e.name.length > best.len))
                    best = { target: `${kind}/${e.name}`, at: e.at, len: e.name.length };
            }
        }
    }
    return best ? { target: best.target, at: best.at } : { target: `site/${site.name}` };
}

/** Where a site element (`kind/name`) is written, when the site has it. */
export function atOfTarget(target: string, site: SiteModel): SourceRef | undefined {
    const slash = target.indexOf("/");
    const kind = target.slice(0, slash);
    const name = target.slice(slash + 1);
    const list = ENTITY_KINDS.find(([k]) => k === kind)?.[1];
    return list?.(site).find((e) => e.name === name)?.at;
}

function dispatch(rules: readonly Rule[]) {
    const byType = new Map<string, Rule[]>();
    const everyType: Rule[] = [];
    for (const rule of rules) {
        if (!rule.resource) continue;
        if (rule.resource.types === "*") everyType.push(rule);
        else for (const t of rule.resource.types) appendTo(byType, t, rule);
    }
    return (type: string) => [...(byType.get(type) ?? []), ...everyType];
}

/** Run every rule once over the resources and the sites; apply suppressions. */
export function evaluate(input: CheckInput, rules: readonly Rule[] = RULES): CheckResult {
    const findings: CheckFinding[] = [];
    const byUrn = new Map(input.resources.map((r) => [r.urn, r]));
    const sitesByName = new Map((input.suppressionSites ?? input.sites).map((s) => [s.name, s]));
    const add = (rule: string, f: Finding, r?: RuleResource) => {
        const res = r ?? (f.urn ? byUrn.get(f.urn) : undefined);
        const site = f.site ?? res?.site;
        let target = f.target;
        let at = f.at;
        if (target && !at && site && sitesByName.has(site)) at = atOfTarget(target, sitesByName.get(site)!);
        if (!target && res && site && sitesByName.has(site)) {
            const t = targetOfResource(res.name, sitesByName.get(site)!);
            target = t.target;
            at ??= t.at;
        }
        findings.push({
            rule,
            severity: SEVERITY.get(rule) ?? "mandatory",
            kind: f.unknown ? "unknown" : "violation",
            message: f.message,
            urn: res?.urn ?? f.urn,
            type: res?.type,
            name: res?.name,
            site,
            target,
            at,
        });
    };

    // Resource rules: one pass, rules picked by type.
    const rulesFor = dispatch(rules);
    const present = new Set<string>();
    for (const r of input.resources) {
        present.add(r.type);
        if (r.type === "pulumi:pulumi:Stack" || r.type.startsWith("pulumi:providers:")) continue;
        for (const rule of rulesFor(r.type)) {
            const found = rule.resource!.check(r);
            for (const f of found) add(rule.name, f, r);
            const drifted =
                r.deployed && r.outputs && !rule.readsOutputs
                    ? Object.entries(r.outputs).filter(([k, v]) => k in r.props && JSON.stringify(r.props[k]) !== JSON.stringify(v))
                    : [];
            if (drifted.length) {
                // The live state: the outputs that differ from the inputs, over the inputs. What only it shows is drift.
                const seen = new Set(found.map((f) => f.message));
                for (const f of rule.resource!.check({ ...r, props: { ...r.props, ...Object.fromEntries(drifted) } }))
                    if (!seen.has(f.message)) add(rule.name, { ...f, message: `the deployed state (outputs) drifted from the inputs: ${f.message}` }, r);
            }
        }
    }
    // Stack rules: once each, when the stack holds a resource they look at.
    const view = stackView(input.resources);
    for (const rule of rules) {
        if (rule.stack && rule.stack.types.some((t) => present.has(t))) for (const f of rule.stack.check(view)) add(rule.name, f);
    }
    // Model rules: each site's design.
    for (const site of input.sites) {
        for (const rule of rules) if (rule.model) for (const f of rule.model(site)) add(rule.name, { ...f, site: f.site ?? site.name });
    }

    // Suppressions: a finding matches when its site and target (or the whole site) match.
    const used = new Set<SuppressionModel>();
    for (const f of findings) {
        const site = f.site ? sitesByName.get(f.site) : undefined;
        if (!site) continue;
        const s = site.suppressions.find((x) => x.policy === f.rule && (x.target === f.target || x.target === `site/${site.name}`));
        if (s) {
            f.suppressed = { reason: s.reason, at: s.at };
            used.add(s);
        }
    }
    findings.push(...unusedSuppressions(input, rules, used));
    findings.sort(
        (a, b) =>
            order(a) - order(b) ||
            a.rule.localeCompare(b.rule) ||
            (a.urn ?? a.target ?? "").localeCompare(b.urn ?? b.target ?? "") ||
            a.message.localeCompare(b.message),
    );
    return { findings, resources: input.resources.length, sites: input.sites.length };
}

/**
 * A suppression that matches no finding is an error (it hides nothing today and would hide a
 * future finding unreviewed): judged only where its rule ran in full for the site, i.e. a model
 * rule over the site's design, or a resource or stack rule when the site's resources were checked.
 */
function unusedSuppressions(input: CheckInput, rules: readonly Rule[], used: ReadonlySet<SuppressionModel>): CheckFinding[] {
    const byName = new Map(rules.map((r) => [r.name, r]));
    const judged = new Set(input.sites.map((s) => s.name));
    const withResources = new Set(input.resources.map((r) => r.site).filter((s): s is string => !!s));
    const out: CheckFinding[] = [];
    for (const site of input.suppressionSites ?? input.sites) {
        for (const s of site.suppressions) {
            const rule = byName.get(s.policy);
            if (used.has(s) || !rule) continue;
            const ran = (!!rule.model && judged.has(site.name)) || ((!!rule.resource || !!rule.stack) && withResources.has(site.name));
            if (!ran) continue;
            out.push({
                rule: s.policy,
                severity: "mandatory",
                kind: "violation",
                message: `the suppression of ${s.policy} for ${s.target} matches no finding; remove it (a suppression that matches nothing would hide a future finding unreviewed)`,
                site: site.name,
                target: s.target,
                at: s.at,
            });
        }
    }
    return out;
}

function order(f: CheckFinding): number {
    if (f.suppressed) return 3;
    if (f.kind === "unknown") return 2;
    return f.severity === "mandatory" ? 0 : 1;
}

/** Whether the result blocks: any unsuppressed mandatory violation. */
export function blocks(result: CheckResult): boolean {
    return result.findings.some((f) => f.kind === "violation" && f.severity === "mandatory" && !f.suppressed);
}
