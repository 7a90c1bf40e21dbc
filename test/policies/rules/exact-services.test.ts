/**
 * Exact findings of the service baselines: config-rule-remediated, data-store-protected,
 * db-not-public, dynamodb-baseline, ec2-baseline, eks-baseline, elb-baseline,
 * eventbridge-bus-not-open, iam-policy-no-admin-wildcard and kinesis-baseline.
 */
import * as assert from "node:assert/strict";
import { NOTIFY_ONLY_REASONS } from "../../../src/region/config-remediation";
import { STATEFUL_TYPES } from "../../../policies/rules/data-store-protected";
import { check, res, UNKNOWN } from "../helpers";
import { engine, PREVIEW, urn } from "./engine";

describe("config-rule-remediated, exact findings", () => {
    const RULE = "aws:cfg/rule:Rule";
    const REM = "aws:cfg/remediationConfiguration:RemediationConfiguration";
    const rule = (name: unknown, source: unknown = { owner: "AWS", sourceIdentifier: "S3_BUCKET_LOGGING_ENABLED" }, n = "r") => res(RULE, n, { name, source });
    const rem = (configRuleName: unknown, automatic: unknown = true, maximumAutomaticAttempts: unknown = 5) =>
        res(REM, `rem-${String(configRuleName)}`, { configRuleName, automatic, maximumAutomaticAttempts });
    const run = (...rs: ReturnType<typeof res>[]) => engine("config-rule-remediated", rs);
    const at = (message: string, n = "r") => ({ urn: urn(RULE, n), message });
    it("accepts an automatic remediation with 1 to 25 attempts", () => {
        assert.deepEqual(run(rule("acme-logging"), rem("acme-logging", true, 1)), []);
        assert.deepEqual(run(rule("acme-logging"), rem("acme-logging", true, 25)), []);
    });
    it("wants the remediation automatic and its attempts bounded", () => {
        const notAuto = at("the remediation of Config rule acme-logging is not automatic; set automatic: true");
        const noLimit = at("the remediation of Config rule acme-logging has no retry limit; set maximumAutomaticAttempts (1-25)");
        assert.deepEqual(run(rule("acme-logging"), rem("acme-logging", "true")), [notAuto]);
        assert.deepEqual(run(rule("acme-logging"), rem("acme-logging", false, 5)), [notAuto]);
        for (const n of [0, 26, "5", null]) assert.deepEqual(run(rule("acme-logging"), rem("acme-logging", true, n)), [noLimit], String(n));
    });
    it("accepts an AWS rule with a notify-only reason, and nothing else without a remediation", () => {
        const id = Object.keys(NOTIFY_ONLY_REASONS)[0];
        assert.deepEqual(run(rule("acme-x", { owner: "AWS", sourceIdentifier: id })), []);
        const none = (name: string, what: string) =>
            at(
                `Config rule ${name} (${what}) has neither an automatic remediation nor a notify-only reason; add it to CONFIG_REMEDIATIONS or NOTIFY_ONLY_REASONS in src/region/config-remediation.ts`,
            );
        assert.deepEqual(run(rule("acme-x", { owner: "CUSTOM_LAMBDA", sourceIdentifier: id })), [none("acme-x", id)]);
        assert.deepEqual(run(rule("acme-x")), [none("acme-x", "S3_BUCKET_LOGGING_ENABLED")]);
        assert.deepEqual(run(rule("acme-x", { owner: "AWS", sourceIdentifier: 7 })), [none("acme-x", "custom")]);
        assert.deepEqual(run(rule("acme-x", null)), [none("acme-x", "custom")]);
        // A remediation of another rule, or one whose rule name is not a string, does not count.
        assert.deepEqual(run(rule("acme-x"), rem("acme-y"), res(REM, "odd", { configRuleName: 7, automatic: true, maximumAutomaticAttempts: 5 })), [
            none("acme-x", "S3_BUCKET_LOGGING_ENABLED"),
        ]);
        assert.deepEqual(run(rule(7), rem(7)), [none("7", "S3_BUCKET_LOGGING_ENABLED")]);
    });
    it("reports a name or source unknown at preview, per rule", () => {
        const unknown = (n: string) => ({ urn: urn(RULE, n), ...PREVIEW("the rule's name or source") });
        assert.deepEqual(run(rule(UNKNOWN, undefined, "a"), rule("acme-x", { owner: "AWS", sourceIdentifier: UNKNOWN }, "b")), [unknown("a"), unknown("b")]);
        assert.deepEqual(run(rem("acme-x")), []);
    });
});

