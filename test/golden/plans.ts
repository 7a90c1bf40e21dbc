/**
 * Golden plans: the offline plan of the example fleet, the all-options fixture and a generated
 * 100-site fleet, reduced to one digest per resource (URN -> SHA-256 of its canonical JSON:
 * type, name, region, site, parent, options, inputs). Refactors that move files must leave every
 * digest as it is (issue #14: no resource identity or input may change). The digests are kept in
 * test/fixtures/golden/<fleet>.json; `node dist/test/golden/plans.js --write` records them anew
 * after an intended change (review the diff of the fixture: it names every URN that changed).
 *
 * Generated CSRs hold a fresh key each time, so CSR PEM strings are replaced by "[csr]" before
 * hashing; secrets are masked by the plan itself. A Lambda's FLEET_CODE_SHA256 (the hash of its
 * esbuild bundle) changes with any edit of its sources, even a reformat, so it is masked too: the
 * golden plans pin identities, options and configuration, and the handlers' own tests pin behaviour.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "..", "..", "..");
export const GOLDEN_DIR = path.join(ROOT, "test", "fixtures", "golden");

export interface GoldenFleet {
    name: string;
    /** Make (or find) the fleet directory; returns it and a cleanup. */
    dir(): { dir: string; cleanup(): void };
}

export const GOLDEN_FLEETS: GoldenFleet[] = [
    { name: "example", dir: () => ({ dir: ROOT, cleanup: () => undefined }) },
    { name: "all-options", dir: () => ({ dir: path.join(ROOT, "test", "fixtures", "fleets", "all-options"), cleanup: () => undefined }) },
    {
        name: "generated-100",
        dir: () => {
            const { writeFleet } = require("../../src/generate") as typeof import("../../src/generate");
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-golden-"));
            writeFleet(dir, { sites: 100, gateways: 3, equipment: 4, seed: 1, regions: 2 });
            return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
        },
    },
];

const CSR = /-----BEGIN CERTIFICATE REQUEST-----[\s\S]*?-----END CERTIFICATE REQUEST-----\n?/g;
/**
 * Edge component zips are content-addressed (`<component>/<sha256>/<component>.zip`) and the
 * component version's patch is derived from the recipe that names them, so like FLEET_CODE_SHA256
 * they change with any edit of the bundled edge code: masked (the key layout, bucket and recipe stay pinned).
 */
const EDGE_ZIP = /\b[0-9a-f]{64}(?=\/[a-z-]+\.zip)/g;
const maskEdge = (text: string) => {
    const masked = text.replace(EDGE_ZIP, "[sha256]");
    return masked === text ? text : masked.replace(/"ComponentVersion":"(\d+\.\d+)\.\d+"/, '"ComponentVersion":"$1.[content]"');
};

/** JSON with sorted keys at every level. */
export function canonical(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
    if (value && typeof value === "object") {
        const o = { ...(value as Record<string, unknown>) };
        if (typeof o.FLEET_CODE_SHA256 === "string") o.FLEET_CODE_SHA256 = "[code-sha256]";
        if (o.contentType === "application/zip" && o.metadata && typeof o.metadata === "object") o.metadata = { ...o.metadata, sha256: "[sha256]" };
        for (const [k, v] of Object.entries(o))
            if (/\.Collector$/.test(k) && v && typeof v === "object" && "componentVersion" in v) o[k] = { ...v, componentVersion: "[content]" };
        return `{${Object.keys(o)
            .filter((k) => o[k] !== undefined)
            .sort()
            .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
            .join(",")}}`;
    }
    if (typeof value === "string") return JSON.stringify(maskEdge(value.replace(CSR, "[csr]")));
    return JSON.stringify(value ?? null);
}

/** URN -> digest for every resource of every region plan of the fleet in `dir`. */
export async function planDigests(dir: string): Promise<Record<string, string>> {
    const { loadFleet } = require("../../src/model/load") as typeof import("../../src/model/load");
    const { planRegion } = require("../../src/plan/plan") as typeof import("../../src/plan/plan");
    const loaded = loadFleet(dir);
    if (!loaded.model) throw new Error(`golden fleet ${dir} does not load: ${loaded.diagnostics.map((d) => d.message).join("; ")}`);
    const out: Record<string, string> = {};
    for (const region of loaded.model.regions.map((r) => r.name).sort()) {
        const plan = await planRegion(loaded.model, region);
        for (const r of plan.resources) {
            if (out[r.urn]) throw new Error(`duplicate URN in golden plan: ${r.urn}`);
            // `stack` names the layout stack that will hold the resource (issue #18), not part of its identity or inputs.
            out[r.urn] = createHash("sha256")
                .update(canonical({ ...r, stack: undefined }))
                .digest("hex")
                .slice(0, 32);
        }
    }
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function goldenFile(name: string): string {
    return path.join(GOLDEN_DIR, `${name}.json`);
}

if (require.main === module && process.argv.includes("--write")) {
    (async () => {
        fs.mkdirSync(GOLDEN_DIR, { recursive: true });
        for (const g of GOLDEN_FLEETS) {
            const { dir, cleanup } = g.dir();
            try {
                const digests = await planDigests(dir);
                fs.writeFileSync(goldenFile(g.name), `${JSON.stringify(digests, null, 0).replace(/","/g, '",\n"')}\n`);
                console.log(`${g.name}: ${Object.keys(digests).length} resources`);
            } finally {
                cleanup();
            }
        }
    })().catch((e) => {
        console.error(e);
        process.exit(1);
    });
}
