import * as assert from "node:assert/strict";
import { CONDUIT_AT as at, conduit, ruleOf } from "../helpers";
import { assertClean, assertUnknown, assertViolation, check, checkStack, mutate, res, UNKNOWN } from "../helpers";
import type { ConduitModel, SiteModel } from "../../../src/model/types";

const site = (...conduits: ConduitModel[]) => ({ name: "plant", conduits, suppressions: [] }) as unknown as SiteModel;
const model = (rule: string, ...conduits: ConduitModel[]) => ruleOf(rule).model!(site(...conduits));

const PASS = 'pass tcp 192.168.35.0/24 any -> 10.40.0.0/24 8883 (msg:"plant conduit gateways-to-cloud"; flow:to_server; sid:101; rev:1;)';
const DROP = 'drop ip any any -> 10.40.0.0/24 any (msg:"default deny"; sid:102; rev:1;)';
const group = (rules: string, extra: Record<string, unknown> = {}) =>
    res("aws:networkfirewall/ruleGroup:RuleGroup", "conduits-plant", {
        capacity: 50,
        type: "STATEFUL",
        name: "acme-plant-conduits",
        encryptionConfiguration: { type: "CUSTOMER_KMS", keyId: "arn:aws:kms:eu-central-1:123456789012:key/k" },
        ruleGroup: { rulesSource: { rulesString: rules }, statefulRuleOptions: { ruleOrder: "STRICT_ORDER" } },
        ...extra,
    });

