/**
 * Reading one file of the fleet directory (fleet.yaml, a site file, a CSR under certs/): only
 * what resolves inside the directory, only regular files, at most MAX_FILE_BYTES. A file that
 * is refused is never opened, so its content cannot reach an error message or a CI log.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { MAX_FILE_BYTES } from "./yaml";

/** The bytes of the file, or why it was not read (a sentence that follows the file's name). */
export type FleetRead = { bytes: Buffer } | { problem: string };

export const OUTSIDE_FLEET =
    "is a symbolic link (or under one) that resolves outside the fleet directory; it was not read; put the file itself in the fleet directory";

export function tooBig(size: number): string {
    return `file is ${size} bytes; the limit is ${MAX_FILE_BYTES} bytes (${MAX_FILE_BYTES / 1048576} MiB); split the site or remove generated content`;
}

/** Read `rel` under `dir` with the refusals above; `kind` says what the file should be, for messages. Never throws. */
export function readInsideFleet(dir: string, rel: string, kind = "a fleet file is a YAML text file"): FleetRead {
    const abs = path.join(dir, rel);
    let fd: number | undefined;
    try {
        // Where the path leads, resolved without opening it: a link out of the fleet directory is
        // refused unread (its content would reach error messages and CI logs).
        const real = fs.realpathSync(abs);
        const root = fs.realpathSync(dir);
        if (real !== root && !real.startsWith(root.endsWith(path.sep) ? root : root + path.sep)) return { problem: OUTSIDE_FLEET };
        // Open what was checked, not a link swapped in since, and size the open file, so the file checked is the file read.
        fd = fs.openSync(real, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOFOLLOW ?? 0));
        const stat = fs.fstatSync(fd);
        if (!stat.isFile()) return { problem: `is not a regular file; ${kind}` };
        if (stat.size > MAX_FILE_BYTES) return { problem: tooBig(stat.size) };
        let bytes = Buffer.alloc(Math.min(stat.size, MAX_FILE_BYTES) + 1);
        let filled = 0;
        for (;;) {
            const n = fs.readSync(fd, bytes, filled, bytes.length - filled, null);
            if (n === 0) break;
            filled += n;
            if (filled > MAX_FILE_BYTES) return { problem: tooBig(filled) };
            if (filled === bytes.length) {
                // The file grew while we read it: keep reading up to the limit.
                const bigger = Buffer.alloc(Math.min(bytes.length * 2, MAX_FILE_BYTES + 1));
                bytes.copy(bigger, 0, 0, filled);
                bytes = bigger;
            }
        }
        return { bytes: bytes.subarray(0, filled) };
    } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        return {
            problem:
                code === "ENOENT"
                    ? "file not found"
                    : code === "ELOOP"
                      ? "is a symbolic link that changed while it was read, or a loop of links; it was not read"
                      : code === "EISDIR"
                        ? `is a directory; ${kind}`
                        : code === "EACCES" || code === "EPERM"
                          ? `could not be read (${code}); check its permissions`
                          : `could not be read (${code ?? (e as Error).message})`,
        };
    } finally {
        if (fd !== undefined) fs.closeSync(fd);
    }
}
