/**
 * JSON Schema validation (ajv) turned into messages a plant engineer can act on: the field in
 * their terms, the bad value, and what is accepted, with a "did you mean" for near misses.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { fullFormats } from "ajv-formats/dist/formats";
import { FormatRegistry } from "@sinclair/typebox";
import { TypeCompiler, type TypeCheck } from "@sinclair/typebox/compiler";
import { FleetSchema, KEY_PATTERN_HELP, SiteSchema } from "./schema";
import { show, didYouMean, type Diagnostic } from "./diagnostics";
import { fieldOf, type ParsedYaml, type PathSegment } from "./yaml";

let compiled: { fleet: ValidateFunction; site: ValidateFunction } | undefined;

/** The email format exactly as ajv-formats checks it, so both validators agree. */
const EMAIL = fullFormats.email as RegExp;

let fast: { fleet: TypeCheck<typeof FleetSchema>; site: TypeCheck<typeof SiteSchema> } | undefined;

/**
 * TypeBox's compiled checkers: the same schemas, compiled about ten times faster than ajv. Valid
 * files (the common case) never pay for ajv; ajv runs only on a file that fails, for the messages.
 */
function fastCheckers() {
    if (!fast) {
        if (!FormatRegistry.Has("email")) FormatRegistry.Set("email", (value) => EMAIL.test(value));
        fast = { fleet: TypeCompiler.Compile(FleetSchema), site: TypeCompiler.Compile(SiteSchema) };
    }
    return fast;
}

function validators() {
    if (!compiled) {
        // strictNumbers: .inf, .nan and numbers too large for a double are not numbers a file means.
        const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, allowUnionTypes: true, strictNumbers: true });
        addFormats(ajv, ["email"]);
        compiled = { fleet: ajv.compile(FleetSchema), site: ajv.compile(SiteSchema) };
    }
    return compiled;
}

/** The user-facing name of a data path: `spec.` is dropped, list items are `name[2]`. */
export const fieldName = fieldOf;

