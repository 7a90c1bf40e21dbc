/**
 * Planned uplink use of a site's sensors, to check that selective transmission fits the uplink.
 *
 * A message is about 128 bytes on the wire (JSON payload, MQTT and TLS framing); an aggregate
 * (min/max/mean/count) about 192. Modes that send on change are planned at a duty factor of the
 * sample rate, alarm-only sensors at one message a minute. See docs/site-files.md.
 */
import type { TransmitModel } from "./types";

export const MESSAGE_BYTES = 128;
export const AGGREGATE_BYTES = 192;
export const DEADBAND_DUTY = 0.2;
export const ON_CHANGE_DUTY = 0.1;
export const ALARM_MESSAGES_PER_SECOND = 1 / 60;

/** Bytes per second one sensor is planned to send. */
export function sensorBytesPerSecond(sampleRateHz: number, transmit: TransmitModel): number {
    switch (transmit.mode) {
        case "raw":
            return sampleRateHz * MESSAGE_BYTES;
        case "aggregate":
            return Math.min(sampleRateHz, 1 / transmit.windowSeconds) * AGGREGATE_BYTES;
        case "deadband":
            return sampleRateHz * MESSAGE_BYTES * DEADBAND_DUTY;
        case "on-change":
            return sampleRateHz * MESSAGE_BYTES * ON_CHANGE_DUTY;
        case "alarm-only":
            return Math.min(sampleRateHz, ALARM_MESSAGES_PER_SECOND) * MESSAGE_BYTES;
    }
}

/** Kilobits per second for a byte rate (1 kbps = 1,000 bits per second). */
export function kbps(bytesPerSecond: number): number {
    return (bytesPerSecond * 8) / 1000;
}
