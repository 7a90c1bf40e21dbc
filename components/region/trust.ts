import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AwsEnv } from "../../src/edge";

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

/** A policy document of these statements (JSON text, the form the roles were planned with). */
export function policyJson(statements: pulumi.Input<pulumi.Input<Record<string, unknown>>[]>): pulumi.Output<string> {
    return pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements });
}

/**
 * A role `service` assumes for this account only (accountServiceTrust), with what it is for and
 * the tags, and its inline policy of the same name when `policy` is given.
 */
interface ServiceRoleArgs {
    description: pulumi.Input<string>;
    accountId: pulumi.Input<string>;
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** The inline policy (JSON text); none: the caller attaches its own. */
    policy?: pulumi.Input<string>;
}

export function accountServiceRole(
    name: string,
    service: string,
    a: ServiceRoleArgs & { policy: pulumi.Input<string> },
    opts: pulumi.CustomResourceOptions,
): { role: aws.iam.Role; policy: aws.iam.RolePolicy };
export function accountServiceRole(
    name: string,
    service: string,
    a: ServiceRoleArgs,
    opts: pulumi.CustomResourceOptions,
): { role: aws.iam.Role; policy?: aws.iam.RolePolicy };
export function accountServiceRole(
    name: string,
    service: string,
    a: ServiceRoleArgs,
    opts: pulumi.CustomResourceOptions,
): { role: aws.iam.Role; policy?: aws.iam.RolePolicy } {
    const role = new aws.iam.Role(name, { description: a.description, assumeRolePolicy: accountServiceTrust(service, a.accountId), tags: a.tags }, opts);
    return { role, policy: a.policy === undefined ? undefined : new aws.iam.RolePolicy(name, { role: role.name, policy: a.policy }, opts) };
}

/** The account (`identity.accountId`) and partition (`partition.partition`) a component's resources live in: the two invokes, parented to it. */
export function callerScope(parent: pulumi.Resource): {
    identity: pulumi.Output<aws.GetCallerIdentityResult>;
    partition: pulumi.Output<aws.GetPartitionResult>;
} {
    return { identity: aws.getCallerIdentityOutput({}, { parent }), partition: aws.getPartitionOutput({}, { parent }) };
}

/**
 * Partition, region and account of the stack as one value, the `AwsEnv` the policy builders of
 * src/edge and src/iam take: the two invokes, parented to `parent`.
 */
export function awsEnv(parent: pulumi.Resource, region: string): pulumi.Output<AwsEnv> {
    const invoke = { parent };
    return pulumi
        .all([aws.getPartitionOutput({}, invoke), aws.getCallerIdentityOutput({}, invoke)])
        .apply(([p, id]) => ({ partition: p.partition, region, account: id.accountId }));
}

/** The JSON text of `policy(env, arns)`, once the stack's scope (awsEnv) and every ARN in `arns` are known. */
export function envPolicyJson<A extends Record<string, pulumi.Input<string>>>(
    env: pulumi.Output<AwsEnv>,
    arns: A,
    policy: (env: AwsEnv, arns: pulumi.Unwrap<A>) => object,
): pulumi.Output<string> {
    return pulumi.all([env, pulumi.all(arns)]).apply(([e, a]) => JSON.stringify(policy(e, a as pulumi.Unwrap<A>)));
}
