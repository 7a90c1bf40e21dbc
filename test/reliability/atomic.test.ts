/**
 * Atomic writes: every file the CLI writes goes through src/util/atomic-write.ts, and an
 * interrupted write (a failing write or rename, a process killed mid-write) leaves the old file
 * or the new one, never half of one, and no stray temporary file once the next write has run.
 */
import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { FleetError } from "../../src/model/diagnostics";
import { createFileAtomic, writeFileAtomic } from "../../src/util/atomic-write";
import { ROOT } from "./helpers";

/** The real module object (the `import * as` namespace is read-only); atomic-write reads through to it. */
const nodeFs = require("node:fs") as { renameSync: typeof fs.renameSync; writeFileSync: typeof fs.writeFileSync };
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "fleet-atomic-"));
const listing = (dir: string) => fs.readdirSync(dir).sort();

/** Source files of the CLI and src/, without comments' false hits being an issue: exact call names. */
function sources(dir: string): string[] {
    const out: string[] = [];
    const walk = (d: string) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
            const p = path.join(d, e.name);
            if (e.isDirectory()) walk(p);
            else if (e.name.endsWith(".ts")) out.push(p);
        }
    };
    walk(dir);
    return out;
}

describe("reliability: atomic writes", function () {
    this.timeout(120_000);

    it("the CLI and src/ write files only through src/util/atomic-write.ts (one documented exception)", () => {
        // src/diff/git.ts writes the base revision's files into a private mkdtemp directory that
        // is removed as a whole on any failure: nothing there outlives the run.
        const allowed = new Set(["src/util/atomic-write.ts", "src/diff/git.ts"]);
        const offenders: string[] = [];
        for (const file of [...sources(path.join(ROOT, "cli")), ...sources(path.join(ROOT, "src"))]) {
            const rel = path.relative(ROOT, file);
            const text = fs.readFileSync(file, "utf8");
            for (const call of [
                "writeFileSync",
                "createWriteStream",
                "appendFileSync",
                "fs.writeSync",
                "fs.writeFile(",
                "fsp.writeFile",
                "promises.writeFile",
                "truncateSync",
            ]) {
                if (text.includes(call) && !allowed.has(rel)) offenders.push(`${rel}: ${call}`);
            }
        }
        assert.deepEqual(offenders, []);
        // The exception really is a private temporary directory.
        assert.match(
            fs.readFileSync(path.join(ROOT, "src", "diff", "git.ts"), "utf8"),
            /mkdtempSync\(path\.join\(os\.tmpdir\(\), "fleet-base-"\)\)[\s\S]*cleanup\(\);\s*throw e;/,
        );
    });

    it("a failing rename leaves the old content and no temporary file", () => {
        const dir = tmp();
        const target = path.join(dir, "out.json");
        fs.writeFileSync(target, "old\n");
        const rename = nodeFs.renameSync;
        nodeFs.renameSync = () => {
            throw Object.assign(new Error("EIO: i/o error, rename"), { code: "EIO" });
        };
        try {
            assert.throws(() => writeFileAtomic(target, "new\n"), /EIO/);
        } finally {
            nodeFs.renameSync = rename;
        }
        assert.equal(fs.readFileSync(target, "utf8"), "old\n");
        assert.deepEqual(listing(dir), ["out.json"]);
    });

    it("a write that fails half-way (no space) leaves the old content, no temporary file, and a FleetError naming the file", () => {
        const dir = tmp();
        const target = path.join(dir, "big.txt");
        fs.writeFileSync(target, "old\n");
        const write = nodeFs.writeFileSync;
        nodeFs.writeFileSync = (fd: fs.PathOrFileDescriptor, data: string | NodeJS.ArrayBufferView) => {
            write(fd, String(data).slice(0, 10)); // half of it reaches the disk, then the disk is full
            throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
        };
        let error: unknown;
        try {
            writeFileAtomic(target, "x".repeat(1000));
        } catch (e) {
            error = e;
        } finally {
            nodeFs.writeFileSync = write;
        }
        assert.ok(error instanceof FleetError, String(error));
        assert.equal((error as FleetError).exitCode, 1);
        assert.match((error as Error).message, new RegExp(`cannot write ${target.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: no space left on device`));
        assert.equal(fs.readFileSync(target, "utf8"), "old\n");
        assert.deepEqual(listing(dir), ["big.txt"]);
    });

    it("a target inside a file is a FleetError (exit 1), not a crash", () => {
        const dir = tmp();
        fs.writeFileSync(path.join(dir, "file"), "x");
        assert.throws(
            () => writeFileAtomic(path.join(dir, "file", "out.txt"), "y"),
            (e: unknown) => e instanceof FleetError && /cannot write .*file\/out\.txt/.test((e as Error).message),
        );
        writeFileAtomic(path.join(dir, "file"), "y");
        assert.equal(fs.readFileSync(path.join(dir, "file"), "utf8"), "y");
    });

    it("createFileAtomic never replaces an existing file and leaves no temporary file", () => {
        const dir = tmp();
        const target = path.join(dir, "key.pem");
        assert.equal(createFileAtomic(target, "first"), true);
        assert.equal(createFileAtomic(target, "second"), false);
        assert.equal(fs.readFileSync(target, "utf8"), "first");
        assert.deepEqual(listing(dir), ["key.pem"]);
    });

    it("a process killed mid-write of a large file leaves the target absent or complete; the next write sweeps its temporary file", async () => {
        const dir = tmp();
        const target = path.join(dir, "large.bin");
        const size = 256 << 20;
        const script = `const { writeFileAtomic } = require(${JSON.stringify(path.join(ROOT, "dist", "src", "util", "atomic-write.js"))});
            const buf = Buffer.alloc(${size}, 120); process.stdout.write("go\\n"); writeFileAtomic(${JSON.stringify(target)}, buf); process.stdout.write("done\\n");`;
        const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
        let killedMidWrite = false;
        await new Promise<void>((resolve) => {
            child.stdout.on("data", (d: Buffer) => {
                if (d.toString().includes("go") && !d.toString().includes("done")) {
                    // Wait until the temporary file exists and is being filled, then kill.
                    const poll = setInterval(() => {
                        const temps = fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"));
                        if (temps.length > 0 && fs.statSync(path.join(dir, temps[0])).size > 0) {
                            clearInterval(poll);
                            killedMidWrite = !fs.existsSync(target);
                            child.kill("SIGKILL");
                        }
                    }, 1);
                    child.on("exit", () => (clearInterval(poll), resolve()));
                }
            });
        });
        // Absent or complete, never partial.
        if (fs.existsSync(target)) assert.equal(fs.statSync(target).size, size);
        else assert.ok(killedMidWrite);
        const leftovers = fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"));
        // The killed process could not clean up; the next write of the same target does.
        writeFileAtomic(target, "complete\n");
        assert.equal(fs.readFileSync(target, "utf8"), "complete\n");
        assert.deepEqual(listing(dir), ["large.bin"], `left over before the sweep: ${leftovers.join(", ")}`);
    });
});
