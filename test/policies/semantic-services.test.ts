/**
 * Meaning, not spelling (issue #21), for the service rules: bypass attempts caught, look-alikes
 * not flagged. The IoT rules and the evaluators are in semantic.test.ts.
 */
import * as assert from "node:assert/strict";
import type { RuleResource } from "../../policies/lib/types";
import { check, checkStack, res, table, UNKNOWN, violations } from "./helpers";

const allow = (Action: unknown, Resource: unknown, extra: Record<string, unknown> = {}) => ({ Effect: "Allow", Action, Resource, ...extra });

const role = res("aws:iam/role:Role", "tes-role", { name: "tes", assumeRolePolicy: "{}" });
const alias = res("aws:iot/roleAlias:RoleAlias", "tes-alias", { alias: "a", roleArn: role.name, credentialDuration: 3600 });
const withPolicy = (actions: unknown): RuleResource =>
    res("aws:iam/rolePolicy:RolePolicy", "tes-policy", { role: role.name, policy: JSON.stringify({ Statement: [allow(actions, "*")] }) });
table(
    "iot-role-alias-least-privilege",
    (rule, r) => checkStack(rule, [role, alias, r]),
    [
        ["IAM in other case", withPolicy("IAM:CreateUser")],
        ["globbed IAM service", withPolicy("i?m:Create*")],
        ["any service's CreateUser", withPolicy("*:CreateUser")],
        ["s3:** service-wide", withPolicy("s3:**")],
        ["sts:AssumeRole", withPolicy("sts:AssumeRole")],
    ],
    [
        ["s3:GetObject", withPolicy("s3:GetObject")],
        ["s3:Get* (not every s3 action)", withPolicy("s3:Get*")],
        ["logs:PutLogEvents", withPolicy(["logs:PutLogEvents", "logs:CreateLogStream"])],
        ["sts:GetCallerIdentity", withPolicy("sts:GetCallerIdentity")],
    ],
);

const group = (rulesString: string, vars?: unknown) =>
    res("aws:networkfirewall/ruleGroup:RuleGroup", "g", {
        capacity: 100,
        type: "STATEFUL",
        ruleGroup: { rulesSource: { rulesString }, ...(vars ? { ruleVariables: vars } : {}) },
    });
const stateless = (matchAttributes: unknown) =>
    res("aws:networkfirewall/ruleGroup:RuleGroup", "g", {
        type: "STATELESS",
        ruleGroup: {
            rulesSource: { statelessRulesAndCustomActions: { statelessRules: [{ priority: 1, ruleDefinition: { actions: ["aws:pass"], matchAttributes } }] } },
        },
    });
const tuple = (header: Record<string, string>) =>
    res("aws:networkfirewall/ruleGroup:RuleGroup", "g", {
        ruleGroup: {
            rulesSource: {
                statefulRules: [
                    {
                        action: "PASS",
                        header: { protocol: "TCP", direction: "FORWARD", sourcePort: "ANY", ...header },
                        ruleOptions: [{ keyword: "sid", settings: ["1"] }],
                    },
                ],
            },
        },
    });
const domainList = (targets: string[]) =>
    res("aws:networkfirewall/ruleGroup:RuleGroup", "g", {
        ruleGroup: { rulesSource: { rulesSourceList: { generatedRulesType: "ALLOWLIST", targetTypes: ["TLS_SNI"], targets } } },
    });
