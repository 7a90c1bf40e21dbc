/** `fleet bootstrap SITE GATEWAY --out DIR`: what the gateway's Greengrass installer needs. */
import * as path from "node:path";
import type { Command } from "commander";
import { FleetError } from "../../src/model/diagnostics";
import { loadOrFail, usage, type Io } from "../context";

export function register(program: Command, io: Io): void {
    program
        .command("bootstrap <site> <gateway>")
        .description("write the Greengrass installer config, install script and README for one gateway, for its site's provisioning mode")
        .requiredOption("--out <dir>", "directory to write into (created if missing)")
        .option("--dir <dir>", "fleet directory", ".")
        .option("--data-endpoint <host>", "AWS IoT data endpoint (default: a placeholder to fill)")
        .option("--cred-endpoint <host>", "AWS IoT credentials endpoint (default: a placeholder to fill)")
        .option("--json", "print what was written as JSON")
        .action((siteName: string, gatewayName: string, opts: { out: string; dir: string; dataEndpoint?: string; credEndpoint?: string; json?: boolean }) => {
            const model = loadOrFail(opts, io);
            const { knownList } = require("../../src/model/diagnostics") as typeof import("../../src/model/diagnostics");
            const site = model.sites.find((s) => s.name === siteName);
            if (!site)
                throw new FleetError(
                    `unknown site ${JSON.stringify(siteName)}; ${knownList(
                        siteName,
                        model.sites.map((s) => s.name),
                        "sites",
                    )}`,
                    [],
                    1,
                );
            const gateway = site.gateways.find((g) => g.name === gatewayName);
            if (!gateway)
                throw new FleetError(
                    `site ${siteName} has no gateway ${JSON.stringify(gatewayName)}; ${knownList(
                        gatewayName,
                        site.gateways.map((g) => g.name),
                        "gateways",
                    )}`,
                    [],
                    1,
                );
            const { bootstrapFiles } = require("../../src/edge/bootstrap") as typeof import("../../src/edge/bootstrap");
            const { safeJoin, writeFileAtomic } = require("../../src/util/atomic-write") as typeof import("../../src/util/atomic-write");
            const out = path.resolve(opts.out);
            const files = bootstrapFiles(model, site, gateway, { dataEndpoint: opts.dataEndpoint, credentialEndpoint: opts.credEndpoint });
            const written: string[] = [];
            for (const f of files) {
                const target = safeJoin(out, f.path);
                if (!target) throw usage(`${f.path} would be written outside ${out}`);
                writeFileAtomic(target, f.content, f.mode);
                written.push(target);
            }
            if (opts.json)
                io.out(
                    JSON.stringify(
                        { site: site.name, gateway: gateway.name, thingName: gateway.thingName, mode: site.provisioning.mode, files: written },
                        null,
                        2,
                    ),
                );
            else
                io.out(
                    `wrote ${written.map((w) => path.relative(process.cwd(), w) || w).join(", ")} for ${gateway.thingName} (${site.provisioning.mode}); see README.txt`,
                );
        });
}
