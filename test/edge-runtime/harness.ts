/**
 * Real components for the edge runtime tests, all on 127.0.0.1 and stopped by the tests: a Modbus
 * TCP server (jsmodbus), mosquitto (a temp config on a free port) and aedes, a TCP fault proxy
 * (cut, blackhole, delay), an MQTT recorder, the oracle that checks that every channel's seqs
 * are received or declared lost, and the rig of the `fleet edge run` end-to-end tests (startEdgeLab).
 */
import * as assert from "node:assert/strict";
import * as childProcess from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import * as Modbus from "jsmodbus";
import * as mqtt from "mqtt";

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function freePort(): Promise<number> {
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
    const port = (srv.address() as net.AddressInfo).port;
    await new Promise((r) => srv.close(r));
    return port;
}

/** Wait until `check` returns true, polling; fails after `ms` with `what`. */
export async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
    const end = Date.now() + ms;
    while (!check()) {
        if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
        await sleep(50);
    }
}

export interface ModbusSim {
    port: number;
    holding: Buffer;
    input: Buffer;
    reads: number;
    close(): Promise<void>;
}

/** A Modbus TCP server with 100 holding and 100 input registers. */
export async function startModbus(): Promise<ModbusSim> {
    const server = net.createServer();
    const holding = Buffer.alloc(200);
    const input = Buffer.alloc(200);
    const mb = new Modbus.server.TCP(server, { holding, input });
    const sockets = new Set<net.Socket>();
    server.on("connection", (s) => {
        s.on("error", () => undefined); // a collector killed with SIGKILL resets its connection
        sockets.add(s);
        s.on("close", () => sockets.delete(s));
    });
    const sim = { port: 0, holding, input, reads: 0, close: async () => undefined as void };
    mb.on("preReadHoldingRegisters", () => sim.reads++);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    sim.port = (server.address() as net.AddressInfo).port;
    sim.close = async () => {
        for (const s of sockets) s.destroy();
        await new Promise((r) => server.close(r));
    };
    return sim;
}

export interface Broker {
    port: number;
    stop(): Promise<void>;
    start(): Promise<void>;
}

/** mosquitto on a free port with a temp config; persistence on, so a restart keeps sessions. */
export async function startMosquitto(): Promise<Broker> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-mosquitto-"));
    const port = await freePort();
    const conf = path.join(dir, "mosquitto.conf");
    const user = process.getuid?.() === 0 ? "user root\n" : "";
    fs.writeFileSync(conf, `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence true\npersistence_location ${dir}/\n${user}log_dest none\n`);
    let child: childProcess.ChildProcess | undefined;
    const broker: Broker = {
        port,
        start: async () => {
            child = childProcess.spawn("mosquitto", ["-c", conf], { stdio: "ignore" });
            await waitForPort(port, 10_000);
        },
        stop: async () => {
            const c = child;
            child = undefined;
            if (!c || c.exitCode !== null) return;
            const exited = new Promise((r) => c.once("exit", r));
            c.kill("SIGTERM");
            await exited;
        },
    };
    await broker.start();
    const stop = broker.stop;
    broker.stop = async () => {
        await stop();
    };
    process.once("exit", () => {
        child?.kill("SIGKILL");
        fs.rmSync(dir, { recursive: true, force: true });
    });
    return broker;
}

async function waitForPort(port: number, ms: number): Promise<void> {
    const end = Date.now() + ms;
    for (;;) {
        const ok = await new Promise<boolean>((resolve) => {
            const s = net.connect({ port, host: "127.0.0.1" }, () => {
                s.destroy();
                resolve(true);
            });
            s.on("error", () => resolve(false));
        });
        if (ok) return;
        if (Date.now() > end) throw new Error(`nothing listens on 127.0.0.1:${port} after ${ms} ms`);
        await sleep(50);
    }
}

