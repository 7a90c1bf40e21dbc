/**
 * Bypass attempts (must be caught) and look-alikes (must not be) for the rules not tabled in
 * semantic*.test.ts, rules/data.test.ts or rules/purdue.test.ts: each rule at least three of each.
 */
import * as assert from "node:assert/strict";
import { parseRulesString } from "../../policies/lib/suricata";
import { NOTIFY_ONLY_REASONS } from "../../src/region/config-remediation";
import type { RuleResource } from "../../policies/lib/types";
import { check, checkStack, mutate, res, table, violations } from "./helpers";

const ARN = "arn:aws:iot:eu-central-1:123456789012";
const KMS = "arn:aws:kms:eu-central-1:123456789012:key/platform";
const stack = (rule: string, rs: RuleResource[]) => checkStack(rule, rs);

// config-rule-remediated
const NOTIFY = Object.keys(NOTIFY_ONLY_REASONS)[0];
const cfgRule = (name: string, owner = "AWS", sourceIdentifier = "S3_BUCKET_SSL_REQUESTS_ONLY") =>
    res("aws:cfg/rule:Rule", name, { name, source: { owner, sourceIdentifier } });
const remediation = (configRuleName: string, extra: Record<string, unknown> = {}) =>
    res("aws:cfg/remediationConfiguration:RemediationConfiguration", `${configRuleName}-fix`, {
        configRuleName,
        automatic: true,
        maximumAutomaticAttempts: 5,
        ...extra,
    });
table(
    "config-rule-remediated",
    stack,
    [
        ["a custom rule with no remediation", [cfgRule("acme-custom", "CUSTOM_LAMBDA", "arn:aws:lambda:eu-central-1:1:function:f")]],
        ["automatic spelled as a string", [cfgRule("acme-tls"), remediation("acme-tls", { automatic: "true" })]],
        ["no retry limit (0 attempts)", [cfgRule("acme-tls"), remediation("acme-tls", { maximumAutomaticAttempts: 0 })]],
        ["26 attempts, over the AWS limit", [cfgRule("acme-tls"), remediation("acme-tls", { maximumAutomaticAttempts: 26 })]],
        ["a notify-only identifier on a custom rule", [cfgRule("acme-enc", "CUSTOM_POLICY", NOTIFY)]],
        ["a remediation for another rule name (case differs)", [cfgRule("acme-tls"), remediation("ACME-tls")]],
    ],
    [
        ["automatic with 5 attempts", [cfgRule("acme-tls"), remediation("acme-tls")]],
        ["automatic with 25 attempts", [cfgRule("acme-tls"), remediation("acme-tls", { maximumAutomaticAttempts: 25 })]],
        ["automatic with 1 attempt", [cfgRule("acme-tls"), remediation("acme-tls", { maximumAutomaticAttempts: 1 })]],
        ["a notify-only AWS managed rule", [cfgRule("acme-enc", "AWS", NOTIFY)]],
    ],
);

// data-store-protected
const store = (type: string, protect: boolean, retainOnDelete: boolean) => res(type, "store", {}, { protect, retainOnDelete });
table(
    "data-store-protected",
    check,
    [
        ["an OpenSearch domain", store("aws:opensearch/domain:Domain", false, false)],
        ["a DocumentDB cluster", store("aws:docdb/cluster:Cluster", false, false)],
        ["an aws-native Aurora cluster", store("aws-native:rds:DbCluster", false, false)],
        ["a BucketV2", store("aws:s3/bucketV2:BucketV2", false, false)],
        ["a Timestream for InfluxDB instance", store("aws:timestreaminfluxdb/dbInstance:DbInstance", false, false)],
    ],
    [
        ["protected", store("aws:opensearch/domain:Domain", true, false)],
        ["retained on delete only", store("aws:rds/cluster:Cluster", false, true)],
        ["a protected cache replication group", store("aws:elasticache/replicationGroup:ReplicationGroup", true, true)],
    ],
);

