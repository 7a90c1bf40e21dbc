/**
 * Evaluation against labelled events: recall of events, false alarms per normal reading and
 * detection delay (docs/models.md, "Evaluation"). Pure.
 *
 * - An event `{sensor, from, to}` is found when the model flags a reading of that sensor with
 *   `from ≤ ts ≤ to`; its delay is that first flag's time minus `from` (ms and readings).
 * - A normal reading is a scored reading outside every event of its sensor and not within the
 *   model's window after an event's end (its window still holds event readings); a flag there is
 *   a false alarm.
 */

export interface LabelledEvent {
    sensor: string;
    from: number;
    to: number;
}

export interface ScoredReading {
    sensor: string;
    ts: number;
    score: number | null;
    anomaly: boolean | null;
}

export interface EventResult extends LabelledEvent {
    found: boolean;
    delayMs: number | null;
    delayReadings: number | null;
}

export interface Evaluation {
    events: number;
    found: number;
    recall: number;
    normalReadings: number;
    falseAlarms: number;
    falseAlarmRate: number;
    /** Readings not scored (warming up, unknown sensor, ...): neither normal nor in an event. */
    notScored: number;
    meanDelayMs: number | null;
    maxDelayMs: number | null;
    meanDelayReadings: number | null;
    perEvent: EventResult[];
}

/** Problems with a parsed events file (a JSON list of {sensor, from, to}); times in ms or ISO 8601. */
export function parseEvents(raw: unknown, file: string, parseTs: (s: string) => number): { events: LabelledEvent[]; problems: string[] } {
    if (!Array.isArray(raw)) return { events: [], problems: [`${file}: expected a JSON list of {"sensor", "from", "to"}`] };
    const events: LabelledEvent[] = [];
    const problems: string[] = [];
    raw.forEach((e, i) => {
        const where = `${file}: [${i}]`;
        const before = problems.length;
        if (typeof e !== "object" || e === null) return problems.push(`${where}: expected an object {"sensor", "from", "to"}`);
        const o = e as Record<string, unknown>;
        const time = (k: "from" | "to") => (typeof o[k] === "number" ? (o[k] as number) : typeof o[k] === "string" ? parseTs(o[k] as string) : NaN);
        const from = time("from");
        const to = time("to");
        if (typeof o.sensor !== "string" || !o.sensor) problems.push(`${where}.sensor: expected a sensor name, got ${JSON.stringify(o.sensor)}`);
        if (!Number.isFinite(from)) problems.push(`${where}.from: expected epoch ms or ISO 8601, got ${JSON.stringify(o.from)}`);
        if (!Number.isFinite(to)) problems.push(`${where}.to: expected epoch ms or ISO 8601, got ${JSON.stringify(o.to)}`);
        if (Number.isFinite(from) && Number.isFinite(to) && to < from)
            problems.push(`${where}: "to" (${JSON.stringify(o.to)}) is before "from" (${JSON.stringify(o.from)})`);
        if (problems.length === before) events.push({ sensor: o.sensor as string, from, to });
    });
    return { events, problems };
}

export function evaluate(scored: readonly ScoredReading[], events: readonly LabelledEvent[], window: number): Evaluation {
    const bySensor = new Map<string, ScoredReading[]>();
    for (const r of scored) {
        const l = bySensor.get(r.sensor);
        if (l) l.push(r);
        else bySensor.set(r.sensor, [r]);
    }
    for (const l of bySensor.values()) l.sort((a, b) => a.ts - b.ts);
    const affected = new Map<string, Set<ScoredReading>>();
    const perEvent: EventResult[] = events.map((e) => {
        const rs = bySensor.get(e.sensor) ?? [];
        const set = affected.get(e.sensor) ?? new Set<ScoredReading>();
        affected.set(e.sensor, set);
        let first = -1;
        let inside = 0;
        let after = 0;
        for (let i = 0; i < rs.length; i++) {
            const r = rs[i];
            if (r.ts >= e.from && r.ts <= e.to) {
                set.add(r);
                if (first < 0 && r.anomaly === true) first = i;
                if (first < 0) inside++;
            } else if (r.ts > e.to && after < window - 1) {
                set.add(r);
                after++;
            }
        }
        const found = first >= 0;
        return { ...e, found, delayMs: found ? rs[first].ts - e.from : null, delayReadings: found ? inside : null };
    });
    let normal = 0;
    let falseAlarms = 0;
    let notScored = 0;
    for (const r of scored) {
        if (r.score === null) {
            notScored++;
            continue;
        }
        if (affected.get(r.sensor)?.has(r)) continue;
        normal++;
        if (r.anomaly === true) falseAlarms++;
    }
    const delays = perEvent.filter((e) => e.found);
    const found = delays.length;
    const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
    return {
        events: events.length,
        found,
        recall: events.length ? found / events.length : 0,
        normalReadings: normal,
        falseAlarms,
        falseAlarmRate: normal ? falseAlarms / normal : 0,
        notScored,
        meanDelayMs: avg(delays.map((e) => e.delayMs as number)),
        maxDelayMs: delays.length ? Math.max(...delays.map((e) => e.delayMs as number)) : null,
        meanDelayReadings: avg(delays.map((e) => e.delayReadings as number)),
        perEvent,
    };
}
