import * as assert from "node:assert/strict";
import { defineRule } from "../../../policies/lib/define";
import type { RuleMeta } from "../../../policies/lib/types";

const meta: RuleMeta = { name: "a-b", severity: "mandatory", description: "d.", mirrors: "m", details: "x.", securitySeverity: 7.5 };
const noop = { types: ["t"], check: () => [] };
const problems = (over: Record<string, unknown>) => {
    try {
        defineRule({ ...meta, resource: noop, ...over } as Parameters<typeof defineRule>[0]);
        return "";
    } catch (e) {
        return (e as Error).message;
    }
};

describe("policies/lib/define", () => {
    it("accepts kebab-case names only", () => {
        for (const name of ["a", "a-b", "abc-d2-e", "s3-baseline2", "a1"]) assert.equal(problems({ name }), "", name);
        for (const name of ["", "A", "a_b", "-a", "a-", "a--b", "1a", "a-B", "a b", "x a", "a x"])
            assert.equal(problems({ name }), `rule ${name}: name ${JSON.stringify(name)} is not kebab-case`, name);
    });

    it("accepts mandatory and advisory", () => {
        assert.equal(problems({ severity: "advisory" }), "");
        assert.equal(problems({ severity: "mandatory" }), "");
        assert.equal(problems({ severity: "Mandatory" }), 'rule a-b: severity "Mandatory" is not mandatory or advisory');
    });

    it("each text field must say something", () => {
        for (const field of ["description", "mirrors", "details"]) {
            assert.equal(problems({ [field]: " \n " }), `rule a-b: ${field} is empty`, field);
            assert.equal(problems({ [field]: undefined }), `rule a-b: ${field} is empty`, field);
        }
    });

    it("needs a check and derives the scope", () => {
        assert.equal(problems({ resource: undefined }), "rule a-b: it has no resource, stack or model check");
        const model = () => [];
        assert.equal(defineRule({ ...meta, model }).scope, "model");
        assert.equal(defineRule({ ...meta, resource: noop }).scope, "resource");
        assert.equal(defineRule({ ...meta, stack: noop }).scope, "resource");
        assert.equal(defineRule({ ...meta, stack: noop, model }).scope, "both");
        assert.equal(defineRule({ ...meta, resource: noop, model }).scope, "both");
        const rule = defineRule({ ...meta, resource: noop, readsOutputs: true });
        assert.deepEqual(rule, { ...meta, resource: noop, readsOutputs: true, scope: "resource" });
    });
});