describe("data-store-protected, exact findings", () => {
    const run = (type: string, opts: Record<string, unknown>) => check("data-store-protected", res(type, "store", {}, opts));
    it("names the type and resource of every unprotected store type", () => {
        for (const type of STATEFUL_TYPES)
            assert.deepEqual(
                run(type, { protect: false, retainOnDelete: false }),
                [{ message: `${type.split(":").pop()} store holds data but is not protected; create it with { protect: true } (or retainOnDelete: true)` }],
                type,
            );
        assert.equal(STATEFUL_TYPES.length, 23);
    });
    it("accepts protect or retainOnDelete, and cannot tell without resource options", () => {
        assert.deepEqual(run("aws:dynamodb/table:Table", { protect: true, retainOnDelete: false }), []);
        assert.deepEqual(run("aws:dynamodb/table:Table", { protect: false, retainOnDelete: true }), []);
        assert.deepEqual(run("aws:dynamodb/table:Table", { protect: undefined, retainOnDelete: false }), [
            { message: "Table store holds data but is not protected; create it with { protect: true } (or retainOnDelete: true)" },
        ]);
        assert.deepEqual(run("aws:dynamodb/table:Table", { protect: undefined, retainOnDelete: undefined }), [
            { message: "the resource options are unknown here; whether the store is protected cannot be checked", unknown: true },
        ]);
    });
});

describe("db-not-public, exact findings", () => {
    const run = (type: string, props: Record<string, unknown>) => check("db-not-public", res(type, "db", props));
    const pub = { message: "the database is publicly accessible; set publiclyAccessible: false and reach it from the VPC" };
    const types = [
        "aws:rds/instance:Instance",
        "aws:rds/clusterInstance:ClusterInstance",
        "aws-native:rds:DbInstance",
        "aws:timestreaminfluxdb/dbInstance:DbInstance",
        "aws:timestreaminfluxdb/dbCluster:DbCluster",
        "aws-native:timestream:InfluxDbInstance",
        "aws-native:timestream:InfluxDbCluster",
        "aws:redshift/cluster:Cluster",
        "aws-native:redshift:Cluster",
        "aws:dms/replicationInstance:ReplicationInstance",
        "aws:neptune/clusterInstance:ClusterInstance",
        "aws:docdb/clusterInstance:ClusterInstance",
    ];
    for (const type of types)
        it(`judges publiclyAccessible of ${type}`, () => {
            assert.deepEqual(run(type, { publiclyAccessible: true }), [pub]);
            assert.deepEqual(run(type, { publiclyAccessible: "true" }), [pub]);
            assert.deepEqual(run(type, { publiclyAccessible: false }), []);
            assert.deepEqual(run(type, {}), []);
            assert.deepEqual(run(type, { publiclyAccessible: UNKNOWN }), [PREVIEW("publiclyAccessible")]);
        });
    for (const type of ["aws:opensearch/domain:Domain", "aws-native:opensearchservice:Domain"])
        it(`wants ${type} in the VPC`, () => {
            const open = [{ message: "the domain has a public endpoint (no vpcOptions.subnetIds); run it in the VPC" }];
            assert.deepEqual(run(type, { vpcOptions: { subnetIds: ["subnet-a"] } }), []);
            assert.deepEqual(run(type, { vpcOptions: { subnetIds: [] } }), open);
            assert.deepEqual(run(type, { vpcOptions: { subnetIds: "subnet-a" } }), open);
            assert.deepEqual(run(type, {}), open);
            assert.deepEqual(run(type, { vpcOptions: UNKNOWN, publiclyAccessible: true }), [PREVIEW("vpcOptions")]);
        });
});

