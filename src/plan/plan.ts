/**
 * The offline plan: the region program run in-process under Pulumi's mock runtime, every
 * registered resource recorded with its type, name, URN, inputs and resource options. No
 * credentials, no Pulumi CLI, no network. Plans run one after another in one process.
 */
// First: keeps @pulumi/pulumi from loading the TypeScript compiler and npm's arborist, which a plan never uses.
import "./lazy-modules";
import * as pulumi from "@pulumi/pulumi";
import type { FleetModel } from "../model/types";
import { mockCall, mockState } from "./mocks";

export interface PlannedResource {
    urn: string;
    type: string;
    name: string;
    /** Inputs as the program passed them; secrets are replaced by SECRET unless kept. */
    inputs: Record<string, unknown>;
    region: string;
    /**
     * The stack that holds the resource in the stack layout (src/stacks/layout.ts): `<region>.<site>`
     * for a site's resources, the platform stack otherwise. A plan of one stack sets its own name.
     */
    stack?: string;
    /** The site the resource belongs to, when it is under a Site component. */
    site?: string;
    parent?: string;
    /** A custom (cloud) resource, as opposed to a component. */
    custom: boolean;
    protect: boolean;
    retainOnDelete: boolean;
    deleteBeforeReplace: boolean;
    aliases: string[];
    dependsOn: string[];
    /** Top-level input names that hold secrets. */
    secretInputs: string[];
    /** The explicit provider: `<provider URN>::<provider id>`, as the engine records the reference. */
    provider?: string;
}

export interface Plan {
    region: string;
    /** The stack planned (a region stack's name is its region). */
    stack?: string;
    resources: PlannedResource[];
    /** The program's `pulumi.log.warn` messages, in order (see collectWarnings); planRegion always sets it. */
    warnings?: string[];
}

/** What planRegion returns: a Plan with its warnings. */
export type RegionPlan = Plan & { warnings: string[] };

export interface PlanOptions {
    /** Plan only these sites (the regional platform is always planned). */
    sites?: string[];
    /**
     * Answer with ids and ARNs of AWS's shape (src/plan/mocks.ts), as the fidelity suite does;
     * the default keeps the former `<name>-id` answers the golden plans pin.
     */
    awsShapedMocks?: boolean;
    /** Keep secret values in inputs instead of masking them (tests of secret handling). */
    revealSecrets?: boolean;
    project?: string;
    /**
     * Keep the Pulumi runtime's stack traces (the CLI's --debug sets FLEET_DEBUG, which does the
     * same): see withoutDebuggingAids.
     */
    stackTraces?: boolean;
}

export const SECRET_MASK = "[secret]";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

let queue: Promise<unknown> = Promise.resolve();

/** Run the region program under mocks and return every resource it registers. */
export function planRegion(model: FleetModel, region: string, opts: PlanOptions = {}): Promise<RegionPlan> {
    const { buildRegion } = require("../program/build") as typeof import("../program/build");
    const { siteStackName } = require("../stacks/layout") as typeof import("../stacks/layout");
    return planProgram(
        {
            stack: region,
            region,
            build: () => buildRegion(model, region, { sites: opts.sites }),
            stackOf: (site) => (site ? siteStackName(region, site) : region),
        },
        opts,
    );
}

/** One program to plan: the stack name its URNs carry, its AWS region, what it registers, and the stack outputs its StackReferences read. */
export interface ProgramToPlan {
    stack: string;
    region: string;
    build: () => void;
    /** Outputs of other stacks, by the name a StackReference gives. */
    references?: Record<string, Record<string, unknown>>;
    /** The layout stack of a resource (by its site); default: `stack`. */
    stackOf?: (site: string | undefined) => string;
    /** What the plan and its resources carry as `region`; default: `region` (the global stack carries `global`). */
    label?: string;
}

/** The name of the stack that holds the state backend and the delivery pipeline. */
export const GLOBAL_STACK = "global";

