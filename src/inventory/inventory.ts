/**
 * The fleet's physical inventory: gateways, PLCs, machines and sensors of every site, as one
 * flat list of rows (CSV, JSON) or a table per site and kind for people.
 */
import type { FleetModel, SiteModel, TransmitModel } from "../model/types";
import { csvCell } from "../util/csv";

export type ItemKind = "gateway" | "plc" | "equipment" | "sensor";

/** One row; fields that do not apply to a kind are empty strings. */
export interface InventoryRow {
    site: string;
    region: string;
    kind: ItemKind;
    name: string;
    segment: string;
    address: string;
    protocol: string;
    /** Gateways: the IoT thing name. */
    thingName: string;
    serial: string;
    /** Gateways: hardware model and architecture; PLCs: vendor and model; equipment: type. */
    model: string;
    criticality: string;
    plc: string;
    gateway: string;
    equipment: string;
    /** Sensors: what is measured (`vibration`) and the unit. */
    measures: string;
    unit: string;
    sampleRateHz: string;
    transmit: string;
}

export const COLUMNS: (keyof InventoryRow)[] = [
    "site",
    "region",
    "kind",
    "name",
    "segment",
    "address",
    "protocol",
    "thingName",
    "serial",
    "model",
    "criticality",
    "plc",
    "gateway",
    "equipment",
    "measures",
    "unit",
    "sampleRateHz",
    "transmit",
];

const empty = (site: SiteModel, kind: ItemKind, name: string): InventoryRow => ({
    site: site.name,
    region: site.region,
    kind,
    name,
    segment: "",
    address: "",
    protocol: "",
    thingName: "",
    serial: "",
    model: "",
    criticality: "",
    plc: "",
    gateway: "",
    equipment: "",
    measures: "",
    unit: "",
    sampleRateHz: "",
    transmit: "",
});

export function transmitText(t: TransmitModel): string {
    switch (t.mode) {
        case "aggregate":
            return `aggregate ${t.windowSeconds}s`;
        case "deadband":
            return `deadband ${t.threshold}`;
        default:
            return t.mode;
    }
}

/** The row of a device with an address on the plant network (a gateway or a PLC): its name, segment and address. */
function onNetwork(site: SiteModel, kind: ItemKind, device: { name: string; segment: string; address: string }): InventoryRow {
    return { ...empty(site, kind, device.name), segment: device.segment, address: device.address };
}

export function inventoryRows(model: FleetModel, only?: string): InventoryRow[] {
    const rows: InventoryRow[] = [];
    for (const site of model.sites) {
        if (only !== undefined && site.name !== only) continue;
        for (const g of site.gateways) {
            rows.push({
                ...onNetwork(site, "gateway", g),
                thingName: g.thingName,
                serial: g.serial,
                model: [g.hardware.model, g.hardware.arch].filter(Boolean).join(", "),
            });
        }
        for (const p of site.plcs) {
            rows.push({
                ...onNetwork(site, "plc", p),
                protocol: p.protocol,
                model: [p.vendor, p.model].filter(Boolean).join(" "),
            });
        }
        const plcs = new Map(site.plcs.map((p) => [p.name, p]));
        for (const e of site.equipment) {
            const plc = e.plc ? plcs.get(e.plc) : undefined;
            rows.push({
                ...empty(site, "equipment", e.name),
                segment: plc?.segment ?? "",
                model: e.type,
                criticality: e.criticality,
                plc: e.plc ?? "",
                gateway: e.gateway,
            });
        }
        for (const s of site.sensors) {
            rows.push({
                ...empty(site, "sensor", s.name),
                address: s.source.address ?? s.source.endpoint ?? "",
                protocol: s.source.protocol,
                plc: s.source.plc ?? "",
                gateway: s.gateway,
                equipment: s.equipment ?? "",
                measures: s.kind,
                unit: s.unit,
                sampleRateHz: String(s.sampleRateHz),
                transmit: transmitText(s.transmit),
            });
        }
    }
    return rows;
}

/** RFC 4180 quoting and no spreadsheet formulas (src/util/csv.ts); CRLF line ends. */
export const csvField = (value: string): string => csvCell(value);

export function toCsv(rows: InventoryRow[]): string {
    const lines = [COLUMNS.join(","), ...rows.map((r) => COLUMNS.map((c) => csvField(r[c])).join(","))];
    return `${lines.join("\r\n")}\r\n`;
}

/** Per kind, the columns worth showing to a person. */
const TABLE_COLUMNS: Record<ItemKind, [keyof InventoryRow, string][]> = {
    gateway: [
        ["name", "GATEWAY"],
        ["segment", "SEGMENT"],
        ["address", "ADDRESS"],
        ["serial", "SERIAL"],
        ["model", "HARDWARE"],
        ["thingName", "THING"],
    ],
    plc: [
        ["name", "PLC"],
        ["segment", "SEGMENT"],
        ["address", "ADDRESS"],
        ["protocol", "PROTOCOL"],
        ["model", "MODEL"],
    ],
    equipment: [
        ["name", "EQUIPMENT"],
        ["model", "TYPE"],
        ["criticality", "CRIT"],
        ["plc", "PLC"],
        ["gateway", "GATEWAY"],
    ],
    sensor: [
        ["name", "SENSOR"],
        ["measures", "MEASURES"],
        ["unit", "UNIT"],
        ["sampleRateHz", "HZ"],
        ["transmit", "TRANSMIT"],
        ["protocol", "PROTOCOL"],
        ["gateway", "GATEWAY"],
    ],
};

const TITLES: Record<ItemKind, string> = { gateway: "gateways", plc: "PLCs", equipment: "equipment", sensor: "sensors" };

export function formatTable(headers: string[], cells: string[][]): string[] {
    const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
    const line = (r: string[]) =>
        r
            .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i])))
            .join("  ")
            .trimEnd();
    return [line(headers), ...cells.map(line)];
}

export function toTable(rows: InventoryRow[]): string {
    const out: string[] = [];
    const sites = [...new Set(rows.map((r) => r.site))];
    for (const site of sites) {
        const mine = rows.filter((r) => r.site === site);
        const count = (k: ItemKind) => mine.filter((r) => r.kind === k).length;
        out.push(
            `site ${site} (${mine[0].region}): ${count("gateway")} gateways, ${count("plc")} PLCs, ${count("equipment")} equipment, ${count("sensor")} sensors`,
        );
        for (const kind of ["gateway", "plc", "equipment", "sensor"] as ItemKind[]) {
            const items = mine.filter((r) => r.kind === kind);
            if (items.length === 0) continue;
            out.push("", `  ${TITLES[kind]}`);
            const cols = TABLE_COLUMNS[kind];
            for (const l of formatTable(
                cols.map(([, h]) => h),
                items.map((r) => cols.map(([c]) => r[c])),
            ))
                out.push(`  ${l}`);
        }
        out.push("");
    }
    return out.join("\n");
}
