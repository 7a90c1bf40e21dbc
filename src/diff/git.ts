/**
 * The fleet files (fleet.yaml, sites/, certs/) as they were at a git revision, written to a
 * temporary directory so they load like any fleet. Works when the fleet directory is a
 * subdirectory of the repository; refuses revisions that look like options.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { FleetError } from "../model/diagnostics";
import { safeJoin } from "../util/atomic-write";

/** The paths, relative to the fleet directory, that make up a fleet. */
export const FLEET_PATHS = ["fleet.yaml", "sites", "certs"];

export interface Materialized {
    /** Temporary directory holding the fleet files at the revision. */
    dir: string;
    /** The full commit id the revision resolved to. */
    commit: string;
    /** Number of files written. */
    files: number;
    cleanup(): void;
}

function git(cwd: string, args: string[], input?: Buffer): { status: number; stdout: Buffer; stderr: string } {
    const r = spawnSync("git", args, { cwd, input, maxBuffer: 1 << 30, env: { ...process.env, GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" } });
    if (r.error) {
        const code = (r.error as NodeJS.ErrnoException).code;
        throw new FleetError(code === "ENOENT" ? "fleet diff needs git, and git is not on PATH; install git" : `could not run git: ${r.error.message}`, [], 1);
    }
    return { status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr.toString("utf8").trim() };
}

/** Write the fleet files of `dir` at revision `ref` to a new temporary directory. */
export function materializeAtRef(fleetDir: string, ref: string): Materialized {
    if (ref === "" || ref.startsWith("-") || ref.includes("\0")) {
        throw new FleetError(`--base ${JSON.stringify(ref)} is not a git revision; give a branch, tag or commit such as main, HEAD~1 or v1.2.0`, [], 2);
    }
    if (!fs.existsSync(fleetDir)) throw new FleetError(`fleet directory ${fleetDir} does not exist`, [], 2);
    const top = git(fleetDir, ["rev-parse", "--show-toplevel"]);
    if (top.status !== 0) {
        throw new FleetError(
            `${fleetDir} is not in a git repository, so there is no --base ${ref} to compare with; run fleet diff inside the repository that holds the fleet files`,
            [],
            2,
        );
    }
    const prefix = git(fleetDir, ["rev-parse", "--show-prefix"]).stdout.toString("utf8").trim();
    const root = top.stdout.toString("utf8").trim();
    const resolved = git(root, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`]);
    if (resolved.status !== 0) {
        throw new FleetError(`unknown git revision ${JSON.stringify(ref)} in ${root}; give a branch, tag or commit (git log --oneline shows them)`, [], 2);
    }
    const commit = resolved.stdout.toString("utf8").trim();
    const listed = git(root, ["ls-tree", "-r", "-z", commit, "--", ...FLEET_PATHS.map((p) => `${prefix}${p}`)]);
    if (listed.status !== 0) throw new FleetError(`git ls-tree failed at ${ref}: ${listed.stderr}`, [], 1);
    const entries = listed.stdout
        .toString("utf8")
        .split("\0")
        .filter(Boolean)
        .map((line) => {
            const [meta, file] = line.split("\t");
            const [mode, kind, oid] = meta.split(" ");
            return { mode, kind, oid, file: file.slice(prefix.length) };
        })
        .filter((e) => e.kind === "blob" && e.mode !== "120000");
    if (!entries.some((e) => e.file === "fleet.yaml")) {
        throw new FleetError(`there is no ${prefix}fleet.yaml at ${ref} (${commit.slice(0, 12)}); pick a revision that has the fleet files`, [], 1);
    }
    const batch = git(root, ["cat-file", "--batch"], Buffer.from(entries.map((e) => `${e.oid}\n`).join("")));
    if (batch.status !== 0) throw new FleetError(`git cat-file failed: ${batch.stderr}`, [], 1);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-base-"));
    const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
    try {
        let at = 0;
        const out = batch.stdout;
        for (const e of entries) {
            const nl = out.indexOf(0x0a, at);
            const header = out.subarray(at, nl).toString("utf8").split(" ");
            const size = Number(header[2]);
            if (header[0] !== e.oid || !Number.isInteger(size)) throw new Error(`unexpected git cat-file output for ${e.file}`);
            const content = out.subarray(nl + 1, nl + 1 + size);
            at = nl + 1 + size + 1;
            const target = safeJoin(dir, e.file);
            if (!target) continue;
            fs.mkdirSync(path.dirname(target), { recursive: true });
            fs.writeFileSync(target, content);
        }
        return { dir, commit, files: entries.length, cleanup };
    } catch (e) {
        cleanup();
        throw e;
    }
}
