import * as assert from "node:assert/strict";
import type { Statement } from "../../../policies/lib/policy-doc";
import { conditionConstrains, isPublicStatement, principalIsPublic } from "../../../policies/lib/principals";

/**
 * Each condition key that ties a caller to named accounts, organizations, sources or networks, with
 * the operator and a value as a real policy writes them (IAM User Guide, "AWS global condition
 * context keys"; the KMS, SNS, EventBridge and IoT service authorization references).
 */
const CONSTRAINING: readonly [operator: string, key: string, value: string][] = [
    ["ArnLike", "aws:SourceArn", "arn:aws:iot:eu-central-1:123456789012:rule/to_sns"],
    ["StringEquals", "aws:SourceAccount", "123456789012"],
    ["StringEquals", "aws:SourceOwner", "123456789012"],
    ["StringEquals", "aws:SourceOrgID", "o-a1b2c3d4e5"],
    ["ForAnyValue:StringLike", "aws:SourceOrgPaths", "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"],
    ["StringEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5"],
    ["ForAnyValue:StringLike", "aws:PrincipalOrgPaths", "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"],
    ["StringEquals", "aws:PrincipalAccount", "123456789012"],
    ["ArnEquals", "aws:PrincipalArn", "arn:aws:iam::123456789012:role/plant-ops"],
    ["StringEquals", "aws:PrincipalServiceName", "iot.amazonaws.com"],
    ["StringEquals", "aws:SourceVpc", "vpc-0a1b2c3d4e5f67890"],
    ["StringEquals", "aws:SourceVpce", "vpce-0a1b2c3d4e5f67890"],
    ["IpAddress", "aws:SourceIp", "203.0.113.0/24"],
    ["IpAddress", "aws:VpcSourceIp", "10.110.0.0/16"],
    ["StringEquals", "aws:ResourceAccount", "123456789012"],
    ["StringEquals", "kms:CallerAccount", "123456789012"],
    ["StringEquals", "kms:ViaService", "s3.eu-central-1.amazonaws.com"],
    ["StringLike", "sns:Endpoint", "ops@example.com"],
    ["StringEquals", "events:source", "aws.iot"],
    ["StringEquals", "iot:ClientId", "acme-plant-gw1"],
];
const stmt = (over: Partial<Statement>): Statement => ({ index: 0, effect: "Allow", actions: ["sns:Publish"], resources: ["*"], ...over });
const ACCOUNT = { StringEquals: { "aws:SourceAccount": "123456789012" } };

describe("policies/lib/principals", () => {
    it("principalIsPublic: * itself or under any principal type", () => {
        for (const p of ["*", { AWS: "*" }, { AWS: ["arn:aws:iam::1:root", " * "] }, { Service: "*" }, { Federated: ["*"] }])
            assert.equal(principalIsPublic(p), true, JSON.stringify(p));
        for (const p of ["arn:aws:iam::1:root", " *", { AWS: "arn:aws:iam::1:root" }, { AWS: [5] }, { AWS: [] }, {}, ["*"], null, undefined, 0])
            assert.equal(principalIsPublic(p), false, JSON.stringify(p));
    });

    it("conditionConstrains: each constraining key with a real value, in any case", () => {
        for (const [operator, key, value] of CONSTRAINING) {
            assert.equal(conditionConstrains({ StringEquals: { [key]: "x-1" } }), true, key);
            assert.equal(conditionConstrains({ StringEquals: { [key.toUpperCase()]: ["x-1", "x-2"] } }), true, key);
            assert.equal(conditionConstrains({ [operator]: { [key]: value } }), true, `${operator} ${key}`);
        }
        assert.equal(conditionConstrains({ IpAddress: { "aws:SourceIp": "203.0.113.0/24" } }), true);
        assert.equal(conditionConstrains({ StringLike: { "aws:SourceArn": "arn:aws:iot:eu-central-1:123456789012:*" } }), true);
        assert.equal(conditionConstrains({ StringLike: { "aws:SourceAccount": "*1234" } }), true);
        assert.equal(conditionConstrains({ StringEquals: null, ArnEquals: { "aws:SourceArn": "arn:aws:sns:r:1:t" } }), true);
        assert.equal(conditionConstrains({ Bool: { "aws:SecureTransport": "true" }, ArnLike: { "aws:SourceArn": "arn:aws:iot:r:1:rule/x" } }), true);
    });

    it("conditionConstrains: not for keys anyone satisfies, wildcards, empty values, negations, IfExists or Null", () => {
        assert.equal(conditionConstrains({ Bool: { "aws:SecureTransport": "true" }, DateLessThan: { "aws:CurrentTime": "2030-01-01" } }), false);
        for (const v of ["*", "??", " * ", "", "  ", "0.0.0.0/0", "::/0", " 0.0.0.0/0 ", " ::/0 ", [], ["x", "*"]])
            assert.equal(conditionConstrains({ StringLike: { "aws:SourceAccount": v } }), false, JSON.stringify(v));
        for (const op of ["StringNotEquals", "stringnotlike", "ArnNotLike", "NotIpAddress", "Null", "StringEqualsIfExists", "ArnLikeifexists"])
            assert.equal(conditionConstrains({ [op]: { "aws:SourceAccount": "1" } }), false, op);
        assert.equal(conditionConstrains({ "ForAnyValue:StringEquals": { "aws:SourceAccount": "1" } }), true);
        assert.equal(conditionConstrains({ "foranyvalue:StringEquals": { "aws:SourceAccount": "1" } }), true);
        for (const op of ["ForAnyValue:StringNotEquals", "ForAnyValue:StringEqualsIfExists", "ForAllValues:StringEquals", "forallvalues:StringLike"])
            assert.equal(conditionConstrains({ [op]: { "aws:SourceAccount": "1" } }), false, op);
        for (const c of [undefined, null, "x", [], {}, { StringEquals: "x" }, { StringEquals: ["aws:SourceAccount"] }])
            assert.equal(conditionConstrains(c), false, JSON.stringify(c));
    });

    it("isPublicStatement: an Allow to everyone (or NotPrincipal) that no condition constrains", () => {
        assert.equal(isPublicStatement(stmt({ principal: "*" })), true);
        assert.equal(isPublicStatement(stmt({ principal: { AWS: "*" }, condition: {} })), true);
        assert.equal(isPublicStatement(stmt({ notPrincipal: { AWS: "arn:aws:iam::1:root" }, principal: { AWS: "arn:aws:iam::1:root" } })), true);
        assert.equal(isPublicStatement(stmt({ principal: "*", condition: ACCOUNT })), false);
        assert.equal(isPublicStatement(stmt({ notPrincipal: {}, condition: ACCOUNT })), false);
        assert.equal(isPublicStatement(stmt({ principal: "*", effect: "Deny" })), false);
        assert.equal(isPublicStatement(stmt({ notPrincipal: { AWS: "1" }, effect: "Deny" })), false);
        assert.equal(isPublicStatement(stmt({ principal: { AWS: "arn:aws:iam::1:root" } })), false);
        assert.equal(isPublicStatement(stmt({})), false);
    });
});
