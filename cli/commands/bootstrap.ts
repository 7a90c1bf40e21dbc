/** `fleet bootstrap SITE GATEWAY --out DIR`: what the gateway's Greengrass installer needs. */
import * as path from "node:path";
import type { Command } from "commander";
import { FleetError } from "../../src/model/diagnostics";
import { findNamed } from "../../src/model/lookup";
import { DATA_FORMATS, findSite, fleetCommand, loadOrFail, outputFormat, printData, usage, type Io, type OutputOptions, withOutput } from "../context";

interface BootstrapFlags {
    out: string;
    dir: string;
    dataEndpoint?: string;
    credEndpoint?: string;
    nucleusSha256?: string;
    pluginSha256?: string;
    force?: boolean;
}

export function register(program: Command, io: Io): void {
    const cmd = fleetCommand(
        program,
        "bootstrap <site> <gateway>",
        "write the Greengrass installer config, install script and README for one gateway, for its site's provisioning mode",
    )
        .requiredOption("--out <dir>", "directory to write into (created if missing)")
        .option("--data-endpoint <host>", "AWS IoT data endpoint (default: a placeholder to fill)")
        .option("--cred-endpoint <host>", "AWS IoT credentials endpoint (default: a placeholder to fill)")
        .option("--nucleus-sha256 <hex>", "SHA-256 of the nucleus archive install.sh downloads (sha256sum of it, fetched once from a trusted workstation)")
        .option("--plugin-sha256 <hex>", "SHA-256 of the fleet provisioning plugin jar (fleet-claim sites)")
        .option("--force", "replace files a previous run wrote in --out (otherwise an existing file stops the run before anything is written)");
    withOutput(cmd, DATA_FORMATS, "text");
    cmd.action((siteName: string, gatewayName: string, opts: OutputOptions & BootstrapFlags) => {
        const format = outputFormat(opts, DATA_FORMATS, "text");
        const { sha256Problem } = require("../../src/edge/bootstrap") as typeof import("../../src/edge/bootstrap");
        const problems = [
            opts.nucleusSha256 !== undefined ? sha256Problem("--nucleus-sha256", opts.nucleusSha256) : undefined,
            opts.pluginSha256 !== undefined ? sha256Problem("--plugin-sha256", opts.pluginSha256) : undefined,
        ].filter((p): p is string => p !== undefined);
        if (problems.length > 0) throw usage(problems.join("\n"));
        const model = loadOrFail(opts, io);
        const pinned = model.defaults.nucleusSha256;
        if (opts.nucleusSha256 !== undefined && pinned !== undefined && pinned !== "at-install" && pinned !== opts.nucleusSha256)
            throw usage(
                `--nucleus-sha256 ${opts.nucleusSha256} differs from fleet.yaml's defaults.greengrass.nucleusSha256 ${pinned}: one of them is not the archive's; recompute it (sha256sum of the archive) and keep the right one`,
            );
        const site = findSite(model, siteName);
        const gateway = findNamed(site.gateways, gatewayName, `site ${siteName} has no gateway`, "gateways", 1);
        const { bootstrapFiles } = require("../../src/edge/bootstrap") as typeof import("../../src/edge/bootstrap");
        const { safeJoin, writeFileAtomic } = require("../../src/util/atomic-write") as typeof import("../../src/util/atomic-write");
        const out = path.resolve(opts.out);
        const files = bootstrapFiles(model, site, gateway, {
            dataEndpoint: opts.dataEndpoint,
            credentialEndpoint: opts.credEndpoint,
            nucleusSha256: opts.nucleusSha256,
            pluginSha256: opts.pluginSha256,
        });
        const targets = files.map((f) => {
            const target = safeJoin(out, f.path);
            if (!target) throw usage(`${f.path} would be written outside ${out}`);
            return target;
        });
        const fs = require("node:fs") as typeof import("node:fs");
        const existing = targets.filter((t) => fs.existsSync(t));
        if (existing.length > 0 && !opts.force) {
            throw new FleetError(
                `${existing.map((t) => path.relative(process.cwd(), t) || t).join(", ")} already exist${existing.length === 1 ? "s" : ""}; nothing was written. Pass --force to replace ${existing.length === 1 ? "it" : "them"}, or choose another --out`,
                [],
                1,
            );
        }
        const written: string[] = [];
        for (const [i, f] of files.entries()) {
            writeFileAtomic(targets[i], f.content, f.mode);
            written.push(targets[i]);
        }
        if (opts.dataEndpoint === undefined || opts.credEndpoint === undefined)
            io.err(
                "note: config.yaml holds endpoint placeholders; install.sh refuses to run until they are filled (or pass --data-endpoint and --cred-endpoint)",
            );
        if (format !== "text")
            printData(io, format, { site: site.name, gateway: gateway.name, thingName: gateway.thingName, mode: site.provisioning.mode, files: written });
        else
            io.out(
                `wrote ${written.map((w) => path.relative(process.cwd(), w) || w).join(", ")} for ${gateway.thingName} (${site.provisioning.mode}); see README.txt`,
            );
    });
}
