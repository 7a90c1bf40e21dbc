/** `fleet completion bash|zsh|fish`: a shell completion script built from the command definitions. */
import type { Command, Option } from "commander";
import { OUTPUTS, usage, withExamples, type Io } from "../context";

const SHELLS = ["bash", "zsh", "fish"] as const;

interface Entry {
    /** `plan`, `certs claim` */
    path: string[];
    description: string;
    options: Option[];
    formats?: readonly string[];
}

/** Every runnable command (leaf) and every command group, with its options. */
export function commandEntries(program: Command): Entry[] {
    const out: Entry[] = [];
    const walk = (cmd: Command, prefix: string[]) => {
        for (const c of cmd.commands) {
            const path = [...prefix, c.name()];
            out.push({ path, description: c.description(), options: c.options.filter((o) => !o.hidden), formats: OUTPUTS.get(c)?.formats });
            walk(c, path);
        }
    };
    walk(program, []);
    return out;
}

const flagsOf = (e: Entry) => e.options.flatMap((o) => [o.long, o.short].filter((f): f is string => !!f));
const shq = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

export function bashScript(program: Command): string {
    const entries = commandEntries(program);
    const top = entries.filter((e) => e.path.length === 1).map((e) => e.path[0]);
    const globals = program.options.flatMap((o) => [o.long, o.short].filter((f): f is string => !!f));
    const cases = entries.map((e) => {
        const subs = entries
            .filter((s) => s.path.length === e.path.length + 1 && s.path.join(" ").startsWith(`${e.path.join(" ")} `))
            .map((s) => s.path.at(-1));
        const formats = e.formats ? `\n      if [[ "$prev" == "-o" || "$prev" == "--output" ]]; then words_=${shq(e.formats.join(" "))}; fi` : "";
        return `    ${shq(e.path.join(" "))})\n      words_=${shq([...subs, ...flagsOf(e), "--help"].join(" "))}${formats}\n      ;;`;
    });
    return `# bash completion for fleet; load with: source <(fleet completion bash)
_fleet() {
  local cur prev words_ path_ i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  path_=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in -*) ;; *) if [[ -z "$path_" ]]; then path_="\${COMP_WORDS[i]}"; else path_="$path_ \${COMP_WORDS[i]}"; fi ;; esac
    case "$path_" in ${entries.map((e) => shq(e.path.join(" "))).join("|")}) ;; *) path_="\${path_% *}" ;; esac
  done
  case "$path_" in
    "")
      words_=${shq([...top, ...globals].join(" "))}
      ;;
${cases.join("\n")}
  esac
  COMPREPLY=( $(compgen -W "$words_" -- "$cur") )
}
complete -o default -F _fleet fleet
`;
}

export function zshScript(program: Command): string {
    return `# zsh completion for fleet; load with: source <(fleet completion zsh)
autoload -U +X bashcompinit && bashcompinit
${bashScript(program)}`;
}

const fishq = (s: string) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

export function fishScript(program: Command): string {
    const entries = commandEntries(program);
    const lines = ["# fish completion for fleet; load with: fleet completion fish | source", "complete -c fleet -f"];
    for (const e of entries.filter((x) => x.path.length === 1))
        lines.push(`complete -c fleet -n __fish_use_subcommand -a ${fishq(e.path[0])} -d ${fishq(e.description.slice(0, 80))}`);
    for (const e of entries) {
        const cond = `__fish_seen_subcommand_from ${e.path.at(-1)}`;
        for (const s of entries.filter((x) => x.path.length === e.path.length + 1 && x.path[e.path.length - 1] === e.path.at(-1)))
            lines.push(`complete -c fleet -n ${fishq(cond)} -a ${fishq(s.path.at(-1)!)} -d ${fishq(s.description.slice(0, 80))}`);
        for (const o of e.options) {
            const flags = [o.long ? `-l ${o.long.replace(/^--/, "")}` : "", o.short ? `-s ${o.short.replace(/^-/, "")}` : ""].filter(Boolean).join(" ");
            const values = o.long === "--output" && e.formats ? ` -x -a ${fishq(e.formats.join(" "))}` : o.required || o.optional ? " -r" : "";
            lines.push(`complete -c fleet -n ${fishq(cond)} ${flags}${values} -d ${fishq(o.description.slice(0, 80))}`);
        }
    }
    return `${lines.join("\n")}\n`;
}

export function register(program: Command, io: Io): void {
    const cmd = program
        .command("completion")
        .description("print a shell completion script (bash, zsh or fish)")
        .argument("<shell>", `the shell: ${SHELLS.join(", ")}`)
        .action((shell: string) => {
            if (!(SHELLS as readonly string[]).includes(shell)) {
                const { knownList } = require("../../src/model/diagnostics") as typeof import("../../src/model/diagnostics");
                throw usage(`unknown shell ${JSON.stringify(shell)}; ${knownList(shell, [...SHELLS], "shells")}`);
            }
            io.out(shell === "bash" ? bashScript(program) : shell === "zsh" ? zshScript(program) : fishScript(program));
        });
    withExamples(cmd, [
        "source <(fleet completion bash)            # in ~/.bashrc",
        "source <(fleet completion zsh)             # in ~/.zshrc",
        "fleet completion fish > ~/.config/fish/completions/fleet.fish",
    ]);
}
