/**
 * The collector runtime: sources → (local bus, alarms, transmit modes) → outbox per channel →
 * uplink. Nothing is dropped silently: a bad sample counts as `bad` with its reason in status, a
 * reading dropped by the outbox budget is declared by a `gap` status message, and every accepted
 * sample is read = suppressed + aggregated + sent + pending.
 */
import * as crypto from "node:crypto";
import * as path from "node:path";
import { AlarmState } from "../lib/alarms";
import type { LocalBus } from "../lib/bus";
import { type CollectorConfig, type SensorConfig, SUPPORTED_PROTOCOLS, sourceTarget } from "../lib/config";
import { CHANNELS, type Channel, MAX_MESSAGE_BYTES, type ReadingRecord, readingMessage, statusMessage } from "../lib/contract";
import { Outbox, type OutboxGap } from "../lib/outbox";
import { registerAddress } from "../lib/registers";
import { type SensorStatus, statusBodies } from "../lib/status";
import { Transmitter } from "../lib/transmit";
import type { OpcuaOptions } from "./opcua";
import type { Sample, Source, SourceSink } from "./source";
import type { Uplink } from "./uplink";

export interface RuntimeOptions {
    stateDir: string;
    /** The outbox budget (the site's offlineBufferMiB), split 80% telemetry, 10% alarm, 10% status. */
    budgetBytes: number;
    uplink: Uplink;
    bus?: LocalBus;
    statusIntervalMs?: number;
    flushIntervalMs?: number;
    /** Messages in flight per channel. */
    window?: number;
    fsync?: boolean;
    opcua?: Omit<OpcuaOptions, "pkiDir">;
    log?: (line: string) => void;
    /** Build sources (tests and benchmarks may feed samples through `ingest` instead). */
    sources?: boolean;
}

const SHARE: Record<Channel, number> = { telemetry: 0.8, alarm: 0.1, status: 0.1 };

interface SensorState {
    config: SensorConfig;
    transmit: Transmitter;
    alarm?: AlarmState;
    status: SensorStatus;
}

export class CollectorRuntime {
    private readonly outboxes = {} as Record<Channel, Outbox>;
    private readonly pending: Record<Channel, ReadingRecord[]> = { telemetry: [], alarm: [], status: [] };
    private readonly inflight: Record<Channel, number> = { telemetry: 0, alarm: 0, status: 0 };
    private readonly failed: Record<Channel, boolean> = { telemetry: false, alarm: false, status: false };
    private readonly gaps: Record<string, { messages: number; last?: OutboxGap }> = {};
    private readonly unstored: Record<string, { messages: number; readings: number; lastError?: string }> = {};
    private readonly plcs: Record<string, { reachable: boolean; error?: string; since: number }> = {};
    private sensors = new Map<string, SensorState>();
    private unsupported: { sensor: string; reason: string }[] = [];
    private sources: Source[] = [];
    private timers: NodeJS.Timeout[] = [];
    private readonly started = Date.now();
    private readonly log: (line: string) => void;
    private config!: CollectorConfig;
    private configSha256 = "";
    private stopped = false;

