/** nfw-protections-on, nfw-rule-group-valid and sg-no-world-open-ports, exact findings: messages in full, negatives, unknowns. */
import * as assert from "node:assert/strict";
import { check, checkStack, res, UNKNOWN } from "../helpers";
import { ADMIN_PORTS, OT_PORTS } from "../../../policies/rules/sg-no-world-open-ports";
import { MAX_RULE_CHARS, REJECTED_KEYWORDS, requiredCapacity } from "../../../policies/rules/nfw-rule-group-valid";

const urn = (type: string, name: string) => `urn:pulumi:eu-central-1::fleet::${type}::${name}`;
const PREVIEW = (what: string, verb = "is") => ({ message: `${what} ${verb} unknown until the deployment runs; cannot be checked at preview`, unknown: true });
const KMS = { type: "CUSTOMER_KMS", keyId: "arn:aws:kms:eu-central-1:123456789012:key/k" };
/** The three protections a firewall must have on, the same properties in both providers. */
const PROTECTED = { deleteProtection: true, subnetChangeProtection: true, firewallPolicyChangeProtection: true };

describe("nfw-protections-on, exact findings", () => {
    const FW = "aws:networkfirewall/firewall:Firewall";
    const fw = (p: Record<string, unknown> = {}) =>
        res(FW, "inspection", {
            name: "acme-inspection",
            ...PROTECTED,
            subnetMappings: [{ subnetId: "subnet-a" }, { subnetId: "subnet-b" }],
            encryptionConfiguration: KMS,
            ...p,
        });
    const nfw = (r: ReturnType<typeof res>) => check("nfw-protections-on", r);

    it("names every protection that is off, in order, with its value", () =>
        assert.deepEqual(nfw(fw({ deleteProtection: undefined, subnetChangeProtection: "true", firewallPolicyChangeProtection: false })), [
            { message: "deleteProtection is false; set it to true" },
            { message: 'subnetChangeProtection is "true"; set it to true' },
            { message: "firewallPolicyChangeProtection is false; set it to true" },
        ]));
    it("reports each protection unknown at preview", () =>
        assert.deepEqual(nfw(fw({ deleteProtection: UNKNOWN, subnetChangeProtection: UNKNOWN, firewallPolicyChangeProtection: UNKNOWN })), [
            PREVIEW("deleteProtection"),
            PREVIEW("subnetChangeProtection"),
            PREVIEW("firewallPolicyChangeProtection"),
        ]));
    it("counts distinct subnets or zones, whichever is more", () => {
        const mappings = (n: number) => ({ message: `the firewall has ${n} subnet/zone mapping${n === 1 ? "" : "s"}; map at least two Availability Zones` });
        assert.deepEqual(nfw(fw({ subnetMappings: undefined })), [mappings(0)]);
        assert.deepEqual(nfw(fw({ subnetMappings: [{ subnetId: "subnet-a" }, { subnetId: "subnet-a" }, "junk"] })), [mappings(1)]);
        assert.deepEqual(
            nfw(fw({ subnetMappings: [{ subnetId: "a" }], availabilityZoneMappings: [{ availabilityZoneId: "z1" }, { availabilityZoneId: "z2" }] })),
            [],
        );
        assert.deepEqual(nfw(fw({ subnetMappings: undefined, availabilityZoneMappings: [{ availabilityZoneId: "z1" }, { availabilityZoneId: "z1" }] })), [
            mappings(1),
        ]);
        const unknownZones = PREVIEW("the firewall's subnets or zones", "are");
        assert.deepEqual(nfw(fw({ subnetMappings: UNKNOWN })), [unknownZones]);
        assert.deepEqual(nfw(fw({ availabilityZoneMappings: [{ availabilityZoneId: UNKNOWN }] })), [unknownZones]);
    });
    it("wants a customer KMS key with a key id on firewalls, policies and rule groups", () => {
        const bad = (enc: unknown) => ({
            message: `encryptionConfiguration is ${JSON.stringify(enc)}; use { type: "CUSTOMER_KMS", keyId: <the region's key> }`,
        });
        assert.deepEqual(nfw(fw({ encryptionConfiguration: undefined })), [bad(null)]);
        assert.deepEqual(nfw(fw({ encryptionConfiguration: { type: "CUSTOMER_KMS" } })), [bad({ type: "CUSTOMER_KMS" })]);
        assert.deepEqual(nfw(fw({ encryptionConfiguration: { type: "AWS_OWNED_KMS_KEY", keyId: "k" } })), [bad({ type: "AWS_OWNED_KMS_KEY", keyId: "k" })]);
        assert.deepEqual(nfw(fw({ encryptionConfiguration: { type: UNKNOWN } })), [PREVIEW("encryptionConfiguration")]);
        // Policies and rule groups: only the key is checked (no protections, no zones).
        for (const type of ["aws:networkfirewall/firewallPolicy:FirewallPolicy", "aws:networkfirewall/ruleGroup:RuleGroup"]) {
            assert.deepEqual(nfw(res(type, "x", { encryptionConfiguration: KMS })), [], type);
            assert.deepEqual(nfw(res(type, "x", {})), [bad(null)], type);
        }
    });

    describe("logging (stack)", () => {
        const LOG = "aws:networkfirewall/loggingConfiguration:LoggingConfiguration";
        const logging = (firewallArn: unknown, types: string[], name = "logs") =>
            res(LOG, name, { firewallArn, loggingConfiguration: { logDestinationConfigs: types.map((logType) => ({ logType })) } });
        const ARN = "arn:aws:network-firewall:eu-central-1:123456789012:firewall/acme-inspection";
        const stack = (...rs: ReturnType<typeof res>[]) => checkStack("nfw-protections-on", [fw(), ...rs]);
        const noLogs = (what: string) => ({
            urn: urn(FW, "inspection"),
            message: `the firewall logs no ${what} traffic; add an aws.networkfirewall.LoggingConfiguration with FLOW and ALERT destinations`,
        });
        it("adds up the log types of every configuration of the firewall", () => {
            assert.deepEqual(stack(logging(ARN, ["FLOW", "ALERT"])), []);
            assert.deepEqual(stack(logging(ARN, ["FLOW"], "a"), logging(ARN, ["ALERT"], "b")), []);
            assert.deepEqual(stack(logging(ARN, ["TLS", "ALERT"])), [noLogs("FLOW")]);
            assert.deepEqual(stack(logging(ARN, ["FLOW"])), [noLogs("ALERT")]);
            assert.deepEqual(stack(), [noLogs("FLOW and no ALERT")]);
        });
        it("logging of a firewall outside the stack does not count", () =>
            assert.deepEqual(stack(logging("arn:aws:network-firewall:eu-central-1:1:firewall/other", ["FLOW", "ALERT"])), [noLogs("FLOW and no ALERT")]));
        it("a logging configuration whose firewall is unknown makes a firewall without logs unknown, not a logged one", () => {
            assert.deepEqual(stack(logging(UNKNOWN, ["FLOW", "ALERT"])), [{ urn: urn(FW, "inspection"), ...PREVIEW("a logging configuration's firewall") }]);
            assert.deepEqual(stack(logging(UNKNOWN, []), logging(ARN, ["FLOW", "ALERT"], "b")), []);
        });
    });
});