describe("dynamodb-baseline, exact findings", () => {
    const run = (type: string, props: Record<string, unknown>) => check("dynamodb-baseline", res(type, "t", props));
    it("names every protection an aws table lacks, with the aws fix", () => {
        assert.deepEqual(
            run("aws:dynamodb/table:Table", {
                pointInTimeRecovery: { enabled: true },
                serverSideEncryption: { enabled: true },
                deletionProtectionEnabled: true,
            }),
            [],
        );
        assert.deepEqual(run("aws:dynamodb/table:Table", { pointInTimeRecovery: { enabled: "true" } }), [
            { message: "the table has no point-in-time recovery; set pointInTimeRecovery: { enabled: true }" },
            { message: "the table has no KMS encryption; set serverSideEncryption: { enabled: true, kmsKeyArn }" },
            { message: "the table has no deletion protection; set deletionProtectionEnabled: true" },
        ]);
    });
    it("names every protection an aws-native table lacks, with the aws-native fix", () => {
        const ok = {
            pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
            sseSpecification: { sseEnabled: true },
            deletionProtectionEnabled: true,
        };
        assert.deepEqual(run("aws-native:dynamodb:Table", ok), []);
        // The aws property names do not count on an aws-native table.
        assert.deepEqual(run("aws-native:dynamodb:Table", { pointInTimeRecovery: { enabled: true }, serverSideEncryption: { enabled: true } }), [
            { message: "the table has no point-in-time recovery; set pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled: true" },
            { message: 'the table has no KMS encryption; set sseSpecification: { sseEnabled: true, sseType: "KMS" }' },
            { message: "the table has no deletion protection; set deletionProtectionEnabled: true" },
        ]);
        assert.deepEqual(run("aws-native:dynamodb:Table", { ...ok, sseSpecification: { sseEnabled: UNKNOWN }, deletionProtectionEnabled: UNKNOWN }), [
            PREVIEW("KMS encryption"),
            PREVIEW("deletion protection"),
        ]);
    });
});

describe("ec2-baseline, exact findings", () => {
    const run = (type: string, props: Record<string, unknown>) => check("ec2-baseline", res(type, "x", props));
    const IMDS = { message: "IMDSv1 is allowed; set metadataOptions.httpTokens: required" };
    it("wants encrypted volumes and file systems", () => {
        assert.deepEqual(run("aws:ebs/volume:Volume", { encrypted: true }), []);
        assert.deepEqual(run("aws:ebs/volume:Volume", { encrypted: "true" }), [{ message: "the volume is not encrypted; set encrypted: true and kmsKeyId" }]);
        assert.deepEqual(run("aws:ebs/volume:Volume", { encrypted: UNKNOWN }), [PREVIEW("encrypted")]);
        assert.deepEqual(run("aws:efs/fileSystem:FileSystem", {}), [{ message: "the file system is not encrypted; set encrypted: true and kmsKeyId" }]);
        assert.deepEqual(run("aws:efs/fileSystem:FileSystem", { encrypted: true }), []);
    });
    it("names every problem of an instance, in order", () => {
        const good = { associatePublicIpAddress: false, rootBlockDevice: { encrypted: true }, metadataOptions: { httpTokens: "required" } };
        assert.deepEqual(run("aws:ec2/instance:Instance", good), []);
        assert.deepEqual(run("aws:ec2/instance:Instance", { ...good, associatePublicIpAddress: undefined }), []);
        assert.deepEqual(
            run("aws:ec2/instance:Instance", {
                associatePublicIpAddress: true,
                ebsBlockDevices: [{ deviceName: "/dev/sdf", encrypted: false }, "junk", { encrypted: true }, {}],
                metadataOptions: { httpTokens: "optional" },
            }),
            [
                { message: "the instance gets a public IP address; set associatePublicIpAddress: false" },
                { message: "the root volume is not encrypted; set rootBlockDevice.encrypted: true" },
                { message: "block device /dev/sdf is not encrypted; set encrypted: true" },
                { message: "block device  is not encrypted; set encrypted: true" },
                IMDS,
            ],
        );
        assert.deepEqual(
            run("aws:ec2/instance:Instance", {
                associatePublicIpAddress: UNKNOWN,
                rootBlockDevice: { encrypted: UNKNOWN },
                ebsBlockDevices: [{ encrypted: UNKNOWN }],
                metadataOptions: { httpTokens: UNKNOWN },
            }),
            [
                PREVIEW("associatePublicIpAddress"),
                PREVIEW("rootBlockDevice.encrypted"),
                PREVIEW("ebsBlockDevices.encrypted"),
                PREVIEW("metadataOptions.httpTokens"),
            ],
        );
    });
    it("checks launch templates' network interfaces and metadata options", () => {
        const LT = "aws:ec2/launchTemplate:LaunchTemplate";
        const publicIp = { message: "the launch template gives instances a public IP address" };
        assert.deepEqual(run(LT, { metadataOptions: { httpTokens: "required" }, networkInterfaces: [{ associatePublicIpAddress: "false" }, 3] }), []);
        assert.deepEqual(
            run(LT, {
                metadataOptions: { httpTokens: "required" },
                networkInterfaces: [{ associatePublicIpAddress: true }, { associatePublicIpAddress: "true" }],
            }),
            [publicIp, publicIp],
        );
        assert.deepEqual(run(LT, {}), [IMDS]);
        assert.deepEqual(run(LT, { metadataOptions: { httpTokens: "required" }, networkInterfaces: [{ associatePublicIpAddress: UNKNOWN }] }), [
            PREVIEW("associatePublicIpAddress"),
        ]);
    });
});

