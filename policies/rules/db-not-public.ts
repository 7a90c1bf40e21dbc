/** db-not-public: the metadata and checks of one rule (see `details`). */
import { defineRule } from "../lib/define";
import type { ResourceFinding, Rule } from "../lib/types";
import { containsUnknown, get } from "../lib/values";

/**
 * Database and search-domain types, and what makes each reachable from the internet: its
 * `publiclyAccessible` flag, or (OpenSearch) a domain outside the VPC (no `vpcOptions`).
 */
const EXPOSED_BY: Record<string, "publiclyAccessible" | "vpcOptions"> = {
    "aws:rds/instance:Instance": "publiclyAccessible",
    "aws:rds/clusterInstance:ClusterInstance": "publiclyAccessible",
    "aws-native:rds:DbInstance": "publiclyAccessible",
    "aws:timestreaminfluxdb/dbInstance:DbInstance": "publiclyAccessible",
    "aws:timestreaminfluxdb/dbCluster:DbCluster": "publiclyAccessible",
    "aws-native:timestream:InfluxDbInstance": "publiclyAccessible",
    "aws-native:timestream:InfluxDbCluster": "publiclyAccessible",
    "aws:redshift/cluster:Cluster": "publiclyAccessible",
    "aws-native:redshift:Cluster": "publiclyAccessible",
    "aws:dms/replicationInstance:ReplicationInstance": "publiclyAccessible",
    "aws:neptune/clusterInstance:ClusterInstance": "publiclyAccessible",
    "aws:docdb/clusterInstance:ClusterInstance": "publiclyAccessible",
    "aws:opensearch/domain:Domain": "vpcOptions",
    "aws-native:opensearchservice:Domain": "vpcOptions",
};

export const rule: Rule = defineRule({
    name: "db-not-public",
    severity: "mandatory",
    securitySeverity: 9.1,
    description: "No database or search domain of any type is reachable from the internet.",
    mirrors: "awsguard rds-instance-public-access-check, redshift-cluster-public-access-check, Security Hub RDS.2, Redshift.1, Opensearch.2",
    details:
        "Every database and search domain type a fleet can contain (RDS and Aurora instances, aws and aws-native; Timestream for InfluxDB instances and clusters; Redshift; DMS replication instances; Neptune and DocumentDB instances) has `publiclyAccessible` off; the AWS default is off, so only an explicit `true` is a violation. OpenSearch domains run in a VPC (`vpcOptions`), never on a public endpoint.",
    resource: {
        types: Object.keys(EXPOSED_BY),
        check(r) {
            if (EXPOSED_BY[r.type] === "vpcOptions") {
                const vpc = r.props.vpcOptions;
                if (containsUnknown(vpc)) return [{ message: "vpcOptions is unknown until the deployment runs; cannot be checked at preview", unknown: true }];
                const subnets = get(vpc, "subnetIds");
                return Array.isArray(subnets) && subnets.length > 0
                    ? []
                    : [{ message: "the domain has a public endpoint (no vpcOptions.subnetIds); run it in the VPC" }];
            }
            const v = r.props.publiclyAccessible;
            const out: ResourceFinding[] = [];
            if (containsUnknown(v))
                out.push({ message: "publiclyAccessible is unknown until the deployment runs; cannot be checked at preview", unknown: true });
            else if (v === true || v === "true")
                out.push({ message: "the database is publicly accessible; set publiclyAccessible: false and reach it from the VPC" });
            return out;
        },
    },
});
