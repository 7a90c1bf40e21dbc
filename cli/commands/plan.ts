/** `fleet plan`: the program run offline under mocks; resources per region and site, by type; `--stack` plans one stack of the layout. */
import type { Command } from "commander";
import { loadOrFail, progress, usage, type Io } from "../context";

export interface PlanCommandOptions {
    dir?: string;
    region?: string;
    site?: string;
    stack?: string;
    allStacks?: boolean;
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
        .option("--stack <name>", "plan one stack of the layout: a platform (<region>) or a site (<region>.<site>); fleet stacks lists them")
        .option("--all-stacks", "plan every stack of the layout one after another (memory of the largest stack, not of the fleet)")
        .option("--json", 'print { "resources": [ { urn, type, name, inputs, region, stack, site } ] }')
        .option("--detail", "list every resource with its inputs")
        .addHelpText("after", "\nExamples:\n  fleet plan\n  fleet plan --stack eu-central-1.cork-fill-finish --json\n  fleet plan --all-stacks")
        .action(async (opts: PlanCommandOptions) => {
            if ([opts.stack !== undefined, Boolean(opts.allStacks), opts.region !== undefined || opts.site !== undefined].filter(Boolean).length > 1) {
                throw usage("give --stack, --all-stacks, or --region/--site, not several");
            }
            // A site stack plans from fleet.yaml and its own site file, as its program runs (src/program/partial-load.ts).
            const { loadForSiteStack } = require("../../src/program/partial-load") as typeof import("../../src/program/partial-load");
            const { fleetDir } = require("../context") as typeof import("../context");
            const partial = opts.stack !== undefined ? loadForSiteStack(fleetDir(opts), opts.stack, { cache: true }) : undefined;
            const model = partial?.model ?? loadOrFail(opts, io);
            const { formatPlanWarning } = require("../../src/plan/plan") as typeof import("../../src/plan/plan");
            const plans = [];
            if (opts.stack !== undefined || opts.allStacks) {
                const { findStack, stackLayout } = require("../../src/stacks/layout") as typeof import("../../src/stacks/layout");
                const { planStacks } = require("../../src/plan/stack-plan") as typeof import("../../src/plan/stack-plan");
                const layout = stackLayout(model);
                const chosen = opts.stack !== undefined ? [findStack(layout, opts.stack)] : layout;
                if (chosen[0].kind === "global" && opts.stack !== undefined)
                    throw usage("the global stack is not planned offline here; plan a platform (<region>) or a site (<region>.<site>) stack");
                await planStacks(model, chosen, (s, plan, i) => {
                    progress(io, `planned ${s.name} (${i + 1}/${chosen.length})`);
                    for (const w of plan.warnings) io.err(formatPlanWarning(w));
                    // The summary needs types and scopes only: drop inputs, so a whole fleet stays in the memory of its largest stack.
                    plans.push(
                        opts.json || opts.detail ? plan : { ...plan, resources: plan.resources.map((r) => ({ ...r, inputs: {}, aliases: [], dependsOn: [] })) },
                    );
                });
            } else {
                const { resolveScope } = require("../../src/planview/scope") as typeof import("../../src/planview/scope");
                const { planRegion } = require("../../src/plan/plan") as typeof import("../../src/plan/plan");
                const scopes = resolveScope(model, opts);
                for (const [i, scope] of scopes.entries()) {
                    progress(io, `planning ${scope.region} (${i + 1}/${scopes.length})`);
                    const plan = await planRegion(model, scope.region, { sites: scope.sites });
                    for (const w of plan.warnings) io.err(formatPlanWarning(w));
                    plans.push(plan);
                }
            }
            const view = require("../../src/planview/summary") as typeof import("../../src/planview/summary");
            if (opts.json) io.out(JSON.stringify(view.toJsonPlan(plans), null, 2));
            else io.out(view.formatPlanSummary(plans, { detail: opts.detail }));
        });
}
