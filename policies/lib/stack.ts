/**
 * The StackView the stack rules read: resources by type, and references (a name, an id or an
 * ARN) resolved to the resource they point to, the same way for plans (inputs and the mock
 * outputs of src/plan), stack exports (real outputs) and the CrossGuard engine.
 */
import type { RuleResource, StackView } from "./types";
import { containsUnknown, isObject } from "./values";

/** The non-empty string values of `keys` in a resource's inputs and outputs. */
function stringsOf(r: RuleResource, keys: readonly string[]): string[] {
    const out: string[] = [];
    for (const src of [r.props, r.outputs ?? {}]) {
        for (const k of keys) {
            const v = src[k];
            // Stryker disable next-line ConditionalExpression: a value that is not a string is never found (every key looked up is a string)
            if (typeof v !== "string") continue;
            if (v !== "") out.push(v);
        }
    }
    return out;
}

/** Names a resource can be referred to by. */
const identities = (r: RuleResource): string[] => [
    r.urn,
    r.name,
    `${r.name}-id`,
    ...stringsOf(r, ["name", "bucket", "alias", "arn", "id", "functionName", "streamName", "tableName", "policyName", "thingName", "roleName"]),
];

/** Physical names, for matching the last segment of an ARN. */
const physicalNames = (r: RuleResource): string[] => [r.name, ...stringsOf(r, ["name", "bucket", "alias", "functionName"])];

export function stackView(resources: readonly RuleResource[]): StackView {
    const byType = new Map<string, RuleResource[]>();
    // Per type: identities and physical names → the first resource that has them.
    const ids = new Map<string, Map<string, RuleResource>>();
    const names = new Map<string, Map<string, RuleResource>>();
    const index = (into: Map<string, Map<string, RuleResource>>, type: string, keys: string[], r: RuleResource) => {
        const m = into.get(type) ?? into.set(type, new Map()).get(type)!;
        for (const k of keys) if (!m.has(k)) m.set(k, r);
    };
    for (const r of resources) {
        const l = byType.get(r.type);
        if (l) l.push(r);
        else byType.set(r.type, [r]);
        index(ids, r.type, identities(r), r);
        index(names, r.type, physicalNames(r), r);
    }
    return {
        resources,
        ofType: (...types) => types.flatMap((t) => byType.get(t) ?? []),
        resolve(ref, types) {
            if (containsUnknown(ref)) return "unknown";
            const key = typeof ref === "string" ? ref : isObject(ref) && typeof ref.urn === "string" ? ref.urn : undefined;
            if (!key) return undefined;
            for (const t of types) {
                const hit = ids.get(t)?.get(key);
                if (hit) return hit;
                // arn:partition:service:region:account:resource, where the resource part ends
                // with the physical name after a `/` or a `:`.
                const byName = key.startsWith("arn:") ? names.get(t)?.get(key.split(/[/:]/).pop()!) : undefined;
                if (byName) return byName;
            }
            return undefined;
        },
    };
}
