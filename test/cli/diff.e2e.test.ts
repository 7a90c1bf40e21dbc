/** `fleet diff --base REF` end to end, on temporary git repositories holding the example fleet. */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { copyExampleFleet, editOnce, fleet, git, rm } from "./helpers";

const SPARE_GATEWAY = `    - name: gw-body-05
      segment: edge-dmz
      address: 192.168.35.14
      serial: SN-84525
      hardware: { model: SIMATIC IOT2050 Advanced, arch: aarch64 }
`;

const NEW_SENSOR = `    - name: hall-2-temperature
      kind: temperature
      unit: "°C"
      gateway: gw-body-04
      sampleRateHz: 0.1
      transmit: { mode: deadband, threshold: 0.5 }
      thresholds: { warning: 30, critical: 35 }
      source: { protocol: modbus-tcp, address: 192.168.12.41, register: 30003 }
`;

const PLCS = "  plcs:\n    - name: plc-weld-01\n";
const AFTER_HALL_2 = "    - name: main-feeder-power\n";

interface JsonDiff {
    base: { ref: string; commit: string };
    modelChanges: { site?: string; kind: string; name: string; change: string }[];
    counts: Record<string, number>;
    changes: { kind: string; type: string; name: string; region: string; site?: string; critical?: string; custom: boolean }[];
}

function initRepo(dir: string): void {
    git(dir, "init", "-q", "-b", "main");
    git(dir, "add", ".");
    git(dir, "commit", "-q", "-m", "base");
}

