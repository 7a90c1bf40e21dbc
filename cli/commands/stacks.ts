/** `fleet stacks`: the region stacks and their sites; `--write` writes Pulumi.<region>.yaml. */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import { fleetDir, loadOrFail, outputFormat, printData, withExamples, withOutput, type Io, type OutputOptions } from "../context";

const FORMATS = ["text", "json", "yaml"] as const;

export function register(program: Command, io: Io): void {
    const cmd = program
        .command("stacks")
        .description("list the region stacks and their sites; --write writes Pulumi.<region>.yaml")
        .option("--write", "write or update Pulumi.<region>.yaml (aws:region, fleet:region) for every region")
        .option("--dir <dir>", "fleet directory", ".");
    withOutput(cmd, FORMATS, "text");
    withExamples(cmd, ["fleet stacks", "fleet stacks --write", "fleet stacks -o json"]);
    cmd.action((opts: OutputOptions & { write?: boolean; dir: string }) => {
        const format = outputFormat(opts, FORMATS, "text");
        const model = loadOrFail(opts, io);
        const dir = fleetDir(opts);
        const st = require("../../src/stacks/stack-config") as typeof import("../../src/stacks/stack-config");
        const written = opts.write ? st.writeStackFiles(model, dir) : [];
        const { stacks, stale } = st.stackFiles(model, dir);
        if (format !== "text") {
            printData(io, format, { stacks, stale, written });
            return;
        }
        const width = Math.max(...stacks.map((s) => s.region.length));
        for (const s of stacks) {
            io.out(
                `${s.region.padEnd(width)}  ${s.file} (${s.state})  ${s.sites.length} site${s.sites.length === 1 ? "" : "s"}: ${s.sites.join(", ") || "none"}`,
            );
        }
        for (const f of written) io.out(`wrote ${f}`);
        for (const f of stale) io.err(`warning: ${f} is not the stack file of any region in fleet.yaml; destroy that stack before removing the file`);
        if (!fs.existsSync(path.join(dir, "Pulumi.yaml"))) io.err(`warning: no Pulumi.yaml in ${dir}; fleet preview/up need the Pulumi project file there`);
        if (!opts.write && stacks.some((s) => s.state !== "up to date")) io.err("run fleet stacks --write to write the missing or outdated stack files");
    });
}
