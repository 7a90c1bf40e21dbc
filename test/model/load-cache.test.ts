/**
 * The load cache (src/model/load-cache.ts): a site file unchanged since an earlier load is not
 * parsed and normalized again, and the result is the same as loading without the cache; any
 * change to what the result depends on is a miss.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { main } from "../../cli/index";
import { formatDiagnostic } from "../../src/model/diagnostics";
import { loadFleet, type LoadResult } from "../../src/model/load";
import { planRegion } from "../../src/plan/plan";
import { exampleCopy, tempDir } from "./helpers";

const entries = (cache: string): string[] => {
    const dir = path.join(cache, "load");
    return fs.existsSync(dir)
        ? fs
              .readdirSync(dir)
              .filter((f) => f.endsWith(".json"))
              .sort()
        : [];
};

/** The model and findings as text: what a user of the result can see. */
const view = (r: LoadResult) => ({
    model: JSON.stringify(r.model),
    diagnostics: r.diagnostics.map(formatDiagnostic),
    errors: r.errors,
    warnings: r.warnings,
    files: r.files,
});

describe("load cache", () => {
    const saved = { dir: process.env.FLEET_CACHE_DIR, off: process.env.FLEET_NO_CACHE };
    let cache: string;
    beforeEach(() => {
        cache = tempDir("fleet-cache-root-");
        process.env.FLEET_CACHE_DIR = cache;
        delete process.env.FLEET_NO_CACHE;
    });
    after(() => {
        if (saved.dir === undefined) delete process.env.FLEET_CACHE_DIR;
        else process.env.FLEET_CACHE_DIR = saved.dir;
        if (saved.off === undefined) delete process.env.FLEET_NO_CACHE;
        else process.env.FLEET_NO_CACHE = saved.off;
    });

    it("stores one entry per valid site file and loads the same fleet from it", () => {
        const dir = exampleCopy();
        const plain = loadFleet(dir);
        const first = loadFleet(dir, { cache: true });
        assert.equal(entries(cache).length, 3);
        const second = loadFleet(dir, { cache: true });
        assert.equal(entries(cache).length, 3);
        assert.deepEqual(view(first), view(plain));
        assert.deepEqual(view(second), view(plain));
        // Same values in the same key order (view compares the JSON text); a property that holds
        // undefined in the uncached model is absent from the cached one, which no reader tells apart.
        assert.deepStrictEqual(JSON.parse(JSON.stringify(second.model)), JSON.parse(JSON.stringify(plain.model)));
        assert.equal(second.model!.sites.map((s) => s.sensors.length).join(","), plain.model!.sites.map((s) => s.sensors.length).join(","));
        assert.equal(
            plain.model!.sites.reduce((n, s) => n + s.sensors.length, 0),
            358,
        );
    });

    it("answers from the entry, not from the file, when nothing changed", () => {
        const dir = exampleCopy();
        loadFleet(dir, { cache: true });
        // Tamper with every entry: a hit shows the tampered value (which no parse could produce).
        for (const f of entries(cache)) {
            const file = path.join(cache, "load", f);
            const entry = JSON.parse(fs.readFileSync(file, "utf8"));
            entry.site.labels = { ...entry.site.labels, cached: "yes" };
            fs.writeFileSync(file, JSON.stringify(entry));
        }
        const again = loadFleet(dir, { cache: true });
        assert.deepEqual(
            again.model!.sites.map((s) => s.labels.cached),
            ["yes", "yes", "yes"],
        );
        assert.equal(
            loadFleet(dir).model!.sites.some((s) => "cached" in s.labels),
            false,
        );
    });

    it("misses when the site file, fleet.yaml or a CSR it read changes", () => {
        const dir = exampleCopy();
        loadFleet(dir, { cache: true });
        const site = path.join(dir, "sites", "austin-smt.yaml");
        fs.writeFileSync(site, fs.readFileSync(site, "utf8").replace("cloudNetwork: { cidr: 10.50.0.0/24 }", "cloudNetwork: { cidr: 10.51.0.0/24 }"));
        const edited = loadFleet(dir, { cache: true });
        assert.equal(edited.model!.sites.find((s) => s.name === "austin-smt")!.cloudNetwork.cidr, "10.51.0.0/24");
        assert.equal(entries(cache).length, 4);

        // fleet.yaml: a new key for every site.
        fs.appendFileSync(path.join(dir, "fleet.yaml"), "\n# a comment changes the bytes\n");
        assert.deepEqual(view(loadFleet(dir, { cache: true })), view(loadFleet(dir)));
        assert.equal(entries(cache).length, 7);

        // The csr site read its gateways' CSRs: removing one is an error even though the site file is unchanged.
        fs.rmSync(path.join(dir, "certs", "cork-fill-finish", "gw-cork-02.csr.pem"));
        const missing = loadFleet(dir, { cache: true });
        assert.equal(missing.model, undefined);
        assert.deepEqual(view(missing), view(loadFleet(dir)));
        assert.match(
            missing.diagnostics.map(formatDiagnostic).join("\n"),
            /sites\/cork-fill-finish\.yaml:\d+:\d+: gateways\[1\]\.name: no certificate signing request at certs\/cork-fill-finish\/gw-cork-02\.csr\.pem/,
        );
    });

    it("tells a CSR path that cannot be read from one that is gone, with or without the cache", () => {
        const dir = exampleCopy();
        const csr = path.join(dir, "certs", "cork-fill-finish", "gw-cork-02.csr.pem");
        // A directory where the CSR should be: it exists (no "missing" error) but cannot be read.
        fs.rmSync(csr);
        fs.mkdirSync(csr);
        const plain = loadFleet(dir);
        assert.deepEqual(view(loadFleet(dir, { cache: true })), view(plain));
        assert.deepEqual(view(loadFleet(dir, { cache: true })), view(plain));
        // Unreadable is an error now: the plan needs the CSR's text (it comes on the model).
        assert.deepEqual(plain.diagnostics.filter((d) => d.level === "error").map(formatDiagnostic), [
            "sites/cork-fill-finish.yaml:136:13: gateways[1].name: certs/cork-fill-finish/gw-cork-02.csr.pem is not a regular file; a certificate signing request is a PEM text file",
        ]);
        // Gone: the cached entry recorded "unreadable", not "absent", so it is not used.
        fs.rmSync(csr, { recursive: true });
        const gone = loadFleet(dir, { cache: true });
        assert.deepEqual(view(gone), view(loadFleet(dir)));
        assert.match(
            gone.diagnostics.map(formatDiagnostic).join("\n"),
            /gateways\[1\]\.name: no certificate signing request at certs\/cork-fill-finish\/gw-cork-02\.csr\.pem/,
        );
    });

    it("does not store a file with an error, and reports it the same way every time", () => {
        const dir = exampleCopy();
        const site = path.join(dir, "sites", "austin-smt.yaml");
        fs.writeFileSync(site, fs.readFileSync(site, "utf8").replace("provisioning: { mode: aws-generated }", "provisioning: { mode: aws-made }"));
        const first = loadFleet(dir, { cache: true });
        assert.equal(entries(cache).length, 2);
        const second = loadFleet(dir, { cache: true });
        assert.deepEqual(view(second), view(first));
        assert.deepEqual(view(second), view(loadFleet(dir)));
        assert.equal(second.errors, 1);
        assert.match(formatDiagnostic(second.diagnostics.find((d) => d.level === "error")!), /^sites\/austin-smt\.yaml:18:\d+: provisioning\.mode: /);
    });

    it("keeps a cached file's warnings and the positions of fleet-wide findings in it", () => {
        const dir = exampleCopy();
        // eu-central-1 back to a landing VPC per site, with the ranges its sites had, so cork-fill-finish has a cloudNetwork.
        const edit = (rel: string, from: string, to: string) =>
            fs.writeFileSync(path.join(dir, rel), fs.readFileSync(path.join(dir, rel), "utf8").replace(from, to));
        edit("fleet.yaml", "network: { endpoints: shared }", "network: { endpoints: per-site }");
        const noCloud = "  # no cloudNetwork: region eu-central-1 shares one endpoint VPC (fleet.yaml network.endpoints)";
        edit(path.join("sites", "cork-fill-finish.yaml"), noCloud, "  cloudNetwork: { cidr: 10.40.1.0/24 }");
        edit(path.join("sites", "stuttgart-body.yaml"), noCloud, "  cloudNetwork: { cidr: 10.40.0.0/24 }");
        // The file name does not match the site (a warning of the file itself), and its network
        // overlaps another site's (found fleet-wide, reported at the cached file's line).
        const text = fs
            .readFileSync(path.join(dir, "sites", "austin-smt.yaml"), "utf8")
            .replace("cloudNetwork: { cidr: 10.50.0.0/24 }", "cloudNetwork: { cidr: 10.40.1.0/25 }");
        fs.rmSync(path.join(dir, "sites", "austin-smt.yaml"));
        fs.writeFileSync(path.join(dir, "sites", "austin.yaml"), text);
        const plain = loadFleet(dir);
        const first = loadFleet(dir, { cache: true });
        const second = loadFleet(dir, { cache: true });
        assert.deepEqual(view(first), view(plain));
        assert.deepEqual(view(second), view(plain));
        assert.deepEqual(second.diagnostics.map(formatDiagnostic), [
            `sites/austin.yaml:8:9: warning: metadata.name: site "austin-smt" is in sites/austin.yaml; name the file sites/austin-smt.yaml so it is easy to find`,
            `sites/cork-fill-finish.yaml:18:25: cloudNetwork.cidr: "10.40.1.0/24" overlaps the cloudNetwork of site "austin-smt" (10.40.1.0/25); sites share one routed network per region, so ranges must not overlap anywhere in the fleet; 10.0.0.0/24 is free in the fleet and its regions`,
        ]);
        // Both files have problems only fleet-wide: their own entries are stored, and used by the
        // second load, which found the overlap's line in cork-fill-finish.yaml by parsing it then.
        assert.equal(entries(cache).length, 3);
    });

    it("treats a corrupt or foreign entry as a miss", () => {
        const dir = exampleCopy();
        const plain = loadFleet(dir);
        loadFleet(dir, { cache: true });
        const [a, b, c] = entries(cache);
        fs.writeFileSync(path.join(cache, "load", a), "{ not json");
        fs.writeFileSync(
            path.join(cache, "load", b),
            JSON.stringify({ format: 2, key: "another.json", keys: [], site: {}, detail: "{}", diagnostics: [], deps: {} }),
        );
        const entry = JSON.parse(fs.readFileSync(path.join(cache, "load", c), "utf8"));
        fs.writeFileSync(path.join(cache, "load", c), JSON.stringify({ ...entry, deps: { "certs/x.pem": 42 } }));
        assert.deepEqual(view(loadFleet(dir, { cache: true })), view(plain));
        // Each was rewritten by the miss.
        assert.deepEqual(entries(cache), [a, b, c].sort());
        assert.deepEqual(view(loadFleet(dir, { cache: true })), view(plain));
    });

    it("writes nothing when FLEET_NO_CACHE=1 or without the option", () => {
        const dir = exampleCopy();
        loadFleet(dir);
        assert.deepEqual(entries(cache), []);
        process.env.FLEET_NO_CACHE = "1";
        assert.equal(loadFleet(dir, { cache: true }).errors, 0);
        assert.deepEqual(entries(cache), []);
    });

    it("is used by the CLI unless --no-cache, which lasts for that run only", async () => {
        const dir = exampleCopy();
        const io = { out: (_: string) => undefined, err: (_: string) => undefined, isTTY: false };
        assert.equal(await main(["node", "fleet", "--no-cache", "validate", "--dir", dir], io), 0);
        assert.deepEqual(entries(cache), []);
        assert.equal(process.env.FLEET_NO_CACHE, undefined);
        const out: string[] = [];
        assert.equal(await main(["node", "fleet", "validate", "--dir", dir], { ...io, out: (t) => out.push(t) }), 0);
        assert.equal(entries(cache).length, 3);
        assert.equal(await main(["node", "fleet", "validate", "--dir", dir], { ...io, out: (t) => out.push(t) }), 0);
        assert.deepEqual(out, [
            "fleet acme: 2 regions, 3 sites, 8 gateways, 30 PLCs, 60 machines, 358 sensors; valid",
            "fleet acme: 2 regions, 3 sites, 8 gateways, 30 PLCs, 60 machines, 358 sensors; valid",
        ]);
    });

    it("plans the same resources from a cached fleet", async function () {
        this.timeout(120_000);
        const dir = exampleCopy();
        const plain = loadFleet(dir).model!;
        loadFleet(dir, { cache: true });
        const cached = loadFleet(dir, { cache: true }).model!;
        for (const region of ["eu-central-1", "us-east-2"]) {
            const a = await planRegion(plain, region);
            const b = await planRegion(cached, region);
            assert.equal(b.resources.length, a.resources.length);
            assert.equal(JSON.stringify(b.resources), JSON.stringify(a.resources));
        }
    });
});
