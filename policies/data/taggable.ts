/**
 * Which resource types take tags, read from the installed provider SDKs: a type is taggable
 * when its `<Class>Args` interface has a `tags` input. `taggable-types.json` is the committed
 * result (reading ~3,000 declaration files at every check would be slow); a test regenerates
 * it and fails when the SDK version moved. Update: `node dist/policies/data/taggable.js --write`.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export function scanTaggableTypes(nodeModules: string): string[] {
    const out: string[] = [];
    for (const pkg of ["@pulumi/aws", "@pulumi/aws-native"]) {
        const root = path.join(nodeModules, pkg);
        for (const mod of fs.readdirSync(root, { withFileTypes: true })) {
            if (!mod.isDirectory() || mod.name === "types" || mod.name === "config" || mod.name === "node_modules") continue;
            const dir = path.join(root, mod.name);
            for (const f of fs.readdirSync(dir)) {
                if (!f.endsWith(".js")) continue;
                const js = fs.readFileSync(path.join(dir, f), "utf8");
                const m = /static __pulumiType = '([^']+)'/.exec(js);
                if (!m) continue;
                const dts = path.join(dir, f.replace(/\.js$/, ".d.ts"));
                if (!fs.existsSync(dts)) continue;
                const text = fs.readFileSync(dts, "utf8");
                const cls = /export declare class (\w+) extends/.exec(text)?.[1];
                if (!cls) continue;
                const start = text.indexOf(`export interface ${cls}Args {`);
                if (start < 0) continue;
                const end = text.indexOf("\n}", start);
                if (/\n    tags\?:/.test(text.slice(start, end))) out.push(m[1]);
            }
        }
    }
    return [...new Set(out)].sort();
}

if (require.main === module && process.argv.includes("--write")) {
    const repo = path.resolve(__dirname, "../../..");
    const types = scanTaggableTypes(path.join(repo, "node_modules"));
    fs.writeFileSync(path.join(repo, "policies/data/taggable-types.json"), `${JSON.stringify(types, null, 0).replace(/","/g, '",\n"')}\n`);
    process.stdout.write(`${types.length} taggable types\n`);
}
