/**
 * A site stack's program reads `fleet.yaml` and its own site file only (and the site's
 * certificates), not the whole fleet: its cost does not grow with the fleet. The files are
 * copied into a temporary fleet directory and loaded as a fleet of one site; fleet-wide checks
 * (overlapping ranges between sites) are `fleet validate`'s and the platform stack's, which
 * read every site. Returns undefined when the stack is not a site stack whose file is
 * `sites/<site>.yaml` (then the caller loads the whole fleet).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadFleet, type LoadResult } from "../model/load";

/** The site of a stack named `<region>.<site>`, for a region of `regions`; the longest region name wins. */
export function siteOfStackName(stack: string, regions: readonly string[]): { region: string; site: string } | undefined {
    const region = [...regions].sort((a, b) => b.length - a.length).find((r) => stack.startsWith(`${r}.`));
    if (!region) return undefined;
    const site = stack.slice(region.length + 1);
    return /^[a-z0-9][a-z0-9-]*$/.test(site) ? { region, site } : undefined;
}

/** Region names written in fleet.yaml, read without loading the fleet (`regions:` list or map). */
function regionNames(dir: string): string[] {
    const YAML = require("yaml") as typeof import("yaml");
    try {
        const doc = YAML.parse(fs.readFileSync(path.join(dir, "fleet.yaml"), "utf8")) as { spec?: { regions?: unknown }; regions?: unknown } | null;
        const regions = doc?.spec?.regions ?? doc?.regions;
        if (Array.isArray(regions))
            return regions.map((r) => (typeof r === "string" ? r : (r as { name?: string })?.name)).filter((r): r is string => typeof r === "string");
        if (regions && typeof regions === "object") return Object.keys(regions);
    } catch {
        // the whole load reports it
    }
    return [];
}

export function loadForSiteStack(dir: string, stack: string, opts: { cache?: boolean } = {}): LoadResult | undefined {
    const named = siteOfStackName(stack, regionNames(dir));
    if (!named) return undefined;
    const file = ["yaml", "yml"].map((ext) => path.join(dir, "sites", `${named.site}.${ext}`)).find((f) => fs.existsSync(f));
    if (!file) return undefined;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-site-stack-"));
    try {
        fs.mkdirSync(path.join(tmp, "sites"));
        // Copies, not symlinks: the loader refuses files that resolve outside the fleet directory (issue #21).
        fs.copyFileSync(path.join(dir, "fleet.yaml"), path.join(tmp, "fleet.yaml"));
        fs.copyFileSync(file, path.join(tmp, "sites", path.basename(file)));
        const certs = path.join(dir, "certs", named.site);
        if (fs.existsSync(certs)) {
            fs.mkdirSync(path.join(tmp, "certs"));
            fs.cpSync(certs, path.join(tmp, "certs", named.site), { recursive: true, filter: (src) => !/\.key\.pem/.test(src) });
        }
        const result = loadFleet(tmp, { cache: opts.cache, siteSubset: true });
        // The model names the fleet directory it came from; keep the real one.
        if (result.model) result.model.dir = dir;
        const site = result.model?.sites[0];
        return site && site.name === named.site && site.region === named.region ? result : undefined;
    } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
    }
}
