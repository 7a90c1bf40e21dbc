/**
 * A real PostgreSQL 15 for the tests (Debian's `postgresql`, installed by scripts/test-deps.sh):
 * initdb in a temporary directory, started with pg_ctl on 127.0.0.1 and a free port, as an
 * unprivileged user (`nobody` through runuser when the tests run as root, since PostgreSQL
 * refuses to run as root), stopped and removed by `stop()`.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";

export interface RunningPostgres {
    port: number;
    user: string;
    stop(): void;
}

/** The bin directory of the newest installed PostgreSQL, or undefined. */
export function postgresBin(): string | undefined {
    const root = "/usr/lib/postgresql";
    if (!fs.existsSync(root)) return undefined;
    const versions = fs
        .readdirSync(root)
        .filter((v) => fs.existsSync(path.join(root, v, "bin", "pg_ctl")))
        .sort((a, b) => Number(b) - Number(a));
    return versions.length ? path.join(root, versions[0], "bin") : undefined;
}

function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const s = net.createServer();
        s.once("error", reject);
        s.listen(0, "127.0.0.1", () => {
            const port = (s.address() as net.AddressInfo).port;
            s.close(() => resolve(port));
        });
    });
}

export async function startPostgres(): Promise<RunningPostgres> {
    const bin = postgresBin();
    if (!bin) throw new Error("PostgreSQL is not installed: run scripts/test-deps.sh as root (Debian package postgresql)");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-pg-"));
    const data = path.join(dir, "data");
    const root = process.getuid?.() === 0;
    if (root) {
        fs.chmodSync(dir, 0o755);
        execFileSync("chown", ["nobody", dir]);
    }
    const run = (cmd: string, args: string[]) =>
        execFileSync(root ? "runuser" : path.join(bin, cmd), root ? ["-u", "nobody", "--", path.join(bin, cmd), ...args] : args, {
            stdio: "pipe",
            timeout: 60_000,
        });
    const port = await freePort();
    run("initdb", ["-D", data, "-U", "fleet", "--auth=trust", "-E", "UTF8", "--no-locale"]);
    run("pg_ctl", ["-D", data, "-l", path.join(dir, "log"), "-w", "-o", `-h 127.0.0.1 -p ${port} -k ${dir} -c fsync=off`, "start"]);
    let stopped = false;
    return {
        port,
        user: "fleet",
        stop() {
            if (stopped) return;
            stopped = true;
            try {
                run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        },
    };
}
