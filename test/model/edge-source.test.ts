/**
 * The site-format fields the edge collector reads (issue #15): `plcs[].port`, `source.dataType`,
 * `source.wordOrder`, `source.scale` and `thresholds.hysteresis`: bad values with their exact
 * messages and positions, and the defaults the model fills in.
 */
import * as assert from "node:assert/strict";
import { cleanup, edit, fleetDir, load, runCases } from "./helpers";

const A = "sites/alpha.yaml";
const F = "fleet.yaml";
const alpha = (...pairs: [string, string][]) => ({ [A]: edit(...pairs) });
/** hall-temp as a Modbus sensor, with a conduit for Modbus from the gateway's segment. */
const modbusHall = (source: string) => ({
    [A]: edit(
        [
            "      protocol: opcua\n    - name: gw-to-cloud",
            "      protocol: opcua\n    - name: gw-to-modbus\n      from: dmz\n      to: cell\n      protocol: modbus-tcp\n    - name: gw-to-cloud",
        ],
        [
            '        protocol: opcua\n        address: 192.168.10.40\n        nodeId: "ns=3;s=Hall.Temp"',
            `        protocol: modbus-tcp\n        address: 192.168.10.40\n${source}`,
        ],
    ),
});

describe("model: edge source fields (port, dataType, wordOrder, scale, hysteresis)", () => {
    afterEach(cleanup);

    runCases([
        {
            name: "plcs[].port out of range",
            changes: alpha(["      address: 192.168.10.21\n      protocol: opcua", "      address: 192.168.10.21\n      protocol: opcua\n      port: 70000"]),
            expect: [`${A}:43:13: plcs[0].port: 70000 is out of range; accepted: 1 to 65535`],
        },
        {
            name: "source.dataType not a data type",
            changes: modbusHall("        register: 40001\n        dataType: int8"),
            expect: [`${A}:64:19: sensors[0].source.dataType: "int8" is not accepted; accepted: int16, uint16, int32, uint32, float32, float64`],
        },
        {
            name: "source.wordOrder neither big nor little",
            changes: modbusHall("        register: 40001\n        wordOrder: middle"),
            expect: [`${A}:64:20: sensors[0].source.wordOrder: "middle" is not accepted; accepted: big, little`],
        },
        {
            name: "source.scale 0",
            changes: modbusHall("        register: 40001\n        scale: 0"),
            expect: [
                `${A}:64:16: sensors[0].source.scale: sensor "hall-temp": scale 0 would turn every reading into 0; write the multiplier from the raw value to the sensor's unit, e.g. 0.1`,
            ],
        },
        {
            name: "source.scale not a number",
            changes: modbusHall("        register: 40001\n        scale: ten"),
            expect: [`${A}:64:16: sensors[0].source.scale: expected a number, got the string "ten"`],
        },
        {
            name: "a float64 at the last holding registers runs past the range",
            changes: modbusHall("        register: 49998\n        dataType: float64"),
            expect: [
                `${A}:63:19: sensors[0].source.register: sensor "hall-temp": a float64 value spans 4 registers, so register 49998 runs past the holding registers 40001-49999; use a register <= 49996`,
            ],
        },
        {
            name: "dataType and wordOrder on an OPC UA one-off sensor",
            changes: alpha(['        nodeId: "ns=3;s=Hall.Temp"', '        nodeId: "ns=3;s=Hall.Temp"\n        dataType: float32\n        wordOrder: little']),
            expect: [
                `${A}:60:19: sensors[0].source.dataType: sensor "hall-temp": dataType "float32" describes Modbus registers, but the source reads opcua (whose values carry their own type); remove dataType`,
                `${A}:61:20: sensors[0].source.wordOrder: sensor "hall-temp": wordOrder "little" describes Modbus registers, but the source reads opcua (whose values carry their own type); remove wordOrder`,
            ],
        },
        {
            name: "dataType in an equipment type read through an OPC UA PLC",
            changes: {
                [F]: edit([
                    '            nodeId: "ns=3;s={equipment}.Current"',
                    '            nodeId: "ns=3;s={equipment}.Current"\n            dataType: int32',
                ]),
            },
            expect: [
                `${A}:46:12: equipment[0].plc: PLC "plc-1" speaks opcua, but sensor "current" of type "press" sets dataType/wordOrder, which describe Modbus registers only; pick a modbus-tcp PLC or remove them from the type`,
            ],
        },
        {
            name: "thresholds.hysteresis negative",
            changes: { [F]: edit(["            critical: 7.1", "            critical: 7.1\n            hysteresis: -0.5"]) },
            expect: [`${F}:34:25: equipmentTypes.press.sensors[0].thresholds.hysteresis: -0.5 is out of range; accepted: at least 0`],
        },
        {
            name: "thresholds.hysteresis without a threshold",
            changes: alpha(["      transmit:\n        mode: on-change", "      transmit:\n        mode: on-change\n      thresholds:\n        hysteresis: 2"]),
            expect: [
                `${A}:57:21: sensors[0].thresholds.hysteresis: sensor "hall-temp" has a hysteresis of 2 but no warning or critical threshold it could apply to; add thresholds or remove hysteresis`,
            ],
        },
    ]);

    it("fills the defaults: the protocol's port, uint16, big; scale and hysteresis only when written", () => {
        const base = load(fleetDir());
        assert.equal(base.errors, 0);
        const site = base.model!.sites.find((s) => s.name === "alpha")!;
        assert.equal(site.plcs.find((p) => p.name === "plc-1")!.port, 4840);
        assert.deepEqual(site.sensors.find((s) => s.name === "press-1-vibration")!.source, {
            protocol: "opcua",
            address: "192.168.10.21",
            nodeId: "ns=3;s=press-1.Vibration",
            plc: "plc-1",
            port: 4840,
        });
        assert.deepEqual(site.sensors.find((s) => s.name === "press-1-vibration")!.thresholds, { warning: 4.5, critical: 7.1, direction: "above" });
    });

    it("carries written values into the model: PLC port to its sensors, Modbus encoding, scale, hysteresis", () => {
        const r = load(
            fleetDir({
                ...modbusHall("        register: 40011\n        dataType: float32\n        wordOrder: little\n        scale: 0.1"),
                [F]: edit(["            critical: 7.1", "            critical: 7.1\n            hysteresis: 0.25"]),
            }),
        );
        assert.deepEqual(r.diagnostics, []);
        const site = r.model!.sites.find((s) => s.name === "alpha")!;
        assert.deepEqual(site.sensors.find((s) => s.name === "hall-temp")!.source, {
            protocol: "modbus-tcp",
            address: "192.168.10.40",
            port: 502,
            register: 40011,
            dataType: "float32",
            wordOrder: "little",
            scale: 0.1,
        });
        assert.deepEqual(site.sensors.find((s) => s.name === "press-1-vibration")!.thresholds, {
            warning: 4.5,
            critical: 7.1,
            direction: "above",
            hysteresis: 0.25,
        });
        const ported = load(
            fleetDir({
                [A]: edit(["      address: 192.168.10.21\n      protocol: opcua", "      address: 192.168.10.21\n      protocol: opcua\n      port: 4841"]),
            }),
        );
        const plcSite = ported.model!.sites.find((s) => s.name === "alpha")!;
        assert.equal(plcSite.plcs.find((p) => p.name === "plc-1")!.port, 4841);
        assert.equal(plcSite.sensors.find((s) => s.name === "press-1-current")!.source.port, 4841);
        // a Modbus one-off sensor without dataType gets the defaults
        const plain = load(fleetDir(modbusHall("        register: 40001")));
        assert.deepEqual(plain.model!.sites.find((s) => s.name === "alpha")!.sensors.find((s) => s.name === "hall-temp")!.source, {
            protocol: "modbus-tcp",
            address: "192.168.10.40",
            port: 502,
            register: 40001,
            dataType: "uint16",
            wordOrder: "big",
        });
    });
});
