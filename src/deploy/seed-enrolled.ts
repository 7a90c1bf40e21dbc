/**
 * `fleet certs seed-enrolled`: after the upgrade to the region's pre-provisioning hook
 * (docs/operations.md, "Upgrading a deployed fleet to the shared pieces", step 2), record every
 * gateway that already enrolled in the region's table of enrolled serials, so a claim-key holder
 * cannot enrol it a second time. Through the AWS SDK: ListThingsInThingGroup on each fleet-claim
 * site's group, DescribeThing (its `serial` attribute, set by the provisioning template:
 * src/edge/provisioning.ts thingAttributes), ListThingPrincipals (its certificate), then one
 * conditional PutItem per serial (`attribute_not_exists(serial)`, as the hook writes), so a serial
 * already recorded is left as it is and a second run changes nothing.
 */
import { ConditionalCheckFailedException, DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { DescribeThingCommand, IoTClient, ListThingPrincipalsCommand, ListThingsInThingGroupCommand } from "@aws-sdk/client-iot";
import { FleetError } from "../model/diagnostics";
import { findSite, unknownName } from "../model/lookup";
import type { FleetModel, SiteModel } from "../model/types";
import { names } from "../naming";

/** The region's table of enrolled serials (components/region/provisioning.ts). */
export const enrolledTableName = (fleet: string): string => names.enrolledSerialsTable(fleet);

export interface SeedOptions {
    /** Only the sites of this region. */
    region?: string;
    /** Only these sites (each must be a fleet-claim site). */
    sites?: string[];
    /** List what would be written; write nothing. */
    dryRun?: boolean;
}

export type SeedOutcome = "recorded" | "already-recorded" | "would-record" | "no-serial";

export interface SeedEntry {
    region: string;
    site: string;
    thingName: string;
    serial?: string;
    certificateId?: string;
    outcome: SeedOutcome;
}

export interface SeedClients {
    iot(region: string): IoTClient;
    dynamo(region: string): DynamoDBClient;
}

const defaultClients = (): SeedClients => {
    const iot = new Map<string, IoTClient>();
    const dynamo = new Map<string, DynamoDBClient>();
    return {
        iot: (r) => iot.get(r) ?? iot.set(r, new IoTClient({ region: r })).get(r)!,
        dynamo: (r) => dynamo.get(r) ?? dynamo.set(r, new DynamoDBClient({ region: r })).get(r)!,
    };
};

/** The fleet-claim sites the options select; errors name what exists. */
export function seedSites(model: FleetModel, opts: SeedOptions): SiteModel[] {
    const claim = model.sites.filter((s) => s.provisioning.mode === "fleet-claim");
    if (opts.region && !model.regions.some((r) => r.name === opts.region))
        throw unknownName(
            "unknown region",
            opts.region,
            model.regions.map((r) => r.name),
            "regions",
        );
    for (const name of opts.sites ?? []) {
        const site = findSite(model, name);
        if (site.provisioning.mode !== "fleet-claim")
            throw new FleetError(`site ${name} provisions with ${site.provisioning.mode}, not fleet-claim: the hook and its table are not used by it`, [], 2);
    }
    return claim.filter((s) => (!opts.region || s.region === opts.region) && (!opts.sites || opts.sites.includes(s.name)));
}

async function thingsInGroup(iot: IoTClient, group: string): Promise<string[]> {
    const out: string[] = [];
    let nextToken: string | undefined;
    do {
        const res = await iot.send(new ListThingsInThingGroupCommand({ thingGroupName: group, nextToken }));
        out.push(...(res.things ?? []));
        nextToken = res.nextToken;
    } while (nextToken);
    return out.sort();
}

async function certificateOf(iot: IoTClient, thingName: string): Promise<string | undefined> {
    const res = await iot.send(new ListThingPrincipalsCommand({ thingName }));
    for (const arn of res.principals ?? []) {
        const m = /:cert\/([0-9a-f]{64})$/.exec(arn);
        if (m) return m[1];
    }
    return undefined;
}

/**
 * Seeds the table for the selected sites. A thing with no `serial` attribute takes the serial the
 * site file gives its gateway; with neither it is reported (`no-serial`) and nothing is written.
 */
export async function seedEnrolled(
    model: FleetModel,
    opts: SeedOptions = {},
    clients: SeedClients = defaultClients(),
    now = () => new Date(),
): Promise<SeedEntry[]> {
    const out: SeedEntry[] = [];
    for (const site of seedSites(model, opts)) {
        const iot = clients.iot(site.region);
        for (const thingName of await thingsInGroup(iot, names.thingGroup(model.name, site.name))) {
            const thing = await iot.send(new DescribeThingCommand({ thingName }));
            const serial = thing.attributes?.serial ?? site.gateways.find((g) => g.thingName === thingName)?.serial;
            const base = { region: site.region, site: site.name, thingName };
            if (!serial) {
                out.push({ ...base, outcome: "no-serial" });
                continue;
            }
            const certificateId = await certificateOf(iot, thingName);
            const entry = { ...base, serial, ...(certificateId ? { certificateId } : {}) };
            if (opts.dryRun) {
                out.push({ ...entry, outcome: "would-record" });
                continue;
            }
            try {
                await clients.dynamo(site.region).send(
                    new PutItemCommand({
                        TableName: enrolledTableName(model.name),
                        Item: {
                            serial: { S: serial },
                            site: { S: site.name },
                            thingName: { S: thingName },
                            certificateId: { S: certificateId ?? "" },
                            enrolledAt: { S: now().toISOString() },
                            seededBy: { S: "fleet certs seed-enrolled" },
                        },
                        ConditionExpression: "attribute_not_exists(serial)",
                    }),
                );
                out.push({ ...entry, outcome: "recorded" });
            } catch (e) {
                if (!(e instanceof ConditionalCheckFailedException)) throw e;
                out.push({ ...entry, outcome: "already-recorded" });
            }
        }
    }
    return out;
}
