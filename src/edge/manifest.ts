/**
 * The site manifest: the normalized site as one JSON document, stored as one S3 object per site.
 * The regional registry loads it into DynamoDB, the pre-provisioning hook reads its serials, and
 * the collector reads its sensor map when the map is too large for a deployment. Pure.
 */
import * as crypto from "node:crypto";
import type { FleetModel, SiteModel } from "../model/types";

export const MANIFEST_KIND = "fleet.iot/v1/SiteManifest";

/**
 * Model keys the manifest leaves out: source positions (`at`), which change when comments move,
 * and the CSRs the loader carries for the provisioning component (`csrPem`, `claimCsrPem`), which
 * devices never read and which would change the manifest on every rotation.
 */
const LEFT_OUT = new Set(["at", "csrPem", "claimCsrPem"]);

/** A value without the source positions (`at`), which change when comments move. */
function stripPositions(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(stripPositions);
    if (value && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
            if (LEFT_OUT.has(k) || v === undefined) continue;
            out[k] = stripPositions(v);
        }
        return out;
    }
    return value;
}

/** The manifest document: fleet name, then the normalized site without source positions. */
export function siteManifest(fleet: FleetModel, site: SiteModel): Record<string, unknown> {
    const { name, ...rest } = stripPositions(site) as Record<string, unknown>;
    return { kind: MANIFEST_KIND, fleet: fleet.name, site: name, ...rest };
}

/** The manifest as stored: compact JSON, stable for equal sites (keys sorted, so the order of mappings in the YAML changes no byte and no deployment). */
export function siteManifestJson(fleet: FleetModel, site: SiteModel): string {
    const { name, ...rest } = site;
    return JSON.stringify(canonical({ kind: MANIFEST_KIND, fleet: fleet.name, site: name, ...rest }));
}

/** stripPositions and sortKeys in one walk (a plan builds the manifest of every site). */
function canonical(value: unknown, key = ""): unknown {
    if (Array.isArray(value)) {
        const items = value.map((v) => canonical(v));
        return key === "sensors" && items.every((v) => typeof v === "string") ? (items as string[]).sort() : items;
    }
    if (value && typeof value === "object") {
        const o = value as Record<string, unknown>;
        const out: Record<string, unknown> = {};
        for (const k of Object.keys(o).sort()) {
            const v = o[k];
            if (LEFT_OUT.has(k) || v === undefined) continue;
            out[k] = canonical(v, k);
        }
        return out;
    }
    return value;
}

export function sha256(text: string): string {
    return crypto.createHash("sha256").update(text, "utf8").digest("hex");
}