// eks-baseline
const cluster = (vpcConfig: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    res("aws:eks/cluster:Cluster", "eks", {
        vpcConfig: { endpointPrivateAccess: true, endpointPublicAccess: false, ...vpcConfig },
        encryptionConfig: { resources: ["secrets"], provider: { keyArn: KMS } },
        enabledClusterLogTypes: ["api", "audit", "authenticator"],
        ...extra,
    });
table(
    "eks-baseline",
    check,
    [
        ["public with 0.0.0.0/0 among restricted CIDRs", cluster({ endpointPublicAccess: true, publicAccessCidrs: ["198.51.100.0/24", "0.0.0.0/0"] })],
        ["public access left to its default", cluster({ endpointPublicAccess: undefined })],
        [
            "the @pulumi/eks component's defaults",
            res("eks:index:Cluster", "eks", { encryptionConfigKeyArn: KMS, enabledClusterLogTypes: ["api", "audit", "authenticator"] }),
        ],
        ["configmaps encrypted, secrets not", cluster({}, { encryptionConfig: { resources: ["configmaps"], provider: { keyArn: KMS } } })],
        ["audit log spelled with a capital", cluster({}, { enabledClusterLogTypes: ["api", "Audit", "authenticator"] })],
    ],
    [
        ["private endpoint", cluster({})],
        ["public but limited to a CIDR", cluster({ endpointPublicAccess: true, publicAccessCidrs: ["198.51.100.0/24"] })],
        [
            "the component with a private endpoint, a key and the logs",
            res("eks:index:Cluster", "eks", {
                endpointPublicAccess: false,
                endpointPrivateAccess: true,
                encryptionConfigKeyArn: KMS,
                enabledClusterLogTypes: ["api", "audit", "authenticator", "scheduler"],
            }),
        ],
    ],
);

// iot-certificate-not-shared
const cert = (n: string) => res("aws:iot/certificate:Certificate", n, { active: true });
const thing = (n: string) => res("aws:iot/thing:Thing", n, { name: `acme-${n}` });
const attach = (n: string, thingName: string, principal: string) =>
    res("aws:iot/thingPrincipalAttachment:ThingPrincipalAttachment", n, { principal, thing: thingName });
const nativeAttach = (n: string, thingName: string, principal: string) => res("aws-native:iot:ThingPrincipalAttachment", n, { principal, thingName });
table(
    "iot-certificate-not-shared",
    stack,
    [
        [
            "one certificate by ARN and by logical id",
            [cert("c1"), thing("gw-1"), thing("gw-2"), attach("a1", "acme-gw-1", `${ARN}:cert/c1`), attach("a2", "acme-gw-2", "c1-id")],
        ],
        [
            "one attachment of each provider",
            [cert("c1"), thing("gw-1"), thing("gw-2"), attach("a1", "acme-gw-1", `${ARN}:cert/c1`), nativeAttach("a2", "acme-gw-2", `${ARN}:cert/c1`)],
        ],
        [
            "a principal that is no resource of the stack, on two things",
            [thing("gw-1"), thing("gw-2"), attach("a1", "acme-gw-1", `${ARN}:cert/abc`), attach("a2", "acme-gw-2", `${ARN}:cert/abc`)],
        ],
    ],
    [
        [
            "a certificate each",
            [cert("c1"), cert("c2"), thing("gw-1"), thing("gw-2"), attach("a1", "acme-gw-1", `${ARN}:cert/c1`), attach("a2", "acme-gw-2", `${ARN}:cert/c2`)],
        ],
        ["one thing attached twice by two spellings", [cert("c1"), thing("gw-1"), attach("a1", "acme-gw-1", `${ARN}:cert/c1`), attach("a2", "gw-1-id", "c1")]],
        ["an aws-native attachment alone", [cert("c1"), thing("gw-1"), nativeAttach("a1", "acme-gw-1", `${ARN}:cert/c1`)]],
    ],
);

// iot-claim-certificate-provision-only
const claimDoc = {
    Statement: [
        { Effect: "Allow", Action: "iot:Connect", Resource: `${ARN}:client/acme-plant-claim-SN-1` },
        {
            Effect: "Allow",
            Action: ["iot:Publish", "iot:Receive"],
            Resource: [`${ARN}:topic/$aws/certificates/create/*`, `${ARN}:topic/$aws/provisioning-templates/acme-plant/provision/*`],
        },
    ],
};
const claim = (doc: unknown, name = "acme-plant-claim") => res("aws:iot/policy:Policy", "claim-policy", { name, policy: JSON.stringify(doc) });
const template = res("aws:iot/provisioningTemplate:ProvisioningTemplate", "t", { name: "acme-plant", templateBody: "{}" });
table(
    "iot-claim-certificate-provision-only",
    stack,
    [
        [
            "NotAction instead of actions",
            [claim(mutate(claimDoc, (d) => (d.Statement[1] = { ...d.Statement[1], NotAction: "iot:Connect", Action: undefined } as never))), template],
        ],
        ["iot:* beside connect", [claim(mutate(claimDoc, (d) => (d.Statement[0].Action = ["iot:Connect", "iot:*"] as never))), template]],
        [
            "a $aws shadow topic outside provisioning",
            [claim(mutate(claimDoc, (d) => (d.Statement[1].Resource as string[]).push(`${ARN}:topic/$aws/things/x/shadow/update`))), template],
        ],
        [
            "a policy found only by its provisioning topics, with a telemetry topic",
            [
                claim(
                    mutate(claimDoc, (d) => (d.Statement[1].Resource as string[]).push(`${ARN}:topic/fleet/plant/gw/telemetry`)),
                    "acme-bootstrap",
                ),
                template,
            ],
        ],
    ],
    [
        ["the canonical claim policy", [claim(claimDoc), template]],
        ["actions in upper case", [claim(mutate(claimDoc, (d) => (d.Statement[1].Action = ["IOT:PUBLISH", "iot:receive"]))), template]],
        [
            "a Deny statement beside it",
            [claim(mutate(claimDoc, (d) => d.Statement.push({ Effect: "Deny", Action: "iot:Publish", Resource: `${ARN}:topic/fleet/*` }))), template],
        ],
        [
            "a device policy (not a claim policy) with telemetry topics",
            [
                res("aws:iot/policy:Policy", "gw-policy", {
                    name: "acme-plant-gw",
                    policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "iot:Publish", Resource: `${ARN}:topic/fleet/plant/gw/t` }] }),
                }),
                template,
            ],
        ],
    ],
);

