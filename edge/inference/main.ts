/**
 * Edge inference's entry point (bundled by esbuild into `edge-inference.js`, the file the
 * Greengrass recipe runs):
 *
 *   node edge-inference.js --thing THING --cache-dir DIR
 *        (--bucket B --model M --region R [--endpoint URL] --mqtt URL | --models DIR --mqtt URL | --greengrass)
 *
 * Downloads the gateway's model (model-source.ts: `models/<model>/current.json`, then the version
 * it names, SHA-256 checked, cached under --cache-dir; the token-exchange credentials come from the
 * container credentials variables the nucleus sets), loads it in ONNX Runtime (onnxruntime-web's
 * WASM build, shipped next to this file in the component zip) and scores the collector's readings
 * from the local bus (edge/lib/bus.ts READINGS_TOPIC), publishing anomaly events on
 * `fleet/<site>/<thing>/anomaly`.
 *
 * `--models DIR` (`fleet edge run --models DIR`): every model under DIR as `fleet models train` writes
 * them (SHA-256 checked), one runner per model, instead of the bucket's current model.
 * `--mqtt URL`: readings from, and events to, an MQTT broker (local runs and tests). `--greengrass`:
 * configuration (this thing's model) and the local bus over IPC, events through IPC PublishToIoTCore
 * (edge/inference/greengrass.ts, required lazily: its native aws-crt is only needed there).
 * A gateway without a model in the configuration idles (exit 0 would make Greengrass restart it).
 * SIGTERM/SIGINT: finish the queued batches, exit 0. Exit 1 when no verified model can be had; 2 on bad arguments.
 */
import { parseArgs } from "node:util";
import { readModelDir } from "../../src/models/local-dir";
import { loadModel, type LoadedModel } from "../../src/models/runtime";
import type { Publisher, ReadingSource } from "./bus";
import { fetchModel, type ModelSourceConfig } from "./model-source";
import { InferenceRunner } from "./runner";

const USAGE =
    "usage: edge-inference.js --thing THING --cache-dir DIR (--bucket B --model M --region R [--endpoint URL] --mqtt URL | --models DIR --mqtt URL | --greengrass)";

function fail(code: number, lines: string[]): never {
    for (const l of lines) process.stderr.write(`edge-inference: ${l}\n`);
    process.exit(code);
}

function log(level: "INFO" | "WARN" | "ERROR", message: string, data?: Record<string, unknown>): void {
    process.stdout.write(`${new Date().toISOString()} ${level} ${message}${data ? ` ${JSON.stringify(data)}` : ""}\n`);
}

/** Where the model, the readings and the events come from and go to. */
export interface InferenceWiring {
    /** undefined: this gateway runs no model. */
    model?: Omit<ModelSourceConfig, "cacheDir">;
    site?: string;
    source: ReadingSource;
    publisher: Publisher;
    close(): Promise<void>;
}

function parse() {
    try {
        return parseArgs({
            options: {
                thing: { type: "string" },
                "cache-dir": { type: "string" },
                bucket: { type: "string" },
                model: { type: "string" },
                region: { type: "string" },
                endpoint: { type: "string" },
                mqtt: { type: "string" },
                models: { type: "string" },
                greengrass: { type: "boolean", default: false },
            },
            strict: true,
        }).values;
    } catch (err) {
        fail(2, [(err as Error).message, USAGE]);
    }
}

async function load(model: Omit<ModelSourceConfig, "cacheDir">, cacheDir: string): Promise<LoadedModel> {
    const fetched = await fetchModel({ ...model, cacheDir });
    if (fetched.warning) log("WARN", fetched.warning);
    const loaded = await loadModel(fetched.json, fetched.onnx, { json: fetched.pointer.jsonKey, onnx: fetched.pointer.onnxKey });
    log("INFO", `model ${model.model} ${fetched.pointer.sha256} loaded from ${fetched.from}`, {
        loadMs: Math.round(loaded.loadMs),
        sensors: loaded.info.sensors.length,
    });
    return loaded;
}

