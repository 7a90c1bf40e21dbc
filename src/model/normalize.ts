/**
 * Semantic checks and normalization, in one pass over schema-valid files: every rule of
 * "Meaning that the schema alone cannot check" in the format doc, with defaults applied and
 * equipment types expanded on the way. Pure: files in, model and findings out.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ipaddr from "ipaddr.js";
import { kbps, sensorBytesPerSecond } from "./bandwidth";
import { csrProblem } from "./csr";
import { nameProblem, siteNames, siteResourceNames as names } from "./names";
import { DX_GATEWAY_ASN, isDocumentation, TRANSIT_GATEWAY_ASN } from "./uplink";
import { contains, isPrivate, overlaps, parseCidr, parseIpv4, type Cidr } from "./cidr";
import { didYouMean, knownList, show, type Diagnostic } from "./diagnostics";
import { durationDays, parseDuration } from "./durations";
import { DEFAULT_PORTS, transportOf } from "./protocols";
import { AWS_REGIONS } from "./regions";
import { SENSOR_PROTOCOLS, type FleetFile, type RetentionFile, type SiteFile, type SourceFile, type TransmitFile, type TypeSensorFile } from "./schema";
import { fieldName } from "./schema-check";
import type {
    ConduitModel,
    EquipmentModel,
    EquipmentTypeModel,
    FleetModel,
    GatewayModel,
    PlcModel,
    PurdueLevel,
    RegionModel,
    RetentionModel,
    SegmentModel,
    SensorModel,
    Severity,
    SensorSourceModel,
    SiteModel,
    SourceRef,
    SuppressionModel,
    ThresholdsModel,
    TransmitModel,
} from "./types";
import type { ParsedYaml, PathSegment } from "./yaml";

export const DEFAULT_RETENTION = { hot: "7d", warm: "90d", archive: "7y" };
export const DEFAULT_NUCLEUS = "2.14.3";
export const DEFAULT_OFFLINE_BUFFER_MIB = 1024;
/** Share of the uplink above which a warning says the plan is tight. */
export const BANDWIDTH_WARN_SHARE = 0.8;
/** The reserved zone name for the site's AWS endpoints. */
export const CLOUD = "cloud";
/** Kinds of suppression target and where their names live. */
export const TARGET_KINDS = ["site", "segment", "conduit", "gateway", "plc", "equipment", "sensor"] as const;

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** A copy sorted by name: the model is keyed by names, so reordering a YAML list changes nothing. */
const byName = <T extends { name: string }>(items: T[]): T[] => [...items].sort((a, b) => cmp(a.name, b.name));
const SEVERITY_ORDER = ["critical", "warning", "info"];

/** A number as a message shows it: at most 4 significant digits, no float noise (0.333, 1200). */
export function num(n: number): string {
    return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(4)));
}

/** Collects findings for one file, resolving data paths to positions. */
export class Reporter {
    constructor(
        readonly parsed: ParsedYaml,
        readonly out: Diagnostic[],
    ) {}
    at(path: PathSegment[]): SourceRef {
        const p = this.parsed.position(path);
        return { file: this.parsed.file, line: p.line, col: p.col };
    }
    error(path: PathSegment[], message: string, which: "key" | "value" = "value"): void {
        this.add("error", path, message, which);
    }
    warn(path: PathSegment[], message: string, which: "key" | "value" = "value"): void {
        this.add("warning", path, message, which);
    }
    private add(level: "error" | "warning", path: PathSegment[], message: string, which: "key" | "value"): void {
        const p = this.parsed.position(path, which);
        this.out.push({ level, file: this.parsed.file, line: p.line, col: p.col, field: fieldName(path), message });
    }
}

