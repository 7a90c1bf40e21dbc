import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceTrustPolicy, type AwsEnv } from "../../src/edge";
import { serviceTrust, toJson } from "../../src/iam";

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

/**
 * The other trust text of a role a service assumes for this account only: src/iam serviceTrust
 * (Action a list), the text the roles of iamServiceRole (and governance's managed-policy roles)
 * were planned with.
 */
export function iamServiceTrust(service: string, account: pulumi.Output<string>): pulumi.Output<string> {
    return account.apply((a) => toJson(serviceTrust(service, a)));
}

/** A role `service` assumes for this account only (iamServiceTrust) and its inline policy of the same name, on the role's id. */
export function iamServiceRole(
    name: string,
    service: string,
    a: { account: pulumi.Output<string>; tags: Record<string, string>; policy: pulumi.Input<string> },
    opts: pulumi.CustomResourceOptions,
): { role: aws.iam.Role; policy: aws.iam.RolePolicy } {
    const role = new aws.iam.Role(name, { assumeRolePolicy: iamServiceTrust(service, a.account), tags: a.tags }, opts);
    return { role, policy: new aws.iam.RolePolicy(name, { role: role.id, policy: a.policy }, opts) };
}

/** A policy document of these statements (JSON text, the form the roles were planned with). */
export function policyJson(statements: pulumi.Input<pulumi.Input<Record<string, unknown>>[]>): pulumi.Output<string> {
    return pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements });
}

/** What a service role is for, its tags and its inline policy. */
interface RoleArgs {
    description: pulumi.Input<string>;
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** The inline policy (JSON text); none: the caller attaches its own. */
    policy?: pulumi.Input<string>;
}

interface ServiceRoleArgs extends RoleArgs {
    accountId: pulumi.Input<string>;
}

/** The role `name` with this trust policy (JSON text), what it is for and its tags. */
function describedRole(name: string, assumeRolePolicy: pulumi.Input<string>, a: RoleArgs, opts: pulumi.CustomResourceOptions): aws.iam.Role {
    return new aws.iam.Role(name, { description: a.description, assumeRolePolicy, tags: a.tags }, opts);
}

/** The inline policy `name` of `role` (by the role's name). */
function inlinePolicy(name: string, role: aws.iam.Role, policy: pulumi.Input<string>, opts: pulumi.CustomResourceOptions): aws.iam.RolePolicy {
    return new aws.iam.RolePolicy(name, { role: role.name, policy }, opts);
}

/**
 * A role `service` assumes for this account only (accountServiceTrust), with what it is for and
 * the tags, and its inline policy of the same name when `policy` is given.
 */
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
    const role = describedRole(name, accountServiceTrust(service, a.accountId), a, opts);
    return { role, policy: a.policy === undefined ? undefined : inlinePolicy(name, role, a.policy, opts) };
}

/**
 * A role `service` assumes, trusted without an account condition (src/edge serviceTrustPolicy,
 * the text these roles were planned with), and its inline policy `policyName` (default: the
 * role's name).
 */
export function serviceRole(
    name: string,
    service: string,
    a: RoleArgs & { policy: pulumi.Input<string> },
    opts: pulumi.CustomResourceOptions,
    policyName = name,
): { role: aws.iam.Role; policy: aws.iam.RolePolicy } {
    const role = describedRole(name, JSON.stringify(serviceTrustPolicy(service)), a, opts);
    return { role, policy: inlinePolicy(policyName, role, a.policy, opts) };
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