async function main(): Promise<void> {
    const args = parse();
    const thing = args.thing ?? process.env.AWS_IOT_THING_NAME;
    const cacheDir = args["cache-dir"];
    const problems: string[] = [];
    if (!thing) problems.push("--thing is required (or AWS_IOT_THING_NAME)");
    if (!cacheDir) problems.push("--cache-dir is required");
    if (args.models !== undefined) {
        if (args.greengrass || !args.mqtt) problems.push("--models DIR runs with --mqtt URL (a local run), not with --greengrass");
        for (const k of ["bucket", "model", "region"] as const) if (args[k]) problems.push(`--${k} is for a model in S3; leave it out with --models`);
    } else if (!args.greengrass) {
        for (const k of ["bucket", "model", "region", "mqtt"] as const) if (!args[k]) problems.push(`--${k} is required without --greengrass`);
    }
    if (problems.length) fail(2, [...problems, USAGE]);
    if (args.models !== undefined) return runLocal(args.models, args.mqtt!, thing!);

    let wiring: InferenceWiring;
    if (args.greengrass) {
        const gg = require("./greengrass") as typeof import("./greengrass");
        wiring = await gg.connectGreengrass(thing!);
    } else {
        const { mqttWiring } = require("./mqtt") as typeof import("./mqtt");
        wiring = await mqttWiring(args.mqtt!, { bucket: args.bucket!, model: args.model!, region: args.region!, endpoint: args.endpoint });
    }
    if (!wiring.model) {
        log("INFO", `no model configured for ${thing}: idle`);
        return;
    }
    let model: LoadedModel;
    try {
        model = await load(wiring.model, cacheDir!);
    } catch (err) {
        await wiring.close();
        fail(1, [(err as Error).message]);
    }
    const runner = new InferenceRunner(model, wiring.publisher, log);
    stopOnSignals([runner], wiring, () => ({ ...runner.status }));
    await runner.start(wiring.source);
    log("INFO", `edge inference ${thing} started: model ${model.info.name}, ${model.info.sensors.length} sensors`);
}

/** `--models DIR`: every model of the directory, each with its own runner on the same readings. */
async function runLocal(dir: string, url: string, thing: string): Promise<void> {
    const found = readModelDir(dir);
    if (found.problems.length) fail(1, found.problems);
    const runners: InferenceRunner[] = [];
    const { mqttWiring } = require("./mqtt") as typeof import("./mqtt");
    const wiring = await mqttWiring(url, undefined);
    try {
        for (const m of found.models) {
            const loaded = await loadModel(m.json, m.onnx, { json: m.jsonFile, onnx: m.onnxFile });
            log("INFO", `model ${m.info.name} ${m.info.sha256} loaded from ${m.dir}`, { loadMs: Math.round(loaded.loadMs), sensors: m.info.sensors.length });
            runners.push(new InferenceRunner(loaded, wiring.publisher, log));
        }
    } catch (err) {
        await wiring.close();
        fail(1, [(err as Error).message]);
    }
    const stop = stopOnSignals(runners, wiring, () => ({ models: runners.map((r) => r.status) }));
    // Started by `fleet edge run`: when that process is gone (even killed with SIGKILL), stop too.
    const parent = process.ppid;
    setInterval(() => process.ppid !== parent && stop("parent gone"), 1000).unref();
    for (const r of runners) await r.start(wiring.source);
    log("INFO", `edge inference ${thing} started: models ${found.models.map((m) => m.info.name).join(", ")} from ${dir}`);
}

main().catch((err) => fail(1, [(err as Error).message]));

/**
 * Stops the runners (each scores what it queued) and then the wiring, once, on SIGTERM or SIGINT or
 * when the returned function is called; exits 0, or 1 when stopping fails.
 */
function stopOnSignals(runners: InferenceRunner[], wiring: Pick<InferenceWiring, "close">, status: () => Record<string, unknown>): (signal: string) => void {
    let stopping = false;
    const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        log("INFO", `${signal}: scoring queued readings and stopping`, status());
        Promise.all(runners.map((r) => r.stop()))
            .then(() => wiring.close())
            .then(
                () => process.exit(0),
                (err) => fail(1, [`stop failed: ${(err as Error).message}`]),
            );
    };
    process.on("SIGTERM", () => stop("SIGTERM"));
    process.on("SIGINT", () => stop("SIGINT"));
    return stop;
}
