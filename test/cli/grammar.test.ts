/** One CLI grammar: -o/--output everywhere data is printed, examples in every --help, completion, docs/cli.md generated. */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import { CLI_DOC, renderReference, withReference } from "../../cli/docs";
import { EXAMPLES, type Io } from "../../cli/context";
import { buildProgram } from "../../cli/index";
import { fleet, ROOT } from "./helpers";

const silent: Io = { out: () => undefined, err: () => undefined, isTTY: false };

function leaves(cmd: Command, prefix: string[] = []): [string, Command][] {
    return cmd.commands.flatMap((c) => (c.commands.length ? leaves(c, [...prefix, c.name()]) : [[[...prefix, c.name()].join(" "), c] as [string, Command]]));
}

describe("cli grammar", function () {
    this.timeout(120_000);

    it("docs/cli.md holds the reference generated from the command definitions (run node dist/cli/docs.js --write)", () => {
        const doc = fs.readFileSync(CLI_DOC, "utf8");
        assert.equal(withReference(doc, renderReference()), doc);
        for (const [name] of leaves(buildProgram(silent))) assert.ok(doc.includes(`### \`fleet ${name}\``), name);
        assert.doesNotMatch(doc, /\.\.\/shared|shared\/design/, "docs/cli.md is self-contained");
    });

    it("every runnable command has examples in its --help", () => {
        const program = buildProgram(silent);
        const missing = leaves(program)
            .filter(([, c]) => !(EXAMPLES.get(c)?.length ?? 0))
            .map(([n]) => n);
        assert.deepEqual(missing, []);
        const help = fleet(["plan", "--help"]);
        assert.equal(help.code, 0);
        assert.match(help.stdout, /\nExamples:\n {2}\$ fleet plan\n/);
        assert.match(fleet(["--help"]).stdout, /\nExit codes:\n {2}0 {3}success/);
    });

    it("-o json (and --json) on validate, check, inventory, policies and stacks; -o yaml the same data; bad formats exit 2", () => {
        const dir = ["--dir", ROOT];
        const v = JSON.parse(fleet(["validate", "-o", "json", ...dir]).stdout) as { valid: boolean };
        assert.equal(v.valid, true);
        assert.deepEqual(JSON.parse(fleet(["validate", "--json", ...dir]).stdout), v);
        const inv = JSON.parse(fleet(["inventory", "-o", "json", ...dir]).stdout) as { items: unknown[] };
        assert.ok(inv.items.length > 100);
        assert.deepEqual(JSON.parse(fleet(["inventory", "--format", "json", ...dir]).stdout), inv, "--format still works");
        const pol = JSON.parse(fleet(["policies", "--output", "json"]).stdout) as { name: string }[];
        assert.equal(pol[0].name, "iot-policy-no-wildcard-action");
        const yaml = require("yaml") as typeof import("yaml");
        assert.deepEqual(yaml.parse(fleet(["policies", "-o", "yaml"]).stdout), pol);
        const st = JSON.parse(fleet(["stacks", "-o", "json", ...dir]).stdout) as { stacks: { name: string; kind: string; region: string | null }[] };
        assert.deepEqual(
            st.stacks.map((s) => [s.name, s.kind, s.region]),
            [
                ["global", "global", null],
                ["eu-central-1", "platform", "eu-central-1"],
                ["us-east-2", "platform", "us-east-2"],
                ["eu-central-1.cork-fill-finish", "site", "eu-central-1"],
                ["eu-central-1.stuttgart-body", "site", "eu-central-1"],
                ["us-east-2.austin-smt", "site", "us-east-2"],
            ],
        );
        const stack = path.join(ROOT, "test", "fixtures", "stack-exports", "insecure.json");
        const chk = fleet(["check", "--stack-export", stack, "-o", "json", "--dir", path.join(ROOT, "docs")]);
        assert.equal(chk.code, 1, chk.stderr);
        assert.ok((JSON.parse(chk.stdout) as { findings: unknown[] }).findings.length > 0);
        const bad = fleet(["validate", "-o", "jsno", ...dir]);
        assert.equal(bad.code, 2);
        assert.equal(bad.stderr, 'fleet: unknown output format "jsno"; did you mean "json"? formats: text, json, yaml\n');
        const both = fleet(["validate", "--json", "-o", "yaml", ...dir]);
        assert.equal(both.code, 2);
        const oldOut = fleet(["check", "--stack-export", stack, "--output", "report.sarif", "--dir", ROOT]);
        assert.equal(oldOut.code, 2);
        assert.match(oldOut.stderr, /-o\/--output takes a format \(text, json, yaml, sarif\); write the report to report\.sarif with --out report\.sarif/);
    });

    it("fleet completion bash completes commands, subcommands, options and -o formats; zsh and fish print scripts", () => {
        const script = fleet(["completion", "bash"]);
        assert.equal(script.code, 0);
        const complete = (...words: string[]) => {
            const file = path.join(require("node:os").tmpdir(), `fleet-completion-${process.pid}.bash`);
            fs.writeFileSync(file, script.stdout);
            try {
                const line = `source ${file}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _fleet; echo "\${COMPREPLY[*]}"`;
                const r = spawnSync("bash", ["--noprofile", "--norc", "-c", line], { encoding: "utf8" });
                assert.equal(r.status, 0, r.stderr);
                return r.stdout.trim().split(" ").filter(Boolean);
            } finally {
                fs.rmSync(file, { force: true });
            }
        };
        assert.deepEqual(complete("fleet", "pl"), ["plan"]);
        assert.deepEqual(complete("fleet", "certs", ""), ["csr", "claim", "--help"]);
        assert.deepEqual(complete("fleet", "diff", "--ex"), ["--exit-code"]);
        assert.deepEqual(complete("fleet", "check", "-o", ""), ["text", "json", "yaml", "sarif"]);
        assert.deepEqual(complete("fleet", "plan", "--dir", "x", "--si"), ["--site"], "an option's value is not a command");
        const zsh = fleet(["completion", "zsh"]);
        assert.match(zsh.stdout, /^# zsh completion for fleet[\s\S]*bashcompinit[\s\S]*complete -o default -F _fleet fleet\n$/);
        const fish = fleet(["completion", "fish"]);
        assert.match(fish.stdout, /\ncomplete -c fleet -n __fish_use_subcommand -a 'plan' -d '/);
        assert.match(fish.stdout, /\ncomplete -c fleet -n '__fish_seen_subcommand_from check' -l output -s o -x -a 'text json yaml sarif' -d '/);
        const bad = fleet(["completion", "tcsh"]);
        assert.equal(bad.code, 2);
        assert.equal(bad.stderr, 'fleet: unknown shell "tcsh"; shells: bash, zsh, fish\n');
    });
});
