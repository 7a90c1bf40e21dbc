/**
 * The edge components under Pulumi mocks (planRegion): exact resources per example site, the
 * resource economy of each provisioning mode, secrets, tags and stable names.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { planRegion, type PlannedResource } from "../../src/plan/plan";
import type { FleetModel } from "../../src/model/types";
import { exampleFleet, exampleRegionPlans, ROOT, site, tmpRoot, writeFixtureFleet } from "./helpers";
import { observeRegistrations } from "../helpers/monitor";
import { missingTags } from "../helpers/tags";

const edgeOf = (resources: readonly PlannedResource[], s: string) => resources.filter((r) => r.site === s && r.urn.includes("fleet:site:SiteEdge"));
const customs = (rs: readonly PlannedResource[]) => rs.filter((r) => r.custom);
function countByType(rs: readonly PlannedResource[]): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of customs(rs)) out[r.type] = (out[r.type] ?? 0) + 1;
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}
async function planSite(model: FleetModel) {
    const s = model.sites[0];
    return edgeOf((await planRegion(model, s.region)).resources, s.name);
}

describe("edge components in the example region plans", function () {
    this.timeout(300_000);
    let eu: readonly PlannedResource[];
    let us: readonly PlannedResource[];
    before(async () => ({ eu, us } = await exampleRegionPlans()));

    it("stuttgart-body (fleet-claim): exactly these resources, none per gateway", () => {
        assert.deepEqual(countByType(edgeOf(eu, "stuttgart-body")), {
            "aws-native:greengrassv2:ComponentVersion": 2,
            "aws-native:greengrassv2:Deployment": 1,
            "aws:cloudwatch/logGroup:LogGroup": 2,
            "aws:iot/certificate:Certificate": 1,
            "aws:iot/policy:Policy": 2,
            "aws:iot/policyAttachment:PolicyAttachment": 1,
            "aws:iot/provisioningTemplate:ProvisioningTemplate": 1,
            "aws:iot/roleAlias:RoleAlias": 1,
            "aws:iot/thingGroup:ThingGroup": 1,
            // the manifest and its copy per gateway (4); the zips are the region's (components/region/edge-access.ts)
            "aws:s3/bucketObjectv2:BucketObjectv2": 5,
        });
    });

    /** The two gateways of a csr site: 5 resources each over the site's own. */
    const CSR_SITE = {
        "aws-native:greengrassv2:ComponentVersion": 1,
        "aws-native:greengrassv2:Deployment": 1,
        "aws-native:iot:ThingGroup": 1,
        "aws:cloudwatch/logGroup:LogGroup": 1,
        "aws:iot/certificate:Certificate": 2,
        "aws:iot/policy:Policy": 1,
        "aws:iot/policyAttachment:PolicyAttachment": 2,
        "aws:iot/roleAlias:RoleAlias": 1,
        "aws:iot/thing:Thing": 2,
        "aws:iot/thingPrincipalAttachment:ThingPrincipalAttachment": 2,
        "aws:s3/bucketObjectv2:BucketObjectv2": 3, // the manifest and its copy per gateway
    };

    it("cork-fill-finish (csr): 5 resources per gateway over the site's own", () => {
        assert.deepEqual(countByType(edgeOf(eu, "cork-fill-finish")), CSR_SITE);
    });

    it("austin-smt (aws-generated): as csr, plus edge inference for gw-austin-01", () => {
        assert.deepEqual(countByType(edgeOf(us, "austin-smt")), {
            ...CSR_SITE,
            "aws-native:greengrassv2:ComponentVersion": 2, // edge inference: one more component and its log group
            "aws:cloudwatch/logGroup:LogGroup": 2,
        });
    });

    it("csr certificates are signed from the committed CSR files; attachments are exclusive", () => {
        const cork = edgeOf(eu, "cork-fill-finish");
        const cert = cork.find((r) => r.name === "cork-fill-finish-gw-cork-01-cert")!;
        assert.deepEqual(cert.inputs, { active: true, csr: fs.readFileSync(path.join(ROOT, "certs", "cork-fill-finish", "gw-cork-01.csr.pem"), "utf8") });
        const thing = cork.find((r) => r.name === "cork-fill-finish-gw-cork-01-thing")!;
        assert.deepEqual(thing.inputs, {
            name: "acme-cork-fill-finish-gw-cork-01",
            attributes: { fleetSite: "acme__cork_fill_finish", site: "cork-fill-finish", gateway: "gw-cork-01", serial: "SN-61207" },
        });
        const attach = cork.find((r) => r.name === "cork-fill-finish-gw-cork-01-cert-attachment")!;
        assert.equal(attach.inputs.thingPrincipalType, "EXCLUSIVE_THING");
        const group = cork.find((r) => r.type === "aws-native:iot:ThingGroup")!;
        assert.equal(group.inputs.queryString, "attributes.fleetSite:acme__cork_fill_finish");
        const policyAttachments = cork.filter((r) => r.type === "aws:iot/policyAttachment:PolicyAttachment");
        assert.deepEqual(
            policyAttachments.map((r) => r.inputs.policy),
            ["acme-cork-fill-finish-gateway", "acme-cork-fill-finish-gateway"],
        );
    });

    it("aws-generated certificates have no CSR: AWS makes the key", () => {
        const certs = edgeOf(us, "austin-smt").filter((r) => r.type === "aws:iot/certificate:Certificate");
        assert.deepEqual(
            certs.map((c) => c.inputs),
            [{ active: true }, { active: true }],
        );
    });

    it("fleet-claim: template with the region's hook and role, claim certificate from the claim CSR, hook reads the manifests", () => {
        const st = edgeOf(eu, "stuttgart-body");
        const template = st.find((r) => r.type === "aws:iot/provisioningTemplate:ProvisioningTemplate")!;
        assert.equal(template.inputs.name, "acme-stuttgart-body");
        assert.equal(template.inputs.type, "FLEET_PROVISIONING");
        assert.deepEqual(template.inputs.preProvisioningHook, {
            payloadVersion: "2020-04-01",
            targetArn: "arn:aws:lambda:eu-central-1:123456789012:acme-pre-provisioning-hook",
        });
        // the mocks give ARNs as arn:aws:<service>:<region>:<account>:<name>: the region's role, not a role of the site
        assert.equal(template.inputs.provisioningRoleArn, "arn:aws:iam:eu-central-1:123456789012:provisioning-role");
        assert.deepEqual(JSON.parse(template.inputs.templateBody as string).Resources.thing.Properties.ThingGroups, ["acme-stuttgart-body"]);
        // The hook is the region's (components/region/provisioning.ts): one for every fleet-claim site.
        const regional = eu.filter((r) => r.urn.includes("fleet:region:RegionalProvisioning"));
        const fn = regional.find((r) => r.type === "aws:lambda/function:Function")!;
        assert.equal(fn.inputs.runtime, "nodejs22.x");
        assert.deepEqual((fn.inputs.environment as any).variables, {
            CACHE_SECONDS: "60",
            ENROLLED_TABLE: "acme-enrolled-serials",
            FLEET: "acme",
            MANIFEST_BUCKET: "artifacts",
        });
        const invoke = regional.find((r) => r.type === "aws:lambda/permission:Permission")!;
        assert.equal(invoke.inputs.principal, "iot.amazonaws.com");
        assert.equal(invoke.inputs.sourceArn, "arn:aws:iot:eu-central-1:123456789012:provisioningtemplate/acme-*");
        const claim = st.find((r) => r.type === "aws:iot/certificate:Certificate")!;
        assert.equal(claim.inputs.csr, fs.readFileSync(path.join(ROOT, "certs", "stuttgart-body", "claim.csr.pem"), "utf8"));
        const attach = st.find((r) => r.type === "aws:iot/policyAttachment:PolicyAttachment")!;
        assert.equal(attach.inputs.policy, "acme-stuttgart-body-claim");
    });

    it("identity: the site's role alias, with bounded credentials, on the region's role only the IoT credentials provider assumes", () => {
        const st = edgeOf(eu, "stuttgart-body");
        const alias = st.find((r) => r.type === "aws:iot/roleAlias:RoleAlias")!;
        assert.equal(alias.inputs.alias, "acme-stuttgart-body-gg-tes-alias");
        assert.equal(alias.inputs.credentialDuration, 3600);
        assert.equal(st.filter((r) => r.type === "aws:iam/role:Role").length, 0, "no role of the site's own");
        const role = eu.find((r) => r.type === "aws:iam/role:Role" && r.urn.includes("fleet:region:RegionEdgeAccess$"))!;
        // the mocks give ARNs as arn:aws:<service>:<region>:<account>:<name>
        assert.equal(alias.inputs.roleArn, `arn:aws:iam:eu-central-1:123456789012:${role.name}`);
        assert.deepEqual(JSON.parse(role.inputs.assumeRolePolicy as string), {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "credentials.iot.amazonaws.com" }, Action: "sts:AssumeRole" }],
        });
        assert.equal(role.inputs.maxSessionDuration, 3600);
        const policy = st.find((r) => r.type === "aws:iot/policy:Policy" && r.inputs.name === "acme-stuttgart-body-gateway")!;
        assert.match(policy.inputs.policy as string, /client\/\$\{iot:Connection\.Thing\.ThingName\}/);
    });

    it("the deployment targets the site group; the manifest is one SSE-KMS object", () => {
        const st = edgeOf(eu, "stuttgart-body");
        const dep = st.find((r) => r.type === "aws-native:greengrassv2:Deployment")!;
        assert.equal(dep.inputs.targetArn, "arn:aws:iot:eu-central-1:123456789012:acme-stuttgart-body");
        assert.equal(dep.inputs.deploymentName, "acme-stuttgart-body");
        const manifest = st.find((r) => r.type === "aws:s3/bucketObjectv2:BucketObjectv2" && r.name === "stuttgart-body-manifest")!;
        assert.equal(manifest.inputs.key, "manifests/stuttgart-body.json");
        assert.equal(manifest.inputs.serverSideEncryption, "aws:kms");
        const doc = JSON.parse(manifest.inputs.content as string);
        assert.equal(doc.site, "stuttgart-body");
        assert.equal(doc.sensors.length, site(exampleFleet(), "stuttgart-body").sensors.length);
        assert.ok(!(manifest.inputs.content as string).includes('"at":'), "no source positions in the manifest");
    });

    for (const [component, version] of [
        ["collector", "collector"],
        ["edge-inference", "inference"],
    ] as const) {
        it(`the ${component} version depends on the region's three content-addressed uploads, which its recipe names`, () => {
            const st = edgeOf(eu, "stuttgart-body");
            // uploaded once per region (components/region/edge-access.ts), not per site
            const zips = eu.filter(
                (r) =>
                    r.type === "aws:s3/bucketObjectv2:BucketObjectv2" && r.urn.includes("fleet:region:RegionEdgeAccess$") && r.name.startsWith(`${component}-`),
            );
            assert.deepEqual(
                zips.map((z) => z.name).sort(),
                ["aarch64", "armv7l", "x86_64"].map((a) => `${component}-${a}`),
            );
            assert.deepEqual(
                st.filter((r) => String(r.inputs.contentType) === "application/zip"),
                [],
                "no zip of the site's own",
            );
            const cv = st.find((r) => r.type === "aws-native:greengrassv2:ComponentVersion" && r.name === `stuttgart-body-${version}`)!;
            assert.deepEqual(cv.dependsOn.filter((u) => u.includes("bucketObjectv2") && u.includes(`::${component}-`)).sort(), zips.map((z) => z.urn).sort());
            const recipe = JSON.parse(cv.inputs.inlineRecipe as string);
            for (const z of zips) {
                assert.match(z.inputs.key as string, new RegExp(`^artifacts/shared/${component}/([0-9a-f]{64})/${component}\\.zip$`));
                assert.equal((z.inputs.metadata as Record<string, string>).sha256, (z.inputs.key as string).split("/")[3]);
                assert.equal(z.inputs.serverSideEncryption, "aws:kms");
            }
            assert.deepEqual(
                recipe.Manifests.map((m: { Artifacts: { Uri: string }[] }) => m.Artifacts[0].Uri).sort(),
                zips.map((z) => `s3://${z.inputs.bucket}/${z.inputs.key}`).sort(),
            );
        });
    }

    it("every edge resource is named <site>-... and every taggable one carries the site's tags", () => {
        for (const [rs, s] of [
            [eu, "stuttgart-body"],
            [eu, "cork-fill-finish"],
            [us, "austin-smt"],
        ] as const) {
            for (const r of edgeOf(rs, s)) assert.ok(r.name.startsWith(`${s}-`), `${r.type} ${r.name}`);
            assert.deepEqual(missingTags(edgeOf(rs, s), { "fleet:site": s }), []);
        }
    });
});

