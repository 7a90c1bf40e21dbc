/**
 * The site-format fields the collector reads, end to end without a broker: a site file with
 * `plcs[].port`, `source.dataType`/`wordOrder`/`scale` and `thresholds.hysteresis` → the model →
 * the deployment's collector configuration → the collector's parser → the Modbus source reading a
 * Modbus TCP simulator on 127.0.0.1, decoding each value as the site file says.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { applyMap, parseCollectorConfig } from "../../edge/lib/config";
import { encodeValue } from "../../edge/lib/registers";
import { ModbusSource } from "../../edge/collector/modbus";
import type { Sample } from "../../edge/collector/source";
import { collectorConfiguration } from "../../src/edge/greengrass";
import { loadFleet } from "../../src/model/load";
import { tempDirPerSuite } from "../helpers/temp-dir";
import { startModbus, until, type ModbusSim } from "./harness";

const FIXTURE = path.join(__dirname, "../../../test/fixtures/edge-lab");
const THING = "lab-lab-gw-01";

/** The lab fleet, copied into `dir`, with four more press sensors (one per encoding) and a PLC port. */
function labWithEncodings(dir: string): void {
    fs.cpSync(FIXTURE, dir, { recursive: true });
    const fleetFile = path.join(dir, "fleet.yaml");
    const extra = [
        "        - { name: torque, kind: torque, unit: Nm, sampleRateHz: 10, transmit: { mode: raw },",
        "            source: { protocol: modbus-tcp, register: 40011, dataType: int32, wordOrder: little, scale: 0.01 } }",
        "        - { name: flow, kind: flow, unit: l/min, sampleRateHz: 10, transmit: { mode: raw },",
        "            source: { protocol: modbus-tcp, register: 30011, dataType: float32, scale: 2 } }",
        "        - { name: energy, kind: energy, unit: kWh, sampleRateHz: 10, transmit: { mode: raw },",
        "            source: { protocol: modbus-tcp, register: 40021, dataType: float64, wordOrder: little } }",
        "        - { name: offset, kind: position, unit: mm, sampleRateHz: 10, transmit: { mode: raw },",
        "            source: { protocol: modbus-tcp, register: 40031, dataType: int16, scale: -0.5 } }",
    ].join("\n");
    const text = fs.readFileSync(fleetFile, "utf8");
    const anchor = "          source: { protocol: modbus-tcp, register: 30002 }\n";
    assert.equal(text.split(anchor).length, 2);
    fs.writeFileSync(
        fleetFile,
        text
            .replace(anchor, `${anchor}${extra}\n`)
            .replace("thresholds: { warning: 50, critical: 80 }", "thresholds: { warning: 50, critical: 80, hysteresis: 5 }"),
    );
    const siteFile = path.join(dir, "sites", "lab.yaml");
    const site = fs.readFileSync(siteFile, "utf8");
    fs.writeFileSync(
        siteFile,
        site.replace(
            "      address: 192.168.10.21\n      protocol: modbus-tcp\n",
            "      address: 192.168.10.21\n      protocol: modbus-tcp\n      port: 1502\n",
        ),
    );
}

describe("edge: site-format source fields reach the collector and decode real registers", function () {
    this.timeout(30_000);
    const dir = tempDirPerSuite("fleet-edge-fields-");
    let sim: ModbusSim;
    before(async () => {
        sim = await startModbus();
        labWithEncodings(dir());
    });
    after(() => sim?.close());

    it("carries port, dataType, wordOrder, scale and hysteresis from the site file into the collector's configuration", () => {
        const r = loadFleet(dir());
        assert.deepEqual(
            r.diagnostics.filter((d) => d.level === "error"),
            [],
        );
        const site = r.model!.sites[0];
        const raw = JSON.parse(JSON.stringify(collectorConfiguration(site, { artifactsBucket: "b", telemetryStreamName: "t", manifestSha256: "" }, "inline")));
        const parsed = parseCollectorConfig(raw, THING);
        assert.deepEqual(parsed.errors, []);
        const src = (name: string) => parsed.config!.sensors.find((s) => s.name === name)!.source;
        assert.deepEqual(src("press-01-torque"), {
            protocol: "modbus-tcp",
            plc: "plc-press",
            address: "192.168.10.21",
            endpoint: undefined,
            nodeId: undefined,
            port: 1502,
            register: 40011,
            dataType: "int32",
            wordOrder: "little",
            scale: 0.01,
        });
        assert.deepEqual([src("press-01-flow").dataType, src("press-01-flow").wordOrder, src("press-01-flow").scale], ["float32", "big", 2]);
        assert.deepEqual(
            [src("press-01-speed").dataType, src("press-01-speed").wordOrder, src("press-01-speed").scale, src("press-01-speed").port],
            ["uint16", "big", 1, 1502],
        );
        // the OPC UA PLC keeps its protocol's port
        assert.equal(src("oven-01-fan").port, 4840);
        assert.deepEqual(parsed.config!.sensors.find((s) => s.name === "press-01-door-force")!.thresholds, {
            direction: "above",
            warning: 50,
            critical: 80,
            hysteresis: 5,
        });
    });

    it("the Modbus source decodes each register as the site file says (int32 little ×0.01, float32 ×2, float64 little, int16 ×-0.5)", async () => {
        const site = loadFleet(dir()).model!.sites[0];
        const config = parseCollectorConfig(
            collectorConfiguration(site, { artifactsBucket: "b", telemetryStreamName: "t", manifestSha256: "" }, "inline"),
            THING,
        ).config!;
        assert.deepEqual(applyMap(config, { "plc-press": { host: "127.0.0.1", port: sim.port } }), []);
        encodeValue(-123456, "int32", "little").copy(sim.holding, 10 * 2);
        encodeValue(1.25, "float32", "big").copy(sim.input, 10 * 2);
        encodeValue(98765.4321, "float64", "little").copy(sim.holding, 20 * 2);
        encodeValue(-7, "int16", "big").copy(sim.holding, 30 * 2);
        const wanted = ["press-01-torque", "press-01-flow", "press-01-energy", "press-01-offset"];
        const last = new Map<string, number>();
        const bad: string[] = [];
        const source = new ModbusSource(
            config.sensors.filter((s) => wanted.includes(s.name)),
            {
                samples: (batch: Sample[]) => batch.forEach((s) => last.set(s.sensor, s.value)),
                bad: (sensor, reason) => bad.push(`${sensor}: ${reason}`),
                reachability: () => undefined,
            },
        );
        await source.start();
        try {
            await until("a value of every sensor", () => wanted.every((w) => last.has(w)), 10_000);
        } finally {
            await source.stop();
        }
        assert.deepEqual(bad, []);
        assert.deepEqual(Object.fromEntries(wanted.map((w) => [w, last.get(w)])), {
            "press-01-torque": -1234.56,
            "press-01-flow": 2.5,
            "press-01-energy": 98765.4321,
            "press-01-offset": 3.5,
        });
    });
});
