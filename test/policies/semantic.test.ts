/**
 * Rules judge meaning, not spelling (issue #21): for each rule, bypass attempts (other spellings
 * of something the rule forbids) must be caught, and look-alikes (things that resemble a
 * violation but grant nothing more) must not be flagged.
 */
import * as assert from "node:assert/strict";
import { expandAction, grantsEverything, wholeServices } from "../../policies/lib/actions";
import { iotResourceGrants, parseArn, resolveIotVariables, wildcardParts } from "../../policies/lib/arn";
import { addressCoverage, addressSet, isWholeTld, portSet, portsOpen, ruleVariablesOf } from "../../policies/lib/nfw";
import { conditionConstrains, isPublicStatement } from "../../policies/lib/principals";
import { parsePolicyDocument } from "../../policies/lib/policy-doc";
import type { RuleResource } from "../../policies/lib/types";
import { check, res, table } from "./helpers";

const T = "${iot:Connection.Thing.ThingName}";
const ARN = "arn:aws:iot:eu-central-1:123456789012";
const iotPolicy = (...statements: Record<string, unknown>[]) =>
    res("aws:iot/policy:Policy", "p", { policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) });
const allow = (Action: unknown, Resource: unknown, extra: Record<string, unknown> = {}) => ({ Effect: "Allow", Action, Resource, ...extra });

describe("policies/lib: actions by meaning", () => {
    it("expands patterns against the AWS action list, case-insensitively and with globbed services", () => {
        assert.ok(expandAction("iot:Connect").includes("iot:Connect"));
        assert.deepEqual(expandAction("IOT:CONNECT"), ["iot:Connect"]);
        assert.deepEqual(expandAction("iot:Conn?ct"), ["iot:Connect"]);
        assert.deepEqual(expandAction("iot:NoSuchAction"), ["iot:NoSuchAction"]);
        assert.ok(expandAction("i?t:Publish").includes("iot:Publish"));
        assert.equal(expandAction("iot:**").length, expandAction("iot:*").length);
        assert.ok(expandAction("iot:*").length > 200);
    });
    it("names the services a pattern grants whole", () => {
        assert.deepEqual(wholeServices(["iot:*"]), ["iot"]);
        assert.deepEqual(wholeServices(["IoT:**"]), ["iot"]);
        assert.deepEqual(wholeServices(["iot:Connect", "iot:Publish"]), []);
        assert.ok(wholeServices(["io*:*"]).includes("iot"));
        assert.equal(grantsEverything(["*"]), true);
        assert.equal(grantsEverything(["*:*"]), true);
        assert.equal(grantsEverything(["s3:*"]), false);
    });
});

describe("policies/lib: ARNs and IoT variables", () => {
    it("parses ARNs into parts and finds wildcard parts", () => {
        assert.deepEqual(parseArn(`${ARN}:topic/a:b`), {
            partition: "aws",
            service: "iot",
            region: "eu-central-1",
            account: "123456789012",
            resource: "topic/a:b",
        });
        assert.equal(parseArn("arn:aws:iot"), undefined);
        assert.deepEqual(wildcardParts(parseArn("arn:aws:*:*:123456789012:client/x")!), ["service", "region"]);
    });
    it("resolves the thing variable to the device, escapes to literals, other variables to wildcards", () => {
        assert.equal(resolveIotVariables(`client/${T}`, "dev"), "client/dev");
        assert.equal(resolveIotVariables("client/${iot:ClientId}", "dev"), "client/*");
        assert.equal(iotResourceGrants("client/${*}", "client/x"), false);
        assert.equal(iotResourceGrants("client/${*}", "client/*"), true);
        assert.equal(iotResourceGrants(`arn:aws:i?t:*:*:client/${T}`, "client/other"), false);
        assert.equal(iotResourceGrants("arn:aws:*:eu-central-1:123456789012:client/*", "client/other"), true);
        assert.equal(iotResourceGrants("arn:aws:s3:::client/*", "client/other"), false);
    });
});