/** aedes in-process, on a free port. */
export async function startAedes(): Promise<Broker & { close(): Promise<void> }> {
    const { Aedes } = require("aedes") as { Aedes: { createBroker(): Promise<{ handle: (s: net.Socket) => void; close(cb: () => void): void }> } };
    const aedes = await Aedes.createBroker();
    const port = await freePort();
    let server: net.Server | undefined;
    const sockets = new Set<net.Socket>();
    const broker = {
        port,
        start: async () => {
            server = net.createServer((s) => {
                sockets.add(s);
                s.on("close", () => sockets.delete(s));
                aedes.handle(s);
            });
            await new Promise<void>((r) => server!.listen(port, "127.0.0.1", r));
        },
        stop: async () => {
            for (const s of sockets) s.destroy();
            await new Promise((r) => server?.close(r));
        },
        close: async () => {
            await broker.stop();
            await new Promise<void>((r) => aedes.close(r));
        },
    };
    await broker.start();
    return broker;
}

export type FaultMode = "pass" | "cut" | "blackhole" | "delay";

/** A TCP proxy on 127.0.0.1 in front of `targetPort`, whose behaviour the test switches. */
export class FaultProxy {
    port = 0;
    mode: FaultMode = "pass";
    delayMs = 200;
    private server = net.createServer((c) => this.accept(c));
    private readonly pairs = new Set<[net.Socket, net.Socket]>();

    constructor(private readonly targetPort: number) {}

    async start(): Promise<this> {
        await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
        this.port = (this.server.address() as net.AddressInfo).port;
        return this;
    }

    /** `cut` also closes every open connection; `blackhole` keeps them open but forwards nothing. */
    set(mode: FaultMode): void {
        this.mode = mode;
        if (mode !== "cut") return;
        for (const [a, b] of this.pairs) {
            a.destroy();
            b.destroy();
        }
    }

    async close(): Promise<void> {
        this.set("cut");
        await new Promise((r) => this.server.close(r));
    }

    private accept(client: net.Socket): void {
        if (this.mode === "cut") return void client.destroy();
        const upstream = net.connect({ port: this.targetPort, host: "127.0.0.1" });
        const pair: [net.Socket, net.Socket] = [client, upstream];
        this.pairs.add(pair);
        const forward = (from: net.Socket, to: net.Socket) =>
            from.on("data", (d) => {
                if (this.mode === "blackhole") return;
                if (this.mode === "delay") setTimeout(() => to.writable && to.write(d), this.delayMs);
                else if (to.writable) to.write(d);
            });
        forward(client, upstream);
        forward(upstream, client);
        const end = () => {
            this.pairs.delete(pair);
            client.destroy();
            upstream.destroy();
        };
        client.on("close", end).on("error", end);
        upstream.on("close", end).on("error", end);
    }
}

export interface Received {
    topic: string;
    channel: string;
    at: number;
    msg: Record<string, any>;
}

/** Subscribes to fleet/# with QoS 1 and a persistent session, recording every message. */
export async function record(port: number, clientId = `recorder-${process.pid}-${Date.now()}`): Promise<{ messages: Received[]; close(): Promise<void> }> {
    const messages: Received[] = [];
    const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, { clientId, clean: false, reconnectPeriod: 200 });
    client.on("message", (topic, payload) => messages.push({ topic, channel: topic.split("/")[3], at: Date.now(), msg: JSON.parse(payload.toString()) }));
    client.on("error", () => undefined);
    await new Promise<void>((resolve, reject) => {
        client.once("connect", () => client.subscribe("fleet/#", { qos: 1 }, (err) => (err ? reject(err) : resolve())));
    });
    return { messages, close: () => client.endAsync(true) };
}

