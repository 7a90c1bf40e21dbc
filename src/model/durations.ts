/** Durations as written in fleet files: `<number><unit>`, units s m h d w y. */
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 7 * 86400, y: 365 * 86400 };

export const DURATION_PATTERN = /^([0-9]+(?:\.[0-9]+)?)([smhdwy])$/;

/** Seconds in a duration, or undefined when it is not of the form `<number><unit>`. */
export function parseDuration(text: string): number | undefined {
    const m = DURATION_PATTERN.exec(text);
    if (!m) return undefined;
    return Number(m[1]) * UNIT_SECONDS[m[2]];
}

/** Whole days in a duration, rounded up (storage tiers are counted in days). */
export function durationDays(text: string): number | undefined {
    const s = parseDuration(text);
    return s === undefined ? undefined : Math.ceil(s / 86400);
}