describe("cli e2e: fleet diff", function () {
    this.timeout(600_000);
    const dirs: string[] = [];
    after(() => dirs.forEach(rm));

    it("a site file where one gateway was removed and one sensor added shows exactly those changes", () => {
        const dir = copyExampleFleet();
        dirs.push(dir);
        const site = path.join(dir, "sites", "stuttgart-body.yaml");
        editOnce(site, PLCS, `${SPARE_GATEWAY}\n${PLCS}`);
        initRepo(dir);
        editOnce(site, `${SPARE_GATEWAY}\n${PLCS}`, PLCS);
        editOnce(site, AFTER_HALL_2, `${NEW_SENSOR}${AFTER_HALL_2}`);

        const j = fleet(["diff", "--base", "main", "--json", "--dir", dir]);
        assert.equal(j.code, 0, j.stderr);
        const json = JSON.parse(j.stdout) as JsonDiff;
        assert.equal(json.base.ref, "main");
        assert.equal(json.base.commit, git(dir, "rev-parse", "HEAD").trim());
        assert.deepEqual(json.modelChanges, [
            { site: "stuttgart-body", kind: "gateway", name: "gw-body-05", change: "removed" },
            { site: "stuttgart-body", kind: "sensor", name: "hall-2-temperature", change: "added" },
        ]);
        // Resource changes stay inside the changed site (or its region's platform), and nothing
        // is lost: a fleet-claim site holds no per-gateway identity to delete.
        for (const c of json.changes) {
            assert.equal(c.region, "eu-central-1", JSON.stringify(c));
            assert.ok(c.site === undefined || c.site === "stuttgart-body", JSON.stringify(c));
        }
        assert.equal(json.counts.critical, 0);

        const t = fleet(["diff", "--base", "main", "--region", "eu-central-1", "--dir", dir], { cwd: os.tmpdir() });
        assert.equal(t.code, 0, t.stderr);
        const section = t.stdout.split("\n\n").find((s) => s.startsWith("changes in the fleet files:"));
        assert.equal(
            section,
            "changes in the fleet files:\n  - site stuttgart-body: gateway gw-body-05 removed\n  + site stuttgart-body: sensor hall-2-temperature added",
        );
        assert.doesNotMatch(t.stdout, /DANGER/);
    });

    it("no change: says so, exit 0", () => {
        const dir = copyExampleFleet();
        dirs.push(dir);
        initRepo(dir);
        const r = fleet(["diff", "--base", "HEAD", "--region", "us-east-2", "--dir", dir]);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /^changes in the fleet files:\n {2}none$/m);
        assert.match(r.stdout, /^resource changes: none$/m);
    });

    it("deleting a region's data stores is shown first and loudly", () => {
        const dir = copyExampleFleet();
        dirs.push(dir);
        initRepo(dir);
        const fleetYaml = path.join(dir, "fleet.yaml");
        const text = fs.readFileSync(fleetYaml, "utf8");
        const start = text.indexOf("    us-east-2:\n");
        const end = text.indexOf("\n  equipmentTypes:");
        assert.ok(start > 0 && end > start);
        fs.writeFileSync(fleetYaml, text.slice(0, start) + text.slice(end + 1));
        fs.rmSync(path.join(dir, "sites", "austin-smt.yaml"));

        const r = fleet(["diff", "--base", "HEAD", "--region", "us-east-2", "--dir", dir]);
        assert.equal(r.code, 0, r.stderr);
        const all = r.stdout.split("\n");
        const header = all.findIndex((l) => /^fleet diff: HEAD \([0-9a-f]{12}\) -> working tree$/.test(l));
        assert.ok(header >= 0, r.stdout);
        const lines = all.slice(header);
        assert.match(lines[2], /^!!! DANGER: \d+ changes delete or replace stored data, device identities or keys$/);
        const danger = lines.filter((l) => /^!!! {3}(DELETE|DROP FROM STACK)/.test(l));
        // The regional stores every region has (the contract sites rely on), protected.
        const store = (what: string) =>
            new RegExp(
                `^!!! {3}(DELETE|DROP FROM STACK \\(kept in AWS\\)) ${what.replace(/[()]/g, "\\$&")} \\[protected: pulumi up will refuse until it is unprotected\\]$`,
            );
        assert.ok(
            danger.some((l) => store("DATA STORE aws:s3:Bucket artifacts (us-east-2 / regional platform)").test(l)),
            danger.join("\n"),
        );
        assert.ok(
            danger.some((l) => store("DATA STORE aws:kinesis:Stream telemetry (us-east-2 / regional platform)").test(l)),
            danger.join("\n"),
        );
        assert.ok(
            danger.some((l) =>
                /^!!! {3}(DELETE|DROP FROM STACK \(kept in AWS\)) ENCRYPTION KEY aws:kms:Key platform-key \(us-east-2 \/ regional platform\)/.test(l),
            ),
            danger.join("\n"),
        );
        // Every line between the header and the first blank line after DANGER is a loud one.
        const loud = lines.slice(2, lines.indexOf("", 2));
        assert.ok(loud.length > danger.length && loud.every((l) => l.startsWith("!!!")));
        assert.match(r.stdout, /^ {2}- region us-east-2 removed$/m);
        assert.match(r.stdout, /^ {2}- site austin-smt removed$/m);

        const j = JSON.parse(fleet(["diff", "--base", "HEAD", "--region", "us-east-2", "--json", "--dir", dir]).stdout) as JsonDiff;
        const firstOrdinary = j.changes.findIndex((c) => !c.critical);
        const lastCritical = j.changes.map((c) => Boolean(c.critical)).lastIndexOf(true);
        assert.ok(lastCritical >= 0 && (firstOrdinary === -1 || lastCritical < firstOrdinary), "critical changes come first");
        assert.ok(j.changes.filter((c) => c.custom).every((c) => c.kind === "remove" && c.region === "us-east-2"));
    });

    it("works when the fleet is a subdirectory of the repository, from any working directory", () => {
        const repo = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-repo-"));
        dirs.push(repo);
        const fleetDir = path.join(repo, "infra", "fleet");
        fs.mkdirSync(path.dirname(fleetDir), { recursive: true });
        const copy = copyExampleFleet();
        fs.renameSync(copy, fleetDir);
        fs.writeFileSync(path.join(repo, "fleet.yaml"), "not: the fleet\n");
        initRepo(repo);
        editOnce(path.join(fleetDir, "sites", "austin-smt.yaml"), "      serial: SN-39014\n", "      serial: SN-39099\n");
        const r = fleet(["diff", "--base", "HEAD", "--region", "us-east-2", "--json", "--dir", fleetDir], { cwd: repo });
        assert.equal(r.code, 0, r.stderr);
        const j = JSON.parse(r.stdout) as JsonDiff & { modelChanges: { fields?: string[] }[] };
        assert.deepEqual(j.modelChanges, [{ site: "austin-smt", kind: "gateway", name: "gw-austin-01", change: "changed", fields: ["serial"] }]);
    });

    it("unknown revision, option-like revision, not a git repository: exit 2 with what to do", () => {
        const dir = copyExampleFleet();
        dirs.push(dir);
        const notRepo = fleet(["diff", "--base", "main", "--dir", dir]);
        assert.equal(notRepo.code, 2);
        assert.equal(
            notRepo.stderr.trim(),
            `fleet: ${dir} is not in a git repository, so there is no --base main to compare with; run fleet diff inside the repository that holds the fleet files`,
        );
        initRepo(dir);
        const unknown = fleet(["diff", "--base", "no-such-branch", "--dir", dir]);
        assert.equal(unknown.code, 2);
        assert.equal(
            unknown.stderr.trim(),
            `fleet: unknown git revision "no-such-branch" in ${fs.realpathSync(dir)}; give a branch, tag or commit (git log --oneline shows them)`,
        );
        const option = fleet(["diff", "--base=--output=/tmp/x", "--dir", dir]);
        assert.equal(option.code, 2);
        assert.match(option.stderr, /is not a git revision/);
        const region = fleet(["diff", "--base", "HEAD", "--region", "us-east-3", "--dir", dir]);
        assert.equal(region.code, 2);
        assert.equal(region.stderr.trim(), 'fleet: unknown region "us-east-3"; did you mean "us-east-2"? regions: eu-central-1, us-east-2, global');
        // Without --base: HEAD. --region global compares only the global stack (nothing changed: exit 0).
        const head = fleet(["diff", "--region", "global", "--exit-code", "--dir", dir]);
        assert.equal(head.code, 0, head.stderr);
        assert.match(head.stdout, /^fleet diff: HEAD \([0-9a-f]{12}\) -> working tree\n\nchanges in the fleet files:\n {2}none\n\nresource changes: none\n$/);
    });

    it("a revision without fleet files, and an invalid fleet at the revision: exit 1", () => {
        const dir = copyExampleFleet();
        dirs.push(dir);
        fs.writeFileSync(path.join(dir, "README.md"), "x\n");
        git(dir, "init", "-q", "-b", "main");
        git(dir, "add", "README.md");
        git(dir, "commit", "-q", "-m", "readme only");
        const first = git(dir, "rev-parse", "HEAD").trim();
        const none = fleet(["diff", "--base", first, "--dir", dir]);
        assert.equal(none.code, 1);
        assert.match(none.stderr, /there is no fleet\.yaml at [0-9a-f]+/);

        editOnce(
            path.join(dir, "sites", "austin-smt.yaml"),
            "      segment: edge-dmz\n      address: 10.110.35.10\n",
            "      segment: edge-dm\n      address: 10.110.35.10\n",
        );
        git(dir, "add", ".");
        git(dir, "commit", "-q", "-m", "broken");
        editOnce(
            path.join(dir, "sites", "austin-smt.yaml"),
            "      segment: edge-dm\n      address: 10.110.35.10\n",
            "      segment: edge-dmz\n      address: 10.110.35.10\n",
        );
        const broken = fleet(["diff", "--base", "HEAD", "--dir", dir]);
        assert.equal(broken.code, 1);
        assert.match(broken.stderr, /^HEAD:sites\/austin-smt\.yaml:\d+:\d+: gateways\[0\]\.segment: unknown segment "edge-dm"/m);
        assert.match(broken.stderr, /the fleet files at HEAD are invalid/);
    });
});
