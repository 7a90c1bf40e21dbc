import * as assert from "node:assert/strict";
import * as path from "node:path";
import * as fc from "fast-check";
import { applyMap, configFromManifest, DATA_TYPES, parseCollectorConfig, parseMapping, sourceTarget } from "../../edge/lib/config";
import { decodeValue, encodeValue, MAX_REGISTERS_PER_READ, planRuns, registerAddress } from "../../edge/lib/registers";
import { collectorConfiguration } from "../../src/edge/greengrass";
import { sha256, siteManifestJson } from "../../src/edge/manifest";
import { loadFleet } from "../../src/model/load";

describe("edge Modbus registers", () => {
    it("maps Modicon numbers to function code 3 (4xxxx) or 4 (3xxxx) and a zero-based offset", () => {
        assert.deepEqual(registerAddress(40001), { functionCode: 3, offset: 0 });
        assert.deepEqual(registerAddress(49999), { functionCode: 3, offset: 9998 });
        assert.deepEqual(registerAddress(30001), { functionCode: 4, offset: 0 });
        assert.deepEqual(registerAddress(400001), { functionCode: 3, offset: 0 });
        assert.deepEqual(registerAddress(465536), { functionCode: 3, offset: 65535 });
        assert.deepEqual(registerAddress(300010), { functionCode: 4, offset: 9 });
        for (const bad of [1, 10001, 40000, 50000, 29999, 465537, 40001.5]) {
            assert.throws(() => registerAddress(bad), new RegExp(`^Error: register ${bad}: expected a holding register 40001-49999`));
        }
    });

    it("batches contiguous registers, reads small holes, splits at 125 registers and big holes", () => {
        const runs = planRuns([
            { sensor: "c", offset: 2, words: 2 },
            { sensor: "a", offset: 0, words: 1 },
            { sensor: "b", offset: 1, words: 1 },
            { sensor: "d", offset: 12, words: 1 },
            { sensor: "e", offset: 30, words: 4 },
        ]);
        assert.deepEqual(
            runs.map((r) => [r.start, r.count, r.items.map((i) => i.sensor).join("")]),
            [
                [0, 13, "abcd"],
                [30, 4, "e"],
            ],
        );
        const many = planRuns(Array.from({ length: 200 }, (_, i) => ({ sensor: `s${i}`, offset: i, words: 1 })));
        assert.deepEqual(
            many.map((r) => [r.start, r.count]),
            [
                [0, 125],
                [125, 75],
            ],
        );
    });

    it("property: every item lies inside exactly one run of at most 125 registers", () => {
        fc.assert(
            fc.property(fc.array(fc.record({ offset: fc.integer({ min: 0, max: 2000 }), words: fc.constantFrom(1, 2, 4) }), { maxLength: 150 }), (raw) => {
                const items = raw.map((r, i) => ({ sensor: `s${i}`, ...r }));
                const runs = planRuns(items);
                assert.equal(
                    runs.reduce((n, r) => n + r.items.length, 0),
                    items.length,
                );
                for (const r of runs) {
                    assert.ok(r.count <= MAX_REGISTERS_PER_READ);
                    for (const it of r.items) assert.ok(it.offset >= r.start && it.offset + it.words <= r.start + r.count);
                }
            }),
        );
    });

    it("decodes every data type in both word orders, with scale (round trip with encodeValue)", () => {
        const buf = Buffer.concat([Buffer.from([0xff, 0xfe]), encodeValue(-123456, "int32", "little"), encodeValue(1.5, "float64", "big")]);
        assert.equal(decodeValue(buf, 0, "int16", "big", 1), -2);
        assert.equal(decodeValue(buf, 0, "uint16", "big", 0.1), 6553.400000000001);
        assert.equal(decodeValue(buf, 1, "int32", "little", 1), -123456);
        assert.equal(decodeValue(buf, 3, "float64", "big", 2), 3);
        assert.deepEqual([...encodeValue(0x01020304, "uint32", "little")], [3, 4, 1, 2]);
        fc.assert(
            fc.property(
                fc.constantFrom(...DATA_TYPES),
                fc.constantFrom("big" as const, "little" as const),
                fc.integer({ min: -32768, max: 32767 }),
                (t, order, n) => {
                    const v = t.startsWith("uint") ? Math.abs(n) : n;
                    assert.equal(decodeValue(encodeValue(v, t, order), 0, t, order, 1), v);
                },
            ),
        );
    });
});

