/** Exact findings of kms-baseline, no-retired-services, required-tags, sfn-logging and sns-encrypted. */
import * as assert from "node:assert/strict";
import { RETIRED } from "../../../policies/rules/no-retired-services";
import { check, res, UNKNOWN } from "../helpers";
import { PREVIEW } from "./engine";

const doc = (...s: unknown[]) => JSON.stringify({ Statement: s });
const open = { Sid: "Open", Effect: "Allow", Principal: "*", Action: ["kms:Decrypt"], Resource: "*" };

describe("kms-baseline, exact findings", () => {
    const run = (p: Record<string, unknown>, type = "aws:kms/key:Key") => check("kms-baseline", res(type, "k", { enableKeyRotation: true, ...p }));
    const ROTATION = { message: "key rotation is off; set enableKeyRotation: true" };
    it("wants rotation on symmetric encryption keys only", () => {
        assert.deepEqual(run({}), []);
        assert.deepEqual(run({ enableKeyRotation: "true" }), [ROTATION]);
        assert.deepEqual(run({ enableKeyRotation: undefined, keySpec: "SYMMETRIC_DEFAULT", keyUsage: "ENCRYPT_DECRYPT" }), [ROTATION]);
        assert.deepEqual(run({ enableKeyRotation: undefined, keySpec: "RSA_2048" }), []);
        assert.deepEqual(run({ enableKeyRotation: undefined, customerMasterKeySpec: "ECC_NIST_P256" }), []);
        assert.deepEqual(run({ enableKeyRotation: undefined, keyUsage: "GENERATE_VERIFY_MAC" }), []);
        assert.deepEqual(run({ enableKeyRotation: UNKNOWN }), [PREVIEW("enableKeyRotation")]);
        assert.deepEqual(run({ enableKeyRotation: undefined, keySpec: UNKNOWN }), [PREVIEW("enableKeyRotation")]);
    });
    it("names key policy statements open to everyone, on aws (policy) and aws-native (keyPolicy) keys", () => {
        const msg = (i: number) => ({
            message: `key policy Statement[${i}] (Open) allows ["kms:Decrypt"] to everyone (a "*" principal or NotPrincipal, without a condition that names accounts or sources); name the account root or the roles`,
        });
        const root = { ...open, Principal: { AWS: "arn:aws:iam::123456789012:root" } };
        assert.deepEqual(run({ policy: doc(root, open, { ...open, Principal: { AWS: ["*"] } }) }), [msg(1), msg(2)]);
        assert.deepEqual(run({ policy: doc({ ...open, Condition: { StringEquals: { "kms:CallerAccount": "123456789012" } } }) }), []);
        assert.deepEqual(run({ policy: doc({ ...open, Effect: "Deny" }) }), []);
        assert.deepEqual(run({ keyPolicy: JSON.parse(doc(open)) }, "aws-native:kms:Key"), [msg(0)]);
        assert.deepEqual(run({ keyPolicy: JSON.parse(doc(open)) }), []);
        assert.deepEqual(run({ policy: doc(open) }, "aws-native:kms:Key"), []);
    });
    it("reports an unknown key policy as unknown and an invalid one as it is, after the rotation finding", () => {
        assert.deepEqual(run({ enableKeyRotation: false, policy: UNKNOWN }), [ROTATION, PREVIEW("the key policy")]);
        assert.deepEqual(run({ policy: "{x" }), [{ message: "the policy document is not valid JSON (Expected property name or '}' in JSON at position 1)" }]);
    });
});

describe("no-retired-services, exact findings", () => {
    const run = (type: string, props: Record<string, unknown> = {}) => check("no-retired-services", res(type, "x", props));
    it("names the retired service and its successor for every prefix", () => {
        for (const [prefix, service, instead] of RETIRED) {
            const type = prefix.endsWith("/") || prefix.endsWith(":") ? `${prefix}thing:Thing` : prefix;
            assert.deepEqual(run(type), [{ message: `${type} is ${service}, which AWS retired; use ${instead}` }], type);
        }
        assert.equal(RETIRED.length, 16);
        assert.deepEqual(run("aws:iot/thing:Thing"), []);
        assert.deepEqual(run("aws-native:timestream:InfluxDbInstance"), []);
        assert.deepEqual(run("aws:kinesisanalyticsv2/application:Application"), []);
        assert.deepEqual(run("aws:greengrassv2/deployment:Deployment"), []);
    });
    it("names each retired action of an IoT rule once (aws and aws-native), error actions too", () => {
        const T = "aws:iot/topicRule:TopicRule";
        assert.deepEqual(
            run(T, { iotAnalytics: [{ channelName: "c" }], timestreams: [{}], iotEvents: [], kinesis: [{}], errorAction: { iotEvents: { inputName: "i" } } }),
            [
                { message: "the rule sends to IoT Analytics, which AWS retired" },
                { message: "the rule sends to Timestream for LiveAnalytics, which AWS retired" },
                { message: "the rule sends to IoT Events, which AWS retired" },
            ],
        );
        assert.deepEqual(run(T, { kinesis: [{}], iotAnalytics: undefined, errorAction: { timestream: undefined, cloudwatchLogs: {} } }), []);
        const N = "aws-native:iot:TopicRule";
        assert.deepEqual(run(N, { topicRulePayload: { actions: [{ timestream: {} }, { lambda: {} }, 7], errorAction: { iotAnalytics: {} } } }), [
            { message: "the rule sends to Timestream for LiveAnalytics, which AWS retired" },
            { message: "the rule sends to IoT Analytics, which AWS retired" },
        ]);
        // aws-native actions are read from the payload, not from top-level properties.
        assert.deepEqual(run(N, { iotAnalytics: [{}] }), []);
        assert.deepEqual(run("aws:sns/topic:Topic", { iotAnalytics: [{}] }), []);
    });
});

