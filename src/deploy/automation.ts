/**
 * The real RegionRunner: the Pulumi Automation API on the region's stack in the fleet's
 * project directory, with the policy pack attached to preview and up. A stack it creates gets
 * the secrets provider FLEET_SECRETS_PROVIDER names (stackArgs).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { EngineEvent, LocalProgramArgs, LocalWorkspaceOptions, PulumiCommand } from "@pulumi/pulumi/automation";
import { FleetError } from "../model/diagnostics";
import type { Operation, RegionRunner } from "./orchestrate";

/** The tool's own root (holding Pulumi.yaml, policies/ and dist/). */
export const TOOL_ROOT = path.resolve(__dirname, "..", "..", "..");

/** The policy pack directory: an explicit one, else the tool's compiled or source pack. */
export function findPolicyPack(explicit?: string): string | undefined {
    const candidates = explicit ? [path.resolve(explicit)] : [path.join(TOOL_ROOT, "dist", "policies"), path.join(TOOL_ROOT, "policies")];
    return candidates.find((d) => fs.existsSync(path.join(d, "PulumiPolicy.yaml")));
}

export interface AutomationOptions {
    operation: Operation;
    /** Directory with Pulumi.yaml and the stack files. */
    projectDir: string;
    /** The fleet directory the program loads (FLEET_DIR). */
    fleetDir: string;
    policyPack?: string;
    /** Sites whose device identities the update stops retaining (`fleet:releaseSites`, added to what is there). */
    releaseSites?: string[];
    /** preview and up: show the property-level diff of each change (`pulumi preview --diff`). */
    diff?: boolean;
    /** Every engine event of a stack (`fleet preview -o json` collects the planned steps from them). */
    onEvent?: (stack: string, event: EngineEvent) => void;
    /** The Pulumi CLI to run (tests hand in a stand-in; default: the `pulumi` on PATH). */
    pulumiCommand?: PulumiCommand;
}

/** A planned step from an engine event: what `fleet preview -o json` lists per stack. */
export interface PlannedStep {
    op: string;
    urn: string;
    type: string;
    /** Changed properties (update, replace), when the engine names them. */
    diffs?: string[];
}

/** The step an engine event announces (resourcePreEvent), if it is one. */
export function stepOf(event: EngineEvent): PlannedStep | undefined {
    const m = event.resourcePreEvent?.metadata;
    if (!m) return undefined;
    return { op: m.op, urn: m.urn, type: m.type, ...(m.diffs && m.diffs.length > 0 ? { diffs: [...m.diffs] } : {}) };
}

/** The environment variable naming the secrets provider of stacks `fleet` creates. */
export const SECRETS_PROVIDER_ENV = "FLEET_SECRETS_PROVIDER";

/** Pulumi's secrets providers: `default` (Pulumi Cloud), `passphrase`, and the key-service URLs. */
const PROVIDER_WORDS = ["default", "passphrase"];
const PROVIDER_SCHEMES = ["awskms", "azurekeyvault", "gcpkms", "hashivault"];

/**
 * The secrets provider FLEET_SECRETS_PROVIDER names (trimmed), undefined when it is unset or
 * empty; throws a FleetError naming the accepted forms when it is not one Pulumi knows.
 */
export function secretsProviderFrom(env: Record<string, string | undefined> = process.env): string | undefined {
    const value = (env[SECRETS_PROVIDER_ENV] ?? "").trim();
    if (value === "") return undefined;
    const problem = secretsProviderProblem(value);
    if (problem) throw new FleetError(`${problem.what}: ${problem.fix}`, [], 1);
    return value;
}

/** What is wrong with `value` as FLEET_SECRETS_PROVIDER and how to fix it; undefined when Pulumi accepts it. */
export function secretsProviderProblem(value: string): { what: string; fix: string } | undefined {
    if (PROVIDER_WORDS.includes(value)) return undefined;
    const m = /^([a-z]+):\/\/(.*)$/.exec(value);
    const setting = `${SECRETS_PROVIDER_ENV}=${JSON.stringify(value)}`;
    if (m && PROVIDER_SCHEMES.includes(m[1])) {
        const key = m[2].split("?")[0].replace(/^\/+/, "");
        if (key !== "" && !/\s/.test(value)) return undefined;
        return {
            what: `${setting} names no key`,
            fix: "for AWS KMS use awskms://alias/<alias>?region=<region>, awskms://<key-id>?region=<region> or awskms:///<key-arn>",
        };
    }
    return {
        what: `${setting} is not a Pulumi secrets provider`,
        fix: `use ${PROVIDER_WORDS.join(" or ")}, or a key URL (${PROVIDER_SCHEMES.map((s) => `${s}://...`).join(", ")}), for example awskms://alias/fleet-pulumi?region=eu-central-1`,
    };
}

/**
 * What `LocalWorkspace.createOrSelectStack` gets for a region: the stack and work directory, the
 * fleet directory for the program, and the secrets provider from FLEET_SECRETS_PROVIDER when set.
 * Pulumi uses the secrets provider only when it creates the stack (`pulumi stack init
 * --secrets-provider`); an existing stack keeps its own.
 */
