import * as assert from "node:assert/strict";
import { iotResourceGrants, parseArn, PROBE, resolveIotVariables, THING_VARIABLE, wildcardParts } from "../../../policies/lib/arn";

describe("policies/lib/arn", () => {
    it("parseArn: six or more colon-separated parts, the resource keeping its own colons", () => {
        assert.deepEqual(parseArn("arn:aws:iot:eu-central-1:123456789012:topic/a:b"), {
            partition: "aws",
            service: "iot",
            region: "eu-central-1",
            account: "123456789012",
            resource: "topic/a:b",
        });
        assert.deepEqual(parseArn("ARN:aws:s3:::bucket"), { partition: "aws", service: "s3", region: "", account: "", resource: "bucket" });
        assert.equal(parseArn("arn:aws:s3::"), undefined);
        assert.equal(parseArn("arn:aws:s3:r:a"), undefined);
        assert.equal(parseArn("xarn:aws:s3:::b"), undefined);
        assert.equal(parseArn("topic/a"), undefined);
    });

    it("wildcardParts: the parts that hold * or ?, in ARN order", () => {
        assert.deepEqual(wildcardParts(parseArn("arn:a*:i?t:*:1?:topic/*")!), ["partition", "service", "region", "account", "resource"]);
        assert.deepEqual(wildcardParts(parseArn("arn:aws:iot:eu-central-1:*:client/x")!), ["account"]);
        assert.deepEqual(wildcardParts(parseArn("arn:aws:iot:eu-central-1:1:client/x")!), []);
    });

    it("resolveIotVariables: the thing name, literal escapes, every other variable a wildcard", () => {
        assert.equal(THING_VARIABLE, "${iot:Connection.Thing.ThingName}");
        assert.equal(resolveIotVariables("topic/${iot:Connection.Thing.ThingName}/x", "gw"), "topic/gw/x");
        assert.equal(resolveIotVariables("a${iot:ClientId}b${iot:Connection.Thing.Attributes[x]}", "gw"), "a*b*");
        assert.equal(resolveIotVariables("${*}${?}${$}", "gw"), "\u0000STAR\u0000QMARK$");
        assert.equal(resolveIotVariables("${}x$y{", "gw"), "*x$y{");
    });

    describe("iotResourceGrants", () => {
        const p = { thing: "t1", region: "eu-west-1", account: "111111111111" };

        it("relative kind/name patterns and globs", () => {
            assert.equal(iotResourceGrants("*", "client/t1", p), true);
            assert.equal(iotResourceGrants(" topic/fleet/* ", "topic/fleet/x", p), true);
            assert.equal(iotResourceGrants("topic/fleet/?", "topic/fleet/xy", p), false);
            assert.equal(iotResourceGrants("topic/fleet", "topic/fleet/x", p), false);
            assert.equal(iotResourceGrants("TOPIC/fleet", "topic/fleet", p), false);
            assert.equal(iotResourceGrants("*:topic/x", "topic/x", p), true);
            assert.equal(iotResourceGrants("topic/arn:x", "topic/arn:x", p), true);
            assert.equal(iotResourceGrants("eu-west-1:111111111111:topic/x", "topic/x", p), false);
        });

        it("full ARNs: the service part is a glob, region and account are this policy's own, the resource is case-sensitive", () => {
            assert.equal(iotResourceGrants("arn:aws:iot:eu-west-1:111111111111:client/t1", "client/t1", p), true);
            assert.equal(iotResourceGrants("ARN:aws:IOT:us-east-1:999999999999:client/t1", "client/t1", p), true);
            assert.equal(iotResourceGrants("arn:aws:i?t:*:*:client/*", "client/t1", p), true);
            assert.equal(iotResourceGrants("arn:aws:*:*:*:*", "client/t1", p), true);
            assert.equal(iotResourceGrants("arn:aws:s3:::client/t1", "client/t1", p), false);
            assert.equal(iotResourceGrants("arn:aws:io:r:a:client/t1", "client/t1", p), false);
            assert.equal(iotResourceGrants("arn:aws:iott:r:a:client/t1", "client/t1", p), false);
            assert.equal(iotResourceGrants("arn:aws:iot:r:a:client/T1", "client/t1", p), false);
            assert.equal(iotResourceGrants("arn:aws:iot:r", "client/t1", p), false);
        });

        it("resolves the thing variable for the probe device, other variables as wildcards, escapes as literals", () => {
            assert.equal(iotResourceGrants("arn:aws:iot:r:a:client/${iot:Connection.Thing.ThingName}", "client/t1", p), true);
            assert.equal(iotResourceGrants("client/${iot:Connection.Thing.ThingName}", "client/t2", p), false);
            assert.equal(iotResourceGrants("client/${iot:ClientId}", "client/anyone", p), true);
            assert.equal(iotResourceGrants("topic/${*}", "topic/*", p), true);
            assert.equal(iotResourceGrants("topic/${*}", "topic/x", p), false);
            assert.equal(iotResourceGrants("topic/${?}", "topic/?", p), true);
            assert.equal(iotResourceGrants("topic/${?}", "topic/x", p), false);
            assert.equal(iotResourceGrants("topic/*", "topic/*", p), true);
            assert.equal(iotResourceGrants("topic/${$}x", "topic/$x", p), true);
        });

        it("probes the default device unless told", () => {
            assert.deepEqual(PROBE, { thing: "probe-site-probe-gateway", region: "eu-central-1", account: "123456789012" });
            assert.equal(iotResourceGrants("client/${iot:Connection.Thing.ThingName}", "client/probe-site-probe-gateway"), true);
            assert.equal(iotResourceGrants("eu-central-1:123456789012:*", "client/x"), false);
            assert.equal(iotResourceGrants("*eu-central-1:123456789012:client/x", "client/x"), true);
        });
    });
});