describe("edge resource economy (planRegion on fixture fleets)", function () {
    this.timeout(600_000);

    it("fleet-claim: for 2 and for 200 gateways the same resources but for one manifest copy per gateway", async () => {
        const few = await planSite(writeFixtureFleet(tmpRoot(), { mode: "fleet-claim", gateways: 2 }));
        const many = await planSite(writeFixtureFleet(tmpRoot(), { mode: "fleet-claim", gateways: 200 }));
        assert.equal(
            customs(few).length,
            13,
            "template (its hook and provisioning role are the region's), claim policy, certificate and attachment, identity (group, policy, alias, logs: the token-exchange role is the region's), collector (its zips are the region's), deployment, manifest and its 2 gateway copies",
        );
        const copies = (rs: readonly PlannedResource[]) =>
            rs.filter((r) => r.type === "aws:s3/bucketObjectv2:BucketObjectv2" && /-manifest-gw-\d+$/.test(r.name));
        assert.equal(copies(few).length, 2);
        assert.equal(copies(many).length, 200);
        const rest = (rs: readonly PlannedResource[]) => rs.filter((r) => !copies(rs).includes(r));
        assert.deepEqual(countByType(rest(many)), countByType(rest(few)));
        assert.deepEqual(
            rest(many)
                .map((r) => r.urn)
                .sort(),
            rest(few)
                .map((r) => r.urn)
                .sort(),
        );
    });

    for (const mode of ["csr", "aws-generated"] as const) {
        it(`${mode}: exactly 5 resources per gateway`, async () => {
            const few = await planSite(writeFixtureFleet(tmpRoot(), { mode, gateways: 2 }));
            const many = await planSite(writeFixtureFleet(tmpRoot(), { mode, gateways: 12 }));
            assert.equal((customs(many).length - customs(few).length) / 10, 5);
            const added = countByType(many);
            for (const [t, n] of Object.entries(countByType(few))) added[t] -= n;
            assert.deepEqual(Object.fromEntries(Object.entries(added).filter(([, n]) => n > 0)), {
                "aws:iot/certificate:Certificate": 10,
                "aws:iot/policyAttachment:PolicyAttachment": 10,
                "aws:iot/thing:Thing": 10,
                "aws:iot/thingPrincipalAttachment:ThingPrincipalAttachment": 10,
                "aws:s3/bucketObjectv2:BucketObjectv2": 10, // the gateway's manifest copy
            });
        });
    }

    for (const mode of ["fleet-claim", "csr", "aws-generated"] as const) {
        it(`${mode}: sensors add no resources`, async () => {
            const few = await planSite(writeFixtureFleet(tmpRoot(), { mode, gateways: 3, machinesPerGateway: 1 }));
            const many = await planSite(writeFixtureFleet(tmpRoot(), { mode, gateways: 3, machinesPerGateway: 40 }));
            assert.deepEqual(countByType(many), countByType(few));
        });
    }

    it("reordering gateways in the site file changes no URN", async () => {
        const dir = tmpRoot();
        const model = writeFixtureFleet(dir, { mode: "csr", gateways: 3 });
        const a = (await planSite(model)).map((r) => r.urn).sort();
        const file = path.join(dir, "sites", "lab.yaml");
        const lines = fs.readFileSync(file, "utf8").split("\n");
        const first = lines.findIndex((l) => l.includes("name: gw-001"));
        [lines[first], lines[first + 2]] = [lines[first + 2], lines[first]];
        fs.writeFileSync(file, lines.join("\n"));
        const { loadFleet } = await import("../../src/model/load");
        const reordered = loadFleet(dir).model!;
        const text = fs.readFileSync(file, "utf8");
        assert.ok(text.indexOf("name: gw-003") < text.indexOf("name: gw-001"), "the site file lists gw-003 first now");
        assert.equal(reordered.sites[0].gateways.length, 3);
        assert.deepEqual((await planSite(reordered)).map((r) => r.urn).sort(), a);
    });

    it("a fleet-claim site without its claim CSR plans without a claim certificate", async () => {
        const dir = tmpRoot();
        writeFixtureFleet(dir, { mode: "fleet-claim", gateways: 2, csrs: false });
        const { loadFleet } = await import("../../src/model/load");
        const loaded = loadFleet(dir).model!;
        const types = countByType(await planSite(loaded));
        assert.equal(types["aws:iot/certificate:Certificate"], undefined);
        assert.equal(types["aws:iot/policyAttachment:PolicyAttachment"], undefined);
        assert.equal(types["aws:iot/provisioningTemplate:ProvisioningTemplate"], 1);
    });
});

