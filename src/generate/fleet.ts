/**
 * Synthetic fleets of any size, realistic in shape, for benchmarks and scale tests: the fleet
 * file (fleet-file.ts) with the example fleet's equipment types, and one site file per plant with 3-5 network
 * zones (always a level 3.5 industrial DMZ), the conduits that wire gateways to PLCs and the DMZ
 * to the cloud, gateways and PLCs with addresses inside their zones, machines spread over the
 * gateways, a few one-off sensors, and every provisioning mode in rotation.
 *
 * Pure: options in, file contents out. A site's content depends only on the seed, its index,
 * the per-site counts and the number of regions, never on how many sites the fleet has, so
 * site 17 of a 1,000-site fleet is the same file as site 17 of a 20-site fleet.
 */
import { kbps, sensorBytesPerSecond } from "../model/bandwidth";
import { ipText } from "../model/cidr";
import { parseDuration } from "../model/durations";
import { DEFAULT_PORTS } from "../model/protocols";
import type { Protocol } from "../model/schema";
import type { TransmitModel } from "../model/types";
import { names } from "../naming";
import { dmzRange, host, layOut, type Zone } from "./address-plan";
import { PROVISIONING_MODES, regionsOf, type GenerateOptions, type GeneratedSite } from "./options";
import { mixSeed, random } from "./random";
import { PROFILES, TYPE_SENSORS, TYPE_WIRING, type IndustryProfile, type TemplateSensor, type TemplateTransmit } from "./templates";
import { blockList, flow, flowList, type Value } from "./yaml-text";

const pad = (n: number, width: number) => String(n).padStart(width, "0");
const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-");

/** The name of site `index` (0-based): `<city>-<5-digit number>`. */
export function siteName(o: GenerateOptions, index: number): string {
    const region = regionsOf(o)[index % (o.regions ?? 2)];
    const location = region.locations[Math.floor(index / (o.regions ?? 2)) % region.locations.length];
    return `${slug(location.city)}-${pad(index + 1, 5)}`;
}

function transmitModel(t: TemplateTransmit): TransmitModel {
    return t.mode === "aggregate" ? { mode: "aggregate", windowSeconds: parseDuration(t.window) ?? 60 } : (t as TransmitModel);
}

function bytesPerSecond(sensors: TemplateSensor[]): number {
    return sensors.reduce((sum, s) => sum + sensorBytesPerSecond(s.sampleRateHz, transmitModel(s.transmit)), 0);
}

/** Machines of each type in a plant of `total` machines, by the profile's weights. */
function machineCounts(profile: IndustryProfile, total: number): [string, number][] {
    const weight = profile.mix.reduce((s, [, w]) => s + w, 0);
    const exact = profile.mix.map(([type, w]) => ({ type, n: (total * w) / weight }));
    const counts = exact.map((e) => ({ type: e.type, n: Math.floor(e.n), rest: e.n - Math.floor(e.n) }));
    let left = total - counts.reduce((s, c) => s + c.n, 0);
    for (const c of [...counts].sort((a, b) => b.rest - a.rest)) {
        if (left-- <= 0) break;
        c.n++;
    }
    return counts.filter((c) => c.n > 0).map((c) => [c.type, c.n]);
}

const ONE_OFF_KINDS: { kind: string; unit: string; sampleRateHz: number; transmit: TemplateTransmit; thresholds?: { warning: number; critical: number } }[] = [
    { kind: "humidity", unit: "%RH", sampleRateHz: 0.1, transmit: { mode: "on-change" }, thresholds: { warning: 65, critical: 75 } },
    { kind: "temperature", unit: "°C", sampleRateHz: 0.1, transmit: { mode: "deadband", threshold: 0.5 }, thresholds: { warning: 30, critical: 35 } },
    { kind: "power", unit: "kW", sampleRateHz: 1, transmit: { mode: "aggregate", window: "60s" } },
    { kind: "flow", unit: "m3/h", sampleRateHz: 0.5, transmit: { mode: "deadband", threshold: 0.5 } },
    { kind: "pressure", unit: "bar", sampleRateHz: 1, transmit: { mode: "alarm-only" }, thresholds: { warning: 8.0, critical: 8.8 } },
];

const UPLINKS = [
    { uplink: "vpn", floorKbps: 20000, bufferMiB: 4096 },
    { uplink: "direct-connect", floorKbps: 100000, bufferMiB: 16384 },
    { uplink: "internet", floorKbps: 30000, bufferMiB: 8192 },
] as const;

