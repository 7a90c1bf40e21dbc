/** `fleet inventory`: gateways, PLCs, equipment and sensors of every site (or one). */
import type { Command } from "commander";
import { loadOrFail, usage, type Io } from "../context";

const FORMATS = ["table", "csv", "json"];

export function register(program: Command, io: Io): void {
    program
        .command("inventory")
        .description("list gateways, PLCs, equipment and sensors")
        .option("--format <format>", `output format: ${FORMATS.join(", ")}`, "table")
        .option("--site <site>", "only this site")
        .option("--dir <dir>", "fleet directory", ".")
        .action((opts: { format: string; site?: string; dir: string }) => {
            if (!FORMATS.includes(opts.format)) {
                const { knownList } = require("../../src/model/diagnostics") as typeof import("../../src/model/diagnostics");
                throw usage(`unknown --format ${JSON.stringify(opts.format)}; ${knownList(opts.format, FORMATS, "formats")}`);
            }
            const model = loadOrFail(opts, io);
            if (opts.site !== undefined) {
                const { findSite } = require("../../src/planview/scope") as typeof import("../../src/planview/scope");
                findSite(model, opts.site);
            }
            const inv = require("../../src/inventory/inventory") as typeof import("../../src/inventory/inventory");
            const rows = inv.inventoryRows(model, opts.site);
            if (opts.format === "csv") io.out(inv.toCsv(rows));
            else if (opts.format === "json") io.out(JSON.stringify({ items: rows }, null, 2));
            else io.out(inv.toTable(rows));
        });
}