describe("aws-generated private keys", function () {
    this.timeout(120_000);

    it("are secret outputs: registered with additionalSecretOutputs and wrapped as secrets", async () => {
        const dir = tmpRoot();
        const model = writeFixtureFleet(dir, { mode: "aws-generated", gateways: 2 });
        await planRegion(model, "eu-central-1"); // let any queued plan finish before taking over the mocks
        const secretOutputs: Record<string, string[]> = {};
        await pulumi.runtime.setMocks(
            {
                newResource: (a) => ({ id: `${a.name}-id`, state: { ...a.inputs, arn: `arn:${a.name}`, certificatePem: "CERT", privateKey: "KEY" } }),
                call: () => ({ partition: "aws", accountId: "123456789012" }),
            },
            "fleet",
            "eu-central-1",
            false,
        );
        observeRegistrations((req) => {
            if (req.getType() === "aws:iot/certificate:Certificate") secretOutputs[req.getName()] = req.getAdditionalsecretoutputsList();
        });
        const { SiteProvisioning } = await import("../../components/site/provisioning");
        const out = (v: string) => pulumi.output(v);
        const p = new SiteProvisioning("lab-provisioning", {
            fleet: model,
            site: model.sites[0],
            region: {
                region: "eu-central-1",
                kmsKeyArn: out("k"),
                artifactsBucketName: out("b"),
                artifactsBucketArn: out("arn:aws:s3:::b"),
                telemetryStreamName: out("t"),
                telemetryStreamArn: out("ts"),
                transitGatewayId: out("tgw"),
            } as any,
            env: pulumi.output({ partition: "aws", region: "eu-central-1", account: "123456789012" }),
            policyName: out("acme-lab-gateway"),
            dependsOn: [],
            tags: {},
        });
        assert.equal(p.gateways.length, 2);
        for (const g of p.gateways) {
            assert.equal(await (pulumi.isSecret(g.privateKey!) as any), true, `${g.thingName} key is a secret`);
            assert.equal(await new Promise((resolve) => g.privateKey!.apply(resolve)), "KEY");
        }
        await new Promise((r) => setTimeout(r, 100));
        assert.deepEqual(Object.keys(secretOutputs).sort(), ["lab-gw-001-cert", "lab-gw-002-cert"]);
        for (const list of Object.values(secretOutputs)) assert.ok(list.includes("privateKey"), JSON.stringify(list));
    });
});
