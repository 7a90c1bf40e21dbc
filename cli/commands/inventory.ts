/** `fleet inventory`: gateways, PLCs, equipment and sensors of every site (or one). */
import type { Command } from "commander";
import { loadOrFail, outputFormat, printData, withExamples, withOutput, type Io, type OutputOptions } from "../context";

const FORMATS = ["table", "csv", "json", "yaml"] as const;

export function register(program: Command, io: Io): void {
    const cmd = program
        .command("inventory")
        .description("list gateways, PLCs, equipment and sensors")
        .option("--site <site>", "only this site")
        .option("--dir <dir>", "fleet directory", ".");
    withOutput(cmd, FORMATS, "table", { legacyFormat: true });
    withExamples(cmd, ["fleet inventory", "fleet inventory --site austin-smt -o csv > austin.csv", "fleet inventory -o json"]);
    cmd.action((opts: OutputOptions & { site?: string; dir: string }) => {
        const format = outputFormat(opts, FORMATS, "table");
        const model = loadOrFail(opts, io);
        if (opts.site !== undefined) {
            const { findSite } = require("../../src/model/lookup") as typeof import("../../src/model/lookup");
            findSite(model, opts.site);
        }
        const inv = require("../../src/inventory/inventory") as typeof import("../../src/inventory/inventory");
        const rows = inv.inventoryRows(model, opts.site);
        if (format === "csv") io.out(inv.toCsv(rows));
        else if (format === "json" || format === "yaml") printData(io, format, { items: rows });
        else io.out(inv.toTable(rows));
    });
}
