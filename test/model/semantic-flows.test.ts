/**
 * The semantic rules of sources, reachability, transmission, uplink bandwidth and conduits (see
 * semantic.test.ts): one change to the base fixture each, exact findings with positions.
 */
import { cleanup, edit, runCases } from "./helpers";
import { A, addConduit, alpha, appendAlpha, F, fleet } from "./semantic-fixture";

describe("model: semantic rules: sources, flows and conduits", () => {
    afterEach(cleanup);

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
});