table(
    "ot-conduit-explicit",
    check,
    [
        ["two halves of IPv4", group("pass tcp [0.0.0.0/1,128.0.0.0/1] any -> 10.0.0.0/24 502 (sid:1;)")],
        ["a negation", group("pass tcp 10.1.0.0/24 any -> !10.2.0.0/16 502 (sid:1;)")],
        ["variable that is any", group("pass tcp $OPEN any -> 10.0.0.0/24 502 (sid:1;)", { ipSets: [{ key: "OPEN", ipSet: { definitions: ["0.0.0.0/0"] } }] })],
        ["IPv6 ::/0", group("pass tcp ::/0 any -> 10.0.0.0/24 502 (sid:1;)")],
        ["every port as a range", group("pass tcp 10.1.0.0/24 any -> 10.0.0.0/24 1:65535 (sid:1;)")],
        ["5-tuple open destination", tuple({ source: "10.1.0.0/24", destination: "ANY", destinationPort: "502" })],
        ["stateless pass of everything", stateless({ sources: [{ addressDefinition: "0.0.0.0/0" }], destinationPorts: [{ fromPort: 502, toPort: 502 }] })],
        ["domain allow-list of a TLD", domainList([".com"])],
        ["TLS SNI of a TLD", group('pass tls 10.1.0.0/24 any -> !10.0.0.0/8 443 (tls.sni; dotprefix; content:"com"; endswith; sid:1;)')],
        ["undefined variable", group("pass tcp $NOPE any -> 10.0.0.0/24 502 (sid:1;)")],
    ],
    [
        ["one conduit", group("pass tcp 10.1.0.0/24 any -> 10.0.0.0/24 502 (sid:1;)")],
        [
            "defined plant variable",
            group("pass tcp $PLANT any -> 10.0.0.0/24 [443,8883] (sid:1;)", { ipSets: [{ key: "PLANT", ipSet: { definitions: ["10.1.0.0/24"] } }] }),
        ],
        ["drop any any", group("drop ip any any -> any any (sid:1;)")],
        ["egress by server name", group('pass tls 10.1.0.0/24 any -> !10.0.0.0/8 443 (tls.sni; dotprefix; content:"amazonaws.com"; endswith; sid:1;)')],
        ["domain allow-list of hosts", domainList([".iot.eu-central-1.amazonaws.com"])],
        [
            "stateless explicit",
            stateless({
                sources: [{ addressDefinition: "10.1.0.0/24" }],
                destinations: [{ addressDefinition: "10.0.0.0/24" }],
                destinationPorts: [{ fromPort: 502, toPort: 502 }],
            }),
        ],
    ],
);

