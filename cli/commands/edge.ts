/**
 * `fleet edge run SITE GATEWAY`: run the collector bundle that ships to gateways, locally, against a
 * plain MQTT broker, with the gateway's configuration built from the site file exactly as the
 * Greengrass deployment carries it. `--map` points a PLC at a lab address or a simulator. SIGTERM or
 * SIGINT reach the collector, which flushes and exits 0.
 *
 * `--models DIR` (issue #16): edge inference runs beside the collector, as on a gateway: the
 * edge-inference bundle that ships, with the models of DIR (`fleet models train --out DIR`, SHA-256
 * checked, every sensor they cover one of this gateway's), scoring the collector's reading batches
 * (its local bus, carried over the run's broker on fleet/local/readings as Greengrass local
 * pub/sub carries it on a gateway) and publishing anomaly events on fleet/<site>/<thing>/anomaly.
 * Without --models nothing is scored.
 */
import * as childProcess from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import { writeFileAtomic } from "../../src/util/atomic-write";
import { FleetError } from "../../src/model/diagnostics";
import type { SiteModel } from "../../src/model/types";
import { loadOrFail, usage, type Io, withExamples } from "../context";

interface RunOptions {
    dir?: string;
    uplink: string;
    stateDir: string;
    map: string[];
    budgetMib?: string;
    statusInterval: string;
    models?: string;
}

export function register(program: Command, io: Io): void {
    const edge = program.command("edge").description("run and inspect the software of the edge gateways");
    withExamples(
        edge
            .command("run")
            .description(
                "run a gateway's collector locally (the shipped bundle), publishing to an MQTT broker on fleet/<site>/<thing>/{telemetry,alarm,status}",
            )
            .argument("<site>", "site name")
            .argument("<gateway>", "gateway name in the site")
            .requiredOption("--uplink <url>", "MQTT broker, mqtt://HOST:PORT")
            .requiredOption("--state-dir <dir>", "directory for the outbox, sequence numbers and PKI (kept across runs)")
            .option("--map <plc=host:port>", "read a PLC (name or address) from another address; repeatable", (v: string, acc: string[]) => [...acc, v], [])
            .option("--budget-mib <n>", "outbox budget in MiB (default: the site's connectivity.offlineBufferMiB)")
            .option("--status-interval <seconds>", "seconds between status messages", "10")
            .option(
                "--models <dir>",
                "also run edge inference with the models in DIR (fleet models train --out DIR), publishing on fleet/<site>/<thing>/anomaly",
            )
            .option("--dir <dir>", "fleet directory"),
        [
            "fleet edge run stuttgart-body gw-body-01 --uplink mqtt://127.0.0.1:1883 --state-dir /tmp/gw-body-01",
            "fleet edge run stuttgart-body gw-body-01 --uplink mqtt://127.0.0.1:1883 --state-dir /tmp/gw-body-01 --map plc-weld-01=127.0.0.1:5020",
            "fleet edge run stuttgart-body gw-body-01 --uplink mqtt://127.0.0.1:1883 --state-dir /tmp/gw-body-01 --models models/",
        ],
    ).action(async (siteName: string, gatewayName: string, opts: RunOptions) => {
        if (!/^mqtts?:\/\/[^/]+:\d+\/?$/.test(opts.uplink)) throw usage(`--uplink ${opts.uplink}: expected mqtt://HOST:PORT or mqtts://HOST:PORT`);
        const fleet = loadOrFail({ dir: opts.dir }, io);
        const site = fleet.sites.find((s) => s.name === siteName);
        if (!site) throw usage(`site ${siteName} is not in the fleet (sites: ${fleet.sites.map((s) => s.name).join(", ")})`);
        const gateway = site.gateways.find((g) => g.name === gatewayName);
        if (!gateway) throw usage(`gateway ${gatewayName} is not in site ${siteName} (gateways: ${site.gateways.map((g) => g.name).join(", ")})`);
        if (opts.models !== undefined) checkModels(opts.models, site, gatewayName, io);
        const { collectorConfiguration } = require("../../src/edge/greengrass") as typeof import("../../src/edge/greengrass");
        const { bundleEdgeComponent } = require("../../src/edge/artifacts") as typeof import("../../src/edge/artifacts");
        const stateDir = path.resolve(opts.stateDir);
        fs.mkdirSync(path.join(stateDir, "bin"), { recursive: true });
        const configFile = path.join(stateDir, "config.json");
        const config = collectorConfiguration(site, { artifactsBucket: "local", telemetryStreamName: "local", manifestSha256: "" }, "inline");
        writeFileAtomic(configFile, JSON.stringify(config, null, 2));
        const bundle = bundleEdgeComponent("collector");
        const script = path.join(stateDir, "bin", "collector.js");
        if (!fs.existsSync(script) || fs.readFileSync(script, "utf8") !== bundle.code) writeFileAtomic(script, bundle.code);
        const args = [
            script,
            ...["--thing", gateway.thingName, "--state-dir", path.join(stateDir, "runtime"), "--config", configFile, "--uplink", opts.uplink],
            ...["--budget-mib", opts.budgetMib ?? String(site.connectivity.offlineBufferMiB), "--status-interval", opts.statusInterval],
            ...opts.map.flatMap((m) => ["--map", m]),
            ...(opts.models !== undefined ? ["--bus-mqtt"] : []),
        ];
        const inference = opts.models !== undefined ? startInference(stateDir, path.resolve(opts.models), gateway.thingName, opts.uplink) : undefined;
        const code = await runChild(args);
        const inferenceCode = await inference?.stop();
        if (inferenceCode !== undefined && inferenceCode !== 0) throw new FleetError(`edge inference exited with code ${inferenceCode}`, [], 1);
        if (code !== 0) throw new FleetError(code === 2 ? "" : `collector exited with code ${code}`, [], code === 2 ? 2 : 1);
    });
}

