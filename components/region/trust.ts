import * as pulumi from "@pulumi/pulumi";

/**
 * The trust policy of a role an AWS service assumes for this account only (the confused-deputy
 * guard AWS recommends, `aws:SourceAccount`:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html). The JSON text is the
 * one the roles were planned with before this helper existed: Action a string, no Resource.
 */
export function accountServiceTrust(service: string, accountId: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: service },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": accountId } },
            },
        ],
    });
}