/** A child process whose stdout and stderr (when piped) are collected in `log()`; `exited` settles when it exits. */
export interface Logged {
    child: childProcess.ChildProcess;
    log(): string;
    exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The lab site's fixture, site and gateway: `fleet edge run lab gw-01 --dir EDGE_LAB.dir` runs as thing EDGE_LAB.thing. */
export const EDGE_LAB = {
    dir: path.join(__dirname, "../../../test/fixtures/edge-lab"),
    fleet: path.join(__dirname, "../../../bin/fleet.js"),
    thing: "lab-lab-gw-01",
};

/**
 * The rig of the `fleet edge run` end-to-end tests, all on 127.0.0.1: a Modbus simulator for the
 * lab's press PLC, a port where nothing listens for its OPC UA PLC (an unreachable PLC), mosquitto,
 * and a recorder of every message on fleet/#. `stop()` kills the children still running, then
 * closes the recorder, the broker and the simulator.
 */
export interface EdgeLab {
    sim: ModbusSim;
    broker: Broker;
    recorder: Awaited<ReturnType<typeof record>>;
    deadPort: number;
    /** The --map options that point plc-press at the simulator and plc-oven at the dead port. */
    mapArgs(): string[];
    /** Spawns node with `args` (killed by `stop()` if still running). */
    spawn(args: string[], options: childProcess.SpawnOptions): Logged;
    /** `fleet edge run lab gw-01` on this rig's broker and PLCs, with `--status-interval 1` and `extra`. */
    edgeRun(state: string, extra: string[], env?: NodeJS.ProcessEnv): Logged;
    stop(): Promise<void>;
}

export async function startEdgeLab(recorderId: string): Promise<EdgeLab> {
    const children: childProcess.ChildProcess[] = [];
    const started: { close(): Promise<void> }[] = [];
    const closeAll = async () => {
        for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
        for (const s of started.reverse()) await s.close();
    };
    try {
        const sim = await startModbus();
        started.push(sim);
        const deadPort = await freePort();
        const broker = await startMosquitto();
        started.push({ close: () => broker.stop() });
        const recorder = await record(broker.port, recorderId);
        started.push(recorder);
        const lab: EdgeLab = {
            sim,
            broker,
            recorder,
            deadPort,
            mapArgs: () => ["--map", `plc-press=127.0.0.1:${sim.port}`, "--map", `plc-oven=127.0.0.1:${deadPort}`],
            spawn: (args, options) => {
                const child = childProcess.spawn(process.execPath, args, options);
                children.push(child);
                let log = "";
                child.stdout?.on("data", (d) => (log += d));
                child.stderr?.on("data", (d) => (log += d));
                const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
                    child.once("exit", (code, signal) => resolve({ code, signal })),
                );
                return { child, log: () => log, exited };
            },
            edgeRun: (state, extra, env = process.env) =>
                lab.spawn(
                    [
                        EDGE_LAB.fleet,
                        ...["edge", "run", "lab", "gw-01", "--dir", EDGE_LAB.dir, "--uplink", `mqtt://127.0.0.1:${broker.port}`, "--state-dir", state],
                        ...lab.mapArgs(),
                        ...["--status-interval", "1", ...extra],
                    ],
                    { env, stdio: ["ignore", "pipe", "pipe"] },
                ),
            stop: closeAll,
        };
        return lab;
    } catch (err) {
        await closeAll();
        throw err;
    }
}

/** Readings in received messages (flat or `records`), each with its channel. */
export function readings(messages: Received[]): (Record<string, any> & { channel: string })[] {
    return messages.flatMap((m) =>
        (m.msg.records ? m.msg.records : m.msg.sensor ? [m.msg] : []).map((r: Record<string, any>) => ({ ...r, channel: m.channel })),
    );
}

/**
 * The oracle: for every channel, the seqs received plus the seqs declared lost by `gap` status
 * messages are exactly 1..max. Returns the max seq per channel.
 */
export function checkSeqs(messages: Received[]): Record<string, number> {
    const seen: Record<string, Set<number>> = {};
    for (const m of messages) (seen[m.channel] ??= new Set()).add(m.msg.seq);
    for (const m of messages) {
        if (m.msg.type !== "gap") continue;
        for (let s = m.msg.fromSeq; s <= m.msg.toSeq; s++) (seen[m.msg.channel] ??= new Set()).add(s);
    }
    const max: Record<string, number> = {};
    for (const [channel, seqs] of Object.entries(seen)) {
        max[channel] = Math.max(...seqs);
        const missing: number[] = [];
        for (let s = 1; s <= max[channel]; s++) if (!seqs.has(s)) missing.push(s);
        assert.deepEqual(missing.slice(0, 20), [], `channel ${channel}: seqs neither received nor declared lost (of 1..${max[channel]})`);
    }
    return max;
}

/** Per sensor in the last status: read = suppressed + aggregated + sent + pending. */
export function checkCounters(status: Record<string, any>): void {
    for (const [sensor, c] of Object.entries(status.sensors as Record<string, any>)) {
        assert.equal(c.read, c.suppressed + c.aggregated + c.sent + c.pending, `sensor ${sensor}: ${JSON.stringify(c)}`);
    }
}
