/**
 * The runtime in-process against aedes, fed samples directly: a broker outage with a tiny outbox
 * (readings dropped, and said so by gap messages), NaN/Inf, a configuration swap while messages are
 * buffered, and a corrupt state directory.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { CollectorConfig } from "../../edge/lib/config";
import { MqttUplink } from "../../edge/collector/mqtt-uplink";
import { CollectorRuntime } from "../../edge/collector/runtime";
import { checkCounters, checkSeqs, readings, record, sleep, startAedes, until } from "./harness";

const THING = "lab-lab-gw-02";
const sensor = (name: string, mode: CollectorConfig["sensors"][number]["transmit"]) => ({
    name,
    sampleRateHz: 10,
    transmit: mode,
    source: { protocol: "modbus-tcp", address: "127.0.0.1", register: 40001, dataType: "uint16" as const, wordOrder: "big" as const, scale: 1 },
});

describe("edge runtime: outbox budget, bad values, reconfiguration, corrupt state (aedes)", function () {
    this.timeout(60_000);
    let broker: Awaited<ReturnType<typeof startAedes>>;
    let recorder: Awaited<ReturnType<typeof record>>;
    const dirs: string[] = [];
    const runtimes: CollectorRuntime[] = [];
    afterEach(async () => {
        for (const r of runtimes.splice(0)) await r.stop(0);
    });

    before(async () => {
        broker = await startAedes();
        recorder = await record(broker.port, `recorder-runtime-${process.pid}`);
    });
    after(async () => {
        await recorder?.close();
        await broker?.close();
        for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    });

    it("during an outage a full outbox drops the oldest readings and declares them; NaN/Inf are counted bad; a config swap keeps the buffer", async () => {
        const state = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-runtime-"));
        dirs.push(state);
        fs.mkdirSync(path.join(state, "outbox", "telemetry"), { recursive: true });
        fs.writeFileSync(path.join(state, "outbox", "telemetry", "garbage.bin"), "not a segment");
        const logs: string[] = [];
        const config: CollectorConfig = { site: "lab", thing: THING, sensors: [sensor("a", { mode: "raw" }), sensor("b", { mode: "raw" })] };
        const rt = new CollectorRuntime(config, {
            stateDir: state,
            budgetBytes: 40 * 1024, // telemetry gets 32 KiB
            uplink: new MqttUplink({ url: `mqtt://127.0.0.1:${broker.port}`, site: "lab", thing: THING }),
            sources: false,
            statusIntervalMs: 60_000,
            log: (l) => logs.push(l),
        });
        runtimes.push(rt); // stopped by afterEach also when an assertion fails: no timer outlives the test
        await rt.start();
        await until("the first status", () => recorder.messages.some((m) => m.msg.thing === THING && m.channel === "status"), 10_000);
        await broker.stop(); // outage
        await sleep(300);
        const now = Date.now();
        for (let i = 0; i < 400; i++) {
            rt.ingest([
                { sensor: "a", ts: now + i, value: i },
                { sensor: "b", ts: now + i, value: i % 7 === 0 ? NaN : i % 11 === 0 ? Infinity : i },
            ]);
            rt.flush(false); // one message per cycle: ~400 messages, more than 32 KiB would hold
            if (i === 200)
                await rt.reconfigure({ ...config, sensors: [sensor("a", { mode: "raw" }), sensor("b", { mode: "raw" }), sensor("c", { mode: "raw" })] });
        }
        const counters = rt.counters();
        assert.equal(counters.b.bad, 400 - counters.b.read);
        assert.ok(counters.b.bad > 40 && counters.b.bad < 100, JSON.stringify(counters.b));
        assert.ok(logs.some((l) => /WARN sensor b: value NaN is not a finite number/.test(l)));
        assert.ok(logs.some((l) => /WARN outbox telemetry: ignored files that are not segments: garbage\.bin/.test(l)));
        assert.ok(
            logs.some((l) => /WARN outbox telemetry: messages 1\.\.\d+ dropped \(outbox-full\)/.test(l)),
            logs.join("\n"),
        );
        await broker.start();
        await until("the last reading", () => readings(recorder.messages).some((r) => r.sensor === "a" && r.value === 399), 20_000);
        await rt.stop();
        await sleep(300);
        const mine = recorder.messages.filter((m) => m.msg.thing === THING);
        const max = checkSeqs(mine);
        const gaps = mine.filter((m) => m.msg.type === "gap");
        assert.ok(gaps.length > 0 && gaps.every((g) => g.msg.channel === "telemetry" && g.msg.reason === "outbox-full"));
        assert.ok(max.telemetry >= 400, JSON.stringify(max));
        const last = mine.filter((m) => m.msg.type === "status").pop()!.msg;
        checkCounters(last);
        assert.ok(last.gaps.telemetry.messages > 0);
        assert.ok(last.outbox.telemetry.bytes <= last.outbox.telemetry.budgetBytes);
    });
});
