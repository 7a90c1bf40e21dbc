import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DATA_SET_OWNER_ACTIONS, DATA_SOURCE_OWNER_ACTIONS, dataSetId, dataSourceId, lakeNames, telemetryColumns } from "../../src/region/bi";
import { callerScope } from "./trust";
import { pick } from "../../src/util/pick";
import type { RegionContextArgs } from "./refs";

export interface BusinessIntelligenceArgs extends RegionContextArgs {
    /** The platform key that encrypts the lake and the Athena query results. */
    kmsKeyArn: pulumi.Input<string>;
    /**
     * QuickSight users or groups (ARNs) that own the data source and data set besides the
     * stack's own owners group (`<fleet>-bi-owners`, always granted).
     * @default - only the owners group
     */
    ownerArns?: pulumi.Input<string>[];
}

/** QuickSight's service role (created with the account's QuickSight subscription). */
export const QUICKSIGHT_SERVICE_ROLE = "service-role/aws-quicksight-service-role-v0";

/**
 * BI over the Athena lake: a QuickSight data source of type ATHENA on the region's Athena
 * workgroup (which enforces encrypted query results) and a direct-query data set on the
 * telemetry table of the Glue catalog. Requires a QuickSight subscription in the account, and
 * QuickSight's service role granted the lake bucket, the Glue catalog and the KMS key
 * (QuickSight "Security & permissions"; see docs/architecture.md).
 */
export class BusinessIntelligence extends pulumi.ComponentResource {
    readonly dataSourceArn: pulumi.Output<string>;
    readonly dataSetArn: pulumi.Output<string>;

    constructor(name: string, args: BusinessIntelligenceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:region:BusinessIntelligence", name, {}, opts);
        const parent = { parent: this };
        const { fleet, tags } = args;
        const lake = lakeNames(fleet.name);
        // A data source or data set without permissions is visible to no QuickSight user (QuickSight
        // API reference, CreateDataSource/CreateDataSet `Permissions`): the stack makes an owners
        // group and grants it; operators add users to the group.
        const group = new aws.quicksight.Group(
            "bi-owners",
            { groupName: `${fleet.name}-bi-owners`, namespace: "default", description: "Owners of the fleet's BI data" },
            parent,
        );
        const owners = [group.arn, ...(args.ownerArns ?? [])];
        // QuickSight reads the lake and Athena's results through its service role; both are
        // encrypted with the platform key, so the role needs to decrypt with it (QuickSight user
        // guide, "Security & permissions": KMS keys of Athena data)
        const { identity, partition } = callerScope(this);
        new aws.kms.Grant(
            "quicksight-lake-key",
            {
                name: `${fleet.name}-quicksight-lake`,
                keyId: args.kmsKeyArn,
                granteePrincipal: pulumi.interpolate`arn:${partition.partition}:iam::${identity.accountId}:role/${QUICKSIGHT_SERVICE_ROLE}`,
                operations: ["Decrypt", "DescribeKey", "GenerateDataKey"],
            },
            parent,
        );
        const dataSource = new aws.quicksight.DataSource(
            "lake",
            {
                dataSourceId: dataSourceId(fleet.name),
                name: `${fleet.name} telemetry lake (Athena)`,
                type: "ATHENA",
                parameters: { athena: { workGroup: lake.workgroup } },
                sslProperties: { disableSsl: false },
                permissions: owners.map((principal) => ({ principal, actions: DATA_SOURCE_OWNER_ACTIONS })),
                tags,
            },
            parent,
        );
        const dataSet = new aws.quicksight.DataSet(
            "telemetry",
            {
                dataSetId: dataSetId(fleet.name),
                name: `${fleet.name} telemetry`,
                importMode: "DIRECT_QUERY",
                physicalTableMaps: [
                    {
                        physicalTableMapId: "readings",
                        relationalTable: {
                            dataSourceArn: dataSource.arn,
                            catalog: "AwsDataCatalog",
                            schema: lake.database,
                            name: lake.table,
                            inputColumns: telemetryColumns(),
                        },
                    },
                ],
                permissions: owners.map((principal) => ({ principal, actions: DATA_SET_OWNER_ACTIONS })),
                tags,
            },
            parent,
        );
        this.dataSourceArn = dataSource.arn;
        this.dataSetArn = dataSet.arn;
        this.registerOutputs(pick(this, ["dataSourceArn", "dataSetArn"]));
    }
}
