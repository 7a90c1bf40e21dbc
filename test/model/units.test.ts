/** The small pure pieces of the loader: durations, CIDRs, bandwidth, messages. */
import * as assert from "node:assert/strict";
import { AGGREGATE_BYTES, kbps, MESSAGE_BYTES, sensorBytesPerSecond } from "../../src/model/bandwidth";
import { contains, ipText, isPrivate, overlaps, parseCidr, parseIpv4, type Cidr } from "../../src/model/cidr";
import { didYouMean, editDistance, formatDiagnostic, knownList, show, sortDiagnostics, type Diagnostic } from "../../src/model/diagnostics";
import { durationDays, parseDuration } from "../../src/model/durations";
import { num } from "../../src/model/normalize";
import { fieldName } from "../../src/model/schema-check";

const cidr = (t: string): Cidr => {
    const r = parseCidr(t);
    assert.ok("cidr" in r, t);
    return r.cidr;
};

describe("model: units", () => {
    it("durations: <number><unit> with s m h d w y", () => {
        assert.deepEqual(["10s", "1.5m", "2h", "7d", "1w", "7y", "0s", "10", "10 s", "1d2h", "-1d", "1e3s"].map(parseDuration), [
            10,
            90,
            7200,
            604800,
            604800,
            7 * 365 * 86400,
            0,
            undefined,
            undefined,
            undefined,
            undefined,
            undefined,
        ]);
        assert.deepEqual(["1s", "1h", "24h", "25h", "7d", "7y"].map(durationDays), [1, 1, 1, 2, 7, 2555]);
    });

    it("CIDRs: network addresses only, prefix 0-32, four decimal octets", () => {
        assert.deepEqual(parseCidr("10.40.0.0/24"), { cidr: { text: "10.40.0.0/24", first: 0x0a280000, last: 0x0a2800ff, prefix: 24 } });
        assert.deepEqual(parseCidr("0.0.0.0/0"), { cidr: { text: "0.0.0.0/0", first: 0, last: 0xffffffff, prefix: 0 } });
        assert.deepEqual(parseCidr("10.40.0.1/24"), { error: '"10.40.0.1/24" has host bits set; did you mean "10.40.0.0/24"?' });
        assert.deepEqual(parseCidr("10.40.0.0/"), { error: '"10.40.0.0/" has prefix length ; accepted: 0 to 32' });
        assert.deepEqual(parseCidr("10.40.0.0"), {
            error: '"10.40.0.0" is not an IPv4 CIDR block; expected a.b.c.d/n with a, b, c, d from 0 to 255, e.g. 10.40.0.0/24',
        });
        assert.ok("error" in parseCidr("010.40.0.0/24"), "no octal-looking octets");
        assert.deepEqual(parseCidr("255.255.255.255/32"), { cidr: { text: "255.255.255.255/32", first: 0xffffffff, last: 0xffffffff, prefix: 32 } });
        assert.deepEqual(parseCidr("192.168.10.128/25"), { cidr: { text: "192.168.10.128/25", first: 0xc0a80a80, last: 0xc0a80aff, prefix: 25 } });
        assert.deepEqual(parseCidr("10.40.0.1/0"), { error: '"10.40.0.1/0" has host bits set; did you mean "0.0.0.0/0"?' });
        assert.deepEqual(parseCidr("192.168.10.200/25"), { error: '"192.168.10.200/25" has host bits set; did you mean "192.168.10.128/25"?' });
        assert.deepEqual(["256.1.1.1", " 1.1.1.1", "1.1.1.1.1", "1..1.1", "1.1.1.-1", "0x1.1.1.1", "0.0.0.0"].map(parseIpv4), [
            undefined,
            undefined,
            undefined,
            undefined,
            undefined,
            undefined,
            0,
        ]);
        assert.equal(ipText(0xc0a80a15), "192.168.10.21");
        assert.equal(ipText(0xffffffff), "255.255.255.255");
        assert.equal(parseIpv4("192.168.10.21"), 0xc0a80a15);
        assert.equal(parseIpv4("192.168.10"), undefined);
        assert.equal(parseIpv4("192.168.010.21"), undefined);
        assert.ok(contains(cidr("192.168.10.0/24"), parseIpv4("192.168.10.255")!));
        assert.ok(!contains(cidr("192.168.10.0/24"), parseIpv4("192.168.11.0")!));
        assert.ok(overlaps(cidr("10.0.0.0/8"), cidr("10.40.0.0/24")));
        assert.ok(overlaps(cidr("10.40.0.0/24"), cidr("10.40.0.0/24")));
        assert.ok(!overlaps(cidr("10.40.0.0/24"), cidr("10.40.1.0/24")));
        assert.deepEqual(
            ["10.1.0.0/16", "172.16.0.0/12", "172.32.0.0/16", "192.168.1.0/24", "100.64.0.0/10", "8.8.8.0/24", "10.0.0.0/7"].map((t) => isPrivate(cidr(t))),
            [true, true, false, true, true, false, false],
        );
    });

    it("bandwidth: bytes per second by transmit mode, kbps of 1,000 bits", () => {
        assert.equal(MESSAGE_BYTES, 128);
        assert.equal(AGGREGATE_BYTES, 192);
        assert.equal(sensorBytesPerSecond(10, { mode: "raw" }), 1280);
        const close = (actual: number, expected: number, what?: string) =>
            assert.ok(Math.abs(actual - expected) < 1e-9, `${what ?? ""} ${actual} != ${expected}`);
        close(sensorBytesPerSecond(10, { mode: "aggregate", windowSeconds: 10 }), 19.2);
        close(sensorBytesPerSecond(0.01, { mode: "aggregate", windowSeconds: 10 }), 1.92, "never more messages than samples");
        close(sensorBytesPerSecond(10, { mode: "deadband", threshold: 1 }), 256);
        close(sensorBytesPerSecond(10, { mode: "on-change" }), 128);
        close(sensorBytesPerSecond(10, { mode: "alarm-only" }), 128 / 60);
        close(sensorBytesPerSecond(0.001, { mode: "alarm-only" }), 0.128);
        assert.equal(kbps(1000), 8);
    });

    it("did-you-mean: close names only; a swap is one edit; a unique containing name", () => {
        assert.equal(editDistance("vnp", "vpn"), 1);
        assert.equal(editDistance("kitten", "sitting"), 3);
        assert.equal(editDistance("", "abc"), 3);
        assert.equal(didYouMean("edge-dm", ["cell-control", "edge-dmz"]), "edge-dmz");
        assert.equal(didYouMean("Vpn", ["vpn", "internet"]), "vpn");
        assert.equal(didYouMean("satellite", ["vpn", "direct-connect", "internet"]), undefined);
        assert.equal(didYouMean("claim", ["fleet-claim", "csr", "aws-generated"]), "fleet-claim");
        assert.equal(didYouMean("x".repeat(10_000), ["x"]), undefined);
        assert.equal(didYouMean("abc", []), undefined);
        assert.equal(knownList("edge-dm", ["cell", "edge-dmz"]), 'did you mean "edge-dmz"? known: cell, edge-dmz');
        assert.equal(knownList("x", [], "plcs", "the site has no plcs"), "the site has no plcs");
        assert.equal(knownList("x", [], "plcs"), "no plcs defined");
        assert.equal(
            knownList(
                "q",
                Array.from({ length: 14 }, (_, i) => `n${i}`),
            ),
            "known: n0, n1, n2, n3, n4, n5, n6, n7, n8, n9, n10, n11, ... (14 in all)",
        );
    });

    it("show: JSON for values, shortened past 80 characters, numbers that are not finite by name", () => {
        assert.equal(show("edge-dm"), '"edge-dm"');
        assert.equal(show(42), "42");
        assert.equal(show(Infinity), "Infinity");
        assert.equal(show(NaN), "NaN");
        assert.equal(show(undefined), "nothing");
        assert.equal(show("y".repeat(100)), `"${"y".repeat(77)}..."`);
        assert.equal(show({ a: 1 }), '{"a":1}');
        const cyclic: Record<string, unknown> = {};
        cyclic.self = cyclic;
        assert.equal(show(cyclic), "[object Object]");
    });

    it("formatDiagnostic: file:line:col: field: message; warnings say so; whole-file problems have no position", () => {
        const d: Diagnostic = { level: "error", file: "sites/a.yaml", line: 42, col: 7, field: "gateways[2].segment", message: 'unknown segment "edge-dm"' };
        assert.equal(formatDiagnostic(d), 'sites/a.yaml:42:7: gateways[2].segment: unknown segment "edge-dm"');
        assert.equal(formatDiagnostic({ ...d, level: "warning" }), 'sites/a.yaml:42:7: warning: gateways[2].segment: unknown segment "edge-dm"');
        assert.equal(formatDiagnostic({ ...d, line: 0, col: 0, field: "" }), 'sites/a.yaml: unknown segment "edge-dm"');
        assert.equal(formatDiagnostic({ ...d, field: "" }), 'sites/a.yaml:42:7: unknown segment "edge-dm"');
    });

    it("sortDiagnostics: by file, line, column, field, message, by code point", () => {
        const d = (file: string, line: number, col: number, message: string): Diagnostic => ({ level: "error", file, line, col, field: "", message });
        const sorted = sortDiagnostics([
            d("sites/b.yaml", 1, 1, "x"),
            d("sites/a.yaml", 10, 1, "x"),
            d("sites/a.yaml", 2, 5, "b"),
            d("sites/a.yaml", 2, 5, "B"),
            d("fleet.yaml", 3, 1, "x"),
        ]);
        assert.deepEqual(
            sorted.map((x) => `${x.file}:${x.line}:${x.col}:${x.message}`),
            ["fleet.yaml:3:1:x", "sites/a.yaml:2:5:B", "sites/a.yaml:2:5:b", "sites/a.yaml:10:1:x", "sites/b.yaml:1:1:x"],
        );
    });

    it("field names: spec dropped, list items by index, odd keys quoted", () => {
        assert.equal(fieldName(["spec", "gateways", 2, "segment"]), "gateways[2].segment");
        assert.equal(fieldName(["metadata", "name"]), "metadata.name");
        assert.equal(fieldName(["spec", "tags", "cost center"]), 'tags["cost center"]');
        assert.equal(fieldName(["spec", "regions", "eu-central-1", "analytics"]), "regions.eu-central-1.analytics");
        assert.equal(fieldName([]), "");
    });

    it("numbers in messages: no float noise", () => {
        assert.deepEqual([1 / 3, 100, 0.1 + 0.2, 1 / 0.01, 12345.678].map(num), ["0.3333", "100", "0.3", "100", "12350"]);
    });
});
