/** Exact findings of ot-cleartext-protocol-contained, ot-conduit-explicit, ot-default-deny and ot-no-control-to-cloud. */
import * as assert from "node:assert/strict";
import type { ConduitModel, SiteModel } from "../../../src/model/types";
import { check, CONDUIT_AT as at, conduit, res, ruleOf, UNKNOWN } from "../helpers";
import { PREVIEW } from "./engine";

const model = (rule: string, ...conduits: ConduitModel[]) => ruleOf(rule).model!({ name: "plant", conduits, suppressions: [] } as unknown as SiteModel);
const finding = (message: string, name = "c") => ({ site: "plant", target: `conduit/${name}`, at, message });

describe("ot-no-control-to-cloud, exact findings", () => {
    const run = (c: Partial<ConduitModel>) => model("ot-no-control-to-cloud", conduit(c));
    it("flags levels 0-2 straight to level 4, 5 or the cloud", () => {
        assert.deepEqual(run({ from: "cell", fromLevel: 2, to: "erp", toLevel: 4 }), [
            finding("conduit c goes from Purdue level 2 (cell) straight to level 4 (erp); route it through the industrial DMZ (level 3.5)"),
        ]);
        assert.deepEqual(run({ from: "plc", fromLevel: 0, to: "cloud", toLevel: 3 }), [
            finding("conduit c goes from Purdue level 0 (plc) straight to cloud; route it through the industrial DMZ (level 3.5)"),
        ]);
    });
    it("accepts level 2 to 3.5, level 3 to 4, and the DMZ to the cloud", () => {
        assert.deepEqual(run({ fromLevel: 2, toLevel: 3.5 }), []);
        assert.deepEqual(run({ fromLevel: 3, toLevel: 4 }), []);
        assert.deepEqual(run({ fromLevel: 3.5, to: "cloud", toLevel: 5 }), []);
        assert.deepEqual(run({ fromLevel: 4, toLevel: 1 }), []);
    });
});

describe("ot-cleartext-protocol-contained, exact findings", () => {
    const run = (c: Partial<ConduitModel>) => model("ot-cleartext-protocol-contained", conduit(c));
    const tls = (p: number) => [{ port: p, transport: "tcp" as const }];
    it("flags cleartext protocols and ports across the DMZ or to the cloud, naming the ports", () => {
        assert.deepEqual(run({ from: "cell", fromLevel: 1, to: "erp", toLevel: 4, protocol: "modbus-tcp", ports: tls(502) }), [
            finding(
                "conduit c (cell -> erp) carries cleartext modbus-tcp on port 502 across the industrial DMZ; terminate it on a level-3.5 gateway and forward over TLS (8883 or 443)",
            ),
        ]);
        assert.deepEqual(run({ from: "cell", fromLevel: 3, to: "erp", toLevel: 4, protocol: "profinet", ports: tls(34964) }), [
            finding(
                "conduit c (cell -> erp) carries cleartext profinet across the industrial DMZ; terminate it on a level-3.5 gateway and forward over TLS (8883 or 443)",
            ),
        ]);
        assert.deepEqual(run({ from: "gw", fromLevel: 3.5, to: "cloud", toLevel: 3.5, protocol: "https", ports: [...tls(443), ...tls(1883), ...tls(102)] }), [
            finding(
                "conduit c (gw -> cloud) carries cleartext https on port 1883, 102 across the industrial DMZ; terminate it on a level-3.5 gateway and forward over TLS (8883 or 443)",
            ),
        ]);
    });
    it("allows only 8883 and 443 northbound across the DMZ, and anything southbound that is not cleartext", () => {
        assert.deepEqual(
            run({ from: "cell", fromLevel: 3, to: "erp", toLevel: 4, protocol: "https", ports: [...tls(443), ...tls(22), ...tls(8883), ...tls(3389)] }),
            [finding("conduit c (cell -> erp) goes north across the industrial DMZ on port 22, 3389; only 8883 (MQTT over TLS) and 443 (HTTPS) may")],
        );
        assert.deepEqual(run({ from: "gw", fromLevel: 3.5, to: "cloud", toLevel: 3.5, protocol: "ssh", ports: tls(22) }), [
            finding("conduit c (gw -> cloud) goes north across the industrial DMZ on port 22; only 8883 (MQTT over TLS) and 443 (HTTPS) may"),
        ]);
        assert.deepEqual(run({ from: "erp", fromLevel: 4, to: "cell", toLevel: 3, protocol: "https", ports: tls(22) }), []);
        assert.deepEqual(run({ from: "cell", fromLevel: 3, to: "erp", toLevel: 4, protocol: "mqtts", ports: tls(8883) }), []);
    });
    it("ignores conduits that do not cross from level 3 or below to level 4 or above and do not go to the cloud", () => {
        assert.deepEqual(run({ fromLevel: 1, toLevel: 3, protocol: "modbus-tcp", ports: tls(502) }), []);
        assert.deepEqual(run({ fromLevel: 3.5, toLevel: 4, protocol: "modbus-tcp", ports: tls(502) }), []);
        assert.deepEqual(run({ fromLevel: 4, toLevel: 5, protocol: "modbus-tcp", ports: tls(502) }), []);
        assert.deepEqual(run({ fromLevel: 4, toLevel: 3, protocol: "modbus-tcp", ports: tls(502) }).length, 1);
    });
});