/** The protocol's first well-known port (src/model/protocols.ts), the one a generated conduit opens. */
const mainPort = (protocol: string): number => DEFAULT_PORTS[protocol as Protocol][0].port;
const PROTOCOL_TEXT: Record<string, string> = { opcua: "OPC UA", s7: "S7", "modbus-tcp": "Modbus/TCP", "ethernet-ip": "EtherNet/IP" };

type Machine = { name: string; type: string; criticality: string };
type Plc = { name: string; zone: "line" | "utilities"; protocol: string; vendor: string; model: string };

/** PLCs: line controllers shared by up to perPlc consecutive machines, or one per machine; and each machine's PLC. */
function plcsFor(machines: Machine[], hasUtilities: boolean): { plcs: Plc[]; plcOf: string[] } {
    const plcs: Plc[] = [];
    const plcOf: string[] = [];
    let run = 0;
    machines.forEach((m, j) => {
        const w = TYPE_WIRING[m.type];
        const zone = w.zone === "utilities" && hasUtilities ? "utilities" : "line";
        if (w.plc === "own") {
            plcs.push({ name: `plc-${m.name}`, zone, protocol: w.protocol, vendor: w.vendor, model: w.model });
        } else {
            run = j > 0 && machines[j - 1].type === m.type ? run + 1 : 0;
            if (run % w.perPlc === 0) {
                plcs.push({
                    name: `plc-${w.short}-line-${pad(Math.floor(run / w.perPlc) + 1, 2)}`,
                    zone,
                    protocol: w.protocol,
                    vendor: w.vendor,
                    model: w.model,
                });
            }
        }
        plcOf.push(plcs[plcs.length - 1].name);
    });
    return { plcs, plcOf };
}

/**
 * Conduits: gateways read each (zone, protocol) they need; SCADA supervises the same; the
 * operations zone reads SCADA and administers the gateways; the DMZ talks to the cloud.
 */
function conduitsFor(
    reads: Map<string, { zone: Zone; protocol: string }>,
    dmz: Zone,
    supervisory: Zone,
    operations: Zone | undefined,
): Record<string, Value>[] {
    // every gateway conduit first, then every SCADA one (the order the site file lists them in)
    const read = (prefix: string, from: Zone, verb: string): Record<string, Value>[] =>
        [...reads.values()].map(({ zone: z, protocol }) => ({
            name: `${prefix}-${z.name}-${protocol}`,
            from: from.name,
            to: z.name,
            protocol,
            ports: [mainPort(protocol)],
            justification: `${verb} ${z.name} over ${PROTOCOL_TEXT[protocol]}`,
        }));
    const conduits = [...read("gw", dmz, "Gateways poll"), ...read("scada", supervisory, "SCADA supervises")];
    if (operations) {
        conduits.push({
            name: "mes-reads-scada",
            from: operations.name,
            to: supervisory.name,
            protocol: "opcua",
            ports: [4840],
            justification: "MES and historian collect production counters from SCADA",
        });
        conduits.push({
            name: "eng-ssh-gateways",
            from: operations.name,
            to: dmz.name,
            protocol: "ssh",
            ports: [22],
            justification: "OT engineers administer the gateways from the jump host",
        });
    }
    conduits.push({
        name: "gw-cloud-mqtts",
        from: dmz.name,
        to: "cloud",
        protocol: "mqtts",
        ports: [8883],
        justification: "Greengrass publishes telemetry to AWS IoT Core",
    });
    conduits.push({
        name: "gw-cloud-https",
        from: dmz.name,
        to: "cloud",
        protocol: "https",
        ports: [443],
        justification: "Greengrass deployments, artifacts and the credentials provider",
    });
    return conduits;
}

