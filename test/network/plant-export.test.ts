import * as assert from "node:assert/strict";
import { parse } from "csv-parse/sync";
import { CSV_HEADER, csvField, NFT_COMMENT_MAX, nftString, nftTableName, renderCsv, renderNftables } from "../../src/network";
import { dnsConduit, matchSnapshot, nftCheck, perSiteExample, site } from "./helpers";

const SITES = ["austin-smt", "cork-fill-finish", "stuttgart-body"];

describe("network: plant firewall export", () => {
    for (const name of SITES) {
        it(`renders ${name} as nftables that nft -c accepts, matching the snapshot`, () => {
            const model = perSiteExample();
            const text = renderNftables(model, site(model, name));
            matchSnapshot(`${name}.nft`, text);
            const r = nftCheck(text);
            assert.ok(r.ok, `nft -c rejected the ruleset:\n${r.output}`);
        });

        it(`renders ${name} as CSV, matching the snapshot`, () => {
            const text = renderCsv(site(perSiteExample(), name));
            matchSnapshot(`${name}.csv`, text);
        });
    }

    it("has one commented accept rule per conduit, all conduits, default deny", () => {
        const model = perSiteExample();
        const s = site(model, "stuttgart-body");
        const text = renderNftables(model, s);
        const accepts = text.split("\n").filter((l) => / accept comment "conduit /.test(l));
        assert.equal(accepts.length, s.conduits.length);
        for (const c of s.conduits) assert.equal(accepts.filter((l) => l.includes(`comment "conduit ${c.name}:`)).length, 1, c.name);
        assert.match(text, /type filter hook forward priority filter; policy drop;/);
        assert.match(text, /ct state established,related accept/);
        // inside the factory too, and to the cloud through the site's cloudNetwork
        assert.ok(accepts.some((l) => l.startsWith("        ip saddr 192.168.40.0/24 ip daddr 192.168.12.0/24 tcp dport 502 accept")));
        assert.ok(accepts.some((l) => l.startsWith("        ip saddr 192.168.35.0/24 ip daddr 10.40.0.0/24 tcp dport 8883 accept")));
    });

    it("covers tcp and udp ports of one conduit in one rule, and long or quoted justifications", () => {
        const model = perSiteExample();
        const s = site(model, "stuttgart-body");
        s.conduits.push(
            {
                ...s.conduits[0],
                name: "enip-both",
                protocol: "ethernet-ip",
                ports: [
                    { port: 2222, transport: "udp" },
                    { port: 44818, transport: "tcp" },
                ],
                justification: 'Implicit "class 1" I/O; and explicit messaging \\ backslash',
            },
            dnsConduit(s.conduits[0], { name: "dns-out", to: "cloud", toLevel: 5, justification: "x".repeat(300) }),
            {
                ...s.conduits[0],
                name: "many-ports",
                protocol: "opcua",
                ports: [
                    { port: 4843, transport: "tcp" },
                    { port: 4840, transport: "tcp" },
                ],
                justification: "ü".repeat(100),
            },
        );
        const text = renderNftables(model, s);
        assert.match(
            text,
            /meta l4proto \. th dport \{ tcp \. 44818, udp \. 2222 \} accept comment "conduit enip-both: Implicit 'class 1' I\/O; and explicit messaging ' backslash"/,
        );
        assert.match(text, /ip daddr 10\.40\.0\.0\/24 meta l4proto \. th dport \{ tcp \. 53, udp \. 53 \} accept/);
        assert.match(text, /tcp dport \{ 4840, 4843 \} accept/);
        for (const m of text.matchAll(/comment "([^"]*)"/g)) assert.ok(Buffer.byteLength(m[1]) <= NFT_COMMENT_MAX, m[1]);
        const r = nftCheck(text);
        assert.ok(r.ok, `nft -c rejected the ruleset:\n${r.output}`);
    });

    it("is checked by nft for real: a broken ruleset fails", () => {
        const model = perSiteExample();
        const text = renderNftables(model, site(model, "cork-fill-finish")).replace("tcp dport 4840", "tcp dport 99999");
        const r = nftCheck(text);
        assert.equal(r.ok, false);
        assert.match(r.output, /99999/);
    });

    it("sends an internet site's cloud conduits to public addresses only, with the SNI allow-list for the plant", () => {
        const model = perSiteExample();
        const text = renderNftables(model, site(model, "austin-smt"));
        assert.match(
            text,
            /ip saddr 10\.110\.35\.0\/24 ip daddr != \{ 10\.0\.0\.0\/8, 172\.16\.0\.0\/12, 192\.168\.0\.0\/16, 100\.64\.0\.0\/10 \} tcp dport 8883 accept/,
        );
        assert.match(text, /#   \*\.iot\.us-east-2\.amazonaws\.com/);
    });

    it("writes the CSV with a header, one row per conduit and port, and the default deny", () => {
        const s = site(perSiteExample(), "cork-fill-finish");
        const text = renderCsv(s);
        const rows: string[][] = parse(text);
        assert.deepEqual(rows[0], [...CSV_HEADER]);
        assert.equal(rows.length, 1 + s.conduits.reduce((n, c) => n + c.ports.length, 0) + 1);
        assert.ok(rows.every((r) => r.length === CSV_HEADER.length));
        assert.deepEqual(rows[rows.length - 1].slice(11, 12), ["drop"]);
        const records: Record<(typeof CSV_HEADER)[number], string>[] = parse(text, { columns: true });
        assert.deepEqual(
            records.find((r) => r.conduit === "gateways-read-ems"),
            {
                site: "cork-fill-finish",
                conduit: "gateways-read-ems",
                from: "edge-dmz",
                from_cidr: "172.16.35.0/24",
                from_level: "3.5",
                to: "supervisory",
                to_cidr: "172.16.20.0/24",
                to_level: "2",
                protocol: "opcua",
                transport: "tcp",
                port: "4840",
                action: "accept",
                sni_allow: "",
                justification: "Gateways read room particle counts and pressure cascades from the EMS server's OPC UA interface",
            },
        );
    });

    it("is the same whatever the order of conduits and segments", () => {
        const a = perSiteExample();
        const b = perSiteExample();
        for (const s of b.sites) {
            s.conduits.reverse();
            s.segments.reverse();
        }
        for (const name of SITES) {
            assert.equal(renderNftables(b, site(b, name)), renderNftables(a, site(a, name)));
            assert.equal(renderCsv(site(b, name)), renderCsv(site(a, name)));
        }
    });

    it("quotes and cuts safely", () => {
        assert.equal(csvField('a,"b"'), '"a,""b"""');
        assert.equal(csvField("plain"), "plain");
        assert.equal(nftString('say "hi"\n'), "say 'hi' ");
        const cut = nftString("é".repeat(100));
        assert.ok(Buffer.byteLength(cut) <= 128 && cut.endsWith("..."));
        assert.equal(nftTableName("stuttgart-body"), "fleet_stuttgart_body");
    });
});
