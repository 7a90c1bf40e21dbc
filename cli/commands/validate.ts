/** `fleet validate`: check fleet.yaml and every site file; all problems at once. */
import type { Command } from "commander";
import { FleetError, formatDiagnostic } from "../../src/model/diagnostics";
import { fleetDir, type Io } from "../context";

export function register(program: Command, io: Io): void {
    program
        .command("validate")
        .description("check fleet.yaml and sites/*.yaml against the format and every semantic rule")
        .option("--dir <dir>", "fleet directory", ".")
        .option("--json", "print the findings as JSON")
        .option("--strict", "fail on warnings too")
        .action((opts: { dir: string; json?: boolean; strict?: boolean }) => {
            const { loadFleet } = require("../../src/model/load") as typeof import("../../src/model/load");
            const result = loadFleet(fleetDir(opts));
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
                        `fleet ${result.model.name}: ${s.regions} region${s.regions === 1 ? "" : "s"}, ${s.sites} site${s.sites === 1 ? "" : "s"}, ${s.gateways} gateways, ${s.plcs} PLCs, ${s.equipment} machines, ${s.sensors} sensors` +
                            (result.warnings ? `; ${result.warnings} warning${result.warnings === 1 ? "" : "s"}` : "") +
                            (failed ? "" : "; valid"),
                    );
                }
            }
            if (failed) {
                throw new FleetError(
                    opts.json ? "" : result.errors > 0 ? `${result.errors} error${result.errors === 1 ? "" : "s"}, ${result.warnings} warning${result.warnings === 1 ? "" : "s"}` : `${result.warnings} warning${result.warnings === 1 ? "" : "s"} (--strict)`,
                    result.diagnostics,
                    1,
                );
            }
        });
}

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
