/**
 * `fleet export conduits SITE --format nftables|csv`: every conduit of a site (inside the factory
 * and to the cloud) for the plant's own firewalls: default deny, one commented rule per conduit.
 */
import type { Command } from "commander";
import { findSite, loadOrFail, outputFormat, withOutput, type Io, type OutputOptions } from "../context";

export const EXPORT_FORMATS = ["nftables", "csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportConduitsOptions extends OutputOptions {
    dir?: string;
    out?: string;
}

export function register(program: Command, io: Io): void {
    // Other exports may share the `export` command: reuse it when it exists.
    const exp =
        program.commands.find((c) => c.name() === "export") ?? program.command("export").description("render parts of the fleet for systems outside AWS");
    const cmd = exp
        .command("conduits <site>")
        .description("render every conduit of a site for the plant firewalls (default deny, one commented rule per conduit)")
        .option("--dir <dir>", "fleet directory", ".")
        .option("--out <file>", "write to this file (atomically) instead of standard output");
    withOutput(cmd, EXPORT_FORMATS, "nftables", { legacyFormat: true });
    cmd.action((siteName: string, opts: ExportConduitsOptions) => {
        const format: ExportFormat = outputFormat(opts, EXPORT_FORMATS, "nftables");
        const model = loadOrFail(opts, io);
        const site = findSite(model, siteName);
        const render = require("../../src/network/plant-export") as typeof import("../../src/network/plant-export");
        const text = format === "csv" ? render.renderCsv(site) : render.renderNftables(model, site);
        if (opts.out) {
            const path = require("node:path") as typeof import("node:path");
            const { writeFileAtomic } = require("../../src/util/atomic-write") as typeof import("../../src/util/atomic-write");
            const target = path.resolve(opts.out);
            writeFileAtomic(target, text);
            io.err(`wrote ${site.conduits.length} conduit${site.conduits.length === 1 ? "" : "s"} of site ${site.name} as ${format} to ${opts.out}`);
        } else {
            io.out(text);
        }
    });
}
