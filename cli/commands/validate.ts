/** `fleet validate`: check fleet.yaml and every site file; all problems at once. */
import type { Command } from "commander";
import { FleetError, formatDiagnostic, sortDiagnostics, type Diagnostic } from "../../src/model/diagnostics";
import type { LoadResult } from "../../src/model/load";
import { DATA_FORMATS, fleetDir, loadFleetDir, outputFormat, printData, withExamples, withOutput, type Io, type OutputOptions } from "../context";

export function register(program: Command, io: Io): void {
    const cmd = program
        .command("validate")
        .description("check fleet.yaml and sites/*.yaml against the format and every semantic rule; exit 1 on errors")
        .option("--dir <dir>", "fleet directory", ".")
        .option("--strict", "fail on warnings too (exit 1)");
    withOutput(cmd, DATA_FORMATS, "text");
    withExamples(cmd, ["fleet validate", "fleet validate --strict --dir plants/", "fleet validate -o json | jq .diagnostics"]);
    cmd.action((opts: OutputOptions & { dir: string; strict?: boolean }) => {
        const format = outputFormat(opts, DATA_FORMATS, "text");
        const result = withDesignFindings(loadFleetDir(fleetDir(opts)), fleetDir(opts));
        const failed = result.errors > 0 || (opts.strict === true && result.warnings > 0);
        if (format !== "text") {
            printData(io, format, {
                valid: !failed,
                errors: result.errors,
                warnings: result.warnings,
                files: result.files,
                diagnostics: result.diagnostics,
                summary: result.model ? summarize(result.model) : undefined,
            });
        } else {
            for (const d of result.diagnostics) io.err(formatDiagnostic(d));
            if (result.model) {
                const s = summarize(result.model);
                io.out(
                    `fleet ${result.model.name}: ${count(s.regions, "region")}, ${count(s.sites, "site")}, ${count(s.gateways, "gateway")}, ${count(s.plcs, "PLC")}, ${count(s.equipment, "machine")}, ${count(s.sensors, "sensor")}` +
                        (result.warnings ? `; ${count(result.warnings, "warning")}` : "") +
                        (failed ? "" : "; valid"),
                );
            }
        }
        if (failed) {
            // Findings are the command's answer, not a failure of the program: no stack trace,
            // not even with --debug (which is for internal errors).
            const e = new FleetError(
                format !== "text"
                    ? ""
                    : result.errors > 0
                      ? `${count(result.errors, "error")}, ${count(result.warnings, "warning")}`
                      : `${count(result.warnings, "warning")} (--strict)`,
                result.diagnostics,
                1,
            );
            e.stack = "";
            throw e;
        }
    });
}

/**
 * What `plan` and `check` would say from the files alone, added to the loader's findings: the
 * policy pack's model rules (severity mandatory = error, advisory = warning; suppressed findings
 * are left out) and a fleet-claim site without its claim CSR (a warning: it plans, but its
 * gateways cannot enroll).
 */
function withDesignFindings(result: LoadResult, dir: string): LoadResult {
    if (!result.model) return result;
    const { evaluate } = require("../../src/check/engine") as typeof import("../../src/check/engine");
    const { RULES } = require("../../policies/registry") as typeof import("../../policies/registry");
    const { readYamlFile } = require("../../src/model/load") as typeof import("../../src/model/load");
    const { siteResourceNames } = require("../../src/model/names") as typeof import("../../src/model/names");
    const extra: Diagnostic[] = [];
    const sites = result.model.sites;
    const modelRules = RULES.filter((r) => r.model).map((r) => ({ ...r, resource: undefined, stack: undefined }));
    for (const f of evaluate({ resources: [], sites }, modelRules).findings) {
        if (f.suppressed || f.kind !== "violation") continue;
        const file = f.at?.file ?? sites.find((s) => s.name === f.site)?.file ?? "fleet.yaml";
        extra.push({
            level: f.severity === "mandatory" ? "error" : "warning",
            file,
            line: f.at?.line ?? 0,
            col: f.at?.col ?? 0,
            field: "",
            message: `policy ${f.rule}: ${f.message}`,
        });
    }
    for (const site of sites) {
        if (site.provisioning.mode !== "fleet-claim" || site.provisioning.claimCsrPem !== undefined) continue;
        const at = readYamlFile(dir, site.file).position(["spec", "provisioning"]);
        const rel = siteResourceNames.claimCsrFile(site.name);
        extra.push({
            level: "warning",
            file: site.file,
            line: at.line,
            col: at.col,
            field: "provisioning",
            message: `no claim CSR at ${rel}: the site plans without a claim certificate and its gateways cannot enroll; run \`fleet certs claim ${site.name}\``,
        });
    }
    extra.push(...nucleusPinFindings(result.model, dir));
    if (extra.length === 0) return result;
    const diagnostics = sortDiagnostics([...result.diagnostics, ...extra]);
    const errors = diagnostics.filter((d) => d.level === "error").length;
    return { ...result, diagnostics, errors, warnings: diagnostics.length - errors, model: errors > 0 ? undefined : result.model };
}

/**
 * install.sh installs the nucleus only if its SHA-256 matches: a fleet with gateways and no
 * defaults.greengrass.nucleusSha256 leaves every gateway install waiting for NUCLEUS_SHA256 (a
 * warning naming the command that computes it; `at-install` says that is intended).
 */
function nucleusPinFindings(model: import("../../src/model/types").FleetModel, dir: string): Diagnostic[] {
    if (model.defaults.nucleusSha256 !== undefined || !model.sites.some((s) => s.gateways.length > 0)) return [];
    const { readYamlFile } = require("../../src/model/load") as typeof import("../../src/model/load");
    const { nucleusHashCommand } = require("../../src/edge/bootstrap") as typeof import("../../src/edge/bootstrap");
    const at = readYamlFile(dir, "fleet.yaml").position(["spec", "defaults", "greengrass"]);
    const v = model.defaults.nucleusVersion;
    return [
        {
            level: "warning",
            file: "fleet.yaml",
            line: at.line,
            col: at.col,
            field: "defaults.greengrass.nucleusSha256",
            message: `no SHA-256 pinned for nucleus ${v}: the install.sh of fleet bootstrap refuses to install it until NUCLEUS_SHA256 is set on the gateway. Compute it once on a trusted workstation (\`${nucleusHashCommand(v)}\`) and set nucleusSha256 to it, or set nucleusSha256: at-install`,
        },
    ];
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

function summarize(model: import("../../src/model/types").FleetModel) {
    const sum = (f: (s: (typeof model.sites)[number]) => number) => model.sites.reduce((n, s) => n + f(s), 0);
    return {
        regions: model.regions.length,
        sites: model.sites.length,
        gateways: sum((s) => s.gateways.length),
        plcs: sum((s) => s.plcs.length),
        equipment: sum((s) => s.equipment.length),
        sensors: sum((s) => s.sensors.length),
    };
}
