import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { scanTaggableTypes } from "../../policies/data/taggable";
import { policiesMarkdown } from "../../src/check/docs";
import { CATALOGUE } from "../../policies/catalogue";

const ROOT = path.resolve(__dirname, "../../..");

describe("policy docs", () => {
    it("docs/policies.md is what `fleet policies --markdown` prints (update: node bin/fleet.js policies --markdown > docs/policies.md)", () => {
        assert.equal(fs.readFileSync(path.join(ROOT, "docs/policies.md"), "utf8"), policiesMarkdown());
    });

    it("has a section per rule, the anchor SARIF helpUri points to", () => {
        const md = policiesMarkdown();
        for (const p of CATALOGUE) {
            assert.ok(md.includes(`\n### ${p.name}\n`), p.name);
            assert.ok(md.includes(`| [${p.name}](#${p.name}) | ${p.severity} |`), p.name);
        }
    });

    it("explains each rule with the doc comment of its file", () => {
        const md = policiesMarkdown();
        assert.ok(
            md.includes(
                "\n### kinesis-baseline\n\n**mandatory** · resources · security-severity 6.5\n\nKinesis streams are KMS-encrypted and keep records for at least 168 hours, so consumers can replay a week.\n",
            ),
        );
        // the rules table carries each rule's own security-severity (its defineRule metadata)
        assert.ok(md.includes("\n| [iot-private-key-secret](#iot-private-key-secret) | mandatory | 9.4 | "));
        assert.ok(md.includes("\n| [required-tags](#required-tags) | advisory | 2.0 | "));
    });

    it("the committed taggable types match the installed provider SDKs (update: node dist/policies/data/taggable.js --write)", () => {
        const committed = JSON.parse(fs.readFileSync(path.join(ROOT, "policies/data/taggable-types.json"), "utf8")) as string[];
        assert.deepEqual(committed, scanTaggableTypes(path.join(ROOT, "node_modules")));
        assert.ok(committed.includes("aws:kinesis/stream:Stream"));
        assert.ok(!committed.includes("aws:iot/thing:Thing"), "things take attributes, not tags");
    });
});
