import * as assert from "node:assert/strict";
import { conduitOf, isAny, parseRulesString, sidOf, statefulRulesOf, type StatefulRule } from "../../../policies/lib/suricata";

const NOT_A_RULE = "is not a Suricata rule (action proto src sport -> dst dport (options))";
const rule = (over: Partial<StatefulRule>): StatefulRule => ({
    index: 1,
    action: "pass",
    protocol: "tcp",
    source: "any",
    sourcePort: "any",
    direction: "->",
    destination: "any",
    destinationPort: "any",
    options: [],
    text: "",
    ...over,
});

describe("policies/lib/suricata", () => {
    describe("parseRulesString", () => {
        it("reads the seven header fields, the options and the text of each rule", () => {
            const { rules, errors } = parseRulesString('  pass tcp 10.0.0.0/24 any -> 10.1.0.0/24 502 (msg:"a conduit"; sid:7; rev:1;)  ');
            assert.deepEqual(errors, []);
            assert.deepEqual(rules, [
                {
                    index: 1,
                    action: "pass",
                    protocol: "tcp",
                    source: "10.0.0.0/24",
                    sourcePort: "any",
                    direction: "->",
                    destination: "10.1.0.0/24",
                    destinationPort: "502",
                    options: [
                        { keyword: "msg", settings: ['"a conduit"'] },
                        { keyword: "sid", settings: ["7"] },
                        { keyword: "rev", settings: ["1"] },
                    ],
                    text: 'pass tcp 10.0.0.0/24 any -> 10.1.0.0/24 502 (msg:"a conduit"; sid:7; rev:1;)',
                },
            ]);
        });

        it("drops spaces inside bracketed lists and splits on any whitespace outside them", () => {
            const { rules, errors } = parseRulesString("drop\tip [10.0.0.0/24, !10.0.0.5]  [1, 2] <> [ 10.1.0.0/16 ] any (sid:1;)");
            assert.deepEqual(errors, []);
            assert.deepEqual(
                rules.map((r) => [r.action, r.protocol, r.source, r.sourcePort, r.direction, r.destination, r.destinationPort]),
                [["drop", "ip", "[10.0.0.0/24,!10.0.0.5]", "[1,2]", "<>", "[10.1.0.0/16]", "any"]],
            );
        });

        it("needs no space before the options", () => {
            assert.deepEqual(
                parseRulesString("pass tcp any any -> any 80(sid:1;)").rules.map((r) => [r.destinationPort, r.options]),
                [["80", [{ keyword: "sid", settings: ["1"] }]]],
            );
        });

        it("splits options at semicolons outside quotes; a keyword alone has no settings", () => {
            const [r] = parseRulesString('alert tls any any -> any any (msg:"a;b \\"c\\""; tls.sni; content : "x.com" ; nocase;; :x;)').rules;
            assert.deepEqual(r.options, [
                { keyword: "msg", settings: ['"a;b \\"c\\""'] },
                { keyword: "tls.sni", settings: [] },
                { keyword: "content", settings: ['"x.com"'] },
                { keyword: "nocase", settings: [] },
                { keyword: "", settings: ["x"] },
            ]);
        });

        it("skips blank lines and # comments, numbers the rest (also the ones that do not parse), CRLF or LF", () => {
            const text = [
                "# header",
                "",
                "pass tcp any any -> any 80 (sid:1;)",
                "   ",
                "not a rule",
                "\t# indented comment",
                "pass udp any any -> any 53 (sid:2;)",
            ].join("\r\n");
            const { rules, errors } = parseRulesString(text);
            assert.deepEqual(
                rules.map((r) => [r.index, r.protocol, r.destinationPort]),
                [
                    [1, "tcp", "80"],
                    [3, "udp", "53"],
                ],
            );
            assert.deepEqual(errors, [`rule 2 ${NOT_A_RULE}: not a rule`]);
            assert.deepEqual(
                parseRulesString("pass tcp any any -> any 80 (sid:1;)\npass tcp any any -> any 81 (sid:2;)").rules.map((r) => r.index),
                [1, 2],
            );
        });

        it("rejects what is not a rule, quoting at most 60 characters of it", () => {
            const bad = [
                "pass tcp any any -> any 80",
                "pass tcp any any -> any 80 (sid:1;) x",
                "pass tcp any any any 80 (sid:1;)",
                "pass tcp any any -> any 80 443 (sid:1;)",
                "pass tcp any any <- any 80 (sid:1;)",
                "pass tcp [any any -> any 80 (sid:1;)",
                "pass tcp any] any -> any 80 x (sid:1;)",
                "pass tcp any any -> [any 80 (sid:1;)",
                "pass tcp any any -> any [80 (sid:1;)",
                "pass tcp any any -> any 80] (sid:1;)",
                "pass tcp any any -> any 80)",
            ];
            for (const line of bad) assert.deepEqual(parseRulesString(line), { rules: [], errors: [`rule 1 ${NOT_A_RULE}: ${line.slice(0, 60)}`] }, line);
            const long = `pass tcp any any -> any 80 ${"x".repeat(80)}`;
            assert.deepEqual(parseRulesString(long).errors, [`rule 1 ${NOT_A_RULE}: ${long.slice(0, 60)}`]);
            assert.equal(long.slice(0, 60).length, 60);
        });
    });

    describe("statefulRulesOf", () => {
        const str = "pass tcp any any -> any 80 (sid:1;)";

        it("reads ruleGroup.rulesSource.rulesString, else a rules string (aws-native), the former first", () => {
            const a = statefulRulesOf({ ruleGroup: { rulesSource: { rulesString: str } }, rules: "pass udp any any -> any 53 (sid:2;)" });
            assert.equal(a.source, "string");
            assert.deepEqual(
                a.rules.map((r) => r.text),
                [str],
            );
            const b = statefulRulesOf({ rules: "garbage" });
            assert.deepEqual(b, { rules: [], errors: [`rule 1 ${NOT_A_RULE}: garbage`], source: "string" });
        });

        it("has no rules when neither a string nor 5-tuple rules are given", () => {
            assert.deepEqual(statefulRulesOf({}), { rules: [], errors: [], source: "none" });
            assert.deepEqual(statefulRulesOf({ ruleGroup: { rulesSource: { statefulRules: [] } } }), { rules: [], errors: [], source: "none" });
            assert.deepEqual(statefulRulesOf({ rules: 5 }), { rules: [], errors: [], source: "none" });
        });

        it("turns 5-tuple rules into rules and the Suricata text AWS stores", () => {
            const got = statefulRulesOf({
                ruleGroup: {
                    rulesSource: {
                        statefulRules: [
                            "not an object",
                            {
                                action: "PASS",
                                header: {
                                    protocol: "TCP",
                                    source: "10.0.0.0/24",
                                    sourcePort: "ANY",
                                    direction: "FORWARD",
                                    destination: "10.1.0.0/24",
                                    destinationPort: "502",
                                },
                                ruleOptions: [{ keyword: "sid", settings: ["5"] }, { keyword: "nocase" }, "junk", { settings: [1, 2] }],
                            },
                            { action: "Drop", header: { protocol: "IP", direction: "any" } },
                            { header: "not an object" },
                        ],
                    },
                },
            });
            assert.equal(got.source, "5-tuple");
            assert.deepEqual(got.errors, []);
            assert.deepEqual(got.rules, [
                {
                    index: 1,
                    action: "pass",
                    protocol: "tcp",
                    source: "10.0.0.0/24",
                    sourcePort: "ANY",
                    direction: "->",
                    destination: "10.1.0.0/24",
                    destinationPort: "502",
                    options: [
                        { keyword: "sid", settings: ["5"] },
                        { keyword: "nocase", settings: [] },
                        { keyword: "", settings: ["1", "2"] },
                    ],
                    text: "pass tcp 10.0.0.0/24 ANY -> 10.1.0.0/24 502 (sid:5; nocase; :1,2;)",
                },
                {
                    index: 2,
                    action: "drop",
                    protocol: "ip",
                    source: "",
                    sourcePort: "",
                    direction: "<>",
                    destination: "",
                    destinationPort: "",
                    options: [],
                    text: "drop ip   <>   ()",
                },
                {
                    index: 3,
                    action: "",
                    protocol: "",
                    source: "",
                    sourcePort: "",
                    direction: "->",
                    destination: "",
                    destinationPort: "",
                    options: [],
                    text: "    ->   ()",
                },
            ]);
        });
    });

    describe("fields and options", () => {
        it("isAny: any, every IPv4 or IPv6 address, $ANY or nothing, in any case and spacing", () => {
            for (const f of ["any", " ANY ", "0.0.0.0/0", "::/0", "[0.0.0.0/0]", "$any", "$ANY", "", "  "]) assert.equal(isAny(f), true, f);
            for (const f of ["10.0.0.0/8", "[10.0.0.0/8]", "$HOME_NET", "80", "anything", "0.0.0.0/1"]) assert.equal(isAny(f), false, f);
        });

        it("sidOf: the first sid option's setting, trimmed, whatever the keyword's case", () => {
            assert.equal(
                sidOf(
                    rule({
                        options: [
                            { keyword: "msg", settings: ["x"] },
                            { keyword: "SID", settings: [" 42 "] },
                        ],
                    }),
                ),
                "42",
            );
            assert.equal(sidOf(rule({ options: [{ keyword: "sid", settings: [] }] })), undefined);
            assert.equal(sidOf(rule({ options: [{ keyword: "msg", settings: ["sid"] }] })), undefined);
            assert.equal(sidOf(rule({})), undefined);
        });

        it("conduitOf: site and conduit from a msg `<site> conduit <name>: ...`, quoted or not", () => {
            const msg = (m: string) =>
                rule({
                    options: [
                        { keyword: "sid", settings: ["1"] },
                        { keyword: "MSG", settings: [m] },
                    ],
                });
            assert.deepEqual(conduitOf(msg('"plant-1 conduit hmi-to-plc: modbus"')), { site: "plant-1", conduit: "hmi-to-plc" });
            assert.deepEqual(conduitOf(msg("conduit c9: x")), { site: undefined, conduit: "c9" });
            assert.deepEqual(conduitOf(msg('plant conduit a"b')), { site: "plant", conduit: "a" });
            assert.equal(conduitOf(msg('"Plant conduit a"')), undefined);
            assert.equal(conduitOf(msg('"plant  conduit a"')), undefined);
            assert.equal(conduitOf(msg('"a plant conduit a"')), undefined);
            assert.equal(conduitOf(msg('"plant conduit -a"')), undefined);
            assert.equal(conduitOf(msg('""plant conduit a"')), undefined);
            assert.equal(conduitOf(rule({})), undefined);
            assert.equal(conduitOf(rule({ options: [{ keyword: "msg", settings: [] }] })), undefined);
        });
    });
});
