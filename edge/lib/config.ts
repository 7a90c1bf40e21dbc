/**
 * The collector's configuration: parsed from the component configuration the Greengrass deployment
 * merges (src/edge/greengrass.ts `collectorConfiguration`, inline placement) or from a file with the
 * same shape (`fleet edge run`), for one gateway thing. Every problem is reported at once, naming
 * the field, the bad value and what is accepted. Pure.
 */
import { createHash } from "node:crypto";
import type { AlarmSpec } from "./alarms";
import type { TransmitMode } from "./transmit";

export const SUPPORTED_PROTOCOLS = ["modbus-tcp", "opcua"] as const;
export const DEFAULT_PORT: Record<string, number> = { "modbus-tcp": 502, opcua: 4840 };
export const DATA_TYPES = ["int16", "uint16", "int32", "uint32", "float32", "float64"] as const;
export type DataType = (typeof DATA_TYPES)[number];

export interface SourceConfig {
    protocol: string;
    plc?: string;
    /** Host (or IP) the collector connects to; with `port` for Modbus, or `endpoint` for OPC UA. */
    address?: string;
    port?: number;
    endpoint?: string;
    nodeId?: string;
    register?: number;
    unitId?: number;
    dataType: DataType;
    wordOrder: "big" | "little";
    scale: number;
}

export interface SensorConfig {
    name: string;
    unit?: string;
    sampleRateHz: number;
    transmit: TransmitMode;
    thresholds?: AlarmSpec;
    source: SourceConfig;
}