describe("eks-baseline, exact findings", () => {
    const ENDPOINT = {
        message:
            "the API endpoint is public to the internet; set vpcConfig.endpointPublicAccess: false (and endpointPrivateAccess: true) or restrict publicAccessCidrs",
    };
    const SECRETS = { message: 'Kubernetes secrets are not encrypted with KMS; set encryptionConfig { resources: ["secrets"], provider: { keyArn } }' };
    const logs = (missing: string) => ({ message: `control-plane logs ${missing} are off; add them to enabledClusterLogTypes` });
    const good = {
        vpcConfig: { endpointPublicAccess: false },
        encryptionConfig: { resources: ["secrets"], provider: { keyArn: "arn:k" } },
        enabledClusterLogTypes: ["api", "audit", "authenticator", "scheduler"],
    };
    const run = (p: Record<string, unknown>) => check("eks-baseline", res("aws:eks/cluster:Cluster", "c", { ...good, ...p }));
    it("judges the endpoint: private, or public only to listed CIDRs", () => {
        assert.deepEqual(run({}), []);
        assert.deepEqual(run({ vpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] } }), []);
        assert.deepEqual(run({ vpcConfig: { publicAccessCidrs: ["203.0.113.0/24", "0.0.0.0/0"] } }), [ENDPOINT]);
        assert.deepEqual(run({ vpcConfig: {} }), [ENDPOINT]);
        assert.deepEqual(run({ vpcConfig: { endpointPublicAccess: "false" } }), [ENDPOINT]);
        assert.deepEqual(run({ vpcConfig: { publicAccessCidrs: UNKNOWN } }), [PREVIEW("the endpoint access")]);
    });
    it("wants secrets encrypted with a key, and the three control-plane logs", () => {
        assert.deepEqual(run({ encryptionConfig: { resources: ["configmaps"], provider: { keyArn: "arn:k" } } }), [SECRETS]);
        assert.deepEqual(run({ encryptionConfig: { resources: ["secrets"], provider: {} } }), [SECRETS]);
        assert.deepEqual(run({ encryptionConfig: UNKNOWN }), [PREVIEW("encryptionConfig")]);
        assert.deepEqual(run({ enabledClusterLogTypes: ["audit"] }), [logs("api, authenticator")]);
        assert.deepEqual(run({ enabledClusterLogTypes: undefined }), [logs("api, audit, authenticator")]);
        assert.deepEqual(run({ enabledClusterLogTypes: UNKNOWN }), [PREVIEW("enabledClusterLogTypes")]);
    });
    it("reads the @pulumi/eks component's inputs and its defaults (public endpoint, no logs, no key)", () => {
        const comp = (p: Record<string, unknown>) => check("eks-baseline", res("eks:index:Cluster", "c", p));
        assert.deepEqual(comp({}), [ENDPOINT, SECRETS, logs("api, audit, authenticator")]);
        assert.deepEqual(comp({ endpointPublicAccess: false, encryptionConfigKeyArn: "arn:k", enabledClusterLogTypes: ["api", "audit", "authenticator"] }), []);
        assert.deepEqual(
            comp({
                endpointPublicAccess: true,
                publicAccessCidrs: ["10.0.0.0/8"],
                encryptionConfigKeyArn: "arn:k",
                enabledClusterLogTypes: ["api", "audit", "authenticator"],
            }),
            [],
        );
    });
});

