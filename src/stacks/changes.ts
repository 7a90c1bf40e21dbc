/**
 * The paths a change touches, for `fleet affected`: the working tree (tracked changes and new
 * untracked files) against a git revision, relative to the repository root, and where the fleet
 * directory sits in the repository.
 */
import { spawnSync } from "node:child_process";
import { FleetError } from "../model/diagnostics";

function git(cwd: string, args: string[]): string {
    const r = spawnSync("git", args, { cwd, encoding: "utf8", maxBuffer: 1 << 30, env: { ...process.env, GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" } });
    if (r.error) throw new FleetError(`could not run git (${r.error.message}); fleet affected needs git on PATH`, [], 1);
    if (r.status !== 0) throw new FleetError(`git ${args.join(" ")} failed in ${cwd}: ${r.stderr.trim()}`, [], 1);
    return r.stdout;
}

export interface Changes {
    /** Changed paths relative to the repository root. */
    paths: string[];
    /** The fleet directory relative to the repository root, "" at the root. */
    prefix: string;
}

export function changedSince(fleetDir: string, ref: string): Changes {
    if (ref === "" || ref.startsWith("-"))
        throw new FleetError(`--base ${JSON.stringify(ref)} is not a git revision; give a branch, tag or commit such as main or HEAD~1`, [], 2);
    const root = git(fleetDir, ["rev-parse", "--show-toplevel"]).trim();
    const prefix = git(fleetDir, ["rev-parse", "--show-prefix"]).trim().replace(/\/$/, "");
    const tracked = git(root, ["diff", "--name-only", "-z", "--no-renames", ref, "--"]).split("\0");
    const untracked = git(root, ["ls-files", "--others", "--exclude-standard", "-z"]).split("\0");
    return { paths: [...new Set([...tracked, ...untracked].filter(Boolean))].sort(), prefix };
}
