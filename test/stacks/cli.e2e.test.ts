/**
 * The scale-out commands end to end, on copies of the example fleet: `fleet ci github-actions`
 * checked against the GitHub workflow schema (@action-validator/core, SchemaStore's schema),
 * `fleet affected` in a real git repository, `fleet migrate stacks --apply` against a stand-in
 * Pulumi CLI that records every command (there is no Pulumi CLI here).
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fleet, git, rm, withExampleFleet } from "../cli/helpers";

describe("cli e2e: fleet ci", function () {
    this.timeout(120_000);
    it("github-actions: a workflow GitHub's schema accepts (and a broken one it does not); written where asked", () => {
        const { validateWorkflow } = require("@action-validator/core") as { validateWorkflow(src: string): { errors: unknown[] } };
        const r = fleet(["ci", "github-actions", "--stdout", "--per-account", "2"]);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /^# Written by `fleet ci github-actions`/);
        assert.deepEqual(validateWorkflow(r.stdout).errors, []);
        assert.notDeepEqual(validateWorkflow(r.stdout.replace("runs-on:", "run-on:")).errors, [], "the validator does reject a broken workflow");
        assert.match(r.stdout, /--stacks "\$\{\{ matrix\.stacks \}\}" --per-account 2 --yes/);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-ci-"));
        try {
            const w = fleet(["ci", "github-actions", "--dir", dir]);
            assert.equal(w.code, 0, w.stderr);
            assert.equal(fs.readFileSync(path.join(dir, ".github", "workflows", "fleet.yml"), "utf8"), fleet(["ci", "github-actions", "--stdout"]).stdout);
            assert.equal(
                fleet(["ci", "github-actions", "--stdout", "--max-jobs", "0"]).stderr.trim(),
                'fleet: --max-jobs must be a whole number of 1 or more, not "0"',
            );
        } finally {
            rm(dir);
        }
    });
});

describe("cli e2e: fleet affected", function () {
    this.timeout(120_000);
    it("in a git repository: nothing, then only the edited site's stack; github outputs; an unknown revision is a usage error", () => {
        withExampleFleet("fleet-affected-", (dir) => {
            git(dir, "init", "-q", "-b", "main");
            git(dir, "add", ".");
            git(dir, "commit", "-q", "-m", "fleet");
            const none = fleet(["affected", "--base", "main", "--dir", dir]);
            assert.equal(none.code, 0, none.stderr);
            assert.equal(none.stdout, "no stack is affected since main\n");
            const file = path.join(dir, "sites", "austin-smt.yaml");
            const text = fs.readFileSync(file, "utf8");
            fs.writeFileSync(file, text.replace("city: Austin,", "city: Round Rock,"));
            const one = fleet(["affected", "--base", "main", "--json", "--dir", dir]);
            assert.equal(one.code, 0, one.stderr);
            const json = JSON.parse(one.stdout) as { stacks: { stack: string; reasons: string[] }[] };
            assert.deepEqual(json.stacks, [{ stack: "us-east-2.austin-smt", kind: "site", region: "us-east-2", reasons: ["sites/austin-smt.yaml changed"] }]);
            const gh = fleet(["affected", "--base", "main", "--format", "github", "--dir", dir]);
            assert.equal(gh.stdout, 'global=false\nplatforms=[]\nsites=["us-east-2.austin-smt"]\n');
            const bad = fleet(["affected", "--base", "no-such-ref", "--dir", dir]);
            assert.equal(bad.code, 2);
            assert.match(bad.stderr, /unknown git revision "no-such-ref"/);
        });
    });
});

describe("cli e2e: fleet migrate stacks", function () {
    this.timeout(120_000);

    /**
     * A stand-in `pulumi` that logs its arguments, knows the stacks in $FAKE_STACKS, exports the
     * region stack's URNs from $FAKE_STATE (a RoleAlias depending on every Role) to stdout or
     * --file, and keeps what `stack import --file` got as imported.json.
     */
    function standIn(dir: string): { bin: string; log: string } {
        const bin = path.join(dir, ".bin");
        const log = path.join(dir, "pulumi.log");
        fs.mkdirSync(bin);
        fs.writeFileSync(
            path.join(bin, "pulumi"),
            `#!${process.execPath}
const fs = require("fs");
const a = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(log)}, a.join(" ") + "\\n");
if (a[0] === "stack" && a[1] === "ls") { console.log(JSON.stringify((process.env.FAKE_STACKS || "").split(",").filter(Boolean).map((name) => ({ name })))); process.exit(0); }
const urns = (process.env.FAKE_STATE || "").split(",").filter(Boolean);
const state = { version: 3, deployment: { resources: urns.map((urn) => (urn.includes("RoleAlias") ? { urn, dependencies: urns.filter((u) => u.includes("iam/role:Role")) } : { urn })) } };
if (a[0] === "stack" && a[1] === "export") { if (a.includes("--file")) fs.writeFileSync(a[a.indexOf("--file") + 1], JSON.stringify(state)); else console.log(JSON.stringify(state)); process.exit(0); }
if (a[0] === "stack" && a[1] === "import") { fs.copyFileSync(a[a.indexOf("--file") + 1], "imported.json"); process.exit(0); }
if (a[0] === "preview" && process.env.FAKE_DIRTY === a[2]) { console.log("~ update aws:ec2/vpc:Vpc"); process.exit(1); }
process.exit(0);
`,
            { mode: 0o755 },
        );
        return { bin, log };
    }

    const IDENTITY = "urn:pulumi:us-east-2::fleet::fleet:site:Site$fleet:site:SiteEdge$fleet:site:SiteIdentity";
    const POLICY = `${IDENTITY}$aws:iam/rolePolicy:RolePolicy::austin-smt-tes-policy`;
    const ROLE = `${IDENTITY}$aws:iam/role:Role::austin-smt-tes-role`;
    const ALIAS = `${IDENTITY}$aws:iot/roleAlias:RoleAlias::austin-smt-tes-alias`;

    it("prints the plan for regions whose stack file has no fleet:layout; --apply runs it in order, and a rerun skips what moved", () => {
        withExampleFleet("fleet-migrate-", (dir) => {
            fs.writeFileSync(path.join(dir, "Pulumi.us-east-2.yaml"), "config:\n  aws:region: us-east-2\n");
            const printed = fleet(["migrate", "stacks", "--dir", dir]);
            assert.equal(printed.code, 0, printed.stderr);
            assert.equal(
                printed.stdout
                    .split("\n")
                    .filter((l) => l && !l.startsWith("#"))
                    .join("\n"),
                [
                    "pulumi stack export --stack us-east-2 --file us-east-2.tes-roles.json",
                    `fleet migrate unmanage --file us-east-2.tes-roles.json '${POLICY}' '${ROLE}'`,
                    "pulumi stack import --stack us-east-2 --file us-east-2.tes-roles.json",
                    "pulumi up --stack us-east-2 --yes",
                    "pulumi stack init us-east-2.austin-smt",
                    "pulumi state move --source us-east-2 --dest us-east-2.austin-smt --yes urn:pulumi:us-east-2::fleet::fleet:site:Site::austin-smt",
                    "pulumi config set --stack us-east-2 fleet:layout stacks",
                    "pulumi preview --stack us-east-2 --expect-no-changes",
                    "pulumi preview --stack us-east-2.austin-smt --expect-no-changes",
                ].join("\n"),
            );
            const { bin, log } = standIn(dir);
            const env = {
                PATH: `${bin}${path.delimiter}${process.env.PATH}`,
                FAKE_STACKS: "us-east-2",
                FAKE_STATE: ["urn:pulumi:us-east-2::fleet::fleet:site:Site::austin-smt", ALIAS, POLICY, ROLE].join(","),
            };
            const applied = fleet(["migrate", "stacks", "--apply", "--dir", dir], { env });
            assert.equal(applied.code, 0, applied.stderr);
            assert.deepEqual(fs.readFileSync(log, "utf8").trim().split("\n"), [
                "stack ls --json",
                "stack export --stack us-east-2",
                "stack export --stack us-east-2 --file us-east-2.tes-roles.json",
                "stack import --stack us-east-2 --file us-east-2.tes-roles.json",
                "up --stack us-east-2 --yes",
                "stack init us-east-2.austin-smt",
                "state move --source us-east-2 --dest us-east-2.austin-smt --yes urn:pulumi:us-east-2::fleet::fleet:site:Site::austin-smt",
                "config set --stack us-east-2 fleet:layout stacks",
                "preview --stack us-east-2 --expect-no-changes",
                "preview --stack us-east-2.austin-smt --expect-no-changes",
            ]);
            assert.match(applied.stdout, /migrated: 1 site\(s\) moved, 0 moved before; every preview clean\n$/);
            assert.match(
                applied.stdout,
                /^\/.*\/us-east-2\.tes-roles\.json: 2 resource\(s\) taken out of the state \(not deleted\), 1 reference\(s\) to them dropped, 0 not in the state$/m,
            );
            // the role and its policy left the state; the alias stays, no longer depending on the role
            assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, "imported.json"), "utf8")), {
                version: 3,
                deployment: { resources: [{ urn: "urn:pulumi:us-east-2::fleet::fleet:site:Site::austin-smt" }, { urn: ALIAS, dependencies: [] }] },
            });

            fs.writeFileSync(log, "");
            const rerun = fleet(["migrate", "stacks", "--apply", "--region", "us-east-2", "--dir", dir], {
                env: { ...env, FAKE_STACKS: "us-east-2,us-east-2.austin-smt", FAKE_STATE: "", FAKE_DIRTY: "us-east-2.austin-smt" },
            });
            assert.equal(rerun.code, 1);
            assert.match(rerun.stdout, /^skip: no per-site token-exchange role in stack us-east-2's state \(none, or taken out before\)$/m);
            assert.match(rerun.stdout, /^skip: austin-smt is not in stack us-east-2 \(moved already, or never deployed\)$/m);
            assert.match(rerun.stdout, /^migrated|^\$ pulumi preview --stack us-east-2 --expect-no-changes$/m);
            assert.doesNotMatch(fs.readFileSync(log, "utf8"), /state move|stack init|--file/);
            assert.match(
                rerun.stderr,
                /^fleet: pulumi preview --stack us-east-2\.austin-smt --expect-no-changes failed: the preview shows changes: the move is not clean; read the preview above before any up$/m,
            );
        });
    });

    it("retain-roles: per site stack of a region in the stack layout, the old role leaves the state where it is held", () => {
        withExampleFleet("fleet-retain-", (dir) => {
            const site = "urn:pulumi:us-east-2.austin-smt::fleet::fleet:site:Site$fleet:site:SiteEdge$fleet:site:SiteIdentity";
            const [policy, role, alias] = [POLICY, ROLE, ALIAS].map((u) => u.replace(IDENTITY, site));
            const printed = fleet(["migrate", "retain-roles", "--region", "us-east-2", "--dir", dir]);
            assert.equal(printed.code, 0, printed.stderr);
            assert.deepEqual(
                printed.stdout.split("\n").filter((l) => l && !l.startsWith("#")),
                [
                    "pulumi stack export --stack us-east-2.austin-smt --file us-east-2.austin-smt.tes-roles.json",
                    `fleet migrate unmanage --file us-east-2.austin-smt.tes-roles.json '${policy}' '${role}'`,
                    "pulumi stack import --stack us-east-2.austin-smt --file us-east-2.austin-smt.tes-roles.json",
                ],
            );
            const { bin, log } = standIn(dir);
            const env = {
                PATH: `${bin}${path.delimiter}${process.env.PATH}`,
                FAKE_STACKS: "us-east-2,us-east-2.austin-smt",
                FAKE_STATE: [alias, policy, role].join(","),
            };
            const applied = fleet(["migrate", "retain-roles", "--apply", "--dir", dir], { env });
            assert.equal(applied.code, 0, applied.stderr);
            assert.match(
                applied.stdout,
                /^skip: stack eu-central-1\.cork-fill-finish does not exist\nskip: stack eu-central-1\.stuttgart-body does not exist\n/,
            );
            assert.deepEqual(fs.readFileSync(log, "utf8").trim().split("\n"), [
                "stack ls --json",
                "stack export --stack us-east-2.austin-smt",
                "stack export --stack us-east-2.austin-smt --file us-east-2.austin-smt.tes-roles.json",
                "stack import --stack us-east-2.austin-smt --file us-east-2.austin-smt.tes-roles.json",
            ]);
            assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, "imported.json"), "utf8")), {
                version: 3,
                deployment: { resources: [{ urn: alias, dependencies: [] }] },
            });
            assert.match(applied.stdout, /\n1 site stack\(s\) no longer hold their old role; 0 held none\n$/);
            const rerun = fleet(["migrate", "retain-roles", "--apply", "--region", "us-east-2", "--dir", dir], { env: { ...env, FAKE_STATE: alias } });
            assert.equal(rerun.code, 0, rerun.stderr);
            assert.match(rerun.stdout, /^skip: no per-site token-exchange role in stack us-east-2\.austin-smt's state \(none, or taken out before\)$/m);
            assert.match(rerun.stdout, /\n0 site stack\(s\) no longer hold their old role; 1 held none\n$/);
        });
    });

    it("nothing to migrate when every region stack file says fleet:layout: stacks", () => {
        withExampleFleet("fleet-migrate-none-", (dir) => {
            const r = fleet(["migrate", "stacks", "--dir", dir]);
            assert.equal(r.code, 0);
            assert.equal(r.stdout, "nothing to migrate: every region stack file says fleet:layout: stacks (or there is none yet)\n");
        });
    });
});