describe("policies/lib: Network Firewall address and port sets", () => {
    const cov = (f: string, vars = ruleVariablesOf({})) => addressCoverage(addressSet(f, vars));
    it("judges equivalent spellings of any", () => {
        for (const f of ["any", "0.0.0.0/0", "[0.0.0.0/1,128.0.0.0/1]", "!255.255.255.255/32", "[!10.0.0.0/8]", "::/0", "[::/1, 8000::/1]"])
            assert.notEqual(cov(f), "bounded", f);
        for (const f of ["10.0.0.0/8", "[10.1.0.0/16,192.168.1.0/24]", "!any", "[10.0.0.0/8,!10.1.0.0/16]"]) assert.equal(cov(f), "bounded", f);
    });
    it("resolves rule variables (aws list form and aws-native map form)", () => {
        const aws = ruleVariablesOf({ ruleGroup: { ruleVariables: { ipSets: [{ key: "OPEN", ipSet: { definitions: ["0.0.0.0/1", "128.0.0.0/1"] } }] } } });
        assert.equal(cov("$OPEN", aws), "all");
        const native = ruleVariablesOf({ ruleGroup: { ruleVariables: { ipSets: { PLANT: { definition: ["10.20.0.0/16"] } } } } });
        assert.equal(cov("$PLANT", native), "bounded");
        assert.equal(cov("$EXTERNAL_NET"), "half");
        assert.equal(cov("$HOME_NET"), "bounded");
        assert.throws(() => addressSet("$NOPE"), { message: "variable $NOPE is not defined in the rule group's ruleVariables" });
    });
    it("evaluates port fields", () => {
        assert.equal(portsOpen(portSet("any")), true);
        assert.equal(portsOpen(portSet("1:65535")), true);
        assert.equal(portsOpen(portSet("[1:32767,32768:]")), true);
        assert.equal(portsOpen(portSet("!502")), true);
        assert.equal(portsOpen(portSet("[443,8883]")), false);
        assert.deepEqual(portSet("[1:100,!50]"), [
            [1, 49],
            [51, 100],
        ]);
        assert.throws(() => portSet("70000"), /not a port range within 0-65535/);
    });
    it("knows whole top-level domains", () => {
        for (const d of [".com", "com", "*.com", ".co.uk", "."]) assert.equal(isWholeTld(d), true, d);
        for (const d of [".amazonaws.com", "iot.eu-central-1.amazonaws.com", "example.co.uk"]) assert.equal(isWholeTld(d), false, d);
    });
});

describe("policies/lib: public principals", () => {
    const st = (s: Record<string, unknown>) => {
        const p = parsePolicyDocument({ Statement: [{ Effect: "Allow", Action: "sns:Publish", Resource: "*", ...s }] });
        assert.ok(p.ok);
        return p.statements[0];
    };
    it("public: *, AWS [*], NotPrincipal, empty or non-constraining conditions", () => {
        for (const s of [
            { Principal: "*" },
            { Principal: { AWS: ["*"] } },
            { NotPrincipal: { AWS: "arn:aws:iam::1:root" } },
            { Principal: "*", Condition: {} },
            { Principal: "*", Condition: { Bool: { "aws:SecureTransport": "true" } } },
            { Principal: "*", Condition: { StringEquals: { "aws:SourceAccount": "*" } } },
            { Principal: "*", Condition: { StringNotEquals: { "aws:SourceAccount": "1" } } },
        ])
            assert.equal(isPublicStatement(st(s)), true, JSON.stringify(s));
    });
    it("not public: named principals, constraining conditions, Deny", () => {
        assert.equal(isPublicStatement(st({ Principal: { AWS: "arn:aws:iam::123456789012:root" } })), false);
        assert.equal(isPublicStatement(st({ Principal: "*", Condition: { StringEquals: { "AWS:SourceAccount": "123456789012" } } })), false);
        assert.equal(isPublicStatement(st({ Principal: { Service: "events.amazonaws.com" } })), false);
        assert.equal(isPublicStatement({ ...st({ Principal: "*" }), effect: "Deny" }), false);
        assert.equal(conditionConstrains({ ArnLike: { "aws:SourceArn": "arn:aws:events:eu-central-1:1:rule/x" } }), true);
    });
});

table(
    "iot-policy-no-wildcard-action",
    check,
    [
        ["iot:**", iotPolicy(allow("iot:**", `${ARN}:client/${T}`))],
        ["IoT:* in other case", iotPolicy(allow("IoT:*", `${ARN}:client/${T}`))],
        ["globbed service i?t:*", iotPolicy(allow("i?t:*", `${ARN}:client/${T}`))],
        ["*:*", iotPolicy(allow("*:*", `${ARN}:client/${T}`))],
        ["NotAction", iotPolicy({ Effect: "Allow", NotAction: "iot:DeleteThing", Resource: `${ARN}:client/${T}` })],
    ],
    [
        ["iot:Connect", iotPolicy(allow("iot:Connect", `${ARN}:client/${T}`))],
        ["iot:Publish and iot:Receive", iotPolicy(allow(["iot:Publish", "iot:Receive"], `${ARN}:topic/fleet/s/${T}/x`))],
        ["iot:*Publish (two actions, not all)", iotPolicy(allow("iot:*Publish", `${ARN}:topic/fleet/s/${T}/x`))],
        ["Deny iot:*", iotPolicy({ Effect: "Deny", Action: "iot:*", Resource: `${ARN}:client/x` })],
    ],
);

