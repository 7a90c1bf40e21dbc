/** Running one rule the way `fleet check` does, for the exact-finding tests. */
import { evaluate } from "../../../src/check/engine";
import type { RuleResource } from "../../../policies/lib/types";
import { ruleOf } from "../helpers";

/** What the engine reports for one rule over a stack (it runs a stack rule only when the stack holds one of the rule's types). */
export function engine(rule: string, resources: RuleResource[]) {
    return evaluate({ resources, sites: [] }, [ruleOf(rule)]).findings.map((f) => ({
        urn: f.urn,
        message: f.message,
        ...(f.kind === "unknown" ? { unknown: true } : {}),
    }));
}

export const urn = (type: string, name: string) => `urn:pulumi:eu-central-1::fleet::${type}::${name}`;
export const PREVIEW = (what: string, verb = "is") => ({
    message: `${what} ${verb} unknown until the deployment runs; cannot be checked at preview`,
    unknown: true,
});
