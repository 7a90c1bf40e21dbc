/** `fleet quotas`: every AWS quota the fleet consumes, per account and region, against its default or fleet.yaml value. */
import type { Command } from "commander";
import { FleetError } from "../../src/model/diagnostics";
import { DATA_FORMATS, loadOrFail, outputFormat, printData, progress, type Io, type OutputOptions, withExamples, withOutput } from "../context";

interface QuotasOptions extends OutputOptions {
    dir: string;
    all?: boolean;
    region?: string;
}

export function register(program: Command, io: Io): void {
    const cmd = program
        .command("quotas")
        .description("list the AWS quotas the fleet consumes per account and region: code, default, configured value, needed (from the offline plan)");
    withOutput(cmd, DATA_FORMATS, "text");
    withExamples(
        cmd
            .option("--all", "also list quotas the fleet does not use (needed 0)")
            .option("--region <region>", "plan only this region (account-wide quotas then count this region only)")
            .option("--dir <dir>", "fleet directory", ".")
            .addHelpText("after", "\nExit code 1 when a need is above a hard limit (AWS does not raise it); above a configured value is a warning.\n"),
        [
            "fleet quotas",
            "fleet quotas -o json | jq '.quotas[] | select(.status != \"ok\")'   # { quotas: [ { key, name, service, code, account, region, default, limit, needed, adjustable, status, source } ] }",
            "fleet quotas --region eu-central-1 --all",
        ],
    ).action(async (opts: QuotasOptions) => {
        const format = outputFormat(opts, DATA_FORMATS, "text");
        const model = loadOrFail(opts, io);
        const { resolveScope } = require("../../src/planview/scope") as typeof import("../../src/planview/scope");
        const { planRegion } = require("../../src/plan/plan") as typeof import("../../src/plan/plan");
        const { fleetQuotaNeeds } = require("../../src/stacks/quota-scopes") as typeof import("../../src/stacks/quota-scopes");
        const { formatQuotaTable } = require("../../src/quotas/needs") as typeof import("../../src/quotas/needs");
        const scopes = resolveScope(model, { region: opts.region });
        const resources = [];
        for (const [i, scope] of scopes.entries()) {
            progress(io, `planning ${scope.region} (${i + 1}/${scopes.length})`);
            const plan = await planRegion(model, scope.region, { sites: scope.sites });
            // Keep only what the counts read: a big fleet's inputs would stay in memory otherwise.
            for (const r of plan.resources)
                if (r.custom) resources.push({ type: r.type, name: r.name, region: r.region, site: r.site, inputs: slim(r.inputs) });
        }
        const needs = fleetQuotaNeeds(model, resources).filter((n) => opts.region === undefined || n.region === opts.region || n.region === "*");
        if (format !== "text") printData(io, format, { quotas: opts.all ? needs : needs.filter((n) => n.needed > 0) });
        else io.out(formatQuotaTable(needs, opts.all));
        const hard = needs.filter((n) => n.status === "above-hard-limit");
        const soft = needs.filter((n) => n.status === "above-configured");
        for (const n of soft) {
            io.err(
                `warning: ${n.name} (${n.code}) in ${n.account}/${n.region}: needs ${n.needed}, the account has ${n.limit}; request an increase (Service Quotas) and set quotas.${n.key} in fleet.yaml`,
            );
        }
        if (hard.length > 0) {
            throw new FleetError(
                hard
                    .map(
                        (n) =>
                            `${n.name} (${n.code}) in ${n.account}/${n.region}: needs ${n.needed}, AWS allows ${n.limit} and does not raise it; split the sites over more regions or accounts`,
                    )
                    .join("\n"),
                [],
                1,
            );
        }
    });
}

/** The inputs the counts read (VPC id, endpoint type, transit gateway, Greengrass recipe). */
function slim(inputs: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const k of ["vpcId", "vpcEndpointType", "transitGatewayId", "inlineRecipe"]) if (inputs[k] !== undefined) out[k] = inputs[k];
    return out;
}
