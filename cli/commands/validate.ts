/** `fleet validate`: check fleet.yaml and every site file; all problems at once. */
import type { Command } from "commander";
import { FleetError, formatDiagnostic } from "../../src/model/diagnostics";
import { fleetDir, loadFleetDir, type Io } from "../context";

export function register(program: Command, io: Io): void {
    program
        .command("validate")
        .description("check fleet.yaml and sites/*.yaml against the format and every semantic rule; exit 1 on errors")
        .option("--dir <dir>", "fleet directory", ".")
        .option("--json", "print {valid, errors, warnings, files, diagnostics} as JSON on stdout")
        .option("--strict", "fail on warnings too (exit 1)")
        .action((opts: { dir: string; json?: boolean; strict?: boolean }) => {
            const result = loadFleetDir(fleetDir(opts));
            const failed = result.errors > 0 || (opts.strict === true && result.warnings > 0);
            if (opts.json) {
                io.out(
                    JSON.stringify(
                        {
                            valid: !failed,
                            errors: result.errors,
                            warnings: result.warnings,
                            files: result.files,
                            diagnostics: result.diagnostics,
                            summary: result.model ? summarize(result.model) : undefined,
                        },
                        null,
                        2,
                    ),
                );
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
                    opts.json
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
