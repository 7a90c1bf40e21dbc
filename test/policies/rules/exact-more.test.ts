/** Exact findings for the cases the StrykerJS run of session 3 found untested (survivors of the first exact-finding tests). */
import * as assert from "node:assert/strict";
import { check, checkStack, res, ruleOf } from "../helpers";
import { urn } from "./engine";

describe("iam-policy-no-admin-wildcard: more exact findings", () => {
    const doc = (...s: unknown[]) => JSON.stringify({ Statement: s });
    it("lists every service a pattern covers, and skips non-object inline policies", () => {
        assert.deepEqual(
            check(
                "iam-policy-no-admin-wildcard",
                res("aws:iam/policy:Policy", "x", { policy: doc({ Effect: "Allow", Action: "iotf*:*", Resource: "arn:x" }) }),
            ),
            [{ message: 'the policy Statement[0] allows "iotf*:*", which grants every action of iotfleethub, iotfleetwise; list the actions needed' }],
        );
        assert.deepEqual(check("iam-policy-no-admin-wildcard", res("aws:iam/role:Role", "r", { inlinePolicies: [null, 7] })), []);
        assert.deepEqual(check("iam-policy-no-admin-wildcard", res("aws-native:iam:Role", "r", { policies: [null] })), []);
    });
    it("has no documents for a type it does not know", () =>
        assert.deepEqual(
            ruleOf("iam-policy-no-admin-wildcard").resource!.check(
                res("aws:s3/bucket:Bucket", "b", { policy: doc({ Effect: "Allow", Action: "*", Resource: "*" }) }),
            ),
            [],
        ));
});

describe("ot-conduit-explicit: more exact findings", () => {
    const RG = "aws:networkfirewall/ruleGroup:RuleGroup";
    const group = (opts: string) =>
        check("ot-conduit-explicit", res(RG, "g", { ruleGroup: { rulesSource: { rulesString: `pass tls 10.0.0.0/24 any -> any 443 (${opts} sid:1;)` } } }));
    const tld = (opts: string, d: string) => ({
        message: `pass rule 1 (${`pass tls 10.0.0.0/24 any -> any 443 (${opts} sid:1;)`.slice(0, 80)}) allows the whole top-level domain ${JSON.stringify(d)}; name the hosts`,
    });
    it("reads the four server-name keywords, unquoted and empty contents", () => {
        for (const k of ["tls.sni", "http.host", "tls_sni", "http_host", "TLS.SNI"]) assert.deepEqual(group(`${k}; content:"example.org";`), [], k);
        assert.deepEqual(group("tls.sni; content:com;"), [tld("tls.sni; content:com;", "com")]);
        assert.deepEqual(group("tls.sni; content;"), [tld("tls.sni; content;", "")]);
    });
    it("applies a dotprefix and the sticky buffer to the next content only", () => {
        const o1 = 'tls.sni; dotprefix; content:".com";';
        assert.deepEqual(group(o1), [tld(o1, ".com")]);
        const o2 = 'tls.sni; content:"a.example.com"; content:"com";';
        assert.deepEqual(group(o2), []);
        const o3 = 'tls.sni; dotprefix; content:"example.com"; tls.sni; content:"com";';
        assert.deepEqual(group(o3), [tld(o3, "com")]);
    });
    it("stateless pass rules: an open destination, and every open part named", () => {
        const stateless = (matchAttributes: unknown) =>
            check(
                "ot-conduit-explicit",
                res(RG, "g", {
                    ruleGroup: {
                        rulesSource: { statelessRulesAndCustomActions: { statelessRules: [{ ruleDefinition: { actions: ["aws:pass"], matchAttributes } }] } },
                    },
                }),
            );
        assert.deepEqual(stateless({ sources: ["10.0.0.0/24"], destinationPorts: [{ fromPort: 502, toPort: 502 }] }), [
            { message: "stateless pass rule 1 matches any destination; a pass rule must be one conduit: zone to zone on explicit ports" },
        ]);
        assert.deepEqual(stateless({ sources: ["10.0.0.0/24"] }), [
            {
                message:
                    "stateless pass rule 1 matches any destination and any destination port; a pass rule must be one conduit: zone to zone on explicit ports",
            },
        ]);
    });
});

