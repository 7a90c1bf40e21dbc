/**
 * The IoT rules, exact findings: messages in full, the negative cases, unknowns, the aws-native
 * shapes, and the resource types that make the engine run a stack rule at all.
 */
import * as assert from "node:assert/strict";
import { isClaimOnly } from "../../../policies/rules/iot-policy-connect-scoped";
import { topicProblem } from "../../../policies/rules/iot-policy-topics-scoped";
import { check, res } from "../helpers";
import { parsePolicyDocument, type Statement } from "../../../policies/lib/policy-doc";

const ARN = "arn:aws:iot:eu-central-1:123456789012";
const THING = "${iot:Connection.Thing.ThingName}";

const POLICY = "aws:iot/policy:Policy";
const policy = (statements: unknown[], name = "acme-gw", site: string | undefined = "stuttgart-body") =>
    res(POLICY, "p", { name, policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) }, site ? { site } : {});
const allow = (Action: unknown, Resource: unknown, extra = {}) => ({ Effect: "Allow", Action, Resource, ...extra });
const statements = (...s: unknown[]): Statement[] => {
    const d = parsePolicyDocument({ Statement: s });
    assert.ok(d.ok);
    return d.statements;
};

describe("iot-policy-no-wildcard-action, exact findings", () => {
    const run = (...s: unknown[]) => check("iot-policy-no-wildcard-action", policy(s));
    it("names what a wildcard grants", () => {
        assert.deepEqual(run(allow("*", "*")), [
            {
                message:
                    'Statement[0] allows action "*", which grants every action of every service; list the actions the devices need (iot:Connect, iot:Publish, iot:Subscribe, iot:Receive)',
            },
        ]);
        assert.deepEqual(run(allow(["iot:Publish", "IoT:**"], "*", { Sid: "S" })), [
            {
                message:
                    'Statement[0] (S) allows action "IoT:**", which grants every action of iot; list the actions the devices need (iot:Connect, iot:Publish, iot:Subscribe, iot:Receive)',
            },
        ]);
        assert.deepEqual(run(allow("iotf*:*", "*")), [
            {
                message:
                    'Statement[0] allows action "iotf*:*", which grants every action of iotfleethub, iotfleetwise; list the actions the devices need (iot:Connect, iot:Publish, iot:Subscribe, iot:Receive)',
            },
        ]);
        assert.deepEqual(run({ Effect: "Allow", NotAction: "iot:Connect", Resource: "*" }), [
            { message: 'Statement[0] allows NotAction ["iot:Connect"], which grants every other action; list the actions the devices need' },
        ]);
        assert.deepEqual(check("iot-policy-no-wildcard-action", res(POLICY, "p", { policy: "{x" })), [
            {
                message:
                    "the policy document is not valid JSON (Expected property name or '}' in JSON at position 1); AWS rejects it, and no rule can check it",
            },
        ]);
    });
    it("does not flag explicit actions, two-action patterns or a Deny", () => {
        assert.deepEqual(run(allow(["iot:Publish", "iot:*Publish"], "*")), []);
        assert.deepEqual(run({ Effect: "Deny", Action: "*", Resource: "*" }), []);
    });
});

