/** `fleet plan`: the program run offline under mocks; resources per region and site, by type. */
import type { Command } from "commander";
import {
    fleetDir,
    globalConfig,
    loadOrFail,
    outputFormat,
    printData,
    progress,
    usage,
    withExamples,
    withOutput,
    type Io,
    type OutputOptions,
} from "../context";

const FORMATS = ["text", "json", "yaml"] as const;

export interface PlanCommandOptions extends OutputOptions {
    dir?: string;
    region?: string;
    site?: string;
    detail?: boolean;
    stack?: string;
}

export function register(program: Command, io: Io): void {
    const cmd = program
        .command("plan")
        .description("show what the stacks would create, offline: resources per region and site by type")
        .option("--dir <dir>", "fleet directory", ".")
        .option("--region <region>", "plan only this region")
        .option("--site <site>", "plan only this site (and its region's platform)")
        .option("--detail", "list every resource with its inputs")
        .option("--stack <stack>", "plan one stack: `global` (state backend and delivery pipeline, settings from Pulumi.global.yaml) or a region");
    withOutput(cmd, FORMATS, "text");
    withExamples(cmd, [
        "fleet plan",
        "fleet plan --site stuttgart-body --detail",
        "fleet plan --stack global                   # the state backend and the delivery pipeline",
        'fleet plan --region eu-central-1 -o json     # { "resources": [ { urn, type, name, inputs, region, site } ] }',
    ]);
    cmd.action(async (opts: PlanCommandOptions) => {
        const format = outputFormat(opts, FORMATS, "text");
        const model = loadOrFail(opts, io);
        if (opts.stack === "global") {
            if (opts.region !== undefined || opts.site !== undefined) throw usage("--stack global plans the global stack; leave out --region and --site");
            const { planGlobal, formatPlanWarning } = require("../../src/plan/plan") as typeof import("../../src/plan/plan");
            progress(io, "planning the global stack");
            const plan = await planGlobal(model, globalConfig(fleetDir(opts)));
            for (const w of plan.warnings) io.err(formatPlanWarning(w));
            const view = require("../../src/planview/summary") as typeof import("../../src/planview/summary");
            if (format !== "text") printData(io, format, view.toJsonPlan([plan]));
            else io.out(view.formatPlanSummary([plan], { detail: opts.detail }));
            return;
        }
        if (opts.stack !== undefined) {
            if (opts.region !== undefined && opts.region !== opts.stack) throw usage(`--stack ${opts.stack} and --region ${opts.region} disagree; give one`);
            opts.region = opts.stack;
        }
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
