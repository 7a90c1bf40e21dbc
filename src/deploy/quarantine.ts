/**
 * `fleet quarantine release`: take a gateway out of its region's quarantine thing group
 * (docs/security-operations.md). Through the AWS SDK (IoT): ListThingGroupsForThing,
 * RemoveThingFromThingGroup, ListThingPrincipals, DescribeCertificate. Release never
 * reactivates a certificate Device Defender deactivated: the gateway re-enrols for a new one.
 */
import {
    DescribeCertificateCommand,
    IoTClient,
    ListThingGroupsForThingCommand,
    ListThingPrincipalsCommand,
    RemoveThingFromThingGroupCommand,
} from "@aws-sdk/client-iot";
import { FleetError } from "../model/diagnostics";
import { findNamed, findSite } from "../model/lookup";
import type { FleetModel } from "../model/types";
import { remediationNames } from "../region/remediation";

export interface ReleaseRequest {
    site: string;
    gateway: string;
    reason: string;
}

export interface ReleaseResult {
    region: string;
    thingName: string;
    group: string;
    /** False when the gateway was not in quarantine (nothing changed). */
    released: boolean;
    /** Certificates of the thing that are not ACTIVE: the gateway must re-enrol. */
    inactiveCertificates: string[];
    /** One JSON line for the audit trail. */
    audit: string;
}

/** The gateway's thing and region from the fleet files; errors name what exists. */
export function releaseTarget(model: FleetModel, req: ReleaseRequest): { region: string; thingName: string; group: string } {
    if (!req.reason.trim()) throw new FleetError("--reason is empty; say why the gateway may leave quarantine (it is written to the audit line)", [], 2);
    const site = findSite(model, req.site);
    const gateway = findNamed(site.gateways, req.gateway, `site ${site.name} has no gateway`, "its gateways");
    return { region: site.region, thingName: gateway.thingName, group: remediationNames.quarantineGroup(model.name) };
}

async function groupsOf(iot: IoTClient, thingName: string): Promise<string[]> {
    const out: string[] = [];
    let nextToken: string | undefined;
    do {
        const res = await iot.send(new ListThingGroupsForThingCommand({ thingName, nextToken }));
        for (const g of res.thingGroups ?? []) if (g.groupName) out.push(g.groupName);
        nextToken = res.nextToken;
    } while (nextToken);
    return out;
}

async function inactiveCertificates(iot: IoTClient, thingName: string): Promise<string[]> {
    const out: string[] = [];
    let nextToken: string | undefined;
    do {
        const res = await iot.send(new ListThingPrincipalsCommand({ thingName, nextToken }));
        for (const arn of res.principals ?? []) {
            const m = /:cert\/([0-9a-f]{64})$/.exec(arn);
            if (!m) continue;
            const cert = await iot.send(new DescribeCertificateCommand({ certificateId: m[1] }));
            const status = cert.certificateDescription?.status;
            if (status !== "ACTIVE") out.push(`${m[1]} (${status ?? "unknown"})`);
        }
        nextToken = res.nextToken;
    } while (nextToken);
    return out;
}

/** Releases the gateway; idempotent (a gateway not in quarantine is reported, not an error). */
export async function releaseGateway(model: FleetModel, req: ReleaseRequest, client?: IoTClient, now = () => new Date()): Promise<ReleaseResult> {
    const t = releaseTarget(model, req);
    const iot = client ?? new IoTClient({ region: t.region });
    const quarantined = (await groupsOf(iot, t.thingName)).includes(t.group);
    if (quarantined) await iot.send(new RemoveThingFromThingGroupCommand({ thingGroupName: t.group, thingName: t.thingName }));
    const inactive = await inactiveCertificates(iot, t.thingName);
    const audit = JSON.stringify({
        event: "quarantine-release",
        at: now().toISOString(),
        region: t.region,
        site: req.site,
        gateway: req.gateway,
        thingName: t.thingName,
        released: quarantined,
        reason: req.reason.trim(),
    });
    return { ...t, released: quarantined, inactiveCertificates: inactive, audit };
}