describe("policies: OT network", () => {
    describe("ot-conduit-explicit", () => {
        it("accepts a conduit with zones and ports", () => assert.deepEqual(model("ot-conduit-explicit", conduit({})), []));
        it("fails a conduit without ports, pointing at the site file", () => {
            const [f] = model("ot-conduit-explicit", conduit({ ports: [] }));
            assert.deepEqual(f, {
                site: "plant",
                target: "conduit/c",
                at,
                message: "conduit c: names no ports; list them (or use a protocol with well-known ports)",
            });
        });
        it("fails a conduit from `any`", () => assert.match(model("ot-conduit-explicit", conduit({ from: "any" }))[0].message, /names no source zone/));
        it("fails a conduit to `any`", () => assert.match(model("ot-conduit-explicit", conduit({ to: "any" }))[0].message, /names no destination zone/));
        it("fails port 0", () =>
            assert.match(model("ot-conduit-explicit", conduit({ ports: [{ port: 0, transport: "tcp" }] }))[0].message, /port 0 is not a port/));
        it("accepts explicit pass rules in a rule group", () => assertClean(check("ot-conduit-explicit", group(`${PASS}\n${DROP}`))));
        it("fails a pass-all rule string", () =>
            assertViolation(
                check("ot-conduit-explicit", group("pass ip any any -> any any (sid:1;)")),
                "matches any source and any destination and any destination port",
            ));
        it("fails a pass rule to any port", () =>
            assertViolation(check("ot-conduit-explicit", group(PASS.replace("8883", "any"))), "matches any destination port;"));
        it("fails a 5-tuple PASS rule from ANY", () => {
            const r = group("", {
                ruleGroup: {
                    rulesSource: {
                        statefulRules: [
                            {
                                action: "PASS",
                                header: {
                                    protocol: "TCP",
                                    source: "ANY",
                                    sourcePort: "ANY",
                                    direction: "FORWARD",
                                    destination: "10.40.0.0/24",
                                    destinationPort: "8883",
                                },
                                ruleOptions: [{ keyword: "sid", settings: ["1"] }],
                            },
                        ],
                    },
                },
            });
            assertViolation(check("ot-conduit-explicit", r), "matches any source;");
        });
        it("fails a stateless pass rule without ports", () => {
            const r = group("", {
                type: "STATELESS",
                ruleGroup: {
                    rulesSource: {
                        statelessRulesAndCustomActions: {
                            statelessRules: [
                                {
                                    priority: 1,
                                    ruleDefinition: {
                                        actions: ["aws:pass"],
                                        matchAttributes: {
                                            sources: [{ addressDefinition: "192.168.35.0/24" }],
                                            destinations: [{ addressDefinition: "10.40.0.0/24" }],
                                        },
                                    },
                                },
                            ],
                        },
                    },
                },
            });
            assertViolation(check("ot-conduit-explicit", r), "stateless pass rule 1 matches any destination port;");
        });
        it("cannot check rules unknown at preview", () => assertUnknown(check("ot-conduit-explicit", group(UNKNOWN))));
    });

    describe("ot-default-deny", () => {
        const policy = (fp: Record<string, unknown>) =>
            res("aws:networkfirewall/firewallPolicy:FirewallPolicy", "firewall-policy", {
                name: "acme-inspection",
                firewallPolicy: {
                    statefulDefaultActions: ["aws:drop_established", "aws:alert_established"],
                    statefulEngineOptions: { ruleOrder: "STRICT_ORDER" },
                    statelessDefaultActions: ["aws:forward_to_sfe"],
                    statelessFragmentDefaultActions: ["aws:forward_to_sfe"],
                    ...fp,
                },
            });
        it("accepts strict order with a drop default", () => assertClean(check("ot-default-deny", policy({}))));
        it("fails default action order", () =>
            assertViolation(check("ot-default-deny", policy({ statefulEngineOptions: { ruleOrder: "DEFAULT_ACTION_ORDER" } })), "use STRICT_ORDER"));
        it("fails no drop default", () =>
            assertViolation(check("ot-default-deny", policy({ statefulDefaultActions: ["aws:alert_established"] })), "add aws:drop_established"));
        it("fails a stateless pass default", () =>
            assertViolation(check("ot-default-deny", policy({ statelessDefaultActions: ["aws:pass"] })), "statelessDefaultActions"));
        it("fails a stateless fragment pass default", () =>
            assertViolation(check("ot-default-deny", policy({ statelessFragmentDefaultActions: ["aws:pass"] })), "statelessFragmentDefaultActions"));
        it("fails a stateful rule group in default order", () =>
            assertViolation(check("ot-default-deny", group(PASS, { ruleGroup: { rulesSource: { rulesString: PASS } } })), "must be STRICT_ORDER"));
        it("cannot check an unknown rule order", () => assertUnknown(check("ot-default-deny", policy({ statefulEngineOptions: { ruleOrder: UNKNOWN } }))));
    });

    describe("ot-no-control-to-cloud", () => {
        it("accepts the DMZ to cloud", () => assert.deepEqual(model("ot-no-control-to-cloud", conduit({ to: "cloud", toLevel: 5 })), []));
        it("fails level 1 straight to cloud", () =>
            assert.equal(
                model("ot-no-control-to-cloud", conduit({ from: "cell", fromLevel: 1, to: "cloud", toLevel: 5 }))[0].message,
                "conduit c goes from Purdue level 1 (cell) straight to cloud; route it through the industrial DMZ (level 3.5)",
            ));
        it("fails level 2 to level 4", () =>
            assert.match(
                model("ot-no-control-to-cloud", conduit({ from: "scada", fromLevel: 2, to: "plant-it", toLevel: 4 }))[0].message,
                /level 4 \(plant-it\)/,
            ));
    });

    describe("ot-cleartext-protocol-contained", () => {
        it("accepts Modbus inside the plant", () =>
            assert.deepEqual(model("ot-cleartext-protocol-contained", conduit({ protocol: "modbus-tcp", ports: [{ port: 502, transport: "tcp" }] })), []));
        it("accepts MQTT over TLS to cloud", () =>
            assert.deepEqual(
                model("ot-cleartext-protocol-contained", conduit({ to: "cloud", toLevel: 5, protocol: "mqtts", ports: [{ port: 8883, transport: "tcp" }] })),
                [],
            ));
        it("fails Modbus from level 4 into the cell", () =>
            assert.match(
                model(
                    "ot-cleartext-protocol-contained",
                    conduit({ from: "plant-it", fromLevel: 4, protocol: "modbus-tcp", ports: [{ port: 502, transport: "tcp" }] }),
                )[0].message,
                /carries cleartext modbus-tcp on port 502/,
            ));
        it("fails MQTT 1883 to cloud", () =>
            assert.match(
                model("ot-cleartext-protocol-contained", conduit({ to: "cloud", toLevel: 5, protocol: "mqtt", ports: [{ port: 1883, transport: "tcp" }] }))[0]
                    .message,
                /cleartext mqtt on port 1883/,
            ));
        it("fails an S7 port under another protocol name", () =>
            assert.match(
                model(
                    "ot-cleartext-protocol-contained",
                    conduit({ from: "cell", fromLevel: 3, to: "erp", toLevel: 4, protocol: "https", ports: [{ port: 102, transport: "tcp" }] }),
                )[0].message,
                /on port 102/,
            ));
        it("fails SSH northbound to cloud", () =>
            assert.match(
                model("ot-cleartext-protocol-contained", conduit({ to: "cloud", toLevel: 5, protocol: "ssh", ports: [{ port: 22, transport: "tcp" }] }))[0]
                    .message,
                /only 8883 \(MQTT over TLS\) and 443/,
            ));
    });

    describe("nfw-rule-group-valid", () => {
        it("accepts a valid group", () => assertClean(check("nfw-rule-group-valid", group(`${PASS}\n${DROP}`))));
        it("fails capacity without headroom", () =>
            assertViolation(
                check("nfw-rule-group-valid", group(`${PASS}\n${DROP}`, { capacity: 2 })),
                "capacity 2 leaves no headroom for 2 rules; set at least 3",
            ));
        it("fails a duplicate sid", () =>
            assertViolation(check("nfw-rule-group-valid", group(`${PASS}\n${DROP.replace("sid:102", "sid:101")}`)), "reuses sid 101 of rule 1"));
        it("fails a rule without sid", () => assertViolation(check("nfw-rule-group-valid", group(DROP.replace(" sid:102;", ""))), "has no sid"));
        it("fails a keyword Network Firewall rejects", () =>
            assertViolation(check("nfw-rule-group-valid", group(PASS.replace("flow:to_server;", "iprep:src,BadHosts,>,50;"))), 'keyword "iprep"'));
        it("fails an action Network Firewall rejects", () =>
            assertViolation(check("nfw-rule-group-valid", group(PASS.replace(/^pass/, "rejectboth"))), 'action "rejectboth"'));
        it("fails priority in a strict-order group", () =>
            assertViolation(check("nfw-rule-group-valid", group(PASS.replace("rev:1;", "rev:1; priority:1;"))), 'keyword "priority"'));
        it("fails a protocol Network Firewall does not support", () =>
            assertViolation(check("nfw-rule-group-valid", group(PASS.replace("pass tcp", "pass sctp"))), "protocol sctp"));
        it("fails a rule over 8,192 characters", () =>
            assertViolation(check("nfw-rule-group-valid", group(PASS.replace("plant conduit gateways-to-cloud", "x".repeat(8200)))), "at most 8192"));
        it("fails a line that is not a rule", () =>
            assert.ok(check("nfw-rule-group-valid", group("pass everything")).some((f) => /is not a Suricata rule/.test(f.message))));
        it("cannot check a capacity unknown at preview", () => assertUnknown(check("nfw-rule-group-valid", group(PASS, { capacity: UNKNOWN }))));
    });

    describe("nfw-protections-on", () => {
        const fw = (extra: Record<string, unknown> = {}) =>
            res("aws:networkfirewall/firewall:Firewall", "inspection", {
                name: "acme-inspection",
                firewallPolicyArn: "arn:aws:network-firewall:eu-central-1:123456789012:firewall-policy/acme-inspection",
                deleteProtection: true,
                subnetChangeProtection: true,
                firewallPolicyChangeProtection: true,
                subnetMappings: [{ subnetId: "subnet-a" }, { subnetId: "subnet-b" }],
                encryptionConfiguration: { type: "CUSTOMER_KMS", keyId: "arn:aws:kms:eu-central-1:123456789012:key/k" },
                ...extra,
            });
        const logging = (types: string[]) =>
            res("aws:networkfirewall/loggingConfiguration:LoggingConfiguration", "inspection-logs", {
                firewallArn: "arn:aws:network-firewall:eu-central-1:123456789012:firewall/acme-inspection",
                loggingConfiguration: {
                    logDestinationConfigs: types.map((logType) => ({
                        logType,
                        logDestinationType: "CloudWatchLogs",
                        logDestination: { logGroup: `/fw/${logType}` },
                    })),
                },
            });
        it("accepts a protected, encrypted, multi-AZ firewall", () => assertClean(check("nfw-protections-on", fw())));
        for (const key of ["deleteProtection", "subnetChangeProtection", "firewallPolicyChangeProtection"]) {
            it(`fails without ${key}`, () => assertViolation(check("nfw-protections-on", fw({ [key]: false })), `${key} is false`));
        }
        it("fails one subnet", () =>
            assertViolation(check("nfw-protections-on", fw({ subnetMappings: [{ subnetId: "subnet-a" }] })), "map at least two Availability Zones"));
        it("accepts two transit-gateway Availability Zone mappings", () =>
            assertClean(
                check(
                    "nfw-protections-on",
                    fw({ subnetMappings: undefined, availabilityZoneMappings: [{ availabilityZoneId: "euc1-az1" }, { availabilityZoneId: "euc1-az2" }] }),
                ),
            ));
        it("fails an AWS-owned key", () =>
            assertViolation(check("nfw-protections-on", fw({ encryptionConfiguration: { type: "AWS_OWNED_KMS_KEY" } })), "CUSTOMER_KMS"));
        it("fails a rule group without a customer key", () =>
            assertViolation(check("nfw-protections-on", group(PASS, { encryptionConfiguration: undefined })), "CUSTOMER_KMS"));
        it("cannot check protections unknown at preview", () => assertUnknown(check("nfw-protections-on", fw({ deleteProtection: UNKNOWN }))));
        it("accepts FLOW and ALERT logging", () => assertClean(checkStack("nfw-protections-on", [fw(), logging(["FLOW", "ALERT"])])));
        it("fails a firewall without flow logs", () => assertViolation(checkStack("nfw-protections-on", [fw(), logging(["ALERT"])]), "logs no FLOW traffic"));
        it("fails a firewall without logging", () => assertViolation(checkStack("nfw-protections-on", [fw()]), "logs no FLOW and no ALERT traffic"));
        it("cannot check logging whose firewall is unknown", () =>
            assertUnknown(checkStack("nfw-protections-on", [fw(), res(logging([]).type, "l", { firewallArn: UNKNOWN, loggingConfiguration: {} })])));
    });

    it("mutate copies deeply", () => {
        const a = { x: { y: 1 } };
        const b = mutate(a, (c) => (c.x.y = 2));
        assert.equal(a.x.y, 1);
        assert.equal(b.x.y, 2);
    });
});

describe("policies: OT network, findings point at their conduit", () => {
    it("a pass rule whose msg names its conduit reports that conduit as target", () => {
        const r = res("aws:networkfirewall/ruleGroup:RuleGroup", "conduits-plant", {
            capacity: 10,
            type: "STATEFUL",
            ruleGroup: {
                rulesSource: { rulesString: 'pass tcp 192.168.35.0/24 any -> 10.40.0.0/24 any (msg:"plant conduit gateways-to-cloud: mqtts"; sid:1;)' },
            },
        });
        assert.deepEqual(
            check("ot-conduit-explicit", r).map((f) => [f.site, f.target]),
            [["plant", "conduit/gateways-to-cloud"]],
        );
    });
});
