/**
 * The `fleet` CLI. Commands live one per file in `cli/commands/` and load their heavy modules
 * only when they run, so `fleet --help` starts fast.
 */
import { Command, CommanderError } from "commander";
import { FleetError } from "../src/model/diagnostics";
import { EXAMPLES, processIo, withExamples, type Io } from "./context";
import { EXAMPLES_BY_PATH, HELP_HAS_EXAMPLES } from "./examples";

/** Modules under cli/commands/, each exporting `register(program, io)`. */
const COMMANDS = [
    "validate",
    "init",
    "plan",
    "generate",
    "diff",
    "graph",
    "stacks",
    "deploy",
    "inventory",
    "check",
    "policies",
    "export",
    "certs",
    "bootstrap",
    "dashboards",
    "forecast",
    "completion",
    "quotas",
    "affected",
    "ci",
    "migrate",
    "edge",
    "models",
    "quarantine",
];

/** Exit codes of every command (docs/cli.md). */
export const EXIT_CODES: [number, string][] = [
    [0, "success (for `diff --exit-code`: nothing changed)"],
    [1, "invalid fleet files, policy violations or a failed run"],
    [2, "usage error: unknown command, option, format, region or site"],
    [3, "`fleet diff --exit-code` only: the fleet files change something"],
    [70, "internal error (a bug: run again with --debug and report the stack trace)"],
];

export function buildProgram(io: Io = processIo): Command {
    const pkg = require("../../package.json") as { version: string };
    const program = new Command("fleet")
        .description("Provision an IoT smart-manufacturing platform on AWS from plant YAML files.")
        .version(pkg.version, "-V, --version")
        .option("--debug", "show stack traces for unexpected errors")
        .option("--no-cache", "do not read or write the disk cache (checked site files, Lambda bundles); same as FLEET_NO_CACHE=1")
        .option("--no-color", "no colour in the output; same as NO_COLOR=1 (colour shows only on a terminal)")
        .showSuggestionAfterError(true)
        .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
        .exitOverride()
        // Commands and the modules they load read --debug from the environment (the offline plan
        // keeps the Pulumi runtime's stack traces only then).
        .hook("preAction", (cmd) => {
            if (cmd.opts().debug) process.env.FLEET_DEBUG = "1";
            if (cmd.opts().cache === false) process.env.FLEET_NO_CACHE = "1";
            if (cmd.opts().color === false) process.env.NO_COLOR = "1";
        })
        .addHelpText("after", `\nExit codes:\n${EXIT_CODES.map(([c, t]) => `  ${String(c).padEnd(3)} ${t}`).join("\n")}\n`);
    for (const name of COMMANDS) {
        (require(`./commands/${name}`) as { register: (p: Command, io: Io) => void }).register(program, io);
    }
    const walk = (cmd: Command, prefix: string[]) => {
        for (const c of cmd.commands) {
            const key = [...prefix, c.name()].join(" ");
            if (!EXAMPLES.has(c) && EXAMPLES_BY_PATH[key]) withExamples(c, EXAMPLES_BY_PATH[key]);
            else if (!EXAMPLES.has(c) && HELP_HAS_EXAMPLES[key]) EXAMPLES.set(c, HELP_HAS_EXAMPLES[key]);
            walk(c, [...prefix, c.name()]);
        }
    };
    walk(program, []);
    return program;
}

/** Run the CLI; resolves to the exit code instead of exiting, so tests can call it in-process. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
    const program = buildProgram(io);
    // --debug and --no-cache reach the modules through the environment for this run only.
    const env = { debug: process.env.FLEET_DEBUG, noCache: process.env.FLEET_NO_CACHE, noColor: process.env.NO_COLOR };
    try {
        await program.parseAsync(argv);
        return 0;
    } catch (e) {
        if (e instanceof CommanderError) {
            if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return 0;
            return e.exitCode === 0 ? 0 : 2;
        }
        if (e instanceof FleetError) {
            if (e.message) io.err(`fleet: ${e.message}`);
            if (program.opts().debug && e.stack) io.err(e.stack);
            return e.exitCode;
        }
        const err = e as Error;
        io.err(`fleet: internal error: ${err?.message ?? String(e)}${program.opts().debug ? `\n${err?.stack ?? ""}` : " (run with --debug for details)"}`);
        return 70;
    } finally {
        restoreEnv("FLEET_DEBUG", env.debug);
        restoreEnv("FLEET_NO_CACHE", env.noCache);
        restoreEnv("NO_COLOR", env.noColor);
    }
}

function restoreEnv(name: string, value: string | undefined): void {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
}
