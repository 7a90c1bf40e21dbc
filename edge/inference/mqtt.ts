/**
 * Edge inference over a plain MQTT broker (local runs and tests): reading batches arrive on the
 * local bus topic (edge/lib/bus.ts READINGS_TOPIC, the JSON wire form), anomaly events leave with
 * QoS 1 on `fleet/<site>/<thing>/anomaly`. A batch that is not a reading batch is reported, not scored.
 */
import * as mqtt from "mqtt";
import { READINGS_TOPIC, decodeBatch } from "../lib/bus";
import type { ReadingBatch } from "./bus";
import type { InferenceWiring } from "./main";
import type { ModelSourceConfig } from "./model-source";

export async function mqttWiring(
    url: string,
    /** The model in S3; undefined when the models come from a local directory (--models). */
    model: Omit<ModelSourceConfig, "cacheDir"> | undefined,
    clientId = `edge-inference-${process.pid}`,
): Promise<InferenceWiring> {
    const client = await mqtt.connectAsync(url, { clientId, clean: true, reconnectPeriod: 1000, connectTimeout: 5000, keepalive: 30 });
    const handlers = new Set<(b: ReadingBatch) => void>();
    client.on("message", (topic, payload) => {
        if (topic !== READINGS_TOPIC) return;
        let batch: ReadingBatch;
        try {
            batch = decodeBatch(payload);
        } catch (err) {
            process.stderr.write(`edge-inference: ${READINGS_TOPIC}: message not scored: ${(err as Error).message}\n`);
            return;
        }
        handlers.forEach((h) => h(batch));
    });
    return {
        model,
        source: {
            async subscribe(handler) {
                handlers.add(handler);
                if (handlers.size === 1) await client.subscribeAsync(READINGS_TOPIC, { qos: 0 });
                return () => handlers.delete(handler);
            },
        },
        publisher: {
            async publish(topic, payload) {
                await client.publishAsync(topic, Buffer.from(payload), { qos: 1 });
            },
        },
        close: () => client.endAsync(false).catch(() => undefined),
    };
}
