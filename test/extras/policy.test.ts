import * as assert from "node:assert/strict";
import { evaluate, type CheckFinding } from "../../src/check/engine";
import { fromPlan } from "../../src/check/sources";
import { rule as eksBaseline } from "../../policies/rules/eks-baseline";
import type { RuleResource } from "../../policies/lib/types";
import { planRegion } from "../../src/plan/plan";
import { allOptionsFleet } from "./helpers";

const MINE = /fleet:region:(RegionalGovernance|WorkloadNetwork|PredictiveMaintenance|MaintenanceReports|AppsPlatform|BusinessIntelligence)/;
const show = (fs: CheckFinding[]) => fs.map((f) => `${f.rule} ${f.type} ${f.name}: ${f.message}`);

describe("extras: the policy pack on every option turned on", function () {
    this.timeout(300_000);
    const resources: Record<string, RuleResource[]> = {};

    before(async () => {
        for (const region of ["eu-central-1", "us-east-2"]) resources[region] = fromPlan(await planRegion(allOptionsFleet(), region, { sites: [] }));
    });

    for (const region of ["eu-central-1", "us-east-2"]) {
        it(`${region}: no finding on the governance, ML, reports, apps and BI resources`, () => {
            const result = evaluate({ resources: resources[region], sites: [] });
            const mine = result.findings.filter((f) => f.urn && MINE.test(f.urn));
            assert.deepEqual(show(mine), []);
        });
    }

    it("the pack does judge these resources: an unversioned Config bucket is reported", () => {
        const mutated = resources["eu-central-1"].map((r) =>
            r.type === "aws:s3/bucketVersioning:BucketVersioning" && r.name === "config-history-versioning"
                ? { ...r, props: { ...r.props, versioningConfiguration: { status: "Suspended" } } }
                : r,
        );
        const found = evaluate({ resources: mutated, sites: [] }).findings.filter((f) => f.rule === "s3-baseline" && f.urn && MINE.test(f.urn));
        assert.equal(found.length, 1, JSON.stringify(show(found)));
    });

    it("the pack does judge these resources: an unencrypted audit topic is reported", () => {
        const mutated = resources["eu-central-1"].map((r) =>
            r.type === "aws:sns/topic:Topic" && r.name === "audit-findings" ? { ...r, props: { ...r.props, kmsMasterKeyId: undefined } } : r,
        );
        assert.equal(evaluate({ resources: mutated, sites: [] }).findings.filter((f) => f.rule === "sns-encrypted" && f.name === "audit-findings").length, 1);
    });

    it("eks-baseline passes on the cluster @pulumi/eks creates from the apps cluster's inputs", () => {
        // The plan holds the @pulumi/eks component (a remote component: its aws:eks/cluster:Cluster
        // child exists only in a real preview). Map its inputs the way @pulumi/eks does.
        const component = resources["eu-central-1"].find((r) => r.type === "eks:index:Cluster")!;
        const p = component.props;
        const cluster: RuleResource = {
            type: "aws:eks/cluster:Cluster",
            urn: `${component.urn}$aws:eks/cluster:Cluster::apps-eksCluster`,
            name: "apps-eksCluster",
            props: {
                vpcConfig: {
                    endpointPrivateAccess: p.endpointPrivateAccess,
                    endpointPublicAccess: p.endpointPublicAccess,
                    publicAccessCidrs: p.publicAccessCidrs,
                },
                encryptionConfig: { resources: ["secrets"], provider: { keyArn: p.encryptionConfigKeyArn } },
                enabledClusterLogTypes: p.enabledClusterLogTypes,
            },
        };
        assert.deepEqual(eksBaseline.resource!.check(cluster), []);
        const publicCluster = { ...cluster, props: { ...cluster.props, vpcConfig: { endpointPublicAccess: true } } };
        assert.equal(eksBaseline.resource!.check(publicCluster).length, 1);
    });

    it("nothing of a retired service anywhere in the plan", () => {
        for (const region of Object.keys(resources)) {
            const retired = evaluate({ resources: resources[region], sites: [] }).findings.filter((f) => f.rule === "no-retired-services");
            assert.deepEqual(show(retired), []);
        }
    });
});