/** Site `index` (0-based) of the fleet the options describe. */
export function generateSite(o: GenerateOptions, index: number): GeneratedSite {
    const fleet = o.fleetName ?? "acme";
    const seed = o.seed ?? 1;
    const rng = random(mixSeed(seed, index));
    const regions = regionsOf(o);
    const region = regions[index % regions.length];
    const location = region.locations[Math.floor(index / regions.length) % region.locations.length];
    const name = siteName(o, index);
    const mode = o.provisioning ?? PROVISIONING_MODES[index % PROVISIONING_MODES.length];
    const profile = rng.pick(PROFILES);
    const uplink = rng.pick(UPLINKS);
    const oneOffCount = o.oneOffSensors ?? rng.int(2, 4);

    // Machines, grouped by type in the order of the profile; names from a per-type counter.
    const machines: { name: string; type: string; criticality: string }[] = [];
    for (const [type, n] of machineCounts(profile, o.equipment)) {
        const width = Math.max(2, String(n).length);
        for (let k = 1; k <= n; k++)
            machines.push({ name: `${TYPE_WIRING[type].short}-${pad(k, width)}`, type, criticality: rng.pick(["A", "A", "B", "B", "B", "C"]) });
    }

    // PLCs (plcsFor): line controllers shared by consecutive machines, or one per machine.
    const hasUtilities = rng.chance(0.6);
    const hasOperations = rng.chance(0.5);
    const { plcs, plcOf } = plcsFor(machines, hasUtilities);

    // One-off sensors read through IO-Link masters (Modbus/TCP), eight sensors a master.
    const masters = Math.ceil(oneOffCount / 8);
    const masterZone: "line" | "utilities" = hasUtilities ? "utilities" : "line";

    // Zones: the cell, maybe utilities, supervisory, maybe operations, the DMZ.
    const lineHosts = plcs.filter((p) => p.zone === "line").length + (masterZone === "line" ? masters : 0);
    const utilHosts = plcs.filter((p) => p.zone === "utilities").length + (masterZone === "utilities" ? masters : 0);
    const zone = (n: string, level: Zone["level"], hosts: number, description: string): Zone => ({
        name: n,
        level,
        hosts,
        base: 0,
        size: 0,
        next: 0,
        description,
    });
    const line = zone(profile.area, 1, lineHosts, "production-cell PLCs and line controllers");
    const utilities = hasUtilities ? zone("utilities", 1, utilHosts, "compressor and HVAC controllers, IO-Link masters") : undefined;
    const supervisory = zone("supervisory", 2, 4, "SCADA and HMI servers");
    const operations = hasOperations ? zone("operations", 3, 8, "MES, historian, engineering workstations") : undefined;
    const dmz = zone("edge-dmz", 3.5, o.gateways, "industrial DMZ: Greengrass gateways");
    const plant = [line, utilities, supervisory, operations].filter((z): z is Zone => z !== undefined);
    layOut(plant, [10, ...(utilities ? [12] : []), 20, ...(operations ? [30] : [])], rng);
    Object.assign(dmz, dmzRange(index, o.gateways));
    const zones = [...plant, dmz];
    const zoneOf = (z: "line" | "utilities") => (z === "utilities" && utilities ? utilities : line);

    // Gateways in the DMZ; machines spread over them in contiguous blocks (a gateway per cell).
    const gwWidth = Math.max(2, String(o.gateways).length);
    const archs = ["x86_64", "x86_64", "aarch64"] as const;
    const hardware = { x86_64: "SIMATIC IPC227E", aarch64: "SIMATIC IOT2050 Advanced" } as const;
    const inference = rng.chance(0.3);
    const gateways = Array.from({ length: o.gateways }, (_, g) => {
        const arch = archs[(g + index) % archs.length];
        return {
            name: `gw-${pad(g + 1, gwWidth)}`,
            segment: dmz.name,
            address: host(dmz),
            serial: `SN-${pad(seed % 100000, 5)}-${pad(index + 1, 5)}-${pad(g + 1, 4)}`,
            hardware: { model: hardware[arch], arch },
            edgeInference: inference && g === 0 ? { model: "vibration-anomaly" } : undefined,
        };
    });
    const plcRows = plcs.map((p) => {
        const z = zoneOf(p.zone);
        return { name: p.name, segment: z.name, address: host(z), vendor: p.vendor, model: p.model, protocol: p.protocol };
    });
    const masterAddresses = Array.from({ length: masters }, () => host(zoneOf(masterZone)));
    const equipment = machines.map((m, j) => ({
        name: m.name,
        type: m.type,
        criticality: m.criticality,
        plc: plcOf[j],
        gateway: gateways[Math.floor((j * o.gateways) / Math.max(1, machines.length))].name,
    }));
    const sensorWidth = Math.max(2, String(oneOffCount).length);
    const oneOff = Array.from({ length: oneOffCount }, (_, k) => {
        const t = ONE_OFF_KINDS[k % ONE_OFF_KINDS.length];
        return {
            name: `ambient-${pad(k + 1, sensorWidth)}-${t.kind}`,
            kind: t.kind,
            unit: t.unit,
            gateway: gateways[k % gateways.length].name,
            sampleRateHz: t.sampleRateHz,
            transmit: t.transmit,
            thresholds: t.thresholds,
            source: { protocol: "modbus-tcp", address: masterAddresses[Math.floor(k / 8)], register: 30001 + 2 * (k % 8) },
        };
    });

    // Conduits (conduitsFor): what the gateways and SCADA read, operations, the cloud.
    const reads = new Map<string, { zone: Zone; protocol: string }>();
    for (const p of plcRows) reads.set(`${p.segment} ${p.protocol}`, { zone: zones.find((z) => z.name === p.segment)!, protocol: p.protocol });
    if (oneOffCount > 0) reads.set(`${zoneOf(masterZone).name} modbus-tcp`, { zone: zoneOf(masterZone), protocol: "modbus-tcp" });
    const conduits = conduitsFor(reads, dmz, supervisory, operations);

    // The uplink: twice the planned telemetry, at least the floor of its kind.
    const planned =
        machines.reduce((sum, m) => sum + bytesPerSecond(TYPE_SENSORS[m.type]), 0) +
        oneOff.reduce((sum, s) => sum + sensorBytesPerSecond(s.sampleRateHz, transmitModel(s.transmit)), 0);
    const bandwidthKbps = Math.max(uplink.floorKbps, Math.ceil((kbps(planned) * 2) / 1000) * 1000);

    let out = `# yaml-language-server: $schema=../schema/site.schema.json
# Synthetic ${profile.industry} plant written by \`fleet generate\` (seed ${seed}, site ${index + 1}).
apiVersion: fleet.iot/v1
kind: Site
metadata:
  name: ${name}
  region: ${region.name}
  labels: ${flow({ industry: profile.industry, area: profile.area, generator: "fleet-generate" })}
spec:
  location: ${flow(location)}
  connectivity:
    uplink: ${uplink.uplink}
    bandwidthKbps: ${bandwidthKbps}
    offlineBufferMiB: ${uplink.bufferMiB}${uplink.uplink === "vpn" ? `\n    vpn: { peerIp: 203.0.113.${1 + (index % 254)}, bgpAsn: ${65000 + (index % 500)} }` : ""}
  provisioning: { mode: ${mode} }

  segments:
${blockList(
    zones.map((z) => ({ name: z.name, purdueLevel: z.level, cidr: `${ipText(z.base)}/${32 - Math.log2(z.size)}`, description: z.description })),
    "    ",
)}
  conduits:
${blockList(conduits, "    ")}
  gateways:
${flowList(gateways as Value[], "    ")}
  plcs:${plcRows.length ? "\n" + flowList(plcRows, "    ") : " []\n"}
  equipment:${equipment.length ? "\n" + flowList(equipment, "    ") : " []\n"}
  sensors:${oneOff.length ? "\n" + blockList(oneOff as Record<string, Value>[], "    ") : " []\n"}
  alerts:
    subscribers:
      - { email: maintenance@${name}.${fleet}.example.com, severities: [critical, warning] }
      - { email: shift-lead@${name}.${fleet}.example.com, severities: [critical] }
`;
    if (profile.industry === "pharmaceutical") out += `\n  retention: { hot: 7d, warm: 90d, archive: 10y }\n`;

    const sensorCount = machines.reduce((sum, m) => sum + TYPE_SENSORS[m.type].length, 0) + oneOffCount;
    return {
        name,
        path: `sites/${name}.yaml`,
        content: out,
        region: region.name,
        provisioning: mode,
        csrs:
            mode === "csr"
                ? gateways.map((g) => ({ path: `certs/${name}/${g.name}.csr.pem`, commonName: names.thing(fleet, name, g.name) }))
                : mode === "fleet-claim"
                  ? [{ path: `certs/${name}/claim.csr.pem`, commonName: names.claimPolicy(fleet, name) }]
                  : [],
        counts: {
            segments: zones.length,
            conduits: conduits.length,
            gateways: gateways.length,
            plcs: plcRows.length,
            equipment: equipment.length,
            sensors: sensorCount,
        },
    };
}

/** Every site of the fleet, one at a time (a 10,000-site fleet never sits in memory at once). */
export function* generateSites(o: GenerateOptions): Generator<GeneratedSite> {
    for (let i = 0; i < o.sites; i++) yield generateSite(o, i);
}