// iot-private-key-secret
const PKCS8 = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----";
table(
    "iot-private-key-secret",
    check,
    [
        [
            "an EC key deep in a Lambda environment",
            res("aws:lambda/function:Function", "f", { environment: { variables: { KEYS: ["x", "-----BEGIN EC PRIVATE KEY-----\nMHc"] } } }),
        ],
        ["a PKCS#8 key in outputs", res("aws:iot/certificate:Certificate", "c", {}, { outputs: { privateKey: PKCS8 }, secretProps: [] })],
        ["an encrypted PKCS#8 key", res("aws:s3/bucketObjectv2:BucketObjectv2", "o", { content: "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIF" })],
        ["a key in an SSM parameter not marked secret (secrets tracked)", res("aws:ssm/parameter:Parameter", "p", { value: PKCS8 }, { secretProps: [] })],
        [
            "a non-PEM private key output kept in plain text",
            res("aws:iot/certificate:Certificate", "c", {}, { outputs: { privateKey: "MIIEvQIBADANBg" }, secretProps: [] }),
        ],
    ],
    [
        ["a public key", res("aws:s3/bucketObjectv2:BucketObjectv2", "o", { content: "-----BEGIN PUBLIC KEY-----\nMIIB" })],
        ["a certificate", res("aws:iot/certificate:Certificate", "c", { certificatePem: "-----BEGIN CERTIFICATE-----\nMIIC" })],
        ["a masked secret output", res("aws:iot/certificate:Certificate", "c", {}, { outputs: { privateKey: "[secret]" }, secretProps: ["privateKey"] })],
        ["a key in a secret store when secrets are not tracked", res("aws:ssm/parameter:Parameter", "p", { value: PKCS8 }, { secretProps: undefined })],
    ],
);

// nfw-protections-on
const ENC = { type: "CUSTOMER_KMS", keyId: KMS };
const firewall = (extra: Record<string, unknown> = {}) =>
    res("aws:networkfirewall/firewall:Firewall", "fw", {
        encryptionConfiguration: ENC,
        deleteProtection: true,
        subnetChangeProtection: true,
        firewallPolicyChangeProtection: true,
        subnetMappings: [{ subnetId: "subnet-a" }, { subnetId: "subnet-b" }],
        ...extra,
    });
table(
    "nfw-protections-on",
    check,
    [
        ["delete protection spelled as a string", firewall({ deleteProtection: "true" })],
        ["one subnet mapped twice", firewall({ subnetMappings: [{ subnetId: "subnet-a" }, { subnetId: "subnet-a" }] })],
        ["an AWS-owned key", firewall({ encryptionConfiguration: { type: "AWS_OWNED_KMS_KEY" } })],
        [
            "a customer key type without a key",
            res("aws:networkfirewall/firewallPolicy:FirewallPolicy", "p", { encryptionConfiguration: { type: "CUSTOMER_KMS" } }),
        ],
    ],
    [
        ["the hardened firewall", firewall()],
        [
            "two zones by zone mapping",
            firewall({ subnetMappings: undefined, availabilityZoneMappings: [{ availabilityZoneId: "euc1-az1" }, { availabilityZoneId: "euc1-az2" }] }),
        ],
        ["a policy with the customer key", res("aws:networkfirewall/firewallPolicy:FirewallPolicy", "p", { encryptionConfiguration: ENC })],
    ],
);

