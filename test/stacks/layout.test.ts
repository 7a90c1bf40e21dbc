/** The stack layout (src/stacks/layout.ts), the CI writers, the migration steps and `fleet affected`'s comparison. */
import assert from "node:assert/strict";
import { FleetError } from "../../src/model/diagnostics";
import { affectedStacks, chunk, chunkSizeFor, stackInputs } from "../../src/stacks/affected";
import { buildId, codebuildBuildspec, githubOutputs, githubWorkflow } from "../../src/stacks/ci";
import { countKinds, findStack, stackLayout, type LayoutModel } from "../../src/stacks/layout";
import { formatSteps, migrationSteps, previewIsClean, shellLine } from "../../src/stacks/migrate";
import { exampleModel } from "./helpers";

const TWO_REGIONS: LayoutModel = {
    regions: [{ name: "eu-west-1" }, { name: "us-east-2", account: "111111111111" }],
    sites: [
        { name: "cork", region: "eu-west-1" },
        { name: "austin", region: "us-east-2" },
        { name: "dallas", region: "us-east-2", account: "plant-b" },
        { name: "athens", region: "eu-west-1" },
    ],
};

describe("stacks: layout", () => {
    it("global, one platform per region and account, one site stack per site, each naming what it needs first", () => {
        assert.deepEqual(stackLayout(TWO_REGIONS), [
            { name: "global", kind: "global", sites: [], dependsOn: [] },
            { name: "eu-west-1", kind: "platform", region: "eu-west-1", sites: ["cork", "athens"], dependsOn: ["global"] },
            { name: "us-east-2", kind: "platform", region: "us-east-2", account: "111111111111", sites: ["austin"], dependsOn: ["global"] },
            { name: "us-east-2.plant-b", kind: "platform", region: "us-east-2", account: "plant-b", sites: ["dallas"], dependsOn: ["global"] },
            { name: "eu-west-1.athens", kind: "site", region: "eu-west-1", sites: ["athens"], dependsOn: ["eu-west-1"] },
            { name: "eu-west-1.cork", kind: "site", region: "eu-west-1", sites: ["cork"], dependsOn: ["eu-west-1"] },
            { name: "us-east-2.austin", kind: "site", region: "us-east-2", account: "111111111111", sites: ["austin"], dependsOn: ["us-east-2"] },
            { name: "us-east-2.dallas", kind: "site", region: "us-east-2", account: "plant-b", sites: ["dallas"], dependsOn: ["us-east-2.plant-b"] },
        ]);
        assert.deepEqual(countKinds(stackLayout(TWO_REGIONS)), { global: 1, platform: 3, site: 4 });
    });

    it("a region without sites still has its platform; the example fleet has 1 + 2 + 3 stacks", () => {
        assert.deepEqual(
            stackLayout({ regions: [{ name: "eu-north-1" }], sites: [] }).map((s) => s.name),
            ["global", "eu-north-1"],
        );
        const m = exampleModel();
        assert.deepEqual(
            stackLayout(m).map((s) => `${s.kind}:${s.name}`),
            ["global:global", ...m.regions.map((r) => `platform:${r.name}`), ...m.sites.map((s) => `site:${s.region}.${s.name}`).sort()],
        );
    });

    it("refuses two stacks with one name (a site named like an account alias), naming the site file and the fix", () => {
        const clash: LayoutModel = {
            regions: [{ name: "eu-west-1" }],
            sites: [
                { name: "plant-b", region: "eu-west-1", file: "sites/plant-b.yaml" },
                { name: "x", region: "eu-west-1", account: "plant-b" },
            ],
        };
        assert.throws(
            () => stackLayout(clash),
            (e: unknown) =>
                e instanceof FleetError &&
                e.message ===
                    'sites/plant-b.yaml: stack name "eu-west-1.plant-b" is both the platform stack of eu-west-1 (account plant-b) and the site stack of plant-b; rename the site or use another account alias',
        );
    });

    it("findStack: the stack, or a usage error with the closest names", () => {
        const stacks = stackLayout(TWO_REGIONS);
        assert.equal(findStack(stacks, "eu-west-1.cork").kind, "site");
        assert.throws(
            () => findStack(stacks, "eu-west-1.crok"),
            (e: unknown) => e instanceof FleetError && e.exitCode === 2 && /unknown stack "eu-west-1\.crok"; did you mean "eu-west-1\.cork"/.test(e.message),
        );
    });
});

