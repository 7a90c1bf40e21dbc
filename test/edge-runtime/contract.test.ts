/**
 * The contract, both sides: every message the collector builds is accepted by the cloud parser
 * (src/analytics/telemetry.ts) with the same readings, on the MQTT path (IoT rule enrichment added)
 * and the stream-manager path (the message as the collector wrote it).
 */
import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import { parseMessage } from "../../src/analytics/telemetry";
import { type ReadingRecord, readingMessage, statusMessage } from "../../edge/lib/contract";

const env = { site: "lab", thing: "lab-lab-gw-01", channel: "telemetry" as const, seq: 42 };

describe("edge ↔ cloud telemetry contract", () => {
    it("accepts a flat reading, a records batch, an alarm, and skips status and gap messages", () => {
        const flat = JSON.stringify(readingMessage(env, [{ sensor: "a", ts: 1000, value: 1.5 }]));
        assert.deepEqual(parseMessage(flat), {
            records: [{ site: "lab", thing: "lab-lab-gw-01", channel: "telemetry", sensor: "a", ts: 1000, value: 1.5, seq: 42 }],
            invalid: 0,
        });
        const batch = JSON.stringify(
            readingMessage(env, [
                { sensor: "a", ts: 1000, value: 1 },
                { sensor: "b", ts: 0, window: 10, min: 1, max: 3, mean: 2, count: 7 },
            ]),
        );
        const enriched = JSON.stringify({ ...JSON.parse(batch), received_at: 1234 }); // what the IoT rule adds
        for (const text of [batch, enriched]) {
            const parsed = parseMessage(text)!;
            assert.equal(parsed.invalid, 0);
            assert.deepEqual(
                parsed.records.map((r) => [r.sensor, r.seq, r.value, r.mean, r.count]),
                [
                    ["a", 42, 1, undefined, undefined],
                    ["b", 42, undefined, 2, 7],
                ],
            );
        }
        assert.equal(parseMessage(enriched)!.records[0].received_at, 1234);
        const alarm = JSON.stringify(
            readingMessage({ ...env, channel: "alarm" }, [{ sensor: "a", ts: 5, value: 90, severity: "critical", threshold: 80, state: "clear" }]),
        );
        assert.deepEqual(
            parseMessage(alarm)!.records.map((r) => [r.channel, r.severity, r.threshold, r.state]),
            [["alarm", "critical", 80, "clear"]],
        );
        for (const body of [
            { type: "status", uptimeSeconds: 1 },
            { type: "gap", channel: "telemetry", fromSeq: 1, toSeq: 3, reason: "outbox-full" },
        ]) {
            assert.deepEqual(parseMessage(JSON.stringify(statusMessage({ ...env, channel: "status" }, body))), { records: [], invalid: 0 });
        }
    });

    it("counts the readings of a batch that break the contract and keeps the others", () => {
        const text = JSON.stringify({
            ...env,
            records: [{ sensor: "a", ts: 1, value: 1 }, { sensor: "", ts: 1, value: 1 }, { sensor: "c", ts: 1, value: "NaN" }, 7],
        });
        const parsed = parseMessage(text)!;
        assert.deepEqual(
            parsed.records.map((r) => r.sensor),
            ["a"],
        );
        assert.equal(parsed.invalid, 3);
        assert.equal(parseMessage(JSON.stringify({ ...env, records: "x" })), undefined);
    });

    it("property: whatever the collector batches, the cloud reads back the same readings", () => {
        const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).map((v) => v + 0); // JSON has no -0
        const rec: fc.Arbitrary<ReadingRecord> = fc.oneof(
            fc.record({ sensor: fc.string({ minLength: 1, maxLength: 20 }), ts: fc.nat(), value: finite }),
            fc.record({
                sensor: fc.string({ minLength: 1, maxLength: 20 }),
                ts: fc.nat(),
                window: fc.integer({ min: 1, max: 3600 }),
                min: finite,
                max: finite,
                mean: finite,
                count: fc.integer({ min: 1, max: 1e6 }),
            }),
        );
        fc.assert(
            fc.property(fc.array(rec, { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 2 ** 40 }), (records, seq) => {
                const parsed = parseMessage(JSON.stringify(readingMessage({ ...env, seq }, records)))!;
                assert.equal(parsed.invalid, 0);
                assert.equal(parsed.records.length, records.length);
                parsed.records.forEach((r, i) => {
                    const { site, thing, channel, seq: s, ...reading } = r;
                    assert.deepEqual([site, thing, channel, s], ["lab", "lab-lab-gw-01", "telemetry", seq]);
                    assert.deepEqual(reading, { ...records[i] });
                });
            }),
        );
    });
});
