/**
 * `fleet check` without the CLI around it: plan (or read an exported stack or a preview),
 * evaluate, format. Tests call this in-process; the command only parses options.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { FleetError, knownList } from "../model/diagnostics";
import type { FleetModel, SiteModel } from "../model/types";
import type { CountedResource } from "../quotas/needs";
import { blocks, evaluate, type CheckFinding, type CheckResult } from "./engine";
import { formatJson, formatSarif, formatText } from "./report";
import { fromPlan, readPreviewJson, readStackExport } from "./sources";

export type CheckFormat = "text" | "json" | "sarif";

export interface CheckOptions {
    region?: string;
    site?: string;
    format?: CheckFormat;
    stackExport?: string;
    previewJson?: string;
}

export interface CheckRun {
    result: CheckResult;
    /** The formatted report. */
    output: string;
    /** Exit code: 1 on any unsuppressed mandatory violation, else 0. */
    exitCode: 0 | 1;
}

/** The regions and sites a plan-based check covers. */
export function checkScope(model: FleetModel, opts: { region?: string; site?: string }): { region: string; sites?: string[] }[] {
    const regions = model.regions.map((r) => r.name);
    if (opts.region !== undefined && !regions.includes(opts.region)) {
        throw new FleetError(`unknown region ${JSON.stringify(opts.region)}; ${knownList(opts.region, regions, "regions of fleet.yaml")}`, [], 2);
    }
    if (opts.site !== undefined) {
        const site = model.sites.find((s) => s.name === opts.site);
        if (!site)
            throw new FleetError(
                `unknown site ${JSON.stringify(opts.site)}; ${knownList(
                    opts.site,
                    model.sites.map((s) => s.name),
                    "sites",
                )}`,
                [],
                2,
            );
        if (opts.region !== undefined && site.region !== opts.region)
            throw new FleetError(`site ${JSON.stringify(site.name)} is in region ${site.region}, not ${opts.region}`, [], 2);
        return [{ region: site.region, sites: [site.name] }];
    }
    return regions.filter((r) => opts.region === undefined || r === opts.region).map((region) => ({ region }));
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
    const { planRegion, formatPlanWarning } = require("../plan/plan") as typeof import("../plan/plan");
    const results: CheckResult[] = [];
    const scopes = checkScope(model, opts);
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
    // One site's plan says nothing about the region's or account's totals.
    if (opts.site === undefined) results.push({ findings: quotaFindings(model, counted), resources: 0, sites: 0 });
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

export function render(result: CheckResult, format: CheckFormat, sites: readonly SiteModel[]): string {
    if (format === "json") return formatJson(result);
    if (format === "sarif") {
        const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "../../../package.json"), "utf8")) as { version: string };
        return formatSarif(result, { version: pkg.version, sites });
    }
    return formatText(result);
}

export function exitCodeOf(result: CheckResult): 0 | 1 {
    return blocks(result) ? 1 : 0;
}