describe("iot-policy-no-wildcard-resource, exact findings", () => {
    const run = (...s: unknown[]) => check("iot-policy-no-wildcard-resource", policy(s));
    const every = (actions: string, res: string, i = 0) => ({
        message: `Statement[${i}] allows ${actions} on resource ${JSON.stringify(res)}, which covers every kind of IoT resource; scope it to client/, topic/ and topicfilter/ ARNs with \${iot:Connection.Thing.ThingName}`,
    });
    it("flags a resource whose kind is a wildcard, however written", () => {
        assert.deepEqual(run(allow("iot:Publish", "*")), [every('["iot:Publish"]', "*")]);
        assert.deepEqual(run(allow("iot:Publish", " * ")), [every('["iot:Publish"]', " * ")]);
        assert.deepEqual(run(allow("iot:Publish", `${ARN}:t*c/x`)), [every('["iot:Publish"]', `${ARN}:t*c/x`)]);
        assert.deepEqual(run({ Effect: "Allow", NotAction: "iot:Connect", Resource: "*" }), [every("[]", "*")]);
    });
    it("names the wildcard parts of an ARN", () => {
        assert.deepEqual(run(allow("iot:Publish", `arn:aws:iot:*:*:topic/fleet/x`)), [
            {
                message:
                    'Statement[0] allows ["iot:Publish"] on "arn:aws:iot:*:*:topic/fleet/x", whose region, account part is a wildcard; name the partition, service, region and account',
            },
        ]);
        assert.deepEqual(run(allow("iot:Publish", `${ARN}:topic/fleet/*`)), []);
    });
    it("flags NotResource, and excuses only a statement of nothing but Greengrass core-device actions on *", () => {
        assert.deepEqual(run({ Effect: "Allow", Action: "iot:Publish", NotResource: `${ARN}:topic/x` }), [
            { message: `Statement[0] allows NotResource ["${ARN}:topic/x"], which covers every other resource; name the resources` },
        ]);
        assert.deepEqual(run(allow("greengrass:GetComponentVersionArtifact", "*")), []);
        assert.deepEqual(run(allow(["greengrass:GetComponentVersionArtifact", "greengrass:ListComponents"], "*")), [
            every('["greengrass:GetComponentVersionArtifact","greengrass:ListComponents"]', "*"),
        ]);
        assert.deepEqual(run({ Effect: "Deny", Action: "iot:Publish", Resource: "*" }), []);
    });
});

