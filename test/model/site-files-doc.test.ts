/**
 * docs/site-files.md "Limits and refused YAML": every message of the first table is one the
 * loader gives. Each refusal is made here (the hostile corpus, links, pipes, sites/ problems, an
 * oversized file, 6,000 and 20,001 site files) and the documented message must be among the findings, so a
 * message that changes in code without the table (or the reverse) fails.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { MAX_FILE_BYTES } from "../../src/model/yaml";
import { cleanup, edit, fleetDir, HOSTILE, messages, REPO, tempDir } from "./helpers";

/** The backticked messages of the first table of the section (the message column). */
function documentedMessages(): string[] {
    const doc = fs.readFileSync(path.join(REPO, "docs", "site-files.md"), "utf8");
    const section = doc.slice(doc.indexOf("## Limits and refused YAML"));
    const table = section.slice(section.indexOf("| what | limit or rule | message |"));
    const rows = table.slice(0, table.indexOf("\n\n")).split("\n").slice(2);
    const out: string[] = [];
    for (const row of rows) {
        const cell = row.split(" | ").slice(2).join(" | ").replace(/ \|$/, "");
        // ``a `b` c`` (double backticks hold a single one) or `a`.
        for (const m of cell.matchAll(/``(.+?)``|`([^`]+)`/g)) out.push(m[1] ?? m[2]);
    }
    return out;
}

/** Every finding the loader gives on the refusals the table describes. */
function findings(): string[] {
    const out: string[] = [];
    const add = (dir: string) => out.push(...messages(dir));
    // The hostile corpus, each file as a site file.
    for (const f of fs.readdirSync(HOSTILE).filter((x) => x.endsWith(".yaml"))) add(fleetDir({ "sites/alpha.yaml": fs.readFileSync(path.join(HOSTILE, f)) }));
    const outside = tempDir("fleet-outside-");
    fs.writeFileSync(path.join(outside, "x.yaml"), "a: 1\n");
    const links = fleetDir();
    fs.mkdirSync(path.join(links, "somewhere"));
    fs.symlinkSync(path.join(outside, "x.yaml"), path.join(links, "sites", "out.yaml"));
    fs.symlinkSync(path.join(links, "somewhere"), path.join(links, "sites", "dir.yaml"));
    fs.symlinkSync("loop.yaml", path.join(links, "sites", "loop.yaml"));
    fs.symlinkSync("nowhere.yaml", path.join(links, "sites", "gone.yaml"));
    add(links);
    add(fleetDir({ "sites/alpha.yaml": Buffer.alloc(MAX_FILE_BYTES + 1, 0x20) }));
    add(fleetDir({ "sites/alpha.yaml": edit(["  connectivity:\n", "  connectivity:\n    <<: {}\n"]) }));
    add(fleetDir({ "sites/alpha.yaml": edit(["kind: Site", "kind: Fleet"]) }));
    add(fleetDir({ "sites/alpha.yaml": "x: 1\n" + Array.from({ length: 45 }, (_, i) => `k${i}: !custom v\n`).join("") }));
    add(fleetDir({ "fleet.yaml": edit(["name: acme", "name: acme-2"]) }));
    add(fleetDir({ "fleet.yaml": edit(["name: acme", "name: acme-manufacturing"]) }));
    add(fleetDir({ "sites/gamma.yaml": "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n" }));
    // A CSR path that is a directory.
    const csr = fleetDir({ "sites/beta.yaml": edit(["  cloudNetwork:\n", "  provisioning:\n    mode: csr\n  cloudNetwork:\n"]) });
    fs.mkdirSync(path.join(csr, "certs", "beta", "gw-1.csr.pem"), { recursive: true });
    add(csr);
    // sites/ problems.
    const notDir = fleetDir();
    fs.rmSync(path.join(notDir, "sites"), { recursive: true });
    fs.writeFileSync(path.join(notDir, "sites"), "");
    add(notDir);
    const loop = fleetDir();
    fs.rmSync(path.join(loop, "sites"), { recursive: true });
    fs.symlinkSync("sites", path.join(loop, "sites"));
    add(loop);
    const ignored = fleetDir({ "sites/Gamma.YAML": "x: 1\n", "sites/old/delta.yaml": "x: 1\n", "sites/notes.txt": "n\n" });
    assert.equal(spawnSync("mkfifo", [path.join(ignored, "sites", "pipe.yaml")]).status, 0);
    add(ignored);
    const many = fleetDir();
    for (let i = 2; i < 6000; i++) fs.writeFileSync(path.join(many, "sites", `s${i}.yaml`), "");
    add(many);
    // Above what spec.limits.siteFiles may allow.
    for (let i = 6000; i < 20001; i++) fs.writeFileSync(path.join(many, "sites", `s${i}.yaml`), "");
    add(many);
    return out;
}

describe("docs/site-files.md: Limits and refused YAML", function () {
    this.timeout(120_000);
    after(cleanup);

    it("every message of the table is one the loader gives", () => {
        const documented = documentedMessages();
        assert.ok(documented.length >= 25, `only ${documented.length} messages found in the table`);
        const given = findings();
        const missing = documented.filter((d) => {
            const pattern = new RegExp(
                d
                    .split("...")
                    .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
                    .join(".*"),
            );
            return !given.some((g) => pattern.test(g));
        });
        assert.deepEqual(missing, [], `given:\n${given.join("\n")}`);
    });
});
