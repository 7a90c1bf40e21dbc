/**
 * What the regional network needs of the sites of a region, beyond what `fleet validate` checks
 * per site: attached sites share one routed network (the Transit Gateway), so the ranges AWS
 * routes to (cloudNetwork) and back to (segments that open flows to the cloud) must be unique
 * in the region and clear of the inspection VPC; a landing VPC needs /27 or larger.
 */
import { overlaps, parseCidr, type Cidr } from "../model/cidr";
import type { SiteModel } from "../model/types";
import { landingPlan } from "./cidr-plan";
import { cloudSourceCidrs, isAttached } from "./flows";

interface Claim {
    owner: string;
    file: string;
    field: string;
    cidr: Cidr;
}

/** Problems, each starting with the site file and field, saying what to change; empty when fine. */
export function regionNetworkProblems(sites: SiteModel[], inspectionCidr: string): string[] {
    const problems: string[] = [];
    const claims: Claim[] = [];
    const insp = parseCidr(inspectionCidr);
    if ("cidr" in insp) claims.push({ owner: "the regional inspection VPC", file: "", field: "", cidr: insp.cidr });
    const attached = [...sites].filter((s) => isAttached(s.connectivity.uplink)).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const site of attached) {
        const landing = landingPlan(site.cloudNetwork.cidr);
        if ("error" in landing) problems.push(`${site.file}: cloudNetwork.cidr: ${landing.error}`);
        const mine: Claim[] = [];
        const cloud = parseCidr(site.cloudNetwork.cidr);
        if ("cidr" in cloud) mine.push({ owner: `the cloudNetwork of site ${site.name}`, file: site.file, field: "cloudNetwork.cidr", cidr: cloud.cidr });
        for (const cidr of cloudSourceCidrs(site)) {
            const seg = site.segments.find((s) => s.cidr === cidr)!;
            const c = parseCidr(cidr);
            if ("cidr" in c)
                mine.push({ owner: `segment ${seg.name} of site ${site.name}`, file: site.file, field: `segments.${seg.name}.cidr`, cidr: c.cidr });
        }
        for (const m of mine) {
            for (const o of claims) {
                if (overlaps(m.cidr, o.cidr)) {
                    problems.push(
                        `${m.file}: ${m.field}: ${m.cidr.text} overlaps ${o.owner} (${o.cidr.text}); sites attached to one region's Transit Gateway share a routed network, so ranges AWS routes must be unique in the region`,
                    );
                }
            }
        }
        claims.push(...mine);
    }
    return problems;
}