describe("iot-policy-connect-scoped, exact findings", () => {
    const run = (...s: unknown[]) => check("iot-policy-connect-scoped", policy(s));
    const connect = (client: string) => allow("iot:Connect", `${ARN}:client/${client}`);
    const provision = allow(
        ["iot:Publish", "iot:Receive"],
        [`${ARN}:topic/$aws/certificates/create/json`, `${ARN}:topic/$aws/provisioning-templates/t/provision/json`],
    );
    const msg = (what: string, others: boolean, i = 0) => ({
        message: `Statement[${i}] allows iot:Connect ${what}${others ? ", which matches other devices' client ids" : ""}; use client/\${iot:Connection.Thing.ThingName} or explicit client ids`,
    });
    it("says when a client id pattern reaches other devices' ids", () => {
        assert.deepEqual(run(connect("*")), [msg('as client id "*"', true)]);
        assert.deepEqual(run(connect("another-*")), [msg('as client id "another-*"', true)]);
        assert.deepEqual(run(connect("x*")), [msg('as client id "x*"', true)]);
        assert.deepEqual(run(connect("claim-*"), allow("iot:Publish", `${ARN}:topic/fleet/x`)), [msg('as client id "claim-*"', true)]);
        assert.deepEqual(run(connect("acme-*")), [msg('as client id "acme-*"', false)]);
        assert.deepEqual(run(connect("${iot:ClientId}")), [msg('as client id "${iot:ClientId}"', true)]);
        assert.deepEqual(run(allow("iot:Connect", "*")), [msg('on "*", any client id', true)]);
        assert.deepEqual(run(allow("iot:Conn*", `${ARN}:c*`)), [msg(`on "${ARN}:c*", any client id`, true)]);
    });
    it("accepts the connected thing, explicit ids, a Deny, and statements that do not connect", () => {
        assert.deepEqual(run(connect(THING), connect("acme-stuttgart-body-gw-1")), []);
        assert.deepEqual(run({ Effect: "Deny", Action: "iot:Connect", Resource: `${ARN}:client/*` }), []);
        assert.deepEqual(run(allow("iot:Publish", `${ARN}:client/*`)), []);
    });
    it("accepts a claim namespace only in a policy that only provisions", () => {
        assert.deepEqual(run(connect("acme-claim-*"), provision), []);
        assert.deepEqual(run(connect("acme-claim-sn*"), provision), []);
        assert.deepEqual(run(connect("CLAIM*"), provision), []);
        assert.deepEqual(run(connect("acme-claim-*-gw"), provision), [msg('as client id "acme-claim-*-gw"', false)]);
        assert.deepEqual(run(connect("acme-claim-*"), provision, allow("iot:Publish", `${ARN}:topic/fleet/x`)), [msg('as client id "acme-claim-*"', false)]);
        // The hole of issue #21: connect and more in one statement, or NotAction, is not claim-only.
        assert.deepEqual(run(allow(["iot:Connect", "iot:UpdateThingShadow"], [`${ARN}:client/acme-claim-*`])), [msg('as client id "acme-claim-*"', false)]);
        assert.deepEqual(run({ Effect: "Allow", NotAction: "iot:DeleteThing", Resource: `${ARN}:client/acme-claim-*` }), [
            msg('as client id "acme-claim-*"', false),
        ]);
    });
    it("isClaimOnly: connect and the provisioning topics, nothing else", () => {
        const c = allow("iot:Connect", `${ARN}:client/acme-claim-1`);
        const topics = allow(["iot:Publish", "iot:Subscribe", "IOT:RECEIVE"], [`${ARN}:topic/$aws/certificates/create/json`]);
        assert.equal(isClaimOnly(statements(c, topics)), true);
        assert.equal(isClaimOnly(statements(c, topics, { Effect: "Deny", Action: "iot:*", Resource: "*" })), true);
        assert.equal(
            isClaimOnly(statements(allow(["iot:Connect", "iot:Publish"], [`${ARN}:client/acme-claim-1`, `${ARN}:topic/$aws/certificates/create/json`]))),
            true,
        );
        assert.equal(isClaimOnly([]), false);
        assert.equal(isClaimOnly(statements({ Effect: "Deny", Action: "iot:Connect", Resource: "*" })), false);
        assert.equal(isClaimOnly(statements(c, allow("iot:Conn*", `${ARN}:client/acme-claim-1`))), false);
        assert.equal(isClaimOnly(statements(c, allow("iot:DeleteThing", `${ARN}:client/acme-claim-1`))), false);
        assert.equal(isClaimOnly(statements(allow(["iot:Connect", "s3:GetObject"], `${ARN}:client/acme-claim-1`))), false);
        assert.equal(isClaimOnly(statements(c, { Effect: "Allow", NotAction: "iot:DeleteThing", Resource: `${ARN}:client/x` })), false);
        assert.equal(isClaimOnly(statements(c, { Effect: "Allow", Action: "iot:Connect", NotResource: `${ARN}:client/x` })), false);
        assert.equal(isClaimOnly(statements(c, allow("iot:Publish", `${ARN}:topic/fleet/x`))), false);
        assert.equal(isClaimOnly(statements(c, allow("iot:Publish", `${ARN}:thing/x`))), false);
        assert.equal(isClaimOnly(statements(allow("iot:Publish", [`${ARN}:topic/$aws/certificates/create/json`, `${ARN}:topic/fleet/x`]))), false);
        for (const a of ["iot:Connect", "iot:Publish", "iot:Subscribe", "iot:Receive"])
            assert.equal(isClaimOnly(statements(allow(a, `${ARN}:client/x`))), true, a);
    });
});

