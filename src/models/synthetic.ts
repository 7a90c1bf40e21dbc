/**
 * Synthetic sensor data for tests and the benchmark: normal operation is a sinusoid (one machine
 * cycle) plus Gaussian noise; injected events are spikes, level shifts, variance bursts and drifts,
 * each labelled `{sensor, from, to}`. Seeded, so every run makes the same data. Pure.
 */
import type { LabelledEvent } from "./evaluate";
import type { Reading } from "./readings";

/** Mulberry32: a small seeded generator (uniform in [0, 1)). */
export function rng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

export function gaussian(rand: () => number): () => number {
    return () => {
        const u = Math.max(rand(), 1e-12);
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
    };
}

export interface SensorShape {
    name: string;
    level: number;
    amplitude: number;
    /** Readings per cycle. */
    period: number;
    noise: number;
}

export const DEFAULT_SENSORS: SensorShape[] = [
    { name: "press-01-temperature", level: 60, amplitude: 5, period: 50, noise: 0.5 },
    { name: "press-01-vibration", level: 3.2, amplitude: 0.8, period: 37, noise: 0.15 },
    { name: "oven-02-pressure", level: 101_300, amplitude: 400, period: 120, noise: 30 },
];

export type EventKind = "spike" | "shift" | "burst" | "drift";
export const EVENT_KINDS: EventKind[] = ["spike", "shift", "burst", "drift"];

export interface Series {
    readings: Reading[];
    events: (LabelledEvent & { kind: EventKind })[];
}

export interface SeriesOptions {
    sensors?: SensorShape[];
    readings: number;
    start?: number;
    intervalMs?: number;
    seed: number;
    /** Events per sensor (spread evenly after the first tenth), kinds in turn. */
    eventsPerSensor?: number;
}

/** Readings of every sensor, interleaved by time as a collector would deliver them. */
export function makeSeries(o: SeriesOptions): Series {
    const sensors = o.sensors ?? DEFAULT_SENSORS;
    const start = o.start ?? Date.UTC(2026, 0, 1);
    const dt = o.intervalMs ?? 1000;
    const rand = rng(o.seed);
    const noise = gaussian(rand);
    const events: Series["events"] = [];
    const perSensor = sensors.map((s, si) => {
        const x = Array.from({ length: o.readings }, (_, t) => s.level + s.amplitude * Math.sin((2 * Math.PI * t) / s.period + si) + s.noise * noise());
        const k = o.eventsPerSensor ?? 0;
        const slot = Math.floor((o.readings * 0.9) / Math.max(1, k));
        for (let e = 0; e < k; e++) {
            const kind = EVENT_KINDS[(e + si) % EVENT_KINDS.length];
            const at = Math.floor(o.readings * 0.1) + e * slot + Math.floor(rand() * slot * 0.3);
            const len = kind === "spike" ? 1 : kind === "shift" ? 40 : kind === "burst" ? 40 : 150;
            const end = Math.min(o.readings - 1, at + len - 1);
            const sign = rand() < 0.5 ? -1 : 1;
            for (let t = at; t <= end; t++) {
                if (kind === "spike") x[t] += sign * 6 * s.noise;
                else if (kind === "shift") x[t] += sign * 2 * s.noise;
                else if (kind === "burst") x[t] += Math.sqrt(3) * s.noise * noise();
                else x[t] += sign * 3 * s.noise * ((t - at + 1) / (end - at + 1));
            }
            events.push({ sensor: s.name, from: start + at * dt, to: start + end * dt, kind });
        }
        return x;
    });
    const readings: Reading[] = [];
    for (let t = 0; t < o.readings; t++) {
        sensors.forEach((s, si) => readings.push({ sensor: s.name, ts: start + t * dt, value: perSensor[si][t], line: readings.length + 2 }));
    }
    return { readings, events };
}

/** The readings as the lake's CSV export (header sensor,ts,value). */
export function toCsv(readings: readonly Reading[]): string {
    return `sensor,ts,value\n${readings.map((r) => `${r.sensor},${r.ts},${r.value}`).join("\n")}\n`;
}