describe("nfw-rule-group-valid, exact findings", () => {
    const RG = "aws:networkfirewall/ruleGroup:RuleGroup";
    const rule = (sid: number, extra = "") => `pass tcp 10.0.0.0/24 any -> 10.1.0.0/24 502 (msg:"m"; sid:${sid};${extra})`;
    const group = (rules: unknown, p: Record<string, unknown> = {}, order = "STRICT_ORDER") =>
        check(
            "nfw-rule-group-valid",
            res(RG, "g", { capacity: 100, ruleGroup: { rulesSource: { rulesString: rules }, statefulRuleOptions: { ruleOrder: order } }, ...p }),
        );

    it("needs capacity for the rules plus 20 %, rounded up", () => {
        assert.equal(requiredCapacity(0), 0);
        assert.equal(requiredCapacity(1), 2);
        assert.equal(requiredCapacity(5), 6);
        assert.equal(requiredCapacity(6), 8);
        const five = [1, 2, 3, 4, 5].map((i) => rule(i)).join("\n");
        assert.deepEqual(group(five, { capacity: 6 }), []);
        assert.deepEqual(group(five, { capacity: 5 }), [
            { message: "capacity 5 leaves no headroom for 5 rules; set at least 6 (capacity cannot change after creation)" },
        ]);
        assert.deepEqual(group(rule(1), { capacity: 1 }), [
            { message: "capacity 1 leaves no headroom for 1 rule; set at least 2 (capacity cannot change after creation)" },
        ]);
        assert.deepEqual(group(rule(1), { capacity: "9" }), [{ message: 'capacity is "9"; set it to at least 2 (rules plus 20% headroom)' }]);
        assert.deepEqual(group(rule(1), { capacity: undefined }), [{ message: "capacity is null; set it to at least 2 (rules plus 20% headroom)" }]);
    });
    it("counts stateless rules and unparsable lines toward capacity", () => {
        const stateless = (n: number) =>
            check(
                "nfw-rule-group-valid",
                res(RG, "g", {
                    capacity: 2,
                    ruleGroup: { rulesSource: { statelessRulesAndCustomActions: { statelessRules: Array.from({ length: n }, (_, i) => ({ priority: i })) } } },
                }),
            );
        assert.deepEqual(stateless(1), []);
        assert.deepEqual(stateless(2), [{ message: "capacity 2 leaves no headroom for 2 rules; set at least 3 (capacity cannot change after creation)" }]);
        assert.deepEqual(group("garbage", { capacity: 2 }), [
            { message: "rule 1 is not a Suricata rule (action proto src sport -> dst dport (options)): garbage" },
        ]);
        assert.deepEqual(group(`garbage\n${rule(1)}`, { capacity: 2 }), [
            { message: "rule 1 is not a Suricata rule (action proto src sport -> dst dport (options)): garbage" },
            { message: "capacity 2 leaves no headroom for 2 rules; set at least 3 (capacity cannot change after creation)" },
        ]);
    });
    it("reads 5-tuple rules and the `rules` input too", () => {
        const tuple = (sid: string | undefined, action = "PASS", protocol = "TCP") => ({
            action,
            header: { protocol, source: "10.0.0.0/24", sourcePort: "ANY", direction: "FORWARD", destination: "10.1.0.0/24", destinationPort: "502" },
            ruleOptions: sid === undefined ? [] : [{ keyword: "sid", settings: [sid] }],
        });
        const five = (rules: unknown[]) => check("nfw-rule-group-valid", res(RG, "g", { capacity: 10, ruleGroup: { rulesSource: { statefulRules: rules } } }));
        assert.deepEqual(five([tuple("1"), tuple("2", "DROP")]), []);
        assert.deepEqual(five([tuple("1"), tuple("1", "ALERT")]), [{ message: "rule 2 reuses sid 1 of rule 1; sids must be unique in the group" }]);
        assert.deepEqual(five([tuple(undefined, "REJECT")]), [{ message: "rule 1 has no sid; every stateful rule needs a unique sid" }]);
        assert.deepEqual(five([tuple("1", "PASS", "IKEV2")]), [{ message: "rule 1 matches protocol ikev2, which Network Firewall does not support" }]);
        assert.deepEqual(check("nfw-rule-group-valid", res(RG, "g", { capacity: 10, rules: `${rule(1)}\n${rule(1)}` })), [
            { message: "rule 2 reuses sid 1 of rule 1; sids must be unique in the group" },
        ]);
    });
    it("names duplicate sids against the first rule that used them", () =>
        assert.deepEqual(group([rule(1), rule(2), rule(1), rule(2), rule(1)].join("\n")), [
            { message: "rule 3 reuses sid 1 of rule 1; sids must be unique in the group" },
            { message: "rule 4 reuses sid 2 of rule 2; sids must be unique in the group" },
            { message: "rule 5 reuses sid 1 of rule 1; sids must be unique in the group" },
        ]));
    it("accepts the four actions in any case, not others", () => {
        for (const a of ["pass", "DROP", "Reject", "alert"]) assert.deepEqual(group(rule(1).replace(/^pass/, a)), [], a);
        assert.deepEqual(group(rule(1).replace(/^pass/, "log")), [
            { message: 'rule 1 has action "log"; Network Firewall accepts pass, drop, reject and alert' },
        ]);
    });
    it("rejects sctp and ikev2 in any case, accepts other protocols", () => {
        assert.deepEqual(group(rule(1).replace("pass tcp", "pass SCTP")), [
            { message: "rule 1 matches protocol SCTP, which Network Firewall does not support" },
        ]);
        assert.deepEqual(group(rule(1).replace("pass tcp", "pass ikev2")), [
            { message: "rule 1 matches protocol ikev2, which Network Firewall does not support" },
        ]);
        for (const p of ["udp", "ip", "modbus", "dnp3", "tls"]) assert.deepEqual(group(rule(1).replace("pass tcp", `pass ${p}`)), [], p);
    });
    it("rejects every keyword of the list, in any case, and nothing else", () => {
        for (const k of REJECTED_KEYWORDS)
            assert.deepEqual(
                group(rule(1, ` ${k.toUpperCase()}:x;`)),
                [{ message: `rule 1 uses keyword "${k.toUpperCase()}", which Network Firewall rejects` }],
                k,
            );
        assert.deepEqual(group(rule(1, ' flow:to_server; content:"x"; file_data_x;')), []);
        assert.equal(REJECTED_KEYWORDS.size, 22);
    });
    it("rejects priority only in a strict-order group", () => {
        const msg = { message: 'rule 1 uses keyword "priority", which a STRICT_ORDER rule group rejects' };
        assert.deepEqual(group(rule(1, " priority:1;")), [msg]);
        assert.deepEqual(group(rule(1, " PRIORITY:1;")), [msg]);
        assert.deepEqual(group(rule(1, " priority:1;"), {}, "DEFAULT_ACTION_ORDER"), []);
    });
    it("allows rules of exactly 8,192 characters, not one more", () => {
        const base = rule(1);
        const exact = base.replace('msg:"m"', `msg:"${"m".repeat(MAX_RULE_CHARS - base.length + 1)}"`);
        assert.equal(exact.length, MAX_RULE_CHARS);
        assert.deepEqual(group(exact, { capacity: 2 }), []);
        assert.deepEqual(group(exact.replace('msg:"m', 'msg:"mm'), { capacity: 2 }), [
            { message: `rule 1 is ${MAX_RULE_CHARS + 1} characters; Network Firewall allows at most ${MAX_RULE_CHARS}` },
        ]);
    });
    it("reports rules, rules string or capacity unknown at preview, and nothing else", () => {
        const unknown = [PREVIEW("the rules or the capacity", "are")];
        assert.deepEqual(group(UNKNOWN), unknown);
        assert.deepEqual(group(rule(1), { capacity: UNKNOWN }), unknown);
        assert.deepEqual(check("nfw-rule-group-valid", res(RG, "g", { capacity: 1, rules: UNKNOWN })), unknown);
    });
});

