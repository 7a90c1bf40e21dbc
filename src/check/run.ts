/**
 * `fleet check` without the CLI around it: plan (or read an exported stack or a preview),
 * evaluate, format. Tests call this in-process; the command only parses options.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { FleetError } from "../model/diagnostics";
import type { FleetModel, SiteModel } from "../model/types";
import { resolveScope } from "../planview/scope";
import type { CountedResource } from "../quotas/needs";
import { blocks, evaluate, type CheckFinding, type CheckResult } from "./engine";
import { DOCS_PATH, formatJson, formatSarif, formatText, webUrlOf, type SarifLocator } from "./report";
import { fromPlan, readPreviewJson, readStackExport } from "./sources";

export type CheckFormat = "text" | "json" | "yaml" | "sarif";

export interface CheckOptions {
    region?: string;
    site?: string;
    format?: CheckFormat;
    stackExport?: string;
    previewJson?: string;
    /** `global`: check only the global stack; otherwise a region. Without any scope, every region and the global stack. */
    stack?: string;
    /** The global stack's `fleet:` settings (Pulumi.global.yaml). */
    globalConfig?: Record<string, unknown>;
}

export interface CheckRun {
    result: CheckResult;
    /** The formatted report. */
    output: string;
    /** Exit code: 1 on any unsuppressed mandatory violation, else 0. */
    exitCode: 0 | 1;
}

/**
 * Plan every region in scope and evaluate each plan (one stack: references resolve within it)
 * with the designs of the sites it deploys.
 */
export async function checkPlans(
    model: FleetModel,
    opts: CheckOptions,
    onProgress?: (text: string) => void,
    onWarning?: (line: string) => void,
): Promise<CheckResult> {
    const { planRegion, planGlobal, formatPlanWarning, GLOBAL_STACK } = require("../plan/plan") as typeof import("../plan/plan");
    const results: CheckResult[] = [];
    const onlyGlobal = opts.stack === GLOBAL_STACK;
    if (onlyGlobal && (opts.region !== undefined || opts.site !== undefined))
        throw new FleetError("--stack global checks the global stack; leave out --region and --site", [], 2);
    const scoped = opts.region !== undefined || opts.site !== undefined || opts.stack !== undefined;
    const scopes = onlyGlobal ? [] : resolveScope(model, { ...opts, region: opts.region ?? opts.stack });
    const counted: CountedResource[] = [];
    for (const [i, scope] of scopes.entries()) {
        onProgress?.(`planning ${scope.region} (${i + 1}/${scopes.length})`);
        const plan = await planRegion(model, scope.region, { sites: scope.sites });
        for (const w of plan.warnings) onWarning?.(formatPlanWarning(w));
        const sites = model.sites.filter((s) => s.region === scope.region && (!scope.sites || scope.sites.includes(s.name)));
        results.push(evaluate({ resources: fromPlan(plan), sites }));
        for (const r of plan.resources)
            if (r.custom) counted.push({ type: r.type, name: r.name, region: r.region, site: r.site, inputs: quotaInputs(r.inputs) });
    }
    // The global stack (state backend, delivery pipeline) is checked with the whole fleet.
    if (onlyGlobal || !scoped) {
        onProgress?.("planning the global stack");
        const plan = await planGlobal(model, opts.globalConfig ?? {});
        for (const w of plan.warnings) onWarning?.(formatPlanWarning(w));
        results.push(evaluate({ resources: fromPlan(plan), sites: [] }));
    }
    // One site's plan says nothing about the region's or account's totals.
    if (opts.site === undefined && !onlyGlobal) results.push({ findings: quotaFindings(model, counted), resources: 0, sites: 0 });
    return mergeResults(results);
}

/** The inputs the quota counts read (src/quotas/needs.ts). */
function quotaInputs(inputs: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const k of ["vpcId", "vpcEndpointType", "transitGatewayId", "inlineRecipe"]) if (inputs[k] !== undefined) out[k] = inputs[k];
    return out;
}

/**
 * AWS quotas as findings (rule `aws-quotas`): a need above a limit AWS does not raise is
 * mandatory (the design must change: more regions or accounts); above the value the account has
 * (the default, or fleet.yaml `quotas:`) is advisory (request an increase, then record it).
 */
