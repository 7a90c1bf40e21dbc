/** `fleet dashboards --out DIR [--site S]`: one Grafana dashboard JSON per site. */
import * as path from "node:path";
import type { Command } from "commander";
import {
    DATA_FORMATS,
    findSite,
    fleetCommand,
    loadOrFail,
    outputFormat,
    printData,
    progress,
    usage,
    type Io,
    type OutputOptions,
    withOutput,
} from "../context";

export function register(program: Command, io: Io): void {
    const cmd = fleetCommand(
        program,
        "dashboards",
        "write one Grafana dashboard JSON per site (a row per machine, a panel per sensor, thresholds from the site file)",
    )
        .requiredOption("--out <dir>", "directory to write into (created if missing); files are <site>.json")
        .option("--site <site...>", "only these sites (default: every site)");
    withOutput(cmd, DATA_FORMATS, "text");
    cmd.action((opts: OutputOptions & { out: string; dir: string; site?: string[] }) => {
        const format = outputFormat(opts, DATA_FORMATS, "text");
        const model = loadOrFail(opts, io);
        for (const name of opts.site ?? []) findSite(model, name);
        const { siteDashboard } = require("../../src/analytics/dashboards") as typeof import("../../src/analytics/dashboards");
        const { safeJoin, writeFileAtomic } = require("../../src/util/atomic-write") as typeof import("../../src/util/atomic-write");
        const out = path.resolve(opts.out);
        const written: { site: string; file: string; panels: number }[] = [];
        for (const site of model.sites.filter((s) => !opts.site || opts.site.includes(s.name))) {
            progress(io, `dashboard for ${site.name}`);
            const target = safeJoin(out, `${site.name}.json`);
            if (!target) throw usage(`${site.name}.json would be written outside ${out}`);
            const dashboard = siteDashboard(model, site);
            writeFileAtomic(target, `${JSON.stringify(dashboard, null, 2)}\n`);
            written.push({ site: site.name, file: target, panels: dashboard.panels.filter((p) => p.type === "timeseries").length });
        }
        if (format !== "text") printData(io, format, { written });
        else for (const w of written) io.out(`wrote ${w.file} (${w.panels} sensor panels)`);
    });
}
