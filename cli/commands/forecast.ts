/** `fleet forecast`: production, energy or consumption forecasts from a CSV of past readings. */
import * as fs from "node:fs";
import type { Command } from "commander";
import { usage, type Io } from "../context";

const FORMATS = ["jsonl", "csv"];

export interface ForecastCommandOptions {
    input: string;
    horizon: string;
    format: string;
    level: string;
    season: string;
}

export function register(program: Command, io: Io): void {
    program
        .command("forecast")
        .description("forecast each series of a CSV (series,ts,value) with prediction intervals")
        .requiredOption("--input <file>", "CSV with the header series,ts,value (ts: ISO 8601 or epoch seconds)")
        .requiredOption("--horizon <duration>", "how far ahead, e.g. 7d, 48h (rounded up to whole steps of each series)")
        .option("--format <format>", `output format: ${FORMATS.join(", ")}`, "jsonl")
        .option("--level <percent>", "nominal coverage of the prediction interval", "95")
        .option("--season <steps>", "season length in steps of the series, or auto", "auto")
        .addHelpText(
            "after",
            "\nExamples:\n  fleet forecast --input energy.csv --horizon 7d\n  fleet forecast --input output.csv --horizon 48h --format csv --level 80\n",
        )
        .action((opts: ForecastCommandOptions) => {
            const { runForecast } = require("../../src/forecast/run") as typeof import("../../src/forecast/run");
            if (!FORMATS.includes(opts.format)) throw usage(`unknown --format ${JSON.stringify(opts.format)}; known formats: ${FORMATS.join(", ")}`);
            let text: string;
            try {
                text = fs.readFileSync(opts.input, "utf8");
            } catch (e) {
                throw usage(`cannot read --input ${opts.input}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
            }
            const result = runForecast(opts.input, text, opts);
            for (const line of result.notes) io.err(line);
            if (result.errors.length > 0) {
                for (const line of result.errors) io.err(line);
                const { FleetError } = require("../../src/model/diagnostics") as typeof import("../../src/model/diagnostics");
                throw new FleetError(`${result.errors.length} problem${result.errors.length === 1 ? "" : "s"}; nothing forecast`, [], 1);
            }
            io.out(result.output);
        });
}
