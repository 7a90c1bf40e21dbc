/**
 * Plain MQTT uplink (mqtt.js): QoS 1 on `fleet/<site>/<thing>/<channel>`. Against a local broker in
 * tests and `fleet edge run`; in production it can talk to AWS IoT Core with the device certificate
 * (mqtts:// URL, `tls` files). mqtt.js re-sends unacknowledged QoS 1 packets after a reconnect, so a
 * publish in flight during an outage still resolves when the broker acknowledges it.
 */
import * as fs from "node:fs";
import * as mqtt from "mqtt";
import { type Channel, topicFor } from "../lib/contract";
import type { Uplink } from "./uplink";

export interface MqttUplinkOptions {
    url: string;
    site: string;
    thing: string;
    /** Client certificate, key and CA files for mqtts:// (AWS IoT Core). */
    tls?: { cert: string; key: string; ca?: string };
    reconnectMs?: number;
}

export class MqttUplink implements Uplink {
    private client: mqtt.MqttClient | undefined;
    private readonly listeners: ((ready: boolean) => void)[] = [];

    constructor(private readonly opts: MqttUplinkOptions) {}

    get ready(): boolean {
        return !!this.client?.connected;
    }

    onReady(cb: (ready: boolean) => void): void {
        this.listeners.push(cb);
    }

    async start(): Promise<void> {
        const tls = this.opts.tls;
        this.client = mqtt.connect(this.opts.url, {
            clientId: this.opts.thing,
            clean: true,
            reconnectPeriod: this.opts.reconnectMs ?? 1000,
            connectTimeout: 5000,
            keepalive: 30,
            ...(tls ? { cert: fs.readFileSync(tls.cert), key: fs.readFileSync(tls.key), ...(tls.ca ? { ca: fs.readFileSync(tls.ca) } : {}) } : {}),
        });
        this.client.on("connect", () => this.listeners.forEach((l) => l(true)));
        this.client.on("close", () => this.listeners.forEach((l) => l(false)));
        this.client.on("error", () => undefined);
    }

    publish(channel: Channel, payload: Buffer): Promise<void> {
        const client = this.client;
        if (!client) return Promise.reject(new Error("mqtt uplink not started"));
        return new Promise((resolve, reject) => {
            client.publish(topicFor(this.opts.site, this.opts.thing, channel), payload, { qos: 1 }, (err) => (err ? reject(err) : resolve()));
        });
    }

    async close(): Promise<void> {
        await this.client?.endAsync(false).catch(() => undefined);
    }
}
