/** db-not-public: the metadata and checks of one rule (see `details`). */
import { defineRule } from "../lib/define";
import type { ResourceFinding, Rule } from "../lib/types";
import { containsUnknown, get } from "../lib/values";

/** Database types and the property that makes them reachable from the internet. */
const PUBLIC_FLAG: Record<string, string> = {
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
};
const OPENSEARCH = ["aws:opensearch/domain:Domain", "aws-native:opensearchservice:Domain"];

export const rule: Rule = defineRule({
    name: "db-not-public",
    severity: "mandatory",
    securitySeverity: 9.1,
    description: "No database or search domain of any type is reachable from the internet.",
    mirrors: "awsguard rds-instance-public-access-check, redshift-cluster-public-access-check, Security Hub RDS.2, Redshift.1, Opensearch.2",
    details:
        "Every database and search domain type a fleet can contain (RDS and Aurora instances, aws and aws-native; Timestream for InfluxDB instances and clusters; Redshift; DMS replication instances; Neptune and DocumentDB instances) has `publiclyAccessible` off; the AWS default is off, so only an explicit `true` is a violation. OpenSearch domains run in a VPC (`vpcOptions`), never on a public endpoint.",
    resource: {
        types: [...Object.keys(PUBLIC_FLAG), ...OPENSEARCH],
        check(r) {
            if (OPENSEARCH.includes(r.type)) {
                const vpc = r.props.vpcOptions;
                if (containsUnknown(vpc)) return [{ message: "vpcOptions is unknown until the deployment runs; cannot be checked at preview", unknown: true }];
                const subnets = get(vpc, "subnetIds");
                return Array.isArray(subnets) && subnets.length > 0
                    ? []
                    : [{ message: "the domain has a public endpoint (no vpcOptions.subnetIds); run it in the VPC" }];
            }
            const v = r.props[PUBLIC_FLAG[r.type]];
            const out: ResourceFinding[] = [];
            if (containsUnknown(v))
                out.push({ message: "publiclyAccessible is unknown until the deployment runs; cannot be checked at preview", unknown: true });
            else if (v === true || v === "true")
                out.push({ message: "the database is publicly accessible; set publiclyAccessible: false and reach it from the VPC" });
            return out;
        },
    },
});