export function quotaFindings(model: FleetModel, resources: readonly CountedResource[]): CheckFinding[] {
    const { fleetQuotaNeeds } = require("../stacks/quota-scopes") as typeof import("../stacks/quota-scopes");
    return fleetQuotaNeeds(model, resources)
        .filter((n) => n.status !== "ok")
        .map((n) => ({
            rule: QUOTA_RULE,
            severity: n.status === "above-hard-limit" ? ("mandatory" as const) : ("advisory" as const),
            kind: "violation" as const,
            message:
                n.status === "above-hard-limit"
                    ? `${n.name} (${n.code}) in ${n.account}/${n.region}: the fleet needs ${n.needed}, AWS allows ${n.limit} and does not raise it (${n.source}); spread the sites over more regions or accounts`
                    : `${n.name} (${n.code}) in ${n.account}/${n.region}: the fleet needs ${n.needed}, the account has ${n.limit}; request an increase in Service Quotas, then set quotas.${n.key} in fleet.yaml`,
            target: `quota/${n.key}`,
        }));
}

export const QUOTA_RULE = "aws-quotas";

/** One result of several stacks' results. */
export function mergeResults(results: CheckResult[]): CheckResult {
    return {
        findings: results.flatMap((r) => r.findings),
        resources: results.reduce((n, r) => n + r.resources, 0),
        sites: results.reduce((n, r) => n + r.sites, 0),
    };
}

/** Evaluate an exported stack or a preview; the fleet's suppressions apply when a fleet is at hand. */
export function checkFile(opts: CheckOptions, model: FleetModel | undefined): CheckResult {
    const resources = opts.stackExport ? readStackExport(opts.stackExport) : readPreviewJson(opts.previewJson!);
    const selected = opts.site ? resources.filter((r) => r.site === opts.site) : resources;
    return evaluate({ resources: selected, sites: [], suppressionSites: model?.sites ?? [] });
}

export function render(result: CheckResult, format: CheckFormat, sites: readonly SiteModel[], where: { dir?: string; docsUrl?: string } = {}): string {
    if (format === "json") return formatJson(result);
    if (format === "yaml") {
        const YAML = require("yaml") as typeof import("yaml");
        return YAML.stringify(JSON.parse(formatJson(result)) as unknown, { lineWidth: 0 }).trimEnd();
    }
    if (format === "sarif") {
        const pkg = JSON.parse(fs.readFileSync(path.join(TOOL_ROOT, "package.json"), "utf8")) as { version: string };
        const dir = where.dir ?? process.cwd();
        return formatSarif(result, { version: pkg.version, sites, docsUrl: docsUrl(where.docsUrl), locator: locator(dir) });
    }
    return formatText(result);
}

const TOOL_ROOT = path.join(__dirname, "../../..");

function git(cwd: string, args: string[]): string | undefined {
    const { spawnSync } = require("node:child_process") as typeof import("node:child_process");
    const r = spawnSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" } });
    return r.status === 0 ? r.stdout.trim() : undefined;
}

/**
 * The https address of docs/policies.md for SARIF help links: --docs-url, else FLEET_DOCS_URL,
 * else the file in the tool's repository on its web host (from the `origin` remote, at the
 * checked-out commit). Code scanning shows help links to people, so a file:// path on the
 * machine that ran the check is refused; without any, the rules carry their help text only.
 */
export function docsUrl(given?: string): string | undefined {
    const url = given ?? process.env.FLEET_DOCS_URL;
    if (url !== undefined) {
        if (!/^https:\/\/[^\s]+$/.test(url))
            throw new FleetError(
                `the docs URL ${JSON.stringify(url)} is not an https address; give e.g. --docs-url https://github.com/<owner>/<repo>/blob/main/docs/policies.md`,
                [],
                2,
            );
        return url;
    }
    const remote = git(TOOL_ROOT, ["remote", "get-url", "origin"]);
    const commit = git(TOOL_ROOT, ["rev-parse", "HEAD"]);
    // No web remote (a build from a source archive): no help links rather than local paths.
    return remote && commit ? webUrlOf(remote, commit, DOCS_PATH) : undefined;
}

/** Repository-relative paths and lines for the SARIF report of the fleet in `dir`. */
export function locator(dir: string): SarifLocator {
    const prefix = git(dir, ["rev-parse", "--show-prefix"]) ?? "";
    const texts = new Map<string, string[]>();
    return {
        prefix,
        lineOf: (file, name) => {
            if (!texts.has(file)) {
                let text = "";
                try {
                    text = fs.readFileSync(path.join(dir, file), "utf8");
                } catch {
                    /* no file: line 1 */
                }
                texts.set(file, text.split("\n"));
            }
            const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
            const at = texts.get(file)!.findIndex((l) => new RegExp(`^\\s*(-\\s+)?name:\\s*["']?${escaped}["']?\\s*(#.*)?$`).test(l));
            return at + 1 || 1;
        },
    };
}

export function exitCodeOf(result: CheckResult): 0 | 1 {
    return blocks(result) ? 1 : 0;
}
