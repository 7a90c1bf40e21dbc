/**
 * The policy pack is self-contained: built in a temporary copy of the sources, then moved alone
 * (its folder, with only @pulumi/policy and @pulumi/pulumi installed next to it) and loaded there.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CATALOGUE } from "../../policies/catalogue";

const ROOT = path.resolve(__dirname, "../../..");

interface Policy {
    name: string;
    validateStack?: (args: unknown, report: (m: string) => void) => void;
}

describe("policy pack: self-contained", function () {
    this.timeout(120_000);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-pack-"));
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("bundles into its own dist/, and a copy of the folder alone loads every rule and the fleet loader", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "policies", "package.json"), "utf8")) as { main: string; dependencies: Record<string, string> };
        assert.equal(pkg.main, "dist/index.js");
        assert.ok(!pkg.main.includes(".."), "main stays inside the pack");
        const rootPkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
        for (const [name, version] of Object.entries(pkg.dependencies))
            assert.equal(version, rootPkg.dependencies[name], `${name} pinned as in the repository`);

        // 1. build in a copy of the sources
        const src = path.join(tmp, "src-copy");
        for (const entry of ["policies", "src", "tsconfig.json"]) fs.cpSync(path.join(ROOT, entry), path.join(src, entry), { recursive: true });
        fs.rmSync(path.join(src, "policies", "dist"), { recursive: true, force: true });
        fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(src, "node_modules"));
        const build = spawnSync(process.execPath, [path.join(src, "policies", "build.js")], { cwd: src, encoding: "utf8" });
        assert.equal(build.status, 0, build.stderr);

        // 2. move the pack folder alone next to nothing but its two dependencies
        const pack = path.join(tmp, "published", "fleet-policies");
        fs.cpSync(path.join(src, "policies"), pack, { recursive: true });
        fs.mkdirSync(path.join(pack, "node_modules", "@pulumi"), { recursive: true });
        for (const dep of Object.keys(pkg.dependencies)) {
            fs.mkdirSync(path.dirname(path.join(pack, "node_modules", dep)), { recursive: true });
            fs.symlinkSync(path.join(ROOT, "node_modules", dep), path.join(pack, "node_modules", dep));
        }
        const bundle = fs.readFileSync(path.join(pack, "dist", "index.js"), "utf8");
        assert.doesNotMatch(bundle, /require\("\.\.?\//, "no require outside the bundle");
        assert.ok(fs.existsSync(path.join(pack, pkg.main)));

        // 3. load its rules there (dist/pack.js: the policies without starting the engine's server)
        const { buildPolicies } = require(path.join(pack, "dist", "pack.js")) as { buildPolicies: () => Policy[] };
        const policies = buildPolicies();
        const names = new Set(policies.map((p) => p.name.replace(/-stack$/, "")));
        assert.deepEqual([...names].sort(), CATALOGUE.map((p) => p.name).sort());

        // 4. the model rules load fleet files with the bundled loader: a broken fleet says so
        const fleet = path.join(tmp, "broken-fleet");
        fs.mkdirSync(fleet);
        fs.writeFileSync(path.join(fleet, "fleet.yaml"), "name: acme\nregions: 7\n");
        const rule = policies.find((p) => p.name === "ot-no-control-to-cloud")!;
        const saved = process.env.FLEET_DIR;
        process.env.FLEET_DIR = fleet;
        try {
            const found: string[] = [];
            rule.validateStack!(
                { resources: [{ urn: "urn:pulumi:eu-central-1::fleet::aws:s3/bucket:Bucket::b", type: "aws:s3/bucket:Bucket", name: "b", props: {} }] },
                (m) => found.push(m),
            );
            assert.deepEqual(found, [`the fleet files in ${fleet} do not load; run \`fleet validate\``]);
            process.env.FLEET_DIR = ROOT;
            const clean: string[] = [];
            rule.validateStack!(
                { resources: [{ urn: "urn:pulumi:eu-central-1::fleet::aws:s3/bucket:Bucket::b", type: "aws:s3/bucket:Bucket", name: "b", props: {} }] },
                (m) => clean.push(m),
            );
            assert.deepEqual(clean, [], "the example fleet loads and passes");
        } finally {
            if (saved === undefined) delete process.env.FLEET_DIR;
            else process.env.FLEET_DIR = saved;
        }
    });
});
