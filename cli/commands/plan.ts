/** `fleet plan`: the program run offline under mocks; resources per region and site, by type; `--stack` plans one stack of the layout. */
import type { Command } from "commander";
import * as cli from "../context";

export interface PlanCommandOptions extends cli.OutputOptions {
    dir?: string;
    region?: string;
    site?: string;
    detail?: boolean;
    stack?: string;
    allStacks?: boolean;
}

export function register(program: Command, io: cli.Io): void {
    const cmd = cli
        .withScope(
            cli.fleetCommand(program, "plan", "show what the stacks would create, offline: resources per region and site by type"),
            "plan",
            "and its region's platform",
        )
        .option("--detail", "list every resource with its inputs")
        .option(
            "--stack <name>",
            "plan one stack: `global` (state backend and delivery pipeline, settings from Pulumi.global.yaml), a platform (<region>) or a site (<region>.<site>); fleet stacks lists them",
        )
        .option("--all-stacks", "plan every stack of the layout one after another (memory of the largest stack, not of the fleet)");
    cli.withOutput(cmd, cli.DATA_FORMATS, "text");
    cli.withExamples(cmd, [
        "fleet plan",
        "fleet plan --site stuttgart-body --detail",
        "fleet plan --stack global                   # the state backend and the delivery pipeline",
        "fleet plan --stack eu-central-1.cork-fill-finish -o json",
        "fleet plan --all-stacks",
        'fleet plan --region eu-central-1 -o json     # { "resources": [ { urn, type, name, inputs, region, stack, site } ] }',
    ]);
    cmd.action(async (opts: PlanCommandOptions) => {
        const format = cli.outputFormat(opts, cli.DATA_FORMATS, "text");
        if (opts.stack === "global" && (opts.region !== undefined || opts.site !== undefined))
            throw cli.usage("--stack global plans the global stack; leave out --region and --site");
        if ([opts.stack !== undefined, Boolean(opts.allStacks), opts.region !== undefined || opts.site !== undefined].filter(Boolean).length > 1) {
            throw cli.usage("give --stack, --all-stacks, or --region/--site, not several");
        }
        const view = require("../../src/planview/summary") as typeof import("../../src/planview/summary");
        const { formatPlanWarning } = require("../../src/plan/plan") as typeof import("../../src/plan/plan");
        if (opts.stack === "global") {
            const model = cli.loadOrFail(opts, io);
            const { planGlobal } = require("../../src/plan/plan") as typeof import("../../src/plan/plan");
            cli.progress(io, "planning the global stack");
            const plan = await planGlobal(model, cli.globalConfig(cli.fleetDir(opts)));
            for (const w of plan.warnings) io.err(formatPlanWarning(w));
            if (format !== "text") cli.printData(io, format, view.toJsonPlan([plan]));
            else io.out(view.formatPlanSummary([plan], { detail: opts.detail }));
            return;
        }
        // A site stack plans from fleet.yaml and its own site file, as its program runs (src/program/partial-load.ts).
        const { loadForSiteStack } = require("../../src/program/partial-load") as typeof import("../../src/program/partial-load");
        const partial = opts.stack !== undefined ? loadForSiteStack(cli.fleetDir(opts), opts.stack, { cache: true }) : undefined;
        const model = partial?.model ?? cli.loadOrFail(opts, io);
        const plans = [];
        if (opts.stack !== undefined || opts.allStacks) {
            const { findStack, stackLayout } = require("../../src/stacks/layout") as typeof import("../../src/stacks/layout");
            const { planStacks } = require("../../src/plan/stack-plan") as typeof import("../../src/plan/stack-plan");
            const layout = stackLayout(model);
            // --all-stacks plans the platform and site stacks; the global stack is planned with --stack global.
            const chosen = opts.stack !== undefined ? [findStack(layout, opts.stack)] : layout.filter((s) => s.kind !== "global");
            await planStacks(model, chosen, (s, plan, i) => {
                cli.progress(io, `planned ${s.name} (${i + 1}/${chosen.length})`);
                for (const w of plan.warnings) io.err(formatPlanWarning(w));
                // The summary needs types and scopes (and the uploads' keys) only: drop the other inputs, so a whole
                // fleet stays in the memory of its largest stack.
                const keep = (r: (typeof plan.resources)[number]) =>
                    view.artifactUploads({ resources: [r] }).length > 0 ? { bucket: r.inputs.bucket, key: r.inputs.key, metadata: r.inputs.metadata } : {};
                plans.push(
                    format !== "text" || opts.detail
                        ? plan
                        : { ...plan, resources: plan.resources.map((r) => ({ ...r, inputs: keep(r), aliases: [], dependsOn: [] })) },
                );
            });
        } else {
            const { resolveScope } = require("../../src/planview/scope") as typeof import("../../src/planview/scope");
            const { planRegion } = require("../../src/plan/plan") as typeof import("../../src/plan/plan");
            const scopes = resolveScope(model, opts);
            for (const [i, scope] of scopes.entries()) {
                cli.progress(io, `planning ${scope.region} (${i + 1}/${scopes.length})`);
                const plan = await planRegion(model, scope.region, { sites: scope.sites });
                for (const w of plan.warnings) io.err(formatPlanWarning(w));
                plans.push(plan);
            }
        }
        if (format !== "text") cli.printData(io, format, view.toJsonPlan(plans));
        else io.out(view.formatPlanSummary(plans, { detail: opts.detail }));
    });
}
