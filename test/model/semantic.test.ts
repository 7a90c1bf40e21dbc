/**
 * Every semantic rule of the loader (normalize.ts and the fleet-wide checks), one change to the
 * base fixture each, asserting the exact findings as `fleet validate` prints them. A finding's
 * position is part of the assertion: line and column of the value (or key) at fault.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { POLICY_NAMES } from "../../policies/catalogue";
import { makeKeyAndCsr } from "../../src/edge/csr";
import { formatDiagnostic, type Diagnostic } from "../../src/model/diagnostics";
import { normalizeSite, Reporter } from "../../src/model/normalize";
import type { SiteFile } from "../../src/model/schema";
import { parseYaml } from "../../src/model/yaml";
import { BASE, cleanup, edit, fleetDir, insertAfter, load, messages, readTree, runCases, type FileChange } from "./helpers";

const A = "sites/alpha.yaml";
const B = "sites/beta.yaml";
const F = "fleet.yaml";
const alpha = (...pairs: [string, string][]) => ({ [A]: edit(...pairs) });
const fleet = (...pairs: [string, string][]) => ({ [F]: edit(...pairs) });
/** Lines appended to the base alpha site; the first appended line is line 60. */
const appendAlpha = (lines: string) => ({ [A]: (t: string) => t + lines });
/** A conduit inserted after the last base conduit (lines 33-36). */
const addConduit = (name: string, from: string, to: string, protocol: string) =>
    alpha(["      protocol: mqtts\n", `      protocol: mqtts\n    - name: ${name}\n      from: ${from}\n      to: ${to}\n      protocol: ${protocol}\n`]);
/** Suppressions appended to alpha: the list starts at line 60, item i at line 61 + 3i. */
const suppressions = (...items: [string, string, string?][]) =>
    appendAlpha(
        "  suppressions:\n" +
            items
                .map(
                    ([policy, target, reason]) =>
                        `    - policy: ${policy}\n      target: ${target}\n      reason: ${reason ?? "Reviewed by OT security in change 4711"}\n`,
                )
                .join(""),
    );