describe("sg-no-world-open-ports, exact findings", () => {
    const SG = "aws:ec2/securityGroup:SecurityGroup";
    const sg = (ingress: unknown[]) => check("sg-no-world-open-ports", res(SG, "sg", { ingress }));
    const open = (cidrs: string, ports: string, hits: string) => ({
        message: `ingress from ${cidrs} (the internet) to ports ${ports} opens ${hits} (remote administration / OT) to the world; allow only the jump host's or the site's CIDR`,
    });

    it("lists the admin and OT ports it guards", () => {
        assert.deepEqual(ADMIN_PORTS, [22, 23, 3389, 5900, 5985, 5986]);
        assert.deepEqual(OT_PORTS, [102, 502, 1883, 2222, 4840, 20000, 34962, 34963, 34964, 44818, 47808]);
    });
    it("flags one port, a range, and every port of an all-protocol rule, listing at most six", () => {
        assert.deepEqual(sg([{ fromPort: 22, toPort: 22, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] }]), [open("0.0.0.0/0", "22", "22")]);
        assert.deepEqual(sg([{ fromPort: 20, toPort: 600, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] }]), [open("0.0.0.0/0", "20-600", "22, 23, 102, 502")]);
        assert.deepEqual(sg([{ fromPort: 0, toPort: 0, protocol: "-1", cidrBlocks: ["0.0.0.0/0"] }]), [
            open("0.0.0.0/0", "0-65535", "22, 23, 3389, 5900, 5985, 5986, ..."),
        ]);
        assert.deepEqual(sg([{ fromPort: 80, toPort: 80, protocol: "ALL", ipv6CidrBlocks: ["::/0"] }]), [
            open("::/0", "0-65535", "22, 23, 3389, 5900, 5985, 5986, ..."),
        ]);
        assert.deepEqual(sg([{ fromPort: 5985, toPort: 5986, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] }]), [open("0.0.0.0/0", "5985-5986", "5985, 5986")]);
        assert.deepEqual(sg([{ fromPort: 34960, toPort: 47808, protocol: "udp", cidrBlocks: ["0.0.0.0/0"] }]), [
            open("0.0.0.0/0", "34960-47808", "34962, 34963, 34964, 44818, 47808"),
        ]);
        assert.deepEqual(sg([{ fromPort: 502, toPort: -1, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] }]), [
            open("0.0.0.0/0", "502-65535", "3389, 5900, 5985, 5986, 502, 1883, ..."),
        ]);
        assert.deepEqual(sg([{ protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] }]), [open("0.0.0.0/0", "0-65535", "22, 23, 3389, 5900, 5985, 5986, ...")]);
    });
    it("port ranges just beside the guarded ports, and ports below a range, pass", () => {
        assert.deepEqual(sg([{ fromPort: 443, toPort: 443, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] }]), []);
        assert.deepEqual(sg([{ fromPort: 23, toPort: 101, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] }]), [open("0.0.0.0/0", "23-101", "23")]);
        assert.deepEqual(sg([{ fromPort: 24, toPort: 101, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] }]), []);
        assert.deepEqual(sg([{ fromPort: 47809, toPort: 65535, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] }]), []);
        assert.deepEqual(sg([{ fromPort: 0, toPort: 21, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] }]), []);
        assert.deepEqual(sg([{ fromPort: 0, toPort: 0, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] }]), []);
        // Exactly six guarded ports: all listed, no ellipsis.
        assert.deepEqual(sg([{ fromPort: 5900, toPort: 34963, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] }]), [
            open("0.0.0.0/0", "5900-34963", "5900, 5985, 5986, 20000, 34962, 34963"),
        ]);
        // No protocol: all protocols, so every port.
        assert.deepEqual(sg([{ fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }]), [
            open("0.0.0.0/0", "0-65535", "22, 23, 3389, 5900, 5985, 5986, ..."),
        ]);
    });
    it("judges the CIDR list as a whole: two halves are the world, one half is, a quarter is not", () => {
        const cidrs = (...c: string[]) => sg([{ fromPort: 22, toPort: 22, protocol: "tcp", cidrBlocks: c }]);
        assert.deepEqual(cidrs("0.0.0.0/1", "128.0.0.0/1"), [open("0.0.0.0/1, 128.0.0.0/1", "22", "22")]);
        assert.deepEqual(cidrs("0.0.0.0/1"), [open("0.0.0.0/1", "22", "22")]);
        assert.deepEqual(cidrs("0.0.0.0/2", "64.0.0.0/3"), []);
        assert.deepEqual(cidrs("10.0.0.0/8"), []);
        assert.deepEqual(cidrs(), []);
        assert.deepEqual(cidrs("10.0.0.300/8"), [{ message: '"10.0.0.300/8" is not an address, CIDR, list or variable' }]);
        assert.deepEqual(cidrs("10.0.0.0/8", UNKNOWN), [PREVIEW("an ingress CIDR")]);
    });
    it("checks each ingress entry on its own and goes on after one it cannot read", () =>
        assert.deepEqual(
            sg([
                { fromPort: 22, toPort: 22, protocol: "tcp", cidrBlocks: [UNKNOWN] },
                { fromPort: 22, toPort: 22, protocol: "tcp", cidrBlocks: ["bad"] },
                "junk",
                { fromPort: 22, toPort: 22, protocol: "tcp", cidrBlocks: ["10.0.0.0/8"] },
                { fromPort: 3389, toPort: 3389, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] },
            ]),
            [PREVIEW("an ingress CIDR"), { message: '"bad" is not an address, CIDR, list or variable' }, open("0.0.0.0/0", "3389", "3389")],
        ));
    it("reads every security group shape, and only ingress", () => {
        const run = (type: string, props: Record<string, unknown>) => check("sg-no-world-open-ports", res(type, "x", props));
        const ssh = open("0.0.0.0/0", "22", "22");
        const ssh6 = open("::/0", "22", "22");
        assert.deepEqual(
            run("aws:ec2/securityGroupRule:SecurityGroupRule", { type: "ingress", fromPort: 22, toPort: 22, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] }),
            [ssh],
        );
        assert.deepEqual(
            run("aws:ec2/securityGroupRule:SecurityGroupRule", { type: "egress", fromPort: 22, toPort: 22, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] }),
            [],
        );
        assert.deepEqual(run("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", { fromPort: 22, toPort: 22, ipProtocol: "tcp", cidrIpv6: "::/0" }), [
            ssh6,
        ]);
        assert.deepEqual(
            run("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", { fromPort: 22, toPort: 22, ipProtocol: "tcp", cidrIpv4: "0.0.0.0/0" }),
            [ssh],
        );
        assert.deepEqual(
            run("aws-native:ec2:SecurityGroup", { securityGroupIngress: [{ fromPort: 22, toPort: 22, ipProtocol: "tcp", cidrIp: "0.0.0.0/0" }, 7] }),
            [ssh],
        );
        assert.deepEqual(run("aws-native:ec2:SecurityGroupIngress", { fromPort: 22, toPort: 22, ipProtocol: "tcp", cidrIpv6: "::/0" }), [ssh6]);
        // The aws SecurityGroupRule's protocol key is `protocol`, the vpc rule's `ipProtocol`: an all-protocol vpc rule opens every port.
        assert.deepEqual(run("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", { ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" }), [
            open("0.0.0.0/0", "0-65535", "22, 23, 3389, 5900, 5985, 5986, ..."),
        ]);
        assert.deepEqual(run(SG, { ingress: "not a list" }), []);
        assert.deepEqual(run(SG, {}), []);
    });
});

