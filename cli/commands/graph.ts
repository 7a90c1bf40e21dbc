/** `fleet graph SITE`: the site's zones, conduits, gateways, PLCs and machines as a diagram. */
import * as path from "node:path";
import type { Command } from "commander";
import { loadOrFail, usage, type Io } from "../context";

const FORMATS = ["mermaid", "dot", "svg"];

export function register(program: Command, io: Io): void {
    program
        .command("graph")
        .description("draw a site: zones by Purdue level, conduits with protocols, gateways, PLCs, equipment")
        .argument("<site>", "site name")
        .option("--format <format>", `output format: ${FORMATS.join(", ")}`, "mermaid")
        .option("--out <file>", "write to this file instead of standard output")
        .option("--dir <dir>", "fleet directory", ".")
        .action(async (siteName: string, opts: { format: string; out?: string; dir: string }) => {
            if (!FORMATS.includes(opts.format)) {
                const { knownList } = require("../../src/model/diagnostics") as typeof import("../../src/model/diagnostics");
                throw usage(`unknown --format ${JSON.stringify(opts.format)}; ${knownList(opts.format, FORMATS, "formats")}`);
            }
            const model = loadOrFail(opts, io);
            const { findSite } = require("../../src/planview/scope") as typeof import("../../src/planview/scope");
            const site = findSite(model, siteName);
            const g = require("../../src/graph/site-graph") as typeof import("../../src/graph/site-graph");
            const graph = g.buildSiteGraph(model, site);
            const text = opts.format === "mermaid" ? g.toMermaid(graph) : opts.format === "dot" ? g.toDot(graph) : await g.renderSvg(g.toDot(graph));
            if (opts.out) {
                const { writeFileAtomic } = require("../../src/util/atomic-write") as typeof import("../../src/util/atomic-write");
                const target = path.resolve(opts.out);
                writeFileAtomic(target, text);
                io.err(`wrote ${opts.format} graph of site ${site.name} to ${target}`);
            } else {
                io.out(text);
            }
        });
}
