/** `fleet check` output: text for people, JSON for scripts, SARIF 2.1.0 for code-scanning tools. */
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

/** SARIF `security-severity`: the rule's own score (its defineRule metadata, RuleMeta.securitySeverity), one decimal. */
export function securitySeverity(p: { securitySeverity: number }): string {
    return p.securitySeverity.toFixed(1);
}

/**
 * The https address of a repository's file from its git remote (`git@host:o/r.git`,
 * `https://user@host/o/r.git`, `ssh://git@host/o/r`), at a commit; undefined for other remotes.
 */
export function webUrlOf(remote: string, commit: string, file: string): string | undefined {
    const r = remote.trim();
    const m =
        /^(?:ssh:\/\/)?[\w.-]+@([\w.-]+)(?::\d+)?[:/](.+?)(?:\.git)?\/?$/.exec(r) ?? /^https?:\/\/(?:[^@/]+@)?([\w.-]+(?::\d+)?)\/(.+?)(?:\.git)?\/?$/.exec(r);
    if (!m || m[2].includes("..")) return undefined;
    const blob = /gitlab/i.test(m[1]) ? "-/blob" : "blob";
    return `https://${m[1]}/${m[2]}/${blob}/${commit}/${file}`;
}

/** Anchor of a rule's section in docs/policies.md. */
export function ruleAnchor(name: string): string {
    return name;
}

/** Where the findings' files are: repository-relative paths need the fleet directory's place in it. */
export interface SarifLocator {
    /** The fleet directory relative to the repository root, `` or `plants/` (with the slash). */
    prefix: string;
    /** The line of a file that introduced a resource's site or region, when it has one. */
    lineOf?: (file: string, name: string) => number;
}

function fingerprint(...parts: string[]): string {
    const { createHash } = require("node:crypto") as typeof import("node:crypto");
    return createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 32);
}

/** The region of a resource, the stack part of its URN (`urn:pulumi:<stack>::...`). */
function stackOf(urn: string | undefined): string | undefined {
    return urn?.split("::")[0]?.split(":")[2];
}

/**
 * SARIF 2.1.0 for code scanning: one run, the rules as reportingDescriptors with https help
 * links and security-severity, one result per finding with a line in the file that introduced it
 * (repository-relative), partialFingerprints from the URN or the site target, suppressed findings
 * as `suppressions` with their justification.
 */
export function formatSarif(result: CheckResult, opts: { version: string; sites: readonly SiteModel[]; docsUrl?: string; locator?: SarifLocator }): string {
    if (opts.docsUrl !== undefined && !/^https:\/\//.test(opts.docsUrl))
        throw new Error(`SARIF help links must be https addresses, not ${JSON.stringify(opts.docsUrl)}`);
    const ruleIndex = new Map(CATALOGUE.map((p, i) => [p.name, i]));
    const siteFile = new Map(opts.sites.map((s) => [s.name, s.file]));
    const docs = opts.docsUrl;
    const prefix = opts.locator?.prefix ?? "";
    const loc = (file: string, line: number, col?: number) => ({
        artifactLocation: { uri: `${prefix}${file}`, uriBaseId: "SRCROOT" },
        region: { startLine: Math.max(1, line), ...(col ? { startColumn: col } : {}) },
    });
    const sarif = {
        $schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [
            {
                tool: {
                    driver: {
                        name: "fleet-check",
                        version: opts.version,
                        ...(docs ? { informationUri: docs } : {}),
                        rules: CATALOGUE.map((p) => ({
                            id: p.name,
                            name: p.name.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase()),
                            shortDescription: { text: p.description },
                            fullDescription: { text: `${p.description} Mirrors: ${p.mirrors}.` },
                            ...(docs ? { helpUri: `${docs}#${ruleAnchor(p.name)}` } : {}),
                            help: { text: `${p.description} Mirrors: ${p.mirrors}.` },
                            defaultConfiguration: { level: p.severity === "mandatory" ? "error" : "warning" },
                            properties: {
                                severity: p.severity,
                                scope: p.scope,
                                mirrors: p.mirrors,
                                tags: ["security", p.name.split("-")[0]],
                                "security-severity": securitySeverity(p),
                            },
                        })),
                    },
                },
                originalUriBaseIds: { SRCROOT: { description: { text: "The root of the repository that holds the fleet files" } } },
                results: result.findings.map((f) => {
                    const region = stackOf(f.urn);
                    const file = f.at?.file ?? (f.site ? siteFile.get(f.site) : undefined) ?? "fleet.yaml";
                    const line = f.at?.line ?? opts.locator?.lineOf?.(file, f.site ?? region ?? "") ?? 1;
                    const physicalLocation = loc(file, line, f.at?.col);
                    const logical = f.urn
                        ? [{ name: f.name ?? f.urn, fullyQualifiedName: f.urn, kind: "resource" }]
                        : f.target
                          ? [{ name: f.target, fullyQualifiedName: `${f.site}/${f.target}`, kind: "module" }]
                          : undefined;
                    // Stable across runs and line moves: the rule and what it is about.
                    const subject = f.urn ?? `${f.site ?? ""}/${f.target ?? file}`;
                    return {
                        ruleId: f.rule,
                        ruleIndex: ruleIndex.get(f.rule) ?? -1,
                        level: f.kind === "unknown" ? "note" : f.severity === "mandatory" ? "error" : "warning",
                        kind: f.kind === "unknown" ? "review" : "fail",
                        message: { text: f.message },
                        locations: [{ physicalLocation, ...(logical ? { logicalLocations: logical } : {}) }],
                        // The message is part of it: one rule can find two things on one subject (a bucket without logging and without versioning), two alerts.
                        partialFingerprints: { "fleetSubject/v1": fingerprint(f.rule, f.kind, subject, f.message) },
                        ...(f.suppressed
                            ? {
                                  suppressions: [
                                      {
                                          kind: "inSource",
                                          status: "accepted",
                                          justification: f.suppressed.reason,
                                          location: { physicalLocation: loc(f.suppressed.at.file, f.suppressed.at.line, f.suppressed.at.col) },
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
