/**
 * What edge inference needs of the collector's local bus (edge/lib/bus.ts on the `edge` branch,
 * issue #15): the same shapes, declared here structurally so this component builds before that
 * file is on main; a `LocalBus` from edge/lib/bus.ts satisfies `ReadingSource`.
 */

export interface BusReading {
    sensor: string;
    /** Epoch milliseconds. */
    ts: number;
    value: number;
}

export interface ReadingBatch {
    site: string;
    thing: string;
    readings: BusReading[];
}

export interface ReadingSource {
    subscribe(handler: (batch: ReadingBatch) => void): Promise<() => void>;
}

/** Where anomaly events go (IoT Core through the Greengrass IPC, or MQTT in `fleet edge run`). */
export interface Publisher {
    publish(topic: string, payload: Uint8Array): Promise<void>;
}

/** The gateway's anomaly channel (src/naming: `fleet/<site>/<thing>/anomaly`). */
export function anomalyTopic(site: string, thing: string): string {
    return `fleet/${site}/${thing}/anomaly`;
}
