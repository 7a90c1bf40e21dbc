import * as assert from "node:assert/strict";
import { arnResource, grants, parsePolicyDocument, statementName, wildcardMatch, type Statement } from "../../../policies/lib/policy-doc";
import { UNKNOWN } from "../../../policies/lib/values";
import { parsedStatement } from "../helpers";

const jsonError = (text: string): string => {
    try {
        JSON.parse(text);
    } catch (e) {
        return (e as Error).message;
    }
    return "";
};
const stmt = (over: Partial<Statement>): Statement => ({ index: 0, effect: "Allow", actions: [], resources: [], ...over });

describe("policies/lib/policy-doc", () => {
    describe("parsePolicyDocument", () => {
        it("no document is no statements", () => {
            for (const v of [undefined, null, ""]) assert.deepEqual(parsePolicyDocument(v), { ok: true, statements: [] });
            assert.deepEqual(parsePolicyDocument({}), { ok: true, statements: [] });
        });

        it("an unknown document (or one with an unknown inside) is unknown", () => {
            const unknown = { ok: false, unknown: true, error: "the policy document is unknown until the deployment runs" };
            assert.deepEqual(parsePolicyDocument(UNKNOWN), unknown);
            assert.deepEqual(parsePolicyDocument({ Statement: [{ Resource: `arn:aws:s3:::${UNKNOWN}` }] }), unknown);
        });

        it("what is not a document says why", () => {
            assert.deepEqual(parsePolicyDocument("{"), { ok: false, unknown: false, error: `the policy document is not valid JSON (${jsonError("{")})` });
            for (const v of ["[]", "5", "null", 5, ["x"]])
                assert.deepEqual(parsePolicyDocument(v), { ok: false, unknown: false, error: "the policy document is not a JSON object" });
            assert.deepEqual(parsePolicyDocument({ Statement: [{}, "x"] }), { ok: false, unknown: false, error: "Statement[1] is not an object" });
        });

        it("normalizes statements: lists everywhere, Deny only when written so, the rest as given", () => {
            const cond = { StringEquals: { "aws:SourceAccount": "1" } };
            const doc = {
                Statement: [
                    { Sid: "A", Effect: "Deny", Action: "iot:Connect", Resource: "*" },
                    { Sid: 5, Effect: "deny", NotAction: ["iot:Publish", 7], NotResource: "arn:x", NotPrincipal: { AWS: "1" }, Condition: cond },
                    { Principal: "*", NotPrincipal: { AWS: "2" }, Action: [1] },
                ],
            };
            const want: Statement[] = [
                parsedStatement({ sid: "A", effect: "Deny", actions: ["iot:Connect"], resources: ["*"] }),
                parsedStatement({
                    index: 1,
                    notActions: ["iot:Publish", "7"],
                    notResources: ["arn:x"],
                    principal: { AWS: "1" },
                    notPrincipal: { AWS: "1" },
                    condition: cond,
                }),
                parsedStatement({ index: 2, actions: ["1"], principal: "*", notPrincipal: { AWS: "2" } }),
            ];
            assert.deepEqual(parsePolicyDocument(doc), { ok: true, statements: want });
            assert.deepEqual(parsePolicyDocument(JSON.stringify(doc)), { ok: true, statements: want });
            assert.deepEqual(parsePolicyDocument({ Statement: { Action: "a" } }), { ok: true, statements: [parsedStatement({ actions: ["a"] })] });
        });
    });

    it("statementName: index, and the Sid when there is one", () => {
        assert.equal(statementName(stmt({ index: 2, sid: "X" })), "Statement[2] (X)");
        assert.equal(statementName(stmt({ index: 3 })), "Statement[3]");
        assert.equal(statementName(stmt({ index: 0, sid: "" })), "Statement[0]");
    });

    it("wildcardMatch: * and ? globs, case-insensitive, every other character literal", () => {
        assert.equal(wildcardMatch("iot:*", "IOT:Connect"), true);
        assert.equal(wildcardMatch("iot:Conn?ct", "iot:connect"), true);
        assert.equal(wildcardMatch("iot:Conn?ct", "iot:Connct"), false);
        assert.equal(wildcardMatch("iot:a.b", "iot:aXb"), false);
        assert.equal(wildcardMatch("iot:a.b", "iot:a.b"), true);
        assert.equal(wildcardMatch("a+(b)|[c]{1}^$\\", "a+(b)|[c]{1}^$\\"), true);
        assert.equal(wildcardMatch("iot:", "iot:Connect"), false);
        assert.equal(wildcardMatch("Connect", "iot:Connect"), false);
    });

    it("grants: through the Action globs, or through what NotAction leaves out", () => {
        assert.equal(grants(stmt({ actions: ["s3:*", "iot:Pub*"] }), "iot:Publish"), true);
        assert.equal(grants(stmt({ actions: ["s3:*"] }), "iot:Publish"), false);
        assert.equal(grants(stmt({ notActions: ["iot:Pub*"] }), "iot:Publish"), false);
        assert.equal(grants(stmt({ notActions: ["iot:Pub*"], actions: ["iot:Connect"] }), "iot:Connect"), true);
        assert.equal(grants(stmt({ notActions: [] }), "iot:Publish"), true);
    });

    it("arnResource: the part after the fifth colon, or the string when it is no ARN", () => {
        assert.equal(arnResource("arn:aws:iot:r:a:topic/x:y"), "topic/x:y");
        assert.equal(arnResource("arn:aws:iot:r:a:"), "");
        assert.equal(arnResource("topic/x"), "topic/x");
        assert.equal(arnResource("ARN:aws:iot:r:a:topic/x"), "ARN:aws:iot:r:a:topic/x");
    });
});
