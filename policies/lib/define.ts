/**
 * `defineRule`: a rule file states its metadata next to its checks, and this is the only place
 * that turns the two into a Rule. Everything that lists rules (policies/catalogue.ts, the pack,
 * `fleet check`, docs/policies.md) reads the result.
 */
import type { Rule, RuleChecks, RuleMeta } from "./types";

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** A rule from its metadata and checks; throws on metadata a reviewer could not use. */
export function defineRule(def: RuleMeta & RuleChecks): Rule {
    const problems: string[] = [];
    if (!NAME.test(def.name)) problems.push(`name ${JSON.stringify(def.name)} is not kebab-case`);
    if (def.severity !== "mandatory" && def.severity !== "advisory") problems.push(`severity ${JSON.stringify(def.severity)} is not mandatory or advisory`);
    const score = def.securitySeverity;
    if (!(Number.isFinite(score) && score >= 0.1 && score <= 10 && Math.round(score * 10) === score * 10))
        problems.push(`securitySeverity ${JSON.stringify(score)} is not a score from 0.1 to 10 with one decimal`);
    else if (def.severity === "mandatory" && score < 4) problems.push(`securitySeverity ${score} is below 4.0 (medium) for a mandatory rule`);
    for (const field of ["description", "mirrors", "details"] as const) if (!def[field]?.trim()) problems.push(`${field} is empty`);
    if (!def.resource && !def.stack && !def.model) problems.push("it has no resource, stack or model check");
    if (problems.length) throw new Error(`rule ${def.name}: ${problems.join("; ")}`);
    const onResources = !!(def.resource || def.stack);
    return { ...def, scope: def.model ? (onResources ? "both" : "model") : "resource" };
}