describe("required-tags, exact findings", () => {
    const STREAM = "aws:kinesis/stream:Stream";
    const TAGS = { "fleet:name": "acme", "fleet:region": "eu-central-1", "cost-center": "ot" };
    const run = (tags: unknown, extra: Record<string, unknown> = {}, opts = {}) => check("required-tags", res(STREAM, "s", { tags, ...extra }, opts));
    const missing = (...m: string[]) => [
        { message: `missing tag${m.length === 1 ? "" : "s"} ${m.join(", ")}; pass regionTags()/siteTags() from src/tags.ts as tags` },
    ];
    it("names every missing tag, singular or plural", () => {
        assert.deepEqual(run(TAGS), []);
        assert.deepEqual(run({}), missing("fleet:name", "fleet:region", "a cost allocation tag (e.g. cost-center)"));
        assert.deepEqual(run({ ...TAGS, "fleet:region": "" }), missing("fleet:region"));
        assert.deepEqual(run(TAGS, {}, { site: "plant" }), missing("fleet:site"));
        assert.deepEqual(run({ ...TAGS, "fleet:site": "plant" }, {}, { site: "plant" }), []);
        assert.deepEqual(run({ "fleet:name": "a", "fleet:region": "r", "Project-COST": "x" }), []);
    });
    it("adds up tags, tagsAll and the tagsAll output, and reports unknown tags", () => {
        assert.deepEqual(run({ "fleet:name": "a" }, { tagsAll: { "fleet:region": "r" } }, { outputs: { tagsAll: { cost: "c" } } }), []);
        assert.deepEqual(run(undefined, { tagsAll: UNKNOWN }), [PREVIEW("the tags", "are")]);
        assert.deepEqual(run(undefined, {}, { outputs: { tagsAll: UNKNOWN } }), [PREVIEW("the tags", "are")]);
    });
    it("looks only at taggable types", () => {
        assert.deepEqual(check("required-tags", res("aws:iot/thingPrincipalAttachment:ThingPrincipalAttachment", "a", {})), []);
        assert.deepEqual(check("required-tags", res("aws-native:greengrassv2:Deployment", "d", { tags: [{ key: "fleet:name", value: "a" }] })).length, 1);
    });
});

describe("sfn-logging, exact findings", () => {
    const run = (loggingConfiguration: unknown) => check("sfn-logging", res("aws:sfn/stateMachine:StateMachine", "m", { loggingConfiguration }));
    const DEST = { message: "loggingConfiguration has no logDestination; point it at a CloudWatch Logs group (arn ending in :*)" };
    it("wants ALL or ERROR and a destination", () => {
        assert.deepEqual(run({ level: "ALL", logDestination: "arn:aws:logs:x:*" }), []);
        assert.deepEqual(run({ level: "ERROR", logDestination: "arn:aws:logs:x:*" }), []);
        assert.deepEqual(run({ level: "FATAL", logDestination: "arn:aws:logs:x:*" }), [{ message: 'loggingConfiguration.level is "FATAL"; set ALL or ERROR' }]);
        assert.deepEqual(run(undefined), [{ message: 'loggingConfiguration.level is "OFF"; set ALL or ERROR' }, DEST]);
        assert.deepEqual(run({ level: "ALL", logDestination: "" }), [DEST]);
        assert.deepEqual(run({ level: UNKNOWN }), [PREVIEW("the logging level")]);
    });
});

describe("sns-encrypted, exact findings", () => {
    const run = (type: string, props: Record<string, unknown>) => check("sns-encrypted", res(type, "t", props));
    const msg = (i: number) => ({
        message: `topic policy Statement[${i}] (Open) allows ["kms:Decrypt"] to everyone (a "*" principal or NotPrincipal, without a condition that names accounts or sources); name the principals or add aws:SourceAccount / aws:SourceArn`,
    });
    it("wants a key on topics", () => {
        const NOT = { message: "the topic is not encrypted; set kmsMasterKeyId to the region's KMS key" };
        assert.deepEqual(run("aws:sns/topic:Topic", { kmsMasterKeyId: "alias/k" }), []);
        assert.deepEqual(run("aws:sns/topic:Topic", { kmsMasterKeyId: "" }), [NOT]);
        assert.deepEqual(run("aws:sns/topic:Topic", { kmsMasterKeyId: 7 }), [NOT]);
        assert.deepEqual(run("aws:sns/topic:Topic", { kmsMasterKeyId: UNKNOWN }), [PREVIEW("kmsMasterKeyId")]);
        // A topic policy resource has no key of its own.
        assert.deepEqual(run("aws:sns/topicPolicy:TopicPolicy", { arn: "arn:t" }), []);
    });
    it("names open statements of a topic's policy and of a topic policy resource", () => {
        assert.deepEqual(
            run("aws:sns/topic:Topic", {
                kmsMasterKeyId: "k",
                policy: doc({ ...open, Principal: { AWS: "1" } }, { ...open, Principal: undefined, NotPrincipal: "x" }),
            }),
            [msg(1)],
        );
        assert.deepEqual(run("aws:sns/topicPolicy:TopicPolicy", { policy: doc(open) }), [msg(0)]);
        assert.deepEqual(run("aws:sns/topicPolicy:TopicPolicy", { policy: doc({ ...open, Condition: { StringEquals: { "aws:SourceAccount": "1" } } }) }), []);
        assert.deepEqual(run("aws:sns/topicPolicy:TopicPolicy", { policy: UNKNOWN }), [PREVIEW("the topic policy")]);
        assert.deepEqual(run("aws:sns/topicPolicy:TopicPolicy", { policy: "{x" }), []);
    });
});
