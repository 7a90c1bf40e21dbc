/**
 * Where resources to check come from: an offline plan (src/plan), a `pulumi stack export` file
 * (deployment version 3), or the output of `pulumi preview --json`. Each becomes the list of
 * RuleResource the rules read. A malformed file is a FleetError naming the file, what is
 * wrong and what was expected; never a crash.
 */
import * as fs from "node:fs";
import type { RuleResource } from "../../policies/lib/types";
import { SECRET_MASK, UNKNOWN, UNKNOWN_SENTINELS, containsUnknown } from "../../policies/lib/values";
import { FleetError } from "../model/diagnostics";
import { jsonTooDeep, MAX_JSON_DEPTH } from "../util/json";
import type { Plan } from "../plan/plan";

/** Largest file `fleet check` reads (a stack of ~50,000 resources is far smaller). */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;
/** The signature key Pulumi marks secrets with in state. */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A plan's resources: inputs as the program passed them, options as recorded. */
export function fromPlan(plan: Plan): RuleResource[] {
    return plan.resources.map((r) => ({
        type: r.type,
        urn: r.urn,
        name: r.name,
        props: normalizeUnknowns(r.inputs) as Record<string, unknown>,
        protect: r.protect,
        retainOnDelete: r.retainOnDelete,
        secretProps: r.secretInputs,
        site: r.site,
    }));
}

/** Unknown values of the mock runtime (rare: plans run as updates) become the preview sentinel. */
function normalizeUnknowns(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(normalizeUnknowns);
    if (v && typeof v === "object") {
        if ((v as { constructor?: { name?: string } }).constructor?.name === "Unknown") return UNKNOWN;
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) out[k] = normalizeUnknowns(x);
        return out;
    }
    return v;
}

function fail(file: string, message: string): never {
    throw new FleetError(`${file}: ${message}`, [], 1);
}

/** Read a JSON input of `fleet check` (size and nesting bounded); a FleetError naming the file otherwise. */
export function readJsonInput(file: string, what: string): unknown {
    let size: number;
    try {
        size = fs.statSync(file).size;
    } catch (e) {
        fail(file, `cannot read the ${what}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`);
    }
    if (size > MAX_INPUT_BYTES) fail(file, `the ${what} is ${size} bytes; fleet check reads at most ${MAX_INPUT_BYTES} bytes`);
    const text = fs.readFileSync(file, "utf8");
    const deep = jsonTooDeep(text);
    if (deep)
        fail(file, `is nested deeper than ${MAX_JSON_DEPTH} levels (line ${deep.line}, column ${deep.col}); a ${what} is never that deep, so it is not read`);
    try {
        return JSON.parse(text.replace(/^\uFEFF/, ""));
    } catch (e) {
        fail(file, `is not JSON (${(e as Error).message}); expected the output of \`pulumi ${what === "stack export" ? "stack export" : "preview --json"}\``);
    }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * A deployed state has no unknown values: the preview-unknown marker in a stack export is a
 * planted string, not "unknown", and is judged as the literal text it is (marked so messages show it).
 */
function neutralizeUnknown(v: string): string {
    let out = v;
    for (const s of UNKNOWN_SENTINELS) out = out.split(s).join(`(preview-unknown marker ${s.slice(0, 8)} in deployed state)`);
    return out;
}

/** State values: secrets become the mask (or their plaintext when exported with --show-secrets). */
function unwrapState(v: unknown, secret: { found: boolean }, deployed = false): unknown {
    if (deployed && typeof v === "string" && containsUnknown(v)) return neutralizeUnknown(v);
    if (Array.isArray(v)) return v.map((x) => unwrapState(x, secret, deployed));
    if (isObj(v)) {
        if (v[SIG_KEY] === SECRET_SIG) {
            secret.found = true;
            if (typeof v.plaintext === "string") {
                try {
                    return unwrapState(JSON.parse(v.plaintext), { found: false }, deployed);
                } catch {
                    return v.plaintext;
                }
            }
            return SECRET_MASK;
        }
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) out[k] = unwrapState(x, secret, deployed);
        return out;
    }
    return v;
}

