/**
 * `fleet diff [--base REF]`: what the working tree's fleet files change against a git revision
 * (HEAD by default). With --exit-code: 0 no change, 3 changes (errors stay 1, 2 and 70).
 */
import type { Command } from "commander";
import { FleetError, formatDiagnostic } from "../../src/model/diagnostics";
import * as cli from "../context";

/** Exit code of `fleet diff --exit-code` when something changed (documented in docs/cli.md). */
export const CHANGES_EXIT_CODE = 3;

interface DiffOptions extends cli.OutputOptions {
    base: string;
    dir: string;
    region?: string;
    exitCode?: boolean;
}

export function register(program: Command, io: cli.Io): void {
    const cmd = program
        .command("diff")
        .description("compare the plan of the fleet files at a git revision with the working tree")
        .option("--base <ref>", "git revision to compare with (branch, tag, commit)", "HEAD")
        .option("--dir <dir>", "fleet directory", ".")
        .option("--region <region>", "compare only this region's stack (`global`: only the global stack); default: every region and the global stack")
        .option("--exit-code", `exit ${CHANGES_EXIT_CODE} when anything changed, 0 when nothing did (errors exit 1, 2 or 70)`);
    cli.withOutput(cmd, cli.DATA_FORMATS, "text");
    cli.withExamples(cmd, [
        "fleet diff                      # the working tree against HEAD",
        "fleet diff --base main --region eu-central-1",
        "fleet diff --base origin/main --exit-code -o json > diff.json",
    ]);
    cmd.action(async (opts: DiffOptions) => {
        const format = cli.outputFormat(opts, cli.DATA_FORMATS, "text");
        {
            if (!opts.base) throw cli.usage("--base needs a git revision, for example --base main");
            const head = cli.loadOrFail(opts, io);
            const { materializeAtRef } = require("../../src/diff/git") as typeof import("../../src/diff/git");
            const base = materializeAtRef(cli.fleetDir(opts), opts.base);
            try {
                const loaded = cli.loadFleetDir(base.dir);
                if (!loaded.model) {
                    for (const d of loaded.diagnostics) io.err(`${opts.base}:${formatDiagnostic(d)}`);
                    throw new FleetError(
                        `the fleet files at ${opts.base} are invalid (${loaded.errors} error${loaded.errors === 1 ? "" : "s"}), so there is no plan to compare with`,
                        [],
                        1,
                    );
                }
                const { planRegion, planGlobal, formatPlanWarning } = require("../../src/plan/plan") as typeof import("../../src/plan/plan");
                const known = [...new Set([...loaded.model.regions, ...head.regions].map((r) => r.name)), "global"];
                if (opts.region !== undefined && !known.includes(opts.region)) {
                    const { knownList } = require("../../src/model/diagnostics") as typeof import("../../src/model/diagnostics");
                    throw cli.usage(`unknown region ${JSON.stringify(opts.region)}; ${knownList(opts.region, known, "regions")}`);
                }
                const plan = async (model: typeof head, label: string) => {
                    const regions = model.regions.filter((r) => opts.region === undefined || r.name === opts.region);
                    const out = [];
                    for (const [i, r] of regions.entries()) {
                        cli.progress(io, `planning ${label} ${r.name} (${i + 1}/${regions.length})`);
                        const p = await planRegion(model, r.name);
                        for (const w of p.warnings) io.err(formatPlanWarning(w));
                        out.push(...p.resources);
                    }
                    // The global stack (state backend, delivery pipeline) with the regions, or alone with --region global.
                    if (opts.region === undefined || opts.region === "global") {
                        cli.progress(io, `planning ${label} global`);
                        const p = await planGlobal(model, cli.globalConfig(cli.fleetDir(opts)));
                        for (const w of p.warnings) io.err(formatPlanWarning(w));
                        out.push(...p.resources);
                    }
                    return out;
                };
                const before = await plan(loaded.model, opts.base);
                const after = await plan(head, "working tree");
                const { diffPlans } = require("../../src/diff/plan-diff") as typeof import("../../src/diff/plan-diff");
                const { diffModels } = require("../../src/diff/model-diff") as typeof import("../../src/diff/model-diff");
                const { formatDiff, toJsonDiff } = require("../../src/diff/format") as typeof import("../../src/diff/format");
                const report = {
                    base: { ref: opts.base, commit: base.commit },
                    modelChanges: diffModels(loaded.model, head).filter((c) => opts.region === undefined || inRegion(c, opts.region, loaded.model!, head)),
                    diff: diffPlans(before, after),
                };
                const { retainedRemovals, formatRetained } = require("../../src/diff/retained") as typeof import("../../src/diff/retained");
                const retained = retainedRemovals(before, after);
                if (format !== "text") cli.printData(io, format, { ...(toJsonDiff(report) as object), retained });
                else io.out([...formatRetained(retained), formatDiff(report, { colour: cli.colourOut(io) })].join("\n"));
                if (opts.exitCode && (report.modelChanges.length > 0 || report.diff.changes.length > 0)) {
                    const e = new FleetError("", [], CHANGES_EXIT_CODE);
                    e.stack = "";
                    throw e;
                }
            } finally {
                base.cleanup();
            }
        }
    });
}

/** Whether a file-level change concerns `region`: its sites, the region itself, or the whole fleet. */
function inRegion(
    c: import("../../src/diff/model-diff").ModelChange,
    region: string,
    base: import("../../src/model/types").FleetModel,
    head: import("../../src/model/types").FleetModel,
): boolean {
    const siteName = c.site ?? (c.kind === "site" ? c.name : undefined);
    if (siteName !== undefined) return [...base.sites, ...head.sites].some((s) => s.name === siteName && s.region === region);
    return c.kind !== "region" || c.name === region;
}
