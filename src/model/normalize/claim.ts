/**
 * The claim CSR of a fleet-claim site (certs/<site>/claim.csr.pem, made by `fleet certs claim`):
 * read and checked here, so the provisioning component reads no file and `fleet validate` says
 * what `fleet plan` would (no claim certificate without it; a broken one fails the plan).
 */
import { csrProblem } from "../csr";
import { siteResourceNames as names } from "../names";
import type { ProvisioningMode } from "../types";
import type { SiteContext } from "./context";

/** The checked claim CSR's PEM; undefined when the site is not fleet-claim or the CSR is missing or unusable (reported). */
export function claimCsr(ctx: SiteContext, mode: ProvisioningMode): string | undefined {
    if (mode !== "fleet-claim") return undefined;
    const { fleet, siteName, rep, fileExists, readText } = ctx;
    const rel = names.claimCsrFile(siteName);
    const where = ctx.spec.provisioning ? ["spec", "provisioning"] : ["metadata", "name"];
    // Missing is no error (the site plans; gateways cannot enroll yet): `fleet validate` warns about it (cli/commands/validate.ts).
    if (!fileExists(rel)) return undefined;
    const read = readText(rel);
    if ("problem" in read) {
        rep.error(where, `${rel} ${read.problem}`);
        return undefined;
    }
    const problem = csrProblem(read.text, names.claimPolicy(fleet.name, siteName));
    if (problem) {
        rep.error(where, `${rel} is not a usable certificate signing request: ${problem}; make a new one with \`fleet certs claim ${siteName}\``);
        return undefined;
    }
    return read.text;
}
