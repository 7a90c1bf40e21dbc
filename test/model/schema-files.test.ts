/**
 * The editor schemas in schema/ are generated from schema.ts (npm run schema) and must not drift;
 * they are valid draft-07 schemas, they accept the example files, and the examples point at them.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { parse } from "yaml";
import { starterSite } from "../../src/scaffold";
import { schemaFiles } from "../../src/model/write-schema";
import { REPO } from "./helpers";

/** An ajv as an editor's validator would be: draft-07, strict, knowing only the editor keyword we add. */
function editorAjv(): Ajv {
    const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true });
    ajv.addKeyword({ keyword: "patternErrorMessage", schemaType: "string" });
    addFormats(ajv, ["email"]);
    return ajv;
}

function modeline(text: string): string | undefined {
    return /^# yaml-language-server: \$schema=(\S+)$/m.exec(text.split("\n")[0])?.[1];
}

describe("model: schema files", () => {
    for (const { file, content } of schemaFiles()) {
        it(`${file} is what npm run schema writes (run it after changing schema.ts)`, () => {
            assert.equal(fs.readFileSync(path.join(REPO, file), "utf8"), content);
            assert.ok(content.endsWith("}\n"));
        });

        it(`${file} is a valid draft-07 schema that ajv compiles`, () => {
            const schema = JSON.parse(content);
            assert.equal(schema.$schema, "http://json-schema.org/draft-07/schema#");
            const ajv = editorAjv();
            assert.equal(ajv.validateSchema(schema), true, JSON.stringify(ajv.errors));
            assert.equal(typeof ajv.compile(schema), "function");
        });
    }

    const examples = [
        "fleet.yaml",
        ...fs.readdirSync(path.join(REPO, "sites")).map((f) => `sites/${f}`),
        ...fs.readdirSync(path.join(REPO, "test", "fixtures", "fleets", "independent", "sites")).map((f) => `test/fixtures/fleets/independent/sites/${f}`),
        "test/fixtures/fleets/independent/fleet.yaml",
    ];
    for (const rel of examples) {
        it(`the editor schema accepts ${rel}`, () => {
            const kind = path.basename(rel) === "fleet.yaml" ? "fleet" : "site";
            const validate = editorAjv().compile(JSON.parse(fs.readFileSync(path.join(REPO, "schema", `${kind}.schema.json`), "utf8")));
            const ok = validate(parse(fs.readFileSync(path.join(REPO, rel), "utf8")));
            assert.equal(ok, true, JSON.stringify(validate.errors));
        });
    }

    const withModeline = [
        "fleet.yaml",
        ...fs.readdirSync(path.join(REPO, "sites")).map((f) => `sites/${f}`),
        "test/fixtures/model/base/fleet.yaml",
        "test/fixtures/model/base/sites/alpha.yaml",
        "test/fixtures/model/base/sites/beta.yaml",
    ];
    for (const rel of withModeline) {
        it(`${rel} names the right schema in its editor modeline`, () => {
            const text = fs.readFileSync(path.join(REPO, rel), "utf8");
            const target = modeline(text);
            assert.ok(target, "first line is # yaml-language-server: $schema=...");
            const kind = path.basename(rel) === "fleet.yaml" ? "fleet" : "site";
            assert.equal(path.resolve(path.dirname(path.join(REPO, rel)), target), path.join(REPO, "schema", `${kind}.schema.json`));
        });
    }

    it("the starter site of fleet init names the site schema relative to sites/", () => {
        assert.equal(modeline(starterSite("plant", "eu-central-1", "10.100.0.0/24")), "../schema/site.schema.json");
    });
});
