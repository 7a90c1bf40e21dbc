/**
 * Modbus TCP source (jsmodbus): one connection per PLC and unit id, one poll timer per PLC, unit
 * id, function code and sample rate, reading contiguous registers in runs (edge/lib/registers.ts).
 * A PLC that does not answer is reported unreachable and reconnected with backoff; the other PLCs
 * keep being polled.
 */
import * as net from "node:net";
import * as Modbus from "jsmodbus";
import { DEFAULT_PORT, type SensorConfig } from "../lib/config";
import { decodeValue, planRuns, registerAddress, WORDS, type RegisterRun } from "../lib/registers";
import type { Source, SourceSink } from "./source";

interface Group {
    key: string;
    functionCode: 3 | 4;
    intervalMs: number;
    runs: RegisterRun[];
}

interface Connection {
    target: string;
    host: string;
    port: number;
    unitId: number;
    socket?: net.Socket;
    client?: InstanceType<typeof Modbus.client.TCP>;
    up: boolean;
    backoffMs: number;
    reconnect?: NodeJS.Timeout;
    groups: Group[];
}

export const REQUEST_TIMEOUT_MS = 2000;

export class ModbusSource implements Source {
    private readonly connections = new Map<string, Connection>();
    private readonly timers: NodeJS.Timeout[] = [];
    private readonly sensors = new Map<string, SensorConfig>();
    private stopped = false;

    constructor(
        sensors: readonly SensorConfig[],
        private readonly sink: SourceSink,
    ) {
        const grouped = new Map<
            string,
            { conn: Connection; functionCode: 3 | 4; intervalMs: number; items: { sensor: string; offset: number; words: number }[] }
        >();
        for (const s of sensors) {
            this.sensors.set(s.name, s);
            const host = s.source.address!;
            const port = s.source.port ?? DEFAULT_PORT["modbus-tcp"];
            const unitId = s.source.unitId ?? 1;
            const target = `${host}:${port}`;
            const connKey = `${target}#${unitId}`;
            let conn = this.connections.get(connKey);
            if (!conn) this.connections.set(connKey, (conn = { target, host, port, unitId, up: false, backoffMs: 500, groups: [] }));
            const addr = registerAddress(s.source.register!);
            const intervalMs = Math.max(1, Math.round(1000 / s.sampleRateHz));
            const key = `${connKey}#${addr.functionCode}#${intervalMs}`;
            let g = grouped.get(key);
            if (!g) grouped.set(key, (g = { conn, functionCode: addr.functionCode, intervalMs, items: [] }));
            g.items.push({ sensor: s.name, offset: addr.offset, words: WORDS[s.source.dataType] });
        }
        for (const [key, g] of grouped) g.conn.groups.push({ key, functionCode: g.functionCode, intervalMs: g.intervalMs, runs: planRuns(g.items) });
    }

    async start(): Promise<void> {
        for (const conn of this.connections.values()) {
            this.connect(conn);
            for (const g of conn.groups) {
                let busy = false;
                const tick = () => {
                    if (busy || !conn.up) return;
                    busy = true;
                    this.poll(conn, g).finally(() => (busy = false));
                };
                this.timers.push(setInterval(tick, g.intervalMs));
            }
        }
    }

    async stop(): Promise<void> {
        this.stopped = true;
        for (const t of this.timers) clearInterval(t);
        for (const c of this.connections.values()) {
            if (c.reconnect) clearTimeout(c.reconnect);
            c.socket?.destroy();
        }
    }

    private connect(conn: Connection): void {
        if (this.stopped) return;
        const socket = new net.Socket();
        conn.socket = socket;
        conn.client = new Modbus.client.TCP(socket, conn.unitId, REQUEST_TIMEOUT_MS);
        socket.setNoDelay(true);
        socket.once("connect", () => {
            conn.up = true;
            conn.backoffMs = 500;
            this.sink.reachability(conn.target, true);
        });
        const down = (err?: Error) => {
            if (conn.socket !== socket) return;
            conn.socket = undefined;
            socket.destroy();
            if (conn.up || err) this.sink.reachability(conn.target, false, err?.message ?? "connection closed");
            conn.up = false;
            if (this.stopped) return;
            conn.reconnect = setTimeout(() => this.connect(conn), conn.backoffMs);
            conn.backoffMs = Math.min(conn.backoffMs * 2, 10_000);
        };
        socket.on("error", down);
        socket.on("close", () => down());
        socket.connect({ host: conn.host, port: conn.port });
    }

    private async poll(conn: Connection, g: Group): Promise<void> {
        const ts = Date.now();
        const client = conn.client!;
        for (const run of g.runs) {
            try {
                const res =
                    g.functionCode === 3 ? await client.readHoldingRegisters(run.start, run.count) : await client.readInputRegisters(run.start, run.count);
                const buf = res.response.body.valuesAsBuffer;
                this.sink.samples(
                    run.items.map((it) => {
                        const src = this.sensors.get(it.sensor)!.source;
                        return { sensor: it.sensor, ts, value: decodeValue(buf, it.offset - run.start, src.dataType, src.wordOrder, src.scale) };
                    }),
                );
            } catch (err) {
                const reason = describe(err);
                for (const it of run.items) this.sink.bad(it.sensor, reason);
                if (/timeout|Offline|closed/i.test(reason)) conn.socket?.destroy(new Error(reason));
            }
        }
    }
}

function describe(err: unknown): string {
    const e = err as { err?: string; message?: string; response?: { body?: { message?: string } } };
    if (e?.response?.body?.message) return `modbus exception: ${e.response.body.message}`;
    return e?.message ?? e?.err ?? String(err);
}
