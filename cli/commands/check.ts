/**
 * `fleet check`: the policy pack, offline. Without a file it plans the program under mocks and
 * checks the plan and the sites' designs; with --stack-export or --preview-json it checks a
 * deployed stack or a real preview. Exit 1 on any unsuppressed mandatory violation.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import { fleetDir, loadOrFail, progress, usage, type Io } from "../context";

interface CheckCommandOptions {
    dir: string;
    region?: string;
    site?: string;
    format: string;
    stackExport?: string;
    previewJson?: string;
    output?: string;
}

const FORMATS = ["text", "json", "sarif"] as const;

export function register(program: Command, io: Io): void {
    program
        .command("check")
        .description("check the planned resources and the site designs against the policy pack (docs/policies.md)")
        .option("--dir <dir>", "fleet directory", ".")
        .option("--region <region>", "check only this region")
        .option("--site <site>", "check only this site (with its region's platform)")
        .option("--format <format>", "text, json or sarif", "text")
        .option("--stack-export <file>", "check a `pulumi stack export` file instead of the plan")
        .option("--preview-json <file>", "check the output of `pulumi preview --json` instead of the plan")
        .option("--output <file>", "write the report to a file instead of standard output")
        .action(async (opts: CheckCommandOptions) => {
            if (!(FORMATS as readonly string[]).includes(opts.format))
                throw usage(`unknown format ${JSON.stringify(opts.format)}; accepted: ${FORMATS.join(", ")}`);
            if (opts.stackExport && opts.previewJson) throw usage("give either --stack-export or --preview-json, not both");
            const run = require("../../src/check/run") as typeof import("../../src/check/run");
            const format = opts.format as (typeof FORMATS)[number];
            let result: import("../../src/check/engine").CheckResult;
            let sites: import("../../src/model/types").SiteModel[] = [];
            if (opts.stackExport || opts.previewJson) {
                if (opts.region) throw usage("--region selects what to plan; a stack export or preview holds one stack already");
                // Suppressions come from the fleet files when there are any.
                let model: import("../../src/model/types").FleetModel | undefined;
                if (fs.existsSync(path.join(fleetDir(opts), "fleet.yaml"))) model = loadOrFail(opts, io);
                sites = model?.sites ?? [];
                result = run.checkFile({ ...opts, format }, model);
            } else {
                const model = loadOrFail(opts, io);
                sites = model.sites;
                result = await run.checkPlans(
                    model,
                    { ...opts, format },
                    (text) => progress(io, text),
                    (line) => io.err(line),
                );
            }
            const text = run.render(result, format, sites);
            if (opts.output) {
                const { writeFileAtomic } = require("../../src/util/atomic-write") as typeof import("../../src/util/atomic-write");
                writeFileAtomic(path.resolve(opts.output), `${text}\n`);
                io.err(`wrote ${opts.output}`);
                if (format !== "text") io.out(run.render(result, "text", sites).split("\n").pop() ?? "");
            } else {
                io.out(text);
            }
            if (run.exitCodeOf(result) === 1) {
                const { FleetError } = require("../../src/model/diagnostics") as typeof import("../../src/model/diagnostics");
                throw new FleetError(
                    format === "text" ? "unsuppressed mandatory policy violations; fix them or add a suppression with a reason to the site file" : "",
                    [],
                    1,
                );
            }
        });
}
