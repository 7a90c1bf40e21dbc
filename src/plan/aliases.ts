/**
 * Which earlier URNs each planned resource answers to, the way the Pulumi engine resolves
 * aliases: a resource's own aliases, plus the aliases it inherits from its ancestors. A child
 * whose name starts with its parent's name has that prefix swapped for the parent's old name
 * (so renaming a Site renames all `<site>-...` children without replacing them).
 */
import type { PlannedResource } from "./plan";

interface AliasSpec {
    name?: string;
    type?: string;
    parentUrn?: string;
    noParent?: boolean;
}

function parseAlias(text: string): { urn?: string; spec?: AliasSpec } {
    if (text.startsWith("urn:pulumi:")) return { urn: text };
    try {
        const parsed = JSON.parse(text) as { spec?: AliasSpec; urn?: string };
        return parsed.urn ? { urn: parsed.urn } : { spec: parsed.spec ?? {} };
    } catch {
        return {};
    }
}

/** `urn:pulumi:<stack>::<project>::<qualified type>::<name>` split into its four parts. */
export function splitUrn(urn: string): { stack: string; project: string; qualifiedType: string; name: string } {
    const body = urn.slice("urn:pulumi:".length);
    const [stack, project, qualifiedType, ...rest] = body.split("::");
    return { stack, project, qualifiedType, name: rest.join("::") };
}

function makeUrn(stack: string, project: string, parentUrn: string | undefined, type: string, name: string): string {
    const parentType = parentUrn ? splitUrn(parentUrn).qualifiedType : "";
    return `urn:pulumi:${stack}::${project}::${parentType ? `${parentType}$` : ""}${type}::${name}`;
}

/** For every resource of a plan, the set of URNs it answers to (its own first). */
export function answersTo(resources: PlannedResource[]): Map<string, string[]> {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const memo = new Map<string, string[]>();
    const visit = (r: PlannedResource): string[] => {
        const known = memo.get(r.urn);
        if (known) return known;
        const { stack, project } = splitUrn(r.urn);
        const parent = r.parent ? byUrn.get(r.parent) : undefined;
        const parentUrns = parent ? visit(parent) : r.parent ? [r.parent] : [undefined];
        const out = new Set<string>([r.urn]);
        const names = new Set<string>([r.name]);
        const explicit: string[] = [];
        for (const text of r.aliases) {
            const a = parseAlias(text);
            if (a.urn) explicit.push(a.urn);
            else if (a.spec) {
                if (a.spec.name) names.add(a.spec.name);
                if (a.spec.parentUrn) out.add(makeUrn(stack, project, a.spec.parentUrn, a.spec.type || r.type, a.spec.name || r.name));
                if (a.spec.noParent) out.add(makeUrn(stack, project, undefined, a.spec.type || r.type, a.spec.name || r.name));
            }
        }
        for (const parentUrn of parentUrns) {
            for (const name of names) {
                // Inherited: the parent's old name replaces the parent-name prefix of the child.
                let childName = name;
                if (parent && parentUrn && parentUrn !== parent.urn && name.startsWith(parent.name)) {
                    childName = splitUrn(parentUrn).name + name.slice(parent.name.length);
                }
                out.add(makeUrn(stack, project, parentUrn, r.type, childName));
            }
        }
        for (const u of explicit) out.add(u);
        const list = [...out];
        memo.set(r.urn, list);
        return list;
    };
    const result = new Map<string, string[]>();
    for (const r of resources) result.set(r.urn, visit(r));
    return result;
}
