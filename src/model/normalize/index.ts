/**
 * Semantic checks and normalization, in one pass over schema-valid files: every rule of
 * "Meaning that the schema alone cannot check" in the format doc, with defaults applied and
 * equipment types expanded on the way. Pure: files in, model and findings out. One file per
 * concern: context (shared state), values, fleet, segments, devices, conduits, equipment,
 * connectivity, suppressions, fleet-checks.
 */
import { knownList, show } from "../diagnostics";
import { nameProblem, siteNames } from "../names";
import type { SiteFile } from "../schema";
import type { FleetModel, Severity, SiteModel } from "../types";
import { claimCsr } from "./claim";
import { byName, cmp, DEFAULT_OFFLINE_BUFFER_MIB, SEVERITY_ORDER, siteContext, type Reporter, type SiteContext, type SiteInputs } from "./context";
import { normalizeConduits } from "./conduits";
import { checkConnectivity } from "./connectivity";
import { normalizeDevices } from "./devices";
import { normalizeEquipment } from "./equipment";
import { normalizeSegments } from "./segments";
import { normalizeSuppressions } from "./suppressions";
import { retention } from "./values";

export {
    BANDWIDTH_WARN_SHARE,
    CLOUD,
    DEFAULT_NUCLEUS,
    DEFAULT_OFFLINE_BUFFER_MIB,
    DEFAULT_RETENTION,
    num,
    readFleetText,
    Reporter,
    TARGET_KINDS,
    type SiteInputs,
} from "./context";
export { checkFleetWide } from "./fleet-checks";
export { normalizeFleet } from "./fleet";

/**
 * What `cloud` is for the site: its own landing range, or the region's endpoint VPC when the
 * region's endpoints are `shared` (a written cloudNetwork is then ignored, with a warning). A
 * site of a per-site region must write one.
 */
function cloudNetwork(ctx: SiteContext, regionName: string): SiteModel["cloudNetwork"] {
    const { spec, rep, sharedEndpoints: region } = ctx;
    if (region) {
        if (spec.cloudNetwork)
            rep.warn(
                ["spec", "cloudNetwork"],
                `ignored: region ${region.name} has a shared endpoint VPC (fleet.yaml spec.regions.${region.name}.network.endpoints: shared), so the site's cloud is ${region.network.endpointCidr}; remove cloudNetwork from this file`,
                "key",
            );
        return { cidr: region.network.endpointCidr, shared: true };
    }
    if (!spec.cloudNetwork) {
        rep.error(
            ["spec", "cloudNetwork"],
            `required: region ${regionName} keeps a landing VPC per site (fleet.yaml spec.regions.${regionName}.network.endpoints absent or per-site); add cloudNetwork: { cidr: <a private /27 or larger, unique in the fleet> } or set the region's endpoints to shared`,
        );
        return { cidr: "" };
    }
    return { cidr: spec.cloudNetwork.cidr };
}

/** Check one schema-valid site file against the fleet and normalize it. */
export function normalizeSite(file: SiteFile, rep: Reporter, fleet: FleetModel, look: SiteInputs): SiteModel {
    const ctx = siteContext(file, rep, fleet, look);
    const { spec, siteName, S } = ctx;

    const regionNames = fleet.regions.map((r) => r.name);
    if (!regionNames.includes(file.metadata.region)) {
        rep.error(
            ["metadata", "region"],
            `unknown region ${show(file.metadata.region)}; ${knownList(file.metadata.region, regionNames, "regions of fleet.yaml")}`,
        );
    }
    for (const { kind, name } of siteNames(fleet.name, siteName)) {
        const problem = nameProblem(kind, name);
        if (problem) rep.error(["metadata", "name"], `${problem}; shorten the site name (or the fleet name ${show(fleet.name)})`);
    }
    for (const [j, prev] of (file.metadata.previousNames ?? []).entries()) {
        if (prev === siteName) rep.error(["metadata", "previousNames", j], `${show(prev)} is the site's current name; list only earlier names`);
    }

    const seg = normalizeSegments(ctx);
    const dev = normalizeDevices(ctx, seg);
    const con = normalizeConduits(ctx, seg, dev);
    const { equipment, sensors } = normalizeEquipment(ctx, seg, dev, con);
    const plannedBytesPerSecond = checkConnectivity(ctx, sensors);
    const suppressions = normalizeSuppressions(ctx, seg.segmentNames, dev, equipment, sensors);
    const claimCsrPem = claimCsr(ctx, dev.mode);
    const { mode, gateways, plcs } = dev;
    const { segments } = seg;
    const { conduits } = con;

    return {
        name: siteName,
        region: file.metadata.region,
        file: rep.parsed.file,
        labels: { ...(file.metadata.labels ?? {}) },
        previousNames: [...new Set(file.metadata.previousNames ?? [])].sort(cmp),
        location: { ...(spec.location ?? {}) },
        connectivity: {
            uplink: spec.connectivity.uplink,
            bandwidthKbps: spec.connectivity.bandwidthKbps,
            offlineBufferMiB: spec.connectivity.offlineBufferMiB ?? DEFAULT_OFFLINE_BUFFER_MIB,
            ...(spec.connectivity.vpn ? { vpn: { ...spec.connectivity.vpn } } : {}),
        },
        cloudNetwork: cloudNetwork(ctx, file.metadata.region),
        provisioning: { mode, ...(claimCsrPem !== undefined ? { claimCsrPem } : {}) },
        // Lists are sorted by their stable keys (names), never left in file order.
        segments: byName(segments),
        conduits: byName(conduits),
        gateways: byName(gateways),
        plcs: byName(plcs),
        equipment: byName(equipment),
        sensors,
        alerts: {
            subscribers: (spec.alerts?.subscribers ?? [])
                .map((s) => ({
                    email: s.email,
                    severities: (s.severities ? [...s.severities] : ["critical", "warning", "info"]).sort(
                        (a, b) => SEVERITY_ORDER.indexOf(a) - SEVERITY_ORDER.indexOf(b),
                    ) as Severity[],
                }))
                .sort((a, b) => cmp(a.email, b.email) || cmp(a.severities.join(), b.severities.join())),
        },
        retention: retention(spec.retention, fleet.defaults.retention, rep, S("retention")),
        suppressions: suppressions.sort((a, b) => cmp(a.policy, b.policy) || cmp(a.target, b.target)),
        plannedBytesPerSecond,
    };
}
