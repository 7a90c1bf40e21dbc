/**
 * Every semantic rule of the loader (normalize.ts and the fleet-wide checks), one change to the
 * base fixture each, asserting the exact findings as `fleet validate` prints them. A finding's
 * position is part of the assertion: line and column of the value (or key) at fault.
 */
import * as assert from "node:assert/strict";
import { POLICY_NAMES } from "../../policies/catalogue";
import { formatDiagnostic, type Diagnostic } from "../../src/model/diagnostics";
import { normalizeSite, Reporter } from "../../src/model/normalize";
import type { SiteFile } from "../../src/model/schema";
import { parseYaml } from "../../src/model/yaml";
import { BASE, cleanup, edit, fleetDir, insertAfter, load, readTree, runCases, type FileChange } from "./helpers";
import { A, alpha, appendAlpha, B, F, fleet } from "./semantic-fixture";

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
                name: "cloudNetwork overlaps another site's (the later site file is reported, with a free range of its size)",
                changes: { [B]: edit(["cidr: 10.40.1.0/24", "cidr: 10.40.0.0/16"]) },
                expect: [
                    `${B}:13:11: cloudNetwork.cidr: "10.40.0.0/16" overlaps the cloudNetwork of site "alpha" (10.40.0.0/24); sites share one routed network per region, so ranges must not overlap anywhere in the fleet; 10.0.0.0/16 is free in the fleet and its regions`,
                ],
            },
            {
                name: "cloudNetwork inside another site's",
                changes: { [B]: edit(["cidr: 10.40.1.0/24", "cidr: 10.0.0.0/8"]) },
                expect: [
                    `${B}:13:11: cloudNetwork.cidr: "10.0.0.0/8" overlaps the cloudNetwork of site "alpha" (10.40.0.0/24); sites share one routed network per region, so ranges must not overlap anywhere in the fleet`,
                ],
            },
            {
                name: "the same cloudNetwork in two sites",
                changes: { [B]: edit(["cidr: 10.40.1.0/24", "cidr: 10.40.0.0/24"]) },
                expect: [
                    `${B}:13:11: cloudNetwork.cidr: "10.40.0.0/24" overlaps the cloudNetwork of site "alpha" (10.40.0.0/24); sites share one routed network per region, so ranges must not overlap anywhere in the fleet; 10.0.0.0/24 is free in the fleet and its regions`,
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
});
