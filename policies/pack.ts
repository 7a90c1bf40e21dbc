/**
 * The CrossGuard policies, assembled from ./registry, each with the severity its rule states
 * (mandatory → enforcementLevel "mandatory", advisory → "advisory"). policies/index.ts hands
 * them to the PolicyPack; tests call them with arguments built the way the engine builds them.
 *
 * Values unknown during preview: the engine hands policies a proxy that throws when an
 * unknown value is read; we unwrap it, let the rule report what it could not check, and raise
 * the engine's own UnknownValueError, which it reports as an advisory "can't run policy
 * during preview" instead of a violation.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
    UnknownValueError,
    type Policy,
    type PolicyResource,
    type ReportViolation,
    type ResourceValidationArgs,
    type StackValidationArgs,
} from "@pulumi/policy";
import { MANDATORY_RULES, POLICY_NAMES } from "./catalogue";
import { stackView } from "./lib/stack";
import type { Finding, ResourceFinding, Rule, RuleResource } from "./lib/types";
import { UNKNOWN } from "./lib/values";
import { RULES } from "./registry";

/** The object behind the engine's unknown-checking proxy. */
function unwrap(props: unknown): Record<string, unknown> {
    const target = (props as Record<string, unknown> | undefined)?.["__getSpecialProxyTarget"];
    return (target ?? props ?? {}) as Record<string, unknown>;
}

/**
 * A resource as the rules read it. The engine does not tell which site a resource belongs to,
 * so site-specific checks (the topic prefix of iot-policy-topics-scoped) accept any explicit
 * site here; `fleet check` knows the site and checks it.
 */
function toResource(r: { type: string; urn: string; name: string; props: unknown; opts?: { protect?: boolean } }): RuleResource {
    return { type: r.type, urn: r.urn, name: r.name, props: unwrap(r.props), protect: r.opts?.protect };
}

function report(findings: (ResourceFinding | Finding)[], reportViolation: ReportViolation, urn?: string): void {
    const unknown: string[] = [];
    for (const f of findings) {
        if (f.unknown) unknown.push(f.message);
        else reportViolation(f.message, (f as Finding).urn ?? urn);
    }
    if (unknown.length) throw new UnknownValueError(UNKNOWN, [unknown.join("; ")]);
}

/** Model rules read the fleet files: FLEET_DIR, or the nearest directory above with fleet.yaml. */
function findFleetDir(): string | undefined {
    if (process.env.FLEET_DIR) return process.env.FLEET_DIR;
    for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "fleet.yaml"))) return dir;
        if (path.dirname(dir) === dir) return undefined;
    }
}

/** The CrossGuard policies of one rule: a resource policy, a stack policy, or both. */
export function policiesOf(rule: Rule): Policy[] {
    const base = { description: rule.description, enforcementLevel: rule.severity };
    const out: Policy[] = [];
    if (rule.resource) {
        const { types, check } = rule.resource;
        out.push({
            ...base,
            name: rule.name,
            validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
                if (types !== "*" && !types.includes(args.type)) return;
                report(check(toResource(args)), reportViolation, args.urn);
            },
        } as Policy);
    }
    const stackParts: ((resources: PolicyResource[]) => Finding[])[] = [];
    if (rule.stack) {
        const { types, check } = rule.stack;
        stackParts.push((resources) => (resources.some((r) => types.includes(r.type)) ? check(stackView(resources.map(toResource))) : []));
    }
    if (rule.model) {
        const model = rule.model;
        stackParts.push((resources) => {
            const dir = findFleetDir();
            if (!dir) return [];
            const { loadFleet } = require("../src/model/load") as typeof import("../src/model/load");
            const loaded = loadFleet(dir, { cache: true, knownRules: POLICY_NAMES, mandatoryRules: MANDATORY_RULES });
            if (!loaded.model) return [{ message: `the fleet files in ${dir} do not load; run \`fleet validate\`` }];
            const region = resources[0]?.urn.split("::")[0].replace(/^urn:pulumi:/, "");
            return loaded.model.sites
                .filter((s) => s.region === region)
                .flatMap((s) =>
                    model(s).filter((f) => !s.suppressions.some((x) => x.policy === rule.name && (x.target === f.target || x.target === `site/${s.name}`))),
                );
        });
    }
    if (stackParts.length) {
        out.push({
            ...base,
            name: rule.resource ? `${rule.name}-stack` : rule.name,
            validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
                report(
                    stackParts
                        .flatMap((part) => part(args.resources))
                        .map((f) => (f.at ? { ...f, message: `${f.at.file}:${f.at.line}:${f.at.col}: ${f.message}` } : f)),
                    reportViolation,
                );
            },
        } as Policy);
    }
    return out;
}

/** Every policy of the pack. */
export function buildPolicies(): Policy[] {
    return RULES.flatMap(policiesOf);
}
