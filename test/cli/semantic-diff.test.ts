/** `fleet diff` in the users' terms: lists by name, renames, YAML field names, colour, exit code. */
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { formatDiff, inputLines } from "../../src/diff/format";
import { diffModels, formatModelChange } from "../../src/diff/model-diff";
import { diffInputs, listKey } from "../../src/diff/plan-diff";
import { loadFleet } from "../../src/model/load";
import { COLOURS, PLAIN, wantColour } from "../../src/util/colour";
import { copyExampleFleet, editOnce, fleet, git, rm, ROOT } from "./helpers";

const machine = (name: string, gateway = "gw-1") => ({ name, gateway, sensors: [`${name}-temp`, `${name}-current`] });

describe("fleet diff: semantic", () => {
    it("compares lists of named things by name: removing one machine is one change, not a shifted list", () => {
        const before = { content: JSON.stringify({ equipment: [machine("m-01"), machine("m-02"), machine("m-03")] }) };
        const after = { content: JSON.stringify({ equipment: [machine("m-01"), machine("m-03", "gw-2")] }) };
        assert.deepEqual(diffInputs("aws:s3/bucketObjectv2:BucketObjectv2", before, after), [
            { path: "content(json).equipment[m-02]", before: machine("m-02"), forcesReplacement: false, element: "removed" },
            { path: "content(json).equipment[m-03].gateway", before: "gw-1", after: "gw-2", forcesReplacement: false },
        ]);
    });

    it("matches by a naming field only when every element has a distinct one; otherwise by position", () => {
        assert.equal(listKey([{ name: "a" }, { name: "b" }], [{ name: "b" }]), "name");
        assert.equal(listKey([{ Sid: "x" }], [{ Sid: "y" }]), "Sid");
        assert.equal(listKey([{ name: "a" }, { name: "a" }], [{ name: "a" }]), undefined, "duplicate names");
        assert.equal(listKey([{ name: "a" }, { port: 1 }], []), undefined, "an unnamed element");
        assert.equal(listKey(["a", "b"], ["b"]), "=", "distinct strings by value");
        assert.equal(listKey(["a", "b"], ["b", "a"]), undefined, "a reordering is shown by position");
        assert.equal(listKey([1, 2], [2]), undefined, "numbers by position");
        assert.deepEqual(diffInputs("t", { ports: [{ port: 1 }, { port: 2 }] }, { ports: [{ port: 2 }] }), [
            { path: "ports[0].port", before: 1, after: 2, forcesReplacement: false },
            { path: "ports[1]", before: { port: 2 }, forcesReplacement: false },
        ]);
    });

    it("groups whole elements added to or removed from one list into one line", () => {
        const removed = ["a", "b", "c", "d", "e", "f"].map((n) => ({
            path: `content(json).sensors[${n}]`,
            before: { name: n },
            forcesReplacement: false,
            element: "removed" as const,
        }));
        assert.deepEqual(inputLines([...removed, { path: "content(json).version", before: 1, after: 2, forcesReplacement: false }], PLAIN), [
            "content(json).sensors: - removed a, b, c, d and 2 more",
            "content(json).version: 1 -> 2",
        ]);
        assert.deepEqual(inputLines([{ path: "x[k]", after: { name: "k" }, forcesReplacement: true, element: "added" }], PLAIN), [
            "x: + added k (forces replacement)",
        ]);
    });

    it("a machine goes with its sensors; a gateway listing the old name in previousNames is renamed; fields read as in YAML", () => {
        const base = loadFleet(ROOT).model!;
        const head = structuredClone(base);
        const site = head.sites.find((s) => s.name === "stuttgart-body")!;
        site.equipment = site.equipment.filter((e) => e.name !== "weld-robot-05");
        site.sensors = site.sensors.filter((s) => s.equipment !== "weld-robot-05");
        const gw = site.gateways[0];
        const old = gw.name;
        gw.name = `${old}-a`;
        gw.previousNames = [old];
        gw.address = "192.168.35.99";
        for (const s of site.sensors) if (s.gateway === old) s.gateway = gw.name;
        for (const e of site.equipment) if (e.gateway === old) e.gateway = gw.name;
        site.retention = { ...site.retention, hotDays: site.retention.hotDays + 1 };
        const lines = diffModels(base, head).map(formatModelChange);
        assert.ok(lines.includes("site stuttgart-body: retention.hot changed"), lines.join("\n"));
        assert.ok(lines.includes(`site stuttgart-body: gateway ${old} renamed to ${old}-a`), lines.join("\n"));
        assert.ok(lines.includes(`site stuttgart-body: gateway ${old}-a changed (address)`), lines.join("\n"));
        assert.ok(lines.includes("site stuttgart-body: equipment weld-robot-05 removed with its 6 sensors"), lines.join("\n"));
        assert.ok(!lines.some((l) => / gateway \S+ (removed|added)$/.test(l)), lines.join("\n"));
        assert.ok(!lines.some((l) => l.includes("sensor weld-robot-05-")), "the machine's sensors are folded into its line");
        gw.previousNames = [];
        const plain = diffModels(base, head).map(formatModelChange);
        assert.ok(plain.includes(`site stuttgart-body: gateway ${old} removed`) && plain.includes(`site stuttgart-body: gateway ${old}-a added`));
    });

    it("colours only on a terminal, never with NO_COLOR or --no-color; FORCE_COLOR forces it", () => {
        assert.equal(wantColour(true, {}), true);
        assert.equal(wantColour(false, {}), false);
        assert.equal(wantColour(true, { NO_COLOR: "1" }), false);
        assert.equal(wantColour(true, { NO_COLOR: "" }), true, "an empty NO_COLOR does not count (no-color.org)");
        assert.equal(wantColour(true, {}, false), false);
        assert.equal(wantColour(false, { FORCE_COLOR: "1" }), true);
        assert.equal(wantColour(true, { TERM: "dumb" }), false);
        const report = {
            base: { ref: "main", commit: "0123456789abcdef" },
            modelChanges: [{ site: "s", kind: "gateway" as const, name: "gw", change: "removed" as const }],
            diff: { changes: [], counts: { add: 0, remove: 0, update: 0, replace: 0, rename: 0, critical: 0 } },
        };
        assert.ok(formatDiff(report, { colour: true }).includes(COLOURS.red("- site s: gateway gw removed")));
        assert.ok(!formatDiff(report).includes("\u001b["));
    });

    it("removing one machine from the example fleet diffs in a handful of lines naming it; --exit-code tells change from none", function () {
        this.timeout(300_000);
        const dir = copyExampleFleet("fleet-sdiff-");
        try {
            git(dir, "init", "-q", "-b", "main");
            git(dir, "add", ".");
            git(dir, "commit", "-q", "-m", "base");
            const same = fleet(["diff", "--exit-code", "-o", "json", "--region", "eu-central-1", "--dir", dir]);
            assert.equal(same.code, 0, same.stderr);
            const json = JSON.parse(same.stdout) as { base: { ref: string }; modelChanges: unknown[]; changes: unknown[] };
            assert.deepEqual([json.base.ref, json.modelChanges, json.changes], ["HEAD", [], []], "--base defaults to HEAD; nothing changed");
            editOnce(
                path.join(dir, "sites", "stuttgart-body.yaml"),
                "    - { name: weld-robot-05, type: welding-robot, criticality: B, plc: plc-weld-01, gateway: gw-body-01 }\n",
                "",
            );
            const r = fleet(["diff", "--exit-code", "--region", "eu-central-1", "--dir", dir], { env: { FORCE_COLOR: undefined } });
            assert.equal(r.code, 3, r.stderr);
            assert.equal(r.stderr, "");
            const lines = r.stdout.trimEnd().split("\n");
            // 14, and 5 for each of the site's 4 gateways: its manifest copy (docs/operations.md) repeats the manifest's change
            assert.ok(lines.length <= 14 + 5 * 4, `${lines.length} lines:\n${r.stdout}`);
            assert.ok(lines.includes("  - site stuttgart-body: equipment weld-robot-05 removed with its 6 sensors"), r.stdout);
            assert.ok(
                lines.some((l) => /content\(json\)\.equipment: - removed weld-robot-05$/.test(l.trim())),
                r.stdout,
            );
            assert.ok(!r.stdout.includes("weld-robot-06"), "no neighbour shows up as changed");
            assert.ok(!r.stdout.includes("\u001b["), "no colour off a terminal");
        } finally {
            rm(dir);
        }
    });
});
