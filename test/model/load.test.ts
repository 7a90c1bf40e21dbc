/**
 * loadFleet on whole fleets: the committed examples, the fleet an outsider wrote from the format
 * document alone, every problem of a run reported at once, and the shape of the model.
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { formatDiagnostic } from "../../src/model/diagnostics";
import { loadFleet } from "../../src/model/load";
import { evaluate } from "../../src/check/engine";
import { MANDATORY_RULES, POLICY_NAMES } from "../../policies/catalogue";
import { RULES } from "../../policies/registry";
import { cleanup, edit, fleetDir, REPO } from "./helpers";

const A = "sites/alpha.yaml";
const B = "sites/beta.yaml";
const F = "fleet.yaml";

describe("model: loadFleet", () => {
    afterEach(cleanup);

    it("the example fleet of the repository is valid, without warnings", () => {
        const result = loadFleet(REPO);
        assert.deepEqual(result.diagnostics.map(formatDiagnostic), []);
        assert.ok(result.model);
        assert.deepEqual(result.files, ["fleet.yaml", "sites/austin-smt.yaml", "sites/cork-fill-finish.yaml", "sites/stuttgart-body.yaml"]);
        assert.equal(result.model.name, "acme");
        assert.deepEqual(
            result.model.sites.map((s) => s.name),
            ["austin-smt", "cork-fill-finish", "stuttgart-body"],
        );
        assert.deepEqual(
            result.model.regions.map((r) => [r.name, r.sites]),
            [
                ["eu-central-1", ["cork-fill-finish", "stuttgart-body"]],
                ["us-east-2", ["austin-smt"]],
            ],
        );
    });

    it("the independent fleet (written from the format document alone) is valid as written", () => {
        const dir = path.join(REPO, "test", "fixtures", "fleets", "independent");
        const result = loadFleet(dir);
        assert.deepEqual(result.diagnostics.map(formatDiagnostic), []);
        assert.equal(result.model?.name, "globex");
        assert.deepEqual(
            result.model?.sites.map((s) => s.name),
            ["clyde-pm3", "melbourne-brewery"],
        );
    });

    it("the independent fleet's design passes every model rule of the pack, with no suppression left over (one that matches nothing is an error)", () => {
        const dir = path.join(REPO, "test", "fixtures", "fleets", "independent");
        const result = loadFleet(dir, { knownRules: POLICY_NAMES, mandatoryRules: MANDATORY_RULES });
        assert.deepEqual(result.diagnostics.map(formatDiagnostic), []);
        const sites = result.model!.sites;
        // Its Modbus conduit runs from the DMZ gateway (3.5) down to level 1: it does not cross the DMZ, so nothing needs suppressing.
        assert.deepEqual(
            sites.flatMap((s) => s.suppressions),
            [],
        );
        const checked = evaluate({ resources: [], sites }, RULES);
        assert.deepEqual(
            checked.findings.map((f) => `${f.rule}: ${f.message}`),
            [],
        );
    });

    it("reports every problem of every file in one run, sorted by file, line and column", () => {
        const dir = fleetDir({
            [F]: edit(["warning: 4.5", "warning: 9"]),
            [A]: edit(
                ["region: eu-central-1", "region: eu-centrl-1"],
                ["cidr: 192.168.20.0/24", "cidr: 192.168.10.128/25"],
                ["address: 192.168.35.10", "address: 192.168.36.10"],
                ["plc: plc-1", "plc: plc-9"],
                ["mode: on-change", "mode: alarm-only"],
            ),
            [B]: edit(["cidr: 10.40.1.0/24", "cidr: 10.40.0.0/23"]),
        });
        const result = loadFleet(dir);
        assert.deepEqual(result.diagnostics.map(formatDiagnostic), [
            `${F}:32:13: equipmentTypes.press.sensors[0].thresholds: warning 9 must be below critical 7.1 when alarms fire above the thresholds`,
            `${A}:7:11: metadata.region: unknown region "eu-centrl-1"; did you mean "eu-central-1"? regions of fleet.yaml: eu-central-1, us-east-2`,
            `${A}:20:13: segments[1].cidr: "192.168.10.128/25" overlaps segment "cell" (192.168.10.0/24); segment ranges must not overlap`,
            `${A}:36:16: gateways[0].address: "192.168.36.10" is outside segment "dmz" (192.168.35.0/24); pick an address in 192.168.35.0/24`,
            `${A}:46:12: equipment[0].plc: unknown PLC "plc-9"; did you mean "plc-1"? known: plc-1`,
            `${A}:55:15: sensors[0].transmit.mode: sensor "hall-temp" sends only threshold crossings (alarm-only) but has no thresholds; add thresholds: { warning: ..., critical: ... } or pick another mode`,
            `${B}:13:11: cloudNetwork.cidr: "10.40.0.0/23" overlaps the cloudNetwork of site "alpha" (10.40.0.0/24); sites share one routed network per region, so ranges must not overlap anywhere in the fleet; 10.0.0.0/23 is free in the fleet and its regions`,
        ]);
        assert.equal(result.errors, 7);
        assert.equal(result.warnings, 0);
        assert.equal(result.model, undefined);
    });

    it("a site with schema errors does not hide other sites' findings", () => {
        const dir = fleetDir({
            [A]: edit(["uplink: vpn", "uplink: vnp"]),
            [B]: edit(["address: 192.168.35.10", "address: 192.168.36.10"]),
        });
        assert.deepEqual(loadFleet(dir).diagnostics.map(formatDiagnostic), [
            `${A}:10:13: connectivity.uplink: "vnp" is not accepted; did you mean "vpn"? accepted: vpn, direct-connect, internet`,
            `${B}:26:16: gateways[0].address: "192.168.36.10" is outside segment "dmz" (192.168.35.0/24); pick an address in 192.168.35.0/24`,
        ]);
    });

    it("a fleet.yaml with schema errors still has its sites checked against the schema", () => {
        const dir = fleetDir({ [F]: edit(["provisioning: fleet-claim", "provisioning: claim"]), [A]: edit(["uplink: vpn", "uplink: vnp"]) });
        assert.deepEqual(loadFleet(dir).diagnostics.map(formatDiagnostic), [
            `${F}:10:19: defaults.provisioning: "claim" is not accepted; did you mean "fleet-claim"? accepted: fleet-claim, csr, aws-generated`,
            `${A}:10:13: connectivity.uplink: "vnp" is not accepted; did you mean "vpn"? accepted: vpn, direct-connect, internet`,
        ]);
    });

    it("normalizes: defaults applied, types expanded, sources resolved, names derived", () => {
        const model = loadFleet(fleetDir()).model!;
        assert.deepEqual(model.defaults, { provisioning: "fleet-claim", retention: { hotDays: 7, warmDays: 90, archiveDays: 2555 }, nucleusVersion: "2.14.3" });
        const alpha = model.sites.find((s) => s.name === "alpha")!;
        assert.equal(alpha.file, A);
        assert.deepEqual(alpha.connectivity, { uplink: "vpn", bandwidthKbps: 1000, offlineBufferMiB: 1024 });
        assert.deepEqual(alpha.provisioning, { mode: "fleet-claim" });
        assert.equal(alpha.gateways[0].thingName, "acme-alpha-gw-1");
        assert.deepEqual(alpha.gateways[0].hardware, { model: undefined, arch: "x86_64" });
        assert.deepEqual(alpha.equipment[0].sensors, ["press-1-current", "press-1-vibration"]);
        assert.equal(alpha.equipment[0].criticality, "B");
        assert.deepEqual(
            alpha.sensors.map((s) => s.name),
            ["hall-temp", "press-1-current", "press-1-vibration"],
        );
        const vib = alpha.sensors.find((s) => s.name === "press-1-vibration")!;
        assert.deepEqual(vib.source, { protocol: "opcua", address: "192.168.10.21", nodeId: "ns=3;s=press-1.Vibration", plc: "plc-1", port: 4840 });
        assert.deepEqual(vib.transmit, { mode: "aggregate", windowSeconds: 10 });
        assert.deepEqual(vib.thresholds, { warning: 4.5, critical: 7.1, direction: "above" });
        assert.deepEqual(vib.at, { file: A, line: 44, col: 7 });
        const hall = alpha.sensors.find((s) => s.name === "hall-temp")!;
        assert.deepEqual(hall.source, { protocol: "opcua", address: "192.168.10.40", nodeId: "ns=3;s=Hall.Temp", port: 4840 });
        assert.deepEqual(hall.at, { file: A, line: 49, col: 7 });
        assert.deepEqual(
            alpha.conduits.map((c) => [c.name, c.fromLevel, c.toLevel, c.ports]),
            [
                ["gw-to-cell", 3.5, 1, [{ port: 4840, transport: "tcp" }]],
                ["gw-to-cloud", 3.5, 5, [{ port: 8883, transport: "tcp" }]],
            ],
        );
        assert.deepEqual(alpha.retention, { hotDays: 7, warmDays: 90, archiveDays: 2555 });
        // 10 Hz aggregated per 10 s: 0.1 x 192 B; 1 Hz deadband: 1 x 128 x 0.2 B; 0.1 Hz on-change: 0.1 x 128 x 0.1 B.
        assert.ok(Math.abs(alpha.plannedBytesPerSecond - (19.2 + 25.6 + 1.28)) < 1e-9);
        assert.deepEqual(
            model.regions.map((r) => [r.name, r.sites, r.analytics.stream, r.analytics.grafana]),
            [
                ["eu-central-1", ["alpha"], { mode: "on-demand" }, true],
                ["us-east-2", ["beta"], { mode: "on-demand" }, true],
            ],
        );
    });

    it("never throws, even for a directory that does not exist", () => {
        const result = loadFleet(path.join(REPO, "no", "such", "dir"));
        assert.equal(result.errors, 1);
        assert.match(
            formatDiagnostic(result.diagnostics[0]),
            /^fleet\.yaml: no fleet\.yaml in .*no\/such\/dir; run fleet in a fleet directory or pass --dir DIR$/,
        );
    });
});