describe("edge configuration", () => {
    const fixture = path.join(__dirname, "../../../test/fixtures/edge-lab");

    it("accepts what the Greengrass deployment carries for the lab site (the same function builds both)", () => {
        const fleet = loadFleet(fixture).model!;
        assert.ok(fleet, "the lab fixture loads");
        const site = fleet.sites[0];
        const raw = JSON.parse(JSON.stringify(collectorConfiguration(site, { artifactsBucket: "b", telemetryStreamName: "t", manifestSha256: "" }, "inline")));
        const { config, errors } = parseCollectorConfig(raw, "lab-lab-gw-01");
        assert.deepEqual(errors, []);
        assert.deepEqual(
            config!.sensors.map((s) => `${s.name}:${s.source.protocol}:${s.transmit.mode}`),
            [
                "hall-humidity:bacnet:on-change",
                "oven-01-fan:opcua:deadband",
                "oven-01-temperature:opcua:raw",
                "press-01-door-force:modbus-tcp:alarm-only",
                "press-01-pressure:modbus-tcp:aggregate",
                "press-01-speed:modbus-tcp:raw",
                "press-01-temperature:modbus-tcp:deadband",
            ],
        );
        const press = config!.sensors.find((s) => s.name === "press-01-pressure")!;
        assert.deepEqual(press.transmit, { mode: "aggregate", windowSeconds: 1 });
        assert.equal(sourceTarget(press.source), "192.168.10.21:502");
        assert.deepEqual(
            applyMap(config!, {
                "plc-press": { host: "127.0.0.1", port: 1502 },
                "192.168.10.22": { host: "127.0.0.1", port: 4841 },
                nope: { host: "x", port: 1 },
            }),
            ["nope"],
        );
        assert.equal(sourceTarget(press.source), "127.0.0.1:1502");
        assert.equal(sourceTarget(config!.sensors.find((s) => s.name === "oven-01-fan")!.source), "opc.tcp://127.0.0.1:4841");
    });

    it("reads the sensor map from the site manifest when the deployment says so, and only with the SHA-256 it names", () => {
        const fleet = loadFleet(fixture).model!;
        const site = fleet.sites[0];
        const inline = parseCollectorConfig(
            JSON.parse(JSON.stringify(collectorConfiguration(site, { artifactsBucket: "b", telemetryStreamName: "t", manifestSha256: "" }, "inline"))),
            "lab-lab-gw-01",
        ).config;
        const text = siteManifestJson(fleet, site);
        const fromManifest = configFromManifest(text, sha256(text), "lab-lab-gw-01");
        assert.deepEqual(fromManifest.errors, []);
        assert.deepEqual(fromManifest.config, inline);
        const wrong = configFromManifest(text, "0".repeat(64), "lab-lab-gw-01");
        assert.equal(wrong.config, undefined);
        assert.deepEqual(wrong.errors, [`manifest: SHA-256 ${sha256(text)} does not match ${"0".repeat(64)}, the one the deployment names`]);
        assert.deepEqual(configFromManifest(text, sha256(text), "other").errors, ["manifest: no gateway with thing name other"]);
    });

    it("reports every problem at once, naming field, bad value and what is accepted", () => {
        const raw = {
            site: "lab",
            gateways: {
                t: {
                    sensors: {
                        a: { sampleRateHz: 0, transmit: { mode: "sometimes" }, source: { protocol: "modbus-tcp", dataType: "int8", wordOrder: "middle" } },
                        b: {
                            sampleRateHz: 1,
                            transmit: { mode: "aggregate" },
                            thresholds: { direction: "up", hysteresis: -1 },
                            source: { protocol: "opcua", port: 70000 },
                        },
                    },
                },
            },
        };
        assert.deepEqual(parseCollectorConfig(raw, "t").errors, [
            "configuration.gateways.t.sensors.a.sampleRateHz: expected a rate in Hz, > 0 and <= 1000, got 0",
            'configuration.gateways.t.sensors.a.transmit.mode: expected raw, aggregate, deadband, on-change or alarm-only, got "sometimes"',
            'configuration.gateways.t.sensors.a.source.dataType: expected one of int16, uint16, int32, uint32, float32, float64, got "int8"',
            'configuration.gateways.t.sensors.a.source.wordOrder: expected big or little, got "middle"',
            "configuration.gateways.t.sensors.b.transmit.windowSeconds: expected a window in seconds > 0, got undefined",
            'configuration.gateways.t.sensors.b.thresholds.direction: expected above or below, got "up"',
            "configuration.gateways.t.sensors.b.thresholds.hysteresis: expected a number >= 0, got -1",
            "configuration.gateways.t.sensors.b.source.port: expected a TCP port 1-65535, got 70000",
        ]);
        assert.deepEqual(parseCollectorConfig({ site: "lab", gateways: { x: {} } }, "t").errors, ["configuration.gateways: no entry for thing t (known: x)"]);
        assert.deepEqual(parseCollectorConfig([], "t").errors, ["configuration: expected an object with site and gateways"]);
    });

    it("parses --map PLC=HOST:PORT and rejects anything else", () => {
        assert.deepEqual(parseMapping("plc-1=127.0.0.1:1502"), ["plc-1", { host: "127.0.0.1", port: 1502 }]);
        for (const bad of ["plc-1", "plc-1=host", "plc-1=host:0", "plc-1=host:70000", "=h:1"]) {
            assert.throws(() => parseMapping(bad), new RegExp(`--map ${bad}: expected PLC=HOST:PORT`));
        }
    });
});
