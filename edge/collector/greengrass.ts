/**
 * Greengrass adapters (loaded only with `--greengrass`, by require, so the bundle runs without
 * them): configuration over IPC with the validation handshake, alarm/status over IPC
 * PublishToIoTCore, telemetry into stream manager (exported to Kinesis; no IoT rule on that path,
 * which is why every message carries `site`, `thing` and `channel`).
 *
 * Not exercised here: the nucleus and stream manager cannot run on this machine (Java, closed jar).
 * These adapters are type-checked against aws-iot-device-sdk-v2 1.28.0 and aws-greengrass-core-sdk
 * 1.7.0. aws-iot-device-sdk-v2 needs aws-crt, a native module built for x86_64 and aarch64 only;
 * the gateway image provides both packages (docs/edge.md). IPC `PublishToIoTCore` returns when the
 * nucleus queued the message (its spool is in memory), so the outbox keeps a message until then only.
 */
import { greengrasscoreipc } from "aws-iot-device-sdk-v2";
import * as sm from "aws-greengrass-core-sdk/stream-manager";
import { configFromManifest, parseCollectorConfig, type CollectorConfig } from "../lib/config";
import { type Channel, topicFor } from "../lib/contract";
import type { Uplink } from "./uplink";
import { READINGS_TOPIC, encodeBatch, type LocalBus, type ReadingBatch } from "../lib/bus";

type IpcClient = greengrasscoreipc.Client;
const { model } = greengrasscoreipc;

let ipc: IpcClient | undefined;
let thingName = "";
const listeners: ((c: CollectorConfig) => void)[] = [];

class GreengrassUplink implements Uplink {
    private client: sm.StreamManagerClient | undefined;
    private smReady = false;
    private readonly callbacks: ((ready: boolean) => void)[] = [];

    constructor(
        private readonly ipcClient: IpcClient,
        private readonly site: string,
        private readonly thing: string,
        private readonly telemetry: { localStream: string; kinesisStream: string; maxSizeBytes: number },
    ) {}

    get ready(): boolean {
        return this.smReady;
    }

    onReady(cb: (ready: boolean) => void): void {
        this.callbacks.push(cb);
    }

    async start(): Promise<void> {
        const client = new sm.StreamManagerClient({
            onConnectCb: () => void this.ensureStream(client),
            onErrorCb: () => {
                this.smReady = false;
                this.callbacks.forEach((cb) => cb(false));
            },
        });
        this.client = client;
    }

    private async ensureStream(client: sm.StreamManagerClient): Promise<void> {
        const t = this.telemetry;
        if (!(await client.listStreams()).includes(t.localStream)) {
            const kinesis = new sm.KinesisConfig().withIdentifier(`${t.localStream}-kinesis`).withKinesisStreamName(t.kinesisStream);
            await client.createMessageStream(
                new sm.MessageStreamDefinition()
                    .withName(t.localStream)
                    .withMaxSize(t.maxSizeBytes)
                    .withStrategyOnFull(sm.StrategyOnFull.OverwriteOldestData)
                    .withPersistence(sm.Persistence.File)
                    .withExportDefinition(new sm.ExportDefinition().withKinesis([kinesis])),
            );
        }
        this.smReady = true;
        this.callbacks.forEach((cb) => cb(true));
    }

    async publish(channel: Channel, payload: Buffer): Promise<void> {
        if (channel === "telemetry") {
            await this.client!.appendMessage(this.telemetry.localStream, payload);
            return;
        }
        await this.ipcClient.publishToIoTCore({ topicName: topicFor(this.site, this.thing, channel), qos: model.QOS.AT_LEAST_ONCE, payload });
    }

    async close(): Promise<void> {
        this.client?.close();
        await this.ipcClient.close();
    }
}

async function readConfiguration(client: IpcClient): Promise<unknown> {
    const res = await client.getConfiguration({ keyPath: [] });
    return res.value;
}

/**
 * The configuration of this thing: inline, or from the site manifest in S3 (read with the
 * token-exchange credentials, which the nucleus provides through the container credentials
 * variables; the AWS SDK's default chain reads them), checked against its SHA-256.
 */
