/** Shared by the network tests: the example fleet, site fixtures, snapshots, nft. */
import * as assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { snapshotsOf } from "../helpers/snapshot";
import type { ConduitModel, FleetModel, SiteModel } from "../../src/model/types";

/** The repository root (tests run from dist/test/network). */
export { exampleFleet, REPO_ROOT as ROOT } from "../helpers/fleets";
import { exampleFleet } from "../helpers/fleets";

export function site(model: FleetModel, name: string): SiteModel {
    const s = model.sites.find((x) => x.name === name);
    assert.ok(s, `no site ${name}`);
    return s;
}

/** A DNS conduit (53/udp and 53/tcp, as DNS answers over both) like `base`, with `fields` (its name, justification, ...). */
export function dnsConduit(base: ConduitModel, fields: Partial<ConduitModel>): ConduitModel {
    return {
        ...base,
        protocol: "dns",
        ports: [
            { port: 53, transport: "udp" },
            { port: 53, transport: "tcp" },
        ],
        ...fields,
    };
}

/** Snapshots of test/network/__snapshots__ (test/helpers/snapshot.ts). */
export const matchSnapshot = snapshotsOf("network");

/** `nft -c -f` on the text: { ok, output }. Throws when nft is not installed (CI installs it). */
export function nftCheck(text: string): { ok: boolean; output: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-nft-"));
    const file = path.join(dir, "ruleset.nft");
    fs.writeFileSync(file, text);
    try {
        const r = spawnSync("nft", ["-c", "-f", file], { encoding: "utf8" });
        if (r.error) throw new Error(`nft could not run (${r.error.message}); install Debian's nftables package (apt-get install -y nftables)`);
        return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

export function nftVersion(): string {
    return execFileSync("nft", ["--version"], { encoding: "utf8" }).trim();
}

/**
 * The example fleet with eu-central-1 back to a landing VPC per site (`network.endpoints:
 * per-site`, the cloudNetworks its sites had before the example moved to the shared endpoint VPC):
 * what the landing-VPC tests read.
 */
export function perSiteExample(): FleetModel {
    const model = exampleFleet();
    model.regions.find((r) => r.name === "eu-central-1")!.network.endpoints = "per-site";
    site(model, "stuttgart-body").cloudNetwork = { cidr: "10.40.0.0/24" };
    site(model, "cork-fill-finish").cloudNetwork = { cidr: "10.40.1.0/24" };
    return model;
}

/**
 * `count` attached sites cloned from an example site, each with its own cloudNetwork
 * (10.100.<i>.0/24) and segments (10.<i>.<n>.0/24, i from 1), alternating VPN and Direct Connect.
 */
export function manySites(model: FleetModel, count: number, region = "eu-central-1"): SiteModel[] {
    const base = site(model, "stuttgart-body");
    return Array.from({ length: count }, (_, k) => {
        const i = k + 1;
        const s = structuredClone(base);
        s.name = `plant-${String(i).padStart(2, "0")}`;
        s.file = `sites/${s.name}.yaml`;
        s.region = region;
        s.connectivity.uplink = i % 2 === 0 ? "direct-connect" : "vpn";
        s.cloudNetwork = { cidr: `10.100.${i}.0/24` };
        s.segments = s.segments.map((seg, n) => ({ ...seg, cidr: `10.${i}.${n}.0/24` }));
        return s;
    });
}