/** Every problem with the models of --models at once (missing, bad SHA-256, a sensor the gateway does not read): exit 1. */
function checkModels(dir: string, site: SiteModel, gateway: string, io: Io): void {
    const { readModelDir, unknownSensors } = require("../../src/models/local-dir") as typeof import("../../src/models/local-dir");
    const found = readModelDir(path.resolve(dir));
    const sensors = site.sensors.filter((s) => s.gateway === gateway).map((s) => s.name);
    const problems = [...found.problems, ...unknownSensors(found.models, sensors, `gateway ${gateway} of site ${site.name}`)];
    if (problems.length === 0) return;
    for (const p of problems) io.err(`error: ${p}`);
    throw new FleetError("", [], 1);
}

/**
 * The edge-inference bundle and the ONNX Runtime files it loads, written to STATE/bin/edge-inference/,
 * started with --models; `stop()` sends SIGTERM (it scores what is queued) and resolves with its exit code.
 */
function startInference(stateDir: string, models: string, thing: string, uplink: string): { stop(): Promise<number> } {
    const { bundleEdgeComponent, edgeRoot, EDGE_RUNTIME_FILES } = require("../../src/edge/artifacts") as typeof import("../../src/edge/artifacts");
    const bin = path.join(stateDir, "bin", "edge-inference");
    fs.mkdirSync(bin, { recursive: true });
    const bundle = bundleEdgeComponent("edge-inference");
    const script = path.join(bin, "edge-inference.js");
    const put = (file: string, data: string | Buffer) => {
        if (!fs.existsSync(file) || !fs.readFileSync(file).equals(Buffer.from(data))) writeFileAtomic(file, data);
    };
    put(script, bundle.code);
    for (const rel of EDGE_RUNTIME_FILES["edge-inference"] ?? []) put(path.join(bin, path.basename(rel)), fs.readFileSync(path.join(edgeRoot(), rel)));
    const cacheDir = path.join(stateDir, "inference");
    const child = childProcess.spawn(process.execPath, [script, "--thing", thing, "--cache-dir", cacheDir, "--models", models, "--mqtt", uplink], {
        stdio: "inherit",
    });
    const exited = new Promise<number>((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal === "SIGKILL" ? 137 : 1))));
    return {
        stop() {
            if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
            return exited;
        },
    };
}

/** Run the collector with inherited output; forward SIGTERM/SIGINT; resolve with its exit code. */
function runChild(args: string[]): Promise<number> {
    return new Promise((resolve) => {
        const child = childProcess.spawn(process.execPath, args, { stdio: "inherit" });
        const forward = (sig: NodeJS.Signals) => () => child.kill(sig);
        const term = forward("SIGTERM");
        const int = forward("SIGINT");
        process.on("SIGTERM", term);
        process.on("SIGINT", int);
        child.on("exit", (code, signal) => {
            process.off("SIGTERM", term);
            process.off("SIGINT", int);
            resolve(code ?? (signal === "SIGKILL" ? 137 : 1));
        });
    });
}