describe("ot-conduit-explicit, exact findings", () => {
    describe("site conduits", () => {
        const run = (c: Partial<ConduitModel>) => model("ot-conduit-explicit", conduit(c));
        it("names every problem of one conduit", () =>
            assert.deepEqual(run({ from: "", to: "ANY", ports: [] }), [
                finding("conduit c: names no source zone"),
                finding("conduit c: names no destination zone"),
                finding("conduit c: names no ports; list them (or use a protocol with well-known ports)"),
            ]));
        it("accepts ports 1 and 65535 only, integers", () => {
            const ports = [0, 1, 65535, 65536, 1.5].map((port) => ({ port, transport: "tcp" as const }));
            assert.deepEqual(run({ from: "any", ports }), [
                finding("conduit c: names no source zone"),
                finding("conduit c: port 0 is not a port (1-65535)"),
                finding("conduit c: port 65536 is not a port (1-65535)"),
                finding("conduit c: port 1.5 is not a port (1-65535)"),
            ]);
        });
    });

    describe("rule groups", () => {
        const RG = "aws:networkfirewall/ruleGroup:RuleGroup";
        const group = (rulesString: unknown, extra: Record<string, unknown> = {}) =>
            check("ot-conduit-explicit", res(RG, "g", { ruleGroup: { rulesSource: { rulesString }, ...extra } }));
        const pass = (src: string, dst: string, port: string, opts = 'msg:"plant conduit c1: x"; sid:1;') => `pass tcp ${src} any -> ${dst} ${port} (${opts})`;
        const open = (rule: string, parts: string, conduitAt: Record<string, string> = { target: "conduit/c1", site: "plant" }) => ({
            message: `pass rule 1 (${rule.slice(0, 80)}) matches any ${parts}; a pass rule must be one conduit: zone to zone on explicit ports`,
            ...conduitAt,
        });
        it("names the open parts of a pass rule, and the conduit its msg names", () => {
            const r1 = pass("any", "10.1.0.0/24", "502");
            assert.deepEqual(group(r1), [open(r1, "source")]);
            const r2 = pass("10.0.0.0/24", "[0.0.0.0/1,128.0.0.0/1]", "1:65535", 'msg:"conduit c1"; sid:1;');
            assert.deepEqual(group(r2), [open(r2, "destination and any destination port", { target: "conduit/c1" })]);
            const r3 = pass("10.0.0.0/24", "10.1.0.0/24", "502", "sid:1;");
            assert.deepEqual(group(r3), []);
            const r4 = pass("any", "any", "any", "sid:1;");
            assert.deepEqual(group(r4), [
                {
                    message: `pass rule 1 (${r4}) matches any source and any destination and any destination port; a pass rule must be one conduit: zone to zone on explicit ports`,
                },
            ]);
        });
        it("judges only pass rules, and reads rule variables", () => {
            assert.deepEqual(group(pass("any", "any", "any").replace(/^pass/, "drop")), []);
            const r = pass("$PLANT", "10.1.0.0/24", "$PORTS", "sid:1;");
            const vars = (ip: string, port: string) => ({
                ruleVariables: { ipSets: [{ key: "PLANT", ipSet: { definitions: [ip] } }], portSets: [{ key: "PORTS", portSet: { definitions: [port] } }] },
            });
            assert.deepEqual(group(r, vars("10.0.0.0/24", "502")), []);
            assert.deepEqual(group(r, vars("0.0.0.0/0", "502")), [
                { message: `pass rule 1 (${r.slice(0, 80)}) matches any source; a pass rule must be one conduit: zone to zone on explicit ports` },
            ]);
        });
        it("an address it cannot read is an error of that rule", () => {
            const r = pass("$NOPE", "10.1.0.0/24", "502", "sid:1;");
            const [f] = group(r);
            assert.equal(f.message.startsWith(`pass rule 1 (${r.slice(0, 80)}): `), true, f.message);
            assert.deepEqual(Object.keys(f), ["message"]);
        });
        it("a destination restricted by server name is not open by its addresses, but a whole top-level domain is flagged", () => {
            const sni = (content: string, prefix = "") => pass("10.0.0.0/24", "any", "443", `tls.sni; ${prefix}content:"${content}"; sid:1;`);
            assert.deepEqual(group(sni("iot.eu-central-1.amazonaws.com")), []);
            const com = sni("com");
            assert.deepEqual(group(com), [{ message: `pass rule 1 (${com.slice(0, 80)}) allows the whole top-level domain "com"; name the hosts` }]);
            const dotted = sni("com", "dotprefix; ");
            assert.deepEqual(group(dotted), [{ message: `pass rule 1 (${dotted.slice(0, 80)}) allows the whole top-level domain ".com"; name the hosts` }]);
            const host = pass("10.0.0.0/24", "any", "80", 'http.host; content:"example.org"; sid:1;');
            assert.deepEqual(group(host), []);
            // content before the sticky buffer does not name a server.
            const plain = pass("10.0.0.0/24", "any", "443", 'content:"x"; tls.sni; sid:1;');
            assert.deepEqual(group(plain), [
                { message: `pass rule 1 (${plain.slice(0, 80)}) matches any destination; a pass rule must be one conduit: zone to zone on explicit ports` },
            ]);
        });
        it("judges stateless pass rules and domain allow-lists", () => {
            const stateless = (matchAttributes: unknown, actions = ["aws:pass"]) =>
                check(
                    "ot-conduit-explicit",
                    res(RG, "g", {
                        ruleGroup: {
                            rulesSource: { statelessRulesAndCustomActions: { statelessRules: [{ ruleDefinition: { actions, matchAttributes } }, "x"] } },
                        },
                    }),
                );
            assert.deepEqual(
                stateless({
                    sources: [{ addressDefinition: "10.0.0.0/24" }],
                    destinations: ["10.1.0.0/24"],
                    destinationPorts: [{ fromPort: 502, toPort: 502 }],
                }),
                [],
            );
            assert.deepEqual(stateless({ sources: [{ addressDefinition: "10.0.0.0/24" }], destinations: ["10.1.0.0/24"] }), [
                { message: "stateless pass rule 1 matches any destination port; a pass rule must be one conduit: zone to zone on explicit ports" },
            ]);
            assert.deepEqual(stateless({}, ["aws:drop"]), []);
            const [bad] = stateless({ sources: ["nope"] });
            assert.equal(bad.message, 'stateless pass rule 1: "nope" is not an address, CIDR, list or variable');
            const domains = (generatedRulesType: string, targets: string[]) =>
                check("ot-conduit-explicit", res(RG, "g", { ruleGroup: { rulesSource: { rulesSourceList: { generatedRulesType, targets } } } }));
            assert.deepEqual(domains("allowlist", [".example.com", ".com", "*"]), [
                { message: 'the domain allow-list allows the whole top-level domain ".com"; name the hosts' },
                { message: 'the domain allow-list allows the whole top-level domain "*"; name the hosts' },
            ]);
            assert.deepEqual(domains("DENYLIST", [".com"]), []);
        });
        it("reports rules, the rules string or variables unknown at preview", () => {
            assert.deepEqual(group(UNKNOWN), [PREVIEW("the rules", "are")]);
            assert.deepEqual(group("x", { ruleVariables: UNKNOWN }), [PREVIEW("the rules", "are")]);
            assert.deepEqual(check("ot-conduit-explicit", res(RG, "g", { rules: UNKNOWN })), [PREVIEW("the rules", "are")]);
        });
    });
});

