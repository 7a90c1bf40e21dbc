import * as assert from "node:assert/strict";
import { MemoryBus, decodeBatch, encodeBatch, type ReadingBatch } from "../../edge/lib/bus";

describe("edge local bus", () => {
    const batch: ReadingBatch = { site: "s1", thing: "acme-s1-gw", readings: [{ sensor: "press-01-temp", ts: 1000, value: 21.5 }] };

    it("MemoryBus fans out to every subscriber until it unsubscribes, and reports a throwing subscriber", async () => {
        const errors: unknown[] = [];
        const bus = new MemoryBus((e) => errors.push(e));
        const a: ReadingBatch[] = [];
        const b: ReadingBatch[] = [];
        const offA = await bus.subscribe((x) => a.push(x));
        await bus.subscribe((x) => b.push(x));
        await bus.subscribe(() => {
            throw new Error("boom");
        });
        await bus.publish(batch);
        offA();
        await bus.publish(batch);
        assert.equal(a.length, 1);
        assert.equal(b.length, 2);
        assert.equal(errors.length, 2);
        await bus.close();
        await bus.publish(batch);
        assert.equal(b.length, 2);
    });

    it("encodes and decodes a batch, and rejects what is not one with a message naming the problem", () => {
        assert.deepEqual(decodeBatch(encodeBatch(batch)), batch);
        assert.throws(() => decodeBatch(Buffer.from("{")), /not JSON/);
        assert.throws(() => decodeBatch(Buffer.from('{"site":"s"}')), /needs site, thing, readings/);
        assert.throws(() => decodeBatch(Buffer.from('{"site":"s","thing":"t","readings":[{"sensor":"x","ts":1,"value":null}]}')), /readings\[0\] needs/);
    });
});
