/** Starter files for new users: `fleet init site`. */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseCidr, overlaps } from "./model/cidr";
import { formatDiagnostic, knownList, show } from "./model/diagnostics";
import { readYamlFile, siteFiles } from "./model/load";
import { SITE_NAME_PATTERN } from "./model/schema";
import { nameProblem, siteNames } from "./naming";
import { createFileAtomic } from "./util/atomic-write";

export const SITE_NAME = new RegExp(SITE_NAME_PATTERN);

/**
 * The valid site name closest to what was typed: lower case, runs of other characters as one
 * dash, a leading letter, at most 31 characters; undefined when nothing usable is left.
 */
export function suggestSiteName(name: string): string | undefined {
    let s = name
        .normalize("NFKD")
        .replace(/[\u0300-\u036f]/g, "")
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^[^a-z]+/, "")
        .slice(0, 31)
        .replace(/-+$/, "");
    if (s.length === 1) s = "";
    return s && SITE_NAME.test(s) && s !== name ? s : undefined;
}

/** The first /24 in 10.100.0.0/16 - 10.255.0.0/16 that no site of the fleet uses. */
export function freeCloudRange(used: string[]): string {
    const taken = used.map((u) => parseCidr(u)).flatMap((r) => ("cidr" in r ? [r.cidr] : []));
    for (let b = 100; b < 256; b++) {
        for (let c = 0; c < 256; c++) {
            const text = `10.${b}.${c}.0/24`;
            const r = parseCidr(text);
            if ("cidr" in r && !taken.some((t) => overlaps(t, r.cidr))) return text;
        }
    }
    return "10.100.0.0/24";
}

/** The segment ranges of the starter site: `<prefix>.10.0/24` (cell), `.20.0/24`, `.35.0/24` (DMZ). */
const STARTER_THIRD_OCTETS = [10, 20, 35];

/**
 * The first `172.<16..31>` prefix whose starter segment ranges overlap no range the fleet uses
 * (segments and cloud networks of every site): routed plant segments must be unique, so two
 * starter sites plan side by side.
 */
export function freeSegmentPrefix(used: string[]): string {
    const taken = used.map((u) => parseCidr(u)).flatMap((r) => ("cidr" in r ? [r.cidr] : []));
    for (let b = 16; b < 32; b++) {
        const ranges = STARTER_THIRD_OCTETS.map((c) => parseCidr(`172.${b}.${c}.0/24`)).flatMap((r) => ("cidr" in r ? [r.cidr] : []));
        if (!ranges.some((r) => taken.some((t) => overlaps(t, r)))) return `172.${b}`;
    }
    return "172.16";
}

/** The starter site; `cloudCidr` undefined: its region's endpoints are shared, so it writes no cloudNetwork. */
export function starterSite(name: string, region: string, cloudCidr: string | undefined, segmentPrefix = "192.168"): string {
    return starterTemplate(name, region, cloudCidr).replace(/192\.168\./g, `${segmentPrefix}.`);
}

