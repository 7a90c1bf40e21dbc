/**
 * Writes the editor schemas, `schema/fleet.schema.json` and `schema/site.schema.json`, from the
 * TypeBox definitions in schema.ts (`npm run schema`). A test keeps the committed files equal to
 * what this writes, so the schemas editors use cannot drift from the schemas the loader checks.
 */
import * as path from "node:path";
import { writeFileAtomic } from "../util/atomic-write";
import { FleetSchema, SiteSchema, toJsonSchema } from "./schema";

/** The schema files, relative to the repository root, and their exact contents. */
export function schemaFiles(): { file: string; content: string }[] {
    const text = (s: Record<string, unknown>) => `${JSON.stringify(s, null, 2)}\n`;
    return [
        { file: "schema/fleet.schema.json", content: text(toJsonSchema(FleetSchema)) },
        { file: "schema/site.schema.json", content: text(toJsonSchema(SiteSchema)) },
    ];
}

/** Write the schema files under `root` (the repository root). */
export function writeSchemas(root: string): string[] {
    return schemaFiles().map(({ file, content }) => {
        writeFileAtomic(path.join(root, file), content);
        return file;
    });
}

if (require.main === module) {
    // dist/src/model/write-schema.js -> the repository root is three levels up.
    const root = path.resolve(__dirname, "..", "..", "..");
    for (const file of writeSchemas(root)) process.stdout.write(`wrote ${file}\n`);
}
