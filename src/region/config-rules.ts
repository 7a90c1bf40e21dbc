/**
 * The AWS Config managed rules a region records, mapped from the policy catalogue
 * (policies/catalogue.ts): the pack blocks a bad plan before deployment, these rules watch the
 * deployed account afterwards, including drift made outside Pulumi.
 *
 * Every identifier below is an AWS Config managed rule identifier (SourceIdentifier) as listed
 * in the AWS Config developer guide, "List of AWS Config Managed Rules". Rules the catalogue
 * has no managed equivalent for (IoT policy scoping, OT conduits) are checked by Device
 * Defender audit (src/global/device-defender.ts) and by the policy pack only.
 */
import { SUPPORTED_LAMBDA_RUNTIMES } from "../analytics/lambda-runtime";

export interface ManagedConfigRule {
    /** The AWS managed rule identifier, e.g. `S3_BUCKET_SSL_REQUESTS_ONLY`. */
    identifier: string;
    /**
     * The policy-catalogue rule this mirrors after deployment, or `null` for a rule beyond the
     * catalogue (then `why` says why it is recorded).
     */
    policy: string | null;
    why?: string;
    /** Rule parameters (AWS Config InputParameters); values are strings as the API wants. */
    parameters?: Record<string, string>;
    /**
     * Only evaluated where the service is deployed (e.g. EKS rules only where a region runs
     * EKS): the region switch that must be on, if any.
     */
    requires?: "eks" | "ecs" | "sagemaker";
}

/** Lambda runtimes the pack accepts (lambda-baseline), for LAMBDA_FUNCTION_SETTINGS_CHECK: one list, src/analytics/lambda-runtime.ts. */
export { SUPPORTED_LAMBDA_RUNTIMES };

type RuleEntry = string | [identifier: string, parameters: Record<string, string>];

/** The managed rules that mirror one catalogue rule, in order: an identifier, or an identifier with its parameters. */
function mirroring(policy: string, requires: ManagedConfigRule["requires"], ...rules: RuleEntry[]): ManagedConfigRule[] {
    return rules.map((r) => {
        const [identifier, parameters] = typeof r === "string" ? [r, undefined] : r;
        return { identifier, policy, ...(parameters && { parameters }), ...(requires && { requires }) };
    });
}

/** A managed rule beyond the catalogue, with why it is recorded. */
function beyond(identifier: string, why: string, requires?: ManagedConfigRule["requires"]): ManagedConfigRule {
    return { identifier, policy: null, why, ...(requires && { requires }) };
}

/** Every managed rule, grouped by the catalogue rule it mirrors. Order is the catalogue's. */
export const MANAGED_CONFIG_RULES: readonly ManagedConfigRule[] = [
    ...mirroring(
        "s3-baseline",
        undefined,
        "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED",
        "S3_BUCKET_SSL_REQUESTS_ONLY",
        "S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED",
        "S3_DEFAULT_ENCRYPTION_KMS",
        "S3_BUCKET_VERSIONING_ENABLED",
        "S3_LIFECYCLE_POLICY_CHECK",
    ),
    ...mirroring("kinesis-baseline", undefined, "KINESIS_STREAM_ENCRYPTED", ["KINESIS_STREAM_BACKUP_RETENTION_CHECK", { minimumBackupRetentionPeriod: "168" }]),
    ...mirroring("dynamodb-baseline", undefined, "DYNAMODB_PITR_ENABLED", "DYNAMODB_TABLE_ENCRYPTED_KMS", "DYNAMODB_TABLE_DELETION_PROTECTION_ENABLED"),
    ...mirroring(
        "rds-baseline",
        undefined,
        "RDS_STORAGE_ENCRYPTED",
        "RDS_INSTANCE_PUBLIC_ACCESS_CHECK",
        "RDS_INSTANCE_DELETION_PROTECTION_ENABLED",
        "RDS_CLUSTER_DELETION_PROTECTION_ENABLED",
        "RDS_CLUSTER_IAM_AUTHENTICATION_ENABLED",
        ["DB_INSTANCE_BACKUP_ENABLED", { backupRetentionMinimum: "7" }],
    ),
    ...mirroring("lambda-baseline", undefined, "LAMBDA_FUNCTION_PUBLIC_ACCESS_PROHIBITED", [
        "LAMBDA_FUNCTION_SETTINGS_CHECK",
        { runtime: SUPPORTED_LAMBDA_RUNTIMES.join(",") },
    ]),
    ...mirroring("sfn-logging", undefined, ["STEP_FUNCTIONS_STATE_MACHINE_LOGGING_ENABLED", { logLevel: "ERROR" }]),
    ...mirroring("sns-encrypted", undefined, "SNS_ENCRYPTED_KMS"),
    ...mirroring("eks-baseline", "eks", "EKS_ENDPOINT_NO_PUBLIC_ACCESS", "EKS_SECRETS_ENCRYPTED", "EKS_CLUSTER_LOGGING_ENABLED"),
    ...mirroring(
        "ot-default-deny",
        undefined,
        ["NETFW_POLICY_DEFAULT_ACTION_FULL_PACKETS", { statelessDefaultActions: "aws:forward_to_sfe" }],
        // the fragment rule's one parameter is statelessFragmentDefaultActions (AWS Config developer
        // guide, netfw-policy-default-action-fragment-packets), not the full-packet rule's statelessDefaultActions
        ["NETFW_POLICY_DEFAULT_ACTION_FRAGMENT_PACKETS", { statelessFragmentDefaultActions: "aws:forward_to_sfe" }],
    ),
    ...mirroring("nfw-protections-on", undefined, "NETFW_DELETION_PROTECTION_ENABLED", "NETFW_MULTI_AZ_ENABLED"),
    beyond("SAGEMAKER_MODEL_IN_VPC", "model containers reach only the private workload subnets", "sagemaker"),
    beyond("SAGEMAKER_ENDPOINT_CONFIGURATION_KMS_KEY_CONFIGURED", "endpoint volumes encrypted with the region key", "sagemaker"),
    beyond("ECS_CONTAINER_INSIGHTS_ENABLED", "the apps platform is monitored", "ecs"),
    beyond("SECURITYHUB_ENABLED", "governance stays on: Security Hub is never switched off"),
];

/** The switches of a region that decide which optional rules apply. */
export interface RuleSwitches {
    eks: boolean;
    ecs: boolean;
    sagemaker: boolean;
}

/** The managed rules for a region: every unconditional rule plus those its switches turn on. */
export function configRulesFor(switches: RuleSwitches): ManagedConfigRule[] {
    return MANAGED_CONFIG_RULES.filter((r) => r.requires === undefined || switches[r.requires]);
}

/**
 * The Config rule name: `<fleet>-<identifier in kebab case>`, at most 128 characters (the
 * AWS Config limit). Stable across reorderings: derived from the identifier alone.
 */
export function configRuleName(fleet: string, identifier: string): string {
    const name = `${fleet}-${identifier.toLowerCase().replace(/_/g, "-")}`;
    if (name.length > 128) throw new Error(`AWS Config rule name ${name} is longer than 128 characters; shorten the fleet name`);
    return name;
}

/** InputParameters as the API wants them: a JSON object of strings, or undefined. */
export function inputParameters(rule: ManagedConfigRule): string | undefined {
    return rule.parameters ? JSON.stringify(rule.parameters) : undefined;
}
