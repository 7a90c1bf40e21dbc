/**
 * How a sensor's value is encoded and where its PLC listens: `source.dataType`, `source.wordOrder`,
 * `source.scale` and `plcs[].port`, checked where they are written and filled with their defaults
 * where the source is resolved (the collector reads them from the model, src/edge/greengrass.ts).
 */
import { show } from "../diagnostics";
import { DEFAULT_PORTS } from "../protocols";
import type { Protocol, SourceFile } from "../schema";
import type { SensorSourceModel } from "../types";
import type { PathSegment } from "../yaml";
import type { Reporter } from "./context";

/** The protocol whose values are registers that dataType and wordOrder describe. */
export const REGISTER_PROTOCOL = "modbus-tcp";
export const DEFAULT_DATA_TYPE = "uint16";
export const DEFAULT_WORD_ORDER = "big";

/** Registers a value of each data type spans (Modbus registers are 16 bits). */
export const DATA_TYPE_WORDS: Record<NonNullable<SensorSourceModel["dataType"]>, number> = {
    int16: 1,
    uint16: 1,
    int32: 2,
    uint32: 2,
    float32: 2,
    float64: 4,
};

/** Modicon register ranges (holding 4xxxx / 4xxxxx, input 3xxxx / 3xxxxx): a value must fit in one. */
const REGISTER_RANGES: [number, number, string][] = [
    [40001, 49999, "holding registers 40001-49999"],
    [30001, 39999, "input registers 30001-39999"],
    [400001, 465536, "holding registers 400001-465536"],
    [300001, 365536, "input registers 300001-365536"],
];

/** The port a PLC or an own address listens on when none is written: the protocol's first well-known port. */
export function defaultPort(protocol: string): number | undefined {
    return DEFAULT_PORTS[protocol as Protocol]?.[0]?.port;
}

/**
 * Problems of the encoding fields where a source is written (fleet.yaml type sensors and one-off
 * sensors): a zero scale, a register value that runs past the end of its register range, and
 * dataType/wordOrder on a source whose protocol is written and is not Modbus.
 */
export function checkEncoding(source: Partial<SourceFile>, rep: Reporter, path: PathSegment[], what: string): void {
    if (source.scale === 0)
        rep.error(
            [...path, "scale"],
            `${what}: scale 0 would turn every reading into 0; write the multiplier from the raw value to the sensor's unit, e.g. 0.1`,
        );
    const encoding = (["dataType", "wordOrder"] as const).filter((k) => source[k] !== undefined);
    if (source.protocol !== undefined && source.protocol !== REGISTER_PROTOCOL && encoding.length)
        for (const k of encoding)
            rep.error(
                [...path, k],
                `${what}: ${k} ${show(source[k])} describes Modbus registers, but the source reads ${source.protocol} (whose values carry their own type); remove ${k}`,
            );
    if (source.register !== undefined && source.dataType !== undefined) {
        const words = DATA_TYPE_WORDS[source.dataType];
        const range = REGISTER_RANGES.find(([lo, hi]) => source.register! >= lo && source.register! <= hi);
        if (range && source.register + words - 1 > range[1])
            rep.error(
                [...path, "register"],
                `${what}: a ${source.dataType} value spans ${words} registers, so register ${source.register} runs past the ${range[2]}; use a register <= ${range[1] - words + 1}`,
            );
    }
}

/** The encoding fields of a resolved source: dataType and wordOrder with defaults for Modbus, scale when written. */
export function resolveEncoding(source: Partial<SourceFile>, protocol: string | undefined, out: Partial<SensorSourceModel>): void {
    if (protocol === REGISTER_PROTOCOL) {
        out.dataType = source.dataType ?? DEFAULT_DATA_TYPE;
        out.wordOrder = source.wordOrder ?? DEFAULT_WORD_ORDER;
    }
    if (source.scale !== undefined) out.scale = source.scale;
}
