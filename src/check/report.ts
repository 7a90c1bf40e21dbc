/** `fleet check` output: text for people, JSON for scripts, SARIF 2.1.0 for code-scanning tools. */
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { CATALOGUE } from "../../policies/catalogue";
import type { SiteModel } from "../model/types";
import type { CheckFinding, CheckResult } from "./engine";

export const DOCS_PATH = "docs/policies.md";

function where(f: CheckFinding): string {
    if (f.at) return `${f.at.file}:${f.at.line}:${f.at.col}`;
    return f.urn ?? f.site ?? "";
}

/** One line per finding, then a summary. */
export function formatText(result: CheckResult): string {
    const lines: string[] = [];
    for (const f of result.findings) {
        const label = f.suppressed ? "suppressed" : f.kind === "unknown" ? "unknown" : f.severity;
        const subject = f.urn && f.at ? ` [${f.name ?? f.urn}]` : "";
        lines.push(`${label.padEnd(10)} ${f.rule}: ${where(f)}${subject}: ${f.message}${f.suppressed ? ` (suppressed: ${f.suppressed.reason})` : ""}`);
    }
    const count = (p: (f: CheckFinding) => boolean) => result.findings.filter(p).length;
    const mandatory = count((f) => f.kind === "violation" && f.severity === "mandatory" && !f.suppressed);
    const advisory = count((f) => f.kind === "violation" && f.severity === "advisory" && !f.suppressed);
    const unknown = count((f) => f.kind === "unknown" && !f.suppressed);
    const suppressed = count((f) => !!f.suppressed);
    lines.push(
        `${result.resources} resource${result.resources === 1 ? "" : "s"}, ${result.sites} site${result.sites === 1 ? "" : "s"} checked against ${CATALOGUE.length} rules: ` +
            `${mandatory} mandatory, ${advisory} advisory, ${unknown} not checkable before deployment, ${suppressed} suppressed`,
    );
    return lines.join("\n");
}

export function formatJson(result: CheckResult): string {
    return JSON.stringify(result, null, 2);
}

/**
 * Where docs/policies.md lives, as the absolute URI SARIF requires for helpUri: the
 * FLEET_DOCS_URL environment variable (e.g. the file on the repository's web host), else the
 * file shipped with the tool.
 */
export function defaultDocsUrl(): string {
    if (process.env.FLEET_DOCS_URL) return process.env.FLEET_DOCS_URL;
    return pathToFileURL(path.resolve(__dirname, "../../..", DOCS_PATH)).href;
}

/** Anchor of a rule's section in docs/policies.md. */
export function ruleAnchor(name: string): string {
    return name;
}

/**
 * SARIF 2.1.0: one run, the rules as reportingDescriptors, one result per finding. A finding
 * from the site files points at its line; a resource finding names its URN as a logical
 * location and points at the file that produced it (the site file, or fleet.yaml).
 */
export function formatSarif(result: CheckResult, opts: { version: string; sites: readonly SiteModel[]; docsUrl?: string }): string {
    const ruleIndex = new Map(CATALOGUE.map((p, i) => [p.name, i]));
    const siteFile = new Map(opts.sites.map((s) => [s.name, s.file]));
    const docs = opts.docsUrl ?? defaultDocsUrl();
    const sarif = {
        $schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [
            {
                tool: {
                    driver: {
                        name: "fleet-check",
                        version: opts.version,
                        informationUri: `${docs}`,
                        rules: CATALOGUE.map((p) => ({
                            id: p.name,
                            name: p.name.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase()),
                            shortDescription: { text: p.description },
                            fullDescription: { text: `${p.description} Mirrors: ${p.mirrors}.` },
                            helpUri: `${docs}#${ruleAnchor(p.name)}`,
                            help: { text: `${p.description} Mirrors: ${p.mirrors}.` },
                            defaultConfiguration: { level: p.severity === "mandatory" ? "error" : "warning" },
                            properties: { severity: p.severity, scope: p.scope, mirrors: p.mirrors, tags: ["security", p.name.split("-")[0]] },
                        })),
                    },
                },
                originalUriBaseIds: { FLEETROOT: { description: { text: "The fleet directory (fleet.yaml, sites/)" } } },
                results: result.findings.map((f) => {
                    const file = f.at?.file ?? (f.site ? siteFile.get(f.site) : undefined) ?? "fleet.yaml";
                    const physicalLocation = {
                        artifactLocation: { uri: file, uriBaseId: "FLEETROOT" },
                        ...(f.at ? { region: { startLine: f.at.line, startColumn: f.at.col } } : {}),
                    };
                    const logical = f.urn
                        ? [{ name: f.name ?? f.urn, fullyQualifiedName: f.urn, kind: "resource" }]
                        : f.target
                          ? [{ name: f.target, fullyQualifiedName: `${f.site}/${f.target}`, kind: "module" }]
                          : undefined;
                    return {
                        ruleId: f.rule,
                        ruleIndex: ruleIndex.get(f.rule) ?? -1,
                        level: f.kind === "unknown" ? "note" : f.severity === "mandatory" ? "error" : "warning",
                        kind: f.kind === "unknown" ? "review" : "fail",
                        message: { text: f.message },
                        locations: [{ physicalLocation, ...(logical ? { logicalLocations: logical } : {}) }],
                        ...(f.suppressed
                            ? {
                                  suppressions: [
                                      {
                                          kind: "inSource",
                                          status: "accepted",
                                          justification: f.suppressed.reason,
                                          location: {
                                              physicalLocation: {
                                                  artifactLocation: { uri: f.suppressed.at.file, uriBaseId: "FLEETROOT" },
                                                  region: { startLine: f.suppressed.at.line, startColumn: f.suppressed.at.col },
                                              },
                                          },
                                      },
                                  ],
                              }
                            : {}),
                        properties: {
                            severity: f.severity,
                            ...(f.site ? { site: f.site } : {}),
                            ...(f.target ? { target: f.target } : {}),
                            ...(f.type ? { resourceType: f.type } : {}),
                        },
                    };
                }),
            },
        ],
    };
    return JSON.stringify(sarif, null, 2);
}