function retention(r: RetentionFile | undefined, base: RetentionModel | undefined, rep: Reporter, path: PathSegment[]): RetentionModel {
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

function transmit(t: TransmitFile, rep: Reporter, path: PathSegment[], sampleRateHz: number): TransmitModel {
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

function thresholds(
    t: TypeSensorFile["thresholds"],
    mode: TransmitModel["mode"],
    rep: Reporter,
    path: PathSegment[],
    what: string,
): ThresholdsModel | undefined {
    if (!t || (t.warning === undefined && t.critical === undefined)) {
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
    return { warning: t.warning, critical: t.critical, direction };
}

function typeSensor(s: TypeSensorFile, rep: Reporter, path: PathSegment[]) {
    const tm = transmit(s.transmit, rep, [...path, "transmit"], s.sampleRateHz);
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

/** Check and normalize fleet.yaml. */
export function normalizeFleet(file: FleetFile, rep: Reporter, dir: string): FleetModel {
    const spec = file.spec;
    const defaults = {
        provisioning: spec.defaults?.provisioning ?? "fleet-claim",
        retention: retention(spec.defaults?.retention ?? DEFAULT_RETENTION, undefined, rep, ["spec", "defaults", "retention"]),
        nucleusVersion: spec.defaults?.greengrass?.nucleusVersion ?? DEFAULT_NUCLEUS,
    };
    const equipmentTypes: Record<string, EquipmentTypeModel> = {};
    for (const [typeName, t] of Object.entries(spec.equipmentTypes ?? {})) {
        const seen = new Set<string>();
        const sensors = t.sensors.map((s, i) => {
            const path = ["spec", "equipmentTypes", typeName, "sensors", i];
            if (seen.has(s.name)) rep.error([...path, "name"], `duplicate sensor name ${show(s.name)} in equipment type ${show(typeName)}`);
            seen.add(s.name);
            return typeSensor(s, rep, path);
        });
        equipmentTypes[typeName] = { name: typeName, description: t.description, sensors };
    }
    for (const name of Object.keys(spec.regions)) {
        if (!AWS_REGIONS.includes(name)) {
            const guess = didYouMean(name, AWS_REGIONS);
            rep.warn(
                ["spec", "regions", name],
                `${show(name)} is not an AWS region this tool knows${guess ? `; did you mean ${show(guess)}?` : ""} (a new region is fine; a typo fails at deploy)`,
                "key",
            );
        }
    }
    const regions: RegionModel[] = Object.entries(spec.regions)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, r]) => {
            const a = r.analytics ?? {};
            return {
                name,
                analytics: {
                    stream: a.stream ?? { mode: "on-demand" },
                    timeseries: {
                        engine: "influxdb",
                        instanceType: a.timeseries?.instanceType ?? "db.influx.medium",
                        storageGiB: a.timeseries?.storageGiB ?? 100,
                    },
                    grafana: a.grafana ?? true,
                    eks: a.eks ?? false,
                    ecs: a.ecs ?? false,
                    sagemaker: a.sagemaker ?? false,
                    comprehend: a.comprehend ?? false,
                    quicksight: a.quicksight ?? false,
                },
                alerts: { email: r.alerts?.email ?? [] },
                production: r.production ?? false,
                sites: [],
            };
        });
    return { name: file.metadata.name, dir, tags: { ...(spec.tags ?? {}) }, defaults, regions, equipmentTypes, sites: [] };
}

/** What normalizing a site looks at besides its file and the fleet. */
export interface SiteInputs {
    /** How it looks at the fleet directory (the CSRs), so the loader can record what a site's result depends on. */
    fileExists: (rel: string) => boolean;
    readText?: (rel: string) => string | undefined;
    /** Policy names a suppression may name (LoadOptions.knownRules); unchecked when absent. */
    knownRules?: readonly string[];
}

/** Check one schema-valid site file against the fleet and normalize it. */
export function normalizeSite(file: SiteFile, rep: Reporter, fleet: FleetModel, look: SiteInputs): SiteModel {
    const fileExists = look.fileExists;
    const readText = look.readText ?? ((rel: string) => readFleetText(fleet.dir, rel));
    const spec = file.spec;
    const siteName = file.metadata.name;
    const S = (...p: PathSegment[]) => ["spec", ...p];

    const regionNames = fleet.regions.map((r) => r.name);
    if (!regionNames.includes(file.metadata.region)) {
        rep.error(
            ["metadata", "region"],
            `unknown region ${show(file.metadata.region)}; ${knownList(file.metadata.region, regionNames, "regions of fleet.yaml")}`,
        );
    }
    for (const { kind, name } of siteNames(fleet.name, siteName)) {
        const problem = nameProblem(kind, name);
        if (problem) rep.error(["metadata", "name"], `${problem}; shorten the site name (or the fleet name ${show(fleet.name)})`);
    }
    for (const [j, prev] of (file.metadata.previousNames ?? []).entries()) {
        if (prev === siteName) rep.error(["metadata", "previousNames", j], `${show(prev)} is the site's current name; list only earlier names`);
    }

    const unique = <T extends { name: string }>(items: T[] | undefined, list: string, noun: string) => {
        const seen = new Map<string, number>();
        (items ?? []).forEach((item, i) => {
            const first = seen.get(item.name);
            if (first !== undefined) rep.error(S(list, i, "name"), `duplicate ${noun} name ${show(item.name)}; also at ${list}[${first}]`);
            else seen.set(item.name, i);
        });
    };

    // Networks: the site's cloud attachment range and its zones.
    const cloud = parseCidr(spec.cloudNetwork.cidr);
    if ("error" in cloud) rep.error(S("cloudNetwork", "cidr"), cloud.error);
    else if (!isPrivate(cloud.cidr))
        rep.error(
            S("cloudNetwork", "cidr"),
            `${show(spec.cloudNetwork.cidr)} is not a private range; use part of 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10`,
        );
    else if (cloud.cidr.prefix > 28)
        rep.error(
            S("cloudNetwork", "cidr"),
            `${show(spec.cloudNetwork.cidr)} is smaller than /28, the smallest range AWS can attach; use a prefix of /28 or less`,
        );

    unique(spec.segments, "segments", "segment");
    const segCidr = new Map<string, Cidr>();
    const segments: SegmentModel[] = spec.segments.map((s, i) => {
        const c = parseCidr(s.cidr);
        if ("error" in c) rep.error(S("segments", i, "cidr"), c.error);
        else {
            for (const [other, oc] of segCidr) {
                if (overlaps(c.cidr, oc))
                    rep.error(S("segments", i, "cidr"), `${show(s.cidr)} overlaps segment ${show(other)} (${oc.text}); segment ranges must not overlap`);
            }
            if ("cidr" in cloud && overlaps(c.cidr, cloud.cidr)) {
                rep.error(
                    S("segments", i, "cidr"),
                    `${show(s.cidr)} overlaps the site's cloudNetwork ${cloud.cidr.text}; plant and cloud ranges must be distinct to route between them`,
                );
            }
            if (!segCidr.has(s.name)) segCidr.set(s.name, c.cidr);
        }
        return { name: s.name, purdueLevel: s.purdueLevel as PurdueLevel, cidr: s.cidr, description: s.description, at: rep.at(S("segments", i)) };
    });
    // A duplicate segment name is reported above; the first definition is the one used.
    const segLevel = new Map<string, PurdueLevel>();
    for (const s of segments) if (!segLevel.has(s.name)) segLevel.set(s.name, s.purdueLevel);
    const segmentNames = [...segLevel.keys()];
    const segmentList = () => [...segCidr].map(([n, c]) => `${n} ${c.text}`).join(", ");

    const resolveSegment = (path: PathSegment[], value: string): boolean => {
        if (segLevel.has(value)) return true;
        rep.error(path, `unknown segment ${show(value)}; ${knownList(value, segmentNames)}`);
        return false;
    };
    const usedAddresses = new Map<number, string>();
    const checkAddress = (path: PathSegment[], address: string, segment: string, owner: string) => {
        const ip = parseIpv4(address);
        if (ip === undefined) {
            rep.error(path, `${show(address)} is not an IPv4 address; expected four numbers 0-255, e.g. 192.168.10.21`);
            return;
        }
        const c = segCidr.get(segment);
        if (c && !contains(c, ip)) rep.error(path, `${show(address)} is outside segment ${show(segment)} (${c.text}); pick an address in ${c.text}`);
        else if (c && c.prefix < 31 && (ip === c.first || ip === c.last)) {
            rep.error(
                path,
                `${show(address)} is the ${ip === c.first ? "network" : "broadcast"} address of segment ${show(segment)} (${c.text}); pick a host address`,
            );
        }
        const other = usedAddresses.get(ip);
        if (other) rep.error(path, `${show(address)} is already used by ${other}; each device has its own address`);
        else usedAddresses.set(ip, owner);
    };

    // Gateways and PLCs.
    unique(spec.gateways, "gateways", "gateway");
    const mode = spec.provisioning?.mode ?? fleet.defaults.provisioning;
    const currentGateways = new Set(spec.gateways.map((g) => g.name));
    const previousGateways = new Map<string, string>();
    const gateways: GatewayModel[] = spec.gateways.map((g, i) => {
        if (resolveSegment(S("gateways", i, "segment"), g.segment)) checkAddress(S("gateways", i, "address"), g.address, g.segment, `gateway ${show(g.name)}`);
        const thingName = names.thing(fleet.name, siteName, g.name);
        const problem = nameProblem("thing", thingName);
        if (problem) rep.error(S("gateways", i, "name"), `${problem}; shorten the gateway name`);
        for (const [j, prev] of (g.previousNames ?? []).entries()) {
            const other = previousGateways.get(prev);
            if (currentGateways.has(prev))
                rep.error(S("gateways", i, "previousNames", j), `${show(prev)} is the name of a current gateway; a previous name must not be in use`);
            else if (other !== undefined && other !== g.name)
                rep.error(
                    S("gateways", i, "previousNames", j),
                    `${show(prev)} is also a previous name of gateway ${show(other)}; a name can move to one gateway only`,
                );
            else previousGateways.set(prev, g.name);
        }
        if (mode === "csr") {
            const rel = `certs/${siteName}/${g.name}.csr.pem`;
            if (!fileExists(rel)) {
                // A renamed gateway's CSR names its old thing (the CN), so it cannot be reused: a rename is a rotation.
                const old = (g.previousNames ?? []).find((p) => fileExists(`certs/${siteName}/${p}.csr.pem`));
                const hint =
                    old !== undefined
                        ? ` (the CSR at certs/${siteName}/${old}.csr.pem is for the gateway's previous name ${show(old)} and names its old thing; a renamed gateway needs a new key and CSR)`
                        : "";
                rep.error(
                    S("gateways", i, "name"),
                    `no certificate signing request at ${rel}${hint}; the site uses provisioning mode csr: run \`fleet certs csr ${siteName} ${g.name}\` on the gateway (or here) to make the key and CSR`,
                );
            } else {
                const text = readText(rel);
                const problem = text === undefined ? undefined : csrProblem(text, thingName);
                if (problem)
                    rep.error(
                        S("gateways", i, "name"),
                        `${rel} is not a usable certificate signing request: ${problem}; make a new one with \`fleet certs csr ${siteName} ${g.name}\``,
                    );
            }
        }
        return {
            name: g.name,
            thingName,
            segment: g.segment,
            address: g.address,
            serial: g.serial,
            hardware: { model: g.hardware?.model, arch: g.hardware?.arch ?? "x86_64" },
            edgeInference: g.edgeInference ? { model: g.edgeInference.model } : undefined,
            previousNames: [...new Set(g.previousNames ?? [])].sort(cmp),
            at: rep.at(S("gateways", i)),
        };
    });
    const serials = new Map<string, string>();
    spec.gateways.forEach((g, i) => {
        const other = serials.get(g.serial);
        if (other) rep.error(S("gateways", i, "serial"), `serial ${show(g.serial)} is already the serial of gateway ${show(other)}; each device has its own`);
        else serials.set(g.serial, g.name);
    });
    const gatewayNames = gateways.map((g) => g.name);
    const gatewayByName = new Map(gateways.map((g) => [g.name, g]));

    unique(spec.plcs, "plcs", "PLC");
    const plcs: PlcModel[] = (spec.plcs ?? []).map((p, i) => {
        if (resolveSegment(S("plcs", i, "segment"), p.segment)) checkAddress(S("plcs", i, "address"), p.address, p.segment, `PLC ${show(p.name)}`);
        return { name: p.name, segment: p.segment, address: p.address, vendor: p.vendor, model: p.model, protocol: p.protocol, at: rep.at(S("plcs", i)) };
    });
    const plcByName = new Map(plcs.map((p) => [p.name, p]));
    const plcNames = plcs.map((p) => p.name);

    // Conduits.
    unique(spec.conduits, "conduits", "conduit");
    const suppressed = (policy: string, target: string) =>
        (spec.suppressions ?? []).some((s) => s.policy === policy && s.target === target && s.reason.trim().length >= 10);
    const zoneNames = [...segmentNames, CLOUD];
    const conduits: ConduitModel[] = [];
    (spec.conduits ?? []).forEach((c, i) => {
        let ok = true;
        for (const end of ["from", "to"] as const) {
            const value = c[end];
            if (value !== CLOUD && !segLevel.has(value)) {
                rep.error(S("conduits", i, end), `unknown zone ${show(value)}; ${knownList(value, zoneNames, "known")} (segments, or \`cloud\`)`);
                ok = false;
            }
        }
        if (c.from === CLOUD) {
            rep.error(S("conduits", i, "from"), `a conduit cannot be opened from \`cloud\`; the plant side opens every connection to AWS (swap from and to)`);
            ok = false;
        } else if (c.from === c.to) {
            rep.error(
                S("conduits", i, "to"),
                `conduit ${show(c.name)} goes from ${show(c.from)} to itself; a conduit joins two different zones (traffic inside a zone needs none)`,
            );
            ok = false;
        }
        if (c.ports) {
            const seenPorts = new Set<number>();
            for (const [j, port] of c.ports.entries()) {
                if (seenPorts.has(port)) rep.warn(S("conduits", i, "ports", j), `port ${port} is listed twice`);
                seenPorts.add(port);
            }
        }
        if (!ok) return;
        const fromLevel = segLevel.get(c.from)!;
        const toLevel: PurdueLevel = c.to === CLOUD ? 5 : segLevel.get(c.to)!;
        if (fromLevel <= 2 && toLevel >= 4 && !suppressed("ot-no-control-to-cloud", `conduit/${c.name}`)) {
            rep.error(
                S("conduits", i, "to"),
                `conduit ${show(c.name)} goes from Purdue level ${fromLevel} (${c.from}) straight to ${c.to === CLOUD ? "`cloud`" : `level ${toLevel} (${c.to})`}; route it through the industrial DMZ (level 3.5), or add a suppression of ot-no-control-to-cloud for conduit/${c.name} with a reason`,
            );
        }
        const transport = transportOf(c.protocol);
        const ports = c.ports ? [...new Set(c.ports)].sort((a, b) => a - b).map((port) => ({ port, transport })) : DEFAULT_PORTS[c.protocol];
        conduits.push({
            name: c.name,
            from: c.from,
            to: c.to,
            protocol: c.protocol,
            ports,
            justification: c.justification,
            fromLevel,
            toLevel,
            at: rep.at(S("conduits", i)),
        });
    });
    /** Whether traffic from one segment may reach another over a protocol. */
    const flows = new Set(conduits.map((c) => `${c.from}\u0000${c.to}\u0000${c.protocol}`));
    const reachable = (from: string, to: string, protocol: string) => from === to || flows.has(`${from}\u0000${to}\u0000${protocol}`);
    for (const [i, g] of gateways.entries()) {
        if (segLevel.has(g.segment) && !conduits.some((c) => c.from === g.segment && c.to === CLOUD && (c.protocol === "mqtts" || c.protocol === "https"))) {
            rep.warn(
                S("gateways", i, "segment"),
                `gateway ${show(g.name)} (segment ${g.segment}) has no conduit to cloud (protocol mqtts or https), so it cannot reach AWS IoT Core; add a conduit from ${g.segment} to cloud with protocol mqtts`,
            );
        }
    }
    const segmentOf = (ip: number): string | undefined => {
        for (const [name, c] of segCidr) if (contains(c, ip)) return name;
        return undefined;
    };
    /**
     * Why a gateway cannot read a sensor's own address, or undefined when it can: the address
     * must lie in a segment of the site, reached over a conduit (or the gateway's own segment).
     */
    const unreachable = (gw: GatewayModel, address: string, protocol: string): string | undefined => {
        const ip = parseIpv4(address);
        if (ip === undefined) return `${show(address)} is not an IPv4 address; expected four numbers 0-255, e.g. 192.168.10.40`;
        const seg = segmentOf(ip);
        if (seg === undefined) {
            return `${address} is in no segment of this site, so gateway ${show(gw.name)} cannot reach it (every flow needs a conduit); segments: ${segmentList()}`;
        }
        if (!reachable(gw.segment, seg, protocol)) {
            return `gateway ${show(gw.name)} (segment ${gw.segment}) cannot reach ${address} (segment ${seg}) over ${protocol}: add a conduit from ${gw.segment} to ${seg} with protocol ${protocol}`;
        }
        return undefined;
    };

    // Equipment and sensors.
    unique(spec.equipment, "equipment", "equipment");
    const sensors: SensorModel[] = [];
    /** Sensor name to where it was defined, in words, and whether it is a one-off sensor. */
    const sensorIndex = new Map<string, { sensor: string; equipment?: string; oneOff?: number }>();
    const originOf = (o: { sensor: string; equipment?: string; oneOff?: number }) =>
        o.equipment !== undefined ? `sensor ${show(o.sensor)} of equipment ${show(o.equipment)}` : `sensors[${o.oneOff}]`;
    const typeNames = Object.keys(fleet.equipmentTypes);
    const equipmentSeen = new Set<string>();
    const equipment: EquipmentModel[] = (spec.equipment ?? []).map((e, i) => {
        // A duplicate equipment is reported by unique(); its sensors would only repeat that.
        const duplicate = equipmentSeen.has(e.name);
        equipmentSeen.add(e.name);
        const at = rep.at(S("equipment", i));
        const type = fleet.equipmentTypes[e.type];
        if (!type)
            rep.error(
                S("equipment", i, "type"),
                `unknown equipment type ${show(e.type)}; ${knownList(e.type, typeNames, "types in fleet.yaml", "fleet.yaml defines no equipmentTypes")}`,
            );
        const plc = e.plc === undefined ? undefined : plcByName.get(e.plc);
        if (e.plc !== undefined && !plc)
            rep.error(S("equipment", i, "plc"), `unknown PLC ${show(e.plc)}; ${knownList(e.plc, plcNames, "known", "the site has no plcs")}`);
        const gw = gatewayByName.get(e.gateway);
        if (!gw) rep.error(S("equipment", i, "gateway"), `unknown gateway ${show(e.gateway)}; ${knownList(e.gateway, gatewayNames)}`);
        const expanded: string[] = [];
        const expandedSet = new Set<string>();
        const reported = new Set<string>();
        const once = (key: string, report: () => void) => {
            if (reported.has(key)) return;
            reported.add(key);
            report();
        };
        for (const ts of type?.sensors ?? []) {
            const name = `${e.name}-${ts.name}`;
            if (expandedSet.has(name)) continue; // a duplicate sensor of the type, reported in fleet.yaml
            expandedSet.add(name);
            expanded.push(name);
            const source = resolveSource(ts.source, e.name, plc);
            const viaPlc = ts.source.address === undefined && ts.source.endpoint === undefined;
            if (viaPlc && e.plc === undefined) {
                once("no-plc", () =>
                    rep.error(
                        S("equipment", i, "plc"),
                        `equipment ${show(e.name)} has no plc, but sensors of type ${show(e.type)} read from the equipment's PLC; add plc: <name> (${plcNames.length ? `known: ${plcNames.join(", ")}` : "the site has no plcs"}) or give the type's sources an address`,
                    ),
                );
            } else if (viaPlc && plc && ts.source.protocol !== undefined && ts.source.protocol !== plc.protocol) {
                once("protocol", () =>
                    rep.error(
                        S("equipment", i, "plc"),
                        `PLC ${show(plc.name)} speaks ${plc.protocol}, but sensor ${show(ts.name)} of type ${show(e.type)} reads it over ${ts.source.protocol}; pick a PLC that speaks ${ts.source.protocol} or change the type's source protocol`,
                    ),
                );
            } else if (viaPlc && plc && gw && segLevel.has(gw.segment) && segLevel.has(plc.segment)) {
                const protocol = source.protocol ?? plc.protocol;
                if (!reachable(gw.segment, plc.segment, protocol)) {
                    once(`reach ${protocol}`, () =>
                        rep.error(
                            S("equipment", i, "plc"),
                            `gateway ${show(gw.name)} (segment ${gw.segment}) cannot reach PLC ${show(plc.name)} (segment ${plc.segment}) over ${protocol}: add a conduit from ${gw.segment} to ${plc.segment} with protocol ${protocol}`,
                        ),
                    );
                }
            } else if (!viaPlc && gw && segLevel.has(gw.segment) && source.address !== undefined && source.protocol !== undefined) {
                const why = unreachable(gw, source.address, source.protocol);
                if (why)
                    once(`reach ${source.address} ${source.protocol}`, () =>
                        rep.error(S("equipment", i, "gateway"), `sensor ${show(ts.name)} of type ${show(e.type)}: ${why}`),
                    );
            }
            const prior = sensorIndex.get(name);
            if (duplicate) {
                // reported as a duplicate equipment name
            } else if (prior)
                rep.error(
                    S("equipment", i, "name"),
                    `sensor name ${show(name)} (sensor ${show(ts.name)} of equipment ${show(e.name)}) clashes with ${originOf(prior)}; rename one of them`,
                );
            else sensorIndex.set(name, { sensor: ts.name, equipment: e.name });
            sensors.push({
                name,
                equipment: e.name,
                kind: ts.kind,
                unit: ts.unit,
                gateway: e.gateway,
                sampleRateHz: ts.sampleRateHz,
                transmit: ts.transmit,
                thresholds: ts.thresholds,
                source: source as SensorSourceModel,
                at,
            });
        }
        // Sorted like every list of the model: reordering a type's sensors in fleet.yaml changes nothing.
        return { name: e.name, type: e.type, criticality: e.criticality ?? "B", plc: e.plc, gateway: e.gateway, sensors: [...expanded].sort(cmp), at };
    });
    (spec.sensors ?? []).forEach((s, i) => {
        const path = S("sensors", i);
        const gw = gatewayByName.get(s.gateway);
        if (!gw) rep.error([...path, "gateway"], `unknown gateway ${show(s.gateway)}; ${knownList(s.gateway, gatewayNames)}`);
        const base = typeSensor(s, rep, path);
        const source = resolveSource(s.source, undefined, undefined);
        if (!source.address && !source.endpoint) {
            rep.error([...path, "source"], `sensor ${show(s.name)} belongs to no equipment, so its source needs its own address or endpoint`);
        } else if (!source.protocol) {
            rep.error(
                [...path, "source"],
                `sensor ${show(s.name)} belongs to no equipment, so its source needs a protocol; accepted: ${SENSOR_PROTOCOLS.join(", ")}`,
            );
        } else if (source.address && gw && segLevel.has(gw.segment)) {
            const why = unreachable(gw, source.address, source.protocol);
            if (why) rep.error([...path, "source", "address"], why);
        }
        const prior = sensorIndex.get(s.name);
        if (prior?.oneOff !== undefined) rep.error([...path, "name"], `duplicate sensor name ${show(s.name)}; also at sensors[${prior.oneOff}]`);
        else if (prior)
            rep.error(
                [...path, "name"],
                `sensor name ${show(s.name)} clashes with ${originOf(prior)} (expanded sensors are named <equipment>-<sensor>); rename one of them`,
            );
        else sensorIndex.set(s.name, { sensor: s.name, oneOff: i });
        sensors.push({ ...base, name: s.name, gateway: s.gateway, source: source as SensorModel["source"], at: rep.at(path) });
    });
    sensors.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

    // The plant's VPN peer.
    const vpn = spec.connectivity.vpn;
    if (vpn && spec.connectivity.uplink !== "vpn") {
        rep.warn(S("connectivity", "vpn"), `vpn settings are used only with uplink: vpn; this site's uplink is ${spec.connectivity.uplink}`);
    } else if (vpn) {
        const range = ipaddr.IPv4.isValidFourPartDecimal(vpn.peerIp) ? ipaddr.IPv4.parse(vpn.peerIp).range() : "invalid";
        if (range === "invalid") rep.error(S("connectivity", "vpn", "peerIp"), `${show(vpn.peerIp)} is not an IPv4 address`);
        else if (range !== "unicast" && !isDocumentation(vpn.peerIp)) {
            rep.error(S("connectivity", "vpn", "peerIp"), `${show(vpn.peerIp)} is a ${range} address; the VPN peer is the plant router's public IPv4 address`);
        }
        if (vpn.bgpAsn === TRANSIT_GATEWAY_ASN || vpn.bgpAsn === DX_GATEWAY_ASN) {
            rep.error(
                S("connectivity", "vpn", "bgpAsn"),
                `${vpn.bgpAsn} is the AWS side's ASN; use another private ASN (64512-65534 or 4200000000-4294967294) for the plant router`,
            );
        }
    }

    // Uplink budget.
    const plannedBytesPerSecond = sensors.reduce((sum, s) => sum + sensorBytesPerSecond(s.sampleRateHz, s.transmit), 0);
    const planned = kbps(plannedBytesPerSecond);
    const bw = spec.connectivity.bandwidthKbps;
    if (planned > bw) {
        rep.error(
            S("connectivity", "bandwidthKbps"),
            `planned telemetry needs ${planned.toFixed(1)} kbps but the uplink has ${bw} kbps; raise bandwidthKbps or send less (aggregate, deadband or alarm-only transmit modes)`,
        );
    } else if (planned > bw * BANDWIDTH_WARN_SHARE) {
        rep.warn(
            S("connectivity", "bandwidthKbps"),
            `planned telemetry needs ${planned.toFixed(1)} kbps, over ${BANDWIDTH_WARN_SHARE * 100}% of the ${bw} kbps uplink; little room is left for catching up after an outage`,
        );
    }

    // Suppressions.
    const entities: Record<(typeof TARGET_KINDS)[number], string[]> = {
        site: [siteName],
        segment: segmentNames,
        conduit: [...new Set((spec.conduits ?? []).map((c) => c.name))],
        gateway: gatewayNames,
        plc: plcNames,
        equipment: equipment.map((e) => e.name),
        sensor: sensors.map((s) => s.name),
    };
    const suppressions: SuppressionModel[] = [];
    const seenSuppressions = new Map<string, number>();
    (spec.suppressions ?? []).forEach((s, i) => {
        const path = S("suppressions", i);
        let ok = true;
        if (look.knownRules && !look.knownRules.includes(s.policy)) {
            rep.error([...path, "policy"], `unknown policy ${show(s.policy)}; ${knownList(s.policy, [...look.knownRules], "rules", undefined, 100)}`);
            ok = false;
        }
        const slash = s.target.indexOf("/");
        const kind = s.target.slice(0, slash) as (typeof TARGET_KINDS)[number];
        const target = s.target.slice(slash + 1);
        if (!(TARGET_KINDS as readonly string[]).includes(kind)) {
            const guess = didYouMean(kind, TARGET_KINDS);
            rep.error(
                [...path, "target"],
                `unknown target kind ${show(kind)} in ${show(s.target)}; ${guess ? `did you mean ${show(`${guess}/${target}`)}? ` : ""}accepted: ${TARGET_KINDS.map((k) => `${k}/<name>`).join(", ")}`,
            );
            ok = false;
        } else if (!entities[kind].includes(target)) {
            rep.error(
                [...path, "target"],
                `${show(s.target)} names no ${kind} of this site; ${knownList(target, entities[kind], `${kind}s`, `the site has no ${kind}s`)}`,
            );
            ok = false;
        }
        if (s.reason.trim().length < 10) {
            rep.error([...path, "reason"], `a suppression needs a reason of at least 10 characters saying why the exception is acceptable`);
            ok = false;
        }
        const key = `${s.policy} ${s.target}`;
        const first = seenSuppressions.get(key);
        if (first !== undefined) rep.warn(path, `suppresses ${s.policy} for ${s.target} a second time (also at suppressions[${first}]); remove one`);
        else seenSuppressions.set(key, i);
        if (ok && first === undefined) suppressions.push({ policy: s.policy, target: s.target, reason: s.reason.trim(), at: rep.at(path) });
    });

    return {
        name: siteName,
        region: file.metadata.region,
        file: rep.parsed.file,
        labels: { ...(file.metadata.labels ?? {}) },
        previousNames: [...new Set(file.metadata.previousNames ?? [])].sort(cmp),
        location: { ...(spec.location ?? {}) },
        connectivity: {
            uplink: spec.connectivity.uplink,
            bandwidthKbps: spec.connectivity.bandwidthKbps,
            offlineBufferMiB: spec.connectivity.offlineBufferMiB ?? DEFAULT_OFFLINE_BUFFER_MIB,
            ...(spec.connectivity.vpn ? { vpn: { ...spec.connectivity.vpn } } : {}),
        },
        cloudNetwork: { cidr: spec.cloudNetwork.cidr },
        provisioning: { mode },
        // Lists are sorted by their stable keys (names), never left in file order.
        segments: byName(segments),
        conduits: byName(conduits),
        gateways: byName(gateways),
        plcs: byName(plcs),
        equipment: byName(equipment),
        sensors,
        alerts: {
            subscribers: (spec.alerts?.subscribers ?? [])
                .map((s) => ({
                    email: s.email,
                    severities: (s.severities ? [...s.severities] : ["critical", "warning", "info"]).sort(
                        (a, b) => SEVERITY_ORDER.indexOf(a) - SEVERITY_ORDER.indexOf(b),
                    ) as Severity[],
                }))
                .sort((a, b) => cmp(a.email, b.email) || cmp(a.severities.join(), b.severities.join())),
        },
        retention: retention(spec.retention, fleet.defaults.retention, rep, S("retention")),
        suppressions: suppressions.sort((a, b) => cmp(a.policy, b.policy) || cmp(a.target, b.target)),
        plannedBytesPerSecond,
    };
}

/** A source with `{equipment}` filled in and, without its own address, the PLC's. */
function resolveSource(
    source: Partial<SourceFile> | Partial<SensorSourceModel>,
    equipment: string | undefined,
    plc: PlcModel | undefined,
): Partial<SensorModel["source"]> {
    const fill = (v: string) => (equipment !== undefined && v.includes("{equipment}") ? v.split("{equipment}").join(equipment) : v);
    const own = source.address !== undefined || source.endpoint !== undefined;
    // Only the keys that have a value (built up, not deleted afterwards: this runs per sensor).
    const out: Partial<SensorModel["source"]> = {};
    const protocol = (source.protocol as string | undefined) ?? (own ? undefined : plc?.protocol);
    if (protocol !== undefined) out.protocol = protocol;
    const address = source.address ?? (own ? undefined : plc?.address);
    if (address !== undefined) out.address = address;
    if (source.endpoint !== undefined) out.endpoint = fill(source.endpoint);
    if (source.nodeId !== undefined) out.nodeId = fill(source.nodeId);
    if (source.register !== undefined) out.register = source.register;
    if (source.unitId !== undefined) out.unitId = source.unitId;
    if (source.tag !== undefined) out.tag = fill(source.tag);
    if (source.topic !== undefined) out.topic = fill(source.topic);
    if (source.objectId !== undefined) out.objectId = fill(source.objectId);
    if (!own && plc) out.plc = plc.name;
    return out;
}

/**
 * Fleet-wide checks once every site is normalized: unique site names, previous names, cloud
 * ranges that do not overlap, and serials that belong to one site. Linear or n·log n in the
 * number of sites: ranges are compared after sorting by start address, not pairwise.
 */
export function checkFleetWide(fleet: FleetModel, sites: { site: SiteModel; rep: Reporter }[], fleetRep: Reporter): void {
    void fleetRep;
    // Site names, in file order: the later file is the one reported.
    const byName = new Map<string, string>();
    for (const { site, rep } of sites) {
        const other = byName.get(site.name);
        if (other) rep.error(["metadata", "name"], `site name ${show(site.name)} is already used by ${other}; site names are unique in the fleet`);
        else byName.set(site.name, site.file);
    }
    // Previous names: not a current site, and claimed by one site only.
    const previous = new Map<string, string>();
    for (const { site, rep } of sites) {
        const written = (rep.parsed.data as SiteFile | undefined)?.metadata?.previousNames ?? [];
        site.previousNames.forEach((p) => {
            const j = written.indexOf(p);
            const current = byName.get(p);
            const other = previous.get(p);
            if (current !== undefined && p !== site.name) {
                rep.error(
                    ["metadata", "previousNames", j],
                    `previous name ${show(p)} is the name of a current site (${current}); a previous name must not be in use`,
                );
            } else if (other !== undefined && other !== site.name) {
                rep.error(
                    ["metadata", "previousNames", j],
                    `previous name ${show(p)} is also a previous name of site ${show(other)}; a name can move to one site only`,
                );
            } else previous.set(p, site.name);
        });
    }
    // Cloud ranges: sort by start, sweep keeping the range that reaches furthest.
    const ranges: { site: SiteModel; rep: Reporter; cidr: Cidr; order: number }[] = [];
    sites.forEach(({ site, rep }, order) => {
        const c = parseCidr(site.cloudNetwork.cidr);
        if ("cidr" in c) ranges.push({ site, rep, cidr: c.cidr, order });
    });
    ranges.sort((a, b) => a.cidr.first - b.cidr.first || a.order - b.order);
    let reach: (typeof ranges)[number] | undefined;
    for (const r of ranges) {
        if (reach && r.cidr.first <= reach.cidr.last) {
            r.rep.error(
                ["spec", "cloudNetwork", "cidr"],
                `${show(r.site.cloudNetwork.cidr)} overlaps the cloudNetwork of site ${show(reach.site.name)} (${reach.cidr.text}); sites share one routed network per region, so ranges must not overlap anywhere in the fleet`,
            );
        }
        if (!reach || r.cidr.last > reach.cidr.last) reach = r;
    }
    // Serials: a device belongs to one site (duplicates inside a site are reported there).
    const serials = new Map<string, { site: string; gateway: string }>();
    for (const { site, rep } of sites) {
        // The model's gateways are sorted by name; findings point at the file's list.
        const written = ((rep.parsed.data as SiteFile | undefined)?.spec?.gateways ?? []).map((g) => g.name);
        site.gateways.forEach((g) => {
            const i = written.indexOf(g.name);
            const o = serials.get(g.serial);
            if (o && o.site !== site.name)
                rep.error(
                    ["spec", "gateways", i, "serial"],
                    `serial ${show(g.serial)} is also listed for gateway ${show(o.gateway)} of site ${show(o.site)}; a device can belong to one site only`,
                );
            else if (!o) serials.set(g.serial, { site: site.name, gateway: g.name });
        });
    }
    const regionSites = new Map<string, string[]>(fleet.regions.map((r) => [r.name, []]));
    for (const { site } of sites) regionSites.get(site.region)?.push(site.name);
    for (const region of fleet.regions) region.sites = [...new Set(regionSites.get(region.name))].sort(cmp);
}

/** The text of a file of the fleet directory (a CSR), or undefined when it cannot be read. */
export function readFleetText(dir: string, rel: string): string | undefined {
    try {
        return fs.readFileSync(path.join(dir, rel), "utf8");
    } catch {
        return undefined;
    }
}
