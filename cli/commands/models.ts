/**
 * `fleet models train|score|evaluate`: the anomaly model's life on a workstation (docs/models.md).
 * Thin: parsing, training, scoring and evaluation live in src/models; this file reads and writes
 * files and turns problems into exit codes (1: bad input, 2: usage).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import { FleetError } from "../../src/model/diagnostics";
import { usage, type Io, withExamples } from "../context";

type ModelsLib = typeof import("../../src/models/runtime");

function readText(file: string, what: string): string {
    try {
        return fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new FleetError(`cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, [], 1);
    }
}

function fail(problems: string[], what: string): never {
    throw new FleetError(`${problems.length} problem${problems.length === 1 ? "" : "s"} in ${what}:\n  ${problems.join("\n  ")}`, [], 1);
}

function readCsv(file: string, keepNaN: boolean) {
    const { parseReadings } = require("../../src/models/readings") as typeof import("../../src/models/readings");
    const parsed = parseReadings(readText(file, "input"), file, { keepNaN });
    if (parsed.problems.length > 0) fail(parsed.problems, file);
    return parsed.readings;
}

/** --model names model.json, model.onnx or their directory. */
async function loadModelArg(arg: string): Promise<Awaited<ReturnType<ModelsLib["loadModel"]>>> {
    const { loadModel, ModelError } = require("../../src/models/runtime") as ModelsLib;
    if (!fs.existsSync(arg))
        throw new FleetError(`--model: ${arg} does not exist; give model.json, model.onnx or their directory (fleet models train writes them)`, [], 1);
    const dir = fs.statSync(arg).isDirectory() ? arg : path.dirname(arg);
    const json = path.join(dir, "model.json");
    const onnx = path.join(dir, "model.onnx");
    const infoText = readText(json, "model description");
    let bytes: Uint8Array;
    try {
        bytes = fs.readFileSync(onnx);
    } catch (e) {
        throw new FleetError(`cannot read model ${onnx}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, [], 1);
    }
    try {
        return await loadModel(infoText, bytes, { json, onnx });
    } catch (e) {
        if (e instanceof ModelError) throw new FleetError(e.message, [], 1);
        throw e;
    }
}

function trainCommand(io: Io, opts: { input: string; model: string; out: string; maxWindow?: string }): void {
    const { modelNameProblem, modelFiles } = require("../../src/models/publish") as typeof import("../../src/models/publish");
    const { train } = require("../../src/models/train") as typeof import("../../src/models/train");
    const { bySensor } = require("../../src/models/readings") as typeof import("../../src/models/readings");
    const { writeFileAtomic } = require("../../src/util/atomic-write") as typeof import("../../src/util/atomic-write");
    const bad = modelNameProblem(opts.model);
    if (bad) throw usage(`--model: ${bad}`);
    const maxWindow = opts.maxWindow === undefined ? undefined : Number(opts.maxWindow);
    if (maxWindow !== undefined && !(Number.isInteger(maxWindow) && maxWindow >= 24 && maxWindow <= 1024)) {
        throw usage(`--max-window: expected a whole number from 24 to 1024, got ${JSON.stringify(opts.maxWindow)}`);
    }
    const readings = readCsv(opts.input, false);
    const result = train(bySensor(readings), { name: opts.model, trainedAt: new Date().toISOString(), ...(maxWindow ? { maxWindow } : {}) });
    for (const w of result.warnings) io.err(`warning: ${opts.input}: ${w}`);
    if (!result.ok) fail(result.problems, opts.input);
    const files = modelFiles(result.info);
    const dir = path.join(opts.out, opts.model);
    fs.mkdirSync(dir, { recursive: true });
    writeFileAtomic(path.join(dir, "model.onnx"), files.onnx);
    writeFileAtomic(path.join(dir, "model.json"), files.json);
    io.out(`wrote ${path.join(dir, "model.onnx")} (${files.onnx.length} bytes, sha256 ${files.info.sha256}) and model.json`);
    io.out(`window ${files.info.window} readings; sensors:`);
    for (const m of files.info.models) {
        const t = m.thresholds;
        io.out(
            `  ${m.name}: ${m.training.readings} readings, cycle ${m.period ?? "none"}, level window ${m.window}, thresholds burst ${t.burst.toFixed(2)} spike ${t.spike.toFixed(2)} level ${t.level.toFixed(2)}, training alarm rate ${(m.training.trainingAlarmRate * 100).toFixed(3)}%`,
        );
    }
}

async function scoreCommand(io: Io, opts: { model: string; input: string; format: string }): Promise<void> {
    if (opts.format !== "jsonl" && opts.format !== "csv") throw usage(`--format: expected jsonl or csv, got ${JSON.stringify(opts.format)}`);
    const { scoreReadings, notScoredText } = require("../../src/models/runtime") as ModelsLib;
    const model = await loadModelArg(opts.model);
    const readings = readCsv(opts.input, true);
    const scored = await scoreReadings(model, readings);
    const lines: string[] = opts.format === "csv" ? ["sensor,ts,score,anomaly,not_scored"] : [];
    const counts = { scored: 0, anomalies: 0, notScored: 0 };
    for (const s of scored) {
        const note = s.reason ? notScoredText(s.reason) : undefined;
        if (s.score === null) counts.notScored++;
        else counts.scored++;
        if (s.anomaly) counts.anomalies++;
        if (opts.format === "csv") {
            lines.push(`${JSON.stringify(s.sensor)},${s.ts},${s.score ?? ""},${s.anomaly ?? ""},${note ? JSON.stringify(note) : ""}`);
        } else {
            lines.push(JSON.stringify({ sensor: s.sensor, ts: s.ts, score: s.score, anomaly: s.anomaly, ...(note ? { notScored: note } : {}) }));
        }
    }
    io.out(lines.join("\n"));
    io.err(`${counts.scored} readings scored, ${counts.anomalies} anomalies, ${counts.notScored} not scored`);
}

async function evaluateCommand(io: Io, opts: { model: string; input: string; events: string; json?: boolean }): Promise<void> {
    const { scoreReadings } = require("../../src/models/runtime") as ModelsLib;
    const { evaluate, parseEvents } = require("../../src/models/evaluate") as typeof import("../../src/models/evaluate");
    const { parseTs } = require("../../src/models/readings") as typeof import("../../src/models/readings");
    let raw: unknown;
    try {
        raw = JSON.parse(readText(opts.events, "events"));
    } catch (e) {
        if (e instanceof FleetError) throw e;
        throw new FleetError(`${opts.events}: not valid JSON (${(e as Error).message}); expected a list of {"sensor", "from", "to"}`, [], 1);
    }
    const { events, problems } = parseEvents(raw, opts.events, parseTs);
    if (problems.length > 0) fail(problems, opts.events);
    const model = await loadModelArg(opts.model);
    const unknown = [...new Set(events.map((e) => e.sensor).filter((s) => !model.info.sensors.includes(s)))];
    if (unknown.length > 0)
        fail([`events name sensors the model does not cover: ${unknown.join(", ")} (model sensors: ${model.info.sensors.join(", ")})`], opts.events);
    const scored = await scoreReadings(model, readCsv(opts.input, true));
    const ev = evaluate(scored, events, model.info.window);
    if (opts.json) {
        io.out(JSON.stringify(ev, null, 2));
        return;
    }
    const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
    io.out(`events found: ${ev.found} of ${ev.events} (recall ${pct(ev.recall)})`);
    io.out(`false alarms: ${ev.falseAlarms} of ${ev.normalReadings} normal readings (${pct(ev.falseAlarmRate)})`);
    io.out(
        `detection delay: mean ${ev.meanDelayMs === null ? "-" : `${(ev.meanDelayMs / 1000).toFixed(1)} s`} (${ev.meanDelayReadings?.toFixed(1) ?? "-"} readings), max ${ev.maxDelayMs === null ? "-" : `${(ev.maxDelayMs / 1000).toFixed(1)} s`}`,
    );
    io.out(`not scored: ${ev.notScored} readings`);
    for (const e of ev.perEvent.filter((x) => !x.found)) io.out(`  missed: ${e.sensor} ${new Date(e.from).toISOString()} .. ${new Date(e.to).toISOString()}`);
}

export function register(program: Command, io: Io): void {
    const models = program.command("models").description("anomaly models: train on normal readings, score, evaluate against labelled events");
    withExamples(
        models
            .command("train")
            .description("learn a per-sensor window model from readings of normal operation (CSV sensor,ts,value); writes OUT/NAME/model.onnx and model.json")
            .requiredOption("--input <file>", "CSV with the columns sensor,ts,value (ts: epoch ms or ISO 8601)")
            .requiredOption("--model <name>", "model name (lower-case letters, digits, dashes)")
            .requiredOption("--out <dir>", "directory to write NAME/model.onnx and NAME/model.json into")
            .option("--max-window <n>", "longest window in readings (24-1024; default 256)"),
        ["fleet models train --input normal.csv --model presses --out models"],
    ).action((opts: { input: string; model: string; out: string; maxWindow?: string }) => trainCommand(io, opts));
    withExamples(
        models
            .command("score")
            .description("score every reading with ONNX Runtime; prints sensor, ts, score, anomaly (or why a reading was not scored)")
            .requiredOption("--model <file>", "model.json, model.onnx or their directory")
            .requiredOption("--input <file>", "CSV with the columns sensor,ts,value")
            .option("--format <format>", "jsonl or csv", "jsonl"),
        ["fleet models score --model models/presses --input today.csv", "fleet models score --model models/presses/model.json --input today.csv --format csv"],
    ).action((opts: { model: string; input: string; format: string }) => scoreCommand(io, opts));
    withExamples(
        models
            .command("evaluate")
            .description("recall of labelled events, false alarms per normal reading and detection delay")
            .requiredOption("--model <file>", "model.json, model.onnx or their directory")
            .requiredOption("--input <file>", "CSV with the columns sensor,ts,value")
            .requiredOption("--events <file>", 'JSON list of {"sensor", "from", "to"} (epoch ms or ISO 8601)')
            .option("--json", "print the evaluation as JSON"),
        [
            "fleet models evaluate --model models/presses --input labelled.csv --events events.json",
            "fleet models evaluate --model models/presses --input labelled.csv --events events.json --json",
        ],
    ).action((opts: { model: string; input: string; events: string; json?: boolean }) => evaluateCommand(io, opts));
}
