/** `fleet init site NAME --region R`: a valid starter site file; never overwrites. */
import type { Command } from "commander";
import { FleetError } from "../../src/model/diagnostics";
import { fleetDir, usage, type Io } from "../context";

export function register(program: Command, io: Io): void {
    const init = program.command("init").description("create starter files");
    init.command("site <name>")
        .description("write sites/<name>.yaml, a valid starter site")
        .requiredOption("--region <region>", "a region of fleet.yaml")
        .option("--dir <dir>", "fleet directory", ".")
        .action((name: string, opts: { region: string; dir: string }) => {
            const { writeStarterSite } = require("../../src/scaffold") as typeof import("../../src/scaffold");
            const result = writeStarterSite(fleetDir(opts), name, opts.region);
            if ("usage" in result) throw usage(result.usage);
            if ("error" in result) throw new FleetError(result.error, [], 1);
            io.out(`wrote ${result.file}; edit it, then run \`fleet validate\``);
        });
}
