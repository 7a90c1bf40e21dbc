/** Spawning the built CLI the way users run it, on copies of the example fleet. */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "..", "..", "..");
export const BIN = path.join(ROOT, "bin", "fleet.js");

export interface RunResult {
    code: number;
    stdout: string;
    stderr: string;
}

/** Run `node bin/fleet.js ...args` in `cwd` (default: a neutral temp dir), never on a TTY. */
export function fleet(args: string[], opts: { cwd?: string; env?: Record<string, string | undefined>; replaceEnv?: boolean } = {}): RunResult {
    const baseEnv: Record<string, string | undefined> = opts.replaceEnv ? {} : { ...process.env };
    const env: Record<string, string | undefined> = { ...baseEnv, CI: "true", ...opts.env };
    for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
    const r = spawnSync(process.execPath, [BIN, ...args], {
        cwd: opts.cwd ?? os.tmpdir(),
        env: env as NodeJS.ProcessEnv,
        encoding: "utf8",
        maxBuffer: 256 << 20,
    });
    if (r.error) throw r.error;
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A refused run: exit `code`, nothing on stdout, and exactly `lines` on stderr, each ended by a newline. */
export function assertRefused(r: { code: number | null; stdout: string; stderr: string }, code: number, lines: string[]): void {
    assert.equal(r.code, code);
    assert.equal(r.stdout, "");
    assert.equal(r.stderr, lines.map((line) => `${line}\n`).join(""));
}

/** A fresh copy of the example fleet (fleet.yaml, sites/, certs/, Pulumi.yaml) in a temp dir. */
export function copyExampleFleet(prefix = "fleet-cli-"): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    for (const entry of ["fleet.yaml", "sites", "certs", "Pulumi.yaml"]) {
        const from = path.join(ROOT, entry);
        if (fs.existsSync(from)) fs.cpSync(from, path.join(dir, entry), { recursive: true });
    }
    return dir;
}

/** Runs `body` on a fresh copy of the example fleet (copyExampleFleet), removed afterwards whatever happens. */
export function withExampleFleet<T>(prefix: string, body: (dir: string) => T): T {
    const dir = copyExampleFleet(prefix);
    try {
        return body(dir);
    } finally {
        rm(dir);
    }
}

export function git(cwd: string, ...args: string[]): string {
    const r = spawnSync("git", args, {
        cwd,
        encoding: "utf8",
        env: {
            ...process.env,
            GIT_AUTHOR_NAME: "test",
            GIT_AUTHOR_EMAIL: "test@example.com",
            GIT_COMMITTER_NAME: "test",
            GIT_COMMITTER_EMAIL: "test@example.com",
        },
    });
    if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
    return r.stdout;
}

/** Replace exactly one occurrence of `from` in a file (fails loudly when the fixture drifts). */
export function editOnce(file: string, from: string, to: string): void {
    const text = fs.readFileSync(file, "utf8");
    const at = text.indexOf(from);
    if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`${file}: expected exactly one ${JSON.stringify(from)}`);
    fs.writeFileSync(file, text.slice(0, at) + to + text.slice(at + from.length));
}

export function rm(dir: string): void {
    fs.rmSync(dir, { recursive: true, force: true });
}
