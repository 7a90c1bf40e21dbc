import * as assert from "node:assert/strict";
import { lintRule, lintRuleGroup, parseRule } from "../../src/network";

const OK = 'pass tcp 192.168.35.0/24 any -> 10.40.0.0/24 8883 (msg:"x"; flow:to_server; sid:1000000001; rev:1;)';
const sid = 1000000001;

describe("network: rule lint (what Network Firewall accepts)", () => {
    it("accepts a plain pass rule and the egress TLS rule shape", () => {
        assert.deepEqual(lintRule(OK), []);
        assert.deepEqual(
            lintRule(
                'pass tls [10.1.0.0/24,10.2.0.0/24] any -> ![10.0.0.0/8] any (msg:"a; b"; tls.sni; dotprefix; content:".iot.eu-central-1.amazonaws.com"; nocase; endswith; flow:to_server, established; sid:1000000002; rev:1;)',
            ),
            [],
        );
    });

    it("parses options honouring quotes and escapes", () => {
        const p = parseRule('alert tcp any any -> any any (msg:"semi\\;colon; and \\"quote\\""; content:"a;b"; sid:5;)');
        assert.ok(p);
        assert.deepEqual(
            p.options.map((o) => o.keyword),
            ["msg", "content", "sid"],
        );
    });

    const rejected: [string, string][] = [
        ["dataset:isset,bad,type string,load bad.lst", 'keyword "dataset" is rejected by Network Firewall (datasets are not supported)'],
        ["datarep:x,>,5", 'keyword "datarep" is rejected by Network Firewall (datasets are not supported)'],
        ["iprep:src,CnC,>,30", 'keyword "iprep" is rejected by Network Firewall (IP reputation is not supported)'],
        ["lua:script.lua", 'keyword "lua" is rejected by Network Firewall (Lua scripting is not supported)'],
        ["threshold:type limit, track by_src, count 1, seconds 60", 'keyword "threshold" is rejected by Network Firewall (thresholding is not supported)'],
        ["detection_filter:track by_src, count 5, seconds 60", 'keyword "detection_filter" is rejected by Network Firewall (thresholding is not supported)'],
        ["geoip:src,RU", 'keyword "geoip" is rejected by Network Firewall (GeoIP is not supported)'],
        ["filestore", 'keyword "filestore" is rejected by Network Firewall (file extraction is not supported)'],
        ['filename:"a.exe"', 'keyword "filename" is rejected by Network Firewall (file keywords are not supported)'],
        ["enip_command:99", 'keyword "enip_command" is rejected by Network Firewall (ENIP/CIP keywords are not supported)'],
        ["cip_service:75", 'keyword "cip_service" is rejected by Network Firewall (ENIP/CIP keywords are not supported)'],
        ["xbits:set,seen,track ip_src", "xbits with host or IP tracking is not supported by Network Firewall"],
        ["tag:host,60,seconds", "tag:host is not supported by Network Firewall"],
    ];
    for (const [option, message] of rejected) {
        it(`rejects ${option.split(/[:;]/)[0]}`, () => {
            assert.deepEqual(lintRule(`alert tcp any any -> any any (msg:"x"; ${option}; sid:${sid}; rev:1;)`), [`rule sid ${sid}: ${message}`]);
        });
    }

    it("rejects unsupported actions and protocols", () => {
        assert.deepEqual(lintRule(`rejectsrc tcp any any -> any any (msg:"x"; sid:${sid};)`), [
            `rule sid ${sid}: action "rejectsrc" is not supported; accepted: pass, drop, reject, alert`,
        ]);
        assert.deepEqual(lintRule(`drop sctp any any -> any any (msg:"x"; sid:${sid};)`), [
            `rule sid ${sid}: protocol "sctp" is not supported by Network Firewall`,
        ]);
        assert.deepEqual(lintRule(`drop ikev2 any any -> any any (msg:"x"; sid:${sid};)`), [
            `rule sid ${sid}: protocol "ikev2" is not supported by Network Firewall`,
        ]);
    });

    it("needs a valid sid", () => {
        assert.deepEqual(lintRule('pass tcp any any -> any 80 (msg:"x";)'), [
            'rule "pass tcp any any -> any 80 (msg:\\"x\\";)": has no sid; every rule needs a unique sid',
        ]);
        assert.deepEqual(lintRule('pass tcp any any -> any 80 (msg:"x"; sid:0;)'), ["rule sid 0: sid must be a positive 32-bit integer"]);
        assert.deepEqual(lintRule('pass tcp any any -> any 80 (msg:"x"; sid:4294967296;)'), ["rule sid 4294967296: sid must be a positive 32-bit integer"]);
    });

    it("limits a rule to 8,192 characters", () => {
        const long = (n: number) => {
            const head = `pass tcp any any -> any 80 (msg:"`;
            const tail = `"; sid:${sid}; rev:1;)`;
            return head + "x".repeat(n - head.length - tail.length) + tail;
        };
        assert.equal(long(8192).length, 8192);
        assert.deepEqual(lintRule(long(8192)), []);
        assert.deepEqual(lintRule(long(8193)), [`rule sid ${sid}: 8193 characters; Network Firewall accepts at most 8192 per rule`]);
    });

    it("rejects text that is no rule", () => {
        assert.deepEqual(lintRule("pass everything"), [
            'rule "pass everything": not a Suricata rule (action protocol source port -> destination port (options;))',
        ]);
    });

    it("checks a group: duplicate sids, capacity", () => {
        const other = OK.replace("8883", "443");
        assert.deepEqual(lintRuleGroup("g", [OK, other], 2), [`g: sid ${sid} is used by rules 1 and 2; sids must be unique`]);
        assert.deepEqual(lintRuleGroup("g", [OK, other.replace(String(sid), "1000000002")], 1), ["g: 2 rules do not fit capacity 1"]);
        assert.deepEqual(lintRuleGroup("g", [OK], 50), []);
    });
});