describe("elb-baseline, exact findings", () => {
    const LB = "aws:lb/loadBalancer:LoadBalancer";
    const run = (type: string, p: Record<string, unknown>) => check("elb-baseline", res(type, "x", p));
    const LOGS = { message: "access logging is off; set accessLogs { bucket, enabled: true }" };
    const DEL = { message: "deletion protection is off; set enableDeletionProtection: true" };
    it("wants access logs with a bucket and deletion protection on both load balancer types", () => {
        for (const type of [LB, "aws:alb/loadBalancer:LoadBalancer"]) {
            assert.deepEqual(run(type, { accessLogs: { enabled: true, bucket: "logs" }, enableDeletionProtection: true }), [], type);
            assert.deepEqual(run(type, { accessLogs: { enabled: true } }), [LOGS, DEL], type);
            assert.deepEqual(run(type, { accessLogs: { enabled: "true", bucket: "logs" }, enableDeletionProtection: "true" }), [LOGS, DEL], type);
        }
        assert.deepEqual(run(LB, { accessLogs: { enabled: UNKNOWN }, enableDeletionProtection: UNKNOWN }), [
            PREVIEW("accessLogs"),
            PREVIEW("enableDeletionProtection"),
        ]);
    });
    it("wants an HTTP listener to redirect to HTTPS and nothing else", () => {
        const HTTP = { message: "the HTTP listener serves traffic; its default action must be a redirect to HTTPS" };
        const redirect = { type: "redirect", redirect: { protocol: "https" } };
        for (const type of ["aws:lb/listener:Listener", "aws:alb/listener:Listener"]) {
            assert.deepEqual(run(type, { protocol: "http", defaultActions: [redirect] }), [], type);
            assert.deepEqual(run(type, { protocol: "HTTP", defaultActions: [redirect, { type: "forward" }] }), [HTTP], type);
            assert.deepEqual(run(type, { protocol: "HTTP", defaultActions: [] }), [HTTP], type);
            assert.deepEqual(run(type, { protocol: "HTTP", defaultActions: [{ type: "redirect", redirect: { protocol: "HTTP" } }] }), [HTTP], type);
            assert.deepEqual(run(type, { protocol: "HTTPS", defaultActions: [{ type: "forward" }] }), [], type);
            assert.deepEqual(run(type, { defaultActions: [{ type: "forward" }] }), [], type);
        }
        assert.deepEqual(run("aws:lb/listener:Listener", { protocol: UNKNOWN, defaultActions: [] }), [PREVIEW("the listener")]);
        assert.deepEqual(run("aws:lb/listener:Listener", { protocol: "HTTP", defaultActions: [{ type: UNKNOWN }] }), [PREVIEW("the listener")]);
    });
});

