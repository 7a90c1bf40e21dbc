/**
 * The region's pre-provisioning hook: every fleet-claim site's provisioning template names it.
 * AWS IoT calls it synchronously before it registers a gateway; it admits a serial only when
 * (1) the serial is listed in the site file of the template's site and (2) the serial never
 * enrolled before: a conditional write (`attribute_not_exists`) to the region's table of
 * enrolled serials. A claim-key holder can therefore not mint a second certificate for a
 * gateway that already enrolled; re-enrolment is an operator's act that deletes the serial's
 * entry and records why (docs/operations.md, "Re-enrolling a gateway").
 *
 * The site comes from the template's name (`<fleet>-<site>`, src/model/names.ts), which AWS
 * puts in the event (`templateArn`); the allow-list is that site's manifest object in S3
 * (MANIFEST_BUCKET/manifests/<site>.json), cached per site for CACHE_SECONDS.
 *
 * Self-contained on purpose: the deployment package is this file alone (the AWS SDK v3 clients
 * are part of the Node.js Lambda runtime).
 */
import { ConditionalCheckFailedException, DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";

export interface HookEvent {
    claimCertificateId?: string;
    certificateId?: string;
    certificatePem?: string;
    templateArn?: string;
    clientId?: string;
    parameters?: Record<string, string | undefined>;
}

export interface HookResponse {
    allowProvisioning: boolean;
    parameterOverrides?: Record<string, string>;
}

interface Manifest {
    site: string;
    gateways: { name: string; thingName: string; serial: string }[];
}

const SERIAL = "SerialNumber";
const THING_NAME = "ThingName";

let s3: S3Client | undefined;
let dynamo: DynamoDBClient | undefined;
const cache = new Map<string, { manifest: Manifest; at: number }>();

/** Replace the clients and clear the cache (tests). */
export function reset(clients: { s3?: S3Client; dynamo?: DynamoDBClient } = {}): void {
    s3 = clients.s3;
    dynamo = clients.dynamo;
    cache.clear();
}

function env(name: string): string {
    const v = process.env[name];
    if (!v) throw new Error(`environment variable ${name} is not set`);
    return v;
}

/** The site a template of this fleet serves: `arn:…:provisioningtemplate/<fleet>-<site>` → `<site>`. */
export function siteOfTemplate(templateArn: string | undefined, fleet: string): string | undefined {
    const m = /:provisioningtemplate\/([0-9A-Za-z_-]+)$/.exec(templateArn ?? "");
    if (!m || !m[1].startsWith(`${fleet}-`)) return undefined;
    const site = m[1].slice(fleet.length + 1);
    return site === "" ? undefined : site;
}

async function loadManifest(site: string, now: number): Promise<Manifest> {
    const ttl = Number(process.env.CACHE_SECONDS ?? "60") * 1000;
    const hit = cache.get(site);
    if (hit && now - hit.at < ttl) return hit.manifest;
    s3 ??= new S3Client({});
    const where = `s3://${env("MANIFEST_BUCKET")}/manifests/${site}.json`;
    const out = await s3.send(new GetObjectCommand({ Bucket: env("MANIFEST_BUCKET"), Key: `manifests/${site}.json` }));
    const text = await out.Body?.transformToString("utf-8");
    if (!text) throw new Error(`manifest ${where} is empty`);
    const parsed = JSON.parse(text) as Partial<Manifest>;
    if (!Array.isArray(parsed.gateways)) throw new Error(`manifest ${where} has no gateways list`);
    if (parsed.site !== site) throw new Error(`manifest ${where} is for site ${JSON.stringify(parsed.site)}, not ${JSON.stringify(site)}`);
    const manifest = { site: parsed.site, gateways: parsed.gateways };
    cache.set(site, { manifest, at: now });
    return manifest;
}

/** Same rule as src/edge/provisioning.ts admit(); tests check both agree. */
export function decide(manifest: Manifest, parameters: Record<string, string | undefined>): { response: HookResponse; reason: string } {
    const serial = parameters[SERIAL];
    if (!serial) return { response: { allowProvisioning: false }, reason: `no ${SERIAL} parameter` };
    const gateway = manifest.gateways.find((g) => g.serial === serial);
    if (!gateway) return { response: { allowProvisioning: false }, reason: `serial ${JSON.stringify(serial)} is not listed in site ${manifest.site}` };
    const asked = parameters[THING_NAME];
    if (asked !== undefined && asked !== gateway.thingName) {
        return {
            response: { allowProvisioning: false },
            reason: `serial ${JSON.stringify(serial)} belongs to ${gateway.thingName}, not ${JSON.stringify(asked)}`,
        };
    }
    return {
        response: { allowProvisioning: true, parameterOverrides: { [THING_NAME]: gateway.thingName } },
        reason: `serial ${JSON.stringify(serial)} is gateway ${gateway.name}`,
    };
}

/**
 * Records the serial as enrolled unless it already is (one conditional PutItem: two concurrent
 * requests for one serial cannot both pass). false: the serial enrolled before.
 */
async function enrolOnce(site: string, serial: string, thingName: string, event: HookEvent, now: number): Promise<boolean> {
    dynamo ??= new DynamoDBClient({});
    try {
        await dynamo.send(
            new PutItemCommand({
                TableName: env("ENROLLED_TABLE"),
                Item: {
                    serial: { S: serial },
                    site: { S: site },
                    thingName: { S: thingName },
                    certificateId: { S: event.certificateId ?? "" },
                    clientId: { S: event.clientId ?? "" },
                    enrolledAt: { S: new Date(now).toISOString() },
                },
                ConditionExpression: "attribute_not_exists(serial)",
            }),
        );
        return true;
    } catch (e) {
        if (e instanceof ConditionalCheckFailedException || (e as Error).name === "ConditionalCheckFailedException") return false;
        throw e;
    }
}

/**
 * The Lambda entry point. Any failure (unknown template, manifest unreadable or malformed, table
 * unreachable) refuses provisioning: the hook fails closed.
 */
export async function handler(event: HookEvent): Promise<HookResponse> {
    return handle(event, Date.now());
}

/** The hook at a given clock (milliseconds), for tests of the manifest cache. */
export async function handle(event: HookEvent, now: number): Promise<HookResponse> {
    const log = (response: HookResponse, reason: string, site?: string) =>
        console.log(
            JSON.stringify({ allowProvisioning: response.allowProvisioning, reason, site, certificateId: event.certificateId, clientId: event.clientId }),
        );
    try {
        const site = siteOfTemplate(event.templateArn, env("FLEET"));
        if (!site) {
            const refused = { allowProvisioning: false };
            log(refused, `template ${JSON.stringify(event.templateArn)} is not a template of fleet ${env("FLEET")}`);
            return refused;
        }
        const manifest = await loadManifest(site, now);
        const { response, reason } = decide(manifest, event.parameters ?? {});
        if (!response.allowProvisioning) {
            log(response, reason, site);
            return response;
        }
        const serial = event.parameters![SERIAL]!;
        if (!(await enrolOnce(site, serial, response.parameterOverrides![THING_NAME], event, now))) {
            const refused = { allowProvisioning: false };
            log(
                refused,
                `serial ${JSON.stringify(serial)} has already enrolled; an operator re-enrols it by deleting its entry in ${env("ENROLLED_TABLE")} (docs/operations.md, "Re-enrolling a gateway")`,
                site,
            );
            return refused;
        }
        log(response, reason, site);
        return response;
    } catch (e) {
        console.error(JSON.stringify({ allowProvisioning: false, reason: `hook failed: ${(e as Error).message}`, certificateId: event.certificateId }));
        return { allowProvisioning: false };
    }
}
