/**
 * The reference part of docs/cli.md, generated from the command definitions: every command, its
 * arguments, options (with defaults) and examples, the global options and the exit codes.
 * `node dist/cli/docs.js --write` rewrites the part between the markers; a test pins it.
 */
import { writeFileAtomic } from "../src/util/atomic-write";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import { EXAMPLES, type Io } from "./context";
import { buildProgram, EXIT_CODES } from "./index";

export const BEGIN = "<!-- BEGIN reference: generated from the command definitions by `node dist/cli/docs.js --write`; do not edit -->";
export const END = "<!-- END reference -->";

const silent: Io = { out: () => undefined, err: () => undefined, isTTY: false };

function cell(s: string): string {
    return s.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function optionRows(cmd: Command): string[] {
    const rows = cmd.options
        .filter((o) => !o.hidden)
        .map((o) => {
            const dflt = o.defaultValue !== undefined && typeof o.defaultValue !== "boolean" ? ` (default: \`${String(o.defaultValue)}\`)` : "";
            return `| \`${cell(o.flags)}\` | ${cell(o.description)}${dflt} |`;
        });
    return rows.length ? ["| option | meaning |", "| --- | --- |", ...rows] : [];
}

function commandSection(cmd: Command, pathParts: string[]): string[] {
    const name = ["fleet", ...pathParts].join(" ");
    const out = [`### \`${name}\``, "", cmd.description(), "", "```", `${name} ${cmd.usage()}`.trimEnd(), "```", ""];
    const args = (cmd as unknown as { registeredArguments: { name(): string; description: string; required: boolean }[] }).registeredArguments ?? [];
    if (args.length) {
        out.push(
            "| argument | meaning |",
            "| --- | --- |",
            ...args.map((a) => `| \`${a.required ? `<${a.name()}>` : `[${a.name()}]`}\` | ${cell(a.description)} |`),
            "",
        );
    }
    const rows = optionRows(cmd);
    if (rows.length) out.push(...rows, "");
    const subs = cmd.commands.map((c) => `\`${name} ${c.name()}\``);
    if (subs.length) out.push(`Subcommands: ${subs.join(", ")}.`, "");
    const examples = EXAMPLES.get(cmd);
    if (examples?.length) out.push("Examples:", "", "```", ...examples.map((e) => (e.startsWith("#") ? e : `$ ${e}`)), "```", "");
    return out;
}

export function renderReference(program: Command = buildProgram(silent)): string {
    const out = [BEGIN, "", "## Reference", "", "### Global options", "", "Given before the command (`fleet --debug plan`).", "", ...optionRows(program), ""];
    out.push("### Exit codes", "", "| code | meaning |", "| --- | --- |", ...EXIT_CODES.map(([c, t]) => `| ${c} | ${cell(t)} |`), "");
    const walk = (cmd: Command, prefix: string[]) => {
        for (const c of cmd.commands) {
            out.push(...commandSection(c, [...prefix, c.name()]));
            walk(c, [...prefix, c.name()]);
        }
    };
    walk(program, []);
    out.push(END);
    return out.join("\n");
}

/** docs/cli.md with its reference part replaced by `reference`. */
export function withReference(doc: string, reference: string): string {
    const a = doc.indexOf(BEGIN);
    const b = doc.indexOf(END);
    if (a < 0 || b < a) return `${doc.trimEnd()}\n\n${reference}\n`;
    return `${doc.slice(0, a)}${reference}${doc.slice(b + END.length)}`;
}

export const CLI_DOC = path.resolve(__dirname, "..", "..", "docs", "cli.md");

if (require.main === module) {
    const doc = fs.readFileSync(CLI_DOC, "utf8");
    const next = withReference(doc, renderReference());
    if (process.argv.includes("--write")) {
        writeFileAtomic(CLI_DOC, next);
        process.stdout.write(`wrote ${CLI_DOC}\n`);
    } else if (next !== doc) {
        process.stderr.write("docs/cli.md is out of date: run node dist/cli/docs.js --write\n");
        process.exitCode = 1;
    }
}