describe("eventbridge-bus-not-open, exact findings", () => {
    const run = (type: string, p: Record<string, unknown>) => check("eventbridge-bus-not-open", res(type, "x", p));
    const PERM = "aws:cloudwatch/eventPermission:EventPermission";
    const NATIVE = "aws-native:events:EventBusPolicy";
    it("event permissions: * without a constraining condition is open", () => {
        const open = [
            {
                message:
                    'the permission lets every AWS account put events (principal "*" without a condition); name the account or add an aws:PrincipalOrgID condition',
            },
        ];
        assert.deepEqual(run(PERM, { principal: "*" }), open);
        assert.deepEqual(run(PERM, { principal: "*", condition: { key: "aws:PrincipalOrgID", type: "StringEquals", value: "o-abc" } }), []);
        assert.deepEqual(run(PERM, { principal: "*", condition: { key: "aws:PrincipalOrgID", value: "o-abc" } }), []);
        assert.deepEqual(run(PERM, { principal: "*", condition: { key: "aws:PrincipalOrgID", type: "StringEquals", value: "*" } }), open);
        assert.deepEqual(run(PERM, { principal: "*", condition: { type: "StringEquals", value: "o-abc" } }), open);
        assert.deepEqual(run(PERM, { principal: "*", condition: "o-abc" }), open);
        assert.deepEqual(run(PERM, { principal: "123456789012" }), []);
        assert.deepEqual(run(PERM, { principal: UNKNOWN }), [PREVIEW("the principal")]);
    });
    it("bus policies (aws and aws-native): statements open to everyone, named", () => {
        const stmt = (extra: Record<string, unknown>) => ({ Sid: "All", Effect: "Allow", Action: "events:PutEvents", Resource: "*", ...extra });
        const open = (i = 0) => ({
            message: `bus policy Statement[${i}] (All) allows ["events:PutEvents"] to everyone (a "*" principal or NotPrincipal, without a condition that names accounts or sources); name the accounts or add an aws:PrincipalOrgID condition`,
        });
        const aws = (...s: unknown[]) => run("aws:cloudwatch/eventBusPolicy:EventBusPolicy", { policy: JSON.stringify({ Statement: s }) });
        assert.deepEqual(aws(stmt({ Principal: { AWS: "arn:aws:iam::1:root" } }), stmt({ Principal: "*" }), stmt({ NotPrincipal: { AWS: "x" } })), [
            open(1),
            open(2),
        ]);
        assert.deepEqual(aws(stmt({ Principal: "*", Condition: {} })), [open()]);
        assert.deepEqual(aws(stmt({ Principal: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-1" } } })), []);
        assert.deepEqual(run("aws:cloudwatch/eventBusPolicy:EventBusPolicy", { policy: "{x" }), [
            { message: "the policy document is not valid JSON (Expected property name or '}' in JSON at position 1)" },
        ]);
        assert.deepEqual(run("aws:cloudwatch/eventBusPolicy:EventBusPolicy", { policy: UNKNOWN }), [PREVIEW("the bus policy")]);
        assert.deepEqual(run(NATIVE, { statement: stmt({ Principal: "*" }) }), [open()]);
        assert.deepEqual(run(NATIVE, { statement: stmt({ Principal: "123456789012" }) }), []);
    });
    it("aws-native bus policies without a statement: the principal and condition fields", () => {
        const open = [{ message: 'the bus policy lets every AWS account put events (principal "*" without a condition)' }];
        assert.deepEqual(run(NATIVE, { principal: "*" }), open);
        assert.deepEqual(run(NATIVE, { principal: "*", condition: { key: "aws:PrincipalOrgID", type: "StringEquals", value: "o-1" } }), []);
        assert.deepEqual(run(NATIVE, { principal: "123456789012" }), []);
        assert.deepEqual(run(NATIVE, {}), []);
    });
});

describe("iam-policy-no-admin-wildcard, exact findings", () => {
    const doc = (...s: unknown[]) => JSON.stringify({ Statement: s });
    const run = (type: string, p: Record<string, unknown>) => check("iam-policy-no-admin-wildcard", res(type, "x", p));
    const allow = (Action: unknown, Resource: unknown = "*") => ({ Effect: "Allow", Action, Resource });
    it("names whole-service grants, with ' on \"*\"' when a resource is *, and NotAction", () => {
        assert.deepEqual(
            run("aws:iam/policy:Policy", { policy: doc(allow(["*", "s3:GetObject"]), allow("S3:*", ["arn:aws:s3:::b", " * "]), allow("iot:*", "arn:x")) }),
            [
                { message: 'the policy Statement[0] allows "*" on "*", which grants every action of every service; list the actions needed' },
                { message: 'the policy Statement[1] allows "S3:*" on "*", which grants every action of s3; list the actions needed' },
                { message: 'the policy Statement[2] allows "iot:*", which grants every action of iot; list the actions needed' },
            ],
        );
        assert.deepEqual(
            run("aws:iam/policy:Policy", {
                policy: doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }, { Effect: "Deny", Action: "*", Resource: "*" }),
            }),
            [{ message: 'the policy Statement[0] allows NotAction ["iam:*"], which grants every other action of every service' }],
        );
    });
    it("reads every policy shape, and reports unknown documents, not invalid ones", () => {
        const star = doc(allow("*"));
        const msg = (where: string) => ({
            message: `${where} Statement[0] allows "*" on "*", which grants every action of every service; list the actions needed`,
        });
        for (const type of ["aws:iam/policy:Policy", "aws:iam/rolePolicy:RolePolicy", "aws:iam/userPolicy:UserPolicy", "aws:iam/groupPolicy:GroupPolicy"])
            assert.deepEqual(run(type, { policy: star }), [msg("the policy")], type);
        for (const type of ["aws-native:iam:ManagedPolicy", "aws-native:iam:RolePolicy"])
            assert.deepEqual(run(type, { policyDocument: JSON.parse(star) }), [msg("the policy")], type);
        assert.deepEqual(run("aws:iam/role:Role", { inlinePolicies: [{ name: "a", policy: star }, "junk"] }), [msg('inline policy "a"')]);
        assert.deepEqual(run("aws-native:iam:Role", { policies: [{ policyName: "b", policyDocument: JSON.parse(star) }, 1] }), [msg('policy "b"')]);
        assert.deepEqual(run("aws:iam/policy:Policy", { policy: UNKNOWN }), [PREVIEW("the policy")]);
        assert.deepEqual(run("aws:iam/policy:Policy", { policy: "{x" }), []);
        assert.deepEqual(run("aws:iam/policy:Policy", { policy: doc(allow(["s3:GetObject", "s3:*Object"])) }), []);
    });
});

describe("kinesis-baseline, exact findings", () => {
    const run = (type: string, p: Record<string, unknown>) => check("kinesis-baseline", res(type, "s", p));
    it("wants KMS with a key and a week of retention (aws names)", () => {
        const T = "aws:kinesis/stream:Stream";
        assert.deepEqual(run(T, { encryptionType: "KMS", kmsKeyId: "k", retentionPeriod: 168 }), []);
        assert.deepEqual(run(T, {}), [
            { message: 'the stream is not KMS-encrypted (encryptionType "NONE", no kmsKeyId); set encryptionType "KMS" and kmsKeyId' },
            { message: "retention is 24 hours; keep at least 168 so consumers can replay after an outage" },
        ]);
        assert.deepEqual(run(T, { encryptionType: "NONE", kmsKeyId: "k", retentionPeriod: 167 }), [
            { message: 'the stream is not KMS-encrypted (encryptionType "NONE"); set encryptionType "KMS" and kmsKeyId' },
            { message: "retention is 167 hours; keep at least 168 so consumers can replay after an outage" },
        ]);
        assert.deepEqual(run(T, { encryptionType: "KMS", retentionPeriod: "168" }), [
            { message: 'the stream is not KMS-encrypted (encryptionType "KMS", no kmsKeyId); set encryptionType "KMS" and kmsKeyId' },
            { message: "retention is 24 hours; keep at least 168 so consumers can replay after an outage" },
        ]);
        assert.deepEqual(run(T, { encryptionType: UNKNOWN, retentionPeriod: UNKNOWN }), [PREVIEW("the encryption type"), PREVIEW("the retention period")]);
    });
    it("reads the aws-native names, not the aws ones", () => {
        const N = "aws-native:kinesis:Stream";
        assert.deepEqual(run(N, { streamEncryption: { encryptionType: "KMS", keyId: "k" }, retentionPeriodHours: 720 }), []);
        assert.deepEqual(run(N, { encryptionType: "KMS", kmsKeyId: "k", retentionPeriod: 720 }), [
            { message: 'the stream is not KMS-encrypted (encryptionType "NONE", no kmsKeyId); set encryptionType "KMS" and kmsKeyId' },
            { message: "retention is 24 hours; keep at least 168 so consumers can replay after an outage" },
        ]);
    });
});
