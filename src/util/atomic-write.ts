/**
 * Atomic file writes: the content goes to a temporary file beside the target, is flushed, then
 * renamed over it (or linked, when the target must not exist yet). An interrupted run leaves
 * either the old file or the new one, never half of one.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as crypto from "node:crypto";

function tempPath(target: string): string {
    return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`);
}

function writeTemp(target: string, content: string | Uint8Array, mode: number): string {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const tmp = tempPath(target);
    const fd = fs.openSync(tmp, "wx", mode);
    try {
        fs.writeFileSync(fd, content);
        fs.fsyncSync(fd);
    } finally {
        fs.closeSync(fd);
    }
    return tmp;
}

/** Replace `target` with `content` atomically. */
export function writeFileAtomic(target: string, content: string | Uint8Array, mode = 0o644): void {
    const tmp = writeTemp(target, content, mode);
    try {
        fs.renameSync(tmp, target);
    } catch (e) {
        fs.rmSync(tmp, { force: true });
        throw e;
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
        throw e;
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
