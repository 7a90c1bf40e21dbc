/**
 * The collector runtime against a real OPC UA server (node-opcua-server on 127.0.0.1, one per file)
 * and aedes, with a fault proxy between collector and PLC: `nsu=` node ids, bad status codes,
 * a cut connection, a crash (the runtime abandoned without stop) and a restart on the same state.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { OPCUACertificateManager } from "node-opcua-certificate-manager";
import { DataType, DataValue, StatusCodes, Variant } from "node-opcua-client";
import { OPCUAServer } from "node-opcua-server";
import type { CollectorConfig } from "../../edge/lib/config";
import { MqttUplink } from "../../edge/collector/mqtt-uplink";
import { CollectorRuntime } from "../../edge/collector/runtime";
import { resolveNamespace } from "../../edge/collector/opcua";
import { MemoryBus, type ReadingBatch } from "../../edge/lib/bus";
import { checkCounters, checkSeqs, FaultProxy, freePort, readings, record, sleep, startAedes, until } from "./harness";

const THING = "lab-lab-gw-01";

describe("edge collector with a real OPC UA server", function () {
    this.timeout(90_000);
    let server: OPCUAServer;
    let proxy: FaultProxy;
    let broker: Awaited<ReturnType<typeof startAedes>>;
    let recorder: Awaited<ReturnType<typeof record>>;
    const tmp: string[] = [];
    const runtimes: CollectorRuntime[] = [];
    afterEach(async () => {
        for (const r of runtimes.splice(0)) await r.stop(0); // also after a failed assertion: no timer outlives the test
    });
    let temperature = 180;
    let fanBad = false;
    let timer: NodeJS.Timeout;

    // node-opcua-pki writes OPENSSL_CONF (and RANDFILE) into process.env, as the string "undefined"
    // when it has no value; every later openssl call of the test process would then fail. Restore both.
    const savedEnv = { OPENSSL_CONF: process.env.OPENSSL_CONF, RANDFILE: process.env.RANDFILE };
    const restoreEnv = () => {
        for (const [k, v] of Object.entries(savedEnv)) {
            if (v === undefined) delete process.env[k];
            else process.env[k] = v;
        }
    };
    before(async () => {
        const pki = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-opcua-server-"));
        tmp.push(pki);
        const port = await freePort();
        server = new OPCUAServer({
            port,
            host: "127.0.0.1",
            hostname: "127.0.0.1",
            serverCertificateManager: new OPCUACertificateManager({ rootFolder: pki, automaticallyAcceptUnknownCertificate: true }),
        });
        await server.initialize();
        const space = server.engine.addressSpace!;
        space.registerNamespace("urn:fleet:padding"); // so the lab namespace's index is not the obvious one
        const ns = space.registerNamespace("urn:fleet:lab");
        const objects = space.rootFolder.objects;
        ns.addVariable({
            organizedBy: objects,
            browseName: "Temperature",
            nodeId: "s=oven-01.Temperature",
            dataType: "Double",
            minimumSamplingInterval: 50,
            value: { get: () => new Variant({ dataType: DataType.Double, value: temperature }) },
        });
        ns.addVariable({
            organizedBy: objects,
            browseName: "Fan",
            nodeId: "s=oven-01.Fan",
            dataType: "Double",
            minimumSamplingInterval: 50,
            value: {
                timestamped_get: () =>
                    fanBad
                        ? new DataValue({ statusCode: StatusCodes.BadSensorFailure, sourceTimestamp: new Date() })
                        : new DataValue({ value: new Variant({ dataType: DataType.Double, value: 1200 }), sourceTimestamp: new Date() }),
            },
        });
        await server.start();
        timer = setInterval(() => (temperature += 1), 50);
        proxy = await new FaultProxy(port).start();
        broker = await startAedes();
        recorder = await record(broker.port, `recorder-opcua-${process.pid}`);
    });

    after(async () => {
        restoreEnv();
        clearInterval(timer);
        await recorder?.close();
        await broker?.close();
        await proxy?.close();
        await server?.shutdown(0);
        for (const d of tmp) fs.rmSync(d, { recursive: true, force: true });
    });

    const config = (): CollectorConfig => ({
        site: "lab",
        thing: THING,
        sensors: [
            {
                name: "oven-01-temperature",
                sampleRateHz: 10,
                transmit: { mode: "raw" },
                thresholds: { warning: 200, critical: 250, direction: "above" },
                source: {
                    protocol: "opcua",
                    endpoint: `opc.tcp://127.0.0.1:${proxy.port}`,
                    nodeId: "nsu=urn:fleet:lab;s=oven-01.Temperature",
                    dataType: "uint16",
                    wordOrder: "big",
                    scale: 1,
                },
            },
            {
                name: "oven-01-fan",
                sampleRateHz: 10,
                transmit: { mode: "deadband", threshold: 5 },
                source: {
                    protocol: "opcua",
                    endpoint: `opc.tcp://127.0.0.1:${proxy.port}`,
                    nodeId: "nsu=urn:fleet:lab;s=oven-01.Fan",
                    dataType: "uint16",
                    wordOrder: "big",
                    scale: 1,
                },
            },
            {
                name: "oven-01-missing",
                sampleRateHz: 1,
                transmit: { mode: "raw" },
                source: {
                    protocol: "opcua",
                    endpoint: `opc.tcp://127.0.0.1:${proxy.port}`,
                    nodeId: "nsu=urn:fleet:nowhere;s=x",
                    dataType: "uint16",
                    wordOrder: "big",
                    scale: 1,
                },
            },
        ],
    });

    it("resolves nsu= against the namespace array and names an unknown namespace", () => {
        assert.equal(resolveNamespace("nsu=urn:b;s=x.y", ["http://opcfoundation.org/UA/", "urn:a", "urn:b"]), "ns=2;s=x.y");
        assert.equal(resolveNamespace("ns=3;i=7", []), "ns=3;i=7");
        assert.throws(() => resolveNamespace("nsu=urn:c;s=x", ["urn:a"]), /namespace urn:c is not on the server \(it has: urn:a\)/);
    });

    it("subscribes at the sensor's rate, reports bad status and unknown namespaces, rides out a cut and a crash without losing a seq", async () => {
        const state = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-opcua-state-"));
        tmp.push(state);
        const logs: string[] = [];
        const bus = new MemoryBus();
        const onBus: ReadingBatch[] = [];
        await bus.subscribe((b) => onBus.push(b));
        let uplink: MqttUplink;
        const make = () =>
            new CollectorRuntime(config(), {
                stateDir: state,
                budgetBytes: 8 * 1024 * 1024,
                uplink: (uplink = new MqttUplink({ url: `mqtt://127.0.0.1:${broker.port}`, site: "lab", thing: THING })),
                bus,
                statusIntervalMs: 500,
                log: (l) => logs.push(l),
            });
        let rt = make();
        runtimes.push(rt);
        await rt.start();
        const temps = () => readings(recorder.messages).filter((r) => r.sensor === "oven-01-temperature" && r.channel === "telemetry");
        await until("temperature readings", () => temps().length >= 10, 30_000);
        const t0 = Date.now();
        await sleep(2000);
        const rate = temps().filter((r) => r.ts >= t0 && r.ts < t0 + 1000).length;
        assert.ok(rate >= 7 && rate <= 11, `a 10 Hz sensor on a value that changes every 50 ms: ${rate} readings in 1 s`);
        fanBad = true;
        await until("the bad status", () => (rt.counters()["oven-01-fan"]?.bad ?? 0) > 0, 10_000);
        fanBad = false;
        assert.ok(
            logs.some((l) => /WARN sensor oven-01-fan: bad status BadSensorFailure/.test(l)),
            logs.join("\n"),
        );
        assert.ok(
            logs.some((l) => /WARN sensor oven-01-missing: namespace urn:fleet:nowhere is not on the server/.test(l)),
            logs.join("\n"),
        );

        proxy.set("cut");
        await sleep(1500);
        proxy.set("pass");
        const afterCut = temps().length;
        await until("readings after the cut", () => temps().length > afterCut + 5, 40_000);
        assert.ok(
            logs.some((l) => /WARN plc opc\.tcp:\/\/127\.0\.0\.1:\d+ unreachable/.test(l)),
            logs.join("\n"),
        );

        // a crash: the runtime is abandoned (no stop, no flush); a new one opens the same state
        runtimes.splice(runtimes.indexOf(rt), 1);
        await (rt as unknown as { sources: { stop(): Promise<void> }[] }).sources[0].stop();
        for (const t of (rt as unknown as { timers: NodeJS.Timeout[] }).timers) clearInterval(t);
        (uplink! as unknown as { client: { end(force: boolean): void } }).client.end(true);
        rt = make();
        runtimes.push(rt);
        await rt.start();
        const mark = temps().length;
        await until("readings after the restart", () => temps().length > mark + 5, 30_000);
        await rt.stop();
        await sleep(300);

        checkSeqs(recorder.messages);
        const t = temps();
        assert.ok(t.every((r) => Number.isFinite(r.value) && r.value >= 180));
        const alarms = readings(recorder.messages).filter((r) => r.channel === "alarm");
        assert.deepEqual(
            alarms.slice(0, 1).map((a) => [a.sensor, a.severity, a.state, a.threshold]),
            [["oven-01-temperature", "warning", "raise", 200]],
        );
        const fan = readings(recorder.messages).filter((r) => r.sensor === "oven-01-fan");
        assert.ok(fan.length >= 1 && fan.length <= 4 && fan.every((r) => r.value === 1200), JSON.stringify(fan));
        const statuses = recorder.messages.filter((m) => m.channel === "status" && m.msg.type === "status");
        checkCounters(statuses[statuses.length - 1].msg);
        assert.ok(onBus.some((b) => b.readings.some((r) => r.sensor === "oven-01-temperature")));
        assert.ok(onBus.every((b) => b.readings.every((r) => Number.isFinite(r.value))));
    });
});
