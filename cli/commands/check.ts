/**
 * `fleet check`: the policy pack, offline. Without a file it plans the program under mocks and
 * checks the plan and the sites' designs; with --stack-export or --preview-json it checks a
 * deployed stack or a real preview. Exit 1 on any unsuppressed mandatory violation.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import {
    fleetCommand,
    fleetDir,
    globalConfig,
    loadOrFail,
    outputFormat,
    progress,
    usage,
    withExamples,
    withOutput,
    withScope,
    type Io,
    type OutputOptions,
} from "../context";

interface CheckCommandOptions extends OutputOptions {
    stack?: string;
    dir: string;
    region?: string;
    site?: string;
    stackExport?: string;
    previewJson?: string;
    out?: string;
    docsUrl?: string;
}

const FORMATS = ["text", "json", "yaml", "sarif"] as const;

export function register(program: Command, io: Io): void {
    const cmd = withScope(
        fleetCommand(program, "check", "check the planned resources and the site designs against the policy pack (docs/policies.md)"),
        "check",
        "with its region's platform",
    )
        .option("--stack-export <file>", "check a `pulumi stack export` file instead of the plan")
        .option("--preview-json <file>", "check the output of `pulumi preview --json` instead of the plan")
        .option(
            "--stack <stack>",
            "check one stack: `global` (state backend and delivery pipeline) or a region; without a scope every region and the global stack",
        )
        .option("--out <file>", "write the report to a file instead of standard output")
        .option("--docs-url <url>", "https address of docs/policies.md for SARIF help links (default: FLEET_DOCS_URL, else the repository's docs)");
    withOutput(cmd, FORMATS, "text", { legacyFormat: true });
    withExamples(cmd, [
        "fleet check",
        "fleet check --site stuttgart-body -o json",
        "fleet check -o sarif --out fleet.sarif      # upload to code scanning",
        "fleet check --stack-export prod.json",
    ]);
    cmd.action(async (opts: CheckCommandOptions) => {
        if (opts.output !== undefined && !(FORMATS as readonly string[]).includes(opts.output) && /[./\\]/.test(opts.output))
            throw usage(`-o/--output takes a format (${FORMATS.join(", ")}); write the report to ${opts.output} with --out ${opts.output}`);
        const format = outputFormat(opts, FORMATS, "text");
        if (opts.stackExport && opts.previewJson) throw usage("give either --stack-export or --preview-json, not both");
        const run = require("../../src/check/run") as typeof import("../../src/check/run");
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
                { ...opts, format, globalConfig: globalConfig(fleetDir(opts)) },
                (text) => progress(io, text),
                (line) => io.err(line),
            );
        }
        const text = run.render(result, format, sites, { dir: fleetDir(opts), docsUrl: opts.docsUrl });
        if (opts.out) {
            const { writeFileAtomic } = require("../../src/util/atomic-write") as typeof import("../../src/util/atomic-write");
            writeFileAtomic(path.resolve(opts.out), `${text}\n`);
            io.err(`wrote ${opts.out}`);
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
