/** The site's networks: its cloud attachment range, its zones (segments) and the addresses in them. */
import { contains, isPrivate, overlaps, parseCidr, parseIpv4, type Cidr } from "../cidr";
import { knownList, show } from "../diagnostics";
import type { PurdueLevel, SegmentModel } from "../types";
import type { PathSegment } from "../yaml";
import type { SiteContext } from "./context";

export interface SiteSegments {
    cloud: ReturnType<typeof parseCidr>;
    segments: SegmentModel[];
    segCidr: Map<string, Cidr>;
    segLevel: Map<string, PurdueLevel>;
    segmentNames: string[];
    /** `name cidr, ...` of every segment, for messages. */
    segmentList: () => string;
    /** Whether a segment name is known; reports it when not. */
    resolveSegment: (path: PathSegment[], value: string) => boolean;
    /** Check a device address against its segment and the addresses already used. */
    checkAddress: (path: PathSegment[], address: string, segment: string, owner: string) => void;
}

export function normalizeSegments(ctx: SiteContext): SiteSegments {
    const { spec, rep, S, unique } = ctx;
    // Networks: the site's cloud attachment range and its zones. A shared-mode site has none of its
    // own (normalizeSite reports one that is written); its segments meet the region's endpoint VPC
    // in the region's checks (routed-checks.ts).
    const written = ctx.sharedEndpoints ? undefined : spec.cloudNetwork?.cidr;
    const cloud = written === undefined ? ({ error: "none" } as const) : parseCidr(written);
    if (written === undefined) {
        // nothing to check
    } else if ("error" in cloud) rep.error(S("cloudNetwork", "cidr"), cloud.error);
    else if (!isPrivate(cloud.cidr))
        rep.error(S("cloudNetwork", "cidr"), `${show(written)} is not a private range; use part of 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10`);
    else if (cloud.cidr.prefix > 28)
        rep.error(S("cloudNetwork", "cidr"), `${show(written)} is smaller than /28, the smallest range AWS can attach; use a prefix of /28 or less`);

    unique(spec.segments, "segments", "segment");
    const segCidr = new Map<string, Cidr>();
    const segments: SegmentModel[] = spec.segments.map((s, i) => {
        const c = parseCidr(s.cidr);
        if ("error" in c) rep.error(S("segments", i, "cidr"), c.error);
        else {
            for (const [other, oc] of segCidr) {
                if (overlaps(c.cidr, oc))
                    rep.error(S("segments", i, "cidr"), `${show(s.cidr)} overlaps segment ${show(other)} (${oc.text}); segment ranges must not overlap`);
            }
            if ("cidr" in cloud && overlaps(c.cidr, cloud.cidr)) {
                rep.error(
                    S("segments", i, "cidr"),
                    `${show(s.cidr)} overlaps the site's cloudNetwork ${cloud.cidr.text}; plant and cloud ranges must be distinct to route between them`,
                );
            }
            if (!segCidr.has(s.name)) segCidr.set(s.name, c.cidr);
        }
        return { name: s.name, purdueLevel: s.purdueLevel as PurdueLevel, cidr: s.cidr, description: s.description, at: rep.at(S("segments", i)) };
    });
    // A duplicate segment name is reported above; the first definition is the one used.
    const segLevel = new Map<string, PurdueLevel>();
    for (const s of segments) if (!segLevel.has(s.name)) segLevel.set(s.name, s.purdueLevel);
    const segmentNames = [...segLevel.keys()];
    const segmentList = () => [...segCidr].map(([n, c]) => `${n} ${c.text}`).join(", ");

    const resolveSegment = (path: PathSegment[], value: string): boolean => {
        if (segLevel.has(value)) return true;
        rep.error(path, `unknown segment ${show(value)}; ${knownList(value, segmentNames)}`);
        return false;
    };
    const usedAddresses = new Map<number, string>();
    const checkAddress = (path: PathSegment[], address: string, segment: string, owner: string) => {
        const ip = parseIpv4(address);
        if (ip === undefined) {
            rep.error(path, `${show(address)} is not an IPv4 address; expected four numbers 0-255, e.g. 192.168.10.21`);
            return;
        }
        const c = segCidr.get(segment);
        if (c && !contains(c, ip)) rep.error(path, `${show(address)} is outside segment ${show(segment)} (${c.text}); pick an address in ${c.text}`);
        else if (c && c.prefix < 31 && (ip === c.first || ip === c.last)) {
            rep.error(
                path,
                `${show(address)} is the ${ip === c.first ? "network" : "broadcast"} address of segment ${show(segment)} (${c.text}); pick a host address`,
            );
        }
        const other = usedAddresses.get(ip);
        if (other) rep.error(path, `${show(address)} is already used by ${other}; each device has its own address`);
        else usedAddresses.set(ip, owner);
    };

    return { cloud, segments, segCidr, segLevel, segmentNames, segmentList, resolveSegment, checkAddress };
}
