/** The role an AWS service assumes to read a region's data (artifacts bucket, region key). */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { PolicyDocument } from "../../src/iam";
import { toJson } from "../../src/iam";
import { iamServiceRole } from "./trust";
import type { Scope } from "../../src/region/ml";

export interface DataAccessRoleArgs {
    /** Service principal that assumes the role, e.g. `sagemaker.amazonaws.com`. */
    service: string;
    /** The region the role's service runs in. */
    region: string;
    /** Account of the stack (`aws.getCallerIdentityOutput().accountId`). */
    account: pulumi.Output<string>;
    /** Partition of the stack (`aws.getPartitionOutput().partition`). */
    partition: pulumi.Output<string>;
    /** The bucket the service reads (and writes). */
    bucketArn: pulumi.Input<string>;
    /** The customer KMS key of that data. */
    kmsKeyArn: pulumi.Input<string>;
    /** The inline policy, a pure function of the account scope and the data's ARNs (src/region/, src/iam/). */
    policy: (scope: Scope, data: { bucketArn: string; kmsKeyArn: string }) => PolicyDocument;
    /** Tags of the role. */
    tags: Record<string, string>;
}

/**
 * A role `service` assumes on behalf of this account only (serviceTrust), and its inline policy
 * `name`, both named `name` and children of `parent`. Resources that use the role should depend
 * on `policy`, so the service never runs with the role before it may read its data.
 */
export function dataAccessRole(name: string, args: DataAccessRoleArgs, parent: pulumi.Resource): { role: aws.iam.Role; policy: aws.iam.RolePolicy } {
    return iamServiceRole(
        name,
        args.service,
        {
            account: args.account,
            tags: args.tags,
            policy: pulumi
                .all([args.partition, args.account, pulumi.output(args.bucketArn), pulumi.output(args.kmsKeyArn)])
                .apply(([partition, account, bucketArn, kmsKeyArn]) =>
                    toJson(args.policy({ partition, region: args.region, account }, { bucketArn, kmsKeyArn })),
                ),
        },
        { parent },
    );
}
