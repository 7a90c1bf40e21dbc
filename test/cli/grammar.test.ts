/** One CLI grammar: -o/--output everywhere data is printed, examples in every --help, completion, docs/cli.md generated. */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import { CLI_DOC, renderReference, withReference } from "../../cli/docs";
import { EXAMPLES, OUTPUTS, type Io } from "../../cli/context";
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

    it("the README's command table names only commands and options that exist, and every top-level command; docs link nothing outside the repository", () => {
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        const table = readme.slice(readme.indexOf("| command | what it does |"), readme.indexOf("\n\n", readme.indexOf("| command | what it does |")));
        const program = buildProgram(silent);
        const rows = table.split("\n").slice(2);
        const mentioned = new Set<string>();
        for (const row of rows) {
            const cell = row.split(" | ")[0];
            const words = [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
            for (const w of words) {
                const first = w.replace(/\\\|/g, "|").split(/\s/)[0];
                const names = first.split("|").filter((n) => program.commands.some((c) => c.name() === n));
                const cmds = names.length > 0 ? names : [...mentioned].slice(-1);
                for (const n of names) mentioned.add(n);
                for (const opt of w.match(/(?<![\w-])--?[a-z][a-z0-9-]*/g) ?? []) {
                    const ok = cmds.some((n) => {
                        const c = program.commands.find((x) => x.name() === n)!;
                        return [c, ...c.commands].some((x) => x.options.some((o) => o.long === opt || o.short === opt));
                    });
                    assert.ok(ok, `README row ${JSON.stringify(cell)}: ${opt} is not an option of ${cmds.join("/")}`);
                }
            }
        }
        const missing = program.commands.map((c) => c.name()).filter((n) => !mentioned.has(n) && n !== "completion" && n !== "edge");
        assert.deepEqual(missing, []);
        for (const doc of ["README.md", "docs/cli.md", "docs/operations.md"])
            assert.doesNotMatch(fs.readFileSync(path.join(ROOT, doc), "utf8"), /\.\.\/shared|shared\/design|shared\/seed/, `${doc} is self-contained`);
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

    it("every runnable command takes -o/--output, except those listed here with the reason they print no data", () => {
        // A new command must either call withOutput (cli/context.ts) or be added here with its reason.
        const NO_DATA: Record<string, string> = {
            "init site": "writes a site file (cli/commands/init.ts, owned elsewhere)",
            completion: "prints a shell script",
            destroy: "streams the engine's output; the summary is for people (preview -o json lists the steps)",
            up: "streams the engine's output; the summary is for people (preview -o json lists the steps)",
            "certs csr": "writes a key and a CSR, prints where",
            "certs claim": "writes a key and a CSR, prints where",
            "ci github-actions": "writes a workflow file (YAML is the product, not a view)",
            "ci codebuild": "writes a buildspec (YAML is the product, not a view)",
            "migrate stacks": "prints or runs Pulumi CLI commands",
            "migrate retain-roles": "prints or runs Pulumi CLI commands",
            "migrate unmanage": "rewrites a state file; prints one line",
            "migrate retire-roles": "an action; prints one line per role",
            "edge run": "the gateway runtime, a long-running process (cli/commands/edge.ts, owned elsewhere)",
            "quarantine release": "an action; prints its audit line",
            "models train": "writes a model file (cli/commands/models.ts, owned elsewhere; -o pending there)",
            "models score": "cli/commands/models.ts, owned elsewhere: has --format, -o pending there",
            "models evaluate": "cli/commands/models.ts, owned elsewhere: has --json, -o pending there",
            forecast: "cli/commands/forecast.ts, owned elsewhere: has --format, -o pending there",
        };
        const program = buildProgram(silent);
        const withoutOutput = leaves(program)
            .filter(([, c]) => !OUTPUTS.has(c))
            .map(([n]) => n)
            .sort();
        assert.deepEqual(withoutOutput, Object.keys(NO_DATA).sort());
        for (const [name, c] of leaves(program)) {
            const out = OUTPUTS.get(c);
            if (!out) continue;
            assert.ok(out.formats.includes(out.dflt), `${name}: default ${out.dflt} is one of its formats`);
            assert.ok(
                c.options.some((o) => o.long === "--output" && o.short === "-o"),
                `${name} has -o/--output`,
            );
            if (out.formats.includes("json"))
                assert.ok(
                    c.options.some((o) => o.long === "--json"),
                    `${name}: --json is an alias of -o json`,
                );
        }
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
        assert.deepEqual(complete("fleet", "certs", ""), ["csr", "claim", "seed-enrolled", "--help"]);
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
