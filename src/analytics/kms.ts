/**
 * The key policy of the region's customer KMS key. IAM roles of the stack get their key
 * permissions from their own policies (the account statement delegates to IAM); services that
 * act without a role of ours get narrow statements here, each bound to this account.
 */

export interface KeyPolicyRefs {
    partition: string;
    accountId: string;
    region: string;
}

export function keyPolicy(r: KeyPolicyRefs): Record<string, unknown> {
    const account = `arn:${r.partition}:iam::${r.accountId}:root`;
    const sourceAccount = { StringEquals: { "aws:SourceAccount": r.accountId } };
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "AccountAdministersKeyThroughIam", Effect: "Allow", Principal: { AWS: account }, Action: "kms:*", Resource: "*" },
            {
                Sid: "CloudWatchLogsEncryptsThisAccountsLogGroups",
                Effect: "Allow",
                Principal: { Service: `logs.${r.region}.amazonaws.com` },
                Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                Resource: "*",
                Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${r.partition}:logs:${r.region}:${r.accountId}:log-group:*` } },
            },
            {
                Sid: "AlarmsAndRulesPublishToEncryptedTopics",
                Effect: "Allow",
                Principal: { Service: ["cloudwatch.amazonaws.com", "events.amazonaws.com"] },
                Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                Resource: "*",
                Condition: sourceAccount,
            },
            {
                // EventBridge describes the key of a CMK-encrypted bus (to check it is symmetric) and
                // then uses it (EventBridge user guide, "Authorizing EventBridge to use a customer
                // managed key": kms:DescribeKey, kms:GenerateDataKey, kms:Decrypt)
                Sid: "EventBridgeDescribesKeyOfEncryptedBus",
                Effect: "Allow",
                Principal: { Service: "events.amazonaws.com" },
                Action: "kms:DescribeKey",
                Resource: "*",
                Condition: sourceAccount,
            },
            {
                // A state machine encrypted with this key delivers its logs through CloudWatch Logs'
                // vended-log delivery, which decrypts the execution data (Step Functions developer
                // guide, "Data at rest encryption", log delivery)
                Sid: "VendedLogDeliveryReadsEncryptedStateMachineData",
                Effect: "Allow",
                Principal: { Service: "delivery.logs.amazonaws.com" },
                Action: "kms:Decrypt",
                Resource: "*",
                Condition: sourceAccount,
            },
        ],
    };
}
