/** `fleet plan`: the program run offline under mocks; resources per region and site, by type. */
import type { Command } from "commander";
import { loadOrFail, progress, type Io } from "../context";

export interface PlanCommandOptions {
    dir?: string;
    region?: string;
    site?: string;
    json?: boolean;
    detail?: boolean;
}

export function register(program: Command, io: Io): void {
    program
        .command("plan")
        .description("show what the stacks would create, offline: resources per region and site by type")
        .option("--dir <dir>", "fleet directory", ".")
        .option("--region <region>", "plan only this region")
        .option("--site <site>", "plan only this site (and its region's platform)")
        .option("--json", 'print { "resources": [ { urn, type, name, inputs, region, site } ] }')
        .option("--detail", "list every resource with its inputs")
        .action(async (opts: PlanCommandOptions) => {
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
            if (opts.json) io.out(JSON.stringify(view.toJsonPlan(plans), null, 2));
            else io.out(view.formatPlanSummary(plans, { detail: opts.detail }));
        });
}