// nfw-rule-group-valid
const group = (rules: string, capacity = 100, ruleOrder = "STRICT_ORDER") =>
    res("aws:networkfirewall/ruleGroup:RuleGroup", "g", {
        capacity,
        type: "STATEFUL",
        ruleGroup: { rulesSource: { rulesString: rules }, statefulRuleOptions: { ruleOrder } },
    });
const ruleGroup = (rules: string) =>
    res("aws:networkfirewall/ruleGroup:RuleGroup", "g", { capacity: 10, type: "STATEFUL", ruleGroup: { rulesSource: { rulesString: rules } } });
const R = (opts: string) => `pass tcp 192.168.35.0/24 any -> 10.40.0.0/24 8883 (${opts})`;
table(
    "nfw-rule-group-valid",
    check,
    [
        ["a rejected keyword in capitals", group(R("LUA:script.lua; sid:1;"))],
        ["capacity without headroom", group([R("sid:1;"), R("sid:2;")].join("\n"), 2)],
        ["priority in a strict-order group", group(R("priority:1; sid:1;"))],
        ["an action Network Firewall does not know", group("bypass tcp any any -> any any (sid:1;)")],
        ["a sid reused", group([R("sid:7;"), R("sid:7;")].join("\n"))],
    ],
    [
        ["two rules, capacity with headroom", group([R("sid:1;"), R("sid:2;")].join("\n"), 3)],
        ["priority in a default-order group", group(R("priority:1; sid:1;"), 100, "DEFAULT_ACTION_ORDER")],
        ["the word lua inside content", group(R('content:"lua"; sid:1;'))],
    ],
);

// ot-default-deny
const fwPolicy = (fp: Record<string, unknown>) =>
    res("aws:networkfirewall/firewallPolicy:FirewallPolicy", "p", {
        firewallPolicy: {
            statefulDefaultActions: ["aws:drop_established"],
            statefulEngineOptions: { ruleOrder: "STRICT_ORDER" },
            statelessDefaultActions: ["aws:forward_to_sfe"],
            statelessFragmentDefaultActions: ["aws:forward_to_sfe"],
            ...fp,
        },
    });
table(
    "ot-default-deny",
    check,
    [
        ["stateless default pass", fwPolicy({ statelessDefaultActions: ["aws:pass"] })],
        ["strict order in lower case", fwPolicy({ statefulEngineOptions: { ruleOrder: "strict_order" } })],
        ["alert without drop", fwPolicy({ statefulDefaultActions: ["aws:alert_strict"] })],
        ["fragments pass", fwPolicy({ statelessFragmentDefaultActions: ["aws:forward_to_sfe", "aws:pass"] })],
        [
            "a stateful rule group in default order",
            res("aws:networkfirewall/ruleGroup:RuleGroup", "g", {
                type: "stateful",
                ruleGroup: { statefulRuleOptions: { ruleOrder: "DEFAULT_ACTION_ORDER" } },
            }),
        ],
    ],
    [
        ["drop established", fwPolicy({})],
        ["drop strict with alert", fwPolicy({ statefulDefaultActions: ["aws:alert_strict", "aws:drop_strict"] })],
        ["a stateless rule group (no rule order)", res("aws:networkfirewall/ruleGroup:RuleGroup", "g", { type: "STATELESS", ruleGroup: {} })],
    ],
);

// required-tags
const TAGS = { "fleet:name": "acme", "fleet:region": "eu-central-1", "cost-center": "ot" };
const bucket = (tags: Record<string, string>, extra: Partial<RuleResource> = {}, tagsAll?: Record<string, string>) =>
    res("aws:s3/bucket:Bucket", "b", { tags, ...(tagsAll ? { tagsAll } : {}) }, extra);
table(
    "required-tags",
    check,
    [
        ["no region tag", bucket({ "fleet:name": "acme", "cost-center": "ot" })],
        ["an empty name tag", bucket({ ...TAGS, "fleet:name": "" })],
        ["no cost tag", bucket({ "fleet:name": "acme", "fleet:region": "eu-central-1" })],
        ["a site resource without fleet:site", bucket(TAGS, { site: "plant" })],
    ],
    [
        ["all tags", bucket(TAGS)],
        ["tags from provider defaults", bucket({}, {}, TAGS)],
        ["a cost tag spelled CostCentre", bucket({ "fleet:name": "acme", "fleet:region": "eu-central-1", CostCentre: "ot" })],
        ["a type that takes no tags", res("aws:iot/thingPrincipalAttachment:ThingPrincipalAttachment", "a", {})],
    ],
);

