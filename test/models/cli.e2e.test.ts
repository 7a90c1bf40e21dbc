/** `fleet models train|score|evaluate` as users run them: files in, files and lines out, bad input named with exit 1. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../cli/index";
import { makeSeries, toCsv } from "../../src/models/synthetic";
import { fleet } from "../cli/helpers";

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const code = await main(["node", "fleet", ...args], {
        out: (s) => (out += s.endsWith("\n") ? s : `${s}\n`),
        err: (s) => (err += s.endsWith("\n") ? s : `${s}\n`),
        isTTY: false,
    });
    return { code, out, err };
}

describe("fleet models (CLI)", () => {
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-models-"));
        fs.writeFileSync(path.join(dir, "normal.csv"), toCsv(makeSeries({ readings: 1500, seed: 21 }).readings));
        const test = makeSeries({ readings: 1500, seed: 22, eventsPerSensor: 4 });
        fs.writeFileSync(path.join(dir, "test.csv"), toCsv(test.readings));
        fs.writeFileSync(
            path.join(dir, "events.json"),
            JSON.stringify(test.events.map(({ sensor, from, to }) => ({ sensor, from: new Date(from).toISOString(), to }))),
        );
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("trains, scores (jsonl and csv) and evaluates", async function () {
        this.timeout(60_000);
        const t = await run(["models", "train", "--input", path.join(dir, "normal.csv"), "--model", "press", "--out", path.join(dir, "out")]);
        assert.equal(t.code, 0, t.err);
        const info = JSON.parse(fs.readFileSync(path.join(dir, "out", "press", "model.json"), "utf8"));
        assert.match(
            t.out,
            new RegExp(
                `^wrote .*press/model.onnx \\(${info.bytes} bytes, sha256 ${info.sha256}\\) and model.json\nwindow 120 readings; sensors:\n  oven-02-pressure: 1500 readings, cycle 120`,
            ),
        );
        const s = await run(["models", "score", "--model", path.join(dir, "out", "press"), "--input", path.join(dir, "test.csv")]);
        assert.equal(s.code, 0, s.err);
        const lines = s.out
            .trim()
            .split("\n")
            .map((l) => JSON.parse(l));
        assert.equal(lines.length, 4500);
        assert.deepEqual(lines[0], {
            sensor: "press-01-temperature",
            ts: Date.UTC(2026, 0, 1),
            score: null,
            anomaly: null,
            notScored: "fewer readings than the window since the start or the last pause",
        });
        const last = lines[lines.length - 1];
        assert.deepEqual(Object.keys(last), ["sensor", "ts", "score", "anomaly"]);
        assert.equal(typeof last.score, "number");
        const anomalies = lines.filter((l) => l.anomaly === true).length;
        assert.match(s.err, new RegExp(`^${4500 - 3 * 119} readings scored, ${anomalies} anomalies, ${3 * 119} not scored\n$`));
        const c = await run([
            "models",
            "score",
            "--model",
            path.join(dir, "out", "press", "model.onnx"),
            "--input",
            path.join(dir, "test.csv"),
            "--format",
            "csv",
        ]);
        const csv = c.out.trim().split("\n");
        assert.equal(csv[0], "sensor,ts,score,anomaly,not_scored");
        assert.equal(csv[1], `"press-01-temperature",${Date.UTC(2026, 0, 1)},,,"fewer readings than the window since the start or the last pause"`);
        assert.equal(csv[4500], `"${last.sensor}",${last.ts},${last.score},${last.anomaly},`);
        const e = await run([
            "models",
            "evaluate",
            "--model",
            path.join(dir, "out", "press"),
            "--input",
            path.join(dir, "test.csv"),
            "--events",
            path.join(dir, "events.json"),
            "--json",
        ]);
        assert.equal(e.code, 0, e.err);
        const ev = JSON.parse(e.out);
        assert.equal(ev.events, 12);
        assert.ok(ev.recall >= 0.75 && ev.falseAlarmRate <= 0.01, JSON.stringify({ ...ev, perEvent: undefined }));
    });

    it("names every bad input and exits 1: NaN and constant training data, unknown sensors, truncated model, SHA mismatch", async () => {
        const bad = path.join(dir, "bad.csv");
        fs.writeFileSync(bad, "sensor,ts,value\na,1000,1\na,2000,NaN\nb,1000,5\nb,x,5\n");
        const t = await run(["models", "train", "--input", bad, "--model", "m", "--out", path.join(dir, "o2")]);
        assert.equal(t.code, 1);
        assert.equal(
            t.err,
            `fleet: 2 problems in ${bad}:\n  ${bad}:3: value "NaN" of sensor a is not a finite number\n  ${bad}:5: ts "x" is not epoch milliseconds or an ISO 8601 date-time\n`,
        );
        const flat = path.join(dir, "flat.csv");
        fs.writeFileSync(flat, `sensor,ts,value\n${Array.from({ length: 300 }, (_, i) => `c,${i * 1000},4`).join("\n")}\n`);
        const f = await run(["models", "train", "--input", flat, "--model", "m", "--out", path.join(dir, "o2")]);
        assert.equal(
            f.err,
            `fleet: 1 problem in ${flat}:\n  sensor c: constant (300 readings, all 4); a model needs variation: leave the sensor out of the training data\n`,
        );
        assert.equal(fs.existsSync(path.join(dir, "o2")), false);
        assert.equal((await run(["models", "train", "--input", flat, "--model", "Bad_Name", "--out", "x"])).code, 2);

        const modelDir = path.join(dir, "out", "press");
        const unknown = path.join(dir, "unknown.csv");
        fs.writeFileSync(unknown, "sensor,ts,value\nmystery,1000,1\n");
        const u = await run(["models", "score", "--model", modelDir, "--input", unknown]);
        assert.equal(u.code, 0);
        assert.equal(u.out, '{"sensor":"mystery","ts":1000,"score":null,"anomaly":null,"notScored":"the model does not cover this sensor"}\n');

        const cut = path.join(dir, "cut");
        fs.mkdirSync(cut);
        fs.copyFileSync(path.join(modelDir, "model.json"), path.join(cut, "model.json"));
        const bytes = fs.readFileSync(path.join(modelDir, "model.onnx"));
        fs.writeFileSync(path.join(cut, "model.onnx"), bytes.subarray(0, 1000));
        const tr = await run(["models", "score", "--model", cut, "--input", unknown]);
        assert.equal(tr.code, 1);
        assert.equal(
            tr.err,
            `fleet: ${path.join(cut, "model.onnx")}: 1000 bytes, model.json says ${bytes.length} (truncated or replaced file); copy the model again\n`,
        );
        const changed = Buffer.from(bytes);
        changed[changed.length - 1] ^= 0xff;
        fs.writeFileSync(path.join(cut, "model.onnx"), changed);
        const sha = await run(["models", "evaluate", "--model", cut, "--input", unknown, "--events", path.join(dir, "events.json")]);
        assert.equal(sha.code, 1);
        assert.match(sha.err, /^fleet: .*cut\/model.onnx: SHA-256 [0-9a-f]{64} does not match model.json/);
        const ev = path.join(dir, "ev-bad.json");
        fs.writeFileSync(ev, JSON.stringify([{ sensor: "nope", from: 1, to: 2 }]));
        const evr = await run(["models", "evaluate", "--model", modelDir, "--input", unknown, "--events", ev]);
        assert.equal(
            evr.err,
            `fleet: 1 problem in ${ev}:\n  events name sensors the model does not cover: nope (model sensors: oven-02-pressure, press-01-temperature, press-01-vibration)\n`,
        );
    });

    it("exits 1 without a stack trace from the real binary", () => {
        const r = fleet(["models", "score", "--model", path.join(dir, "missing"), "--input", path.join(dir, "test.csv")]);
        assert.equal(r.code, 1);
        assert.equal(
            r.stderr,
            `fleet: --model: ${path.join(dir, "missing")} does not exist; give model.json, model.onnx or their directory (fleet models train writes them)\n`,
        );
    });
});
