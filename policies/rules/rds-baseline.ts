/** rds-baseline: the metadata and checks of one rule (see `details`). */
import { defineRule } from "../lib/define";
import type { Finding, ResourceFinding, Rule, RuleResource } from "../lib/types";
import { containsUnknown, isObject, list } from "../lib/values";

const CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
const NATIVE_INSTANCE = "aws-native:rds:DbInstance";
const CLUSTER_GROUPS = ["aws:rds/clusterParameterGroup:ClusterParameterGroup", "aws-native:rds:DbClusterParameterGroup"];
const INSTANCE_GROUPS = ["aws:rds/parameterGroup:ParameterGroup", "aws-native:rds:DbParameterGroup"];
/**
 * Clusters and stand-alone instances of both providers: the property that names the parameter
 * group, the group types it may name, and the IAM authentication flag. @pulumi/aws-native 1.79
 * rds/dbCluster.d.ts and rds/dbInstance.d.ts (an aws-native DbInstance with a dbClusterIdentifier
 * is a cluster member); the classic names from @pulumi/aws rds/cluster.d.ts and rds/instance.d.ts.
 */
const DATABASES: Record<string, { group: string; groupTypes: string[]; iamAuth: string }> = {
    "aws:rds/cluster:Cluster": { group: "dbClusterParameterGroupName", groupTypes: CLUSTER_GROUPS, iamAuth: "iamDatabaseAuthenticationEnabled" },
    "aws-native:rds:DbCluster": { group: "dbClusterParameterGroupName", groupTypes: CLUSTER_GROUPS, iamAuth: "enableIamDatabaseAuthentication" },
    "aws:rds/instance:Instance": { group: "parameterGroupName", groupTypes: INSTANCE_GROUPS, iamAuth: "iamDatabaseAuthenticationEnabled" },
    [NATIVE_INSTANCE]: { group: "dbParameterGroupName", groupTypes: INSTANCE_GROUPS, iamAuth: "enableIamDatabaseAuthentication" },
};
const CLUSTERS = ["aws:rds/cluster:Cluster", "aws-native:rds:DbCluster"];
export const MIN_BACKUP_DAYS = 7;

/** An instance of an Aurora cluster, whose storage, deletion protection, backups, IAM authentication and parameters are the cluster's. */
const clusterMember = (r: RuleResource) => r.type === CLUSTER_INSTANCE || (r.type === NATIVE_INSTANCE && r.props.dbClusterIdentifier !== undefined);

function flag(out: ResourceFinding[], v: unknown, what: string, fix: string): void {
    if (containsUnknown(v)) out.push({ message: `${what} is unknown until the deployment runs; cannot be checked at preview`, unknown: true });
    else if (v !== true) out.push({ message: `${what} is off; set ${fix}` });
}

/** Whether a parameter group forces TLS; the classic provider lists `{ name, value }` parameters, aws-native maps names to values. */
function forcesTls(group: RuleResource): boolean {
    const parameters = group.props.parameters;
    return (isObject(parameters) ? Object.entries(parameters).map(([name, value]) => ({ name, value })) : list(parameters).filter(isObject)).some(
        (p) =>
            (p.name === "rds.force_ssl" && String(p.value) === "1") ||
            (p.name === "require_secure_transport" && ["ON", "1", "TRUE"].includes(String(p.value).toUpperCase())),
    );
}

export const rule: Rule = defineRule({
    name: "rds-baseline",
    severity: "mandatory",
    securitySeverity: 7.5,
    description: "Not public, encrypted, deletion protection, backups of at least 7 days, IAM auth, TLS forced.",
    mirrors: "Security Hub RDS.2-RDS.27",
    details:
        "RDS and Aurora (aws and aws-native; an aws-native DbInstance in a cluster is judged through its cluster): not publicly accessible, storage encrypted, deletion protection, backups kept at least 7 days, IAM database authentication, and TLS forced by the parameter group (`rds.force_ssl = 1` for PostgreSQL, `require_secure_transport = ON` for MySQL; aws-native groups map names to values).",
    resource: {
        types: [...Object.keys(DATABASES), CLUSTER_INSTANCE],
        check(r) {
            const out: ResourceFinding[] = [];
            if (!CLUSTERS.includes(r.type)) {
                const pub = r.props.publiclyAccessible;
                if (containsUnknown(pub))
                    out.push({ message: "publiclyAccessible is unknown until the deployment runs; cannot be checked at preview", unknown: true });
                else if (pub === true) out.push({ message: "publiclyAccessible is true; databases stay in private subnets" });
                if (clusterMember(r)) return out;
            }
            flag(out, r.props.storageEncrypted, "storage encryption", "storageEncrypted: true (with kmsKeyId)");
            flag(out, r.props.deletionProtection, "deletion protection", "deletionProtection: true");
            const iamAuth = DATABASES[r.type].iamAuth;
            flag(out, r.props[iamAuth], "IAM database authentication", `${iamAuth}: true`);
            const days = r.props.backupRetentionPeriod;
            if (containsUnknown(days))
                out.push({ message: "backupRetentionPeriod is unknown until the deployment runs; cannot be checked at preview", unknown: true });
            else if (typeof days !== "number" || days < MIN_BACKUP_DAYS) {
                // Not a number: RDS keeps its default of one day.
                const n = typeof days === "number" ? days : 1;
                out.push({ message: `backups are kept ${n} day${n === 1 ? "" : "s"}; set backupRetentionPeriod to at least ${MIN_BACKUP_DAYS}` });
            }
            return out;
        },
    },
    stack: {
        types: Object.keys(DATABASES),
        check(stack) {
            const out: Finding[] = [];
            for (const db of stack.ofType(...Object.keys(DATABASES)).filter((d) => !clusterMember(d))) {
                const { group: refField, groupTypes: types } = DATABASES[db.type];
                const ref = db.props[refField];
                if (ref === undefined) {
                    out.push({
                        urn: db.urn,
                        message:
                            "TLS is not forced: no parameter group; use one that sets rds.force_ssl = 1 (PostgreSQL) or require_secure_transport = ON (MySQL)",
                    });
                    continue;
                }
                const group = stack.resolve(ref, types);
                if (group === "unknown")
                    out.push({ urn: db.urn, message: "the parameter group is unknown until the deployment runs; cannot be checked at preview", unknown: true });
                else if (!group)
                    out.push({
                        urn: db.urn,
                        message: `the parameter group ${JSON.stringify(ref)} is not in this stack; whether it forces TLS cannot be checked`,
                        unknown: true,
                    });
                else if (!forcesTls(group))
                    out.push({
                        urn: db.urn,
                        message: `TLS is not forced: parameter group ${group.name} does not set rds.force_ssl = 1 (PostgreSQL) or require_secure_transport = ON (MySQL)`,
                    });
            }
            return out;
        },
    },
});
