/**
 * Edge inference: scores windows of the collector's readings (local bus) with the gateway's model
 * in ONNX Runtime (the same code as the cloud scorer and `fleet models score`) and publishes an
 * anomaly event on `fleet/<site>/<thing>/anomaly` when a sensor turns anomalous. Readings it
 * cannot score are counted by reason (status()), never dropped silently.
 *
 * Events: one when a sensor's score first exceeds its threshold; the episode lasts until `window`
 * consecutive normal scores, so a stuck fault does not flood the uplink (status() counts every
 * anomalous reading).
 */
import { anomalyParts, runWindows, type LoadedModel } from "../../src/models/runtime";
import { WindowStream, type NotScored } from "../../src/models/stream";
import { anomalyTopic, type Publisher, type ReadingBatch, type ReadingSource } from "./bus";

export interface AnomalyEvent {
    site: string;
    thing: string;
    sensor: string;
    /** Epoch ms of the reading that completed the anomalous window. */
    ts: number;
    value: number;
    score: number;
    /** The part that exceeded its threshold most: burst, spike or level. */
    reason: string;
    parts: Record<string, number>;
    model: string;
    modelSha256: string;
    source: "edge";
}

export interface InferenceStatus {
    scored: number;
    anomalies: number;
    events: number;
    notScored: Record<NotScored, number>;
    /** Batches dropped because inference fell more than `maxQueue` batches behind. */
    droppedBatches: number;
    droppedReadings: number;
    publishFailures: number;
}

interface Episode {
    active: boolean;
    normalRun: number;
}

export class InferenceRunner {
    private readonly streams = new Map<string, WindowStream>();
    private readonly episodes = new Map<string, Episode>();
    private queue: Promise<void> = Promise.resolve();
    private queued = 0;
    private unsubscribe?: () => void;
    readonly status: InferenceStatus = {
        scored: 0,
        anomalies: 0,
        events: 0,
        notScored: { "unknown-sensor": 0, "not-a-number": 0, "out-of-order": 0, "warming-up": 0 },
        droppedBatches: 0,
        droppedReadings: 0,
        publishFailures: 0,
    };

    constructor(
        private readonly model: LoadedModel,
        private readonly publisher: Publisher,
        private readonly log: (level: "INFO" | "WARN" | "ERROR", message: string, data?: Record<string, unknown>) => void = () => undefined,
        private readonly maxQueue = 16,
    ) {}

    async start(source: ReadingSource): Promise<void> {
        this.unsubscribe = await source.subscribe((batch) => this.accept(batch));
    }

    /** Queue a batch (bus handlers must not block); scoring runs in order, one batch at a time. */
    accept(batch: ReadingBatch): void {
        if (this.queued >= this.maxQueue) {
            this.status.droppedBatches++;
            this.status.droppedReadings += batch.readings.length;
            this.log("WARN", "inference is behind the collector: batch not scored", {
                readings: batch.readings.length,
                droppedBatches: this.status.droppedBatches,
            });
            return;
        }
        this.queued++;
        this.queue = this.queue
            .then(() => this.score(batch))
            .catch((e) => this.log("ERROR", "scoring a batch failed", { error: (e as Error).message }))
            .finally(() => this.queued--);
    }

    /** Resolves when every accepted batch is scored and its events published. */
    idle(): Promise<void> {
        return this.queue;
    }

    async stop(): Promise<void> {
        this.unsubscribe?.();
        await this.queue;
    }

    private stream(site: string, thing: string): WindowStream {
        const key = `${site}/${thing}`;
        let s = this.streams.get(key);
        if (!s) {
            s = new WindowStream(this.model.info);
            this.streams.set(key, s);
        }
        return s;
    }

    /** Score one batch; exported for tests through accept()/idle(). */
    private async score(batch: ReadingBatch): Promise<void> {
        const stream = this.stream(batch.site, batch.thing);
        const ready: { reading: ReadingBatch["readings"][number]; index: number; window: Float32Array }[] = [];
        for (const r of batch.readings) {
            const w = stream.push(r.sensor, r.ts, r.value);
            if (w.ok) ready.push({ reading: r, index: w.index, window: w.window });
            else this.status.notScored[w.reason]++;
        }
        if (ready.length === 0) return;
        const out = await runWindows(this.model, ready);
        const W = this.model.info.window;
        this.status.scored += ready.length;
        for (let i = 0; i < ready.length; i++) {
            const r = ready[i].reading;
            const key = `${batch.site}/${batch.thing}/${r.sensor}`;
            const ep = this.episodes.get(key) ?? { active: false, normalRun: 0 };
            this.episodes.set(key, ep);
            if (!out.anomaly[i]) {
                if (ep.active && ++ep.normalRun >= W) ep.active = false;
                continue;
            }
            this.status.anomalies++;
            ep.normalRun = 0;
            if (ep.active) continue;
            ep.active = true;
            const { parts, reason } = anomalyParts(out, i);
            const event: AnomalyEvent = {
                site: batch.site,
                thing: batch.thing,
                sensor: r.sensor,
                ts: r.ts,
                value: r.value,
                score: out.score[i],
                reason,
                parts,
                model: this.model.info.name,
                modelSha256: this.model.info.sha256,
                source: "edge",
            };
            try {
                await this.publisher.publish(anomalyTopic(batch.site, batch.thing), Buffer.from(JSON.stringify(event), "utf8"));
                this.status.events++;
            } catch (e) {
                this.status.publishFailures++;
                this.log("ERROR", "publishing an anomaly event failed", { sensor: r.sensor, ts: r.ts, error: (e as Error).message });
            }
        }
    }
}