async function configOf(raw: unknown, thing: string): Promise<ReturnType<typeof parseCollectorConfig>> {
    const c = raw as { sensorMap?: string; manifest?: { bucket: string; key: string; sha256: string } };
    if (c?.sensorMap !== "manifest" || !c.manifest) return parseCollectorConfig(raw, thing);
    const { S3Client, GetObjectCommand } = require("@aws-sdk/client-s3") as typeof import("@aws-sdk/client-s3");
    // the key names this gateway's own copy; the nucleus interpolates {iot:thingName}, and so does this line if it did not
    const key = c.manifest.key.split("{iot:thingName}").join(thing);
    const res = await new S3Client({}).send(new GetObjectCommand({ Bucket: c.manifest.bucket, Key: key }));
    return configFromManifest(await res.Body!.transformToString("utf8"), c.manifest.sha256, thing);
}

/**
 * Connect over IPC, read and check the configuration (exit with its errors when unusable), accept
 * or reject later deployments in the validation handshake, and return the uplink.
 */
/**
 * The local bus between components on the gateway: reading batches published with IPC
 * PublishToTopic on READINGS_TOPIC (Greengrass V2 developer guide, "Publish/subscribe local
 * messages"), where edge inference subscribes. A failed publish is reported on stderr and the
 * batch is not retried: the bus feeds scoring, the uplink (outbox) keeps every reading.
 */
class GreengrassBus implements LocalBus {
    constructor(private readonly client: greengrasscoreipc.Client) {}

    async publish(batch: ReadingBatch): Promise<void> {
        try {
            await this.client.publishToTopic({ topic: READINGS_TOPIC, publishMessage: { binaryMessage: { message: Buffer.from(encodeBatch(batch)) } } });
        } catch (err) {
            process.stderr.write(
                `collector: ${READINGS_TOPIC}: batch of ${batch.readings.length} readings not handed to local subscribers: ${(err as Error).message}\n`,
            );
        }
    }

    async subscribe(): Promise<() => void> {
        throw new Error("the collector publishes on the Greengrass local bus; subscribers are other components");
    }

    async close(): Promise<void> {}
}

export async function connectGreengrass(thing: string): Promise<{ config: CollectorConfig; uplink: Uplink; bus: LocalBus }> {
    thingName = thing;
    const client = greengrasscoreipc.createClient();
    await client.connect();
    ipc = client;
    const raw = (await readConfiguration(client)) as Record<string, unknown>;
    const parsed = await configOf(raw, thing);
    if (!parsed.config) throw new Error(`component configuration: ${parsed.errors.join("; ")}`);
    const validate = client.subscribeToValidateConfigurationUpdates({});
    validate.on("message", (ev) => {
        const e = ev.validateConfigurationUpdateEvent;
        if (!e) return;
        void configOf(e.configuration, thing)
            .catch((err: Error) => ({ config: undefined, errors: [`cannot read the new configuration: ${err.message}`] }))
            .then((check) =>
                client.sendConfigurationValidityReport({
                    configurationValidityReport: {
                        deploymentId: e.deploymentId,
                        status: check.config ? model.ConfigurationValidityStatus.ACCEPTED : model.ConfigurationValidityStatus.REJECTED,
                        ...(check.config ? {} : { message: check.errors.slice(0, 5).join("; ") }),
                    },
                }),
            );
    });
    await validate.activate();
    const updates = client.subscribeToConfigurationUpdate({ keyPath: [] });
    updates.on("message", () => void reload());
    await updates.activate();
    const telemetry = (raw.telemetry ?? {}) as { localStream: string; kinesisStream: string; maxSizeBytes: number };
    return { config: parsed.config, uplink: new GreengrassUplink(client, parsed.config.site, thing, telemetry), bus: new GreengrassBus(client) };
}

async function reload(): Promise<void> {
    if (!ipc) return;
    const parsed = await configOf(await readConfiguration(ipc), thingName).catch((err: Error) => ({ config: undefined, errors: [err.message] }));
    if (parsed.config) for (const l of listeners) l(parsed.config);
    else process.stderr.write(`collector: configuration update ignored: ${parsed.errors.join("; ")}\n`);
}

/** Called with each new, valid configuration the nucleus announces. */
export function onConfigurationChange(cb: (c: CollectorConfig) => void): void {
    listeners.push(cb);
}
