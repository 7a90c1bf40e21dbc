/** Values normalized the same way in fleet.yaml and site files: retention, transmit modes, thresholds, sensors of a type. */
import { show } from "../diagnostics";
import { durationDays, parseDuration } from "../durations";
import type { RetentionFile, TransmitFile, TypeSensorFile } from "../schema";
import type { RetentionModel, ThresholdsModel, TransmitModel } from "../types";
import type { PathSegment } from "../yaml";
import { num, type Reporter } from "./context";
import { checkEncoding } from "./sources";

export function retention(r: RetentionFile | undefined, base: RetentionModel | undefined, rep: Reporter, path: PathSegment[]): RetentionModel {
    const days = (k: "hot" | "warm" | "archive", fallback: number) => {
        const text = r?.[k];
        if (text === undefined) return fallback;
        const d = durationDays(text);
        if (d === undefined || d <= 0) {
            rep.error([...path, k], `${show(text)} is not a positive duration; write <number><unit> with units s m h d w y, e.g. 7d`);
            return fallback;
        }
        return d;
    };
    const b = base ?? { hotDays: 7, warmDays: 90, archiveDays: 7 * 365 };
    const out = { hotDays: days("hot", b.hotDays), warmDays: days("warm", b.warmDays), archiveDays: days("archive", b.archiveDays) };
    if (r && out.warmDays <= out.hotDays) {
        rep.error(
            [...path, r.warm !== undefined ? "warm" : "hot"],
            `warm (${out.warmDays} days) must be longer than hot (${out.hotDays} days): tiers are ages, data is warm after it stops being hot`,
        );
    } else if (r && out.archiveDays <= out.warmDays) {
        rep.error(
            [...path, r.archive !== undefined ? "archive" : "warm"],
            `archive (${out.archiveDays} days) must be longer than warm (${out.warmDays} days): data is archived after it stops being warm, then deleted`,
        );
    }
    return out;
}

export function transmit(t: TransmitFile, rep: Reporter, path: PathSegment[], sampleRateHz: number): TransmitModel {
    if (t.mode === "aggregate") {
        const seconds = parseDuration(t.window);
        if (seconds === undefined || seconds <= 0) {
            rep.error([...path, "window"], `${show(t.window)} is not a positive duration; write <number><unit>, e.g. 10s`);
            return { mode: "aggregate", windowSeconds: 60 };
        }
        if (seconds < 1 / sampleRateHz) {
            rep.warn(
                [...path, "window"],
                `window ${t.window} is shorter than one sample period (${num(1 / sampleRateHz)}s at ${num(sampleRateHz)} Hz), so most windows hold no sample; use a window of at least ${num(1 / sampleRateHz)}s`,
            );
        }
        return { mode: "aggregate", windowSeconds: seconds };
    }
    if (t.mode === "deadband") return { mode: "deadband", threshold: t.threshold };
    return { mode: t.mode };
}

export function thresholds(
    t: TypeSensorFile["thresholds"],
    mode: TransmitModel["mode"],
    rep: Reporter,
    path: PathSegment[],
    what: string,
): ThresholdsModel | undefined {
    if (!t || (t.warning === undefined && t.critical === undefined)) {
        for (const [field, label] of [
            ["hysteresis", "a hysteresis of"],
            ["holdSeconds", "a hold time (holdSeconds) of"],
        ] as const) {
            if (t?.[field] !== undefined)
                rep.error(
                    [...path, "thresholds", field],
                    `${what} has ${label} ${num(t[field])} but no warning or critical threshold it could apply to; add thresholds or remove ${field}`,
                );
        }
        if (mode === "alarm-only") {
            rep.error(
                [...path, "transmit", "mode"],
                `${what} sends only threshold crossings (alarm-only) but has no thresholds; add thresholds: { warning: ..., critical: ... } or pick another mode`,
            );
        }
        return undefined;
    }
    const direction = t.direction ?? "above";
    if (t.warning !== undefined && t.critical !== undefined) {
        const ordered = direction === "above" ? t.warning < t.critical : t.warning > t.critical;
        if (!ordered) {
            rep.error(
                [...path, "thresholds"],
                `warning ${t.warning} must be ${direction === "above" ? "below" : "above"} critical ${t.critical} when alarms fire ${direction} the thresholds`,
            );
        }
    }
    return {
        warning: t.warning,
        critical: t.critical,
        direction,
        ...(t.hysteresis !== undefined ? { hysteresis: t.hysteresis } : {}),
        ...(t.holdSeconds !== undefined ? { holdSeconds: t.holdSeconds } : {}),
    };
}

export function typeSensor(s: TypeSensorFile, rep: Reporter, path: PathSegment[]) {
    const tm = transmit(s.transmit, rep, [...path, "transmit"], s.sampleRateHz);
    checkEncoding(s.source, rep, [...path, "source"], `sensor ${show(s.name)}`);
    return {
        name: s.name,
        kind: s.kind,
        unit: s.unit,
        sampleRateHz: s.sampleRateHz,
        transmit: tm,
        thresholds: thresholds(s.thresholds, tm.mode, rep, path, `sensor ${show(s.name)}`),
        source: { ...s.source },
    };
}
