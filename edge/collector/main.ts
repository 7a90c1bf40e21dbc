/**
 * The collector's entry point (bundled by esbuild into `collector.js`, the file the Greengrass
 * recipe runs and `fleet edge run` spawns):
 *
 *   node collector.js --thing THING --state-dir DIR --budget-mib N
 *        (--config FILE [--manifest FILE] --uplink mqtt://HOST:PORT [--map PLC=HOST:PORT ...] [--bus-mqtt] | --greengrass)
 *
 * `--config` is a JSON file shaped like the component configuration of the Greengrass deployment;
 * `--greengrass` reads that configuration over IPC and sends through IPC and stream manager (the
 * adapters are required lazily: their native module, aws-crt, is only needed there).
 * `--bus-mqtt` (`fleet edge run --models DIR`): the reading batches of the local bus also go to the
 * broker on fleet/local/readings, for an edge-inference process beside the collector.
 * SIGTERM/SIGINT: stop reading, flush, send what the uplink accepts within a few seconds, exit 0.
 * Exit 1 with the reasons on a configuration that cannot be used; 2 on bad arguments.
 */
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { MemoryBus, type LocalBus } from "../lib/bus";
import { applyMap, configFromManifest, parseCollectorConfig, parseMapping, type CollectorConfig } from "../lib/config";
import { MqttUplink } from "./mqtt-uplink";
import { CollectorRuntime } from "./runtime";
import type { Uplink } from "./uplink";

const USAGE =
    "usage: collector.js --thing THING --state-dir DIR [--budget-mib N] (--config FILE [--manifest FILE] --uplink URL [--map PLC=HOST:PORT ...] [--bus-mqtt] | --greengrass)";

function fail(code: number, lines: string[]): never {
    for (const l of lines) process.stderr.write(`collector: ${l}\n`);
    process.exit(code);
}

async function main(): Promise<void> {
    let args;
    try {
        args = parseArgs({
            options: {
                thing: { type: "string" },
                "state-dir": { type: "string" },
                "budget-mib": { type: "string", default: "64" },
                config: { type: "string" },
                manifest: { type: "string" },
                uplink: { type: "string" },
                map: { type: "string", multiple: true, default: [] },
                greengrass: { type: "boolean", default: false },
                "bus-mqtt": { type: "boolean", default: false },
                "status-interval": { type: "string", default: "10" },
            },
            strict: true,
        }).values;
    } catch (err) {
        fail(2, [(err as Error).message, USAGE]);
    }
    const thing = args.thing ?? process.env.AWS_IOT_THING_NAME;
    const stateDir = args["state-dir"];
    const budgetMiB = Number(args["budget-mib"]);
    const statusSeconds = Number(args["status-interval"]);
    const problems: string[] = [];
    if (!thing) problems.push("--thing is required (or AWS_IOT_THING_NAME)");
    if (!stateDir) problems.push("--state-dir is required");
    if (!(budgetMiB > 0)) problems.push(`--budget-mib: expected a number of MiB > 0, got ${args["budget-mib"]}`);
    if (!(statusSeconds > 0)) problems.push(`--status-interval: expected seconds > 0, got ${args["status-interval"]}`);
    if (!args.greengrass && (!args.config || !args.uplink)) problems.push("--config and --uplink are required without --greengrass");
    if (args.greengrass && args["bus-mqtt"]) problems.push("--bus-mqtt is for a local run with --uplink; on Greengrass the bus is IPC");
    const map: Record<string, { host: string; port: number }> = {};
    for (const m of args.map ?? []) {
        try {
            const [k, v] = parseMapping(m);
            map[k] = v;
        } catch (err) {
            problems.push((err as Error).message);
        }
    }
    if (problems.length) fail(2, [...problems, USAGE]);

    let config: CollectorConfig;
    let uplink: Uplink;
    let bus: LocalBus = new MemoryBus();
    let greengrass: typeof import("./greengrass") | undefined;
    if (args.greengrass) {
        greengrass = require("./greengrass") as typeof import("./greengrass");
        const gg = await greengrass.connectGreengrass(thing!);
        config = gg.config;
        uplink = gg.uplink;
        bus = gg.bus;
    } else {
        let raw: unknown;
        try {
            raw = JSON.parse(fs.readFileSync(args.config!, "utf8"));
        } catch (err) {
            fail(1, [`${args.config}: ${(err as Error).message}`]);
        }
        const placement = (raw as { sensorMap?: string; manifest?: { sha256?: string } } | null) ?? {};
        let parsed: ReturnType<typeof parseCollectorConfig>;
        if (placement.sensorMap === "manifest") {
            // the sensor map is in the site manifest: checked against the SHA-256 the configuration names
            if (!args.manifest) fail(2, [`${args.config}: sensorMap is manifest; give the site manifest with --manifest FILE`]);
            parsed = configFromManifest(fs.readFileSync(args.manifest!, "utf8"), placement.manifest?.sha256 ?? "", thing!);
        } else parsed = parseCollectorConfig(raw, thing!);
        if (!parsed.config)
            fail(
                1,
                parsed.errors.map((e) => `${args.config}: ${e}`),
            );
        config = parsed.config;
        const unused = applyMap(config, map);
        if (unused.length) fail(2, [`--map: no sensor reads from ${unused.join(", ")} (give a PLC name or address of this gateway's sensors)`]);
        uplink = new MqttUplink({ url: args.uplink!, site: config.site, thing: thing! });
        if (args["bus-mqtt"]) {
            const { MqttBus } = require("./mqtt-bus") as typeof import("./mqtt-bus");
            bus = new MqttBus(args.uplink!, `collector-bus-${thing}-${process.pid}`);
        }
    }
    const runtime = new CollectorRuntime(config, {
        stateDir: stateDir!,
        budgetBytes: Math.floor(budgetMiB * 1024 * 1024),
        uplink,
        bus,
        statusIntervalMs: statusSeconds * 1000,
    });
    let stopping = false;
    const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        process.stdout.write(`${new Date().toISOString()} INFO ${signal}: flushing and stopping\n`);
        runtime.stop().then(
            () => process.exit(0),
            (err) => fail(1, [`stop failed: ${(err as Error).message}`]),
        );
    };
    process.on("SIGTERM", () => stop("SIGTERM"));
    process.on("SIGINT", () => stop("SIGINT"));
    await runtime.start();
    greengrass?.onConfigurationChange((next) => void runtime.reconfigure(next));
    process.stdout.write(`${new Date().toISOString()} INFO collector ${config.site}/${thing} started: ${config.sensors.length} sensors\n`);
}

main().catch((err) => fail(1, [(err as Error).message]));
