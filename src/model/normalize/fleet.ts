/** fleet.yaml: defaults, equipment types and regions. */
import { didYouMean, show } from "../diagnostics";
import { isPrivate, overlaps, parseCidr } from "../cidr";
import { AWS_REGIONS } from "../regions";
import { DATA_VPC_CIDR, DEFAULT_ENDPOINT_CIDR, DEFAULT_INSPECTION_CIDR, LANDING_MAX_PREFIX, WORKLOAD_CIDR } from "../routed";
import type { PathSegment } from "../yaml";
import { FLEET_NAME_PATTERN, type FleetFile } from "../schema";
import type { EquipmentTypeModel, FleetModel, RegionModel } from "../types";
import { cmp, DEFAULT_NUCLEUS, DEFAULT_RETENTION, type Reporter } from "./context";
import { retention, typeSensor } from "./values";

/**
 * What a fleet name with `-` overlaps, or undefined for a name without it. Every name fleet F
 * derives is `F-...` and F's fleet-wide scopes are `thing/F-*`, `thinggroup/F-*` and
 * `policy/F-*-gateway` (provisioning and mitigation roles), so fleets F and G of one account and
 * region overlap exactly when one name starts with the other and `-`: the shorter one's scopes
 * match every name of the longer, and the longer one's match the shorter one's names that start
 * with the longer name and `-`; a name with `-` that no valid fleet name overlaps (a-bcdefghijklmno)
 * has no warning. test/model/fleet-scope.test.ts asks the IAM simulator.
 */
export function fleetNameOverlap(name: string): string | undefined {
    if (!name.includes("-")) return undefined;
    const valid = new RegExp(FLEET_NAME_PATTERN);
    // a fleet named `${name}-<x>` exists only while it fits the 16 characters
    const longer = valid.test(`${name}-x`) ? ` also match the names of a fleet named ${name}-<x> in the same account and region;` : "";
    const shorter = [...name.matchAll(/-/g)].map((m) => name.slice(0, m.index)).filter((p) => valid.test(p));
    if (!longer && shorter.length === 0) return undefined; // e.g. a-bcdefghijklmno: no fleet name overlaps it
    const scopes = `the fleet-wide scopes thing/${name}-*, thinggroup/${name}-* and policy/${name}-*-gateway`;
    const named = `a fleet named ${shorter.join(" or ")}`;
    const that = shorter.length === 1 ? "that fleet" : "those fleets";
    const overlap = !longer
        ? `${scopes} match the names of ${named} that start with ${name}- in the same account and region, and the same scopes of ${that} match every thing, thing group and gateway policy of this fleet;`
        : shorter.length === 0
          ? `${scopes}${longer}`
          : `${scopes}${longer} there, ${named} has the same scopes, which match every thing, thing group and gateway policy of this fleet, while this fleet's match the names of ${that} that start with ${name}-;`;
    return `fleet name ${name} contains '-': ${overlap} name new fleets without '-' (a rename replaces every resource)`;
}

/**
 * A region's endpoint VPC range (default DEFAULT_ENDPOINT_CIDR): private, /16 to /27 (two
 * subnets of /28 or more, one per AZ) and clear of the regional VPCs. Overlaps with site ranges
 * are reported here too, at endpointCidr, once every site is read (routed-checks.ts).
 */
function endpointCidr(written: string | undefined, rep: Reporter, path: PathSegment[]): string {
    if (written === undefined) return DEFAULT_ENDPOINT_CIDR;
    const c = parseCidr(written);
    const fix = `use a private /16 to /${LANDING_MAX_PREFIX} clear of the regional VPCs, e.g. the default ${DEFAULT_ENDPOINT_CIDR}`;
    if ("error" in c) rep.error(path, c.error);
    else if (!isPrivate(c.cidr)) rep.error(path, `${show(written)} is not a private range; ${fix}`);
    else if (c.cidr.prefix < 16 || c.cidr.prefix > LANDING_MAX_PREFIX)
        rep.error(path, `${show(written)} cannot be the endpoint VPC: it needs /16 to /${LANDING_MAX_PREFIX} (two subnets, one per Availability Zone); ${fix}`);
    else {
        const regional: [string, string][] = [
            ["the regional inspection VPC", DEFAULT_INSPECTION_CIDR],
            ["the regional workload VPC", WORKLOAD_CIDR],
            ["the regional data VPC", DATA_VPC_CIDR],
        ];
        for (const [owner, text] of regional) {
            const other = parseCidr(text);
            if ("cidr" in other && overlaps(c.cidr, other.cidr)) rep.error(path, `${show(written)} overlaps ${owner} (${text}); ${fix}`);
        }
    }
    return written;
}

/** Check and normalize fleet.yaml. */
export function normalizeFleet(file: FleetFile, rep: Reporter, dir: string): FleetModel {
    const spec = file.spec;
    const overlap = fleetNameOverlap(file.metadata.name);
    if (overlap) rep.warn(["metadata", "name"], overlap);
    const defaults = {
        provisioning: spec.defaults?.provisioning ?? "fleet-claim",
        retention: retention(spec.defaults?.retention ?? DEFAULT_RETENTION, undefined, rep, ["spec", "defaults", "retention"]),
        nucleusVersion: spec.defaults?.greengrass?.nucleusVersion ?? DEFAULT_NUCLEUS,
        // Only when given: a fleet without it keeps the defaults it had (and validate warns).
        ...(spec.defaults?.greengrass?.nucleusSha256 !== undefined ? { nucleusSha256: spec.defaults.greengrass.nucleusSha256 } : {}),
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
        .sort(([a], [b]) => cmp(a, b))
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
                    forecasting: a.forecasting ?? false,
                },
                alerts: { email: r.alerts?.email ?? [] },
                production: r.production ?? false,
                network: {
                    endpoints: r.network?.endpoints ?? "per-site",
                    endpointCidr: endpointCidr(r.network?.endpointCidr, rep, ["spec", "regions", name, "network", "endpointCidr"]),
                },
                sites: [],
            };
        });
    return { name: file.metadata.name, dir, tags: { ...(spec.tags ?? {}) }, defaults, regions, equipmentTypes, sites: [] };
}
