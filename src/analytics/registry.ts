/**
 * The equipment registry: what the registry-sync Lambda writes to DynamoDB from a site manifest
 * (`manifests/<site>.json` in the artifacts bucket), and what the anomaly scorer and the
 * maintenance workflow read back.
 *
 * Table keys: `pk` = `SITE#<site>`, `sk` = `SITE` | `EQUIPMENT#<name>` | `SENSOR#<name>` |
 * `GATEWAY#<name>`. One query on `pk` returns everything of a site.
 */
import type { SensorThresholds } from "./anomaly";

export type RegistryValue = string | number | boolean | string[] | undefined;
export type RegistryItem = { pk: string; sk: string } & Record<string, RegistryValue>;

export const sitePk = (site: string) => `SITE#${site}`;
export const equipmentSk = (name: string) => `EQUIPMENT#${name}`;
export const sensorSk = (name: string) => `SENSOR#${name}`;

/** The part of a site manifest the registry reads (the normalized SiteModel carries all of it). */
export interface ManifestSite {
    name: string;
    region?: string;
    location?: { country?: string; city?: string; timezone?: string };
    gateways?: { name: string; thingName?: string; segment?: string; serial?: string }[];
    equipment: { name: string; type?: string; criticality?: string; gateway?: string; plc?: string; sensors?: string[] }[];
    sensors: {
        name: string;
        equipment?: string;
        kind?: string;
        unit?: string;
        gateway?: string;
        sampleRateHz?: number;
        transmit?: { mode: string };
        thresholds?: { warning?: number; critical?: number; direction?: "above" | "below" };
    }[];
}

export class ManifestError extends Error {}

/**
 * Read a manifest object. Accepts the edge stack's document (`{ kind, fleet, site: "<name>",
 * equipment, sensors, … }`, src/edge/manifest.ts), a bare normalized site (`name`), or
 * `{ site: { name, … } }`. The site name must match the object key, so a copied file cannot
 * overwrite another site's registry.
 */
export function parseManifest(key: string, body: string): ManifestSite {
    const m = /^manifests\/([a-z][a-z0-9-]*)\.json$/.exec(key);
    if (!m) throw new ManifestError(`${key}: not a site manifest key; expected manifests/<site>.json`);
    let o: unknown;
    try {
        o = JSON.parse(body);
    } catch (e) {
        throw new ManifestError(`${key}: not JSON: ${(e as Error).message}`);
    }
    if (!o || typeof o !== "object" || Array.isArray(o)) throw new ManifestError(`${key}: expected an object with the site, its equipment and sensors`);
    const doc = o as Record<string, unknown>;
    const site = (doc.site && typeof doc.site === "object" ? doc.site : doc) as Record<string, unknown>;
    const name = typeof site.name === "string" ? site.name : typeof doc.site === "string" ? doc.site : undefined;
    if (name !== m[1]) throw new ManifestError(`${key}: manifest names site ${JSON.stringify(name)}, but the key says ${JSON.stringify(m[1])}`);
    const equipment = site.equipment as ManifestSite["equipment"] | undefined;
    const sensors = site.sensors as ManifestSite["sensors"] | undefined;
    if (!Array.isArray(equipment) || !Array.isArray(sensors)) throw new ManifestError(`${key}: equipment and sensors must be lists`);
    for (const [i, e] of equipment.entries()) if (!e || typeof e.name !== "string") throw new ManifestError(`${key}: equipment[${i}].name missing`);
    for (const [i, s] of sensors.entries()) if (!s || typeof s.name !== "string") throw new ManifestError(`${key}: sensors[${i}].name missing`);
    return { ...(site as unknown as ManifestSite), name, equipment, sensors };
}

/** Every registry item a manifest describes, sorted by sort key. */
export function registryItems(site: ManifestSite, syncedAt: string, etag?: string): RegistryItem[] {
    const pk = sitePk(site.name);
    const items: RegistryItem[] = [
        {
            pk,
            sk: "SITE",
            site: site.name,
            region: site.region,
            city: site.location?.city,
            timezone: site.location?.timezone,
            equipmentCount: site.equipment.length,
            sensorCount: site.sensors.length,
            manifestEtag: etag,
            syncedAt,
        },
    ];
    for (const g of site.gateways ?? [])
        items.push({ pk, sk: `GATEWAY#${g.name}`, site: site.name, name: g.name, thingName: g.thingName, segment: g.segment, serial: g.serial });
    for (const e of site.equipment) {
        items.push({
            pk,
            sk: equipmentSk(e.name),
            site: site.name,
            name: e.name,
            type: e.type,
            criticality: e.criticality,
            gateway: e.gateway,
            plc: e.plc,
            sensors: e.sensors && e.sensors.length > 0 ? [...e.sensors] : undefined,
        });
    }
    for (const s of site.sensors) {
        items.push({
            pk,
            sk: sensorSk(s.name),
            site: site.name,
            name: s.name,
            equipment: s.equipment ?? s.name,
            kind: s.kind,
            unit: s.unit,
            gateway: s.gateway,
            sampleRateHz: s.sampleRateHz,
            transmit: s.transmit?.mode,
            warning: s.thresholds?.warning,
            critical: s.thresholds?.critical,
            direction: s.thresholds ? (s.thresholds.direction ?? "above") : undefined,
        });
    }
    return items.sort((a, b) => (a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0));
}

/** The keys to delete: present in the table, no longer in the manifest. */
export function staleKeys(existing: { pk: string; sk: string }[], desired: RegistryItem[]): { pk: string; sk: string }[] {
    const keep = new Set(desired.map((i) => `${i.pk}|${i.sk}`));
    return existing.filter((k) => !keep.has(`${k.pk}|${k.sk}`)).sort((a, b) => (a.sk < b.sk ? -1 : 1));
}

/** A sensor item's thresholds as the scorer needs them (undefined when it has none). */
export function thresholdsOf(item: Record<string, RegistryValue>): SensorThresholds | undefined {
    const warning = typeof item.warning === "number" ? item.warning : undefined;
    const critical = typeof item.critical === "number" ? item.critical : undefined;
    if (warning === undefined && critical === undefined) return undefined;
    return { warning, critical, direction: item.direction === "below" ? "below" : "above" };
}

/** Split into chunks (DynamoDB BatchWriteItem takes at most 25 requests). */
export function chunk<T>(xs: T[], size: number): T[][] {
    const out: T[][] = [];
    for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
    return out;
}
