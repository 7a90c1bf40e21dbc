/**
 * Writing a synthetic fleet to a directory: site files first, CSRs of csr sites, fleet.yaml
 * last (an interrupted run leaves no fleet.yaml, so it cannot pass for a whole fleet). Every
 * file is written atomically; the directory must be empty unless the caller forces it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { FleetError } from "../model/diagnostics";
import { safeJoin, writeFileAtomic } from "../util/atomic-write";
import { gatewayCsr } from "./csr";
import { fleetFile } from "./fleet-file";
import { generateSite } from "./fleet";
import { optionProblems, type GenerateOptions } from "./options";

export interface WriteOptions {
    /** Write into a directory that already has files, replacing the ones generated. */
    force?: boolean;
    /** Called after each site, for progress. */
    onSite?: (done: number, total: number) => void;
}

export interface WriteSummary {
    dir: string;
    sites: number;
    regions: number;
    gateways: number;
    plcs: number;
    equipment: number;
    sensors: number;
    csrs: number;
    /** Sites per provisioning mode. */
    modes: Record<string, number>;
    files: number;
    bytes: number;
    /** Site files already in sites/ that this fleet does not contain (left as they were). */
    leftOver: string[];
}

function target(dir: string, rel: string): string {
    const full = safeJoin(dir, rel);
    if (!full) throw new FleetError(`refusing to write ${JSON.stringify(rel)}: it is outside ${dir}`, [], 1);
    return full;
}

/** Generate the fleet the options describe into `dir`. Throws FleetError for bad options. */
export function writeFleet(dir: string, o: GenerateOptions, w: WriteOptions = {}): WriteSummary {
    const problems = optionProblems(o);
    if (problems.length) throw new FleetError(problems.join("\n"), [], 2);
    const abs = path.resolve(dir);
    if (fs.existsSync(abs)) {
        if (!fs.statSync(abs).isDirectory()) throw new FleetError(`${abs} exists and is not a directory; pick a new directory for --out`, [], 1);
        const entries = fs.readdirSync(abs);
        if (entries.length > 0 && !w.force) {
            throw new FleetError(
                `${abs} is not empty (${entries.slice(0, 3).join(", ")}${entries.length > 3 ? ", ..." : ""}); pick an empty or new directory for --out, or pass --force to replace the generated files in it`,
                [],
                1,
            );
        }
    }
    try {
        fs.mkdirSync(path.join(abs, "sites"), { recursive: true });
    } catch (e) {
        // A parent of --out is a file (ENOTDIR), or not writable: the user's to fix, not a crash.
        throw new FleetError(`cannot create ${abs}: ${(e as Error).message.replace(/^\w+: /, "")}; pick a new directory for --out`, [], 1);
    }
    const summary: WriteSummary = {
        dir: abs,
        sites: 0,
        regions: o.regions ?? 2,
        gateways: 0,
        plcs: 0,
        equipment: 0,
        sensors: 0,
        csrs: 0,
        modes: {},
        files: 0,
        bytes: 0,
        leftOver: [],
    };
    const write = (rel: string, content: string) => {
        writeFileAtomic(target(abs, rel), content);
        summary.files++;
        summary.bytes += Buffer.byteLength(content);
    };
    const written = new Set<string>();
    const organization = o.fleetName ?? "acme";
    for (let i = 0; i < o.sites; i++) {
        const site = generateSite(o, i);
        write(site.path, site.content);
        written.add(site.path);
        for (const csr of site.csrs) write(csr.path, gatewayCsr(csr.commonName, organization));
        summary.sites++;
        summary.gateways += site.counts.gateways;
        summary.plcs += site.counts.plcs;
        summary.equipment += site.counts.equipment;
        summary.sensors += site.counts.sensors;
        summary.csrs += site.csrs.length;
        summary.modes[site.provisioning] = (summary.modes[site.provisioning] ?? 0) + 1;
        w.onSite?.(i + 1, o.sites);
    }
    write("fleet.yaml", fleetFile(o));
    summary.leftOver = fs
        .readdirSync(path.join(abs, "sites"))
        .filter((f) => /\.ya?ml$/.test(f) && !written.has(`sites/${f}`))
        .map((f) => `sites/${f}`)
        .sort();
    return summary;
}
