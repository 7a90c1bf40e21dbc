/**
 * Status channel bodies: what the collector reports about itself (PLC reachability, per-sensor
 * counters, outbox fill, gaps, unsupported sensors, uptime). A site with many sensors gets its
 * counters in several parts (`part`, `parts`) so that no message nears the IoT Core size limit. Pure.
 */
import type { OutboxGap, OutboxStats } from "./outbox";
import type { TransmitCounters } from "./transmit";

export interface SensorStatus extends TransmitCounters {
    /** Samples that could not be used: unreadable, bad status, NaN/Inf. */
    bad: number;
    alarms: number;
    lastError?: string;
}

export interface StatusInput {
    uptimeSeconds: number;
    plcs: Record<string, { reachable: boolean; error?: string; since: number }>;
    sensors: Record<string, SensorStatus>;
    outbox: Record<string, OutboxStats>;
    gaps: Record<string, { messages: number; last?: OutboxGap }>;
    /** Sensors the collector does not read, with the reason (protocol not supported, bad source). */
    unsupported: { sensor: string; reason: string }[];
    /** Messages the outbox could not store (disk full, I/O error): they never got a seq. */
    unstored?: Record<string, { messages: number; readings: number; lastError?: string }>;
    configSha256?: string;
}

export const SENSORS_PER_STATUS = 400;

/** One or more `type: status` bodies; the first carries everything but the sensors beyond its share. */
export function statusBodies(s: StatusInput): ({ type: "status" } & Record<string, unknown>)[] {
    const names = Object.keys(s.sensors).sort();
    const parts = Math.max(1, Math.ceil(names.length / SENSORS_PER_STATUS));
    const bodies: ({ type: "status" } & Record<string, unknown>)[] = [];
    for (let p = 0; p < parts; p++) {
        const slice = names.slice(p * SENSORS_PER_STATUS, (p + 1) * SENSORS_PER_STATUS);
        const sensors = Object.fromEntries(slice.map((n) => [n, s.sensors[n]]));
        const head =
            p === 0
                ? {
                      uptimeSeconds: s.uptimeSeconds,
                      plcs: s.plcs,
                      outbox: s.outbox,
                      gaps: s.gaps,
                      unsupported: s.unsupported,
                      ...(s.unstored && Object.keys(s.unstored).length ? { unstored: s.unstored } : {}),
                      ...(s.configSha256 ? { configSha256: s.configSha256 } : {}),
                  }
                : {};
        bodies.push({ type: "status", part: p + 1, parts, ...head, sensors });
    }
    return bodies;
}
