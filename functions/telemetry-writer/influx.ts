/** InfluxDB v2 line protocol and a minimal HTTP writer (session sign-in, write, re-sign-in on 401). */
import type { TelemetryRecord } from "../../src/analytics/telemetry";
import { primaryValue } from "../../src/analytics/telemetry";

const escTag = (s: string) => s.replace(/[,= \\]/g, (c) => `\\${c}`);
const num = (n: number) => String(n);

/** `telemetry,site=…,thing=…,sensor=…,channel=… value=…[,min=…,max=…,count=…i] <ts ms>` */
export function toLine(r: TelemetryRecord): string {
    const tags = [`site=${escTag(r.site)}`, `thing=${escTag(r.thing)}`, `sensor=${escTag(r.sensor)}`, `channel=${r.channel}`];
    if (r.severity) tags.push(`severity=${r.severity}`);
    const fields = [`value=${num(primaryValue(r))}`];
    if (r.min !== undefined) fields.push(`min=${num(r.min)}`);
    if (r.max !== undefined) fields.push(`max=${num(r.max)}`);
    if (r.count !== undefined) fields.push(`count=${Math.round(r.count)}i`);
    if (r.threshold !== undefined) fields.push(`threshold=${num(r.threshold)}`);
    return `telemetry,${tags.join(",")} ${fields.join(",")} ${Math.round(r.ts)}`;
}

export interface InfluxCredentials {
    username: string;
    password: string;
    organization: string;
    bucket: string;
}

export type Fetch = (
    url: string,
    init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<{ status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;

export class InfluxWriter {
    private session?: string;

    constructor(
        private readonly url: string,
        private readonly creds: InfluxCredentials,
        private readonly fetchImpl: Fetch,
    ) {}

    private async signIn(): Promise<string> {
        const basic = Buffer.from(`${this.creds.username}:${this.creds.password}`).toString("base64");
        const res = await this.fetchImpl(`${this.url}/api/v2/signin`, { method: "POST", headers: { Authorization: `Basic ${basic}` } });
        if (res.status !== 204 && res.status !== 200) throw new Error(`InfluxDB sign-in failed with HTTP ${res.status}: ${await res.text()}`);
        const cookie = res.headers.get("set-cookie");
        const m = cookie ? /influxdb-oss-session=([^;]+)/.exec(cookie) : null;
        if (!m) throw new Error("InfluxDB sign-in returned no session cookie");
        this.session = `influxdb-oss-session=${m[1]}`;
        return this.session;
    }

    /** Write lines; signs in when needed and once more when the session expired. */
    async write(lines: string[]): Promise<void> {
        if (lines.length === 0) return;
        const q = `org=${encodeURIComponent(this.creds.organization)}&bucket=${encodeURIComponent(this.creds.bucket)}&precision=ms`;
        for (let attempt = 0; attempt < 2; attempt++) {
            const cookie = this.session ?? (await this.signIn());
            const res = await this.fetchImpl(`${this.url}/api/v2/write?${q}`, {
                method: "POST",
                headers: { Cookie: cookie, "Content-Type": "text/plain; charset=utf-8" },
                body: lines.join("\n"),
            });
            if (res.status === 204) return;
            if (res.status === 401 && attempt === 0) {
                this.session = undefined;
                continue;
            }
            throw new Error(`InfluxDB write failed with HTTP ${res.status}: ${await res.text()}`);
        }
    }
}
