/**
 * `fleet generate` and src/generate: every generated fleet loads with zero errors and zero
 * warnings, at several sizes and seeds; counts are exact; the same seed writes the same files;
 * a site does not depend on the size of its fleet; the directory rules hold. Counts only, no
 * timing.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../cli/index";
import type { Io } from "../../cli/context";
import { cloudRange, fleetFile, generateSite, GENERATE_LIMITS, optionProblems, siteName, writeFleet, type GenerateOptions } from "../../src/generate";
import { parseCidr } from "../../src/model/cidr";
import { FleetError } from "../../src/model/diagnostics";
import { loadFleet } from "../../src/model/load";

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-generate-test-"));
let n = 0;
const freshDir = () => path.join(tmpRoot, `f${n++}`);

after(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));

function captureIo(): Io & { stdout: string[]; stderr: string[] } {
    const stdout: string[] = [];
    const stderr: string[] = [];
    return { out: (t) => stdout.push(t), err: (t) => stderr.push(t), isTTY: false, stdout, stderr };
}

function generateAndLoad(o: GenerateOptions) {
    const dir = freshDir();
    const summary = writeFleet(dir, o);
    const result = loadFleet(dir);
    return { dir, summary, result };
}

describe("fleet generate: generated fleets validate", () => {
    const cases: [string, GenerateOptions][] = [
        ["1 site", { sites: 1, gateways: 4, equipment: 20 }],
        ["seed 7, 12 sites", { sites: 12, gateways: 3, equipment: 25, seed: 7 }],
        ["seed 42, 12 regions", { sites: 24, gateways: 2, equipment: 10, seed: 42, regions: 12 }],
        ["300 gateways and 1,500 machines a site", { sites: 2, gateways: 300, equipment: 1500, seed: 5 }],
        ["no machines, no one-off sensors", { sites: 3, gateways: 1, equipment: 0, oneOffSensors: 0 }],
        ["1,000 one-off sensors", { sites: 3, gateways: 2, equipment: 1, oneOffSensors: 1000, seed: 9 }],
        ["every site csr", { sites: 4, gateways: 3, equipment: 6, provisioning: "csr", seed: 11 }],
    ];
    for (const [label, o] of cases) {
        it(`${label}: zero errors, zero warnings, counts as reported`, () => {
            const { summary, result } = generateAndLoad(o);
            assert.deepEqual(
                result.diagnostics.map((d) => `${d.file}:${d.line}: ${d.message}`),
                [],
            );
            const model = result.model!;
            assert.equal(model.sites.length, o.sites);
            assert.equal(model.regions.length, o.regions ?? 2);
            const sum = (f: (s: (typeof model.sites)[number]) => number) => model.sites.reduce((t, s) => t + f(s), 0);
            assert.equal(
                sum((s) => s.gateways.length),
                o.sites * o.gateways,
            );
            assert.equal(
                sum((s) => s.equipment.length),
                o.sites * o.equipment,
            );
            assert.equal(summary.gateways, o.sites * o.gateways);
            assert.equal(
                summary.plcs,
                sum((s) => s.plcs.length),
            );
            assert.equal(
                summary.sensors,
                sum((s) => s.sensors.length),
            );
            if (o.oneOffSensors !== undefined) {
                assert.equal(
                    sum((s) => s.sensors.filter((x) => x.equipment === undefined).length),
                    o.sites * o.oneOffSensors,
                );
            }
            assert.equal(result.files.length, 1 + o.sites);
        });
    }

    it("200 sites: zero errors and warnings; every provisioning mode, 3-5 zones with a level 3.5 DMZ, several equipment types, reachable PLCs", () => {
        const { summary, result } = generateAndLoad({ sites: 200, gateways: 4, equipment: 20, seed: 3 });
        assert.deepEqual(result.diagnostics, []);
        const model = result.model!;
        assert.equal(model.sites.length, 200);
        assert.equal(
            summary.sensors,
            model.sites.reduce((t, s) => t + s.sensors.length, 0),
        );
        assert.equal(summary.csrs, 67 * 4 + 67, "4 gateway CSRs a csr site, 1 claim CSR a fleet-claim site");
        const modes = new Map<string, number>();
        for (const s of model.sites) modes.set(s.provisioning.mode, (modes.get(s.provisioning.mode) ?? 0) + 1);
        assert.deepEqual(Object.fromEntries([...modes].sort()), { "aws-generated": 66, csr: 67, "fleet-claim": 67 });
        const zoneCounts = new Set(model.sites.map((s) => s.segments.length));
        assert.deepEqual([...zoneCounts].sort(), [3, 4, 5]);
        for (const s of model.sites) {
            assert.ok(
                s.segments.some((z) => z.purdueLevel === 3.5),
                `${s.name} has a DMZ`,
            );
            assert.ok(
                s.conduits.some((c) => c.to === "cloud" && c.protocol === "mqtts"),
                `${s.name} has dmz->cloud mqtts`,
            );
            assert.ok(
                s.conduits.some((c) => c.to === "cloud" && c.protocol === "https"),
                `${s.name} has dmz->cloud https`,
            );
            assert.ok(
                s.conduits.some((c) => c.fromLevel === 2 && c.toLevel === 1),
                `${s.name} has scada->plc`,
            );
            assert.ok(
                s.sensors.some((x) => x.equipment === undefined),
                `${s.name} has one-off sensors`,
            );
            assert.ok(new Set(s.equipment.map((e) => e.type)).size >= 3, `${s.name} mixes equipment types`);
            assert.ok(new Set(s.equipment.map((e) => e.gateway)).size === 4, `${s.name} spreads machines over its gateways`);
        }
        const types = new Set(model.sites.flatMap((s) => s.equipment.map((e) => e.type)));
        assert.equal(types.size, 12);
        // fleet generate writes shared endpoints: every site's cloud is its region's endpoint VPC.
        assert.deepEqual(
            model.regions.map((r) => r.network),
            [
                { endpoints: "shared", endpointCidr: "100.64.0.64/26" },
                { endpoints: "shared", endpointCidr: "100.64.0.64/26" },
            ],
        );
        assert.deepEqual([...new Set(model.sites.map((s) => JSON.stringify(s.cloudNetwork)))], ['{"cidr":"100.64.0.64/26","shared":true}']);
        // The DMZ opens the flows to the cloud: its range is routed, so unique in the fleet.
        const dmzs = model.sites.map((s) => s.segments.find((z) => z.purdueLevel === 3.5)!.cidr);
        assert.equal(new Set(dmzs).size, 200);
        const serials = model.sites.flatMap((s) => s.gateways.map((g) => g.serial));
        assert.equal(new Set(serials).size, 800);
    });

    it("a csr site has one CSR per gateway, a PKCS#10 request for the gateway's thing name", () => {
        const { dir, result } = generateAndLoad({ sites: 2, gateways: 3, equipment: 2, provisioning: "csr" });
        const site = result.model!.sites[0];
        const files = fs.readdirSync(path.join(dir, "certs", site.name)).sort();
        assert.deepEqual(files, ["gw-01.csr.pem", "gw-02.csr.pem", "gw-03.csr.pem"]);
        const pem = path.join(dir, "certs", site.name, "gw-02.csr.pem");
        const subject = execFileSync("openssl", ["req", "-in", pem, "-noout", "-verify", "-subject"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
        assert.match(subject, new RegExp(`CN = acme-${site.name}-gw-02, O = acme`));
    });

    it("a fleet-claim site has the claim CSR, CN <fleet>-<site>-claim; an aws-generated site has none", () => {
        const { dir, result } = generateAndLoad({ sites: 3, gateways: 2, equipment: 1 });
        const [claim, csr, generated] = [0, 1, 2].map((i) => result.model!.sites.find((s) => s.name === siteName({ sites: 3, gateways: 2, equipment: 1 }, i))!);
        assert.deepEqual([claim.provisioning.mode, csr.provisioning.mode, generated.provisioning.mode], ["fleet-claim", "csr", "aws-generated"]);
        assert.deepEqual(fs.readdirSync(path.join(dir, "certs", claim.name)), ["claim.csr.pem"]);
        assert.equal(fs.existsSync(path.join(dir, "certs", generated.name)), false);
        const subject = execFileSync("openssl", ["req", "-in", path.join(dir, "certs", claim.name, "claim.csr.pem"), "-noout", "-verify", "-subject"], {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
        });
        assert.match(subject, new RegExp(`CN = acme-${claim.name}-claim, O = acme`));
    });

    it("a csr site without its CSR files fails validation (the CSRs are what makes it valid)", () => {
        const { dir } = generateAndLoad({ sites: 1, gateways: 2, equipment: 1, provisioning: "csr" });
        const site = fs.readdirSync(path.join(dir, "certs"))[0];
        fs.rmSync(path.join(dir, "certs", site, "gw-01.csr.pem"));
        const result = loadFleet(dir);
        assert.equal(result.errors, 1);
        assert.match(result.diagnostics[0].message, /no certificate signing request at certs\/.*\/gw-01\.csr\.pem/);
    });
});

describe("fleet generate: determinism and independence of size", () => {
    it("the same seed writes the same YAML; another seed writes different sites", () => {
        const o: GenerateOptions = { sites: 5, gateways: 3, equipment: 12, seed: 99 };
        assert.equal(fleetFile(o), fleetFile({ ...o }));
        for (let i = 0; i < 5; i++) assert.equal(generateSite(o, i).content, generateSite({ ...o }, i).content);
        const other = { ...o, seed: 100 };
        const differ = [0, 1, 2, 3, 4].filter((i) => generateSite(o, i).content !== generateSite(other, i).content);
        assert.ok(differ.length >= 4, `sites that differ between seeds: ${differ.length}`);
    });

    it("site k is the same file in a 20-site and a 1,000-site fleet", () => {
        for (const k of [0, 7, 19]) {
            assert.equal(
                generateSite({ sites: 20, gateways: 4, equipment: 20 }, k).content,
                generateSite({ sites: 1000, gateways: 4, equipment: 20 }, k).content,
            );
        }
    });

    it("cloud ranges are distinct /24s for every possible site (more than 10,000)", () => {
        assert.ok(GENERATE_LIMITS.sites >= 10000);
        const seen = new Set<number>();
        for (let i = 0; i < GENERATE_LIMITS.sites; i++) {
            const c = parseCidr(cloudRange(i));
            assert.ok("cidr" in c && c.cidr.prefix === 24, cloudRange(i));
            if ("cidr" in c) seen.add(c.cidr.first);
        }
        assert.equal(seen.size, GENERATE_LIMITS.sites);
        assert.throws(() => cloudRange(GENERATE_LIMITS.sites), RangeError);
    });

    it("site names are unique and valid for 10,000 sites", () => {
        const o: GenerateOptions = { sites: 10000, gateways: 1, equipment: 0, regions: 12 };
        const seen = new Set<string>();
        for (let i = 0; i < o.sites; i++) {
            const name = siteName(o, i);
            assert.match(name, /^[a-z][a-z0-9-]{1,30}$/);
            assert.ok(`acme-${name}`.length <= 36, `provisioning template name for ${name}`);
            seen.add(name);
        }
        assert.equal(seen.size, 10000);
    });

    it("bad options are refused with the option named", () => {
        assert.deepEqual(optionProblems({ sites: 0, gateways: 1.5, equipment: -1, regions: 99 }), [
            "--sites 0: expected a whole number from 1 to 49152",
            "--gateways 1.5: expected a whole number from 1 to 5000",
            "--equipment -1: expected a whole number from 0 to 20000",
            `--regions 99: expected a whole number from 1 to ${GENERATE_LIMITS.regions}`,
        ]);
        assert.deepEqual(optionProblems({ sites: 600, gateways: 5000, equipment: 0 }), [
            "--sites 600: with 5000 gateways a site, the address plan holds 512 sites (a DMZ of 8192 addresses each in 10.0.0.0/10); use fewer sites or gateways",
        ]);
        assert.deepEqual(optionProblems({ sites: 512, gateways: 5000, equipment: 0 }), []);
        assert.deepEqual(optionProblems({ sites: 1, gateways: 1, equipment: 1, fleetName: "ACME" }), [
            "--fleet-name \"ACME\": expected 2-16 characters of a-z and 0-9, starting with a letter (no '-': fleet-wide scopes such as thing/<fleet>-* end in it, and must not reach another fleet's names)",
        ]);
        // A new fleet gets no '-' (fleet validate warns about the overlap a name with '-' has).
        assert.deepEqual(optionProblems({ sites: 1, gateways: 1, equipment: 1, fleetName: "acme-eu" }), [
            "--fleet-name \"acme-eu\": expected 2-16 characters of a-z and 0-9, starting with a letter (no '-': fleet-wide scopes such as thing/<fleet>-* end in it, and must not reach another fleet's names)",
        ]);
        assert.deepEqual(optionProblems({ sites: 1, gateways: 1, equipment: 1, fleetName: "acme2" }), []);
    });
});

describe("fleet generate: the output directory", () => {
    it("refuses a directory that is not empty, and writes nothing into it", () => {
        const dir = freshDir();
        fs.mkdirSync(dir);
        fs.writeFileSync(path.join(dir, "notes.txt"), "mine");
        assert.throws(
            () => writeFleet(dir, { sites: 1, gateways: 1, equipment: 1 }),
            (e: unknown) =>
                e instanceof FleetError &&
                e.exitCode === 1 &&
                /is not empty \(notes\.txt\); pick an empty or new directory for --out, or pass --force/.test(e.message),
        );
        assert.deepEqual(fs.readdirSync(dir), ["notes.txt"]);
    });

    it("--force writes into it and reports site files that are not part of the generated fleet", () => {
        const dir = freshDir();
        writeFleet(dir, { sites: 3, gateways: 1, equipment: 1 });
        const summary = writeFleet(dir, { sites: 2, gateways: 1, equipment: 1 }, { force: true });
        assert.equal(summary.leftOver.length, 1);
        assert.equal(summary.leftOver[0], `sites/${siteName({ sites: 3, gateways: 1, equipment: 1 }, 2)}.yaml`);
        assert.equal(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp")).length, 0);
    });

    it("a generated fleet passes validate --strict: the nucleus pin is at-install, so no warning asks for a hash", async () => {
        const dir = freshDir();
        writeFleet(dir, { sites: 2, gateways: 1, equipment: 1 });
        assert.match(fs.readFileSync(path.join(dir, "fleet.yaml"), "utf8"), /^    greengrass: \{ nucleusVersion: 2\.14\.3, nucleusSha256: at-install \}$/m);
        const io = captureIo();
        assert.equal(await main(["node", "fleet", "validate", "--dir", dir, "--strict"], io), 0, io.stderr.join("\n"));
        assert.deepEqual(io.stderr, []);
        assert.deepEqual(io.stdout, ["fleet acme: 2 regions, 2 sites, 2 gateways, 2 PLCs, 2 machines, 20 sensors; valid"]);
    });

    it("the CLI writes a fleet and prints a summary; usage errors exit 2, a non-empty directory exits 1", async () => {
        const dir = freshDir();
        const io = captureIo();
        const code = await main(
            ["node", "fleet", "generate", "--sites", "3", "--gateways", "2", "--equipment", "5", "--out", dir, "--seed", "4", "--json"],
            io,
        );
        assert.equal(code, 0, io.stderr.join("\n"));
        const summary = JSON.parse(io.stdout.join(""));
        assert.equal(summary.sites, 3);
        assert.equal(summary.gateways, 6);
        assert.equal(summary.equipment, 15);
        assert.equal(summary.csrs, 3, "2 gateway CSRs of the csr site and the claim CSR of the fleet-claim site");
        assert.deepEqual(summary.modes, { "fleet-claim": 1, csr: 1, "aws-generated": 1 });
        assert.equal(loadFleet(dir).errors, 0);

        const again = captureIo();
        assert.equal(await main(["node", "fleet", "generate", "--sites", "3", "--out", dir], again), 1);
        assert.match(again.stderr.join("\n"), /is not empty/);

        const bad = captureIo();
        assert.equal(await main(["node", "fleet", "generate", "--sites", "many", "--out", freshDir()], bad), 2);
        assert.match(bad.stderr.join("\n"), /--sites "many": expected a whole number/);

        const badMode = captureIo();
        assert.equal(await main(["node", "fleet", "generate", "--sites", "1", "--provisioning", "magic", "--out", freshDir()], badMode), 2);
        assert.match(badMode.stderr.join("\n"), /--provisioning "magic": accepted: fleet-claim, csr, aws-generated/);
    });
});