export function stackArgs(
    region: string,
    opts: Pick<AutomationOptions, "projectDir" | "fleetDir">,
    env: Record<string, string | undefined> = process.env,
): { args: LocalProgramArgs; workspace: LocalWorkspaceOptions } {
    const secretsProvider = secretsProviderFrom(env);
    return {
        args: { stackName: region, workDir: opts.projectDir },
        workspace: { envVars: { FLEET_DIR: opts.fleetDir }, ...(secretsProvider !== undefined ? { secretsProvider } : {}) },
    };
}

/**
 * Pulumi's Automation API, loaded on first use, after ../plan/lazy-modules: loading it pulls in all of
 * `@pulumi/pulumi`, whose TypeScript compiler and npm arborist (closure serialization, which a
 * local-program workspace never uses) took about 2.5 s of every `fleet up/preview/destroy`.
 */
function automationApi(): typeof import("@pulumi/pulumi/automation") {
    require("../plan/lazy-modules");
    return require("@pulumi/pulumi/automation") as typeof import("@pulumi/pulumi/automation");
}

export function automationRunner(opts: AutomationOptions): RegionRunner {
    return async (region, log) => {
        const auto = automationApi();
        const { args, workspace } = stackArgs(region, opts);
        const stack = await auto.LocalWorkspace.createOrSelectStack(args, {
            ...workspace,
            ...(opts.pulumiCommand ? { pulumiCommand: opts.pulumiCommand } : {}),
        });
        const onEvent = opts.onEvent ? (e: EngineEvent) => opts.onEvent!(region, e) : undefined;
        const common = { onOutput: log, color: "never" as const, ...(onEvent ? { onEvent } : {}) };
        const diff = opts.diff ? { diff: true } : {};
        if (opts.releaseSites && opts.releaseSites.length > 0 && opts.operation === "up") {
            const { releasedSites, RELEASE_SITES_KEY } = require("../program/retention") as typeof import("../program/retention");
            const key = `fleet:${RELEASE_SITES_KEY}`;
            const current = await stack.getAllConfig();
            const merged = [...new Set([...releasedSites({ get: () => current[key]?.value }), ...opts.releaseSites])].sort();
            await stack.setConfig(key, { value: JSON.stringify(merged) });
        }
        const policyPacks = opts.policyPack ? [opts.policyPack] : undefined;
        switch (opts.operation) {
            case "preview": {
                const r = await stack.preview({ ...common, ...diff, policyPacks });
                return { changes: r.changeSummary as Record<string, number> };
            }
            case "up": {
                const r = await stack.up({ ...common, ...diff, policyPacks });
                return { changes: r.summary.resourceChanges as Record<string, number> | undefined };
            }
            case "destroy": {
                const r = await stack.destroy(common);
                return { changes: r.summary.resourceChanges as Record<string, number> | undefined };
            }
        }
    };
}

type SelectOptions = Pick<AutomationOptions, "projectDir" | "fleetDir" | "pulumiCommand">;

/** How the Pulumi CLI says a stack does not exist. */
const MISSING_STACK = /no stack named|not found|does not exist/i;

/** Select an existing stack, never creating it; undefined when it does not exist. */
async function selectExisting(name: string, opts: SelectOptions): Promise<import("@pulumi/pulumi/automation").Stack | undefined> {
    const auto = automationApi();
    const { args, workspace } = stackArgs(name, opts);
    try {
        return await auto.LocalWorkspace.selectStack(args, { ...workspace, ...(opts.pulumiCommand ? { pulumiCommand: opts.pulumiCommand } : {}) });
    } catch (e) {
        if (MISSING_STACK.test(String((e as Error)?.message))) return undefined;
        throw e;
    }
}

/**
 * A stack's outputs (`stack.outputs()`, values unwrapped), or `missing` when the stack does not
 * exist: what `fleet up` reads of a platform stack before it changes the site stacks that depend
 * on it (src/deploy/artifact-check.ts).
 */
export function stackOutputsReader(opts: SelectOptions): (stack: string) => Promise<{ missing: true } | { outputs: Record<string, unknown> }> {
    return async (name) => {
        const stack = await selectExisting(name, opts);
        if (!stack) return { missing: true };
        const outputs = await stack.outputs();
        return { outputs: Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.value])) };
    };
}

/**
 * What `fleet destroy` shows before it asks: the resources of a stack's state (`pulumi stack
 * export`, secrets left encrypted: only types, URNs and resource options are read), or
 * `missing` when the stack does not exist (selecting it, never creating it).
 */
export function stackStateReader(
    opts: SelectOptions,
): (stack: string) => Promise<{ missing: true } | { resources: import("./destroy-preview").StateResource[] }> {
    return async (name) => {
        const { stateResources } = require("./destroy-preview") as typeof import("./destroy-preview");
        const stack = await selectExisting(name, opts);
        if (!stack) return { missing: true };
        const ws = stack.workspace as import("@pulumi/pulumi/automation").LocalWorkspace;
        const env: Record<string, string> = { ...(ws.pulumiHome ? { PULUMI_HOME: ws.pulumiHome } : {}), ...ws.envVars };
        // PulumiCommand.run is what LocalWorkspace itself runs commands with (not in the .d.ts of 3.248); the public
        // exportStack() would pass --show-secrets, which this preview has no need for.
        const cli = ws.pulumiCommand as unknown as { run(args: string[], cwd: string, env: Record<string, string>): Promise<{ stdout: string }> };
        const result = await cli.run(["stack", "export", "--stack", name], ws.workDir, env);
        return { resources: stateResources(JSON.parse(result.stdout)) };
    };
}
