/**
 * Greengrass adapter of edge inference (loaded only with `--greengrass`, by require): this thing's
 * model and the artifacts bucket from the component configuration over IPC
 * (src/edge/greengrass.ts inferenceConfiguration), the collector's reading batches from local
 * publish/subscribe (IPC SubscribeToTopic on READINGS_TOPIC), anomaly events through IPC
 * PublishToIoTCore. The region is the one the nucleus gives its components (AWS_REGION).
 *
 * Not exercised here: the nucleus cannot run on this machine. Type-checked against
 * aws-iot-device-sdk-v2 (native aws-crt, provided by the gateway image, docs/edge.md).
 */
import { greengrasscoreipc } from "aws-iot-device-sdk-v2";
import { READINGS_TOPIC, decodeBatch } from "../lib/bus";
import type { ReadingBatch } from "./bus";
import type { InferenceWiring } from "./main";

const { model: ipcModel } = greengrasscoreipc;

/** This thing's model from the component configuration; throws naming what is missing. */
export function modelOf(raw: unknown, thing: string): { bucket: string; model?: string } {
    const c = (raw ?? {}) as { bucket?: unknown; gateways?: Record<string, { model?: unknown }> };
    if (typeof c.bucket !== "string" || !c.bucket) throw new Error("component configuration: bucket (the artifacts bucket) is missing");
    const entry = c.gateways?.[thing];
    if (entry === undefined) return { bucket: c.bucket };
    if (typeof entry.model !== "string" || !entry.model) throw new Error(`component configuration: gateways.${thing}.model is missing`);
    return { bucket: c.bucket, model: entry.model };
}

export async function connectGreengrass(thing: string): Promise<InferenceWiring> {
    const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
    if (!region) throw new Error("AWS_REGION is not set (the Greengrass nucleus sets it for components)");
    const client = greengrasscoreipc.createClient();
    await client.connect();
    const { bucket, model } = modelOf((await client.getConfiguration({ keyPath: [] })).value, thing);
    return {
        model: model ? { bucket, model, region } : undefined,
        source: {
            async subscribe(handler: (b: ReadingBatch) => void) {
                const op = client.subscribeToTopic({ topic: READINGS_TOPIC });
                op.on("message", (ev) => {
                    const bytes = ev.binaryMessage?.message;
                    if (!bytes) return;
                    try {
                        handler(decodeBatch(new Uint8Array(bytes as ArrayBuffer)));
                    } catch (err) {
                        process.stderr.write(`edge-inference: ${READINGS_TOPIC}: message not scored: ${(err as Error).message}\n`);
                    }
                });
                await op.activate();
                return () => void op.close();
            },
        },
        publisher: {
            async publish(topic, payload) {
                await client.publishToIoTCore({ topicName: topic, qos: ipcModel.QOS.AT_LEAST_ONCE, payload: Buffer.from(payload) });
            },
        },
        close: () => client.close(),
    };
}
