/** `fleet ci github-actions|codebuild`: write the CI definition that fans the stacks out. */
import * as path from "node:path";
import type { Command } from "commander";
import { fleetDir, loadOrFail, usage, type Io, withExamples } from "../context";

interface CiOptions {
    dir: string;
    out?: string;
    stdout?: boolean;
    perAccount: string;
    maxJobs?: string;
    maxBuilds?: string;
    branch: string;
    operation: string;
}

const whole = (name: string, value: string, min = 1): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw usage(`${name} must be a whole number of ${min} or more, not ${JSON.stringify(value)}`);
    return n;
};

type OptionSpec = [flags: string, description: string, dflt: string];

/** A CI target: its file, how many stacks run at once, its limit and its one choice, in the order --help lists them. */
function target(ci: Command, name: string, t: { description: string; file: string; unit: string; max: OptionSpec; choice: OptionSpec }): Command {
    return ci
        .command(name)
        .description(t.description)
        .option("--out <file>", "where to write", t.file)
        .option("--stdout", "print instead of writing")
        .option("--per-account <n>", `stacks at once per account inside a ${t.unit}`, "4")
        .option(...t.max)
        .option(...t.choice)
        .option("--dir <dir>", "fleet directory", ".");
}

export function register(program: Command, io: Io): void {
    const ci = program.command("ci").description("write the CI definition that deploys the stacks: GitHub Actions workflow or CodeBuild batch buildspec");
    withExamples(
        target(ci, "github-actions", {
            description:
                "write .github/workflows/fleet.yml: affected stacks, then global, platforms and sites as matrix jobs (preview on pull requests, up on the branch)",
            file: ".github/workflows/fleet.yml",
            unit: "job",
            max: ["--max-jobs <n>", "matrix jobs per kind at most (GitHub: 256 per workflow run)", "256"],
            choice: ["--branch <branch>", "the branch that deploys", "main"],
        }),
        ["fleet ci github-actions", "fleet ci github-actions --branch release --per-account 8 --stdout"],
    ).action((opts: CiOptions) => {
        const { githubWorkflow } = require("../../src/stacks/ci") as typeof import("../../src/stacks/ci");
        const wf = githubWorkflow({
            perAccount: whole("--per-account", opts.perAccount),
            maxJobs: whole("--max-jobs", opts.maxJobs!),
            branch: opts.branch,
        });
        emit(io, opts, "# Written by `fleet ci github-actions`; regenerate instead of editing.", wf);
    });
    withExamples(
        target(ci, "codebuild", {
            description: "write buildspec.fleet.yml: a CodeBuild batch build graph (global, platforms, site chunks) for the delivery pipeline",
            file: "buildspec.fleet.yml",
            unit: "build",
            max: ["--max-builds <n>", "builds in the batch at most (the project's maximum-builds-allowed)", "100"],
            choice: ["--operation <op>", "preview or up", "up"],
        }),
        ["fleet ci codebuild", "fleet ci codebuild --operation preview --max-builds 50 --stdout"],
    ).action((opts: CiOptions) => {
        if (opts.operation !== "preview" && opts.operation !== "up") throw usage(`--operation must be preview or up, not ${JSON.stringify(opts.operation)}`);
        const model = loadOrFail(opts, io);
        const { stackLayout } = require("../../src/stacks/layout") as typeof import("../../src/stacks/layout");
        const { codebuildBuildspec } = require("../../src/stacks/ci") as typeof import("../../src/stacks/ci");
        let spec;
        try {
            spec = codebuildBuildspec(stackLayout(model), {
                maxBuilds: whole("--max-builds", opts.maxBuilds!),
                perAccount: whole("--per-account", opts.perAccount),
                operation: opts.operation,
            });
        } catch (e) {
            throw usage((e as Error).message);
        }
        emit(io, opts, "# Written by `fleet ci codebuild` from the stack layout; regenerate when sites are added or removed.", spec);
    });
}

function emit(io: Io, opts: CiOptions, header: string, doc: unknown): void {
    const YAML = require("yaml") as typeof import("yaml");
    const text = `${header}\n${YAML.stringify(doc, { lineWidth: 0 })}`;
    if (opts.stdout) {
        io.out(text);
        return;
    }
    const { writeFileAtomic } = require("../../src/util/atomic-write") as typeof import("../../src/util/atomic-write");
    const file = path.resolve(fleetDir(opts), opts.out!);
    require("node:fs").mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomic(file, text);
    io.err(`wrote ${path.relative(process.cwd(), file) || file}`);
}
