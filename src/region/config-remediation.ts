/**
 * AWS Config remediation of the managed rules (src/region/config-rules.ts): automatic, with
 * retry limits, where AWS publishes an SSM Automation runbook that fixes the resource; every
 * other rule stays notify-only with the reason stated here (docs/security-operations.md lists
 * both, the policy rule `config-rule-remediated` checks that no rule is left without either).
 *
 * Runbook names and parameters are from the AWS Systems Manager Automation runbook reference
 * (https://docs.aws.amazon.com/systems-manager-automation-runbooks/latest/userguide/):
 * - AWS-DisableS3BucketPublicReadWrite (automation-aws-disables3bucketpublicreadwrite.html): S3BucketName, AutomationAssumeRole
 * - AWSConfigRemediation-RestrictBucketSSLRequestsOnly (automation-aws-s3-deny-http.html): BucketName, AutomationAssumeRole
 * - AWS-EnableS3BucketKeys (automation-aws-enableS3bucketkeys.html): BucketName, KMSKeyId, AutomationAssumeRole
 * - AWSConfigRemediation-EnablePITRForDynamoDbTable (automation-aws-enable-pitr-ddb.html): TableName, AutomationAssumeRole
 */
import { doc, type PolicyDocument } from "../iam";
import type { ManagedConfigRule } from "./config-rules";

export interface ConfigRemediation {
    /** The managed rule identifier it fixes. */
    rule: string;
    /** The SSM Automation runbook (TargetId of the remediation configuration). */
    document: string;
    resourceType: string;
    /** The runbook parameter that receives the non-compliant resource's ID. */
    resourceParameter: string;
    /** Further parameters: `kmsKey` is the region's KMS key ARN. */
    static?: Record<string, "kmsKey">;
    /** What the runbook's role needs (the "Required IAM permissions" of the runbook page), besides SSM's own. */
    actions: string[];
}

/** Attempts before AWS Config gives up on a resource, and the window they are counted in (seconds). */
export const MAX_AUTOMATIC_ATTEMPTS = 5;
export const RETRY_ATTEMPT_SECONDS = 600;

export const CONFIG_REMEDIATIONS: readonly ConfigRemediation[] = [
    {
        rule: "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED",
        document: "AWS-DisableS3BucketPublicReadWrite",
        resourceType: "AWS::S3::Bucket",
        resourceParameter: "S3BucketName",
        actions: ["s3:PutBucketPublicAccessBlock", "s3:GetBucketPublicAccessBlock"],
    },
    {
        rule: "S3_BUCKET_SSL_REQUESTS_ONLY",
        document: "AWSConfigRemediation-RestrictBucketSSLRequestsOnly",
        resourceType: "AWS::S3::Bucket",
        resourceParameter: "BucketName",
        actions: ["s3:DeleteBucketPolicy", "s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:PutEncryptionConfiguration"],
    },
    {
        rule: "S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED",
        document: "AWS-EnableS3BucketKeys",
        resourceType: "AWS::S3::Bucket",
        resourceParameter: "BucketName",
        static: { KMSKeyId: "kmsKey" },
        actions: ["s3:GetEncryptionConfiguration", "s3:PutEncryptionConfiguration"],
    },
    {
        rule: "DYNAMODB_PITR_ENABLED",
        document: "AWSConfigRemediation-EnablePITRForDynamoDbTable",
        resourceType: "AWS::DynamoDB::Table",
        resourceParameter: "TableName",
        actions: ["dynamodb:DescribeContinuousBackups", "dynamodb:UpdateContinuousBackups"],
    },
];

/**
 * Why a rule stays notify-only. The default: fixing it from outside Pulumi would fight the
 * stack (the plan is the source of truth, and the policy pack already blocks the bad plan), or
 * the fix needs a decision (deletion protection, retention, network exposure).
 */