describe("nfw-protections-on on aws-native firewalls", () => {
    const FW = "aws-native:networkfirewall:Firewall";
    const zones = (...names: string[]) => ({ availabilityZoneMappings: names.map((availabilityZone) => ({ availabilityZone })) });
    const native = (p: Record<string, unknown> = {}) =>
        res(FW, "inspection", { firewallName: "acme-inspection", ...PROTECTED, ...zones("eu-central-1a", "eu-central-1b"), ...p });
    const noCustomerKey = (type: string) => ({
        message: `aws-native cannot give ${type} a customer KMS key (CloudFormation has no encryptionConfiguration); declare it with the aws provider (aws.networkfirewall) and set encryptionConfiguration`,
    });

    it("wants the protections and two zones, and says a customer key needs the aws provider", () => {
        assert.deepEqual(check("nfw-protections-on", native()), [noCustomerKey(FW)]);
        assert.deepEqual(check("nfw-protections-on", native({ deleteProtection: false, ...zones("eu-central-1a") })), [
            noCustomerKey(FW),
            { message: "deleteProtection is false; set it to true" },
            { message: "the firewall has 1 subnet/zone mapping; map at least two Availability Zones" },
        ]);
        for (const type of ["aws-native:networkfirewall:FirewallPolicy", "aws-native:networkfirewall:RuleGroup"])
            assert.deepEqual(check("nfw-protections-on", res(type, "p", {})), [noCustomerKey(type)], type);
    });

    it("finds an aws-native logging configuration of an aws-native firewall by its ARN", () => {
        const logging = (types: string[]) =>
            res("aws-native:networkfirewall:LoggingConfiguration", "logs", {
                firewallArn: "arn:aws:network-firewall:eu-central-1:123456789012:firewall/acme-inspection",
                loggingConfiguration: { logDestinationConfigs: types.map((logType) => ({ logType })) },
            });
        assert.deepEqual(checkStack("nfw-protections-on", [native(), logging(["FLOW", "ALERT"])]), []);
        assert.deepEqual(checkStack("nfw-protections-on", [native(), logging(["FLOW"])]), [
            {
                urn: urn(FW, "inspection"),
                message: "the firewall logs no ALERT traffic; add an aws.networkfirewall.LoggingConfiguration with FLOW and ALERT destinations",
            },
        ]);
    });
});
