/**
 * OPC UA source (node-opcua-client): one client and session per endpoint, one subscription per
 * endpoint and sample rate, one monitored item per sensor sampled at the sensor's rate. The server
 * reports changes (the default data-change filter), so a constant value yields one sample, not one
 * per interval. `nsu=<namespace URI>;` node ids are resolved against the server's NamespaceArray
 * after each (re)connection, so they do not depend on the order the server registered namespaces.
 * The client's PKI folder lives in the state directory (never in HOME). Security mode and policy
 * come from the configuration; user credentials from environment variables the configuration names
 * (never from the manifest).
 */
import { OPCUACertificateManager } from "node-opcua-certificate-manager";
import {
    AttributeIds,
    ClientMonitoredItem,
    ClientSubscription,
    DataType,
    type ClientSession,
    type DataValue,
    MessageSecurityMode,
    OPCUAClient,
    SecurityPolicy,
    TimestampsToReturn,
    UserTokenType,
} from "node-opcua-client";
import type { SensorConfig } from "../lib/config";
import { sourceTarget } from "../lib/config";
import type { Source, SourceSink } from "./source";

export interface OpcuaOptions {
    /** PKI folder (client certificate, trusted/rejected server certificates). */
    pkiDir: string;
    securityMode?: "None" | "Sign" | "SignAndEncrypt";
    securityPolicy?: "None" | "Basic256Sha256" | "Aes128_Sha256_RsaOaep" | "Aes256_Sha256_RsaPss";
    /** Names of the environment variables holding user name and password, when the server wants them. */
    userEnv?: { user: string; password: string };
}

/** Rewrite `nsu=<uri>;rest` to `ns=<index>;rest` using the server's namespace array; throws when unknown. */
export function resolveNamespace(nodeId: string, namespaces: readonly string[]): string {
    const m = /^nsu=([^;]+);(.+)$/.exec(nodeId);
    if (!m) return nodeId;
    const index = namespaces.indexOf(m[1]);
    if (index < 0) throw new Error(`namespace ${m[1]} is not on the server (it has: ${namespaces.join(", ")})`);
    return `ns=${index};${m[2]}`;
}

interface Endpoint {
    url: string;
    sensors: SensorConfig[];
    client?: OPCUAClient;
    session?: ClientSession;
    subscriptions: ClientSubscription[];
    /** A reconnect is under way (one at a time, whatever fails first). */
    restarting?: boolean;
}

export class OpcuaSource implements Source {
    private readonly endpoints = new Map<string, Endpoint>();
    private stopped = false;
    private certificates: OPCUACertificateManager | undefined;

    constructor(
        sensors: readonly SensorConfig[],
        private readonly sink: SourceSink,
        private readonly opts: OpcuaOptions,
    ) {
        for (const s of sensors) {
            const url = sourceTarget(s.source)!;
            let ep = this.endpoints.get(url);
            if (!ep) this.endpoints.set(url, (ep = { url, sensors: [], subscriptions: [] }));
            ep.sensors.push(s);
        }
    }

    async start(): Promise<void> {
        this.certificates = new OPCUACertificateManager({ rootFolder: this.opts.pkiDir, automaticallyAcceptUnknownCertificate: true });
        await this.certificates.initialize();
        for (const ep of this.endpoints.values()) void this.connect(ep);
    }

    async stop(): Promise<void> {
        this.stopped = true;
        await Promise.all(
            [...this.endpoints.values()].map(async (ep) => {
                await ep.session?.close().catch(() => undefined);
                await ep.client?.disconnect().catch(() => undefined);
            }),
        );
        await this.certificates?.dispose();
    }

