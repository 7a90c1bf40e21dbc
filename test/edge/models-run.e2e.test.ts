/**
 * `fleet edge run --models DIR` (issue #16): edge inference beside the collector, end to end. A
 * Modbus TCP simulator serves a noisy cycle on press-01-temperature, mosquitto runs on 127.0.0.1,
 * the test trains the model with `fleet models train`, injects a spike, and the anomaly event
 * arrives on fleet/lab/<thing>/anomaly with the exact sensor and fields. Without --models nothing
 * is scored. Bad input (a missing DIR, a model for a sensor the gateway does not read, a model.onnx
 * whose SHA-256 does not match) is refused before anything starts, every problem at once.
 */
import * as assert from "node:assert/strict";
import * as childProcess from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EDGE_LAB, type EdgeLab, readings, sleep, startEdgeLab, until } from "../edge-runtime/harness";

const FIXTURE = EDGE_LAB.dir;
const FLEET = EDGE_LAB.fleet;
const THING = EDGE_LAB.thing;
const SENSOR = "press-01-temperature";
const SPIKE = 3000;

/** A uniform pseudo-random number in [0, 1) for each i (mulberry32's mix): the same every run. */
function uniform(i: number): number {
    let t = (i * 0x6d2b79f5 + 0x9e3779b9) >>> 0;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/**
 * The normal signal at sample i: 1000 with bell-shaped noise of about ±18, without a cycle, so the
 * samples a loaded machine's poller skips or reads twice leave it normal.
 */
function normal(i: number): number {
    return Math.round(1000 + 24 * (uniform(3 * i) + uniform(3 * i + 1) + uniform(3 * i + 2) - 1.5));
}

function fleet(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; out: string; err: string }> {
    return new Promise((resolve) => {
        const child = childProcess.spawn(process.execPath, [FLEET, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        let err = "";
        child.stdout!.on("data", (d) => (out += d));
        child.stderr!.on("data", (d) => (err += d));
        child.on("exit", (code) => resolve({ code, out, err }));
    });
}

describe("fleet edge run --models: edge inference beside the collector (Modbus simulator, mosquitto)", function () {
    this.timeout(120_000);
    let lab: EdgeLab;
    let tmp: string;
    let models: string;
    let ticker: NodeJS.Timeout;
    let spiking = false;

    before(async () => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-edge-models-"));
        // Written 1 s apart although the simulator changes every 100 ms: the model's windows count readings, and its
        // pause detection (gapFactor × the training interval) then tolerates the poll stalls of a loaded test machine.
        const csv = ["sensor,ts,value", ...Array.from({ length: 3000 }, (_, i) => `${SENSOR},${1_700_000_000_000 + i * 1000},${normal(i)}`)];
        fs.writeFileSync(path.join(tmp, "normal.csv"), `${csv.join("\n")}\n`);
        models = path.join(tmp, "models");
        const trained = await fleet(["models", "train", "--input", path.join(tmp, "normal.csv"), "--model", "lab-press", "--out", models]);
        assert.equal(trained.code, 0, trained.err);
        lab = await startEdgeLab(`recorder-models-${process.pid}`);
        ticker = setInterval(() => lab.sim.holding.writeUInt16BE(spiking ? SPIKE : normal(Math.floor(Date.now() / 100)), 2), 20);
    });

    after(async () => {
        clearInterval(ticker);
        await lab?.stop();
        fs.rmSync(tmp, { recursive: true, force: true });
    });

    /** Run `fleet edge run` (press PLC on the simulator, the OPC UA PLC on a dead loopback port) until stopped. */
    function run(state: string, extra: string[]) {
        const cli = lab.edgeRun(state, extra);
        return { log: cli.log, stop: () => (cli.child.kill("SIGTERM"), cli.exited.then((e) => e.code)) };
    }

    const since = (t: number, channel: string) => lab.recorder.messages.filter((m) => m.at >= t && m.channel === channel);
    const bus = (t: number) => lab.recorder.messages.filter((m) => m.at >= t && m.topic === "fleet/local/readings");
    const sensorReadings = (t: number) => readings(lab.recorder.messages.filter((m) => m.at >= t)).filter((r) => r.sensor === SENSOR);

    it("without --models: the spike is sent as telemetry, nothing is scored, no readings leave the collector's bus", async () => {
        const t0 = Date.now();
        const r = run(path.join(tmp, "state"), []);
        await until("press-01-temperature telemetry", () => sensorReadings(t0).length > 0, 60_000);
        spiking = true;
        await until("the spike as telemetry", () => sensorReadings(t0).some((x) => x.value === SPIKE), 10_000);
        spiking = false;
        await sleep(1500);
        assert.equal(await r.stop(), 0, r.log());
        assert.deepEqual(since(t0, "anomaly"), []);
        assert.deepEqual(bus(t0), [], "fleet/local/readings carries nothing without --models");
        assert.doesNotMatch(r.log(), /edge inference/);
    });

    it("with --models: the spike arrives as one anomaly event with the exact sensor and fields", async () => {
        const info = JSON.parse(fs.readFileSync(path.join(models, "lab-press", "model.json"), "utf8"));
        const t0 = Date.now();
        const r = run(path.join(tmp, "state"), ["--models", models]); // the same state: the OPC UA PKI is made once
        await until("edge inference started", () => /edge inference lab-lab-gw-01 started: models lab-press from /.test(r.log()), 60_000);
        await until("reading batches on fleet/local/readings", () => bus(t0).length > 0, 30_000);
        // a full window of normal readings (50 at 10 Hz) before the spike
        await sleep((info.window + 15) * 100);
        const spikeAt = Date.now();
        spiking = true;
        await until("an anomaly event for the spike", () => since(t0, "anomaly").some((m) => m.msg.value === SPIKE), 20_000).catch((e) => {
            throw new Error(`${(e as Error).message}\n${r.log()}`);
        });
        spiking = false;
        await sleep(500);
        assert.equal(await r.stop(), 0, r.log());
        const events = since(t0, "anomaly");
        const spike = events.filter((m) => m.msg.value === SPIKE);
        assert.equal(spike.length, 1, "one event per episode, however many spiking readings");
        const [e] = spike;
        assert.equal(e.topic, `fleet/lab/${THING}/anomaly`);
        assert.deepEqual(Object.keys(e.msg).sort(), ["model", "modelSha256", "parts", "reason", "score", "sensor", "site", "source", "thing", "ts", "value"]);
        assert.deepEqual(
            {
                site: e.msg.site,
                thing: e.msg.thing,
                sensor: e.msg.sensor,
                value: e.msg.value,
                model: e.msg.model,
                modelSha256: e.msg.modelSha256,
                source: e.msg.source,
            },
            { site: "lab", thing: THING, sensor: SENSOR, value: SPIKE, model: "lab-press", modelSha256: info.sha256, source: "edge" },
        );
        assert.ok(e.msg.ts >= spikeAt - 200 && e.msg.ts <= e.at, `event ts ${e.msg.ts} within the spike (from ${spikeAt})`);
        assert.ok(e.msg.score > info.scoreThreshold, `score ${e.msg.score} over ${info.scoreThreshold}`);
        assert.deepEqual(Object.keys(e.msg.parts).sort(), ["burst", "level", "spike"]);
        assert.equal(e.msg.reason, Object.entries(e.msg.parts as Record<string, number>).sort((a, b) => b[1] - a[1])[0][0]);
        // the same value went to the cloud as telemetry too (deadband: the jump is sent)
        assert.ok(sensorReadings(t0).some((x) => x.value === SPIKE && x.channel === "telemetry"));
    });

    it("refuses a missing DIR, a model for a sensor the gateway does not read, and a model.onnx whose SHA-256 does not match, all at once", async () => {
        const state = path.join(tmp, "state-bad");
        const args = (dir: string) => [
            "edge",
            "run",
            "lab",
            "gw-01",
            "--dir",
            FIXTURE,
            "--uplink",
            "mqtt://127.0.0.1:1",
            "--state-dir",
            state,
            "--models",
            dir,
        ];
        const missing = await fleet(args(path.join(tmp, "nope")));
        assert.equal(missing.code, 1);
        assert.equal(
            missing.err,
            `error: --models ${path.join(tmp, "nope")}: no such directory (fleet models train --out DIR writes DIR/<model>/model.json and model.onnx)\n`,
        );

        const bad = path.join(tmp, "bad");
        for (const m of ["ghost", "broken"]) fs.cpSync(path.join(models, "lab-press"), path.join(bad, m), { recursive: true });
        const ghostJson = path.join(bad, "ghost", "model.json");
        fs.writeFileSync(ghostJson, JSON.stringify({ ...JSON.parse(fs.readFileSync(ghostJson, "utf8")), name: "ghost", sensors: ["press-02-temperature"] }));
        const onnx = path.join(bad, "broken", "model.onnx");
        const bytes = fs.readFileSync(onnx);
        bytes[100] ^= 1;
        fs.writeFileSync(onnx, bytes);
        const info = JSON.parse(fs.readFileSync(path.join(models, "lab-press", "model.json"), "utf8"));
        const { createHash } = await import("node:crypto");
        const got = createHash("sha256").update(bytes).digest("hex");
        const r = await fleet(args(bad));
        assert.equal(r.code, 1);
        assert.equal(
            r.err,
            [
                `error: ${onnx}: SHA-256 ${got} does not match model.json (${info.sha256}); copy the model again`,
                `error: ${ghostJson}: model "ghost" covers "press-02-temperature", which gateway gw-01 of site lab does not read (its sensors: hall-humidity, oven-01-fan, oven-01-temperature, press-01-door-force, press-01-pressure, press-01-speed, ${SENSOR}); train it on this gateway's sensors`,
                "",
            ].join("\n"),
        );
        assert.equal(fs.existsSync(path.join(state, "bin")), false, "nothing started");
    });
});