export const NOTIFY_ONLY_REASONS: Readonly<Record<string, string>> = {
    S3_DEFAULT_ENCRYPTION_KMS: "the key choice is the stack's; AWS-EnableS3BucketKeys on the SSE rule already sets the region key",
    S3_BUCKET_VERSIONING_ENABLED: "versioning cannot be turned off again, only suspended: an operator decides",
    S3_LIFECYCLE_POLICY_CHECK: "retention is a data decision of the site files",
    KINESIS_STREAM_ENCRYPTED: "re-encrypting a live stream changes its key for every consumer: redeploy the stack",
    KINESIS_STREAM_BACKUP_RETENTION_CHECK: "retention is a cost decision of the site files",
    DYNAMODB_TABLE_ENCRYPTED_KMS: "changing a table key is a stack change",
    DYNAMODB_TABLE_DELETION_PROTECTION_ENABLED: "the stack sets it; drift means someone turned it off on purpose: investigate",
    RDS_STORAGE_ENCRYPTED: "storage encryption cannot be added to a running instance (snapshot and restore)",
    RDS_INSTANCE_PUBLIC_ACCESS_CHECK: "modifying a database instance restarts connections: an operator decides when",
    RDS_INSTANCE_DELETION_PROTECTION_ENABLED: "the stack sets it; drift means someone turned it off on purpose: investigate",
    RDS_CLUSTER_DELETION_PROTECTION_ENABLED: "the stack sets it; drift means someone turned it off on purpose: investigate",
    RDS_CLUSTER_IAM_AUTHENTICATION_ENABLED: "a cluster modification an operator schedules",
    DB_INSTANCE_BACKUP_ENABLED: "retention is a cost decision of the stack",
    LAMBDA_FUNCTION_PUBLIC_ACCESS_PROHIBITED: "removing a resource policy statement can break an integration: investigate who added it",
    LAMBDA_FUNCTION_SETTINGS_CHECK: "a runtime upgrade is a code change and a redeploy",
    STEP_FUNCTIONS_STATE_MACHINE_LOGGING_ENABLED: "logging is set by the stack: redeploy",
    SNS_ENCRYPTED_KMS: "re-keying a topic changes which publishers may use it: redeploy",
    EKS_ENDPOINT_NO_PUBLIC_ACCESS: "closing the endpoint cuts operators' kubectl: an operator decides",
    EKS_SECRETS_ENCRYPTED: "envelope encryption is enabled once, by the stack",
    EKS_CLUSTER_LOGGING_ENABLED: "logging is set by the stack: redeploy",
    NETFW_POLICY_DEFAULT_ACTION_FULL_PACKETS: "changing the OT firewall's default action can stop production traffic",
    NETFW_POLICY_DEFAULT_ACTION_FRAGMENT_PACKETS: "changing the OT firewall's default action can stop production traffic",
    NETFW_DELETION_PROTECTION_ENABLED: "the stack sets it; drift means someone turned it off on purpose: investigate",
    NETFW_MULTI_AZ_ENABLED: "adding an endpoint changes routing: redeploy the network",
    SAGEMAKER_MODEL_IN_VPC: "a model is recreated, not modified: redeploy",
    SAGEMAKER_ENDPOINT_CONFIGURATION_KMS_KEY_CONFIGURED: "endpoint configurations are immutable: redeploy",
    ECS_CONTAINER_INSIGHTS_ENABLED: "set by the stack: redeploy",
    SECURITYHUB_ENABLED: "re-enabling Security Hub is the stack's RegionalGovernance: redeploy",
};

/** The remediation of a rule, or its notify-only reason, or neither (a gap the policy rule reports). */
export function remediationOf(rule: Pick<ManagedConfigRule, "identifier">): { remediation?: ConfigRemediation; reason?: string } {
    const remediation = CONFIG_REMEDIATIONS.find((r) => r.rule === rule.identifier);
    return remediation ? { remediation } : { reason: NOTIFY_ONLY_REASONS[rule.identifier] };
}

/** `parameters` of aws.cfg.RemediationConfiguration: the resource ID, the role, and the static values. */
export function remediationParameters(r: ConfigRemediation, roleArn: string, kmsKeyArn: string) {
    return [
        { name: "AutomationAssumeRole", staticValue: roleArn },
        { name: r.resourceParameter, resourceValue: "RESOURCE_ID" },
        ...Object.entries(r.static ?? {}).map(([name]) => ({ name, staticValue: kmsKeyArn })),
    ];
}

/** The Automation role: what the runbooks of the region's remediations call, on the fleet's resources. */
export function automationRolePolicy(remediations: readonly ConfigRemediation[], kmsKeyArn: string): PolicyDocument {
    const actions = [...new Set(remediations.flatMap((r) => r.actions))].sort();
    return doc(
        { Sid: "Runbooks", Effect: "Allow", Action: actions, Resource: ["*"] },
        { Sid: "RegionKey", Effect: "Allow", Action: ["kms:DescribeKey", "kms:GenerateDataKey"], Resource: [kmsKeyArn] },
    );
}