/**
 * Plan the `global` stack (state backend, delivery pipeline) offline, with its settings from
 * `config` (the stack's `fleet:` configuration: homeRegion, repository, branch, deployRoleArns;
 * defaults as in src/program/global.ts). Resources carry `region: "global"`.
 */
export async function planGlobal(model: FleetModel, config: Record<string, unknown> = {}, opts: PlanOptions = {}): Promise<RegionPlan> {
    const g = require("../program/global") as typeof import("../program/global");
    const settings = g.globalSettings(model, {
        get: (key) => (typeof config[key] === "string" ? (config[key] as string) : undefined),
        getObject: <T>(key: string) => config[key] as T | undefined,
    });
    return planProgram(
        { stack: GLOBAL_STACK, region: settings.homeRegion, label: GLOBAL_STACK, build: () => void g.globalOutputs(g.buildGlobal(model, settings)) },
        opts,
    );
}

/** Run any program under the plan's mocks, one plan at a time in this process. */
export function planProgram(program: ProgramToPlan, opts: PlanOptions = {}): Promise<RegionPlan> {
    const run = queue.then(() => planOnce(program, opts));
    queue = run.catch(() => undefined);
    return run;
}

function unwrapSecrets(value: unknown, reveal: boolean, found: { secret: boolean }): unknown {
    if (Array.isArray(value)) return value.map((v) => unwrapSecrets(v, reveal, found));
    if (value && typeof value === "object") {
        const o = value as Record<string, unknown>;
        if (o[pulumi.runtime.specialSigKey] === SECRET_SIG) {
            found.secret = true;
            return reveal ? unwrapSecrets(o.value, reveal, found) : SECRET_MASK;
        }
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(o)) out[k] = unwrapSecrets(v, reveal, found);
        return out;
    }
    return value;
}

/** What the mock monitor was asked to register, as the plan records it. */
interface Registered {
    type: string;
    name: string;
    custom: boolean;
    /** The parent's mock URN ("" for none). */
    parent: string;
    /** Deserialized, secrets and unknowns kept. */
    inputs: Record<string, unknown>;
    protect: boolean;
    retainOnDelete: boolean;
    deleteBeforeReplace: boolean;
    aliases: string[];
    /** Mock URNs. */
    dependencies: string[];
    /** `<mock provider URN>::<id>`, "" for the default provider. */
    provider: string;
}

