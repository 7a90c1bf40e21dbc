/** `fleet init site NAME --region R`: a valid starter site file; never overwrites. */
import type { Command } from "commander";
import { FleetError } from "../../src/model/diagnostics";
import { fleetDir, type Io } from "../context";

/**
 * A user-input error (exit 1, or 2 for usage) without a stack trace: it is an answer, not a
 * failure of the program, so not even --debug shows a stack for it.
 */
function userError(message: string, exitCode: 1 | 2): FleetError {
    const e = new FleetError(message, [], exitCode);
    e.stack = "";
    return e;
}

export function register(program: Command, io: Io): void {
    const init = program.command("init").description("create starter files");
    init.command("site <name>")
        .description("write sites/<name>.yaml, a valid starter site (never overwrites a file)")
        .requiredOption("--region <region>", "a region of fleet.yaml")
        .option("--dir <dir>", "fleet directory", ".")
        .action((name: string, opts: { region: string; dir: string }) => {
            const { writeStarterSite } = require("../../src/scaffold") as typeof import("../../src/scaffold");
            const result = writeStarterSite(fleetDir(opts), name, opts.region);
            if ("usage" in result) throw userError(result.usage, 2);
            if ("error" in result) throw userError(result.error, 1);
            io.out(`wrote ${result.file}; edit it, then run \`fleet validate\``);
        });
}
