/**
 * Atomic file writes: the content goes to a temporary file beside the target, is flushed, then
 * renamed over it (or linked, when the target must not exist yet). An interrupted run leaves
 * either the old file or the new one, never half of one.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as crypto from "node:crypto";
import { FleetError } from "../errors";

function tempPath(target: string): string {
    return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`);
}

/** Errors of the file system that are the user's to fix (a path that is a file, no space, no permission). */
const USER_ERRORS = new Set(["ENOTDIR", "EISDIR", "EEXIST", "EACCES", "EPERM", "ENOSPC", "EROFS", "ENAMETOOLONG", "ELOOP", "EDQUOT", "EXDEV"]);

function asFleetError(e: unknown, target: string): unknown {
    const code = (e as NodeJS.ErrnoException)?.code;
    if (code && USER_ERRORS.has(code)) return new FleetError(`cannot write ${target}: ${(e as Error).message.replace(/^\w+: /, "")}`, [], 1);
    return e;
}

/** Remove temporary files of `target` left by a process that was killed mid-write. */
function sweepStale(target: string): void {
    const dir = path.dirname(target);
    const prefix = `.${path.basename(target)}.`;
    let entries: string[];
    try {
        entries = fs.readdirSync(dir);
    } catch {
        return;
    }
    for (const name of entries) {
        const m = name.startsWith(prefix) ? /^(\d+)\.[0-9a-f]{8}\.tmp$/.exec(name.slice(prefix.length)) : null;
        if (!m) continue;
        const pid = Number(m[1]);
        let alive = pid === process.pid;
        if (!alive) {
            try {
                process.kill(pid, 0);
                alive = true;
            } catch (e) {
                alive = (e as NodeJS.ErrnoException).code === "EPERM";
            }
        }
        if (!alive) fs.rmSync(path.join(dir, name), { force: true });
    }
}

function writeTemp(target: string, content: string | Uint8Array, mode: number): string {
    try {
        fs.mkdirSync(path.dirname(target), { recursive: true });
    } catch (e) {
        throw asFleetError(e, target);
    }
    sweepStale(target);
    const tmp = tempPath(target);
    let fd: number;
    try {
        fd = fs.openSync(tmp, "wx", mode);
    } catch (e) {
        throw asFleetError(e, target);
    }
    try {
        fs.writeFileSync(fd, content);
        fs.fsyncSync(fd);
    } catch (e) {
        // A failed write (no space, interrupted) leaves no half-written temporary file behind.
        fs.closeSync(fd);
        fs.rmSync(tmp, { force: true });
        throw asFleetError(e, target);
    }
    fs.closeSync(fd);
    return tmp;
}

/** Replace `target` with `content` atomically. */
export function writeFileAtomic(target: string, content: string | Uint8Array, mode = 0o644): void {
    const tmp = writeTemp(target, content, mode);
    try {
        fs.renameSync(tmp, target);
    } catch (e) {
        fs.rmSync(tmp, { force: true });
        throw asFleetError(e, target);
    }
}

/** Create `target` atomically; false (and nothing written) when it already exists. */
export function createFileAtomic(target: string, content: string | Uint8Array, mode = 0o644): boolean {
    const tmp = writeTemp(target, content, mode);
    try {
        fs.linkSync(tmp, target);
        return true;
    } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
        throw asFleetError(e, target);
    } finally {
        fs.rmSync(tmp, { force: true });
    }
}

/**
 * Resolve `rel` inside `root`, refusing names that would escape it (`../../etc`, absolute
 * paths, NUL bytes). Returns undefined for an unsafe name.
 */
export function safeJoin(root: string, ...rel: string[]): string | undefined {
    for (const r of rel) if (r.includes("\0") || path.isAbsolute(r)) return undefined;
    const base = path.resolve(root);
    const full = path.resolve(base, ...rel);
    return full === base || full.startsWith(base + path.sep) ? full : undefined;
}