/** Convert ResourceV3 entries (state or preview) to RuleResources; site from the Site ancestor. */
function fromStates(file: string, states: { at: string; state: unknown }[], deployed = false): RuleResource[] {
    const out: RuleResource[] = [];
    const siteOfUrn = new Map<string, string | undefined>();
    const parents = new Map<string, string | undefined>();
    for (const { at, state } of states) {
        if (!isObj(state)) fail(file, `${at} is not an object; expected a resource with urn, type, inputs and outputs`);
        if (typeof state.urn !== "string" || !state.urn.startsWith("urn:pulumi:"))
            fail(file, `${at}.urn is ${JSON.stringify(state.urn ?? null)}; expected a Pulumi URN (urn:pulumi:<stack>::<project>::<type>::<name>)`);
        if (typeof state.type !== "string" || !state.type) fail(file, `${at}.type is missing; expected a Pulumi type token such as aws:s3/bucket:Bucket`);
        for (const key of ["inputs", "outputs"]) {
            if (state[key] !== undefined && state[key] !== null && !isObj(state[key])) fail(file, `${at}.${key} is not an object`);
        }
        parents.set(state.urn, typeof state.parent === "string" ? state.parent : undefined);
    }
    const site = (urn: string, depth = 0): string | undefined => {
        if (siteOfUrn.has(urn)) return siteOfUrn.get(urn);
        let s: string | undefined;
        if (/::fleet:site:Site::[^:]+$/.test(urn) || urn.split("::")[2]?.endsWith("fleet:site:Site")) s = urn.split("::").pop();
        else {
            const parent = parents.get(urn);
            s = parent && depth < 100 ? site(parent, depth + 1) : undefined;
        }
        siteOfUrn.set(urn, s);
        return s;
    };
    for (const { state } of states) {
        const st = state as Record<string, unknown>;
        const type = st.type as string;
        if (type.startsWith("pulumi:providers:")) continue;
        const urn = st.urn as string;
        const secretProps: string[] = [];
        const conv = (m: unknown) => {
            const o: Record<string, unknown> = {};
            for (const [k, v] of Object.entries(isObj(m) ? m : {})) {
                const f = { found: false };
                o[k] = unwrapState(v, f, deployed);
                if (f.found) secretProps.push(k);
            }
            return o;
        };
        const inputs = conv(st.inputs);
        const outputs = conv(st.outputs);
        for (const k of (Array.isArray(st.additionalSecretOutputs) ? st.additionalSecretOutputs : []) as string[])
            if (!secretProps.includes(k)) secretProps.push(k);
        out.push({
            type,
            urn,
            name: urn.split("::").pop() ?? urn,
            props: st.custom === false && type !== "pulumi:pulumi:Stack" ? inputs : { ...outputs, ...inputs },
            outputs,
            protect: st.protect === true,
            retainOnDelete: st.retainOnDelete === true,
            secretProps,
            site: site(urn),
            ...(deployed ? { deployed: true } : {}),
        });
    }
    return out;
}

/** Resources of a `pulumi stack export` file (deployment version 3). */
export function readStackExport(file: string): RuleResource[] {
    const doc = readJsonInput(file, "stack export");
    if (!isObj(doc)) fail(file, "is not a JSON object; expected the output of `pulumi stack export` ({ version: 3, deployment: { resources: [...] } })");
    if (doc.version !== 3)
        fail(file, `has version ${JSON.stringify(doc.version ?? null)}; fleet check reads deployment version 3 (\`pulumi stack export\` of Pulumi 3)`);
    if (!isObj(doc.deployment)) fail(file, "has no deployment object; expected { version: 3, deployment: { resources: [...] } }");
    const resources = doc.deployment.resources ?? [];
    if (!Array.isArray(resources)) fail(file, "deployment.resources is not a list");
    return fromStates(
        file,
        resources.map((state, i) => ({ at: `deployment.resources[${i}]`, state })),
        true,
    );
}

/** Resources `pulumi preview --json` would leave: the new state of every step that is not a delete. */
export function readPreviewJson(file: string): RuleResource[] {
    const doc = readJsonInput(file, "preview JSON");
    if (!isObj(doc)) fail(file, "is not a JSON object; expected the output of `pulumi preview --json` ({ steps: [...], changeSummary: {...} })");
    if (doc.steps === undefined && doc.changeSummary === undefined)
        fail(file, "has neither steps nor changeSummary; expected the output of `pulumi preview --json`");
    const steps = doc.steps ?? [];
    if (!Array.isArray(steps)) fail(file, "steps is not a list");
    const states: { at: string; state: unknown }[] = [];
    steps.forEach((step, i) => {
        if (!isObj(step)) fail(file, `steps[${i}] is not an object; expected { op, urn, newState }`);
        if (typeof step.op !== "string") fail(file, `steps[${i}].op is missing; expected create, update, same, replace, delete, ...`);
        if (/^(delete|delete-replaced|discard|discard-replaced|remove-pending-replace|read-discard)$/.test(step.op)) return;
        if (step.newState === undefined) return;
        states.push({ at: `steps[${i}].newState`, state: step.newState });
    });
    return fromStates(file, states);
}
