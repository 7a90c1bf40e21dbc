/**
 * `fleet generate --sites N --gateways G --equipment E --out DIR`: a valid synthetic fleet of any
 * size, for benchmarks, scale tests and demos. Thin: the generator lives in src/generate.
 */
import type { Command } from "commander";
import { DATA_FORMATS, outputFormat, printData, progress, usage, type Io, type OutputOptions, withOutput } from "../context";

interface GenerateFlags extends OutputOptions {
    sites: string;
    gateways: string;
    equipment: string;
    out: string;
    seed?: string;
    regions?: string;
    provisioning?: string;
    oneOffSensors?: string;
    fleetName?: string;
    force?: boolean;
}

/** A whole number from a flag, or a usage error naming the flag. */
function whole(flag: string, text: string | undefined): number | undefined {
    if (text === undefined) return undefined;
    if (!/^[0-9]{1,10}$/.test(text.replace(/_/g, ""))) throw usage(`--${flag} ${JSON.stringify(text)}: expected a whole number`);
    return Number(text.replace(/_/g, ""));
}

export function register(program: Command, io: Io): void {
    const cmd = program
        .command("generate")
        .description("write a valid synthetic fleet of any size (for benchmarks and scale tests)")
        .requiredOption("--sites <n>", "number of sites")
        .option("--gateways <g>", "gateways per site", "4")
        .option("--equipment <e>", "machines per site (each expands into its type's sensors)", "20")
        .requiredOption("--out <dir>", "directory to write (must be empty or new, unless --force)")
        .option("--seed <s>", "seed of the random choices; the same seed writes the same files", "1")
        .option("--regions <r>", "number of AWS regions the sites spread over", "2")
        .option("--provisioning <mode>", "one provisioning mode for every site (default: fleet-claim, csr, aws-generated in rotation)")
        .option("--one-off-sensors <k>", "one-off sensors per site (default: 2 to 4)")
        .option("--fleet-name <name>", "fleet name, prefix of every AWS name", "acme")
        .option("--force", "write into a directory that is not empty, replacing the generated files");
    withOutput(cmd, DATA_FORMATS, "text");
    cmd.action((flags: GenerateFlags) => {
        const format = outputFormat(flags, DATA_FORMATS, "text");
        const { writeFleet } = require("../../src/generate/write") as typeof import("../../src/generate/write");
        const started = process.hrtime.bigint();
        const options = {
            sites: whole("sites", flags.sites)!,
            gateways: whole("gateways", flags.gateways)!,
            equipment: whole("equipment", flags.equipment)!,
            seed: whole("seed", flags.seed),
            regions: whole("regions", flags.regions),
            provisioning: flags.provisioning as import("../../src/model/types").ProvisioningMode | undefined,
            oneOffSensors: whole("one-off-sensors", flags.oneOffSensors),
            fleetName: flags.fleetName,
        };
        let shown = 0;
        const summary = writeFleet(flags.out, options, {
            force: flags.force,
            onSite: (done, total) => {
                if (done === total || done - shown >= Math.max(100, total / 10)) {
                    shown = done;
                    progress(io, `${done}/${total} sites`);
                }
            },
        });
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        if (format !== "text") {
            printData(io, format, { ...summary, seconds: Number(seconds.toFixed(3)) });
        } else {
            const modes = Object.entries(summary.modes)
                .map(([m, n]) => `${m} ${n}`)
                .join(", ");
            io.out(
                `wrote ${summary.sites} site${summary.sites === 1 ? "" : "s"} in ${summary.regions} region${summary.regions === 1 ? "" : "s"} to ${summary.dir}: ` +
                    `${summary.gateways} gateways, ${summary.plcs} PLCs, ${summary.equipment} machines, ${summary.sensors} sensors, ${summary.csrs} CSRs (${modes}); ` +
                    `${summary.files} files, ${(summary.bytes / 1048576).toFixed(1)} MiB in ${seconds.toFixed(1)} s; check it with \`fleet validate --dir ${flags.out}\``,
            );
        }
        if (summary.leftOver.length > 0) {
            io.err(
                `fleet: warning: ${summary.leftOver.length} other site file${summary.leftOver.length === 1 ? " is" : "s are"} in ${summary.dir}/sites and now part of the fleet (${summary.leftOver.slice(0, 3).join(", ")}${summary.leftOver.length > 3 ? ", ..." : ""}); remove them or generate into an empty directory`,
            );
        }
    });
}