describe("stacks: affected", () => {
    const base = exampleModel();
    const site = base.sites[0];

    it("no change: nothing affected; a code path maps to the kinds of stacks that run it", () => {
        assert.deepEqual(affectedStacks({ head: base, base, changed: ["docs/operations.md", "test/x.ts"], fleetPrefix: "" }), []);
        const s = affectedStacks({ head: base, base, changed: ["components/site/edge.ts"], fleetPrefix: "" });
        assert.deepEqual(
            s.map((a) => a.stack),
            base.sites.map((x) => `${x.region}.${x.name}`).sort(),
        );
        assert.deepEqual(s[0].reasons, ["components/site/ changed"]);
        assert.deepEqual(
            affectedStacks({ head: base, base, changed: ["components/region/ingest.ts"], fleetPrefix: "" }).map((a) => a.stack),
            base.regions.map((r) => r.name),
        );
        assert.equal(affectedStacks({ head: base, base, changed: ["src/model/load.ts"], fleetPrefix: "" }).length, 1 + base.regions.length + base.sites.length);
        // edge code: the platforms upload its zips, the sites' recipes name them; not the global stack
        for (const path of ["edge/collector/main.ts", "src/edge/artifacts.ts"])
            assert.deepEqual(
                affectedStacks({ head: base, base, changed: [path], fleetPrefix: "" })
                    .map((a) => a.stack)
                    .sort(),
                [...base.regions.map((r) => r.name), ...base.sites.map((x) => `${x.region}.${x.name}`)].sort(),
                path,
            );
        assert.deepEqual(affectedStacks({ head: base, base, changed: ["edge-notes.md"], fleetPrefix: "" }), []);
    });

    it("a site's sensor change touches only its site stack; a conduit change also its platform (firewall rules)", () => {
        const head = structuredClone(base);
        head.sites[0].sensors = head.sites[0].sensors.slice(1);
        assert.deepEqual(
            affectedStacks({ head, base, changed: [], fleetPrefix: "" }).map((a) => [a.stack, a.reasons]),
            [[`${site.region}.${site.name}`, [`${site.file} changed`]]],
        );
        const conduits = structuredClone(base);
        conduits.sites[0].conduits = conduits.sites[0].conduits.slice(1);
        assert.deepEqual(
            affectedStacks({ head: conduits, base, changed: [], fleetPrefix: "" }).map((a) => [a.stack, a.reasons]),
            [
                [site.region, ["sites it serves changed"]],
                [`${site.region}.${site.name}`, [`${site.file} changed`]],
            ],
        );
    });

    it("certificates and stack files under the fleet prefix map to their stack; a removed site is listed as removed", () => {
        const got = affectedStacks({
            head: base,
            base,
            changed: [`fleet/certs/${site.name}/gw.csr.pem`, `fleet/Pulumi.${site.region}.yaml`, `certs/${site.name}/x.pem`],
            fleetPrefix: "fleet",
        });
        assert.deepEqual(
            got.map((a) => [a.stack, a.reasons]),
            [
                [site.region, [`fleet/Pulumi.${site.region}.yaml changed`]],
                [`${site.region}.${site.name}`, [`fleet/certs/${site.name}/gw.csr.pem changed`]],
            ],
        );
        const head = structuredClone(base);
        head.sites = head.sites.slice(1);
        head.regions.forEach((r) => (r.sites = r.sites.filter((n) => n !== site.name)));
        const removed = affectedStacks({ head, base, changed: [], fleetPrefix: "" });
        assert.deepEqual(removed.at(-1), { stack: `${site.region}.${site.name}`, kind: "site", region: site.region, reasons: ["gone at head"], removed: true });
        assert.ok(
            removed.some((a) => a.stack === site.region && !a.removed),
            "the platform serving it changes too",
        );
    });

    it("stackInputs of a site stack ignore the file path (a renamed file with the same content is no change)", () => {
        const moved = structuredClone(base);
        moved.sites[0].file = "sites/renamed.yaml";
        const stack = stackLayout(base).find((s) => s.kind === "site" && s.sites[0] === site.name)!;
        assert.equal(stackInputs(moved, stack), stackInputs(base, stack));
    });

    it("chunks stay within the job limit", () => {
        assert.deepEqual(chunk([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
        assert.equal(chunkSizeFor(10000, 256), 40);
        assert.equal(chunkSizeFor(3, 256), 1);
        assert.throws(() => chunk([1], 0), /whole number of 1 or more, not 0/);
    });
});

describe("stacks: CI writers", () => {
    it("GitHub outputs: chunks of comma-joined stacks, at most maxJobs per kind, removed stacks left out", () => {
        const sites = Array.from({ length: 10 }, (_, i) => ({ stack: `r.s${i}`, kind: "site" }));
        const text = githubOutputs(
            [{ stack: "global", kind: "global" }, { stack: "r", kind: "platform" }, ...sites, { stack: "r.gone", kind: "site", removed: true }],
            4,
        );
        assert.equal(text, ["global=true", 'platforms=["r"]', 'sites=["r.s0,r.s1,r.s2","r.s3,r.s4,r.s5","r.s6,r.s7,r.s8","r.s9"]'].join("\n"));
        assert.equal(githubOutputs([]), "global=false\nplatforms=[]\nsites=[]");
    });

    it("the workflow: affected first, then global, platforms and sites in that order, preview on pull requests and up on main", () => {
        const wf = githubWorkflow({ perAccount: 3 }) as { jobs: Record<string, { needs?: string[]; steps: { run?: string }[] }> };
        assert.deepEqual(Object.keys(wf.jobs), ["affected", "global", "platforms", "sites"]);
        assert.deepEqual(wf.jobs.sites.needs, ["affected", "platforms"]);
        assert.deepEqual(wf.jobs.platforms.needs, ["affected", "global"]);
        assert.equal(
            wf.jobs.sites.steps.at(-1)!.run,
            `node bin/fleet.js \${{ github.event_name == 'pull_request' && 'preview' || 'up' }} --stacks "\${{ matrix.stacks }}" --per-account 3 --yes`,
        );
    });

    it("CodeBuild: global, platforms after it, site chunks after their platform, within maxBuilds", () => {
        const layout = stackLayout({
            regions: [{ name: "a" }, { name: "b" }],
            sites: Array.from({ length: 50 }, (_, i) => ({ name: `s${i}`, region: i < 40 ? "a" : "b" })),
        });
        const spec = codebuildBuildspec(layout, { maxBuilds: 10 }) as {
            batch: { "build-graph": { identifier: string; "depend-on"?: string[]; env: { variables: { FLEET_STACKS: string } } }[] };
        };
        const graph = spec.batch["build-graph"];
        assert.ok(graph.length <= 10, `${graph.length} builds`);
        assert.deepEqual(
            graph.slice(0, 3).map((g) => [g.identifier, g["depend-on"] ?? []]),
            [
                ["global", []],
                ["platform_a", ["global"]],
                ["platform_b", ["global"]],
            ],
        );
        const siteBuilds = graph.slice(3);
        assert.ok(siteBuilds.every((g) => g["depend-on"]![0] === `platform_${g.identifier.split("_")[1]}`));
        const listed = siteBuilds.flatMap((g) => g.env.variables.FLEET_STACKS.split(","));
        assert.deepEqual(
            listed.sort(),
            layout
                .filter((s) => s.kind === "site")
                .map((s) => s.name)
                .sort(),
            "every site stack exactly once",
        );
        assert.throws(() => codebuildBuildspec(layout, { maxBuilds: 4 }), /2 platform stacks need 5 builds at least; raise --max-builds above 4/);
        assert.equal(buildId("eu-west-1.plant-b"), "eu_west_1_plant_b");
    });
});

describe("stacks: migration", () => {
    const layout = stackLayout({
        regions: [{ name: "eu-west-1" }],
        sites: [
            { name: "cork", region: "eu-west-1" },
            { name: "athens", region: "eu-west-1" },
        ],
    });

    it("the old token-exchange roles leave the state first, then outputs, then per site init and state move of the Site URN, then the layout switch and previews", () => {
        const steps = migrationSteps({ project: "fleet", layout, legacyRegions: ["eu-west-1"], existing: ["eu-west-1.athens"] });
        assert.deepEqual(
            steps.map((s) => shellLine(s.argv)),
            [
                "pulumi stack export --stack eu-west-1 --file eu-west-1.tes-roles.json",
                "fleet migrate unmanage --file eu-west-1.tes-roles.json " +
                    "'urn:pulumi:eu-west-1::fleet::fleet:site:Site$fleet:site:SiteEdge$fleet:site:SiteIdentity$aws:iam/rolePolicy:RolePolicy::athens-tes-policy' " +
                    "'urn:pulumi:eu-west-1::fleet::fleet:site:Site$fleet:site:SiteEdge$fleet:site:SiteIdentity$aws:iam/role:Role::athens-tes-role' " +
                    "'urn:pulumi:eu-west-1::fleet::fleet:site:Site$fleet:site:SiteEdge$fleet:site:SiteIdentity$aws:iam/rolePolicy:RolePolicy::cork-tes-policy' " +
                    "'urn:pulumi:eu-west-1::fleet::fleet:site:Site$fleet:site:SiteEdge$fleet:site:SiteIdentity$aws:iam/role:Role::cork-tes-role'",
                "pulumi stack import --stack eu-west-1 --file eu-west-1.tes-roles.json",
                "pulumi up --stack eu-west-1 --yes",
                "pulumi state move --source eu-west-1 --dest eu-west-1.athens --yes urn:pulumi:eu-west-1::fleet::fleet:site:Site::athens",
                "pulumi stack init eu-west-1.cork",
                "pulumi state move --source eu-west-1 --dest eu-west-1.cork --yes urn:pulumi:eu-west-1::fleet::fleet:site:Site::cork",
                "pulumi config set --stack eu-west-1 fleet:layout stacks",
                "pulumi preview --stack eu-west-1 --expect-no-changes",
                "pulumi preview --stack eu-west-1.athens --expect-no-changes",
                "pulumi preview --stack eu-west-1.cork --expect-no-changes",
            ],
        );
        assert.match(
            formatSteps(steps),
            /^# the sites' own token-exchange roles leave the state but stay in AWS .*\n# fleet migrate retire-roles .*\npulumi stack export /,
        );
        assert.match(formatSteps(steps), /\n# the region stack, still holding its sites.*\npulumi up --stack eu-west-1 --yes\n/);
        assert.deepEqual(migrationSteps({ project: "fleet", layout, legacyRegions: [] }), []);
    });

    it("quotes what a shell would split; a preview is clean with reads and the root stack's outputs only", () => {
        assert.equal(shellLine(["a b", "it's", "x$y"]), "'a b' 'it'\\''s' 'x$y'");
        assert.deepEqual(
            previewIsClean([
                { op: "same", type: "aws:s3/bucketV2:BucketV2", urn: "u1" },
                { op: "update", type: "pulumi:pulumi:Stack", urn: "s" },
                { op: "read", type: "pulumi:pulumi:StackReference", urn: "r" },
            ]),
            {
                clean: true,
                changes: [],
            },
        );
        assert.deepEqual(
            previewIsClean([
                { op: "create", type: "aws:ec2/vpc:Vpc", urn: "u2" },
                { op: "update", type: "aws:ec2/vpc:Vpc", urn: "u3" },
            ]),
            {
                clean: false,
                changes: ["create u2", "update u3"],
            },
        );
    });
});
