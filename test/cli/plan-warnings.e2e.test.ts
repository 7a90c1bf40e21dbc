/**
 * Plan warnings (`pulumi.log.warn` in components: a VPN site without its peer address, a site
 * without its claim CSR) are collected into the plan instead of being printed by the mock
 * runtime: planRegion returns them, nothing reaches the console while planning, and `fleet plan`
 * (and `fleet check`, `fleet diff`, which plan too) print each on stderr with the runtime's text.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { loadFleet } from "../../src/model/load";
import { formatPlanWarning, planRegion } from "../../src/plan/plan";
import { copyExampleFleet, editOnce, fleet, git, rm } from "./helpers";
import { exampleFleet } from "../helpers/fleets";

const VPN_WARNING =
    "sites/stuttgart-body.yaml: connectivity.vpn.peerIp is not set; the plant's public IPv4 address is needed to create the customer gateway and the VPN; the site's landing network is planned without its VPN";
const CLAIM_WARNING =
    "site stuttgart-body: no certs/stuttgart-body/claim.csr.pem; no claim certificate is created and gateways cannot enroll until you run `fleet certs claim stuttgart-body`";
const VPN_LINE = "    vpn: { peerIp: 203.0.113.10, bgpAsn: 65010 }   # the plant router's public address (a documentation address here: replace it)\n";

/** Strip the site's VPN peer and its claim CSR: the two warnings of stuttgart-body (eu-central-1). */
function breakSite(dir: string): void {
    editOnce(path.join(dir, "sites", "stuttgart-body.yaml"), VPN_LINE, "");
    fs.rmSync(path.join(dir, "certs", "stuttgart-body", "claim.csr.pem"));
}

/** Run `fn` with console.warn/error/log and stderr/stdout writes recorded instead of printed. */
async function captureConsole<T>(fn: () => Promise<T>): Promise<{ value: T; printed: string[] }> {
    const printed: string[] = [];
    const saved = { warn: console.warn, error: console.error, log: console.log, err: process.stderr.write, out: process.stdout.write };
    console.warn = console.error = console.log = (...a: unknown[]) => void printed.push(a.join(" "));
    process.stderr.write = process.stdout.write = ((chunk: unknown) => (printed.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
        return { value: await fn(), printed };
    } finally {
        Object.assign(console, { warn: saved.warn, error: saved.error, log: saved.log });
        process.stderr.write = saved.err;
        process.stdout.write = saved.out;
    }
}

describe("plan warnings: collected by planRegion, printed by the CLI", function () {
    this.timeout(600_000);
    let dir: string;

    before(() => {
        dir = copyExampleFleet("fleet-warnings-");
        breakSite(dir);
    });

    after(() => rm(dir));

    it("planRegion returns the warnings of the sites it plans, in order, and prints nothing", async () => {
        const model = loadFleet(dir).model!;
        const { value: plan, printed } = await captureConsole(() => planRegion(model, "eu-central-1"));
        assert.deepEqual(plan.warnings, [CLAIM_WARNING, VPN_WARNING]);
        assert.deepEqual(printed, [], "nothing reaches the console while planning");
        assert.ok(
            plan.resources.some((r) => r.site === "stuttgart-body"),
            "the site is planned all the same",
        );
        assert.ok(!plan.resources.some((r) => r.type === "aws:ec2/vpnConnection:VpnConnection" && r.site === "stuttgart-body"), "without its VPN");
        assert.deepEqual((await planRegion(model, "us-east-2")).warnings, [], "the other region has none");
        assert.deepEqual((await planRegion(model, "eu-central-1", { sites: ["cork-fill-finish"] })).warnings, [], "a plan of the region's other site has none");
    });

    it("the example fleet plans with no warnings, and the runtime's warn is itself again after a plan", async () => {
        const model = exampleFleet();
        for (const r of model.regions) assert.deepEqual((await planRegion(model, r.name)).warnings, [], r.name);
        const log = require("@pulumi/pulumi/log") as { warn: (m: string) => Promise<void> };
        const { printed } = await captureConsole(() => log.warn("outside a plan"));
        assert.deepEqual(printed, ["warning: [runtime] outside a plan"]);
    });

    it("fleet plan prints each warning on stderr as the runtime printed it, and not on stdout", () => {
        assert.equal(formatPlanWarning(VPN_WARNING), `warning: [runtime] ${VPN_WARNING}`);
        for (const args of [["plan"], ["plan", "--json"]]) {
            const r = fleet([...args, "--dir", dir]);
            assert.equal(r.code, 0, r.stderr);
            const warnings = r.stderr.split("\n").filter((l) => l.startsWith("warning:"));
            assert.deepEqual(warnings, [`warning: [runtime] ${CLAIM_WARNING}`, `warning: [runtime] ${VPN_WARNING}`], args.join(" "));
            assert.ok(!r.stdout.includes("[runtime]") && !r.stdout.includes("claim.csr.pem;"), args.join(" "));
        }
        const other = fleet(["plan", "--region", "us-east-2", "--dir", dir]);
        assert.equal(other.code, 0, other.stderr);
        assert.ok(!other.stderr.includes("[runtime]"), other.stderr);
    });

    it("fleet check and fleet diff, which plan too, print them on stderr as well", () => {
        const check = fleet(["check", "--region", "eu-central-1", "--dir", dir]);
        assert.deepEqual(
            check.stderr.split("\n").filter((l) => l.startsWith("warning:")),
            [`warning: [runtime] ${CLAIM_WARNING}`, `warning: [runtime] ${VPN_WARNING}`],
            check.stderr,
        );

        const repo = copyExampleFleet("fleet-warnings-diff-");
        try {
            git(repo, "init", "-q", "-b", "main");
            git(repo, "add", ".");
            git(repo, "commit", "-q", "-m", "example");
            breakSite(repo);
            const diff = fleet(["diff", "--base", "main", "--region", "eu-central-1", "--dir", repo]);
            assert.equal(diff.code, 0, diff.stderr);
            // The base (the example fleet) has none; the working tree has both.
            assert.deepEqual(
                diff.stderr.split("\n").filter((l) => l.startsWith("warning:")),
                [`warning: [runtime] ${CLAIM_WARNING}`, `warning: [runtime] ${VPN_WARNING}`],
                diff.stderr,
            );
        } finally {
            rm(repo);
        }
    });
});
