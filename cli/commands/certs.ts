/**
 * `fleet certs csr SITE GATEWAY`: make a gateway's EC P-256 key and CSR the way the device would
 * (the key stays on this machine, mode 0600, never overwritten); `fleet certs claim SITE`: the
 * same for a site's fleet-provisioning claim key. Works on a fleet whose CSRs are still missing.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import { FleetError } from "../../src/model/diagnostics";
import { fleetDir, loadOrFail, outputFormat, printData, usage, withOutput, type GlobalOptions, type Io, type OutputOptions } from "../context";

interface Target {
    fleet: string;
    site: string;
    gateways: string[];
}

/** Fleet name and the site's gateway names, read straight from the files (no full validation). */
function readTarget(dir: string, site: string): Target {
    const { parse } = require("yaml") as typeof import("yaml");
    const fleetFile = path.join(dir, "fleet.yaml");
    if (!fs.existsSync(fleetFile)) throw new FleetError(`no fleet.yaml in ${dir}; pass --dir with the fleet directory`, [], 1);
    const fleet = (parse(fs.readFileSync(fleetFile, "utf8")) as { metadata?: { name?: unknown } } | null)?.metadata?.name;
    if (typeof fleet !== "string") throw new FleetError("fleet.yaml: metadata.name is missing; run `fleet validate`", [], 1);
    if (!/^[a-z][a-z0-9-]{1,30}$/.test(site)) throw usage(`site name ${JSON.stringify(site)} is not a site name ([a-z][a-z0-9-]{1,30})`);
    const siteFile = path.join(dir, "sites", `${site}.yaml`);
    if (!fs.existsSync(siteFile)) throw new FleetError(`no site file sites/${site}.yaml`, [], 1);
    const spec = (parse(fs.readFileSync(siteFile, "utf8")) as { spec?: { gateways?: { name?: unknown }[] } } | null)?.spec;
    const gateways = (spec?.gateways ?? []).map((g) => g?.name).filter((n): n is string => typeof n === "string");
    return { fleet, site, gateways };
}

function writePair(io: Io, dir: string, site: string, stem: string, commonName: string, organization: string, rotate = false): void {
    const { safeJoin, createFileAtomic, writeFileAtomic } = require("../../src/util/atomic-write") as typeof import("../../src/util/atomic-write");
    const { makeKeyAndCsr } = require("../../src/edge/csr") as typeof import("../../src/edge/csr");
    const keyFile = safeJoin(dir, "certs", site, `${stem}.key.pem`);
    const csrFile = safeJoin(dir, "certs", site, `${stem}.csr.pem`);
    if (!keyFile || !csrFile) throw usage(`${JSON.stringify(stem)} would write outside ${path.join(dir, "certs")}`);
    const rel = (f: string) => path.relative(process.cwd(), f) || f;
    // certs/ and certs/<site>/ are 0700 and git-ignore keys, whatever the umask and the repository's .gitignore.
    const { ensureCertsGitignore, ensurePrivateDir } = require("../../src/util/private-files") as typeof import("../../src/util/private-files");
    ensurePrivateDir(path.resolve(dir), path.dirname(keyFile));
    ensureCertsGitignore(path.join(path.resolve(dir), "certs"));
    if (rotate) {
        // Rotation: the old key is kept beside the new one until the device runs on the new certificate.
        if (!fs.existsSync(csrFile)) throw new FleetError(`--rotate: there is no ${rel(csrFile)} to rotate; run without --rotate`, [], 1);
        if (fs.existsSync(keyFile)) {
            const previous = `${keyFile}.previous`;
            if (fs.existsSync(previous))
                throw new FleetError(
                    `--rotate: ${rel(previous)} is still there from an earlier rotation; remove it once the gateway runs on its current certificate`,
                    [],
                    1,
                );
            fs.renameSync(keyFile, previous);
            fs.chmodSync(previous, 0o600);
            io.out(`moved the old key to ${rel(previous)}`);
        }
    } else if (fs.existsSync(csrFile) && !fs.existsSync(keyFile)) {
        throw new FleetError(`${rel(csrFile)} already exists; replacing it rotates the certificate of ${commonName}: pass --rotate if you mean that`, [], 1);
    }
    if (fs.existsSync(keyFile)) {
        throw new FleetError(
            `${rel(keyFile)} already exists; refusing to replace a private key. Pass --rotate to make a new key and CSR (the old key is kept as ${path.basename(keyFile)}.previous)`,
            [],
            1,
        );
    }
    const { keyPem, csrPem } = makeKeyAndCsr(commonName, organization);
    if (!createFileAtomic(keyFile, keyPem, 0o600)) throw new FleetError(`${rel(keyFile)} appeared while the key was made; refusing to replace it`, [], 1);
    fs.chmodSync(keyFile, 0o600);
    writeFileAtomic(csrFile, csrPem, 0o644);
    io.out(`wrote ${rel(csrFile)} (CN=${commonName}) and its key ${rel(keyFile)} (mode 0600, git-ignored: keep it on the device)`);
}

