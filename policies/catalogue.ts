/**
 * The inventory of rules in the pack, derived from the rules themselves (each states its
 * metadata with defineRule in policies/rules/<name>.ts): name, severity, what each checks and
 * what it mirrors. The loader receives the names (a suppression must name a real rule);
 * `fleet policies`, SARIF and docs/policies.md print the rest. A test pins this list.
 */
import type { PolicySeverity, Rule } from "./lib/types";
import { RULES } from "./registry";

export type { PolicySeverity } from "./lib/types";

export interface PolicyInfo {
    name: string;
    severity: PolicySeverity;
    /** SARIF `security-severity` (RuleMeta.securitySeverity). */
    securitySeverity: number;
    /** What the rule checks, one sentence. */
    description: string;
    /** Checks reviewers already trust that this rule mirrors. */
    mirrors: string;
    /**
     * `model` rules judge the site files; `resource` rules judge planned or deployed resources;
     * `both` do both (conduits in the files, pass rules in the firewall).
     */
    scope: Rule["scope"];
}

export const CATALOGUE: readonly PolicyInfo[] = RULES.map(({ name, severity, securitySeverity, scope, description, mirrors }) => ({
    name,
    severity,
    securitySeverity,
    scope,
    description,
    mirrors,
}));

export const POLICY_NAMES: readonly string[] = CATALOGUE.map((p) => p.name);
/** Rules a site file may not suppress on its own (fleet.yaml `spec.suppressions` approves them; LoadOptions.mandatoryRules). */
export const MANDATORY_RULES: readonly string[] = CATALOGUE.filter((p) => p.severity === "mandatory").map((p) => p.name);

export function policyInfo(name: string): PolicyInfo | undefined {
    return CATALOGUE.find((p) => p.name === name);
}
