/** The global stack (state backend, delivery pipeline) in the CLI: plan --stack global, check, diff. */
import { strict as assert } from "node:assert";
import { checkPlans } from "../../src/check/run";
import { loadFleet } from "../../src/model/load";
import { GLOBAL_STACK, planGlobal } from "../../src/plan/plan";
import { fleet, ROOT } from "./helpers";

describe("cli: the global stack", function () {
    this.timeout(180_000);
    const model = loadFleet(ROOT).model!;

    it("planGlobal plans the backend and the pipeline as stack `global`, settings from the stack configuration", async () => {
        const plan = await planGlobal(model);
        assert.equal(plan.region, GLOBAL_STACK);
        assert.ok(plan.resources.every((r) => r.urn.startsWith("urn:pulumi:global::fleet::") && r.region === "global"));
        const types = new Set(plan.resources.map((r) => r.type));
        for (const t of ["aws:codepipeline/pipeline:Pipeline", "aws:kms/key:Key", "aws:s3/bucket:Bucket"]) assert.ok(types.has(t), t);
        const withRepo = await planGlobal(model, { repository: "acme/fleet", branch: "release" });
        const pipeline = withRepo.resources.find((r) => r.type === "aws:codepipeline/pipeline:Pipeline")!;
        assert.match(JSON.stringify(pipeline.inputs), /"FullRepositoryId":"acme\/fleet"/);
        assert.match(JSON.stringify(pipeline.inputs), /"BranchName":"release"/);
        await assert.rejects(planGlobal(model, { repository: "fleet" }), /fleet:repository "fleet" must be "owner\/name"/);
    });

    it("check --stack global evaluates the global stack; an unscoped check includes it", async () => {
        const only = await checkPlans(model, { stack: "global" });
        const plan = await planGlobal(model);
        assert.equal(only.resources, plan.resources.length);
        assert.equal(only.sites, 0);
        assert.deepEqual(
            only.findings.filter((f) => !f.suppressed && f.kind === "violation"),
            [],
        );
        await assert.rejects(
            checkPlans(model, { stack: "global", region: "eu-central-1" }),
            /--stack global checks the global stack; leave out --region and --site/,
        );
    });

    it("fleet plan --stack global -o json", () => {
        const r = fleet(["plan", "--stack", "global", "-o", "json", "--dir", ROOT]);
        assert.equal(r.code, 0, r.stderr);
        const json = JSON.parse(r.stdout) as { resources: { urn: string; region: string }[] };
        assert.ok(json.resources.length > 20);
        assert.ok(json.resources.every((x) => x.region === "global"));
        const bad = fleet(["plan", "--stack", "global", "--site", "austin-smt", "--dir", ROOT]);
        assert.equal(bad.code, 2);
        assert.equal(bad.stderr, "fleet: --stack global plans the global stack; leave out --region and --site\n");
    });
});
