/**
 * JSON Schema validation (ajv) turned into messages a plant engineer can act on: the field in
 * their terms, the bad value, and what is accepted, with a "did you mean" for near misses.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { FleetSchema, SiteSchema } from "./schema";
import { show, didYouMean, type Diagnostic } from "./diagnostics";
import type { ParsedYaml, PathSegment } from "./yaml";

let compiled: { fleet: ValidateFunction; site: ValidateFunction } | undefined;

function validators() {
    if (!compiled) {
        const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, allowUnionTypes: true });
        addFormats(ajv, ["email"]);
        compiled = { fleet: ajv.compile(FleetSchema), site: ajv.compile(SiteSchema) };
    }
    return compiled;
}

/** The user-facing name of a data path: `spec.` is dropped, list items are `name[2]`. */
export function fieldName(path: PathSegment[]): string {
    const rest = path[0] === "spec" ? path.slice(1) : path;
    let out = "";
    for (const seg of rest) {
        if (typeof seg === "number") out += `[${seg}]`;
        else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(seg)) out += out ? `.${seg}` : seg;
        else out += `[${JSON.stringify(seg)}]`;
    }
    return out;
}

function pathOf(instancePath: string): PathSegment[] {
    if (!instancePath) return [];
    return instancePath
        .slice(1)
        .split("/")
        .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
        .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

function typeName(v: unknown): string {
    if (v === null) return "null";
    if (Array.isArray(v)) return "a list";
    if (typeof v === "object") return "a map";
    if (typeof v === "string") return `the string ${show(v)}`;
    return `${typeof v} ${show(v)}`;
}

/** Literal values a schema accepts, when it is a union of constants (an enum). */
function literals(schema: any): unknown[] | undefined {
    if (schema && Array.isArray(schema.anyOf) && schema.anyOf.every((s: any) => s && "const" in s)) {
        return schema.anyOf.map((s: any) => s.const);
    }
    return undefined;
}

/** For a union of objects told apart by a constant property (`mode`), that property's name. */
function discriminator(schema: any): string | undefined {
    if (!schema || !Array.isArray(schema.anyOf)) return undefined;
    const first = schema.anyOf[0]?.properties;
    if (!first) return undefined;
    for (const key of Object.keys(first)) {
        if (schema.anyOf.every((s: any) => s?.properties?.[key] && "const" in s.properties[key])) return key;
    }
    return undefined;
}

function describePattern(schema: any): string {
    if (schema?.description) return schema.description.replace(/\.$/, "");
    return `text matching ${schema?.pattern}`;
}

interface Raw {
    path: PathSegment[];
    which: "key" | "value";
    message: string;
}

function translate(errors: ErrorObject[]): Raw[] {
    const out: Raw[] = [];
    // Errors inside a union are replaced by one message about the union.
    const unions = errors.filter((e) => e.keyword === "anyOf");
    const inside = (e: ErrorObject) => unions.some((u) => u !== e && e.schemaPath.startsWith(u.schemaPath + "/"));
    for (const u of unions) {
        if (unions.some((o) => o !== u && u.schemaPath.startsWith(o.schemaPath + "/"))) continue;
        const path = pathOf(u.instancePath);
        const data = u.data as any;
        const lits = literals(u.parentSchema);
        if (lits) {
            const accepted = lits.map((l) => (typeof l === "string" ? l : String(l)));
            const guess = typeof data === "string" ? didYouMean(data, accepted) : undefined;
            out.push({
                path,
                which: "value",
                message: `${show(data)} is not accepted${guess ? `; did you mean ${show(guess)}?` : ""}; accepted: ${accepted.join(", ")}`,
            });
            continue;
        }
        const key = discriminator(u.parentSchema);
        if (key && data && typeof data === "object" && !Array.isArray(data)) {
            const branches: any[] = (u.parentSchema as any).anyOf;
            const accepted = branches.map((b) => String(b.properties[key].const));
            const index = branches.findIndex((b) => b.properties[key].const === data[key]);
            if (index < 0) {
                out.push({
                    path: data[key] === undefined ? path : [...path, key],
                    which: "value",
                    message:
                        data[key] === undefined
                            ? `missing required field "${key}"; accepted: ${accepted.join(", ")}`
                            : `${show(data[key])} is not accepted${typeof data[key] === "string" && didYouMean(data[key], accepted) ? `; did you mean ${show(didYouMean(data[key], accepted))}?` : ""}; accepted: ${accepted.join(", ")}`,
                });
            } else {
                const prefix = `${u.schemaPath}/${index}/`;
                out.push(...translate(errors.filter((e) => e.schemaPath.startsWith(prefix))));
            }
            continue;
        }
        out.push({ path, which: "value", message: `${typeName(data)} does not have an accepted shape` });
    }
    for (const e of errors) {
        if (e.keyword === "anyOf" || inside(e)) continue;
        const path = pathOf(e.instancePath);
        const p = e.params as any;
        switch (e.keyword) {
            case "additionalProperties": {
                const known = Object.keys((e.parentSchema as any)?.properties ?? {});
                const extra = String(p.additionalProperty);
                const patterns = Object.keys((e.parentSchema as any)?.patternProperties ?? {});
                if (known.length === 0 && patterns.length > 0) {
                    out.push({ path: [...path, extra], which: "key", message: `key ${show(extra)} is not valid; expected a key matching ${patterns.join(" or ")}` });
                    break;
                }
                const guess = didYouMean(extra, known);
                out.push({
                    path: [...path, extra],
                    which: "key",
                    message: `unknown field ${show(extra)}${guess ? `; did you mean ${show(guess)}?` : ""}; accepted: ${known.join(", ")}`,
                });
                break;
            }
            case "required":
                out.push({ path, which: "value", message: `missing required field "${p.missingProperty}"` });
                break;
            case "type":
                out.push({ path, which: "value", message: `expected ${p.type === "object" ? "a map" : p.type === "array" ? "a list" : `a ${p.type}`}, got ${typeName(e.data)}` });
                break;
            case "const":
                out.push({ path, which: "value", message: `${show(e.data)} is not accepted; expected ${show(p.allowedValue)}` });
                break;
            case "enum":
                out.push({ path, which: "value", message: `${show(e.data)} is not accepted; accepted: ${(p.allowedValues as unknown[]).join(", ")}` });
                break;
            case "pattern":
                out.push({ path, which: "value", message: `${show(e.data)} is not valid; expected ${describePattern(e.parentSchema)}` });
                break;
            case "propertyNames":
                break; // reported by the nested pattern error on the key
            case "format":
                out.push({ path, which: "value", message: `${show(e.data)} is not a valid ${p.format} address` });
                break;
            case "minimum":
            case "maximum":
            case "exclusiveMinimum":
            case "exclusiveMaximum":
                out.push({ path, which: "value", message: `${show(e.data)} is out of range; must be ${p.comparison} ${p.limit}` });
                break;
            case "minLength":
                out.push({ path, which: "value", message: `${show(e.data)} is too short; at least ${p.limit} characters` });
                break;
            case "maxLength":
                out.push({ path, which: "value", message: `${show(e.data)} is too long; at most ${p.limit} characters` });
                break;
            case "minItems":
                out.push({ path, which: "value", message: `needs at least ${p.limit} item${p.limit === 1 ? "" : "s"}` });
                break;
            case "maxItems":
                out.push({ path, which: "value", message: `has more than ${p.limit} items` });
                break;
            case "minProperties":
                out.push({ path, which: "value", message: `needs at least ${p.limit} entr${p.limit === 1 ? "y" : "ies"}` });
                break;
            case "maxProperties":
                out.push({ path, which: "value", message: `has more than ${p.limit} entries` });
                break;
            case "uniqueItems":
                out.push({ path, which: "value", message: `lists the same value twice (items ${p.j} and ${p.i})` });
                break;
            case "integer":
            case "multipleOf":
            default:
                out.push({ path, which: "value", message: `${show(e.data)}: ${e.message ?? "is not valid"}` });
        }
    }
    return out;
}


export function checkSchema(kind: "Fleet" | "Site", parsed: ParsedYaml): Diagnostic[] {
    const validate = kind === "Fleet" ? validators().fleet : validators().site;
    if (validate(parsed.data)) return [];
    const raws = translate(validate.errors ?? []);
    const seen = new Set<string>();
    const out: Diagnostic[] = [];
    for (const r of raws) {
        const at = parsed.position(r.path, r.which);
        const d: Diagnostic = { level: "error", file: parsed.file, line: at.line, col: at.col, field: fieldName(r.path), message: r.message };
        const key = `${d.line}:${d.col}:${d.field}:${d.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(d);
    }
    return out;
}