    private async connect(ep: Endpoint): Promise<void> {
        const client = OPCUAClient.create({
            applicationName: "fleet-collector",
            endpointMustExist: false,
            clientCertificateManager: this.certificates,
            securityMode: MessageSecurityMode[this.opts.securityMode ?? "None"],
            securityPolicy: SecurityPolicy[this.opts.securityPolicy ?? "None"],
            connectionStrategy: { maxRetry: 1_000_000, initialDelay: 500, maxDelay: 10_000 },
            keepSessionAlive: true,
            requestedSessionTimeout: 60_000,
        });
        ep.client = client;
        client.on("connection_lost", () => this.sink.reachability(ep.url, false, "connection lost"));
        client.on("connection_reestablished", () => this.sink.reachability(ep.url, true));
        client.on("backoff", (retry: number, delay: number) => this.sink.reachability(ep.url, false, `not reachable, retry ${retry} in ${delay} ms`));
        try {
            await client.connect(ep.url);
            if (this.stopped) return void (await client.disconnect());
            const env = this.opts.userEnv;
            ep.session = await client.createSession(
                env ? { type: UserTokenType.UserName, userName: process.env[env.user] ?? "", password: process.env[env.password] ?? "" } : undefined,
            );
            this.sink.reachability(ep.url, true);
            await this.subscribe(ep, ep.session);
        } catch (err) {
            this.sink.reachability(ep.url, false, (err as Error).message);
            await client.disconnect().catch(() => undefined);
            if (!this.stopped) setTimeout(() => void this.connect(ep), 2000).unref();
        }
    }

    private async subscribe(ep: Endpoint, session: ClientSession): Promise<void> {
        const nsArray = await session.read({ nodeId: "ns=0;i=2255", attributeId: AttributeIds.Value });
        const namespaces = (nsArray.value.value as string[]) ?? [];
        const byInterval = new Map<number, SensorConfig[]>();
        for (const s of ep.sensors) {
            const ms = Math.max(1, Math.round(1000 / s.sampleRateHz));
            byInterval.set(ms, [...(byInterval.get(ms) ?? []), s]);
        }
        for (const [intervalMs, sensors] of byInterval) {
            const publishMs = Math.max(100, intervalMs);
            const sub = ClientSubscription.create(session, {
                requestedPublishingInterval: publishMs,
                requestedLifetimeCount: 600,
                requestedMaxKeepAliveCount: 20,
                maxNotificationsPerPublish: 0,
                publishingEnabled: true,
                priority: 10,
            });
            ep.subscriptions.push(sub);
            // A subscription the server cannot create (the session dropped between the read and the
            // create, a server restart) is reported and the endpoint reconnects: never an uncaught error.
            const failed = (err: Error) => void this.restart(ep, session, `subscription at ${publishMs} ms: ${err.message}`);
            sub.on("error", failed);
            sub.on("internal_error", failed);
            for (const s of sensors) this.monitor(sub, s, namespaces, intervalMs, Math.ceil(publishMs / intervalMs) + 1);
        }
    }

    /** Drop the endpoint's session and connect again; a stale session's late failures are ignored. */
    private async restart(ep: Endpoint, session: ClientSession, why: string): Promise<void> {
        if (this.stopped || ep.restarting || ep.session !== session) return;
        ep.restarting = true;
        this.sink.reachability(ep.url, false, why);
        ep.subscriptions = [];
        ep.session = undefined;
        await session.close().catch(() => undefined);
        await ep.client?.disconnect().catch(() => undefined);
        ep.restarting = false;
        if (!this.stopped) setTimeout(() => void this.connect(ep), 2000).unref();
    }

    private monitor(sub: ClientSubscription, s: SensorConfig, namespaces: string[], samplingInterval: number, queueSize: number): void {
        let nodeId: string;
        try {
            nodeId = resolveNamespace(s.source.nodeId ?? "", namespaces);
        } catch (err) {
            this.sink.bad(s.name, (err as Error).message);
            return;
        }
        const item = ClientMonitoredItem.create(
            sub,
            { nodeId, attributeId: AttributeIds.Value },
            { samplingInterval, queueSize, discardOldest: true },
            TimestampsToReturn.Both,
        );
        item.on("changed", (dv: DataValue) => this.onValue(s, dv));
        item.on("err", (message: string) => this.sink.bad(s.name, `node ${nodeId}: ${message}`));
    }

    private onValue(s: SensorConfig, dv: DataValue): void {
        if (!dv.statusCode.isGoodish()) return this.sink.bad(s.name, `bad status ${dv.statusCode.name}`);
        const v = dv.value;
        const raw = v.dataType === DataType.Boolean ? Number(v.value) : v.value;
        if (typeof raw !== "number") return this.sink.bad(s.name, `value of type ${DataType[v.dataType]} is not numeric`);
        const ts = (dv.sourceTimestamp ?? dv.serverTimestamp ?? new Date()).getTime();
        this.sink.samples([{ sensor: s.name, ts, value: raw * s.source.scale }]);
    }
}