function starterTemplate(name: string, region: string, cloudCidr: string | undefined): string {
    return `# yaml-language-server: $schema=../schema/site.schema.json
apiVersion: fleet.iot/v1
kind: Site
metadata:
  name: ${name}
  region: ${region}
spec:
  location: { country: DE, city: Example, timezone: Europe/Berlin }
  connectivity:
    uplink: vpn                      # vpn | direct-connect | internet
    bandwidthKbps: 10000
    offlineBufferMiB: 2048
${cloudCidr === undefined ? "" : `  cloudNetwork: { cidr: ${cloudCidr} }   # unique in the fleet\n`}  provisioning: { mode: fleet-claim }

  segments:
    - name: cell-control
      purdueLevel: 1
      cidr: 192.168.10.0/24
    - name: supervisory
      purdueLevel: 2
      cidr: 192.168.20.0/24
    - name: edge-dmz
      purdueLevel: 3.5
      cidr: 192.168.35.0/24

  conduits:
    - name: gateways-read-plcs
      from: edge-dmz
      to: cell-control
      protocol: opcua
      justification: Gateways poll PLC tags over OPC UA
    - name: scada-reads-plcs
      from: supervisory
      to: cell-control
      protocol: opcua
      justification: SCADA reads and writes PLC tags
    - name: gateways-to-cloud
      from: edge-dmz
      to: cloud
      protocol: mqtts
      justification: Telemetry to AWS IoT Core

  gateways:
    - name: gw-01
      segment: edge-dmz
      address: 192.168.35.10
      serial: CHANGE-ME-${name}-gw-01    # the device's serial number; unique in the fleet
      hardware: { model: Industrial PC, arch: x86_64 }

  plcs:
    - name: plc-01
      segment: cell-control
      address: 192.168.10.21
      vendor: Siemens
      model: S7-1500
      protocol: opcua

  equipment: []                      # - { name: press-01, type: <a type of fleet.yaml>, plc: plc-01, gateway: gw-01 }

  sensors:
    - name: cabinet-temperature
      kind: temperature
      unit: degC
      gateway: gw-01
      sampleRateHz: 0.1
      transmit: { mode: deadband, threshold: 0.5 }
      thresholds: { warning: 45, critical: 55 }
      source: { protocol: opcua, address: 192.168.10.21, nodeId: "ns=3;s=Cabinet.Temperature" }

  alerts:
    subscribers: []                  # - { email: maintenance@example.com, severities: [critical, warning] }
`;
}

export type InitResult = { file: string } | { error: string } | { usage: string };

/**
 * Write `sites/<name>.yaml`, a starter site that `fleet validate` accepts in this fleet: a valid
 * name that fits the AWS limits with the fleet's prefix, a region of fleet.yaml, a cloud range no
 * other site uses, a serial no other gateway has. Never overwrites a file.
 */
export function writeStarterSite(dir: string, name: string, region: string): InitResult {
    if (!SITE_NAME.test(name)) {
        const guess = suggestSiteName(name);
        return {
            usage: `site name ${show(name)} is not valid; expected 2-31 characters of a-z, 0-9 and -, starting with a letter${guess ? `; did you mean ${show(guess)}?` : ""}`,
        };
    }
    if (!fs.existsSync(path.join(dir, "fleet.yaml"))) return { error: `no fleet.yaml in ${dir}; run in a fleet directory or pass --dir DIR` };
    const fleet = readYamlFile(dir, "fleet.yaml");
    const data = fleet.data as { metadata?: { name?: unknown }; spec?: { regions?: unknown } } | null | undefined;
    const regionMap = data?.spec?.regions;
    if (fleet.diagnostics.some((d) => d.level === "error") || !regionMap || typeof regionMap !== "object") {
        const first = fleet.diagnostics.find((d) => d.level === "error");
        return { error: `fleet.yaml has no readable regions${first ? ` (${formatDiagnostic(first)})` : ""}; fix it first (run \`fleet validate\`)` };
    }
    const regions = Object.keys(regionMap);
    // A region with a shared endpoint VPC gives its sites their cloud: the starter writes no cloudNetwork.
    const shared = (regionMap as Record<string, { network?: { endpoints?: unknown } } | null>)[region]?.network?.endpoints === "shared";
    if (!regions.includes(region)) return { usage: `unknown region ${show(region)}; ${knownList(region, regions, "regions of fleet.yaml")}` };
    const fleetName = typeof data?.metadata?.name === "string" ? data.metadata.name : undefined;
    if (fleetName) {
        for (const { kind, name: awsName } of siteNames(fleetName, name)) {
            const problem = nameProblem(kind, awsName);
            if (problem) return { usage: `site name ${show(name)} is too long for this fleet: ${problem}; pick a shorter name` };
        }
    }
    const used: string[] = [];
    const segmentsUsed: string[] = [];
    for (const rel of siteFiles(dir)) {
        // Read as `fleet validate` does (size, depth and alias limits); a broken site reserves nothing.
        const site = readYamlFile(dir, rel).data as
            { metadata?: { name?: unknown }; spec?: { cloudNetwork?: { cidr?: unknown }; segments?: { cidr?: unknown }[] } } | undefined;
        if (site?.metadata?.name === name && rel !== `sites/${name}.yaml`)
            return { error: `site ${show(name)} already exists in ${rel}; site names are unique in the fleet` };
        const cidr = site?.spec?.cloudNetwork?.cidr;
        if (typeof cidr === "string") used.push(cidr);
        const segments = site?.spec?.segments;
        if (Array.isArray(segments)) for (const seg of segments) if (typeof seg?.cidr === "string") segmentsUsed.push(seg.cidr);
    }
    const rel = `sites/${name}.yaml`;
    const created = createFileAtomic(
        path.join(dir, rel),
        starterSite(name, region, shared ? undefined : freeCloudRange([...used, ...segmentsUsed]), freeSegmentPrefix([...used, ...segmentsUsed])),
    );
    if (!created) return { error: `${rel} already exists; not overwriting it (delete it first, or pick another name)` };
    return { file: rel };
}
