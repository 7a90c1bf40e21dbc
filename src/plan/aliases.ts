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

/** A recorded alias: a URN, or a spec (plans record the protobuf's `parenturn`/`noparent`). */
function parseAlias(text: string): { urn?: string; spec?: AliasSpec } {
    if (text.startsWith("urn:pulumi:")) return { urn: text };
    try {
        const parsed = JSON.parse(text) as { spec?: AliasSpec & { parenturn?: string; noparent?: boolean }; urn?: string };
        if (parsed.urn) return { urn: parsed.urn };
        const s = parsed.spec ?? {};
        return { spec: { name: s.name, type: s.type, parentUrn: s.parentUrn || s.parenturn || undefined, noParent: s.noParent ?? s.noparent } };
    } catch {
        return {};
    }
}

/**
 * Whether an alias's parent URN names the resource's own parent. The SDK fills in the current
 * parent when an alias names none; under the mock runtime that URN keeps only the parent's last
 * two types, so the same name with a type chain that ends the same way is the same parent.
 */
function isOwnParent(aliasParent: string, parent: string | undefined): boolean {
    if (parent === undefined) return false;
    if (aliasParent === parent) return true;
    const a = splitUrn(aliasParent);
    const p = splitUrn(parent);
    return (
        a.name === p.name &&
        a.stack === p.stack &&
        a.project === p.project &&
        (`$${p.qualifiedType}`.endsWith(`$${a.qualifiedType}`) || `$${a.qualifiedType}`.endsWith(`$${p.qualifiedType}`))
    );
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
                const { name, type, parentUrn, noParent } = a.spec;
                if (noParent) out.add(makeUrn(stack, project, undefined, type || r.type, name || r.name));
                else if (parentUrn && !isOwnParent(parentUrn, r.parent)) {
                    // Another parent (the resource moved): under it, or under its own former URNs.
                    const former = byUrn.get(parentUrn);
                    for (const p of former ? visit(former) : [parentUrn]) out.add(makeUrn(stack, project, p, type || r.type, name || r.name));
                } else if (name) names.add(name);
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
