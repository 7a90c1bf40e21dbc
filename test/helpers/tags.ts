/**
 * Which planned resources take tags, from the provider SDKs themselves: a resource type takes tags
 * when the `<Name>Args` interface of its @pulumi/aws or @pulumi/aws-native declaration has a `tags`
 * input (the SDKs are generated from the providers' schemas). Tests ask "does every resource that
 * takes tags carry the fleet's?" without keeping their own list of untaggable types.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { PlannedResource } from "../../src/plan/plan";

/**
 * The SDK declaration of a type token: `aws:iam/rolePolicy:RolePolicy` →
 * @pulumi/aws/iam/rolePolicy.d.ts, `aws-native:iot:AccountAuditConfiguration` →
 * @pulumi/aws-native/iot/accountAuditConfiguration.d.ts.
 */
export function declarationFile(type: string): string {
    const [pkg, module, name] = type.split(":");
    if ((pkg !== "aws" && pkg !== "aws-native") || !module || !name) throw new Error(`${type}: not an aws or aws-native resource type`);
    const [folder, file] = pkg === "aws" ? module.split("/") : [module, name[0].toLowerCase() + name.slice(1)];
    return path.join(path.dirname(require.resolve(`@pulumi/${pkg}/package.json`)), folder === "index" ? "" : folder, `${file}.d.ts`);
}

const known = new Map<string, boolean>();

/** Whether resources of `type` take tags; throws when the SDK does not declare the type. */
export function takesTags(type: string): boolean {
    let answer = known.get(type);
    if (answer === undefined) {
        const file = declarationFile(type);
        if (!fs.existsSync(file)) throw new Error(`${type}: no SDK declaration at ${file}`);
        const name = type.split(":")[2];
        const args = new RegExp(`^export interface ${name}Args \\{\\n([\\s\\S]*?)^\\}`, "m").exec(fs.readFileSync(file, "utf8"));
        answer = args !== null && /^ {4}tags\?:/m.test(args[1]);
        known.set(type, answer);
    }
    return answer;
}

/**
 * The custom resources of `resources` that take tags but lack one of `expected` (`type name`);
 * reads both tag forms: aws's map and aws-native's `{ key, value }` list.
 */
export function missingTags(resources: PlannedResource[], expected: Record<string, string>): string[] {
    return resources
        .filter((r) => r.custom && takesTags(r.type))
        .filter((r) => {
            const tags = r.inputs.tags as Record<string, string> | { key: string; value: string }[] | undefined;
            const map = Array.isArray(tags) ? Object.fromEntries(tags.map((t) => [t.key, t.value])) : (tags ?? {});
            return Object.entries(expected).some(([k, v]) => map[k] !== v);
        })
        .map((r) => `${r.type} ${r.name}`);
}