async function planOnce(program: ProgramToPlan, opts: PlanOptions): Promise<RegionPlan> {
    const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
    const registered: Registered[] = [];
    const { region, stack } = program;
    const mocks: pulumi.runtime.Mocks = {
        newResource: (args) =>
            args.type === "pulumi:pulumi:StackReference"
                ? stackReferenceState(args.inputs?.name, program.references)
                : mockState(args.type, args.name, args.inputs ?? {}, region, opts.awsShapedMocks === true),
        call: (args) => mockCall(args.token, args.inputs, region),
    };
    await pulumi.runtime.setMocks(mocks, opts.project ?? "fleet", stack, false);
    const monitor = (pulumi.runtime as any).getMonitor();
    const orig = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, cb: any) => {
        // Read what the plan shows now and let the request go: holding 500 protobuf requests to
        // the end made the garbage collector copy them again and again.
        registered.push({
            type: req.getType(),
            name: req.getName(),
            custom: req.getCustom(),
            parent: req.getParent(),
            inputs: deserialize(req),
            protect: req.getProtect?.() === true,
            retainOnDelete: req.getRetainondelete?.() === true,
            deleteBeforeReplace: req.getDeletebeforereplace?.() === true,
            aliases: (req.getAliasesList?.() ?? []).map((a: any) => (typeof a === "string" ? a : a.getUrn?.() || JSON.stringify(a.toObject?.() ?? a))),
            dependencies: (req.getDependenciesList?.() ?? []) as string[],
            provider: (req.getProvider?.() ?? "") as string,
        });
        return orig(req, cb);
    };
    const errors: unknown[] = [];
    const onRejection = (e: unknown) => errors.push(e);
    process.on("unhandledRejection", onRejection);
    const restoreStacks = opts.stackTraces === true || process.env.FLEET_DEBUG ? () => undefined : withoutDebuggingAids();
    const restoreDeserialize = shareDeserialization();
    const warnings: string[] = [];
    const restoreWarn = collectWarnings(warnings);
    try {
        program.build();
        await settings.waitForRPCs();
    } finally {
        restoreWarn();
        restoreDeserialize();
        restoreStacks();
        process.off("unhandledRejection", onRejection);
    }
    if (errors.length > 0) throw errors[0];
    const resources: PlannedResource[] = [];
    const project = opts.project ?? "fleet";
    // The mock monitor names a resource with only its direct parent's type; the engine uses the
    // parent's whole type chain. Map each mock URN to the engine's URN, parents first.
    const realUrn = new Map<string, string>();
    const siteOf = new Map<string, string | undefined>();
    for (const r of registered) {
        const parent = r.parent ? (realUrn.get(r.parent) ?? r.parent) : undefined;
        const urn = `urn:pulumi:${stack}::${project}::${parent ? `${typeChain(parent)}$` : ""}${r.type}::${r.name}`;
        realUrn.set(mockUrn(stack, project, r.parent, r.type, r.name), urn);
        const site = r.type === "fleet:site:Site" ? r.name : parent ? siteOf.get(parent) : undefined;
        siteOf.set(urn, site);
        const secretInputs: string[] = [];
        const inputs: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(r.inputs)) {
            const f = { secret: false };
            inputs[k] = unwrapSecrets(v, opts.revealSecrets === true, f);
            if (f.secret) secretInputs.push(k);
        }
        resources.push({
            urn,
            type: r.type,
            name: r.name,
            inputs,
            region: program.label ?? region,
            stack: program.stackOf ? program.stackOf(site) : stack,
            site,
            parent,
            custom: r.custom,
            protect: r.protect,
            retainOnDelete: r.retainOnDelete,
            deleteBeforeReplace: r.deleteBeforeReplace,
            aliases: r.aliases,
            dependsOn: r.dependencies.map((d) => realUrn.get(d) ?? d),
            ...(r.provider ? { provider: providerRef(r.provider, realUrn) } : {}),
            secretInputs,
        });
    }
    const label = program.label ?? region;
    return { region: label, ...(stack !== label ? { stack } : {}), resources, warnings };
}

/** What a StackReference reads under the plan's mocks: the outputs the plan was given for that stack, else none. */
function stackReferenceState(name: unknown, references: ProgramToPlan["references"]): { id: string; state: Record<string, unknown> } {
    const stackName = typeof name === "string" ? name : "";
    return { id: stackName, state: { name: stackName, outputs: references?.[stackName] ?? {}, secretOutputNames: [] } };
}

/** A provider reference `<urn>::<id>` with the mock URN replaced by the engine's. */
function providerRef(ref: string, realUrn: Map<string, string>): string {
    const i = ref.lastIndexOf("::");
    const urn = i > 0 ? ref.slice(0, i) : ref;
    return `${realUrn.get(urn) ?? urn}${i > 0 ? ref.slice(i) : ""}`;
}

/** How the Pulumi runtime prints a warning when no engine listens (the CLI prints plan warnings so). */
export const formatPlanWarning = (message: string): string => `warning: [runtime] ${message}`;

/**
 * Collect the program's warnings into `into` for the length of one plan, instead of letting the
 * mock runtime print them: with no engine, `pulumi.log.warn` writes `warning: [runtime] <message>`
 * to the console (a VPN site without its peer address, a site without its claim CSR), which
 * leaked into the output of every caller. The caller decides: `fleet plan` prints them on stderr
 * as before (formatPlanWarning), tests assert them. Returns the function that restores warn.
 */