table(
    "iot-policy-no-wildcard-resource",
    check,
    [
        ["ARN with wildcard resource", iotPolicy(allow("iot:Connect", `${ARN}:*`))],
        ["wildcard kind", iotPolicy(allow("iot:Connect", `${ARN}:*/x`))],
        ["wildcard service part", iotPolicy(allow("iot:Connect", `arn:aws:*:eu-central-1:123456789012:client/${T}`))],
        ["wildcard region and account", iotPolicy(allow("iot:Connect", `arn:aws:iot:*:*:client/${T}`))],
        ["NotResource", iotPolicy({ Effect: "Allow", Action: "iot:Connect", NotResource: `${ARN}:client/x` })],
    ],
    [
        ["client of the thing", iotPolicy(allow("iot:Connect", `${ARN}:client/${T}`))],
        ["topic with a star in the name", iotPolicy(allow("iot:Publish", `${ARN}:topic/fleet/s/${T}/*`))],
        ["Deny on *", iotPolicy({ Effect: "Deny", Action: "iot:Connect", Resource: "*" })],
    ],
);

table(
    "iot-policy-connect-scoped",
    check,
    [
        ["client id variable", iotPolicy(allow("iot:Connect", `${ARN}:client/\${iot:ClientId}`))],
        ["globbed client", iotPolicy(allow("iot:Connect", `${ARN}:client/th?ng-*`))],
        ["wildcard service ARN", iotPolicy(allow("iot:Connect", "arn:aws:*:eu-central-1:123456789012:client/*"))],
        ["connect through a globbed action", iotPolicy(allow("iot:Conn*", `${ARN}:client/*`))],
        ["connect through NotAction", iotPolicy({ Effect: "Allow", NotAction: "iot:Publish", Resource: `${ARN}:client/*` })],
        [
            "claim namespace with other actions",
            iotPolicy(allow(["iot:Connect", "iot:UpdateThingShadow"], [`${ARN}:client/claim-*`, `${ARN}:topic/$aws/certificates/create/json`])),
        ],
        ["claim namespace with NotAction", iotPolicy({ Effect: "Allow", NotAction: "iot:DeleteThing", Resource: [`${ARN}:client/claim-*`] })],
        ["attribute variable", iotPolicy(allow("iot:Connect", `${ARN}:client/\${iot:Connection.Thing.Attributes[x]}`))],
    ],
    [
        ["the thing itself", iotPolicy(allow("iot:Connect", `${ARN}:client/${T}`))],
        ["explicit client id", iotPolicy(allow("iot:Connect", `${ARN}:client/gateway-1`))],
        ["literal star escape", iotPolicy(allow("iot:Connect", `${ARN}:client/gw\${*}`))],
        ["wildcard topic with publish only", iotPolicy(allow("iot:Publish", `${ARN}:client/*`))],
        [
            "claim namespace, provisioning only",
            iotPolicy(allow(["iot:Connect", "iot:Publish"], [`${ARN}:client/claim-*`, `${ARN}:topic/$aws/certificates/create/json`])),
        ],
    ],
);

const sited = (r: RuleResource) => ({ ...r, site: "s" });
table(
    "iot-policy-topics-scoped",
    check,
    [
        [
            "another thing's shadow through a globbed service",
            sited(iotPolicy(allow("iot:Publish", `arn:aws:i?t:eu-central-1:123456789012:topic/$aws/things/other/shadow/update`))),
        ],
        ["every thing's shadow via the shadow API", sited(iotPolicy(allow("iot:UpdateThingShadow", `${ARN}:thing/*`)))],
        ["retained messages of every topic", sited(iotPolicy(allow("iot:GetRetainedMessage", `${ARN}:topic/*`)))],
        ["$aws event topics", sited(iotPolicy(allow("iot:Subscribe", `${ARN}:topicfilter/$aws/events/#`)))],
        ["client id variable as thing", sited(iotPolicy(allow("iot:Publish", `${ARN}:topic/fleet/s/\${iot:ClientId}/x`)))],
        ["certificate variable as site", sited(iotPolicy(allow("iot:Publish", `${ARN}:topic/fleet/\${iot:Certificate.Subject.CommonName}/x/y`)))],
        ["another site", sited(iotPolicy(allow("iot:Publish", `${ARN}:topic/fleet/other/${T}/x`)))],
        ["wildcard kind", sited(iotPolicy(allow("iot:Receive", `${ARN}:*`)))],
    ],
    [
        ["own topics", sited(iotPolicy(allow(["iot:Publish", "iot:Receive"], `${ARN}:topic/fleet/s/${T}/telemetry`)))],
        ["own shadow", sited(iotPolicy(allow("iot:UpdateThingShadow", `${ARN}:thing/${T}`)))],
        ["own reserved topics", sited(iotPolicy(allow("iot:Subscribe", `${ARN}:topicfilter/$aws/things/${T}/shadow/#`)))],
        ["connect on client/* is not a topic grant", sited(iotPolicy(allow("iot:Connect", `${ARN}:client/${T}`)))],
        ["s3 resource", sited(iotPolicy(allow("iot:Publish", "arn:aws:s3:::bucket/*")))],
    ],
);
