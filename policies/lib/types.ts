/**
 * The shape of a rule: a small pure check over one resource, over the resources of a stack
 * (for rules that follow references: attachments, role aliases, bucket settings), or over a
 * site's design. A rule carries its own metadata (policies/lib/define.ts); the catalogue, the
 * CrossGuard pack, `fleet check` and docs/policies.md read it from the rule.
 */
import type { SiteModel, SourceRef } from "../../src/model/types";

/** One resource as every source presents it: a plan, `pulumi preview`, a stack export. */
export interface RuleResource {
    /** Pulumi type token, e.g. `aws:iot/policy:Policy`. */
    type: string;
    urn: string;
    /** The logical (Pulumi) name. */
    name: string;
    /** Inputs. For stack exports, outputs fill in what the inputs lack. */
    props: Record<string, unknown>;
    /** Outputs, when the source has them (stack exports). */
    outputs?: Record<string, unknown>;
    /** Resource options, when known (plans, exports, the engine during preview). */
    protect?: boolean;
    retainOnDelete?: boolean;
    /**
     * Property names (of props or outputs) whose values are secrets, when the source tells;
     * undefined when it cannot (the CrossGuard engine unwraps secrets before policies see them).
     */
    secretProps?: readonly string[];
    /** The site whose Site component holds the resource. */
    site?: string;
    /**
     * From a deployed stack (a stack export): no value is unknown, and rules are also run on the
     * outputs (the live state), so drift from the inputs is reported.
     */
    deployed?: boolean;
}

/** What a per-resource check reports. */
export interface ResourceFinding {
    message: string;
    /** The value the check needs is unknown until the deployment runs: not a violation. */
    unknown?: boolean;
    /**
     * The site element (`kind/name`) the finding concerns when the resource says so itself,
     * e.g. a firewall rule whose msg names its conduit; otherwise the engine infers it from the
     * resource's name.
     */
    target?: string;
    /** The site the finding concerns, when the resource says so itself (a regional rule group's rule of one site). */
    site?: string;
}

/** What a stack or model check reports. */
export interface Finding extends ResourceFinding {
    /** The resource the finding is about (resource and stack rules). */
    urn?: string;
    /** Model findings: where the element is written. */
    at?: SourceRef;
}

/** Resources of a stack, indexed for the rules that follow references between them. */
export interface StackView {
    readonly resources: readonly RuleResource[];
    ofType(...types: string[]): RuleResource[];
    /**
     * The resource of one of `types` that a reference (a name, an id or an ARN) points to;
     * `"unknown"` when the reference is unknown at preview; undefined when no resource matches.
     */
    resolve(ref: unknown, types: readonly string[]): RuleResource | "unknown" | undefined;
}

export type PolicySeverity = "mandatory" | "advisory";

/** What a reviewer reads about a rule: the catalogue, `fleet policies`, SARIF and docs/policies.md are derived from it. */
export interface RuleMeta {
    /** kebab-case, the name of the rule's file in policies/rules/. */
    name: string;
    /** mandatory blocks a deployment, advisory reports. */
    severity: PolicySeverity;
    /**
     * How bad a violation is for code scanning, 0.1-10 with one decimal (SARIF `security-severity`;
     * GitHub ranks 9.0+ critical, 7.0-8.9 high, 4.0-6.9 medium, below 4 low: docs.github.com, "SARIF
     * support for code scanning", reportingDescriptor properties). Weigh what a violation exposes:
     * device impersonation or a path from the plant floor to the internet is critical, missing
     * encryption or logging on one store high or medium, tagging low. Mandatory rules score 4.0 or more.
     */
    securitySeverity: number;
    /** What the rule checks, one sentence. */
    description: string;
    /** Checks reviewers already trust that this rule mirrors. */
    mirrors: string;
    /** What exactly the rule checks and why, one paragraph (docs/policies.md). */
    details: string;
}

/** The checks of a rule: at least one part. */
export interface RuleChecks {
    /** Per-resource check, for resources of `types` (`"*"`: every resource). */
    resource?: { types: readonly string[] | "*"; check(r: RuleResource): ResourceFinding[] };
    /** Whole-stack check; runs once when the stack holds any resource of `types`. */
    stack?: { types: readonly string[]; check(stack: StackView): Finding[] };
    /** Check of one site's design (zones and conduits). */
    model?: (site: SiteModel) => Finding[];
    /** The resource check judges `outputs` itself, so `fleet check` does not re-run it on the live state for drift. */
    readsOutputs?: boolean;
}

export interface Rule extends RuleMeta, RuleChecks {
    /**
     * `model` rules judge the site files; `resource` rules judge planned or deployed resources;
     * `both` do both. Derived from the parts the rule has.
     */
    scope: "model" | "resource" | "both";
}

export const violation = (message: string): ResourceFinding => ({ message });
export const unknownValue = (what: string): ResourceFinding => ({
    message: `${what} is unknown until the deployment runs; cannot be checked at preview`,
    unknown: true,
});
