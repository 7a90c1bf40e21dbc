/** `fleet affected --base REF`: the stacks a change touches (fleet files compared as models, code paths by kind). */
import type { Command } from "commander";
import { formatDiagnostic } from "../../src/model/diagnostics";
import { fleetDir, loadOrFail, outputFormat, printData, usage, type Io, type OutputOptions, withExamples, withOutput } from "../context";

const FORMATS = ["text", "json", "yaml", "github"] as const;

interface AffectedOptions extends OutputOptions {
    base: string;
    dir: string;
    maxJobs: string;
}

export function register(program: Command, io: Io): void {
    const cmd = program
        .command("affected")
        .description(
            "list the stacks a change touches, against a git revision, in deployment order (-o github: lines for $GITHUB_OUTPUT with chunked stack lists)",
        )
        .requiredOption("--base <ref>", "git revision to compare with (branch, tag, commit)");
    withOutput(cmd, FORMATS, "text", { legacyFormat: true });
    withExamples(
        cmd
            .option("--max-jobs <n>", "github: at most this many chunks per kind (a matrix makes at most 256 jobs)", "256")
            .option("--dir <dir>", "fleet directory", "."),
        ["fleet affected --base main", 'fleet affected --base "$BASE_SHA" -o github >> "$GITHUB_OUTPUT"', "fleet affected --base HEAD~1 -o json"],
    ).action((opts: AffectedOptions) => {
        const format = outputFormat(opts, FORMATS, "text");
        const maxJobs = Number(opts.maxJobs);
        if (!Number.isInteger(maxJobs) || maxJobs < 1) throw usage(`--max-jobs must be a whole number of 1 or more, not ${JSON.stringify(opts.maxJobs)}`);
        const head = loadOrFail(opts, io);
        const dir = fleetDir(opts);
        const { materializeAtRef } = require("../../src/diff/git") as typeof import("../../src/diff/git");
        const { loadFleet } = require("../../src/model/load") as typeof import("../../src/model/load");
        const { changedSince } = require("../../src/stacks/changes") as typeof import("../../src/stacks/changes");
        const { affectedStacks } = require("../../src/stacks/affected") as typeof import("../../src/stacks/affected");
        const at = materializeAtRef(dir, opts.base);
        let base;
        try {
            const loaded = loadFleet(at.dir, { cache: true });
            if (!loaded.model) {
                for (const d of loaded.diagnostics.filter((x) => x.level === "error")) io.err(`${opts.base}:${formatDiagnostic(d)}`);
                io.err(`warning: the fleet files at ${opts.base} do not load; every stack counts as affected`);
            }
            base = loaded.model;
        } finally {
            at.cleanup();
        }
        const changes = changedSince(dir, opts.base);
        const stacks = affectedStacks({ head, base, changed: changes.paths, fleetPrefix: changes.prefix });
        if (format === "json" || format === "yaml") printData(io, format, { base: { ref: opts.base, commit: at.commit }, stacks });
        else if (format === "github") {
            const { githubOutputs } = require("../../src/stacks/ci") as typeof import("../../src/stacks/ci");
            io.out(githubOutputs(stacks, maxJobs));
        } else if (stacks.length === 0) io.out(`no stack is affected since ${opts.base}`);
        else
            for (const s of stacks)
                io.out(`${s.stack.padEnd(Math.max(...stacks.map((x) => x.stack.length)))}  ${s.removed ? "REMOVED (destroy it) " : ""}${s.reasons.join("; ")}`);
    });
}
