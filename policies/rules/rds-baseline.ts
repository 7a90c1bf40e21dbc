/** rds-baseline: the metadata and checks of one rule (see `details`). */
import { defineRule } from "../lib/define";
import type { Finding, ResourceFinding, Rule, RuleResource } from "../lib/types";
import { containsUnknown, isObject, list } from "../lib/values";

const CLUSTER = "aws:rds/cluster:Cluster";
const INSTANCE = "aws:rds/instance:Instance";
const CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
export const MIN_BACKUP_DAYS = 7;

function flag(out: ResourceFinding[], v: unknown, what: string, fix: string): void {
    if (containsUnknown(v)) out.push({ message: `${what} is unknown until the deployment runs; cannot be checked at preview`, unknown: true });
    else if (v !== true) out.push({ message: `${what} is off; set ${fix}` });
}

function forcesTls(group: RuleResource): boolean {
    return list(group.props.parameters)
        .filter(isObject)
        .some(
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
        "RDS and Aurora: not publicly accessible, storage encrypted, deletion protection, backups kept at least 7 days, IAM database authentication, and TLS forced by the parameter group (`rds.force_ssl = 1` for PostgreSQL, `require_secure_transport = ON` for MySQL).",
    resource: {
        types: [CLUSTER, INSTANCE, CLUSTER_INSTANCE],
        check(r) {
            const out: ResourceFinding[] = [];
            if (r.type === CLUSTER_INSTANCE || r.type === INSTANCE) {
                const pub = r.props.publiclyAccessible;
                if (containsUnknown(pub))
                    out.push({ message: "publiclyAccessible is unknown until the deployment runs; cannot be checked at preview", unknown: true });
                else if (pub === true) out.push({ message: "publiclyAccessible is true; databases stay in private subnets" });
                if (r.type === CLUSTER_INSTANCE) return out;
            }
            flag(out, r.props.storageEncrypted, "storage encryption", "storageEncrypted: true (with kmsKeyId)");
            flag(out, r.props.deletionProtection, "deletion protection", "deletionProtection: true");
            flag(out, r.props.iamDatabaseAuthenticationEnabled, "IAM database authentication", "iamDatabaseAuthenticationEnabled: true");
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
        types: [CLUSTER, INSTANCE],
        check(stack) {
            const out: Finding[] = [];
            const targets: [RuleResource, unknown, string[]][] = [
                ...stack
                    .ofType(CLUSTER)
                    .map((c): [RuleResource, unknown, string[]] => [
                        c,
                        c.props.dbClusterParameterGroupName,
                        ["aws:rds/clusterParameterGroup:ClusterParameterGroup"],
                    ]),
                ...stack
                    .ofType(INSTANCE)
                    .map((i): [RuleResource, unknown, string[]] => [i, i.props.parameterGroupName, ["aws:rds/parameterGroup:ParameterGroup"]]),
            ];
            for (const [db, ref, types] of targets) {
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
