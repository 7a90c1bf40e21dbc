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

/** Every managed rule, grouped by the catalogue rule it mirrors. Order is the catalogue's. */
export const MANAGED_CONFIG_RULES: readonly ManagedConfigRule[] = [
    { identifier: "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED", policy: "s3-baseline" },
    { identifier: "S3_BUCKET_SSL_REQUESTS_ONLY", policy: "s3-baseline" },
    { identifier: "S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED", policy: "s3-baseline" },
    { identifier: "S3_DEFAULT_ENCRYPTION_KMS", policy: "s3-baseline" },
    { identifier: "S3_BUCKET_VERSIONING_ENABLED", policy: "s3-baseline" },
    { identifier: "S3_LIFECYCLE_POLICY_CHECK", policy: "s3-baseline" },
    { identifier: "KINESIS_STREAM_ENCRYPTED", policy: "kinesis-baseline" },
    { identifier: "KINESIS_STREAM_BACKUP_RETENTION_CHECK", policy: "kinesis-baseline", parameters: { minimumBackupRetentionPeriod: "168" } },
    { identifier: "DYNAMODB_PITR_ENABLED", policy: "dynamodb-baseline" },
    { identifier: "DYNAMODB_TABLE_ENCRYPTED_KMS", policy: "dynamodb-baseline" },
    { identifier: "DYNAMODB_TABLE_DELETION_PROTECTION_ENABLED", policy: "dynamodb-baseline" },
    { identifier: "RDS_STORAGE_ENCRYPTED", policy: "rds-baseline" },
    { identifier: "RDS_INSTANCE_PUBLIC_ACCESS_CHECK", policy: "rds-baseline" },
    { identifier: "RDS_INSTANCE_DELETION_PROTECTION_ENABLED", policy: "rds-baseline" },
    { identifier: "RDS_CLUSTER_DELETION_PROTECTION_ENABLED", policy: "rds-baseline" },
    { identifier: "RDS_CLUSTER_IAM_AUTHENTICATION_ENABLED", policy: "rds-baseline" },
    { identifier: "DB_INSTANCE_BACKUP_ENABLED", policy: "rds-baseline", parameters: { backupRetentionMinimum: "7" } },
    { identifier: "LAMBDA_FUNCTION_PUBLIC_ACCESS_PROHIBITED", policy: "lambda-baseline" },
    { identifier: "LAMBDA_FUNCTION_SETTINGS_CHECK", policy: "lambda-baseline", parameters: { runtime: SUPPORTED_LAMBDA_RUNTIMES.join(",") } },
    { identifier: "STEP_FUNCTIONS_STATE_MACHINE_LOGGING_ENABLED", policy: "sfn-logging", parameters: { logLevel: "ERROR" } },
    { identifier: "SNS_ENCRYPTED_KMS", policy: "sns-encrypted" },
    { identifier: "EKS_ENDPOINT_NO_PUBLIC_ACCESS", policy: "eks-baseline", requires: "eks" },
    { identifier: "EKS_SECRETS_ENCRYPTED", policy: "eks-baseline", requires: "eks" },
    { identifier: "EKS_CLUSTER_LOGGING_ENABLED", policy: "eks-baseline", requires: "eks" },
    { identifier: "NETFW_POLICY_DEFAULT_ACTION_FULL_PACKETS", policy: "ot-default-deny", parameters: { statelessDefaultActions: "aws:forward_to_sfe" } },
    // the fragment rule's one parameter is statelessFragmentDefaultActions (AWS Config developer
    // guide, netfw-policy-default-action-fragment-packets), not the full-packet rule's statelessDefaultActions
    {
        identifier: "NETFW_POLICY_DEFAULT_ACTION_FRAGMENT_PACKETS",
        policy: "ot-default-deny",
        parameters: { statelessFragmentDefaultActions: "aws:forward_to_sfe" },
    },
    { identifier: "NETFW_DELETION_PROTECTION_ENABLED", policy: "nfw-protections-on" },
    { identifier: "NETFW_MULTI_AZ_ENABLED", policy: "nfw-protections-on" },
    { identifier: "SAGEMAKER_MODEL_IN_VPC", policy: null, why: "model containers reach only the private workload subnets", requires: "sagemaker" },
    {
        identifier: "SAGEMAKER_ENDPOINT_CONFIGURATION_KMS_KEY_CONFIGURED",
        policy: null,
        why: "endpoint volumes encrypted with the region key",
        requires: "sagemaker",
    },
    { identifier: "ECS_CONTAINER_INSIGHTS_ENABLED", policy: null, why: "the apps platform is monitored", requires: "ecs" },
    { identifier: "SECURITYHUB_ENABLED", policy: null, why: "governance stays on: Security Hub is never switched off" },
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