describe("model: semantic rules", () => {
    afterEach(cleanup);

    it("the base fixture is valid and has no findings", () => {
        const result = load(fleetDir());
        assert.deepEqual(result.diagnostics, []);
        assert.ok(result.model);
        assert.deepEqual(result.files, [F, A, B]);
    });

    describe("references", () => {
        runCases([
            {
                name: "unknown region, with did-you-mean",
                changes: alpha(["region: eu-central-1", "region: eu-centrl-1"]),
                expect: [
                    `${A}:7:11: metadata.region: unknown region "eu-centrl-1"; did you mean "eu-central-1"? regions of fleet.yaml: eu-central-1, us-east-2`,
                ],
            },
            {
                name: "unknown region, nothing close",
                changes: alpha(["region: eu-central-1", "region: ap-south-1"]),
                expect: [`${A}:7:11: metadata.region: unknown region "ap-south-1"; regions of fleet.yaml: eu-central-1, us-east-2`],
            },
            {
                name: "unknown segment of a gateway (no follow-on reachability findings)",
                changes: alpha(["segment: dmz", "segment: dmx"]),
                expect: [`${A}:35:16: gateways[0].segment: unknown segment "dmx"; did you mean "dmz"? known: cell, scada, dmz`],
            },
            {
                name: "unknown segment of a PLC",
                changes: alpha(["segment: cell", "segment: cel"]),
                expect: [`${A}:40:16: plcs[0].segment: unknown segment "cel"; did you mean "cell"? known: cell, scada, dmz`],
            },
            {
                name: "unknown equipment type",
                changes: alpha(["type: press", "type: pres"]),
                expect: [`${A}:45:13: equipment[0].type: unknown equipment type "pres"; did you mean "press"? types in fleet.yaml: press`],
            },
            {
                name: "unknown PLC of an equipment",
                changes: alpha(["plc: plc-1", "plc: plc-9"]),
                expect: [`${A}:46:12: equipment[0].plc: unknown PLC "plc-9"; did you mean "plc-1"? known: plc-1`],
            },
            {
                name: "unknown gateway of an equipment",
                changes: alpha(["plc: plc-1\n      gateway: gw-1", "plc: plc-1\n      gateway: gw-2"]),
                expect: [`${A}:47:16: equipment[0].gateway: unknown gateway "gw-2"; did you mean "gw-1"? known: gw-1`],
            },
            {
                name: "unknown gateway of a one-off sensor",
                changes: alpha(["unit: degC\n      gateway: gw-1", "unit: degC\n      gateway: edge"]),
                expect: [`${A}:52:16: sensors[0].gateway: unknown gateway "edge"; known: gw-1`],
            },
            {
                name: "unknown zone of a conduit; the gateway then has no way to the cloud",
                changes: alpha(["to: cloud", "to: clod"]),
                expect: [
                    `${A}:31:11: conduits[1].to: unknown zone "clod"; did you mean "cloud"? known: cell, scada, dmz, cloud (segments, or \`cloud\`)`,
                    `${A}:35:16: warning: gateways[0].segment: gateway "gw-1" (segment dmz) has no conduit to cloud (protocol mqtts or https), so it cannot reach AWS IoT Core; add a conduit from dmz to cloud with protocol mqtts`,
                ],
            },
        ]);
    });

    describe("duplicate names", () => {
        runCases([
            {
                name: "segment",
                changes: alpha(["- name: scada", "- name: cell"]),
                expect: [`${A}:18:13: segments[1].name: duplicate segment name "cell"; also at segments[0]`],
            },
            {
                name: "conduit",
                changes: alpha(["- name: gw-to-cloud", "- name: gw-to-cell"]),
                expect: [`${A}:29:13: conduits[1].name: duplicate conduit name "gw-to-cell"; also at conduits[0]`],
            },
            {
                name: "gateway",
                changes: { [A]: insertAfter("      serial: SN-1", "    - name: gw-1\n      segment: dmz\n      address: 192.168.35.11\n      serial: SN-3") },
                expect: [`${A}:38:13: gateways[1].name: duplicate gateway name "gw-1"; also at gateways[0]`],
            },
            {
                name: "PLC",
                changes: alpha([
                    "      address: 192.168.10.21\n      protocol: opcua\n",
                    "      address: 192.168.10.21\n      protocol: opcua\n    - name: plc-1\n      segment: cell\n      address: 192.168.10.22\n      protocol: opcua\n",
                ]),
                expect: [`${A}:43:13: plcs[1].name: duplicate PLC name "plc-1"; also at plcs[0]`],
            },
            {
                name: "equipment (its sensors are not reported again)",
                changes: alpha([
                    "      gateway: gw-1\n  sensors:",
                    "      gateway: gw-1\n    - name: press-1\n      type: press\n      plc: plc-1\n      gateway: gw-1\n  sensors:",
                ]),
                expect: [`${A}:48:13: equipment[1].name: duplicate equipment name "press-1"; also at equipment[0]`],
            },
            {
                name: "one-off sensor",
                changes: appendAlpha(
                    "    - name: hall-temp\n      kind: temperature\n      unit: degC\n      gateway: gw-1\n      sampleRateHz: 0.1\n      transmit:\n        mode: on-change\n      source:\n        protocol: opcua\n        address: 192.168.10.41\n",
                ),
                expect: [`${A}:60:13: sensors[1].name: duplicate sensor name "hall-temp"; also at sensors[0]`],
            },
            {
                name: "sensor of an equipment type (reported once, in fleet.yaml)",
                changes: fleet(["- name: current", "- name: vibration"]),
                expect: [`${F}:36:17: equipmentTypes.press.sensors[1].name: duplicate sensor name "vibration" in equipment type "press"`],
            },
            {
                name: "an expanded sensor and a one-off sensor",
                changes: alpha(["- name: hall-temp", "- name: press-1-current"]),
                expect: [
                    `${A}:49:13: sensors[0].name: sensor name "press-1-current" clashes with sensor "current" of equipment "press-1" (expanded sensors are named <equipment>-<sensor>); rename one of them`,
                ],
            },
            {
                name: "site names across files (and the file name warning)",
                changes: { [B]: edit(["name: beta", "name: alpha"]) },
                expect: [
                    `${B}:6:9: warning: metadata.name: site "alpha" is in sites/beta.yaml; name the file sites/alpha.yaml so it is easy to find`,
                    `${B}:6:9: metadata.name: site name "alpha" is already used by sites/alpha.yaml; site names are unique in the fleet`,
                ],
            },
        ]);
    });

    describe("addresses", () => {
        runCases([
            {
                name: "outside its segment",
                changes: alpha(["address: 192.168.35.10", "address: 192.168.36.10"]),
                expect: [`${A}:36:16: gateways[0].address: "192.168.36.10" is outside segment "dmz" (192.168.35.0/24); pick an address in 192.168.35.0/24`],
            },
            {
                name: "the network address",
                changes: alpha(["address: 192.168.35.10", "address: 192.168.35.0"]),
                expect: [`${A}:36:16: gateways[0].address: "192.168.35.0" is the network address of segment "dmz" (192.168.35.0/24); pick a host address`],
            },
            {
                name: "the broadcast address",
                changes: alpha(["address: 192.168.10.21", "address: 192.168.10.255"]),
                expect: [`${A}:41:16: plcs[0].address: "192.168.10.255" is the broadcast address of segment "cell" (192.168.10.0/24); pick a host address`],
            },
            {
                name: "not an address (octet over 255)",
                changes: alpha(["address: 192.168.35.10", "address: 192.168.35.300"]),
                expect: [`${A}:36:16: gateways[0].address: "192.168.35.300" is not an IPv4 address; expected four numbers 0-255, e.g. 192.168.10.21`],
            },
            {
                name: "used twice",
                changes: alpha([
                    "      address: 192.168.10.21\n      protocol: opcua\n",
                    "      address: 192.168.10.21\n      protocol: opcua\n    - name: plc-2\n      segment: cell\n      address: 192.168.10.21\n      protocol: opcua\n",
                ]),
                expect: [`${A}:45:16: plcs[1].address: "192.168.10.21" is already used by PLC "plc-1"; each device has its own address`],
            },
        ]);
    });

    describe("networks", () => {
        runCases([
            {
                name: "segments overlap",
                changes: alpha(["cidr: 192.168.20.0/24", "cidr: 192.168.10.128/25"]),
                expect: [`${A}:20:13: segments[1].cidr: "192.168.10.128/25" overlaps segment "cell" (192.168.10.0/24); segment ranges must not overlap`],
            },
            {
                name: "a segment overlaps the site's cloudNetwork",
                changes: alpha(["cidr: 192.168.20.0/24", "cidr: 10.40.0.128/25"]),
                expect: [
                    `${A}:20:13: segments[1].cidr: "10.40.0.128/25" overlaps the site's cloudNetwork 10.40.0.0/24; plant and cloud ranges must be distinct to route between them`,
                ],
            },
            {
                name: "host bits set in a segment",
                changes: alpha(["cidr: 192.168.20.0/24", "cidr: 192.168.20.1/24"]),
                expect: [`${A}:20:13: segments[1].cidr: "192.168.20.1/24" has host bits set; did you mean "192.168.20.0/24"?`],
            },
            {
                name: "host bits set in cloudNetwork",
                changes: alpha(["cidr: 10.40.0.0/24", "cidr: 10.40.0.1/24"]),
                expect: [`${A}:13:11: cloudNetwork.cidr: "10.40.0.1/24" has host bits set; did you mean "10.40.0.0/24"?`],
            },
            {
                name: "cloudNetwork not private",
                changes: alpha(["cidr: 10.40.0.0/24", "cidr: 8.8.8.0/24"]),
                expect: [
                    `${A}:13:11: cloudNetwork.cidr: "8.8.8.0/24" is not a private range; use part of 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10`,
                ],
            },
            {
                name: "cloudNetwork smaller than /28",
                changes: alpha(["cidr: 10.40.0.0/24", "cidr: 10.40.0.0/29"]),
                expect: [`${A}:13:11: cloudNetwork.cidr: "10.40.0.0/29" is smaller than /28, the smallest range AWS can attach; use a prefix of /28 or less`],
            },
            {
                name: "prefix length over 32",
                changes: alpha(["cidr: 10.40.0.0/24", "cidr: 10.40.0.0/33"]),
                expect: [`${A}:13:11: cloudNetwork.cidr: "10.40.0.0/33" has prefix length 33; accepted: 0 to 32`],
            },
            {
                name: "octet over 255",
                changes: alpha(["cidr: 192.168.20.0/24", "cidr: 192.168.256.0/24"]),
                expect: [
                    `${A}:20:13: segments[1].cidr: "192.168.256.0/24" is not an IPv4 CIDR block; expected a.b.c.d/n with a, b, c, d from 0 to 255, e.g. 10.40.0.0/24`,
                ],
            },
            {
                name: "cloudNetwork overlaps another site's (the later one in address order is reported)",
                changes: { [B]: edit(["cidr: 10.40.1.0/24", "cidr: 10.40.0.0/16"]) },
                expect: [
                    `${B}:13:11: cloudNetwork.cidr: "10.40.0.0/16" overlaps the cloudNetwork of site "alpha" (10.40.0.0/24); sites share one routed network per region, so ranges must not overlap anywhere in the fleet`,
                ],
            },
            {
                name: "cloudNetwork inside another site's",
                changes: { [B]: edit(["cidr: 10.40.1.0/24", "cidr: 10.0.0.0/8"]) },
                expect: [
                    `${A}:13:11: cloudNetwork.cidr: "10.40.0.0/24" overlaps the cloudNetwork of site "beta" (10.0.0.0/8); sites share one routed network per region, so ranges must not overlap anywhere in the fleet`,
                ],
            },
            {
                name: "the same cloudNetwork in two sites",
                changes: { [B]: edit(["cidr: 10.40.1.0/24", "cidr: 10.40.0.0/24"]) },
                expect: [
                    `${B}:13:11: cloudNetwork.cidr: "10.40.0.0/24" overlaps the cloudNetwork of site "alpha" (10.40.0.0/24); sites share one routed network per region, so ranges must not overlap anywhere in the fleet`,
                ],
            },
        ]);
    });

    describe("AWS name limits", () => {
        const longSite = "stuttgart-body-shop-line-four-a"; // 31 characters, the longest site name
        const renamed = (site: string): Record<string, FileChange> => ({
            [A]: null,
            [`sites/${site}.yaml`]: edit(["name: alpha", `name: ${site}`])(readTree(BASE)[A]),
        });
        runCases([
            {
                name: "provisioning template (36): a 16-character fleet name and a 31-character site name",
                changes: { ...fleet(["name: acme", "name: abcdefghijklmnop"]), ...renamed(longSite) },
                expect: [
                    `sites/${longSite}.yaml:6:9: metadata.name: IoT provisioning template name "abcdefghijklmnop-${longSite}" is 48 characters; AWS allows at most 36; shorten the site name (or the fleet name "abcdefghijklmnop")`,
                ],
            },
            {
                name: "provisioning template: 36 characters exactly is fine",
                changes: { ...fleet(["name: acme", "name: abcdefghijklmnop"]), ...renamed("site-name-nineteen1") },
                expect: [],
            },
            {
                name: "provisioning template: 37 characters is one too many",
                changes: { ...fleet(["name: acme", "name: abcdefghijklmnop"]), ...renamed("site-name-twenty-123") },
                expect: [
                    `sites/site-name-twenty-123.yaml:6:9: metadata.name: IoT provisioning template name "abcdefghijklmnop-site-name-twenty-123" is 37 characters; AWS allows at most 36; shorten the site name (or the fleet name "abcdefghijklmnop")`,
                ],
            },
            {
                name: "the longest site name fits with a short fleet name",
                changes: renamed(longSite),
                expect: [],
            },
        ]);

        it("IoT thing name (128): checked even though today's name limits cannot exceed it", () => {
            // fleet (16) + site (31) + gateway (40) + 2 dashes is at most 89 characters, so the
            // limit is reached only if the schema's limits are loosened; the check must hold then.
            const text = readTree(BASE)[A];
            const parsed = parseYaml(A, text);
            const out: Diagnostic[] = [];
            const model = load(fleetDir()).model!;
            const fleetName = "f".repeat(120);
            normalizeSite(
                parsed.data as SiteFile,
                new Reporter(parsed, out),
                { ...model, name: fleetName },
                { fileExists: () => true, knownRules: POLICY_NAMES },
            );
            const thing = `${fleetName}-alpha-gw-1`;
            assert.ok(
                out
                    .map(formatDiagnostic)
                    .includes(
                        `${A}:34:13: gateways[0].name: IoT thing name "${thing}" is ${thing.length} characters; AWS allows at most 128; shorten the gateway name`,
                    ),
                out.map(formatDiagnostic).join("\n"),
            );
        });
    });

    describe("sources and reachability", () => {
        runCases([
            {
                name: "equipment without a PLC while its type reads from the PLC",
                changes: alpha(["      plc: plc-1\n", ""]),
                expect: [
                    `${A}:44:7: equipment[0].plc: equipment "press-1" has no plc, but sensors of type "press" read from the equipment's PLC; add plc: <name> (known: plc-1) or give the type's sources an address`,
                ],
            },
            {
                name: "the type reads over another protocol than the PLC speaks",
                changes: fleet(['nodeId: "ns=3;s={equipment}.Vibration"', "protocol: modbus-tcp\n            register: 40001"]),
                expect: [
                    `${A}:46:12: equipment[0].plc: PLC "plc-1" speaks opcua, but sensor "vibration" of type "press" reads it over modbus-tcp; pick a PLC that speaks modbus-tcp or change the type's source protocol`,
                ],
            },
            {
                name: "gateway cannot reach its PLC (no conduit); nor the one-off sensor behind it",
                changes: alpha(["    - name: gw-to-cell\n      from: dmz\n      to: cell\n      protocol: opcua\n", ""]),
                expect: [
                    `${A}:42:12: equipment[0].plc: gateway "gw-1" (segment dmz) cannot reach PLC "plc-1" (segment cell) over opcua: add a conduit from dmz to cell with protocol opcua`,
                    `${A}:54:18: sensors[0].source.address: gateway "gw-1" (segment dmz) cannot reach 192.168.10.40 (segment cell) over opcua: add a conduit from dmz to cell with protocol opcua`,
                ],
            },
            {
                name: "a conduit of another protocol does not count",
                changes: alpha(["to: cell\n      protocol: opcua", "to: cell\n      protocol: s7"]),
                expect: [
                    `${A}:46:12: equipment[0].plc: gateway "gw-1" (segment dmz) cannot reach PLC "plc-1" (segment cell) over opcua: add a conduit from dmz to cell with protocol opcua`,
                    `${A}:58:18: sensors[0].source.address: gateway "gw-1" (segment dmz) cannot reach 192.168.10.40 (segment cell) over opcua: add a conduit from dmz to cell with protocol opcua`,
                ],
            },
            {
                name: "one-off sensor in an unreachable segment",
                changes: alpha(["address: 192.168.10.40", "address: 192.168.20.40"]),
                expect: [
                    `${A}:58:18: sensors[0].source.address: gateway "gw-1" (segment dmz) cannot reach 192.168.20.40 (segment scada) over opcua: add a conduit from dmz to scada with protocol opcua`,
                ],
            },
            {
                name: "one-off sensor in no segment of the site",
                changes: alpha(["address: 192.168.10.40", "address: 10.9.9.9"]),
                expect: [
                    `${A}:58:18: sensors[0].source.address: 10.9.9.9 is in no segment of this site, so gateway "gw-1" cannot reach it (every flow needs a conduit); segments: cell 192.168.10.0/24, scada 192.168.20.0/24, dmz 192.168.35.0/24`,
                ],
            },
            {
                name: "one-off sensor in the gateway's own segment needs no conduit",
                changes: alpha(["address: 192.168.10.40", "address: 192.168.35.40"]),
                expect: [],
            },
            {
                name: "one-off sensor without address or endpoint",
                changes: alpha(["        address: 192.168.10.40\n", ""]),
                expect: [`${A}:57:9: sensors[0].source: sensor "hall-temp" belongs to no equipment, so its source needs its own address or endpoint`],
            },
            {
                name: "one-off sensor without protocol",
                changes: alpha(["        protocol: opcua\n        address", "        address"]),
                expect: [
                    `${A}:57:9: sensors[0].source: sensor "hall-temp" belongs to no equipment, so its source needs a protocol; accepted: opcua, modbus-tcp, s7, ethernet-ip, mqtt, bacnet`,
                ],
            },
            {
                name: "a gateway without a conduit to the cloud (warning)",
                changes: alpha(["    - name: gw-to-cloud\n      from: dmz\n      to: cloud\n      protocol: mqtts\n", ""]),
                expect: [
                    `${A}:31:16: warning: gateways[0].segment: gateway "gw-1" (segment dmz) has no conduit to cloud (protocol mqtts or https), so it cannot reach AWS IoT Core; add a conduit from dmz to cloud with protocol mqtts`,
                ],
            },
        ]);
    });

    describe("transmission, thresholds and durations", () => {
        runCases([
            {
                name: "alarm-only without thresholds (site sensor)",
                changes: alpha(["mode: on-change", "mode: alarm-only"]),
                expect: [
                    `${A}:55:15: sensors[0].transmit.mode: sensor "hall-temp" sends only threshold crossings (alarm-only) but has no thresholds; add thresholds: { warning: ..., critical: ... } or pick another mode`,
                ],
            },
            {
                name: "alarm-only without thresholds (equipment type sensor)",
                changes: fleet(["mode: deadband\n            threshold: 0.5", "mode: alarm-only"]),
                expect: [
                    `${F}:41:19: equipmentTypes.press.sensors[1].transmit.mode: sensor "current" sends only threshold crossings (alarm-only) but has no thresholds; add thresholds: { warning: ..., critical: ... } or pick another mode`,
                ],
            },
            {
                name: "thresholds out of order (alarms above)",
                changes: fleet(["warning: 4.5", "warning: 8"]),
                expect: [`${F}:32:13: equipmentTypes.press.sensors[0].thresholds: warning 8 must be below critical 7.1 when alarms fire above the thresholds`],
            },
            {
                name: "equal thresholds",
                changes: fleet(["warning: 4.5", "warning: 7.1"]),
                expect: [
                    `${F}:32:13: equipmentTypes.press.sensors[0].thresholds: warning 7.1 must be below critical 7.1 when alarms fire above the thresholds`,
                ],
            },
            {
                name: "thresholds out of order (alarms below)",
                changes: fleet(["critical: 7.1", "critical: 7.1\n            direction: below"]),
                expect: [
                    `${F}:32:13: equipmentTypes.press.sensors[0].thresholds: warning 4.5 must be above critical 7.1 when alarms fire below the thresholds`,
                ],
            },
            {
                name: "a duration without a unit (schema)",
                changes: fleet(["window: 10s", "window: 10 s"]),
                expect: [
                    `${F}:30:21: equipmentTypes.press.sensors[0].transmit.window: "10 s" is not valid; expected a number and a unit (s m h d w y), e.g. 10s, 7d, 7y`,
                ],
            },
            {
                name: "a zero aggregate window",
                changes: fleet(["window: 10s", "window: 0s"]),
                expect: [`${F}:30:21: equipmentTypes.press.sensors[0].transmit.window: "0s" is not a positive duration; write <number><unit>, e.g. 10s`],
            },
            {
                name: "a zero retention",
                changes: fleet(["hot: 7d", "hot: 0d"]),
                expect: [`${F}:12:12: defaults.retention.hot: "0d" is not a positive duration; write <number><unit> with units s m h d w y, e.g. 7d`],
            },
            {
                name: "retention: warm not after hot (site overrides hot only)",
                changes: appendAlpha("  retention:\n    hot: 100d\n"),
                expect: [`${A}:61:10: retention.hot: warm (90 days) must be longer than hot (100 days): tiers are ages, data is warm after it stops being hot`],
            },
            {
                name: "retention: archive not after warm",
                changes: fleet(["archive: 7y", "archive: 30d"]),
                expect: [
                    `${F}:14:16: defaults.retention.archive: archive (30 days) must be longer than warm (90 days): data is archived after it stops being warm, then deleted`,
                ],
            },
            {
                name: "aggregate window shorter than the sample period (warning)",
                changes: fleet(["sampleRateHz: 10", "sampleRateHz: 0.01"]),
                expect: [
                    `${F}:30:21: warning: equipmentTypes.press.sensors[0].transmit.window: window 10s is shorter than one sample period (100s at 0.01 Hz), so most windows hold no sample; use a window of at least 100s`,
                ],
            },
        ]);
    });

    describe("uplink bandwidth", () => {
        runCases([
            {
                name: "over the budget (error)",
                changes: alpha(["sampleRateHz: 0.1", "sampleRateHz: 10000"]),
                expect: [
                    `${A}:11:20: connectivity.bandwidthKbps: planned telemetry needs 1024.4 kbps but the uplink has 1000 kbps; raise bandwidthKbps or send less (aggregate, deadband or alarm-only transmit modes)`,
                ],
            },
            {
                name: "over 80% of the budget (warning)",
                changes: alpha(["sampleRateHz: 0.1", "sampleRateHz: 9000"]),
                expect: [
                    `${A}:11:20: warning: connectivity.bandwidthKbps: planned telemetry needs 922.0 kbps, over 80% of the 1000 kbps uplink; little room is left for catching up after an outage`,
                ],
            },
        ]);
    });

    describe("conduits and the Purdue model", () => {
        const purdue = (name: string, from: string, to: string) =>
            `conduit "${name}" goes from Purdue level ${from} straight to ${to}; route it through the industrial DMZ (level 3.5), or add a suppression of ot-no-control-to-cloud for conduit/${name} with a reason`;
        runCases([
            {
                name: "level 1 straight to the cloud",
                changes: addConduit("cell-to-cloud", "cell", "cloud", "mqtts"),
                expect: [`${A}:35:11: conduits[2].to: ${purdue("cell-to-cloud", "1 (cell)", "`cloud`")}`],
            },
            {
                name: "level 2 straight to level 4",
                changes: {
                    [A]: edit(
                        [
                            "      cidr: 192.168.35.0/24\n",
                            "      cidr: 192.168.35.0/24\n    - name: office\n      purdueLevel: 4\n      cidr: 192.168.40.0/24\n",
                        ],
                        [
                            "      protocol: mqtts\n",
                            "      protocol: mqtts\n    - name: scada-to-office\n      from: scada\n      to: office\n      protocol: https\n",
                        ],
                    ),
                },
                expect: [`${A}:38:11: conduits[2].to: ${purdue("scada-to-office", "2 (scada)", "level 4 (office)")}`],
            },
            {
                name: "level 1 to the cloud with a suppression",
                changes: {
                    [A]: (t: string) =>
                        addConduit("cell-to-cloud", "cell", "cloud", "mqtts")[A](t) +
                        "  suppressions:\n    - policy: ot-no-control-to-cloud\n      target: conduit/cell-to-cloud\n      reason: Vendor remote monitoring, approved by OT security\n",
                },
                expect: [],
            },
            {
                name: "a suppression of another conduit does not cover it",
                changes: {
                    [A]: (t: string) =>
                        addConduit("cell-to-cloud", "cell", "cloud", "mqtts")[A](t) +
                        "  suppressions:\n    - policy: ot-no-control-to-cloud\n      target: conduit/gw-to-cloud\n      reason: Vendor remote monitoring, approved by OT security\n",
                },
                expect: [`${A}:35:11: conduits[2].to: ${purdue("cell-to-cloud", "1 (cell)", "`cloud`")}`],
            },
            {
                name: "level 3.5 to the cloud is the normal path",
                changes: addConduit("dmz-https", "dmz", "cloud", "https"),
                expect: [],
            },
            {
                name: "a conduit to itself",
                changes: addConduit("loop", "scada", "scada", "opcua"),
                expect: [
                    `${A}:35:11: conduits[2].to: conduit "loop" goes from "scada" to itself; a conduit joins two different zones (traffic inside a zone needs none)`,
                ],
            },
            {
                name: "a conduit from the cloud",
                changes: addConduit("from-cloud", "cloud", "dmz", "https"),
                expect: [
                    `${A}:34:13: conduits[2].from: a conduit cannot be opened from \`cloud\`; the plant side opens every connection to AWS (swap from and to)`,
                ],
            },
            {
                name: "a port listed twice (warning)",
                changes: alpha(["      protocol: mqtts\n", "      protocol: mqtts\n      ports: [8883, 8883]\n"]),
                expect: [`${A}:33:21: warning: conduits[1].ports[1]: port 8883 is listed twice`],
            },
        ]);
    });

    describe("suppressions", () => {
        runCases([
            {
                name: "unknown policy, with did-you-mean",
                changes: suppressions(["ot-no-control-to-clod", "conduit/gw-to-cloud"]),
                expect: [
                    `${A}:61:15: suppressions[0].policy: unknown policy "ot-no-control-to-clod"; did you mean "ot-no-control-to-cloud"? rules: ${POLICY_NAMES.join(", ")}`,
                ],
            },
            {
                name: "unknown target kind",
                changes: suppressions(["ot-no-control-to-cloud", "zone/dmz"]),
                expect: [
                    `${A}:62:15: suppressions[0].target: unknown target kind "zone" in "zone/dmz"; accepted: site/<name>, segment/<name>, conduit/<name>, gateway/<name>, plc/<name>, equipment/<name>, sensor/<name>`,
                ],
            },
            {
                name: "unknown target kind, with did-you-mean",
                changes: suppressions(["ot-no-control-to-cloud", "segmnt/dmz"]),
                expect: [
                    `${A}:62:15: suppressions[0].target: unknown target kind "segmnt" in "segmnt/dmz"; did you mean "segment/dmz"? accepted: site/<name>, segment/<name>, conduit/<name>, gateway/<name>, plc/<name>, equipment/<name>, sensor/<name>`,
                ],
            },
            {
                name: "a target that names no entity",
                changes: suppressions(["ot-cleartext-protocol-contained", "conduit/legacy-modbus"]),
                expect: [`${A}:62:15: suppressions[0].target: "conduit/legacy-modbus" names no conduit of this site; conduits: gw-to-cell, gw-to-cloud`],
            },
            {
                name: "a target that names no entity, with did-you-mean",
                changes: suppressions(["ot-cleartext-protocol-contained", "plc/plc-2"]),
                expect: [`${A}:62:15: suppressions[0].target: "plc/plc-2" names no plc of this site; did you mean "plc-1"? plcs: plc-1`],
            },
            {
                name: "every target kind resolves",
                changes: suppressions(
                    ...[
                        "site/alpha",
                        "segment/cell",
                        "conduit/gw-to-cell",
                        "gateway/gw-1",
                        "plc/plc-1",
                        "equipment/press-1",
                        "sensor/press-1-vibration",
                        "sensor/hall-temp",
                    ].map((t) => ["ot-cleartext-protocol-contained", t] as [string, string]),
                ),
                expect: [],
            },
            {
                name: "the same suppression twice (warning)",
                changes: suppressions(["ot-cleartext-protocol-contained", "conduit/gw-to-cell"], ["ot-cleartext-protocol-contained", "conduit/gw-to-cell"]),
                expect: [
                    `${A}:64:7: warning: suppressions[1]: suppresses ot-cleartext-protocol-contained for conduit/gw-to-cell a second time (also at suppressions[0]); remove one`,
                ],
            },
            {
                name: "a reason of blanks",
                changes: suppressions(["ot-cleartext-protocol-contained", "conduit/gw-to-cell", '"          ok"']),
                expect: [`${A}:63:15: suppressions[0].reason: a suppression needs a reason of at least 10 characters saying why the exception is acceptable`],
            },
        ]);
    });

    describe("provisioning and serials", () => {
        const csr = alpha(["  cloudNetwork:\n", "  provisioning:\n    mode: csr\n  cloudNetwork:\n"]);
        runCases([
            {
                name: "csr mode without the gateway's CSR file",
                changes: csr,
                expect: [
                    `${A}:36:13: gateways[0].name: no certificate signing request at certs/alpha/gw-1.csr.pem; the site uses provisioning mode csr: run \`fleet certs csr alpha gw-1\` on the gateway (or here) to make the key and CSR`,
                ],
            },
            {
                name: "csr mode with the gateway's CSR file",
                changes: { ...csr, "certs/alpha/gw-1.csr.pem": makeKeyAndCsr("acme-alpha-gw-1", "acme").csrPem },
                expect: [],
            },
            {
                name: "csr mode with a CSR made for another gateway",
                changes: { ...csr, "certs/alpha/gw-1.csr.pem": makeKeyAndCsr("acme-alpha-gw-2", "acme").csrPem },
                expect: [
                    `${A}:36:13: gateways[0].name: certs/alpha/gw-1.csr.pem is not a usable certificate signing request: its subject CN is "acme-alpha-gw-2", expected "acme-alpha-gw-1"; make a new one with \`fleet certs csr alpha gw-1\``,
                ],
            },
            {
                name: "csr mode with a file that is no CSR",
                changes: { ...csr, "certs/alpha/gw-1.csr.pem": "hello\n" },
                expect: [
                    `${A}:36:13: gateways[0].name: certs/alpha/gw-1.csr.pem is not a usable certificate signing request: not a PEM certificate signing request (no BEGIN/END CERTIFICATE REQUEST lines); make a new one with \`fleet certs csr alpha gw-1\``,
                ],
            },
            {
                name: "csr as the fleet default applies to every site",
                changes: fleet(["provisioning: fleet-claim", "provisioning: csr"]),
                expect: [
                    `${A}:34:13: gateways[0].name: no certificate signing request at certs/alpha/gw-1.csr.pem; the site uses provisioning mode csr: run \`fleet certs csr alpha gw-1\` on the gateway (or here) to make the key and CSR`,
                    `${B}:24:13: gateways[0].name: no certificate signing request at certs/beta/gw-1.csr.pem; the site uses provisioning mode csr: run \`fleet certs csr beta gw-1\` on the gateway (or here) to make the key and CSR`,
                ],
            },
            {
                name: "a serial twice in a site",
                changes: { [A]: insertAfter("      serial: SN-1", "    - name: gw-2\n      segment: dmz\n      address: 192.168.35.11\n      serial: SN-1") },
                expect: [`${A}:41:15: gateways[1].serial: serial "SN-1" is already the serial of gateway "gw-1"; each device has its own`],
            },
            {
                name: "a serial in two sites is reported at the gateway's place in the file, not in name order",
                changes: {
                    [B]: edit(
                        ["    - name: gw-1\n", "    - name: zz-gw\n"],
                        [
                            "      serial: SN-2\n",
                            "      serial: SN-2\n    - name: aa-gw\n      segment: dmz\n      address: 192.168.35.11\n      serial: SN-1\n",
                        ],
                    ),
                },
                expect: [
                    `${B}:31:15: gateways[1].serial: serial "SN-1" is also listed for gateway "gw-1" of site "alpha"; a device can belong to one site only`,
                ],
            },
            {
                name: "a serial in two sites",
                changes: { [B]: edit(["serial: SN-2", "serial: SN-1"]) },
                expect: [
                    `${B}:27:15: gateways[0].serial: serial "SN-1" is also listed for gateway "gw-1" of site "alpha"; a device can belong to one site only`,
                ],
            },
        ]);
    });

    describe("previous names", () => {
        const prevAlpha = (name: string) => alpha(["  region: eu-central-1\n", `  region: eu-central-1\n  previousNames:\n    - ${name}\n`]);
        runCases([
            {
                name: "a site's previous name is a current site",
                changes: prevAlpha("beta"),
                expect: [
                    `${A}:9:7: metadata.previousNames[0]: previous name "beta" is the name of a current site (sites/beta.yaml); a previous name must not be in use`,
                ],
            },
            {
                name: "a site's previous name is a current site, reported at its place in the list",
                changes: alpha(["  region: eu-central-1\n", "  region: eu-central-1\n  previousNames:\n    - zeta\n    - beta\n"]),
                expect: [
                    `${A}:10:7: metadata.previousNames[1]: previous name "beta" is the name of a current site (sites/beta.yaml); a previous name must not be in use`,
                ],
            },
            {
                name: "a site's previous name is its own name",
                changes: prevAlpha("alpha"),
                expect: [`${A}:9:7: metadata.previousNames[0]: "alpha" is the site's current name; list only earlier names`],
            },
            {
                name: "two sites claim one previous name",
                changes: { ...prevAlpha("gamma"), [B]: edit(["  region: us-east-2\n", "  region: us-east-2\n  previousNames:\n    - gamma\n"]) },
                expect: [
                    `${B}:9:7: metadata.previousNames[0]: previous name "gamma" is also a previous name of site "alpha"; a name can move to one site only`,
                ],
            },
            {
                name: "a gateway's previous name is a current gateway",
                changes: { [A]: insertAfter("      serial: SN-1", "      previousNames:\n        - gw-1") },
                expect: [`${A}:39:11: gateways[0].previousNames[0]: "gw-1" is the name of a current gateway; a previous name must not be in use`],
            },
            {
                name: "two gateways claim one previous name",
                changes: {
                    [A]: insertAfter(
                        "      serial: SN-1",
                        "      previousNames:\n        - gw-1-old\n    - name: gw-2\n      segment: dmz\n      address: 192.168.35.11\n      serial: SN-3\n      previousNames:\n        - gw-1-old",
                    ),
                },
                expect: [`${A}:45:11: gateways[1].previousNames[0]: "gw-1-old" is also a previous name of gateway "gw-1"; a name can move to one gateway only`],
            },
        ]);
    });

    describe("files", () => {
        runCases([
            {
                name: "a Site kind in fleet.yaml",
                changes: fleet(["kind: Fleet", "kind: Site"]),
                expect: [`${F}:5:7: kind: "Site" is not accepted in fleet.yaml; expected "Fleet" (a Site goes in sites/<name>.yaml)`],
            },
            {
                name: "a Fleet kind in a site file",
                changes: alpha(["kind: Site", "kind: Fleet"]),
                expect: [
                    `${A}:4:7: kind: "Fleet" is not accepted in a site file; expected "Site" (fleet.yaml holds the Fleet, sites/ holds one Site per file)`,
                ],
            },
            {
                name: "a file name that is not the site name (warning)",
                changes: { [A]: null, "sites/plant-a.yaml": readTree(BASE)[A] },
                expect: [
                    `sites/plant-a.yaml:6:9: warning: metadata.name: site "alpha" is in sites/plant-a.yaml; name the file sites/alpha.yaml so it is easy to find`,
                ],
            },
            {
                name: ".yml files are site files too",
                changes: { [A]: null, "sites/alpha.yml": readTree(BASE)[A] },
                expect: [],
            },
            {
                name: "other files in sites/ are ignored",
                changes: { "sites/README.md": "# notes\n", "sites/old/gamma.yaml": "not: read\n" },
                expect: [],
            },
            {
                name: "no fleet.yaml",
                changes: { [F]: null },
                expect: (dir) => [`fleet.yaml: no fleet.yaml in ${dir}; run fleet in a fleet directory or pass --dir DIR`],
            },
            {
                name: "no site files (warning)",
                changes: { [A]: null, [B]: null },
                expect: ["sites: warning: no site files (sites/*.yaml); add one with `fleet init site NAME --region R`"],
            },
            {
                name: "a region AWS does not have (warning, with did-you-mean)",
                changes: { ...fleet(["us-east-2: {}", "us-esat-2: {}"]), [B]: edit(["region: us-east-2", "region: us-esat-2"]) },
                expect: [
                    `${F}:20:5: warning: regions.us-esat-2: "us-esat-2" is not an AWS region this tool knows; did you mean "us-east-2"? (a new region is fine; a typo fails at deploy)`,
                ],
            },
        ]);

        it("a fleet without sites still yields a model", () => {
            const result = load(fleetDir({ [A]: null, [B]: null }));
            assert.equal(result.errors, 0);
            assert.deepEqual(result.model?.sites, []);
            assert.deepEqual(result.files, [F]);
        });

        it("reads files through symlinks, and reports a dangling one", () => {
            const dir = fleetDir({ [B]: null });
            fs.symlinkSync(path.join(dir, A), path.join(dir, "sites", "alpha-link.yaml"));
            fs.symlinkSync(path.join(dir, "nowhere.yaml"), path.join(dir, "sites", "gone.yaml"));
            // alpha-link.yaml sorts before alpha.yaml, so it is read first and alpha.yaml is the repeat.
            assert.deepEqual(messages(dir), [
                'sites/alpha-link.yaml:6:9: warning: metadata.name: site "alpha" is in sites/alpha-link.yaml; name the file sites/alpha.yaml so it is easy to find',
                'sites/alpha.yaml:6:9: metadata.name: site name "alpha" is already used by sites/alpha-link.yaml; site names are unique in the fleet',
                'sites/alpha.yaml:13:11: cloudNetwork.cidr: "10.40.0.0/24" overlaps the cloudNetwork of site "alpha" (10.40.0.0/24); sites share one routed network per region, so ranges must not overlap anywhere in the fleet',
                "sites/gone.yaml: file not found",
            ]);
        });
    });
});
