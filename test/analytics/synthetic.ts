/** Seeded synthetic sensor data for the anomaly scorer tests (deterministic: the seeded mulberry32 of src/generate/random + Box-Muller). */
import { random } from "../../src/generate/random";

export function gaussian(rand: () => number): () => number {
    return () => {
        const u = Math.max(rand(), 1e-12);
        const v = rand();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    };
}

export interface VibrationOptions {
    seed: number;
    samples: number;
    /** Sample period (aggregate window), ms. */
    periodMs: number;
    /** Healthy RMS velocity, mm/s, and its noise. */
    base: number;
    noise: number;
    /** Bearing fault: from this sample on, the level grows exponentially. */
    faultAt?: number;
    faultScale?: number;
    faultTau?: number;
}

/** 10-second mean RMS vibration velocity of a healthy machine, with a slow load cycle, optionally a developing bearing fault. */
export function vibration(o: VibrationOptions): { ts: number; value: number }[] {
    const n = gaussian(random(o.seed).next);
    const start = Date.UTC(2026, 0, 5, 6, 0, 0);
    const out: { ts: number; value: number }[] = [];
    for (let i = 0; i < o.samples; i++) {
        const load = 0.15 * Math.sin((2 * Math.PI * i) / 360); // one-hour load cycle at 10 s
        let value = o.base + load + o.noise * n();
        if (o.faultAt !== undefined && i >= o.faultAt) value += (o.faultScale ?? 0.05) * (Math.exp((i - o.faultAt) / (o.faultTau ?? 150)) - 1);
        out.push({ ts: start + i * o.periodMs, value: Math.round(value * 1000) / 1000 });
    }
    return out;
}
