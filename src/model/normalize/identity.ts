/**
 * Identity by construction: every name a site derives (IoT thing name = MQTT client id, thing
 * group, IoT policies, IAM roles, role alias, provisioning template, Lambda, Greengrass
 * components, rule group) is unique fleet-wide. Names are joined with `-`, which site and
 * gateway names may contain, so site `a` + gateway `b-c` and site `a-b` + gateway `c` both
 * derive thing `<fleet>-a-b-c`: two devices sharing one identity and one URN. Checking the
 * derived names (rather than changing the separator) keeps every deployed name as it is.
 *
 * The Pulumi names of the device identities are checked too, within a site as well as across
 * sites: a gateway's thing, certificate and attachments are named `<site>-<gateway>-<role>`
 * (components/site/provisioning.ts) and answer to `<previous site>-<previous gateway>-<role>`
 * for every previous name (aliases); a fleet-claim site's claim certificate and its attachment
 * are `<site>-claim-<role>`, the same types and roles. Two of those stems that are equal are one
 * URN (or an alias that takes over another resource's state): a site renamed from `s-q` with
 * gateways `g1` and `q-g1` is such a site.
 */
import { show } from "../diagnostics";
import { siteNames, siteResourceNames, type NameKind } from "../names";
import type { PathSegment } from "../yaml";
import type { SiteFile } from "../schema";
import type { SiteModel } from "../types";
import type { Reporter } from "./context";

/** A namespace of derived names: an AWS name rule's, or the Pulumi name stem of device identities. */
type IdentityKind = NameKind | "resourceStem";

/** What a derived name identifies, in the words of a message; one namespace each. */
const WHAT: Record<IdentityKind, string> = {
    resourceStem: "Pulumi name stem of the device identity resources (thing, certificate and their attachments)",
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
    kind: IdentityKind;
    name: string;
    /** Who derives it, for messages: `site "a" gateway "b-c"`. */
    by: string;
    site: string;
    /** The gateway that derives it; undefined for the site's own names. */
    gateway?: string;
    /** A gateway's current stem: equal to another's exactly when their thing names are (reported as such). */
    likeThing?: boolean;
    /** The site name a stem starts with (current or previous). */
    sitePart?: string;
    rep: Reporter;
    path: PathSegment[];
}

/**
 * The Pulumi name stems of a site's device identities: its current stems and, as aliases, every
 * stem of a previous site name or previous gateway name. Gateways of csr and aws-generated sites
 * have resources; a fleet-claim site has its claim certificate (stem `<site>-claim`).
 */
function resourceStems(site: SiteModel, rep: Reporter, gatewayPath: (g: string) => PathSegment[]): Derived[] {
    const file = rep.parsed.data as SiteFile | undefined;
    const sitePrev = file?.metadata?.previousNames ?? [];
    const siteNamesOf = [{ name: site.name, as: "", path: undefined as PathSegment[] | undefined }].concat(
        site.previousNames.map((p) => ({ name: p, as: `previous name ${show(p)}`, path: ["metadata", "previousNames", Math.max(0, sitePrev.indexOf(p))] })),
    );
    const out: Derived[] = [];
    const add = (sitePart: string, rest: string, by: string, gateway: string | undefined, path: PathSegment[], likeThing = false) =>
        out.push({ kind: "resourceStem", name: `${sitePart}-${rest}`, by, site: site.name, gateway, rep, path, likeThing, sitePart });
    if (site.provisioning.mode === "fleet-claim") {
        for (const s of siteNamesOf)
            add(s.name, "claim", `site ${show(site.name)} claim certificate${s.as ? ` (as its ${s.as})` : ""}`, undefined, s.path ?? ["metadata", "name"]);
        return out;
    }
    const written = (file?.spec?.gateways ?? []).map((g) => g.name);
    for (const g of site.gateways) {
        const i = written.indexOf(g.name);
        const gwPrev = i >= 0 ? (file!.spec.gateways[i].previousNames ?? []) : [];
        const gwNames = [{ name: g.name, as: "", path: undefined as PathSegment[] | undefined }].concat(
            g.previousNames.map((p) => ({
                name: p,
                as: `previous name ${show(p)}`,
                path: i >= 0 ? ["spec", "gateways", i, "previousNames", Math.max(0, gwPrev.indexOf(p))] : undefined,
            })),
        );
        for (const s of siteNamesOf)
            for (const w of gwNames) {
                const as = [s.as && `site ${s.as}`, w.as && `gateway ${w.as}`].filter(Boolean).join(" and ");
                add(
                    s.name,
                    w.name,
                    `site ${show(site.name)} gateway ${show(g.name)}${as ? ` (as its ${as})` : ""}`,
                    g.name,
                    w.path ?? s.path ?? gatewayPath(g.name),
                    !as,
                );
            }
    }
    return out;
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
    const gatewayPath = (name: string): PathSegment[] => {
        const i = written.indexOf(name);
        return i >= 0 ? ["spec", "gateways", i, "name"] : ["metadata", "name"];
    };
    for (const g of site.gateways) {
        out.push({
            kind: "thing",
            name: siteResourceNames.thing(fleet, site.name, g.name),
            by: `site ${show(site.name)} gateway ${show(g.name)}`,
            site: site.name,
            gateway: g.name,
            rep,
            path: gatewayPath(g.name),
        });
    }
    out.push(...resourceStems(site, rep, gatewayPath));
    return out;
}

/**
 * Report every derived name that two sites, or two gateways of one site, share: at both, each
 * message naming the other's file:line. Linear in the number of names (one map per namespace).
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
            // The same site in two files is reported as a duplicate site name (fleet-checks), the
            // same gateway twice as a duplicate gateway name, and one gateway's own aliases are no collision.
            if (first.site === d.site && (first.rep !== d.rep || first.gateway === d.gateway)) continue;
            if (first.likeThing && d.likeThing) continue;
            // Two sites' stems from one site name: a duplicate site or previous name, reported as such (fleet-checks).
            if (first.sitePart !== undefined && first.sitePart === d.sitePart && first.site !== d.site) continue;
            const where = (x: Derived) => {
                const at = x.rep.at(x.path);
                return `${at.file}:${at.line}`;
            };
            const fix =
                d.kind === "resourceStem" && (d.by.includes("(as its") || first.by.includes("(as its"))
                    ? "rename one gateway, or drop the previous name (a previous name keeps the old resource names as aliases)"
                    : "rename one gateway or site (site and gateway names are joined with '-', so the parts can shift between them)";
            d.rep.error(d.path, `${WHAT[d.kind]} ${show(d.name)} of ${d.by} is also derived by ${first.by} (${where(first)}); ${fix}`);
            first.rep.error(first.path, `${WHAT[d.kind]} ${show(d.name)} of ${first.by} is also derived by ${d.by} (${where(d)}); ${fix}`);
        }
    }
}