describe("sg-no-world-open-ports: more exact findings", () => {
    const msg = (cidr: string) => ({
        message: `ingress from ${cidr} (the internet) to ports 22 opens 22 (remote administration / OT) to the world; allow only the jump host's or the site's CIDR`,
    });
    const run = (type: string, props: Record<string, unknown>) => check("sg-no-world-open-ports", res(type, "x", props));
    const ssh = { fromPort: 22, toPort: 22 };
    it("reads IPv6 CIDRs of every shape and skips non-object entries", () => {
        assert.deepEqual(run("aws:ec2/securityGroupRule:SecurityGroupRule", { type: "ingress", protocol: "tcp", ...ssh, ipv6CidrBlocks: ["::/0"] }), [
            msg("::/0"),
        ]);
        assert.deepEqual(run("aws:ec2/securityGroup:SecurityGroup", { ingress: [null, { protocol: "tcp", ...ssh, ipv6CidrBlocks: ["::/0"] }] }), [msg("::/0")]);
        assert.deepEqual(run("aws-native:ec2:SecurityGroup", { securityGroupIngress: [null, { ipProtocol: "tcp", ...ssh, cidrIpv6: "::/0" }] }), [msg("::/0")]);
        assert.deepEqual(run("aws-native:ec2:SecurityGroupIngress", { ipProtocol: "tcp", ...ssh, cidrIp: "0.0.0.0/0" }), [msg("0.0.0.0/0")]);
    });
    it("has no ingress for a type it does not know", () =>
        assert.deepEqual(
            ruleOf("sg-no-world-open-ports").resource!.check(res("aws:s3/bucket:Bucket", "b", { ingress: [{ protocol: "-1", cidrBlocks: ["0.0.0.0/0"] }] })),
            [],
        ));
});

describe("eventbridge-bus-not-open: more exact findings", () => {
    it("a negated condition does not constrain an event permission", () =>
        assert.deepEqual(
            check(
                "eventbridge-bus-not-open",
                res("aws:cloudwatch/eventPermission:EventPermission", "p", {
                    principal: "*",
                    condition: { type: "StringNotEquals", key: "aws:PrincipalOrgID", value: "o-1" },
                }),
            ),
            [
                {
                    message:
                        'the permission lets every AWS account put events (principal "*" without a condition); name the account or add an aws:PrincipalOrgID condition',
                },
            ],
        ));
    it("an aws bus policy without a document has nothing to judge", () =>
        assert.deepEqual(check("eventbridge-bus-not-open", res("aws:cloudwatch/eventBusPolicy:EventBusPolicy", "p", { principal: "*" })), []));
});

describe("no-retired-services: more exact findings", () => {
    const run = (props: Record<string, unknown>) => check("no-retired-services", res("aws:iot/topicRule:TopicRule", "r", props));
    it("counts only actions with a value, and only the retired action names themselves", () => {
        assert.deepEqual(run({ iotEvents: [], timestreams: undefined, kinesis: [{}], errorAction: null }), []);
        assert.deepEqual(run({ xiotEvents: [{}], iotEventsCustom: [{}], timestreamsX: [{}] }), []);
        assert.deepEqual(run({ timestream: [{}], errorAction: { timestreams: {} } }), [
            { message: "the rule sends to Timestream for LiveAnalytics, which AWS retired" },
            { message: "the rule sends to Timestream for LiveAnalytics, which AWS retired" },
        ]);
    });
});

describe("s3-baseline: more exact findings", () => {
    const B = "aws:s3/bucket:Bucket";
    const full = (name: string) => [
        res(B, name, {
            bucket: `acme-${name}`,
            policy: JSON.stringify({ Statement: [{ Effect: "Deny", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } }] }),
        }),
        res("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", `${name}-pab`, {
            bucket: `acme-${name}`,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        }),
        res("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", `${name}-sse`, {
            bucket: `acme-${name}`,
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }],
        }),
        res("aws:s3/bucketVersioning:BucketVersioning", `${name}-v`, { bucket: `acme-${name}`, versioningConfiguration: { status: "Enabled" } }),
        res("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", `${name}-l`, { bucket: `acme-${name}`, rules: [{ status: "Enabled" }] }),
        res("aws:s3/bucketLogging:BucketLogging", `${name}-log`, { bucket: `acme-${name}`, targetBucket: "acme-elsewhere" }),
    ];
    it("settings of one bucket do not count for another", () => {
        const HOWS = [
            "public access block; add an aws.s3.BucketPublicAccessBlock with all four settings true",
            "TLS-only bucket policy; add a bucket policy that denies s3:* when aws:SecureTransport is false",
            "SSE-KMS encryption; add an aws.s3.BucketServerSideEncryptionConfiguration with sseAlgorithm aws:kms and the region's key",
            "versioning; add an aws.s3.BucketVersioning with status Enabled",
            "lifecycle; add an aws.s3.BucketLifecycleConfiguration (tiers from retention, expiry of noncurrent versions)",
            "server access logging; add an aws.s3.BucketLogging that writes to the region's access-log bucket",
        ];
        assert.deepEqual(
            checkStack("s3-baseline", [...full("a"), res(B, "b", { bucket: "acme-b" })]),
            HOWS.map((h) => ({ urn: urn(B, "b"), message: `bucket b has no ${h}` })),
        );
    });
    it("a logging resource whose target bucket is not a string does not log", () => {
        const rs = full("a");
        rs[5] = res("aws:s3/bucketLogging:BucketLogging", "a-log", { bucket: "acme-a", targetBucket: 7 });
        assert.deepEqual(checkStack("s3-baseline", rs), [
            { urn: urn(B, "a"), message: "bucket a has no server access logging; add an aws.s3.BucketLogging that writes to the region's access-log bucket" },
        ]);
    });
});