export interface CollectorConfig {
    site: string;
    thing: string;
    sensors: SensorConfig[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === "object" && !Array.isArray(v);
const show = (v: unknown) => JSON.stringify(v) ?? String(v);

/** Parse one gateway's configuration; `errors` lists every problem (the config is unusable when non-empty). */
export function parseCollectorConfig(raw: unknown, thing: string): { config?: CollectorConfig; errors: string[] } {
    const errors: string[] = [];
    if (!isObj(raw)) return { errors: ["configuration: expected an object with site and gateways"] };
    if (typeof raw.site !== "string" || !raw.site) errors.push(`configuration.site: expected the site name, got ${show(raw.site)}`);
    const gateways = isObj(raw.gateways) ? raw.gateways : undefined;
    const gw = gateways?.[thing];
    if (!isObj(gw)) {
        const known = gateways ? Object.keys(gateways).join(", ") || "none" : "none";
        errors.push(`configuration.gateways: no entry for thing ${thing} (known: ${known})`);
        return { errors };
    }
    const sensors: SensorConfig[] = [];
    const sensorMap = isObj(gw.sensors) ? gw.sensors : {};
    if (!isObj(gw.sensors)) errors.push(`configuration.gateways.${thing}.sensors: expected a map of sensor name to sensor`);
    for (const [name, s] of Object.entries(sensorMap).sort(([a], [b]) => a.localeCompare(b))) {
        const parsed = parseSensor(`configuration.gateways.${thing}.sensors.${name}`, name, s, errors);
        if (parsed) sensors.push(parsed);
    }
    if (errors.length) return { errors };
    return { config: { site: raw.site as string, thing, sensors }, errors };
}

function num(at: string, v: unknown, errors: string[], check: (n: number) => boolean, accepted: string): number | undefined {
    if (typeof v === "number" && Number.isFinite(v) && check(v)) return v;
    errors.push(`${at}: expected ${accepted}, got ${show(v)}`);
    return undefined;
}

function parseTransmit(at: string, t: unknown, errors: string[]): TransmitMode | undefined {
    if (!isObj(t)) {
        errors.push(`${at}: expected an object with mode`);
        return undefined;
    }
    switch (t.mode) {
        case "raw":
        case "on-change":
        case "alarm-only":
            return { mode: t.mode };
        case "aggregate": {
            const w = num(`${at}.windowSeconds`, t.windowSeconds, errors, (n) => n > 0, "a window in seconds > 0");
            return w === undefined ? undefined : { mode: "aggregate", windowSeconds: w };
        }
        case "deadband": {
            const th = num(`${at}.threshold`, t.threshold, errors, (n) => n >= 0, "a threshold >= 0");
            return th === undefined ? undefined : { mode: "deadband", threshold: th };
        }
        default:
            errors.push(`${at}.mode: expected raw, aggregate, deadband, on-change or alarm-only, got ${show(t.mode)}`);
            return undefined;
    }
}

function parseThresholds(at: string, t: unknown, errors: string[]): AlarmSpec | undefined {
    if (t === undefined) return undefined;
    if (!isObj(t)) {
        errors.push(`${at}: expected an object with warning and/or critical`);
        return undefined;
    }
    const out: AlarmSpec = { direction: t.direction === "below" ? "below" : "above" };
    if (t.direction !== undefined && t.direction !== "above" && t.direction !== "below")
        errors.push(`${at}.direction: expected above or below, got ${show(t.direction)}`);
    for (const k of ["warning", "critical"] as const) if (t[k] !== undefined) out[k] = num(`${at}.${k}`, t[k], errors, () => true, "a number");
    if (t.hysteresis !== undefined) out.hysteresis = num(`${at}.hysteresis`, t.hysteresis, errors, (n) => n >= 0, "a number >= 0");
    if (t.holdSeconds !== undefined) out.holdMs = (num(`${at}.holdSeconds`, t.holdSeconds, errors, (n) => n >= 0, "seconds >= 0") ?? 0) * 1000;
    return out;
}

function parseSource(at: string, s: unknown, errors: string[]): SourceConfig | undefined {
    if (!isObj(s) || typeof s.protocol !== "string") {
        errors.push(`${at}: expected an object with protocol`);
        return undefined;
    }
    const str = (k: string) => (typeof s[k] === "string" ? (s[k] as string) : undefined);
    const dataType = s.dataType ?? "uint16";
    if (!DATA_TYPES.includes(dataType as DataType)) errors.push(`${at}.dataType: expected one of ${DATA_TYPES.join(", ")}, got ${show(dataType)}`);
    const wordOrder = s.wordOrder ?? "big";
    if (wordOrder !== "big" && wordOrder !== "little") errors.push(`${at}.wordOrder: expected big or little, got ${show(wordOrder)}`);
    const out: SourceConfig = {
        protocol: s.protocol,
        plc: str("plc"),
        address: str("address"),
        endpoint: str("endpoint"),
        nodeId: str("nodeId"),
        dataType: dataType as DataType,
        wordOrder: wordOrder as "big" | "little",
        scale: s.scale === undefined ? 1 : (num(`${at}.scale`, s.scale, errors, (n) => n !== 0, "a non-zero number") ?? 1),
    };
    if (s.port !== undefined) out.port = num(`${at}.port`, s.port, errors, (n) => Number.isInteger(n) && n > 0 && n < 65536, "a TCP port 1-65535");
    if (s.register !== undefined) out.register = num(`${at}.register`, s.register, errors, Number.isInteger, "a register number");
    if (s.unitId !== undefined) out.unitId = num(`${at}.unitId`, s.unitId, errors, (n) => Number.isInteger(n) && n >= 0 && n <= 255, "a unit id 0-255");
    return out;
}

function parseSensor(at: string, name: string, s: unknown, errors: string[]): SensorConfig | undefined {
    if (!isObj(s)) {
        errors.push(`${at}: expected an object`);
        return undefined;
    }
    const sampleRateHz = num(`${at}.sampleRateHz`, s.sampleRateHz, errors, (n) => n > 0 && n <= 1000, "a rate in Hz, > 0 and <= 1000");
    const transmit = parseTransmit(`${at}.transmit`, s.transmit, errors);
    const thresholds = parseThresholds(`${at}.thresholds`, s.thresholds, errors);
    const source = parseSource(`${at}.source`, s.source, errors);
    if (sampleRateHz === undefined || !transmit || !source) return undefined;
    return { name, unit: typeof s.unit === "string" ? s.unit : undefined, sampleRateHz, transmit, ...(thresholds ? { thresholds } : {}), source };
}

/**
 * Point PLCs at other addresses (`--map PLC=HOST:PORT`, a lab or a simulator). A key matches a
 * sensor's `plc` name or its `address`. Returns the keys that matched nothing, for the caller to report.
 */
export function applyMap(config: CollectorConfig, map: Record<string, { host: string; port: number }>): string[] {
    const used = new Set<string>();
    for (const s of config.sensors) {
        const key = [s.source.plc, s.source.address].find((k) => k !== undefined && map[k]);
        if (key === undefined) continue;
        used.add(key);
        const to = map[key];
        s.source.address = to.host;
        s.source.port = to.port;
        if (s.source.protocol === "opcua") s.source.endpoint = `opc.tcp://${to.host}:${to.port}`;
    }
    return Object.keys(map).filter((k) => !used.has(k));
}

/** Parse `PLC=HOST:PORT`; throws an Error naming the accepted form. */
export function parseMapping(text: string): [string, { host: string; port: number }] {
    const m = /^([^=]+)=([^:]+):(\d{1,5})$/.exec(text);
    const port = m ? Number(m[3]) : 0;
    if (!m || port < 1 || port > 65535) throw new Error(`--map ${text}: expected PLC=HOST:PORT (PLC is a PLC name or address; PORT 1-65535)`);
    return [m[1], { host: m[2], port }];
}

/** Where a sensor's source is: `host:port` for Modbus, the endpoint URL for OPC UA. */
export function sourceTarget(s: SourceConfig): string | undefined {
    if (s.protocol === "opcua") return s.endpoint ?? (s.address ? `opc.tcp://${s.address}:${s.port ?? DEFAULT_PORT.opcua}` : undefined);
    if (s.address === undefined) return undefined;
    return `${s.address}:${s.port ?? DEFAULT_PORT[s.protocol] ?? 0}`;
}

/**
 * The configuration from the site manifest (`sensorMap: manifest`, when the sensor map does not fit
 * the deployment): checks the manifest's SHA-256 against the one the deployment names, then takes
 * this thing's gateway and its sensors, shaped as the inline map is.
 */
export function configFromManifest(text: string, expectedSha256: string, thing: string): { config?: CollectorConfig; errors: string[] } {
    const actual = createHash("sha256").update(text, "utf8").digest("hex");
    if (actual !== expectedSha256) return { errors: [`manifest: SHA-256 ${actual} does not match ${expectedSha256}, the one the deployment names`] };
    let m: unknown;
    try {
        m = JSON.parse(text);
    } catch (err) {
        return { errors: [`manifest: not JSON (${(err as Error).message})`] };
    }
    if (!isObj(m) || !Array.isArray(m.gateways) || !Array.isArray(m.sensors))
        return { errors: ["manifest: expected a site manifest with gateways[] and sensors[]"] };
    const gw = m.gateways.find((g) => isObj(g) && g.thingName === thing) as Obj | undefined;
    if (!gw) return { errors: [`manifest: no gateway with thing name ${thing}`] };
    const sensors = Object.fromEntries(
        m.sensors
            .filter((s): s is Obj => isObj(s) && s.gateway === gw.name && typeof s.name === "string")
            .map(({ name, gateway: _g, ...rest }) => [name as string, rest]),
    );
    return parseCollectorConfig({ site: m.site, gateways: { [thing]: { sensors } } }, thing);
}