function collectWarnings(into: string[]): () => void {
    const log = require("@pulumi/pulumi/log") as { warn: (message: string) => Promise<void> };
    return replace(log, "warn", (message: string) => {
        into.push(message);
        return Promise.resolve();
    });
}

/** Set `target[key]` to `value` (when it is there at all); returns the function that puts the original back. */
function replace<T extends object, K extends keyof T>(target: T, key: K, value: T[K]): () => void {
    const original = target[key];
    if (original === undefined) return () => undefined;
    target[key] = value;
    return () => {
        target[key] = original;
    };
}

/**
 * Stop the Pulumi runtime's debugging aids for the length of one offline plan; returns the
 * function that restores them.
 *
 * The runtime wraps every promise it makes (about 60 a resource) in `debuggablePromise`: it
 * captures `new Error().stack`, adds two more promises and a set entry, all to name leaked
 * promises at exit. For every resource it also formats the whole stack of the constructor (the
 * source position it sends to the engine, which a mock plan drops). Together that was about half
 * of a plan's CPU time, and the garbage it made most of the rest. A plan records no source
 * position and waits for every promise it starts, so the leak report has nothing to say; the
 * promises themselves are the same. An error thrown while planning keeps its message (the CLI's
 * --debug, FLEET_DEBUG, keeps all of this as it was).
 */
export function withoutDebuggingAids(): () => void {
    const debuggable = require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise: <T>(p: Promise<T>, ctx: unknown) => Promise<T> };
    const restore = [
        replace(Error, "stackTraceLimit", 0),
        replace(pulumi.Resource as unknown as { callsites: () => unknown[] }, "callsites", () => []),
        replace(debuggable, "debuggablePromise", (p) => p),
    ];
    return () => restore.forEach((r) => r());
}

/** The URN the mock monitor gives a resource (see MockMonitor.newUrn in @pulumi/pulumi). */
function mockUrn(stack: string, project: string, parent: string, type: string, name: string): string {
    const parentType = parent ? (parent.split("::")[2] ?? "").split("$").pop() : undefined;
    return `urn:pulumi:${stack}::${project}::${parentType ? `${parentType}$` : ""}${type}::${name}`;
}

/** Parent type chain of a URN: `a$b$c` from `urn:pulumi:stack::project::a$b$c::name`. */
function typeChain(urn: string): string {
    const parts = urn.split("::");
    return parts[2] ?? "";
}

type Deserialize = (o: unknown, keepUnknowns?: boolean) => Record<string, unknown>;
const rpc = require("@pulumi/pulumi/runtime/rpc") as { deserializeProperties: Deserialize };
const { deserializeProperties } = rpc;
const { containsUnknowns } = require("@pulumi/pulumi/output") as { containsUnknowns(v: unknown): boolean };

/** The last request's inputs as the plan read them, for the mock monitor's own read of the same request. */
let lastRead: { struct: unknown; inputs: Record<string, unknown> } | undefined;

function deserialize(req: any): Record<string, unknown> {
    const struct = req.getObject();
    if (!struct) return {};
    const inputs = deserializeProperties(struct, true);
    lastRead = { struct, inputs };
    return inputs;
}

/**
 * The mock monitor deserializes every request's inputs again right after the plan did (for
 * Mocks.newResource); hand it the plan's result instead when it is the same request and holds no
 * unknown value (where the two differ: the plan keeps unknowns, the monitor drops them). Nothing
 * mutates either. Returns the function that puts the original back.
 */
function shareDeserialization(): () => void {
    const original = rpc.deserializeProperties;
    const restore = replace(rpc, "deserializeProperties", (struct, keepUnknowns) => {
        const last = lastRead;
        lastRead = undefined;
        if (last && last.struct === struct && !keepUnknowns && !containsUnknowns(last.inputs)) return last.inputs;
        return original(struct, keepUnknowns);
    });
    return () => {
        restore();
        lastRead = undefined;
    };
}
