/**
 * End to end: `fleet edge run` (the shipped bundle) against a Modbus TCP simulator and mosquitto,
 * through a broker outage, a SIGTERM, a SIGKILL and a restart; the oracle checks that no seq is lost.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { encodeValue } from "../../edge/lib/registers";
import { checkCounters, checkSeqs, EDGE_LAB, type EdgeLab, readings, sleep, startEdgeLab, until } from "./harness";

const THING = EDGE_LAB.thing;

describe("edge collector end to end (Modbus simulator, mosquitto, fleet edge run)", function () {
    this.timeout(120_000);
    let lab: EdgeLab;
    let state: string;
    let ticker: NodeJS.Timeout;

    before(async () => {
        lab = await startEdgeLab(`recorder-modbus-${process.pid}`);
        const sim = lab.sim;
        state = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-edge-e2e-"));
        let tick = 0;
        sim.holding.writeUInt16BE(215, 2); // press-01-temperature: constant
        sim.input.writeUInt16BE(90, 2); // press-01-door-force: above critical (80)
        ticker = setInterval(() => {
            tick++;
            sim.holding.writeUInt16BE(tick % 65536, 0); // press-01-speed: changes every 50 ms
            encodeValue(Math.floor(Date.now() / 100) % 2 ? 10 : 20, "uint16", "big").copy(sim.input, 0); // pressure: 10 or 20
        }, 50);
    });

    after(async () => {
        clearInterval(ticker);
        await lab?.stop();
        fs.rmSync(state, { recursive: true, force: true });
    });

    const collectorArgs = () => [
        ...["--thing", THING, "--state-dir", path.join(state, "runtime"), "--config", path.join(state, "config.json")],
        ...["--uplink", `mqtt://127.0.0.1:${lab.broker.port}`, "--budget-mib", "64", "--status-interval", "1", ...lab.mapArgs()],
    ];

    it("sends raw at the sample rate, deadband almost never on a constant, correct aggregates, alarms only for alarm-only, status; survives an outage, SIGTERM, SIGKILL", async () => {
        const home = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-edge-home-"));
        const env = { ...process.env, HOME: home };
        const { recorder, broker, sim } = lab;
        const cli = lab.edgeRun(state, ["--budget-mib", "64"], env);
        const speed = () => readings(recorder.messages).filter((r) => r.sensor === "press-01-speed");
        await until("the first speed readings", () => speed().length > 0, 60_000);
        // measured after the start-up: the OPC UA client makes its certificate once (CPU-bound, seconds on a loaded machine)
        await until("the OPC UA PLC reported", () => /plc opc\.tcp:\/\/127\.0\.0\.1:\d+ unreachable/.test(cli.log()), 60_000);
        await sleep(1000);
        const t0 = Date.now();
        await sleep(5000);
        const inWindow = speed().filter((r) => r.ts >= t0 && r.ts < t0 + 4000).length;
        assert.ok(inWindow >= 32 && inWindow <= 44, `10 Hz raw: ${inWindow} readings in 4 s\n${cli.log()}`);

        // broker outage: the outbox holds, mqtt reconnects, nothing is lost
        await broker.stop();
        await sleep(2000);
        await broker.start();
        await sleep(3000);

        cli.child.kill("SIGTERM");
        const first = await cli.exited;
        assert.deepEqual(first, { code: 0, signal: null }, cli.log());
        assert.match(cli.log(), /SIGTERM: flushing and stopping/);

        // the same bundle, killed with SIGKILL mid-run, then restarted
        const script = path.join(state, "bin", "collector.js");
        const k = lab.spawn([script, ...collectorArgs()], { env, cwd: home, stdio: "ignore" }); // an empty directory, a fresh HOME
        const before = recorder.messages.length;
        await until("messages from the restarted collector", () => recorder.messages.length > before + 10, 30_000);
        k.child.kill("SIGKILL");
        await k.exited;
        const last = lab.spawn([script, ...collectorArgs()], { env, cwd: home, stdio: ["ignore", "pipe", "pipe"] });
        const mark = recorder.messages.length;
        await until("messages after the SIGKILL restart", () => recorder.messages.length > mark + 10, 30_000).catch((err) => {
            throw new Error(`${err.message}\n${last.log()}`);
        });
        await sleep(1500);
        last.child.kill("SIGTERM");
        assert.deepEqual(await last.exited, { code: 0, signal: null }, last.log());
        await sleep(500);

        const all = recorder.messages;
        const max = checkSeqs(all);
        assert.ok(max.telemetry > 30 && max.status > 5, JSON.stringify(max));
        const rs = readings(all);
        const temp = rs.filter((r) => r.sensor === "press-01-temperature");
        const raw = rs.filter((r) => r.sensor === "press-01-speed");
        assert.ok(temp.length >= 1 && temp.length <= Math.ceil(raw.length * 0.05), `deadband on a constant: ${temp.length} vs raw ${raw.length}`);
        assert.ok(temp.every((r) => r.value === 215));
        const windows = rs.filter((r) => r.sensor === "press-01-pressure");
        assert.ok(windows.length >= 3, `aggregate windows: ${windows.length}`);
        for (const w of windows) {
            assert.equal(w.window, 1);
            assert.equal(w.ts % 1000, 0);
            assert.ok(w.min >= 10 && w.max <= 20 && w.min <= w.mean && w.mean <= w.max, JSON.stringify(w));
            assert.equal(w.value, undefined);
        }
        const full = windows.filter((w) => w.count >= 8);
        assert.ok(full.length >= 2, `full windows: ${JSON.stringify(windows)}`);
        for (const w of full) assert.ok(w.min === 10 && w.max === 20 && w.count <= 11, JSON.stringify(w));
        const door = rs.filter((r) => r.sensor === "press-01-door-force");
        assert.ok(
            door.length >= 1 && door.every((r) => r.channel === "alarm" && r.severity === "critical" && r.threshold === 80 && r.state === "raise"),
            JSON.stringify(door),
        );
        const statuses = all.filter((m) => m.channel === "status" && m.msg.type === "status");
        const lastStatus = statuses[statuses.length - 1].msg;
        checkCounters(lastStatus);
        assert.deepEqual(lastStatus.unsupported, [{ sensor: "hall-humidity", reason: "protocol bacnet is not supported by the collector yet" }]);
        assert.equal(lastStatus.plcs[`127.0.0.1:${sim.port}`].reachable, true);
        assert.equal(lastStatus.plcs[`opc.tcp://127.0.0.1:${lab.deadPort}`]?.reachable, false, JSON.stringify(lastStatus.plcs));
        for (const m of all) assert.deepEqual([m.msg.site, m.msg.thing, m.msg.channel], ["lab", THING, m.channel]);
        fs.rmSync(home, { recursive: true, force: true });
    });
});
