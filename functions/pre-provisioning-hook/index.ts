/**
 * Pre-provisioning hook of a site's fleet-provisioning template. AWS IoT calls it synchronously
 * before it registers a gateway; it admits only serials listed in the site file.
 *
 * The allow-list is the site manifest object in S3 (MANIFEST_BUCKET/MANIFEST_KEY), the same
 * object the regional registry loads, so the stack does not grow with the number of gateways and
 * no Lambda environment limit (4 KB) caps the fleet. The manifest is cached for CACHE_SECONDS.
 *
 * Self-contained on purpose: the deployment package is this file alone (the AWS SDK v3 client
 * is part of the Node.js Lambda runtime).
 */
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
let cache: { manifest: Manifest; at: number } | undefined;

/** Replace the S3 client and clear the cache (tests). */
export function reset(client?: S3Client): void {
    s3 = client;
    cache = undefined;
}

function env(name: string): string {
    const v = process.env[name];
    if (!v) throw new Error(`environment variable ${name} is not set`);
    return v;
}

async function loadManifest(now: number): Promise<Manifest> {
    const ttl = Number(process.env.CACHE_SECONDS ?? "60") * 1000;
    if (cache && now - cache.at < ttl) return cache.manifest;
    s3 ??= new S3Client({});
    const out = await s3.send(new GetObjectCommand({ Bucket: env("MANIFEST_BUCKET"), Key: env("MANIFEST_KEY") }));
    const text = await out.Body?.transformToString("utf-8");
    if (!text) throw new Error(`manifest s3://${env("MANIFEST_BUCKET")}/${env("MANIFEST_KEY")} is empty`);
    const parsed = JSON.parse(text) as Partial<Manifest>;
    if (!Array.isArray(parsed.gateways)) throw new Error(`manifest s3://${env("MANIFEST_BUCKET")}/${env("MANIFEST_KEY")} has no gateways list`);
    if (parsed.site !== env("SITE")) throw new Error(`manifest is for site ${JSON.stringify(parsed.site)}, this hook serves ${JSON.stringify(env("SITE"))}`);
    const manifest = { site: parsed.site, gateways: parsed.gateways };
    cache = { manifest, at: now };
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
 * The Lambda entry point. Any failure (manifest unreadable, malformed) refuses provisioning:
 * the hook fails closed.
 */
export async function handler(event: HookEvent): Promise<HookResponse> {
    return handle(event, Date.now());
}

/** The hook at a given clock (milliseconds), for tests of the manifest cache. */
export async function handle(event: HookEvent, now: number): Promise<HookResponse> {
    try {
        const manifest = await loadManifest(now);
        const { response, reason } = decide(manifest, event.parameters ?? {});
        console.log(JSON.stringify({ allowProvisioning: response.allowProvisioning, reason, certificateId: event.certificateId, clientId: event.clientId }));
        return response;
    } catch (e) {
        console.error(JSON.stringify({ allowProvisioning: false, reason: `hook failed: ${(e as Error).message}`, certificateId: event.certificateId }));
        return { allowProvisioning: false };
    }
}