/** The statements of a resource policy that let everyone in, however spelled, for one action: every resource-policy rule catches all three. */
const openTo = (Action: string, into: (statement: Record<string, unknown>) => RuleResource): [string, RuleResource][] => [
    ["AWS [*]", into({ Effect: "Allow", Principal: { AWS: ["*"] }, Action, Resource: "*" })],
    ["NotPrincipal", into({ Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::1:root" }, Action, Resource: "*" })],
    ["empty condition", into({ Effect: "Allow", Principal: "*", Action, Resource: "*", Condition: {} })],
];

const topic = (policy: unknown) => res("aws:sns/topicPolicy:TopicPolicy", "t", { arn: "x", policy: JSON.stringify({ Statement: [policy] }) });
table(
    "sns-encrypted",
    check,
    [
        ...openTo("sns:Publish", topic),
        [
            "TLS-only condition",
            topic({ Effect: "Allow", Principal: "*", Action: "sns:Publish", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "true" } } }),
        ],
    ],
    [
        [
            "source account condition",
            topic({
                Effect: "Allow",
                Principal: "*",
                Action: "sns:Publish",
                Resource: "*",
                Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
            }),
        ],
        ["service principal", topic({ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sns:Publish", Resource: "*" })],
        ["deny everyone", topic({ Effect: "Deny", Principal: "*", Action: "sns:Publish", Resource: "*" })],
    ],
);

const bus = (statement: unknown) => res("aws:cloudwatch/eventBusPolicy:EventBusPolicy", "b", { policy: JSON.stringify({ Statement: [statement] }) });
table(
    "eventbridge-bus-not-open",
    check,
    [
        ...openTo("events:PutEvents", bus),
        [
            "permission with a wildcard org",
            res("aws:cloudwatch/eventPermission:EventPermission", "p", {
                principal: "*",
                condition: { key: "aws:PrincipalOrgID", type: "StringEquals", value: "*" },
            }),
        ],
    ],
    [
        [
            "org condition",
            bus({ Effect: "Allow", Principal: "*", Action: "events:PutEvents", Resource: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc" } } }),
        ],
        ["named account", bus({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "events:PutEvents", Resource: "*" })],
        [
            "permission with an org",
            res("aws:cloudwatch/eventPermission:EventPermission", "p", {
                principal: "*",
                condition: { key: "aws:PrincipalOrgID", type: "StringEquals", value: "o-abc" },
            }),
        ],
    ],
);

const fn = (props: Record<string, unknown>) => res("aws:lambda/function:Function", "f", { runtime: "nodejs22.x", tracingConfig: { mode: "Active" }, ...props });
table(
    "lambda-baseline",
    check,
    [
        ["no tracing", fn({ tracingConfig: undefined })],
        ["PassThrough tracing", fn({ tracingConfig: { mode: "PassThrough" } })],
        ["plaintext password", fn({ environment: { variables: { DB_PASSWORD: "hunter2!" } } })],
        ["plaintext api key", fn({ environment: { variables: { apiKey: "abc123" } } })],
    ],
    [
        ["secret ARN", fn({ environment: { variables: { DB_PASSWORD_SECRET: "arn:aws:secretsmanager:eu-central-1:1:secret:x" } } })],
        ["non-secret names", fn({ environment: { variables: { SITE: "s", TABLE: "t", TOKENIZER: undefined } } })],
        ["masked secret", fn({ environment: { variables: { TOKEN: "[secret]" } } })],
    ],
);

const key = (props: Record<string, unknown>) => res("aws:kms/key:Key", "k", { enableKeyRotation: true, ...props });
const keyPolicy = (s: Record<string, unknown>) => JSON.stringify({ Statement: [{ Effect: "Allow", Action: "kms:Decrypt", Resource: "*", ...s }] });
table(
    "kms-baseline",
    check,
    [
        ["rotation off", key({ enableKeyRotation: false })],
        ["rotation unset", key({ enableKeyRotation: undefined })],
        ["open key policy", key({ policy: keyPolicy({ Principal: { AWS: "*" } }) })],
        ...openTo("kms:Decrypt", (statement) => key({ policy: JSON.stringify({ Statement: [statement] }) })),
    ],
    [
        ["asymmetric key without rotation", key({ enableKeyRotation: false, customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" })],
        ["account root", key({ policy: keyPolicy({ Principal: { AWS: "arn:aws:iam::123456789012:root" } }) })],
        ["caller account condition", key({ policy: keyPolicy({ Principal: "*", Condition: { StringEquals: { "kms:CallerAccount": "123456789012" } } }) })],
    ],
);

const iam = (action: unknown, effect = "Allow") =>
    res("aws:iam/policy:Policy", "p", { policy: JSON.stringify({ Statement: [{ Effect: effect, Action: action, Resource: "*" }] }) });
table(
    "iam-policy-no-admin-wildcard",
    check,
    [
        ["* on *", iam("*")],
        ["*:*", iam("*:*")],
        ["s3:*", iam("s3:*")],
        ["S3:** in other case", iam("S3:**")],
        ["NotAction", res("aws:iam/policy:Policy", "p", { policy: JSON.stringify({ Statement: [{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }] }) })],
        [
            "inline role policy",
            res("aws:iam/role:Role", "r", {
                inlinePolicies: [{ name: "x", policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "kms:*", Resource: "*" }] }) }],
            }),
        ],
    ],
    [
        ["s3:Get*", iam("s3:Get*")],
        ["list of actions", iam(["s3:GetObject", "s3:PutObject"])],
        ["Deny *", iam("*", "Deny")],
    ],
);

const sg = (ingress: Record<string, unknown>[]) => res("aws:ec2/securityGroup:SecurityGroup", "sg", { ingress });
table(
    "sg-no-world-open-ports",
    check,
    [
        ["SSH from 0.0.0.0/0", sg([{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }])],
        ["Modbus from two halves", sg([{ protocol: "tcp", fromPort: 502, toPort: 502, cidrBlocks: ["0.0.0.0/1", "128.0.0.0/1"] }])],
        ["all traffic from ::/0", sg([{ protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] }])],
        [
            "a range containing RDP",
            res("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "r", { ipProtocol: "tcp", fromPort: 3000, toPort: 4000, cidrIpv4: "0.0.0.0/0" }),
        ],
    ],
    [
        ["HTTPS from the world", sg([{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }])],
        ["SSH from the jump host", sg([{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.5.10/32"] }])],
        [
            "egress rule",
            res("aws:ec2/securityGroupRule:SecurityGroupRule", "r", { type: "egress", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }),
        ],
    ],
);

table(
    "db-not-public",
    check,
    [
        ["public RDS instance", res("aws:rds/instance:Instance", "d", { publiclyAccessible: true })],
        ["public aws-native RDS", res("aws-native:rds:DbInstance", "d", { publiclyAccessible: true })],
        ["public InfluxDB", res("aws:timestreaminfluxdb/dbInstance:DbInstance", "d", { publiclyAccessible: true })],
        ["OpenSearch without VPC", res("aws:opensearch/domain:Domain", "d", { domainName: "x" })],
    ],
    [
        ["private RDS", res("aws:rds/instance:Instance", "d", { publiclyAccessible: false })],
        ["InfluxDB default", res("aws:timestreaminfluxdb/dbInstance:DbInstance", "d", {})],
        ["OpenSearch in VPC", res("aws:opensearch/domain:Domain", "d", { vpcOptions: { subnetIds: ["subnet-1"] } })],
    ],
);

const inst = (props: Record<string, unknown>) =>
    res("aws:ec2/instance:Instance", "i", { rootBlockDevice: { encrypted: true }, metadataOptions: { httpTokens: "required" }, ...props });
table(
    "ec2-baseline",
    check,
    [
        ["public IP", inst({ associatePublicIpAddress: true })],
        ["unencrypted root", inst({ rootBlockDevice: { encrypted: false } })],
        ["IMDSv1", inst({ metadataOptions: { httpTokens: "optional" } })],
        ["unencrypted volume", res("aws:ebs/volume:Volume", "v", { size: 10 })],
        ["unencrypted EFS", res("aws:efs/fileSystem:FileSystem", "f", {})],
    ],
    [
        ["hardened instance", inst({})],
        ["encrypted volume", res("aws:ebs/volume:Volume", "v", { encrypted: true })],
        ["encrypted EFS", res("aws:efs/fileSystem:FileSystem", "f", { encrypted: true, kmsKeyId: "k" })],
    ],
);

const lb = (props: Record<string, unknown>) =>
    res("aws:lb/loadBalancer:LoadBalancer", "lb", { accessLogs: { bucket: "logs", enabled: true }, enableDeletionProtection: true, ...props });
const listener = (protocol: string, defaultActions: unknown[]) => res("aws:lb/listener:Listener", "l", { protocol, defaultActions });
table(
    "elb-baseline",
    check,
    [
        ["no access logs", lb({ accessLogs: undefined })],
        ["no deletion protection", lb({ enableDeletionProtection: false })],
        ["HTTP forwarding", listener("HTTP", [{ type: "forward", targetGroupArn: "tg" }])],
        ["aws:alb alias without logs", res("aws:alb/loadBalancer:LoadBalancer", "lb", { enableDeletionProtection: true })],
    ],
    [
        ["hardened", lb({})],
        ["HTTP redirect", listener("HTTP", [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }])],
        ["HTTPS forwarding", listener("HTTPS", [{ type: "forward", targetGroupArn: "tg" }])],
    ],
);

describe("data-store-protected: stores beyond the first list", () => {
    for (const type of ["aws:opensearch/domain:Domain", "aws:redshift/cluster:Cluster", "aws:docdb/cluster:Cluster"])
        it(`catches an unprotected ${type}, not a protected one`, () => {
            assert.equal(violations(check("data-store-protected", res(type, "x", {}))).length, 1);
            assert.deepEqual(violations(check("data-store-protected", res(type, "x", {}, { protect: true }))), []);
        });
});

describe("preview unknowns stay unknown in previews", () => {
    it("an unknown document is unknown, not a violation", () => {
        assert.deepEqual(violations(check("iot-policy-no-wildcard-action", res("aws:iot/policy:Policy", "p", { policy: UNKNOWN }))), []);
    });
});