export function register(program: Command, io: Io): void {
    const certs = program.command("certs").description("device keys and certificate signing requests");
    certs
        .command("csr <site> <gateway>")
        .description("make a gateway's EC P-256 key and CSR (certs/<site>/<gateway>.csr.pem, key beside it); the CSR's CN is the thing name")
        .option("--dir <dir>", "fleet directory", ".")
        .option("--rotate", "replace an existing CSR with a new key and CSR (certificate rotation; the old key is kept as <gateway>.key.pem.previous)")
        .action((site: string, gateway: string, opts: { dir: string; rotate?: boolean }) => {
            const dir = fleetDir(opts);
            const t = readTarget(dir, site);
            if (!t.gateways.includes(gateway)) {
                const { knownList } = require("../../src/model/diagnostics") as typeof import("../../src/model/diagnostics");
                throw new FleetError(`sites/${site}.yaml has no gateway ${JSON.stringify(gateway)}; ${knownList(gateway, t.gateways, "gateways")}`, [], 1);
            }
            const { names, nameProblem } = require("../../src/naming") as typeof import("../../src/naming");
            const thing = names.thing(t.fleet, site, gateway);
            const problem = nameProblem("thing", thing);
            if (problem) throw new FleetError(`${problem}; shorten the gateway name`, [], 1);
            writePair(io, dir, site, gateway, thing, t.fleet, opts.rotate === true);
        });
    certs
        .command("claim <site>")
        .description("make a site's fleet-provisioning claim key and CSR (certs/<site>/claim.csr.pem); the stack signs the CSR")
        .option("--dir <dir>", "fleet directory", ".")
        .option(
            "--rotate",
            "replace the claim CSR with a new key and CSR (claim certificate rotation, docs/operations.md; the old key is kept as claim.key.pem.previous)",
        )
        .action((site: string, opts: { dir: string; rotate?: boolean }) => {
            const dir = fleetDir(opts);
            const t = readTarget(dir, site);
            const { names } = require("../../src/naming") as typeof import("../../src/naming");
            writePair(io, dir, site, "claim", names.claimPolicy(t.fleet, site), t.fleet, opts.rotate === true);
        });
    const seed = certs.command("seed-enrolled");
    withOutput(seed, ["text", "json", "yaml"], "text");
    seed.description(
        "record the gateways of fleet-claim sites that already enrolled in the region's table of enrolled serials (once, after the upgrade to the region's pre-provisioning hook; AWS SDK, credentials of the environment)",
    )
        .option("--dir <dir>", "fleet directory", ".")
        .option("--region <region>", "only the sites of this region")
        .option("--site <site...>", "only these fleet-claim sites")
        .option("--dry-run", "list what would be recorded; write nothing")
        .action(async (opts: GlobalOptions & OutputOptions & { region?: string; site?: string[]; dryRun?: boolean }) => {
            const format = outputFormat(opts, ["text", "json", "yaml"] as const, "text");
            const model = loadOrFail(opts, io);
            const { seedEnrolled, enrolledTableName } = require("../../src/deploy/seed-enrolled") as typeof import("../../src/deploy/seed-enrolled");
            const entries = await seedEnrolled(model, { region: opts.region, sites: opts.site, dryRun: opts.dryRun }).catch((e: Error) => {
                if (e instanceof FleetError) throw e;
                // an SDK error (credentials, permissions, a missing table): what was recorded stays; a rerun continues
                throw new FleetError(`AWS call failed: ${e.name}: ${e.message}; fix it and run again (serials already recorded are kept)`, [], 1);
            });
            if (format !== "text") printData(io, format, { table: enrolledTableName(model.name), entries });
            else
                for (const e of entries)
                    io.out(
                        `${e.region} ${e.site} ${e.thingName} ${e.serial ? `serial ${e.serial}` : "no serial attribute and none in the site file"}: ${e.outcome}`,
                    );
            const count = (o: string) => entries.filter((e) => e.outcome === o).length;
            io.err(
                `${enrolledTableName(model.name)}: ${count("recorded")} recorded, ${count("already-recorded")} already recorded, ${count("would-record")} to record (dry run), ${count("no-serial")} without serial`,
            );
            if (count("no-serial") > 0)
                throw new FleetError(
                    "a thing without serial can enrol again: set its serial attribute (aws iot update-thing --attribute-payload) and run this again",
                    [],
                    1,
                );
        });
}
