/**
 * `fleet stacks`: the stack layout (global, a platform per region and account, a stack per
 * site) in deployment order; `--write` writes Pulumi.<region>.yaml for the platform stacks.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import { DATA_FORMATS, fleetDir, loadOrFail, outputFormat, printData, withExamples, withOutput, type Io, type OutputOptions } from "../context";

export function register(program: Command, io: Io): void {
    const cmd = program
        .command("stacks")
        .description("list the stacks in deployment order (global, platforms, sites); --write writes Pulumi.<region>.yaml")
        .option("--write", "write or update Pulumi.<region>.yaml (aws:region, fleet:region; fleet:layout in new files) for every region")
        .option("--sites", "list every site stack (text output)")
        .option("--dir <dir>", "fleet directory", ".");
    withOutput(cmd, DATA_FORMATS, "text");
    withExamples(cmd, [
        "fleet stacks",
        "fleet stacks -o json | jq -r '.stacks[] | select(.kind == \"site\") | .name'   # { stacks: [ { name, kind, region, account, sites, dependsOn, file, state, layout } ], stale, written }",
        "fleet stacks --write",
    ]);
    cmd.action((opts: OutputOptions & { write?: boolean; sites?: boolean; dir: string }) => {
        const format = outputFormat(opts, DATA_FORMATS, "text");
        const model = loadOrFail(opts, io);
        const dir = fleetDir(opts);
        const st = require("../../src/stacks/stack-config") as typeof import("../../src/stacks/stack-config");
        const { stackLayout } = require("../../src/stacks/layout") as typeof import("../../src/stacks/layout");
        const written = opts.write ? st.writeStackFiles(model, dir) : [];
        const { stacks: files, stale } = st.stackFiles(model, dir);
        const fileOf = new Map(files.map((f) => [f.region, f]));
        const layout = stackLayout(model);
        const legacy = new Set(files.filter((f) => f.state !== "missing" && f.layout === "region").map((f) => f.region));
        if (format !== "text") {
            const stacks = layout.map((s) => {
                const f = s.kind === "platform" && s.name === s.region ? fileOf.get(s.region) : undefined;
                return {
                    ...s,
                    region: s.region ?? null,
                    ...(f ? { file: f.file, state: f.state, layout: f.state === "missing" ? "stacks" : f.layout } : {}),
                };
            });
            printData(io, format, { stacks, stale, written });
        } else {
            const width = Math.max(...layout.filter((s) => s.kind !== "site").map((s) => s.name.length));
            for (const s of layout) {
                if (s.kind === "global") io.out(`${s.name.padEnd(width)}  global`);
                if (s.kind !== "platform") continue;
                const f = s.name === s.region ? fileOf.get(s.region!) : undefined;
                const file = f ? `  ${f.file} (${f.state}${legacy.has(s.region!) ? ", region layout: holds its sites" : ""})` : "";
                io.out(`${s.name.padEnd(width)}  platform${file}  ${s.sites.length} site${s.sites.length === 1 ? "" : "s"}: ${s.sites.join(", ") || "none"}`);
            }
            const sites = layout.filter((s) => s.kind === "site");
            if (opts.sites) for (const s of sites) io.out(`${s.name}  site  after ${s.dependsOn[0]}`);
            else if (sites.length > 0) io.out(`${sites.length} site stack${sites.length === 1 ? "" : "s"} (<region>.<site>; --sites lists them)`);
        }
        for (const f of written) io.out(`wrote ${f}`);
        for (const f of stale) io.err(`warning: ${f} is not the stack file of any stack of the fleet; destroy that stack before removing the file`);
        for (const r of legacy) io.err(`note: stack ${r} still holds its sites (region layout); fleet migrate stacks moves them to their own stacks`);
        if (!fs.existsSync(path.join(dir, "Pulumi.yaml"))) io.err(`warning: no Pulumi.yaml in ${dir}; fleet preview/up need the Pulumi project file there`);
        if (!opts.write && files.some((s) => s.state !== "up to date")) io.err("run fleet stacks --write to write the missing or outdated stack files");
    });
}