describe("cli e2e: fleet quotas and fleet.yaml quotas/account", function () {
    this.timeout(180_000);
    it("values from fleet.yaml: above the account's value warns (exit 0), above a hard limit fails (exit 1); an unknown key is a validation error with its line; account groups stacks", () => {
        withExampleFleet("fleet-quotas-", (dir) => {
            const file = path.join(dir, "fleet.yaml");
            const text = fs.readFileSync(file, "utf8");
            fs.writeFileSync(
                file,
                text
                    .replace("\n  regions:\n", "\n  quotas:\n    vpn-connections: 0\n  regions:\n")
                    .replace("\n    us-east-2:\n", "\n    us-east-2:\n      account: plant-b\n"),
            );
            const soft = fleet(["quotas", "--json", "--dir", dir]);
            assert.equal(soft.code, 0, soft.stderr);
            const vpn = (
                JSON.parse(soft.stdout) as { quotas: { key: string; region: string; account: string; limit: number; needed: number; status: string }[] }
            ).quotas.find((q) => q.key === "vpn-connections")!;
            assert.deepEqual([vpn.account, vpn.region, vpn.limit, vpn.needed, vpn.status], ["default", "eu-central-1", 0, 1, "above-configured"]);
            assert.match(
                soft.stderr,
                /^warning: Site-to-Site VPN connections per Region \(L-3E6EC3A3\) in default\/eu-central-1: needs 1, the account has 0; request an increase/m,
            );
            const stacks = JSON.parse(fleet(["stacks", "--json", "--dir", dir]).stdout) as { stacks: { name: string; account?: string }[] };
            assert.deepEqual(
                stacks.stacks.filter((s) => s.account).map((s) => [s.name, s.account]),
                [
                    ["us-east-2", "plant-b"],
                    ["us-east-2.austin-smt", "plant-b"],
                ],
            );

            fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("    vpn-connections: 0\n", "    vpn-connections: 0\n    dx-gateways-per-tgw: 0\n"));
            const hard = fleet(["quotas", "--dir", dir]);
            assert.equal(hard.code, 1);
            assert.match(
                hard.stderr,
                /^fleet: Direct Connect gateways per transit gateway \(L-350B2172\) in default\/eu-central-1: needs 1, AWS allows 0 and does not raise it/m,
            );

            fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("    dx-gateways-per-tgw: 0\n", "    vpn-conections: 3\n"));
            const bad = fleet(["validate", "--dir", dir]);
            assert.equal(bad.code, 1);
            assert.match(bad.stderr, /^fleet\.yaml:\d+:\d+: quotas\.vpn-conections: unknown quota "vpn-conections"; use one of vpn-connections, /m);
        });
    });
});
