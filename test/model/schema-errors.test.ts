/**
 * Every translation of a JSON Schema error (schema-check.ts) into a message a plant engineer can
 * act on: the field, the bad value and what is accepted, at the exact line and column.
 */
import { cleanup, edit, runCases } from "./helpers";

const A = "sites/alpha.yaml";
const F = "fleet.yaml";
const alpha = (...pairs: [string, string][]) => ({ [A]: edit(...pairs) });
const fleet = (...pairs: [string, string][]) => ({ [F]: edit(...pairs) });
const appendAlpha = (lines: string) => ({ [A]: (t: string) => t + lines });
const SPEC_FIELDS =
    "location, connectivity, cloudNetwork, provisioning, segments, conduits, gateways, plcs, equipment, sensors, alerts, retention, suppressions";
const MODES = "raw, aggregate, deadband, on-change, alarm-only";
const NAME_2_31 = "2-31 characters of a-z, 0-9 and -, starting with a letter";

describe("model: schema errors", () => {
    afterEach(cleanup);

    describe("fields", () => {
        runCases([
            {
                name: "unknown field, with did-you-mean (and the field it replaced is missing)",
                changes: alpha(["address: 192.168.35.10", "adress: 192.168.35.10"]),
                expect: [
                    `${A}:34:7: gateways[0].address: missing required field "address"; expected an IPv4 address a.b.c.d, e.g. 192.168.10.21`,
                    `${A}:36:7: gateways[0].adress: unknown field "adress"; did you mean "address"? accepted: name, segment, address, serial, hardware, edgeInference, previousNames`,
                ],
            },
            {
                name: "unknown field of spec, with did-you-mean",
                changes: alpha(["  segments:\n", "  segmnts:\n"]),
                expect: [
                    `${A}:9:3: segments: missing required field "segments"; expected a list`,
                    `${A}:14:3: segmnts: unknown field "segmnts"; did you mean "segments"? accepted: ${SPEC_FIELDS}`,
                ],
            },
            {
                name: "unknown field, nothing close",
                changes: alpha(["      serial: SN-1\n", "      serial: SN-1\n      colour: blue\n"]),
                expect: [
                    `${A}:38:7: gateways[0].colour: unknown field "colour"; accepted: name, segment, address, serial, hardware, edgeInference, previousNames`,
                ],
            },
            {
                name: "missing field",
                changes: alpha(["      serial: SN-1\n", ""]),
                expect: [`${A}:34:7: gateways[0].serial: missing required field "serial"; expected 1-64 letters, digits, ':', '_' and '-'`],
            },
            {
                name: "missing field with a fixed value",
                changes: alpha(["apiVersion: fleet.iot/v1\n", ""]),
                expect: [`${A}:3:1: apiVersion: missing required field "apiVersion"; expected "fleet.iot/v1"`],
            },
            {
                name: "missing map",
                changes: alpha(["  connectivity:\n    uplink: vpn\n    bandwidthKbps: 1000\n", ""]),
                expect: [`${A}:9:3: connectivity: missing required field "connectivity"; expected a map with uplink, bandwidthKbps`],
            },
            {
                name: "merge keys are refused with a clear message",
                changes: alpha(["  connectivity:\n", "  connectivity:\n    <<: {}\n"]),
                expect: [`${A}:10:5: connectivity["<<"]: merge keys (<<) are not supported; write the fields out`],
            },
        ]);
    });

    describe("types", () => {
        runCases([
            {
                name: "text where an integer belongs",
                changes: alpha(["bandwidthKbps: 1000", "bandwidthKbps: fast"]),
                expect: [`${A}:11:20: connectivity.bandwidthKbps: expected an integer (1 to 100000000), got the string "fast"`],
            },
            {
                name: "a fraction where an integer belongs",
                changes: alpha(["bandwidthKbps: 1000", "bandwidthKbps: 1000.5"]),
                expect: [`${A}:11:20: connectivity.bandwidthKbps: expected an integer (1 to 100000000), got number 1000.5`],
            },
            {
                name: "a number that is not finite (.inf)",
                changes: alpha(["sampleRateHz: 0.1", "sampleRateHz: .inf"]),
                expect: [`${A}:53:21: sensors[0].sampleRateHz: expected a number (more than 0 and at most 100000), got Infinity (not a finite number)`],
            },
            {
                name: "a number too large for a double",
                changes: alpha(["bandwidthKbps: 1000", `bandwidthKbps: 1${"0".repeat(400)}`]),
                expect: [`${A}:11:20: connectivity.bandwidthKbps: expected an integer (1 to 100000000), got Infinity (not a finite number)`],
            },
            {
                name: "a scalar where a list belongs",
                changes: alpha(["  plcs:\n    - name: plc-1\n      segment: cell\n      address: 192.168.10.21\n      protocol: opcua\n", "  plcs: plc-1\n"]),
                expect: [`${A}:38:9: plcs: expected a list, got the string "plc-1"`],
            },
            {
                name: "a scalar where a map belongs",
                changes: alpha(["  cloudNetwork:\n    cidr: 10.40.0.0/24\n", "  cloudNetwork: 10.40.0.0/24\n"]),
                expect: [`${A}:12:17: cloudNetwork: expected a map, got the string "10.40.0.0/24"`],
            },
            {
                name: "an empty value where text belongs",
                changes: alpha(["      unit: degC\n", "      unit:\n"]),
                expect: [`${A}:51:12: sensors[0].unit: expected a string, got nothing (null)`],
            },
        ]);
    });

    describe("choices", () => {
        runCases([
            {
                name: "bad enum value, with did-you-mean",
                changes: alpha(["uplink: vpn", "uplink: vnp"]),
                expect: [`${A}:10:13: connectivity.uplink: "vnp" is not accepted; did you mean "vpn"? accepted: vpn, direct-connect, internet`],
            },
            {
                name: "bad enum value, nothing close",
                changes: alpha(["uplink: vpn", "uplink: satellite"]),
                expect: [`${A}:10:13: connectivity.uplink: "satellite" is not accepted; accepted: vpn, direct-connect, internet`],
            },
            {
                name: "bad protocol, with did-you-mean",
                changes: alpha(["      protocol: mqtts\n", "      protocol: mqttss\n"]),
                expect: [
                    `${A}:32:17: conduits[1].protocol: "mqttss" is not accepted; did you mean "mqtts"? accepted: opcua, modbus-tcp, s7, ethernet-ip, dnp3, profinet, bacnet, mqtt, mqtts, http, https, ssh, rdp, ntp, dns, syslog, snmp, sql`,
                ],
            },
            {
                name: "a Purdue level that does not exist",
                changes: alpha(["purdueLevel: 2\n", "purdueLevel: 2.5\n"]),
                expect: [`${A}:19:20: segments[1].purdueLevel: 2.5 is not accepted; accepted: 0, 1, 2, 3, 3.5, 4, 5`],
            },
            {
                name: "wrong apiVersion",
                changes: alpha(["apiVersion: fleet.iot/v1", "apiVersion: fleet.iot/v2"]),
                expect: [`${A}:3:13: apiVersion: "fleet.iot/v2" is not accepted; expected "fleet.iot/v1"`],
            },
            {
                name: "wrong kind",
                changes: alpha(["kind: Site", "kind: site"]),
                expect: [`${A}:4:7: kind: "site" is not accepted; expected "Site"`],
            },
            {
                name: "unknown transmit mode, with did-you-mean",
                changes: alpha(["mode: on-change", "mode: on-chang"]),
                expect: [`${A}:55:15: sensors[0].transmit.mode: "on-chang" is not accepted; did you mean "on-change"? accepted: ${MODES}`],
            },
            {
                name: "transmit without a mode",
                changes: alpha(["      transmit:\n        mode: on-change\n", "      transmit: {}\n"]),
                expect: [`${A}:54:17: sensors[0].transmit.mode: missing required field "mode"; accepted: ${MODES}`],
            },
            {
                name: "transmit written as a word",
                changes: alpha(["      transmit:\n        mode: on-change\n", "      transmit: on-change\n"]),
                expect: [
                    `${A}:54:17: sensors[0].transmit: expected a map with mode: raw | aggregate | deadband | on-change | alarm-only; got the string "on-change"`,
                ],
            },
            {
                name: "aggregate without a window",
                changes: { [F]: edit(["            window: 10s\n", ""]) },
                expect: [
                    `${F}:29:13: equipmentTypes.press.sensors[0].transmit.window: missing required field "window"; expected a number and a unit (s m h d w y), e.g. 10s, 7d, 7y`,
                ],
            },
            {
                name: "a field of another transmit mode",
                changes: { [F]: edit(["            threshold: 0.5\n", "            threshold: 0.5\n            window: 10s\n"]) },
                expect: [`${F}:43:13: equipmentTypes.press.sensors[1].transmit.window: unknown field "window"; accepted: mode, threshold`],
            },
            {
                name: "stream mode of a region, with did-you-mean",
                changes: fleet(["mode: on-demand", "mode: ondemand"]),
                expect: [
                    `${F}:19:17: regions.eu-central-1.analytics.stream.mode: "ondemand" is not accepted; did you mean "on-demand"? accepted: on-demand, provisioned`,
                ],
            },
            {
                name: "provisioned stream without shards",
                changes: fleet(["mode: on-demand", "mode: provisioned"]),
                expect: [`${F}:19:11: regions.eu-central-1.analytics.stream.shards: missing required field "shards"; expected an integer (1 to 500)`],
            },
        ]);
    });

    describe("patterns, formats and ranges", () => {
        runCases([
            {
                name: "a site name with capitals",
                changes: alpha(["name: alpha", "name: Alpha"]),
                expect: [`${A}:6:9: metadata.name: "Alpha" is not valid; expected ${NAME_2_31}`],
            },
            {
                name: "a fleet name too long",
                changes: fleet(["name: acme", "name: acme-manufacturing"]),
                expect: [`${F}:7:9: metadata.name: "acme-manufacturing" is not valid; expected 2-16 characters of a-z, 0-9 and -, starting with a letter`],
            },
            {
                name: "a serial with a space",
                changes: alpha(["serial: SN-1", "serial: SN 1"]),
                expect: [`${A}:37:15: gateways[0].serial: "SN 1" is not valid; expected 1-64 letters, digits, ':', '_' and '-'`],
            },
            {
                name: "an address that is no address",
                changes: alpha(["address: 192.168.35.10", "address: gw-1.local"]),
                expect: [`${A}:36:16: gateways[0].address: "gw-1.local" is not valid; expected an IPv4 address a.b.c.d, e.g. 192.168.10.21`],
            },
            {
                name: "a CIDR without a prefix",
                changes: alpha(["cidr: 10.40.0.0/24", "cidr: 10.40.0.0"]),
                expect: [`${A}:13:11: cloudNetwork.cidr: "10.40.0.0" is not valid; expected an IPv4 CIDR block a.b.c.d/n, e.g. 192.168.10.0/24`],
            },
            {
                name: "a suppression target without a kind",
                changes: appendAlpha(
                    "  suppressions:\n    - policy: ot-no-control-to-cloud\n      target: gw-to-cloud\n      reason: Reviewed by OT security in change 4711\n",
                ),
                expect: [
                    `${A}:62:15: suppressions[0].target: "gw-to-cloud" is not valid; expected kind/name with kind site, segment, conduit, gateway, plc, equipment or sensor, e.g. conduit/legacy-modbus`,
                ],
            },
            {
                name: "an email address that is none",
                changes: appendAlpha("  alerts:\n    subscribers:\n      - email: maintenance-at-acme\n"),
                expect: [
                    `${A}:62:16: alerts.subscribers[0].email: "maintenance-at-acme" is not a valid email address; expected name@domain, e.g. ot-oncall@example.com`,
                ],
            },
            {
                name: "zero where more than zero is needed",
                changes: alpha(["sampleRateHz: 0.1", "sampleRateHz: 0"]),
                expect: [`${A}:53:21: sensors[0].sampleRateHz: 0 is out of range; accepted: more than 0 and at most 100000`],
            },
            {
                name: "below the minimum",
                changes: alpha(["bandwidthKbps: 1000", "bandwidthKbps: 0"]),
                expect: [`${A}:11:20: connectivity.bandwidthKbps: 0 is out of range; accepted: 1 to 100000000`],
            },
            {
                name: "a country code in lower case",
                changes: alpha(["spec:\n", "spec:\n  location:\n    country: de\n"]),
                expect: [`${A}:10:14: location.country: "de" is not valid; expected a two-letter country code in capitals (ISO 3166), e.g. DE`],
            },
            {
                name: "text too short",
                changes: appendAlpha("  suppressions:\n    - policy: ot-no-control-to-cloud\n      target: conduit/gw-to-cloud\n      reason: ok\n"),
                expect: [`${A}:63:15: suppressions[0].reason: "ok" is too short; at least 10 characters`],
            },
            {
                name: "text too long",
                changes: alpha(["spec:\n", `spec:\n  location:\n    city: ${"x".repeat(129)}\n`]),
                expect: [`${A}:10:11: location.city: "${"x".repeat(77)}..." is too long (129 characters); at most 128`],
            },
            {
                name: "an empty list that needs an item",
                changes: alpha([
                    "  segments:\n    - name: cell\n      purdueLevel: 1\n      cidr: 192.168.10.0/24\n    - name: scada\n      purdueLevel: 2\n      cidr: 192.168.20.0/24\n    - name: dmz\n      purdueLevel: 3.5\n      cidr: 192.168.35.0/24\n",
                    "  segments: []\n",
                ]),
                expect: [`${A}:14:13: segments: has 0 items; at least 1 needed`],
            },
            {
                name: "a list too long",
                changes: alpha([
                    "  region: eu-central-1\n",
                    `  region: eu-central-1\n  previousNames: [${Array.from({ length: 11 }, (_, i) => `old-${i}`).join(", ")}]\n`,
                ]),
                expect: [`${A}:8:18: metadata.previousNames: has 11 items; at most 10 accepted`],
            },
            {
                name: "a value listed twice where each must be unique",
                changes: appendAlpha("  alerts:\n    subscribers:\n      - email: ot@acme.example\n        severities: [critical, critical]\n"),
                expect: [`${A}:63:21: alerts.subscribers[0].severities: lists "critical" twice (items 0 and 1); list each value once`],
            },
        ]);
    });

    describe("map keys", () => {
        runCases([
            {
                name: "a region key that is no region name",
                changes: { ...fleet(["    us-east-2: {}\n", "    US-East-2: {}\n"]), "sites/beta.yaml": null },
                expect: [`${F}:20:5: regions.US-East-2: key "US-East-2" is not valid; expected an AWS region name such as eu-central-1`],
            },
            {
                name: "an equipment type key with capitals",
                changes: fleet(["    press:\n", "    Press:\n"]),
                expect: [`${F}:22:5: equipmentTypes.Press: key "Press" is not valid; expected 1-40 characters of a-z, 0-9 and -, starting with a letter`],
            },
            {
                name: "a tag key with a character AWS does not accept",
                changes: fleet(["spec:\n", 'spec:\n  tags:\n    "cost#center": ot\n']),
                expect: [`${F}:10:5: tags["cost#center"]: key "cost#center" is not valid; expected 1-128 letters, digits, spaces and _.:/=+@-`],
            },
            {
                name: "no regions",
                changes: {
                    [F]: edit([
                        "  regions:\n    eu-central-1:\n      analytics:\n        stream:\n          mode: on-demand\n    us-east-2: {}\n",
                        "  regions: {}\n",
                    ]),
                },
                expect: [`${F}:15:12: regions: has 0 entries; at least 1 needed`],
            },
        ]);
    });

    describe("all at once", () => {
        runCases([
            {
                name: "five schema errors in one file are all reported, sorted by position",
                changes: alpha(
                    ["uplink: vpn", "uplink: vnp"],
                    ["bandwidthKbps: 1000", "bandwidthKbps: lots"],
                    ["purdueLevel: 2\n", "purdueLevel: 6\n"],
                    ["      serial: SN-1\n", "      serial: SN-1\n      colour: blue\n"],
                    ["      protocol: opcua\n  equipment:", "  equipment:"],
                    ["mode: on-change", "mode: sometimes"],
                ),
                expect: [
                    `${A}:10:13: connectivity.uplink: "vnp" is not accepted; did you mean "vpn"? accepted: vpn, direct-connect, internet`,
                    `${A}:11:20: connectivity.bandwidthKbps: expected an integer (1 to 100000000), got the string "lots"`,
                    `${A}:19:20: segments[1].purdueLevel: 6 is not accepted; accepted: 0, 1, 2, 3, 3.5, 4, 5`,
                    `${A}:38:7: gateways[0].colour: unknown field "colour"; accepted: name, segment, address, serial, hardware, edgeInference, previousNames`,
                    `${A}:40:7: plcs[0].protocol: missing required field "protocol"; expected one of opcua, modbus-tcp, s7, ethernet-ip, mqtt, bacnet`,
                    `${A}:55:15: sensors[0].transmit.mode: "sometimes" is not accepted; accepted: ${MODES}`,
                ],
            },
        ]);
    });
});
