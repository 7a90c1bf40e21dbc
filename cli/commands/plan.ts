/** `fleet plan`: the program run offline under mocks; resources per region and site, by type. */
import type { Command } from "commander";
import { loadOrFail, outputFormat, printData, progress, withExamples, withOutput, type Io, type OutputOptions } from "../context";

const FORMATS = ["text", "json", "yaml"] as const;

export interface PlanCommandOptions extends OutputOptions {
    dir?: string;
    region?: string;
    site?: string;
    detail?: boolean;
}

export function register(program: Command, io: Io): void {
    const cmd = program
        .command("plan")
        .description("show what the stacks would create, offline: resources per region and site by type")
        .option("--dir <dir>", "fleet directory", ".")
        .option("--region <region>", "plan only this region")
        .option("--site <site>", "plan only this site (and its region's platform)")
        .option("--detail", "list every resource with its inputs");
    withOutput(cmd, FORMATS, "text");
    withExamples(cmd, [
        "fleet plan",
        "fleet plan --site stuttgart-body --detail",
        'fleet plan --region eu-central-1 -o json     # { "resources": [ { urn, type, name, inputs, region, site } ] }',
    ]);
    cmd.action(async (opts: PlanCommandOptions) => {
        const format = outputFormat(opts, FORMATS, "text");
        const model = loadOrFail(opts, io);
        const { resolveScope } = require("../../src/planview/scope") as typeof import("../../src/planview/scope");
        const scopes = resolveScope(model, opts);
        const { planRegion, formatPlanWarning } = require("../../src/plan/plan") as typeof import("../../src/plan/plan");
        const plans = [];
        for (const [i, scope] of scopes.entries()) {
            progress(io, `planning ${scope.region} (${i + 1}/${scopes.length})`);
            const plan = await planRegion(model, scope.region, { sites: scope.sites });
            for (const w of plan.warnings) io.err(formatPlanWarning(w));
            plans.push(plan);
        }
        const view = require("../../src/planview/summary") as typeof import("../../src/planview/summary");
        if (format !== "text") printData(io, format, view.toJsonPlan(plans));
        else io.out(view.formatPlanSummary(plans, { detail: opts.detail }));
    });
}
