/** The CLI's io for tests that call main() in-process: what it prints, line by line, never on a TTY. */
import type { Io } from "../../cli/context";

/** An Io whose out and err lines are collected in `out` and `err`. */
export function captureIo(): { io: Io; out: string[]; err: string[] } {
    const out: string[] = [];
    const err: string[] = [];
    return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), isTTY: false }, out, err };
}
