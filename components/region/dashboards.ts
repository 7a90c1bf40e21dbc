import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { regionNames } from "../../src/naming/region";
import { accountServiceRole, policyJson } from "./trust";
import type { PlatformAccountArgs } from "./refs";
import { pick } from "../../src/util/pick";

export interface DashboardsArgs extends PlatformAccountArgs {
    region: string;
    /** The lake and its catalog, read through Athena. */
    lakeBucketArn: pulumi.Input<string>;
    glueDatabaseName: pulumi.Input<string>;
    athenaWorkgroupName: pulumi.Input<string>;
    /** The data VPC, so Grafana reaches InfluxDB privately. */
    subnetIds: pulumi.Input<string>[];
    securityGroupId: pulumi.Input<string>;
}

/**
 * Amazon Managed Grafana: a workspace signed in through IAM Identity Center, in the data VPC
 * (reaches InfluxDB on its private endpoint), with a customer-managed role that may only read
 * the lake through its Athena workgroup and read CloudWatch metrics. Dashboards, one per site,
 * come from `fleet dashboards`.
 */
export class Dashboards extends pulumi.ComponentResource {
    readonly workspaceEndpoint: pulumi.Output<string>;

    constructor(name: string, args: DashboardsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:region:Dashboards", name, {}, opts);
        const child = { parent: this };
        const arn = (service: string, resource: pulumi.Input<string>) =>
            pulumi.interpolate`arn:${args.partition}:${service}:${args.region}:${args.accountId}:${resource}`;
        const { role } = accountServiceRole(
            `${name}-grafana`,
            "grafana.amazonaws.com",
            {
                description: "Managed Grafana workspace: read the data lake and metrics",
                accountId: args.accountId,
                tags: args.tags,
                policy: policyJson([
                    {
                        Sid: "AthenaWorkgroup",
                        Effect: "Allow",
                        Action: [
                            "athena:GetWorkGroup",
                            "athena:StartQueryExecution",
                            "athena:StopQueryExecution",
                            "athena:GetQueryExecution",
                            "athena:GetQueryResults",
                            "athena:ListQueryExecutions",
                        ],
                        Resource: arn("athena", pulumi.interpolate`workgroup/${args.athenaWorkgroupName}`),
                    },
                    {
                        Sid: "AthenaCatalogs",
                        Effect: "Allow",
                        Action: [
                            "athena:ListDataCatalogs",
                            "athena:ListWorkGroups",
                            "athena:GetDataCatalog",
                            "athena:ListDatabases",
                            "athena:ListTableMetadata",
                            "athena:GetTableMetadata",
                        ],
                        Resource: "*",
                    },
                    {
                        Sid: "GlueCatalog",
                        Effect: "Allow",
                        Action: ["glue:GetDatabase", "glue:GetDatabases", "glue:GetTable", "glue:GetTables", "glue:GetPartition", "glue:GetPartitions"],
                        Resource: [
                            arn("glue", "catalog"),
                            arn("glue", pulumi.interpolate`database/${args.glueDatabaseName}`),
                            arn("glue", pulumi.interpolate`table/${args.glueDatabaseName}/*`),
                        ],
                    },
                    {
                        Sid: "ReadLake",
                        Effect: "Allow",
                        Action: ["s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation"],
                        Resource: [args.lakeBucketArn, pulumi.interpolate`${args.lakeBucketArn}/*`],
                    },
                    {
                        Sid: "WriteQueryResults",
                        Effect: "Allow",
                        Action: ["s3:PutObject", "s3:AbortMultipartUpload"],
                        Resource: pulumi.interpolate`${args.lakeBucketArn}/athena-results/*`,
                    },
                    { Sid: "PlatformKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: args.kmsKeyArn },
                    {
                        Sid: "Metrics",
                        Effect: "Allow",
                        Action: ["cloudwatch:GetMetricData", "cloudwatch:ListMetrics", "cloudwatch:DescribeAlarms", "cloudwatch:GetMetricStatistics"],
                        Resource: "*",
                    },
                ]),
            },
            child,
        );
        const workspace = new aws.grafana.Workspace(
            `${name}-grafana`,
            {
                name: regionNames.grafanaWorkspace(args.fleetName, args.region),
                description: `${args.fleetName} operations dashboards, one folder per site`,
                accountAccessType: "CURRENT_ACCOUNT",
                authenticationProviders: ["AWS_SSO"],
                permissionType: "CUSTOMER_MANAGED",
                roleArn: role.arn,
                dataSources: ["ATHENA", "CLOUDWATCH"],
                grafanaVersion: "10.4",
                vpcConfiguration: { subnetIds: args.subnetIds, securityGroupIds: [args.securityGroupId] },
                tags: args.tags,
            },
            child,
        );
        this.workspaceEndpoint = workspace.endpoint;
        this.registerOutputs(pick(this, ["workspaceEndpoint"]));
    }
}