function pathOf(instancePath: string): PathSegment[] {
    if (!instancePath) return [];
    return instancePath
        .slice(1)
        .split("/")
        .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
        .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

/** A value as the object of "got ...". */
function typeName(v: unknown): string {
    if (v === null) return "nothing (null)";
    if (Array.isArray(v)) return "a list";
    if (typeof v === "object") return "a map";
    if (typeof v === "string") return `the string ${show(v)}`;
    if (typeof v === "number" && !Number.isFinite(v)) return `${show(v)} (not a finite number)`;
    return `${typeof v} ${show(v)}`;
}

const article = (t: string) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`);

function typeWord(t: string): string {
    return t === "object" ? "a map" : t === "array" ? "a list" : t === "null" ? "nothing" : article(t);
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

/** What a schema accepts, in words, for "expected ..." (undefined when "a string" is all we can say). */
function accepts(schema: any): string | undefined {
    if (!schema || typeof schema !== "object") return undefined;
    if ("const" in schema) return show(schema.const);
    const lits = literals(schema);
    if (lits) return `one of ${lits.map(String).join(", ")}`;
    const key = discriminator(schema);
    if (key) return `a map with ${key}: ${schema.anyOf.map((b: any) => String(b.properties[key].const)).join(" | ")}`;
    if (schema.patternErrorMessage) return schema.patternErrorMessage;
    if (schema.type === "object") {
        const req: string[] = schema.required ?? [];
        return req.length ? `a map with ${req.join(", ")}` : "a map";
    }
    if (schema.type === "array") return "a list";
    if (schema.type === "integer" || schema.type === "number") return `${article(schema.type)}${range(schema) ? ` (${range(schema)})` : ""}`;
    if (schema.type === "boolean") return "true or false";
    return undefined;
}

/** One end of a number range: the inclusive bound if the schema sets one, else the exclusive one. */
function bound(inclusive: unknown, exclusive: unknown): { v: unknown; strict: boolean } | undefined {
    if (inclusive !== undefined) return { v: inclusive, strict: false };
    return exclusive !== undefined ? { v: exclusive, strict: true } : undefined;
}

/** The accepted range of a number schema, e.g. `1 to 500`, `more than 0 and at most 100000`. */
function range(schema: any): string | undefined {
    const lo = bound(schema.minimum, schema.exclusiveMinimum);
    const hi = bound(schema.maximum, schema.exclusiveMaximum);
    if (lo && hi && !lo.strict && !hi.strict) return `${lo.v} to ${hi.v}`;
    const parts: string[] = [];
    if (lo) parts.push(`${lo.strict ? "more than" : "at least"} ${lo.v}`);
    if (hi) parts.push(`${hi.strict ? "less than" : "at most"} ${hi.v}`);
    return parts.length ? parts.join(" and ") : undefined;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const suggestion = (guess: string | undefined) => (guess ? `did you mean ${show(guess)}? ` : "");

interface Raw {
    path: PathSegment[];
    which: "key" | "value";
    message: string;
    /** The field to name, when it is not the node at `path` (a missing field). */
    field?: PathSegment[];
}

/** The one message about a union (anyOf) that replaces the errors inside it. */
function unionMessages(u: ErrorObject, errors: ErrorObject[]): Raw[] {
    const path = pathOf(u.instancePath);
    const data = u.data as any;
    const lits = literals(u.parentSchema);
    if (lits) {
        const accepted = lits.map((l) => String(l));
        const guess = typeof data === "string" ? didYouMean(data, accepted) : undefined;
        return [{ path, which: "value", message: `${show(data)} is not accepted; ${suggestion(guess)}accepted: ${accepted.join(", ")}` }];
    }
    const key = discriminator(u.parentSchema);
    if (!key) return [{ path, which: "value", message: `${typeName(data)} does not have an accepted shape` }];
    const branches: any[] = (u.parentSchema as any).anyOf;
    const accepted = branches.map((b) => String(b.properties[key].const));
    if (!data || typeof data !== "object" || Array.isArray(data)) {
        return [{ path, which: "value", message: `expected a map with ${key}: ${accepted.join(" | ")}; got ${typeName(data)}` }];
    }
    const index = branches.findIndex((b) => b.properties[key].const === data[key]);
    if (index >= 0) {
        const prefix = `${u.schemaPath}/${index}/`;
        return translate(errors.filter((e) => e.schemaPath.startsWith(prefix)));
    }
    const value = data[key];
    return [
        value === undefined
            ? { path: [...path, key], which: "value", message: `missing required field ${show(key)}; accepted: ${accepted.join(", ")}` }
            : {
                  path: [...path, key],
                  which: "value",
                  message: `${show(value)} is not accepted; ${suggestion(typeof value === "string" ? didYouMean(value, accepted) : undefined)}accepted: ${accepted.join(", ")}`,
              },
    ];
}

function translate(errors: ErrorObject[]): Raw[] {
    const out: Raw[] = [];
    // Errors inside a union are replaced by one message about the union.
    const unions = errors.filter((e) => e.keyword === "anyOf");
    const inside = (e: ErrorObject) => unions.some((u) => u !== e && e.schemaPath.startsWith(u.schemaPath + "/"));
    for (const u of unions) {
        if (unions.some((o) => o !== u && u.schemaPath.startsWith(o.schemaPath + "/"))) continue;
        out.push(...unionMessages(u, errors));
    }
    for (const e of errors) {
        if (e.keyword === "anyOf" || inside(e)) continue;
        const path = pathOf(e.instancePath);
        const p = e.params as any;
        const parent = e.parentSchema as any;
        switch (e.keyword) {
            case "additionalProperties": {
                const known = Object.keys(parent?.properties ?? {});
                const extra = String(p.additionalProperty);
                const patterns = Object.keys(parent?.patternProperties ?? {});
                if (extra === "<<") {
                    out.push({ path: [...path, extra], which: "key", message: `merge keys (<<) are not supported; write the fields out` });
                } else if (known.length === 0 && patterns.length > 0) {
                    const help = patterns.map((pt) => KEY_PATTERN_HELP[pt] ?? `text matching ${pt}`).join(" or ");
                    out.push({ path: [...path, extra], which: "key", message: `key ${show(extra)} is not valid; expected ${help}` });
                } else {
                    out.push({
                        path: [...path, extra],
                        which: "key",
                        message: `unknown field ${show(extra)}; ${suggestion(didYouMean(extra, known))}accepted: ${known.join(", ")}`,
                    });
                }
                break;
            }
            case "required": {
                const missing = String(p.missingProperty);
                const help = accepts(parent?.properties?.[missing]);
                // Points at the map the field belongs in; the field is named in full.
                out.push({
                    path,
                    which: "value",
                    message: `missing required field ${show(missing)}${help ? `; expected ${help}` : ""}`,
                    field: [...path, missing],
                });
                break;
            }
            case "type": {
                const types: string[] = Array.isArray(p.type) ? p.type : String(p.type).split(",");
                const extra = types.includes("number") || types.includes("integer") ? range(parent) : undefined;
                out.push({
                    path,
                    which: "value",
                    message: `expected ${types.map(typeWord).join(" or ")}${extra ? ` (${extra})` : ""}, got ${typeName(e.data)}`,
                });
                break;
            }
            case "const":
                out.push({ path, which: "value", message: `${show(e.data)} is not accepted; expected ${show(p.allowedValue)}` });
                break;
            case "enum": {
                const accepted = (p.allowedValues as unknown[]).map(String);
                const guess = typeof e.data === "string" ? didYouMean(e.data, accepted) : undefined;
                out.push({ path, which: "value", message: `${show(e.data)} is not accepted; ${suggestion(guess)}accepted: ${accepted.join(", ")}` });
                break;
            }
            case "pattern":
                out.push({
                    path,
                    which: "value",
                    message: `${show(e.data)} is not valid; expected ${parent?.patternErrorMessage ?? `text matching ${p.pattern}`}`,
                });
                break;
            case "propertyNames":
                break; // reported by the nested pattern error on the key
            case "format":
                out.push({
                    path,
                    which: "value",
                    message:
                        p.format === "email"
                            ? `${show(e.data)} is not a valid email address; expected name@domain, e.g. ot-oncall@example.com`
                            : `${show(e.data)} is not a valid ${p.format}`,
                });
                break;
            case "minimum":
            case "maximum":
            case "exclusiveMinimum":
            case "exclusiveMaximum":
                out.push({ path, which: "value", message: `${show(e.data)} is out of range; accepted: ${range(parent) ?? `${p.comparison} ${p.limit}`}` });
                break;
            case "minLength":
                out.push({ path, which: "value", message: `${show(e.data)} is too short; at least ${plural(p.limit, "character")}` });
                break;
            case "maxLength":
                out.push({ path, which: "value", message: `${show(e.data)} is too long (${plural(String(e.data).length, "character")}); at most ${p.limit}` });
                break;
            case "minItems":
                out.push({ path, which: "value", message: `has ${plural((e.data as unknown[]).length, "item")}; at least ${p.limit} needed` });
                break;
            case "maxItems":
                out.push({ path, which: "value", message: `has ${plural((e.data as unknown[]).length, "item")}; at most ${p.limit} accepted` });
                break;
            case "minProperties":
                out.push({ path, which: "value", message: `has ${Object.keys(e.data as object).length} entries; at least ${p.limit} needed` });
                break;
            case "maxProperties":
                out.push({ path, which: "value", message: `has ${Object.keys(e.data as object).length} entries; at most ${p.limit} accepted` });
                break;
            case "uniqueItems": {
                const items = e.data as unknown[];
                out.push({ path, which: "value", message: `lists ${show(items[p.i])} twice (items ${p.j} and ${p.i}); list each value once` });
                break;
            }
            default:
                out.push({ path, which: "value", message: `${show(e.data)}: ${e.message ?? "is not valid"}` });
        }
    }
    return out;
}

export function checkSchema(kind: "Fleet" | "Site", parsed: ParsedYaml): Diagnostic[] {
    if ((kind === "Fleet" ? fastCheckers().fleet : fastCheckers().site).Check(parsed.data)) return [];
    const validate = kind === "Fleet" ? validators().fleet : validators().site;
    if (validate(parsed.data)) return [];
    const raws = translate(validate.errors ?? []);
    const seen = new Set<string>();
    const out: Diagnostic[] = [];
    for (const r of raws) {
        const at = parsed.position(r.path, r.which);
        const field = r.field ?? r.path;
        const d: Diagnostic = { level: "error", file: parsed.file, line: at.line, col: at.col, field: fieldName(field), message: r.message };
        const key = `${d.line}:${d.col}:${d.field}:${d.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(d);
    }
    return out;
}
