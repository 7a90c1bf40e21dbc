/**
 * What every command shares: the fleet directory, output streams, error handling with the
 * exit codes of the conventions (0 success, 1 findings or invalid input, 2 usage), and progress
 * that shows only on a terminal outside CI.
 */
import * as path from "node:path";
import { Option, type Command } from "commander";
import { FleetError, formatDiagnostic } from "../src/model/diagnostics";
import type { LoadResult } from "../src/model/load";
import type { FleetModel } from "../src/model/types";

export interface GlobalOptions {
    dir?: string;
    debug?: boolean;
}

export interface Io {
    out: (text: string) => void;
    err: (text: string) => void;
    /** stderr is a terminal someone watches (not CI): progress lines show. */
    isTTY: boolean;
    /** stdout is a terminal: output may be coloured (see src/util/colour). */
    outTTY?: boolean;
}

export const processIo: Io = {
    out: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
    isTTY: Boolean(process.stderr.isTTY) && !process.env.CI,
    outTTY: Boolean(process.stdout.isTTY),
};

/** Whether to colour stdout: a terminal, no NO_COLOR, no --no-color (which sets NO_COLOR for the run). */
export function colourOut(io: Io): boolean {
    const { wantColour } = require("../src/util/colour") as typeof import("../src/util/colour");
    return wantColour(io.outTTY ?? false, process.env);
}

/** The examples of each command, shown by --help and written to docs/cli.md. */
export const EXAMPLES = new WeakMap<Command, string[]>();

/** Add examples (`fleet ...` lines, `# comment` lines allowed) to a command's --help. */
export function withExamples(cmd: Command, examples: string[]): Command {
    EXAMPLES.set(cmd, examples);
    return cmd.addHelpText("after", `\nExamples:\n${examples.map((e) => `  ${e.startsWith("#") ? e : `$ ${e}`}`).join("\n")}\n`);
}

/** The collector of a repeatable option (`--region a --region b` gives `["a", "b"]`). */
export const repeatable = (v: string, acc: string[] = []): string[] => [...acc, v];

/** A command that reads a fleet directory: `--dir` is its first option. */
export function fleetCommand(program: Command, name: string, description: string): Command {
    return program.command(name).description(description).option("--dir <dir>", "fleet directory", ".");
}

/** `--region` and `--site`: the scope of the commands that plan (src/planview/scope.ts). */
export function withScope(cmd: Command, verb: string, siteNote: string): Command {
    return cmd.option("--region <region>", `${verb} only this region`).option("--site <site>", `${verb} only this site (${siteNote})`);
}

export interface OutputOptions {
    output?: string;
    json?: boolean;
    /** The older spelling of -o on some commands, still accepted. */
    format?: string;
}

/** `-o/--output <format>` with `--json` as an alias of `-o json` (when json is a format). */
export function withOutput(cmd: Command, formats: readonly string[], dflt: string, opts: { legacyFormat?: boolean } = {}): Command {
    cmd.option("-o, --output <format>", `output format: ${formats.join(", ")} (default: ${dflt})`);
    if (formats.includes("json")) cmd.option("--json", "same as -o json");
    if (opts.legacyFormat) cmd.addOption(new Option("--format <format>", "same as -o").hideHelp());
    OUTPUTS.set(cmd, { formats, dflt });
    return cmd;
}

export const OUTPUTS = new WeakMap<Command, { formats: readonly string[]; dflt: string }>();

/** The output format a command was asked for; a usage error (exit 2) names the accepted ones. */
export function outputFormat<F extends string>(opts: OutputOptions, formats: readonly F[], dflt: F): F {
    const asked = [opts.json ? "json" : undefined, opts.output, opts.format].filter((x): x is string => x !== undefined);
    if (new Set(asked).size > 1) throw usage(`conflicting output formats ${asked.map((a) => JSON.stringify(a)).join(" and ")}; give one -o`);
    const format = asked[0] ?? dflt;
    if (!(formats as readonly string[]).includes(format)) {
        const { knownList } = require("../src/model/diagnostics") as typeof import("../src/model/diagnostics");
        throw usage(`unknown output format ${JSON.stringify(format)}; ${knownList(format, [...formats], "formats")}`);
    }
    return format as F;
}

/** Print data as JSON or YAML (the same document). */
export function printData(io: Io, format: "json" | "yaml", data: unknown): void {
    if (format === "json") io.out(JSON.stringify(data, null, 2));
    else {
        const YAML = require("yaml") as typeof import("yaml");
        io.out(YAML.stringify(JSON.parse(JSON.stringify(data)) as unknown, { lineWidth: 0 }));
    }
}

export function fleetDir(opts: GlobalOptions): string {
    return path.resolve(opts.dir ?? process.cwd());
}

/**
 * Load a fleet directory the way every command does: cached, with suppressions checked against
 * the policy pack's rule names (the model layer does not import the pack; LoadOptions.knownRules).
 */
export function loadFleetDir(dir: string): LoadResult {
    const { loadFleet } = require("../src/model/load") as typeof import("../src/model/load");
    const { MANDATORY_RULES, POLICY_NAMES } = require("../policies/catalogue") as typeof import("../policies/catalogue");
    const { QUOTAS } = require("../src/quotas/catalogue") as typeof import("../src/quotas/catalogue");
    return loadFleet(dir, { cache: true, knownRules: POLICY_NAMES, mandatoryRules: MANDATORY_RULES, quotaKeys: QUOTAS.map((q) => q.key) });
}

/** Load and validate; on errors print them and throw a FleetError (exit 1). */
export function loadOrFail(opts: GlobalOptions, io: Io): FleetModel {
    const result: LoadResult = loadFleetDir(fleetDir(opts));
    for (const d of result.diagnostics) io.err(formatDiagnostic(d));
    if (!result.model) {
        throw new FleetError(`${result.errors} error${result.errors === 1 ? "" : "s"} in the fleet files; run \`fleet validate\` for details`, [], 1);
    }
    return result.model;
}

/** Progress on stderr, only where someone watches a terminal. */
export function progress(io: Io, text: string): void {
    if (io.isTTY) io.err(`… ${text}`);
}

/** The formats of the commands whose output is a summary or data: text for people, JSON and YAML for scripts. */
export const DATA_FORMATS = ["text", "json", "yaml"] as const;

/** A usage error: exit code 2. */
export function usage(message: string): FleetError {
    return new FleetError(message, [], 2);
}

/** The site named on the command line, or a usage error (exit 2) with a did-you-mean and the known sites. */
export { findSite } from "../src/model/lookup";

/**
 * The `fleet:` settings of the global stack from Pulumi.global.yaml in the fleet directory, when
 * there is one (homeRegion, repository, branch, deployRoleArns); {} otherwise.
 */
export function globalConfig(dir: string): Record<string, unknown> {
    const fs = require("node:fs") as typeof import("node:fs");
    const file = path.join(dir, "Pulumi.global.yaml");
    if (!fs.existsSync(file)) return {};
    const YAML = require("yaml") as typeof import("yaml");
    let doc: unknown;
    try {
        doc = YAML.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new FleetError(`${file}: not valid YAML (${(e as Error).message.split("\n")[0]})`, [], 1);
    }
    const config = (doc as { config?: Record<string, unknown> } | null)?.config ?? {};
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(config)) if (k.startsWith("fleet:")) out[k.slice("fleet:".length)] = v;
    return out;
}
