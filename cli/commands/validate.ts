/** `fleet validate`: check fleet.yaml and every site file; all problems at once. */
import type { Command } from "commander";
import { FleetError, formatDiagnostic } from "../../src/model/diagnostics";
import { fleetDir, loadFleetDir, outputFormat, printData, withExamples, withOutput, type Io, type OutputOptions } from "../context";

const FORMATS = ["text", "json", "yaml"] as const;

export function register(program: Command, io: Io): void {
    const cmd = program
        .command("validate")
        .description("check fleet.yaml and sites/*.yaml against the format and every semantic rule; exit 1 on errors")
        .option("--dir <dir>", "fleet directory", ".")
        .option("--strict", "fail on warnings too (exit 1)");
    withOutput(cmd, FORMATS, "text");
    withExamples(cmd, ["fleet validate", "fleet validate --strict --dir plants/", "fleet validate -o json | jq .diagnostics"]);
    cmd.action((opts: OutputOptions & { dir: string; strict?: boolean }) => {
        const format = outputFormat(opts, FORMATS, "text");
        const result = loadFleetDir(fleetDir(opts));
        const failed = result.errors > 0 || (opts.strict === true && result.warnings > 0);
        if (format !== "text") {
            printData(io, format, {
                valid: !failed,
                errors: result.errors,
                warnings: result.warnings,
                files: result.files,
                diagnostics: result.diagnostics,
                summary: result.model ? summarize(result.model) : undefined,
            });
        } else {
            for (const d of result.diagnostics) io.err(formatDiagnostic(d));
            if (result.model) {
                const s = summarize(result.model);
                io.out(
                    `fleet ${result.model.name}: ${count(s.regions, "region")}, ${count(s.sites, "site")}, ${count(s.gateways, "gateway")}, ${count(s.plcs, "PLC")}, ${count(s.equipment, "machine")}, ${count(s.sensors, "sensor")}` +
                        (result.warnings ? `; ${count(result.warnings, "warning")}` : "") +
                        (failed ? "" : "; valid"),
                );
            }
        }
        if (failed) {
            // Findings are the command's answer, not a failure of the program: no stack trace,
            // not even with --debug (which is for internal errors).
            const e = new FleetError(
                format !== "text"
                    ? ""
                    : result.errors > 0
                      ? `${count(result.errors, "error")}, ${count(result.warnings, "warning")}`
                      : `${count(result.warnings, "warning")} (--strict)`,
                result.diagnostics,
                1,
            );
            e.stack = "";
            throw e;
        }
    });
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

function summarize(model: import("../../src/model/types").FleetModel) {
    const sum = (f: (s: (typeof model.sites)[number]) => number) => model.sites.reduce((n, s) => n + f(s), 0);
    return {
        regions: model.regions.length,
        sites: model.sites.length,
        gateways: sum((s) => s.gateways.length),
        plcs: sum((s) => s.plcs.length),
        equipment: sum((s) => s.equipment.length),
        sensors: sum((s) => s.sensors.length),
    };
}
