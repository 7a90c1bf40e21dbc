/** `fleet policies [--markdown]`: the rules of the pack, their severity and what each mirrors. */
import type { Command } from "commander";
import type { Io } from "../context";

export function register(program: Command, io: Io): void {
    program
        .command("policies")
        .description("list the policy rules with severity, scope and what each mirrors")
        .option("--markdown", "print docs/policies.md")
        .option("--json", "print the catalogue as JSON")
        .action((opts: { markdown?: boolean; json?: boolean }) => {
            const { CATALOGUE } = require("../../policies/catalogue") as typeof import("../../policies/catalogue");
            if (opts.json) return io.out(JSON.stringify(CATALOGUE, null, 2));
            if (opts.markdown) {
                const { policiesMarkdown } = require("../../src/check/docs") as typeof import("../../src/check/docs");
                return io.out(policiesMarkdown());
            }
            const width = Math.max(...CATALOGUE.map((p) => p.name.length));
            for (const p of CATALOGUE) io.out(`${p.name.padEnd(width)}  ${p.severity.padEnd(9)}  ${p.description}  (mirrors ${p.mirrors})`);
        });
}