describe("iot-policy-topics-scoped, exact findings", () => {
    it("topicProblem: every reason, with and without a site", () => {
        const cases: [string, string | undefined, string | undefined][] = [
            ["#", undefined, "covers every topic"],
            ["*", undefined, "covers every topic"],
            ["+/x", undefined, "covers every topic"],
            ["*/x", undefined, "covers every topic"],
            ["#x", undefined, "covers every topic"],
            ["$aws/certificates/create/json", "s", undefined],
            ["$aws/rules/*/fleet/s/t/x", "s", "uses a wildcard rule name in a Basic Ingest topic"],
            ["$aws/rules", "s", "uses a wildcard rule name in a Basic Ingest topic"],
            ["$aws/rules/r/fleet/s/" + THING + "/x", "s", undefined],
            ["$aws/things/" + THING + "/shadow/update", "s", undefined],
            ["$aws/things/*/shadow/update", "s", "reaches the reserved topics of other things; use $aws/things/${iot:Connection.Thing.ThingName}/..."],
            ["$aws/things", undefined, "reaches the reserved topics of other things; use $aws/things/${iot:Connection.Thing.ThingName}/..."],
            ["$aws/things/acme-other-gw/shadow", "s", "reaches the reserved topics of other things; use $aws/things/${iot:Connection.Thing.ThingName}/..."],
            ["$aws/things/acme-other-gw/shadow", undefined, undefined],
            ["$aws/events/presence/connected/x", undefined, "is outside fleet/<site>/<thing>/ and the thing's own $aws/things/<thing>/ topics"],
            ["x/things/y", undefined, "is outside fleet/<site>/<thing>/ and the thing's own $aws/things/<thing>/ topics"],
            ["fleet", undefined, "does not name the site"],
            ["fleet/*/" + THING + "/x", undefined, "does not name the site"],
            ["fleet/other/" + THING + "/x", undefined, undefined],
            ["fleet/other/" + THING + "/x", "s", 'names site "other", not this site (s)'],
            ["fleet/s", "s", "does not name the thing; use ${iot:Connection.Thing.ThingName}"],
            ["fleet/s/+", "s", "does not name the thing; use ${iot:Connection.Thing.ThingName}"],
            ["fleet/s/acme-s-gw/x", "s", undefined],
            ["fleet/s", undefined, "does not name the thing; use ${iot:Connection.Thing.ThingName}"],
        ];
        for (const [topic, site, want] of cases) assert.equal(topicProblem(topic, site), want, `${topic} (${site})`);
    });
    const run = (...s: unknown[]) => check("iot-policy-topics-scoped", policy(s));
    it("names the topic actions and the shadow actions a statement grants", () => {
        assert.deepEqual(run(allow(["iot:Publish", "iot:Receive"], `${ARN}:topic/#`)), [
            { message: `Statement[0] allows iot:Publish, iot:Receive on "${ARN}:topic/#", which covers every topic` },
        ]);
        assert.deepEqual(run(allow("iot:*", `${ARN}:thing/*`)), [
            {
                message: `Statement[0] allows iot:GetThingShadow, iot:UpdateThingShadow, iot:DeleteThingShadow, iot:ListNamedShadowsForThing on "${ARN}:thing/*", which reaches other things' shadows; use thing/\${iot:Connection.Thing.ThingName}`,
            },
        ]);
        assert.deepEqual(run(allow("iot:GetThingShadow", "*")), [
            {
                message: `Statement[0] allows iot:GetThingShadow on "*", which reaches other things' shadows; use thing/\${iot:Connection.Thing.ThingName}`,
            },
        ]);
        assert.deepEqual(run(allow("iot:Publish", "*")), [{ message: 'Statement[0] allows iot:Publish on "*", which covers every topic' }]);
    });
    it("does not judge topics for shadow-only statements, things for topic-only ones, or other services", () => {
        assert.deepEqual(run(allow("iot:GetThingShadow", `${ARN}:topic/#`)), []);
        assert.deepEqual(run(allow("iot:Publish", `${ARN}:thing/*`)), []);
        assert.deepEqual(run(allow("iot:GetThingShadow", `${ARN}:thing/${THING}`)), []);
        assert.deepEqual(run(allow("iot:Publish", "arn:aws:s3:::bucket/#")), []);
        assert.deepEqual(run(allow("iot:Connect", `${ARN}:client/*`)), []);
        assert.deepEqual(run({ Effect: "Deny", Action: "iot:Publish", Resource: `${ARN}:topic/#` }), []);
    });
});
