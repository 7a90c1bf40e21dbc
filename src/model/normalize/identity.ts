/**
 * Identity by construction: every name a site derives (IoT thing name = MQTT client id, thing
 * group, IoT policies, IAM roles, role alias, provisioning template, Lambda, Greengrass
 * components, rule group) is unique fleet-wide. Names are joined with `-`, which site and
 * gateway names may contain, so site `a` + gateway `b-c` and site `a-b` + gateway `c` both
 * derive thing `<fleet>-a-b-c`: two devices sharing one identity and one URN. Checking the
 * derived names (rather than changing the separator) keeps every deployed name as it is.
 */
import { show } from "../diagnostics";
import { siteNames, siteResourceNames, type NameKind } from "../names";
import type { PathSegment } from "../yaml";
import type { SiteFile } from "../schema";
import type { SiteModel } from "../types";
import type { Reporter } from "./context";

/** What a derived name identifies, in the words of a message; one namespace each. */
const WHAT: Record<NameKind, string> = {
    thing: "IoT thing name and MQTT client id",
    thingGroup: "IoT thing group name",
    iotPolicy: "IoT policy name",
    provisioningTemplate: "IoT provisioning template name",
    role: "IAM role name",
    roleAlias: "IoT role alias",
    lambda: "Lambda function name",
    ggComponent: "Greengrass component name",
    ruleGroup: "Network Firewall rule group name",
};

interface Derived {
    kind: NameKind;
    name: string;
    /** Who derives it, for messages: `site "a" gateway "b-c"`. */
    by: string;
    site: string;
    rep: Reporter;
    path: PathSegment[];
}

/** Every name a site derives, with where in its file the name comes from. */
function derivedNames(fleet: string, site: SiteModel, rep: Reporter): Derived[] {
    const out: Derived[] = siteNames(fleet, site.name).map(({ kind, name }) => ({
        kind,
        name,
        by: `site ${show(site.name)}`,
        site: site.name,
        rep,
        path: ["metadata", "name"],
    }));
    const written = ((rep.parsed.data as SiteFile | undefined)?.spec?.gateways ?? []).map((g) => g.name);
    for (const g of site.gateways) {
        const i = written.indexOf(g.name);
        out.push({
            kind: "thing",
            name: siteResourceNames.thing(fleet, site.name, g.name),
            by: `site ${show(site.name)} gateway ${show(g.name)}`,
            site: site.name,
            rep,
            path: i >= 0 ? ["spec", "gateways", i, "name"] : ["metadata", "name"],
        });
    }
    return out;
}

/**
 * Report every derived name that two sites share, at both sites, each message naming the other
 * site's file:line. Linear in the number of names (one map per namespace).
 */
export function checkIdentities(fleet: string, sites: readonly { site: SiteModel; rep: Reporter }[]): void {
    const seen = new Map<string, Derived>();
    for (const { site, rep } of sites) {
        for (const d of derivedNames(fleet, site, rep)) {
            const key = `${d.kind}\u0000${d.name}`;
            const first = seen.get(key);
            if (!first) {
                seen.set(key, d);
                continue;
            }
            // The same site twice is reported as a duplicate site name (fleet-checks).
            if (first.site === d.site) continue;
            const where = (x: Derived) => {
                const at = x.rep.at(x.path);
                return `${at.file}:${at.line}`;
            };
            const fix = "rename one gateway or site (site and gateway names are joined with '-', so the parts can shift between them)";
            d.rep.error(d.path, `${WHAT[d.kind]} ${show(d.name)} of ${d.by} is also derived by ${first.by} (${where(first)}); ${fix}`);
            first.rep.error(first.path, `${WHAT[d.kind]} ${show(d.name)} of ${first.by} is also derived by ${d.by} (${where(d)}); ${fix}`);
        }
    }
}
