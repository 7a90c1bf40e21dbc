/**
 * Finding what the user named on the command line (a site, a region, a gateway, a stack): the
 * item, or a usage error that names what exists with a "did you mean". The one home of the
 * `unknown site "x"; did you mean …? sites: …` messages every command prints. Pure.
 */
import { FleetError, knownList } from "./diagnostics";
import type { FleetModel, RegionModel, SiteModel } from "./types";

/** `<what> "<name>"; did you mean "…"? <noun>: …` as a FleetError (exit 2, a usage error, unless told). */
export function unknownName(what: string, name: string, known: string[], noun: string, exitCode = 2): FleetError {
    return new FleetError(`${what} ${JSON.stringify(name)}; ${knownList(name, known, noun)}`, [], exitCode);
}

/** The item of `items` named `name`, or the unknownName error over their names. */
export function findNamed<T extends { name: string }>(items: readonly T[], name: string, what: string, noun: string, exitCode = 2): T {
    const hit = items.find((i) => i.name === name);
    if (hit) return hit;
    throw unknownName(
        what,
        name,
        items.map((i) => i.name),
        noun,
        exitCode,
    );
}

/** The site named `name`, or a usage error (exit 2) listing the sites. */
export function findSite(model: FleetModel, name: string): SiteModel {
    return findNamed(model.sites, name, "unknown site", "sites");
}

/** The region named `name`, or a usage error (exit 2) listing the regions of fleet.yaml. */
export function findRegion(model: FleetModel, name: string): RegionModel {
    return findNamed(model.regions, name, "unknown region", "regions of fleet.yaml");
}
