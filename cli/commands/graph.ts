/** `fleet graph SITE`: the site's zones, conduits, gateways, PLCs and machines as a diagram. */
import * as path from "node:path";
import type { Command } from "commander";
import { loadOrFail, outputFormat, usage, withExamples, withOutput, type Io, type OutputOptions } from "../context";

const FORMATS = ["mermaid", "dot", "svg", "json"] as const;
const COLLECTS = ["grouped", "all", "none"];

interface GraphCommandOptions extends OutputOptions {
    out?: string;
    dir: string;
    collects: string | boolean;
    level?: string[];
}

export function register(program: Command, io: Io): void {
    const cmd = program
        .command("graph")
        .description("draw a site: zones by Purdue level (the cloud on top, level 0 at the bottom), conduits with protocols, gateways, PLCs, machines")
        .argument("<site>", "site name")
        .option("--out <file>", "write to this file instead of standard output")
        .option("--dir <dir>", "fleet directory", ".")
        .option(
            "--collects <mode>",
            `machines and the gateways that collect them: ${COLLECTS.join(", ")} (one edge per gateway, per machine, or none)`,
            "grouped",
        )
        .option("--no-collects", "same as --collects none")
        .option("--level <level...>", "show only these levels: cloud, 5, 4, 3.5, 3, 2, 1, 0 (edges to hidden levels are left out)");
    withOutput(cmd, FORMATS, "mermaid", { legacyFormat: true });
    withExamples(cmd, [
        "fleet graph stuttgart-body                       # Mermaid, for Markdown",
        "fleet graph stuttgart-body -o svg --out site.svg",
        "fleet graph stuttgart-body -o svg --no-collects --level cloud 4 3.5 3 --out dmz.svg",
    ]);
    cmd.action(async (siteName: string, opts: GraphCommandOptions) => {
        const format = outputFormat(opts, FORMATS, "mermaid");
        const collects = opts.collects === false ? "none" : opts.collects === true ? "grouped" : opts.collects;
        const { knownList } = require("../../src/model/diagnostics") as typeof import("../../src/model/diagnostics");
        if (!COLLECTS.includes(collects)) throw usage(`unknown --collects ${JSON.stringify(collects)}; ${knownList(collects, COLLECTS, "modes")}`);
        const g = require("../../src/graph/site-graph") as typeof import("../../src/graph/site-graph");
        for (const l of opts.level ?? [])
            if (!g.LEVEL_KEYS.includes(l)) throw usage(`unknown --level ${JSON.stringify(l)}; ${knownList(l, g.LEVEL_KEYS, "levels")}`);
        const model = loadOrFail(opts, io);
        const { findSite } = require("../../src/model/lookup") as typeof import("../../src/model/lookup");
        const site = findSite(model, siteName);
        const graph = g.buildSiteGraph(model, site, { collects: collects as import("../../src/graph/site-graph").CollectMode, levels: opts.level });
        const text =
            format === "mermaid"
                ? g.toMermaid(graph)
                : format === "dot"
                  ? g.toDot(graph)
                  : format === "json"
                    ? JSON.stringify(graph, null, 2)
                    : await g.renderSvg(g.toDot(graph));
        if (opts.out) {
            const { writeFileAtomic } = require("../../src/util/atomic-write") as typeof import("../../src/util/atomic-write");
            const target = path.resolve(opts.out);
            writeFileAtomic(target, text);
            io.err(`wrote ${format} graph of site ${site.name} to ${target}`);
        } else {
            io.out(text);
        }
    });
}
