import * as assert from "node:assert/strict";
import {
    clientOf,
    iotPart,
    IOT_ATTACHMENT,
    IOT_CERTIFICATE_TYPES,
    iotPolicyDocument,
    IOT_POLICY_TYPES,
    isExplicit,
    isProvisioningTopic,
    isThingScoped,
    kindIsWildcard,
    SHADOW_ACTIONS,
    THING_VAR,
    thingOf,
    TOPIC_ACTIONS,
    topicOf,
} from "../../../policies/lib/iot";
import { parsedStatement } from "../helpers";

const DOC = { Statement: [{ Effect: "Allow", Action: "iot:Connect", Resource: "*" }] };
const parsed = { ok: true, statements: [parsedStatement({ actions: ["iot:Connect"], resources: ["*"] })] };

describe("policies/lib/iot", () => {
    it("the policy types, and each one's document property", () => {
        assert.deepEqual(IOT_POLICY_TYPES, ["aws:iot/policy:Policy", "aws-native:iot:Policy"]);
        assert.deepEqual(IOT_CERTIFICATE_TYPES, ["aws:iot/certificate:Certificate", "aws-native:iot:Certificate"]);
        assert.equal(IOT_ATTACHMENT, "aws:iot/thingPrincipalAttachment:ThingPrincipalAttachment");
        assert.deepEqual(
            iotPolicyDocument({ type: "aws:iot/policy:Policy", urn: "u", name: "n", props: { policy: JSON.stringify(DOC), policyDocument: "{" } }),
            parsed,
        );
        assert.deepEqual(iotPolicyDocument({ type: "aws-native:iot:Policy", urn: "u", name: "n", props: { policyDocument: DOC, policy: "{" } }), parsed);
    });

    it("the action lists", () => {
        assert.equal(THING_VAR, "${iot:Connection.Thing.ThingName}");
        assert.deepEqual(TOPIC_ACTIONS, ["iot:Publish", "iot:Subscribe", "iot:Receive", "iot:RetainPublish", "iot:GetRetainedMessage"]);
        assert.deepEqual(SHADOW_ACTIONS, ["iot:GetThingShadow", "iot:UpdateThingShadow", "iot:DeleteThingShadow", "iot:ListNamedShadowsForThing"]);
    });

    it("isExplicit: one value, no IAM or MQTT wildcard, no variable but the thing name (escapes are literals)", () => {
        for (const s of ["gw-1", THING_VAR, `${THING_VAR}-x`, "${*}", "a${?}b", "${$}", "${*}${?}", "$${iot:Connection.Thing.ThingName}{x}"])
            assert.equal(isExplicit(s), true, s);
        for (const s of ["", "a*", "a?", "a+", "#", "${iot:ClientId}", `${THING_VAR}\${iot:ClientId}`, "${iot:Connection.Thing.Attributes[a]}", "${"])
            assert.equal(isExplicit(s), false, s);
    });

    it("isThingScoped: the thing variable alone, or one explicit thing name of the site", () => {
        assert.equal(isThingScoped(THING_VAR), true);
        assert.equal(isThingScoped(THING_VAR, "plant"), true);
        assert.equal(isThingScoped("fleet-plant-gw1"), true);
        assert.equal(isThingScoped("fleet-plant-gw1", "plant"), true);
        assert.equal(isThingScoped("fleet-other-gw1", "plant"), false);
        assert.equal(isThingScoped("fleet-plantx-gw1", "plant"), false);
        assert.equal(isThingScoped("plant-gw1", "plant"), false);
        assert.equal(isThingScoped(`${THING_VAR}-x`), false);
        assert.equal(isThingScoped("${*}", "x"), false);
        assert.equal(isThingScoped("${*}"), true);
        assert.equal(isThingScoped("${*}${?}"), true);
        assert.equal(isThingScoped("fleet-plant-*", "plant"), false);
        assert.equal(isThingScoped("${iot:ClientId}"), false);
    });

    it("iotPart: the resource part of an IoT ARN (service however spelled), a relative resource as written, nothing for other services", () => {
        assert.equal(iotPart("arn:aws:iot:r:a:topic/x:y"), "topic/x:y");
        assert.equal(iotPart("arn:aws:I?T:r:a:client/c"), "client/c");
        assert.equal(iotPart("ARN:aws:*:r:a:thing/t"), "thing/t");
        assert.equal(iotPart("arn:aws:s3:::b"), undefined);
        assert.equal(iotPart("arn:aws:iot"), undefined);
        assert.equal(iotPart("topic/x"), "topic/x");
        assert.equal(iotPart("*"), "*");
        assert.equal(iotPart("topic/arn:x"), "topic/arn:x");
    });

    it("topicOf, clientOf, thingOf: the name when the kind is written out", () => {
        assert.equal(topicOf("topic/a/b"), "a/b");
        assert.equal(topicOf("arn:aws:iot:r:a:topicfilter/a/#"), "a/#");
        assert.equal(topicOf("topic/a\nb"), "a\nb");
        assert.equal(topicOf("topic/"), "");
        for (const r of ["topics/a", "xtopic/a", "topic", "t*c/a", "client/a", "arn:aws:s3:::topic/a", "*"]) assert.equal(topicOf(r), undefined, r);
        assert.equal(clientOf("client/c1"), "c1");
        assert.equal(clientOf("arn:aws:iot:r:a:client/${iot:ClientId}"), "${iot:ClientId}");
        for (const r of ["clients/a", "xclient/a", "topic/a", "client"]) assert.equal(clientOf(r), undefined, r);
        assert.equal(thingOf("thing/t1"), "t1");
        for (const r of ["things/a", "xthing/a", "thinggroup/a", "topic/a"]) assert.equal(thingOf(r), undefined, r);
    });

    it("kindIsWildcard: a kind that is a glob or a variable covers every kind", () => {
        for (const r of ["*", "arn:aws:iot:r:a:*", "t*c/x", "t?pic/x", "${iot:ClientId}/x", "arn:aws:iot:r:a:*/x", "*/x"])
            assert.equal(kindIsWildcard(r), true, r);
        for (const r of ["topic/*", "topic", "arn:aws:s3:::*", "arn:aws:iot:r:a:client/*", "client/${iot:ClientId}", "thing/x?"])
            assert.equal(kindIsWildcard(r), false, r);
    });

    it("isProvisioningTopic: fleet provisioning's own topics only", () => {
        for (const t of [
            "$aws/certificates/create/json",
            "$aws/certificates/create-from-csr/json/accepted",
            "$aws/provisioning-templates/Tpl_1-a/provision/json",
            "$aws/certificates/create/+",
        ])
            assert.equal(isProvisioningTopic(t), true, t);
        for (const t of [
            "$aws/certificates/create/",
            "$aws/certificates/create//x",
            "$aws/certificates/createx/json",
            "$aws/certificates/create-from-csrx/json",
            "x$aws/certificates/create/json",
            "$aws/provisioning-templates/t.x/provision/json",
            "$aws/provisioning-templates//provision/json",
            "$aws/provisioning-templates/t/provision/",
            "$aws/provisioning-templates/t/provisionx/json",
            "x$aws/provisioning-templates/t/provision/json",
            "$aws/things/t/shadow/get",
        ])
            assert.equal(isProvisioningTopic(t), false, t);
    });
});