    constructor(
        config: CollectorConfig,
        private readonly opts: RuntimeOptions,
    ) {
        this.log = opts.log ?? ((line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`));
        for (const ch of CHANNELS) {
            const box = new Outbox({ dir: path.join(opts.stateDir, "outbox", ch), budgetBytes: Math.floor(opts.budgetBytes * SHARE[ch]), fsync: opts.fsync });
            this.outboxes[ch] = box;
            const r = box.recovery;
            if (r.truncatedBytes) this.log(`WARN outbox ${ch}: truncated ${r.truncatedBytes} bytes of a torn or corrupt tail (never sent)`);
            if (r.ignoredFiles.length) this.log(`WARN outbox ${ch}: ignored files that are not segments: ${r.ignoredFiles.join(", ")}`);
            for (const g of r.gaps) this.declareGap(ch, g);
        }
        this.setConfig(config);
    }

    async start(): Promise<void> {
        this.opts.uplink.onReady((ready) => {
            this.log(`INFO uplink ${ready ? "connected" : "disconnected"}`);
            if (ready) this.pump();
        });
        await this.opts.uplink.start();
        await this.startSources();
        const flushMs = this.opts.flushIntervalMs ?? 100;
        this.timers.push(setInterval(() => this.guard("flush", () => this.flush(false)), flushMs));
        this.timers.push(setInterval(() => this.guard("status", () => this.emitStatus()), this.opts.statusIntervalMs ?? 10_000));
        this.emitStatus();
    }

    /** Run a periodic task; an error (a failing disk) is logged, the runtime goes on. */
    private guard(what: string, task: () => void): void {
        try {
            task();
        } catch (err) {
            this.log(`ERROR ${what}: ${(err as Error).message}`);
        }
    }

    /** Swap the sensor map (a new manifest or configuration): buffered data stays in the outboxes. */
    async reconfigure(config: CollectorConfig): Promise<void> {
        await Promise.all(this.sources.map((s) => s.stop()));
        this.flush(true);
        this.setConfig(config);
        await this.startSources();
        this.log(`INFO configuration applied: ${config.sensors.length} sensors, sha256 ${this.configSha256}`);
        this.emitStatus();
    }

    /** Stop reading, send what is buffered while the uplink allows (up to `drainMs`), close. Nothing buffered is lost. */
    async stop(drainMs = 3000): Promise<void> {
        if (this.stopped) return;
        this.stopped = true;
        for (const t of this.timers) clearInterval(t);
        await Promise.all(this.sources.map((s) => s.stop()));
        this.flush(true);
        this.emitStatus();
        const until = Date.now() + drainMs;
        while (Date.now() < until && this.opts.uplink.ready && CHANNELS.some((c) => this.outboxes[c].stats().unacked > 0)) {
            this.pump();
            await new Promise((r) => setTimeout(r, 20));
        }
        for (const ch of CHANNELS) this.outboxes[ch].close();
        await Promise.race([this.opts.uplink.close(), new Promise((r) => setTimeout(r, 1000))]);
        await this.opts.bus?.close();
    }

    /** The source sink; public so benchmarks and tests can feed samples without a PLC. */
    readonly sink: SourceSink = {
        samples: (batch) => this.ingest(batch),
        bad: (sensor, reason) => {
            const st = this.sensors.get(sensor)?.status;
            if (!st) return;
            st.bad++;
            if (st.lastError !== reason) this.log(`WARN sensor ${sensor}: ${reason}`);
            st.lastError = reason;
        },
        reachability: (target, up, error) => {
            const prev = this.plcs[target];
            if (prev && prev.reachable === up && prev.error === error) return;
            if (!prev || prev.reachable !== up) this.log(`${up ? "INFO" : "WARN"} plc ${target} ${up ? "reachable" : `unreachable: ${error ?? ""}`}`);
            this.plcs[target] = { reachable: up, ...(error ? { error } : {}), since: Date.now() };
        },
    };

    ingest(batch: Sample[]): void {
        const accepted: Sample[] = [];
        let alarm = false;
        for (const s of batch) {
            const st = this.sensors.get(s.sensor);
            if (!st) continue;
            if (!Number.isFinite(s.value)) {
                this.sink.bad(s.sensor, `value ${s.value} is not a finite number`);
                continue;
            }
            accepted.push(s);
            const rec = st.transmit.offer(s.ts, s.value);
            if (rec) this.pending.telemetry.push(rec);
            if (st.alarm) {
                const alarms = st.alarm.offer(s.ts, s.value);
                if (alarms.length) {
                    st.status.alarms += alarms.length;
                    this.pending.alarm.push(...alarms);
                    alarm = true;
                }
            }
        }
        if (accepted.length && this.opts.bus) void this.opts.bus.publish({ site: this.config.site, thing: this.config.thing, readings: accepted });
        if (alarm) {
            this.pack("alarm");
            this.outboxes.alarm.sync();
            this.pump();
        }
    }

    /** Counters per sensor (read = suppressed + aggregated + sent + pending), for status and tests. */
    counters(): Record<string, SensorStatus> {
        return Object.fromEntries([...this.sensors].map(([n, st]) => [n, { ...st.status, ...st.transmit.counters }]));
    }

    private setConfig(config: CollectorConfig): void {
        const previous = this.sensors;
        this.config = config;
        this.configSha256 = crypto.createHash("sha256").update(JSON.stringify(config)).digest("hex");
        this.sensors = new Map();
        this.unsupported = [];
        for (const s of config.sensors) {
            const reason = unsupportedReason(s);
            if (reason) {
                this.unsupported.push({ sensor: s.name, reason });
                this.log(`WARN sensor ${s.name} not read: ${reason}`);
                continue;
            }
            const old = previous.get(s.name);
            const transmit = new Transmitter(s.name, s.transmit);
            if (old) Object.assign(transmit.counters, old.transmit.counters); // cumulative; nothing is pending after the flush
            this.sensors.set(s.name, {
                config: s,
                transmit,
                ...(s.thresholds ? { alarm: new AlarmState(s.name, s.thresholds) } : {}),
                status: old ? { ...old.status } : { read: 0, suppressed: 0, aggregated: 0, sent: 0, pending: 0, bad: 0, alarms: 0 },
            });
        }
    }

    private async startSources(): Promise<void> {
        if (this.opts.sources === false) return;
        const active = [...this.sensors.values()].map((s) => s.config);
        const modbus = active.filter((s) => s.source.protocol === "modbus-tcp");
        const opcua = active.filter((s) => s.source.protocol === "opcua");
        this.sources = [];
        // required only when used: node-opcua alone adds ~80 MiB of resident memory
        if (modbus.length) {
            const { ModbusSource } = require("./modbus") as typeof import("./modbus");
            this.sources.push(new ModbusSource(modbus, this.sink));
        }
        if (opcua.length) {
            const { OpcuaSource } = require("./opcua") as typeof import("./opcua");
            this.sources.push(new OpcuaSource(opcua, this.sink, { pkiDir: path.join(this.opts.stateDir, "pki"), ...this.opts.opcua }));
        }
        for (const s of this.sources) await s.start();
    }

    /** Close ended aggregate windows, pack pending records into messages, make them durable, send. */
    flush(force: boolean): void {
        const now = Date.now();
        for (const st of this.sensors.values()) {
            const rec = st.transmit.flush(now, force);
            if (rec) this.pending.telemetry.push(rec);
        }
        for (const ch of ["alarm", "telemetry"] as const) this.pack(ch);
        for (const ch of CHANNELS) this.outboxes[ch].sync();
        this.pump();
    }

    private pack(channel: "telemetry" | "alarm"): void {
        const records = this.pending[channel];
        if (!records.length) return;
        this.pending[channel] = [];
        const limit = Math.min(MAX_MESSAGE_BYTES, Math.floor(this.outboxes[channel].stats().budgetBytes / 4) - 256);
        let batch: ReadingRecord[] = [];
        let bytes = 0;
        for (const r of records) {
            const size = JSON.stringify(r).length + 1;
            if (batch.length && bytes + size > limit) {
                this.append(channel, batch);
                batch = [];
                bytes = 0;
            }
            batch.push(r);
            bytes += size;
        }
        if (batch.length) this.append(channel, batch);
    }

    private append(channel: Channel, records: ReadingRecord[] | ({ type: string } & Record<string, unknown>)): void {
        try {
            this.store(channel, records);
        } catch (err) {
            // the disk is full or failing: the message has no seq yet; count what could not be stored and say so
            const u = (this.unstored[channel] ??= { messages: 0, readings: 0 });
            u.messages++;
            u.readings += Array.isArray(records) ? records.length : 0;
            u.lastError = (err as Error).message;
            this.log(`ERROR outbox ${channel}: could not store a message (${u.lastError}); ${u.readings} readings not stored so far`);
        }
    }

    private store(channel: Channel, records: ReadingRecord[] | ({ type: string } & Record<string, unknown>)): void {
        const { site, thing } = this.config;
        const { gaps } = this.outboxes[channel].append((seq) =>
            Buffer.from(
                JSON.stringify(
                    Array.isArray(records) ? readingMessage({ site, thing, channel, seq }, records) : statusMessage({ site, thing, channel, seq }, records),
                ),
            ),
        );
        for (const g of gaps) this.declareGap(channel, g);
    }

    private declareGap(channel: Channel, g: OutboxGap): void {
        const entry = (this.gaps[channel] ??= { messages: 0 });
        entry.messages += g.toSeq - g.fromSeq + 1;
        entry.last = g;
        this.log(`WARN outbox ${channel}: messages ${g.fromSeq}..${g.toSeq} dropped (${g.reason})`);
        this.append("status", { type: "gap", channel, fromSeq: g.fromSeq, toSeq: g.toSeq, reason: g.reason });
    }

    private emitStatus(): void {
        const outbox = Object.fromEntries(CHANNELS.map((c) => [c, this.outboxes[c].stats()]));
        const bodies = statusBodies({
            uptimeSeconds: Math.round((Date.now() - this.started) / 1000),
            plcs: this.plcs,
            sensors: this.counters(),
            outbox,
            gaps: this.gaps,
            unsupported: this.unsupported,
            unstored: this.unstored,
            configSha256: this.configSha256,
        });
        for (const b of bodies) this.append("status", b);
        this.outboxes.status.sync();
        this.pump();
    }

    private pump(): void {
        const uplink = this.opts.uplink;
        const window = this.opts.window ?? 64;
        for (const ch of ["alarm", "status", "telemetry"] as const) {
            if (!uplink.ready) return;
            const box = this.outboxes[ch];
            for (const e of box.next(window - this.inflight[ch])) {
                this.inflight[ch]++;
                uplink.publish(ch, e.payload).then(
                    () => {
                        this.inflight[ch]--;
                        box.ack(e.seq);
                        this.afterSend(ch);
                    },
                    () => {
                        this.inflight[ch]--;
                        this.failed[ch] = true;
                        this.afterSend(ch);
                    },
                );
            }
        }
    }

    private afterSend(ch: Channel): void {
        if (this.failed[ch] && this.inflight[ch] === 0) {
            this.failed[ch] = false;
            this.outboxes[ch].rewind();
        }
        if (this.inflight[ch] < (this.opts.window ?? 64) / 2) this.pump();
    }
}

function unsupportedReason(s: SensorConfig): string | undefined {
    if (!(SUPPORTED_PROTOCOLS as readonly string[]).includes(s.source.protocol)) return `protocol ${s.source.protocol} is not supported by the collector yet`;
    if (!sourceTarget(s.source)) return `source has no address or endpoint`;
    if (s.source.protocol === "modbus-tcp") {
        if (s.source.register === undefined) return "modbus source has no register";
        try {
            registerAddress(s.source.register);
        } catch (err) {
            return (err as Error).message;
        }
    }
    if (s.source.protocol === "opcua" && !s.source.nodeId) return "opcua source has no nodeId";
    return undefined;
}
