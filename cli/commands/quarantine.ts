/** `fleet quarantine release SITE GATEWAY --reason TEXT`: a gateway leaves Device Defender quarantine (docs/security-operations.md). */
import type { Command } from "commander";
import { loadOrFail, type GlobalOptions, type Io, withExamples } from "../context";

export function register(program: Command, io: Io): void {
    const quarantine = program.command("quarantine").description("gateways Device Defender quarantined (docs/security-operations.md)");
    withExamples(
        quarantine
            .command("release")
            .description("take a gateway out of its region's quarantine thing group, through the AWS SDK (credentials of the environment)")
            .argument("<site>", "the site of the gateway")
            .argument("<gateway>", "the gateway's name in the site file")
            .requiredOption("--reason <text>", "why it may leave quarantine (written to the audit line)")
            .option("--dir <dir>", "fleet directory", "."),
        ['fleet quarantine release cork-fill-finish gw-cork-01 --reason "firmware fixed the reconnect loop (INC-2291)"'],
    ).action(async (site: string, gateway: string, opts: GlobalOptions & { reason: string }) => {
        const model = loadOrFail(opts, io);
        const { releaseGateway } = require("../../src/deploy/quarantine") as typeof import("../../src/deploy/quarantine");
        const r = await releaseGateway(model, { site, gateway, reason: opts.reason });
        io.out(r.audit);
        io.err(r.released ? `${r.thingName} released from ${r.group} in ${r.region}` : `${r.thingName} is not in ${r.group} in ${r.region}; nothing changed`);
        for (const c of r.inactiveCertificates)
            io.err(`certificate ${c} is not active: the gateway must re-enrol for a new certificate (release does not reactivate it)`);
    });
}
