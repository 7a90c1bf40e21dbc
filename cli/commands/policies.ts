/** `fleet policies [--markdown]`: the rules of the pack, their severity and what each mirrors. */
import type { Command } from "commander";
import { outputFormat, printData, withExamples, withOutput, type Io, type OutputOptions } from "../context";

const FORMATS = ["text", "json", "yaml", "markdown"] as const;

export function register(program: Command, io: Io): void {
    const cmd = program
        .command("policies")
        .description("list the policy rules with severity, scope and what each mirrors")
        .option("--markdown", "same as -o markdown: print docs/policies.md");
    withOutput(cmd, FORMATS, "text");
    withExamples(cmd, ["fleet policies", "fleet policies -o json", "fleet policies -o markdown > docs/policies.md"]);
    cmd.action((opts: OutputOptions & { markdown?: boolean }) => {
        const format = outputFormat({ ...opts, output: opts.output ?? (opts.markdown ? "markdown" : undefined) }, FORMATS, "text");
        const { CATALOGUE } = require("../../policies/catalogue") as typeof import("../../policies/catalogue");
        if (format === "json" || format === "yaml") return printData(io, format, CATALOGUE);
        if (format === "markdown") {
            const { policiesMarkdown } = require("../../src/check/docs") as typeof import("../../src/check/docs");
            return io.out(policiesMarkdown());
        }
        const width = Math.max(...CATALOGUE.map((p) => p.name.length));
        for (const p of CATALOGUE) io.out(`${p.name.padEnd(width)}  ${p.severity.padEnd(9)}  ${p.description}  (mirrors ${p.mirrors})`);
    });
}
