/** `fleet validate` says what plan and check would from the files alone: a missing claim CSR, the policy pack's model rules. */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { copyExampleFleet, fleet, rm } from "../cli/helpers";

describe("validate: design findings", function () {
    this.timeout(120_000);

    it("warns about a fleet-claim site without its claim CSR (and --strict fails), with the position", () => {
        const dir = copyExampleFleet("fleet-claim-");
        try {
            assert.equal(fleet(["validate", "--dir", dir, "--strict"]).code, 0);
            fs.rmSync(path.join(dir, "certs", "stuttgart-body", "claim.csr.pem"));
            const r = fleet(["validate", "--dir", dir, "-o", "json"]);
            assert.equal(r.code, 0, r.stderr);
            const json = JSON.parse(r.stdout) as { warnings: number; diagnostics: { file: string; line: number; col: number; message: string }[] };
            assert.deepEqual(
                json.diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.message}`),
                [
                    "sites/stuttgart-body.yaml:19:17: no claim CSR at certs/stuttgart-body/claim.csr.pem: the site plans without a claim certificate and its gateways cannot enroll; run `fleet certs claim stuttgart-body`",
                ],
            );
            assert.equal(fleet(["validate", "--dir", dir, "--strict"]).code, 1);
        } finally {
            rm(dir);
        }
    });

    it("reports a broken claim CSR as an error (plan would fail on it)", () => {
        const dir = copyExampleFleet("fleet-claim-bad-");
        try {
            fs.writeFileSync(path.join(dir, "certs", "stuttgart-body", "claim.csr.pem"), "not a CSR\n");
            const r = fleet(["validate", "--dir", dir]);
            assert.equal(r.code, 1);
            assert.match(
                r.stderr,
                /^sites\/stuttgart-body\.yaml:19:17: provisioning: certs\/stuttgart-body\/claim\.csr\.pem is not a usable certificate signing request: /m,
            );
        } finally {
            rm(dir);
        }
    });
});
