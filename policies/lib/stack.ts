/**
 * The StackView the stack rules read: resources by type, and references (a name, an id or an
 * ARN) resolved to the resource they point to, the same way for plans (inputs and the mock
 * outputs of src/plan), stack exports (real outputs) and the CrossGuard engine.
 */
import type { RuleResource, StackView } from "./types";
import { containsUnknown, isObject } from "./values";

/** Names a resource can be referred to by. */
function identities(r: RuleResource): string[] {
    const out = new Set<string>([r.urn, r.name, `${r.name}-id`]);
    for (const src of [r.props, r.outputs ?? {}]) {
        for (const key of ["name", "bucket", "alias", "arn", "id", "functionName", "streamName", "tableName", "policyName", "thingName", "roleName"]) {
            const v = src[key];
            if (typeof v === "string" && v) out.add(v);
        }
    }
    return [...out];
}

/** Physical names, for matching the last segment of an ARN. */
function physicalNames(r: RuleResource): string[] {
    const out = new Set<string>([r.name]);
    for (const src of [r.props, r.outputs ?? {}]) {
        for (const key of ["name", "bucket", "alias", "functionName"]) {
            const v = src[key];
            if (typeof v === "string" && v) out.add(v);
        }
    }
    return [...out];
}

export function stackView(resources: readonly RuleResource[]): StackView {
    const byType = new Map<string, RuleResource[]>();
    for (const r of resources) {
        const l = byType.get(r.type);
        if (l) l.push(r);
        else byType.set(r.type, [r]);
    }
    const idIndex = new Map<string, Map<string, RuleResource>>();
    const indexFor = (type: string) => {
        let m = idIndex.get(type);
        if (!m) {
            m = new Map();
            const names = new Map<string, RuleResource>();
            for (const r of byType.get(type) ?? []) {
                for (const id of identities(r)) if (!m.has(id)) m.set(id, r);
                for (const n of physicalNames(r)) if (!names.has(n)) names.set(n, r);
            }
            idIndex.set(type, m);
            idIndex.set(`${type}#names`, names);
        }
        return { ids: m, names: idIndex.get(`${type}#names`)! };
    };
    return {
        resources,
        ofType: (...types) => types.flatMap((t) => byType.get(t) ?? []),
        resolve(ref, types) {
            if (containsUnknown(ref)) return "unknown";
            const key = typeof ref === "string" ? ref : isObject(ref) && typeof ref.urn === "string" ? ref.urn : undefined;
            if (!key) return undefined;
            for (const t of types) {
                const { ids, names } = indexFor(t);
                const hit = ids.get(key);
                if (hit) return hit;
                if (key.startsWith("arn:")) {
                    // arn:partition:service:region:account:resource, where the resource part ends
                    // with the physical name after a `/` or a `:`.
                    const tail = key.split(/[/:]/).pop() ?? "";
                    const byName = names.get(tail);
                    if (byName) return byName;
                }
            }
            return undefined;
        },
    };
}