describe("ot-default-deny, exact findings", () => {
    const POLICY = "aws:networkfirewall/firewallPolicy:FirewallPolicy";
    const good = {
        statefulEngineOptions: { ruleOrder: "STRICT_ORDER" },
        statefulDefaultActions: ["aws:drop_established"],
        statelessDefaultActions: ["aws:forward_to_sfe"],
    };
    const run = (p: Record<string, unknown>) => check("ot-default-deny", res(POLICY, "p", { firewallPolicy: { ...good, ...p } }));
    it("names every problem of a policy, in order", () => {
        assert.deepEqual(run({}), []);
        assert.deepEqual(run({ statefulDefaultActions: ["aws:drop_strict"] }), []);
        assert.deepEqual(
            run({
                statefulEngineOptions: undefined,
                statefulDefaultActions: undefined,
                statelessDefaultActions: ["aws:pass"],
                statelessFragmentDefaultActions: "aws:pass",
            }),
            [
                {
                    message:
                        'firewallPolicy.statefulEngineOptions.ruleOrder is "DEFAULT_ACTION_ORDER"; use STRICT_ORDER so conduits are evaluated in order before the default drop',
                },
                {
                    message:
                        "firewallPolicy.statefulDefaultActions is []; add aws:drop_established (or aws:drop_strict) so traffic no conduit allows is dropped",
                },
                { message: 'firewallPolicy.statelessDefaultActions is ["aws:pass"]: aws:pass lets traffic bypass the stateful rules; use aws:forward_to_sfe' },
                {
                    message:
                        'firewallPolicy.statelessFragmentDefaultActions is "aws:pass": aws:pass lets traffic bypass the stateful rules; use aws:forward_to_sfe',
                },
            ],
        );
        assert.deepEqual(run({ statefulDefaultActions: ["aws:alert_strict"] }), [
            {
                message:
                    'firewallPolicy.statefulDefaultActions is ["aws:alert_strict"]; add aws:drop_established (or aws:drop_strict) so traffic no conduit allows is dropped',
            },
        ]);
    });
    it("reports each setting unknown at preview", () =>
        assert.deepEqual(
            run({
                statefulEngineOptions: { ruleOrder: UNKNOWN },
                statefulDefaultActions: UNKNOWN,
                statelessDefaultActions: UNKNOWN,
                statelessFragmentDefaultActions: [UNKNOWN],
            }),
            [
                PREVIEW("statefulEngineOptions.ruleOrder"),
                PREVIEW("statefulDefaultActions"),
                PREVIEW("statelessDefaultActions"),
                PREVIEW("statelessFragmentDefaultActions"),
            ],
        ));
    it("wants stateful rule groups in strict order, and ignores stateless ones", () => {
        const RG = "aws:networkfirewall/ruleGroup:RuleGroup";
        const group = (type: unknown, ruleOrder: unknown) =>
            check("ot-default-deny", res(RG, "g", { type, ruleGroup: { statefulRuleOptions: { ruleOrder } } }));
        assert.deepEqual(group("stateful", "STRICT_ORDER"), []);
        assert.deepEqual(group("STATEFUL", undefined), [
            {
                message:
                    'ruleGroup.statefulRuleOptions.ruleOrder is "DEFAULT_ACTION_ORDER"; a stateful rule group of a strict-order policy must be STRICT_ORDER',
            },
        ]);
        assert.deepEqual(group("STATEFUL", UNKNOWN), [PREVIEW("statefulRuleOptions.ruleOrder")]);
        assert.deepEqual(group("STATELESS", undefined), []);
        assert.deepEqual(group(undefined, undefined), []);
    });
});
