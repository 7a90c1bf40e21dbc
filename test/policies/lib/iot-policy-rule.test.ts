import * as assert from "node:assert/strict";
import { iotPolicyRule, IOT_POLICY_TYPES } from "../../../policies/lib/iot";
import { check, res, UNKNOWN } from "../helpers";

/** iotPolicyRule: the prologue the iot-policy-* rules share (parse, unknown, walk statements). */
describe("policies: iotPolicyRule", () => {
    const doc = {
        Version: "2012-10-17",
        Statement: [
            { Sid: "A", Effect: "Allow", Action: "iot:Connect", Resource: "*" },
            { Effect: "Deny", Action: "iot:Publish", Resource: "x" },
            { Sid: "C", Effect: "Allow", Action: ["iot:Publish", "iot:Receive"], Resource: "y" },
        ],
    };
    const meta = (name: string) => ({
        name,
        severity: "mandatory" as const,
        securitySeverity: 8,
        description: "A test rule.",
        mirrors: "nothing",
        details: "A test rule.",
    });
    const seen: string[] = [];
    const rule = iotPolicyRule(
        meta("test-rule"),
        function* (s, { resource, statements }) {
            seen.push(`${resource.name}:${s.index}/${statements.length}`);
            if (s.effect === "Allow") yield { message: `${s.sid}:${s.actions.join("+")}` };
        },
        { invalid: (error) => ({ message: `invalid: ${error}` }) },
    );
    const quiet = iotPolicyRule(meta("quiet-rule"), function* () {
        yield { message: "never for an invalid document" };
    });
    const classic = (policy: unknown) => ({ type: "aws:iot/policy:Policy", urn: "u", name: "p", props: { policy } });

    beforeEach(() => (seen.length = 0));

    it("applies to both IoT policy types", () => {
        assert.equal(rule.name, "test-rule");
        assert.deepEqual(rule.resource?.types, IOT_POLICY_TYPES);
    });

    it("yields each statement's findings in statement order, with the resource and every statement at hand", () => {
        assert.deepEqual(rule.resource!.check(classic(JSON.stringify(doc))), [{ message: "A:iot:Connect" }, { message: "C:iot:Publish+iot:Receive" }]);
        assert.deepEqual(seen, ["p:0/3", "p:1/3", "p:2/3"]);
    });

    it("reads the aws-native policyDocument object", () => {
        const r = { type: "aws-native:iot:Policy", urn: "u", name: "n", props: { policyDocument: doc } };
        assert.deepEqual(
            rule.resource!.check(r).map((f) => f.message),
            ["A:iot:Connect", "C:iot:Publish+iot:Receive"],
        );
    });

    it("reports an unknown document as unknown, without calling the check", () => {
        assert.deepEqual(rule.resource!.check(classic(UNKNOWN)), [
            { message: "the policy document is unknown until the deployment runs; cannot be checked at preview", unknown: true },
        ]);
        assert.deepEqual(seen, []);
    });

    it("reports a document that does not parse through `invalid`, and says nothing without it", () => {
        const [finding] = rule.resource!.check(classic("{not json"));
        assert.match(finding.message, /^invalid: the policy document is not valid JSON \(/);
        assert.deepEqual(quiet.resource!.check(classic("{not json")), []);
        assert.deepEqual(quiet.resource!.check(classic(JSON.stringify({ Statement: ["nope"] }))), []);
    });

    it("of the IoT policy rules, only iot-policy-no-wildcard-action reports a document that does not parse", () => {
        const bad = res("aws:iot/policy:Policy", "p", { policy: "{not json" });
        assert.equal(check("iot-policy-no-wildcard-action", bad).length, 1);
        for (const name of [
            "iot-policy-no-wildcard-resource",
            "iot-policy-connect-scoped",
            "iot-policy-topics-scoped",
            "iot-policy-no-mqtt-wildcards-in-deny",
        ]) {
            assert.deepEqual(check(name, bad), [], name);
        }
    });
});