// s3-baseline
const s3Policy = (secure: unknown, effect = "Deny") =>
    JSON.stringify({
        Statement: [{ Effect: effect, Principal: "*", Action: "s3:*", Resource: "arn:aws:s3:::x/*", Condition: { Bool: { "aws:SecureTransport": secure } } }],
    });
const lake = res("aws:s3/bucket:Bucket", "lake", {});
const s3Parts = (change: Record<string, Record<string, unknown>> = {}) =>
    (
        [
            [
                "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
                "pab",
                { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            ],
            ["aws:s3/bucketPolicy:BucketPolicy", "policy", { policy: s3Policy("false") }],
            [
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                "sse",
                { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KMS } }] },
            ],
            ["aws:s3/bucketVersioning:BucketVersioning", "versioning", { versioningConfiguration: { status: "Enabled" } }],
            ["aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "lifecycle", { rules: [{ id: "tiers", status: "Enabled" }] }],
            ["aws:s3/bucketLogging:BucketLogging", "logging", { targetBucket: "acme-logs" }],
        ] as [string, string, Record<string, unknown>][]
    ).map(([type, part, props]) => res(type, `lake-${part}`, { bucket: "lake-id", ...props, ...(change[part] ?? {}) }));
table(
    "s3-baseline",
    stack,
    [
        ["versioning suspended", [lake, ...s3Parts({ versioning: { versioningConfiguration: { status: "Suspended" } } })]],
        [
            "SSE-S3 on a bucket that is no log sink",
            [lake, ...s3Parts({ sse: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] } })],
        ],
        ["one public access setting off", [lake, ...s3Parts({ pab: { ignorePublicAcls: false } })]],
        ["the TLS condition the wrong way round", [lake, ...s3Parts({ policy: { policy: s3Policy("true") } })]],
        ["the TLS statement as an Allow", [lake, ...s3Parts({ policy: { policy: s3Policy("false", "Allow") } })]],
        ["logging with an empty target", [lake, ...s3Parts({ logging: { targetBucket: "" } })]],
    ],
    [
        ["the hardened bucket", [lake, ...s3Parts()]],
        ["DSSE-KMS", [lake, ...s3Parts({ sse: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms:dsse" } }] } })]],
        ["the TLS condition as a boolean", [lake, ...s3Parts({ policy: { policy: s3Policy(false) } })]],
        [
            "one lifecycle rule disabled beside an enabled one",
            [
                lake,
                ...s3Parts({
                    lifecycle: {
                        rules: [
                            { id: "a", status: "Disabled" },
                            { id: "b", status: "Enabled" },
                        ],
                    },
                }),
            ],
        ],
    ],
);

describe("Suricata address lists with spaces inside the brackets (Suricata accepts them)", () => {
    it("are parsed as one field each", () => {
        const { rules, errors } = parseRulesString(
            'pass tcp [10.0.0.0/24, !10.0.0.5] any -> [ 10.40.0.0/24 ,10.41.0.0/24 ] [ 443, 8883 ] (msg:"a (b)"; sid:1;)',
        );
        assert.deepEqual(errors, []);
        assert.deepEqual(
            [rules[0].source, rules[0].sourcePort, rules[0].direction, rules[0].destination, rules[0].destinationPort, rules[0].options],
            [
                "[10.0.0.0/24,!10.0.0.5]",
                "any",
                "->",
                "[10.40.0.0/24,10.41.0.0/24]",
                "[443,8883]",
                [
                    { keyword: "msg", settings: ['"a (b)"'] },
                    { keyword: "sid", settings: ["1"] },
                ],
            ],
        );
    });
    it("reject a header with an unclosed bracket, a missing direction or a missing field", () => {
        for (const line of [
            "pass tcp [10.0.0.0/24 any -> any any (sid:1;)",
            "pass tcp 10.0.0.0/24] any -> any any (sid:1;)",
            "pass tcp any any => any any (sid:1;)",
            "pass tcp any -> any any (sid:1;)",
            "pass tcp any any -> any any sid:1;",
            "pass tcp any any -> any any (sid:1;",
        ])
            assert.match(parseRulesString(line).errors[0] ?? "", /^rule 1 is not a Suricata rule/, line);
    });
    it("cannot hide an open source from ot-conduit-explicit", () =>
        assert.deepEqual(violations(check("ot-conduit-explicit", ruleGroup("pass tcp [128.0.0.0/1, 0.0.0.0/1] any -> 10.40.0.0/24 8883 (sid:1;)"))), [
            "pass rule 1 (pass tcp [128.0.0.0/1, 0.0.0.0/1] any -> 10.40.0.0/24 8883 (sid:1;)) matches any source; a pass rule must be one conduit: zone to zone on explicit ports",
        ]));
});
