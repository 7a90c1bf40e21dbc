/** Seeded synthetic sensor data for the anomaly scorer tests (deterministic: mulberry32 + Box-Muller). */

export function mulberry32(seed: number): () => number {
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
    const n = gaussian(mulberry32(o.seed));
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
