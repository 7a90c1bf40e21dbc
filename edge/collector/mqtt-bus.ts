/**
 * The local bus of a local run beside edge inference (`fleet edge run --models DIR`): in-process
 * subscribers as MemoryBus, and every batch also published (QoS 0, the wire form of edge/lib/bus.ts)
 * on READINGS_TOPIC of the run's MQTT broker, where the edge-inference process subscribes: the role
 * Greengrass local publish/subscribe plays on a gateway. While the broker is unreachable, batches are
 * not queued (mqtt.js drops QoS 0 offline): inference then misses them, the telemetry path does not.
 */
import * as mqtt from "mqtt";
import { MemoryBus, READINGS_TOPIC, encodeBatch, type BatchHandler, type LocalBus, type ReadingBatch } from "../lib/bus";

export class MqttBus implements LocalBus {
    private readonly memory = new MemoryBus();
    private readonly client: mqtt.MqttClient;

    constructor(url: string, clientId: string) {
        this.client = mqtt.connect(url, { clientId, clean: true, reconnectPeriod: 1000, connectTimeout: 5000, keepalive: 30, queueQoSZero: false });
        this.client.on("error", () => undefined); // reconnects on its own; the uplink reports the broker's state
    }

    async publish(batch: ReadingBatch): Promise<void> {
        await this.memory.publish(batch);
        if (this.client.connected) this.client.publish(READINGS_TOPIC, Buffer.from(encodeBatch(batch)), { qos: 0 });
    }

    subscribe(handler: BatchHandler): Promise<() => void> {
        return this.memory.subscribe(handler);
    }

    async close(): Promise<void> {
        await this.memory.close();
        await this.client.endAsync(false).catch(() => undefined);
    }
}
