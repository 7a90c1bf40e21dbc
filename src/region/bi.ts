/**
 * BI over the lake: a QuickSight Athena data source on the region's Athena workgroup and a
 * direct-query data set on the telemetry table of the Glue catalog (names from the analytics
 * stack, src/naming/region.ts).
 */
import { PARTITION_KEYS, TELEMETRY_COLUMNS } from "../analytics/glue";
import { regionNames } from "../naming/region";

export type QuickSightColumnType = "STRING" | "DECIMAL" | "INTEGER" | "DATETIME";

/** QuickSight's type for a Glue column type of the lake table. */
export function quicksightType(glueType: string): QuickSightColumnType {
    switch (glueType) {
        case "string":
            return "STRING";
        case "int":
        case "bigint":
            return "INTEGER";
        case "double":
        case "float":
            return "DECIMAL";
        case "timestamp":
            return "DATETIME";
        default:
            throw new Error(`the lake table has a column of Glue type ${glueType}, which src/region/bi.ts cannot map to QuickSight; add it to quicksightType`);
    }
}

/**
 * The data set's columns: every scalar column of the Glue telemetry table, then its partition keys.
 * Nested columns (`records` of batched messages) have no QuickSight type: a data set that needs
 * them uses custom SQL with UNNEST.
 */
export function telemetryColumns(): { name: string; type: QuickSightColumnType }[] {
    return [...TELEMETRY_COLUMNS, ...PARTITION_KEYS]
        .filter((c) => !/^(array|struct|map)</.test(c.type))
        .map((c) => ({ name: c.name, type: quicksightType(c.type) }));
}

export function lakeNames(fleet: string): { database: string; table: string; workgroup: string } {
    return { database: regionNames.glueDatabase(fleet), table: regionNames.glueTable(), workgroup: regionNames.athenaWorkgroup(fleet) };
}

/** QuickSight ids: at most 128 characters, stable. */
export const dataSourceId = (fleet: string) => `${fleet}-lake-athena`;
export const dataSetId = (fleet: string) => `${fleet}-telemetry`;

/** Actions that make a principal owner of the data source / data set. */
export const DATA_SOURCE_OWNER_ACTIONS = [
    "quicksight:DeleteDataSource",
    "quicksight:DescribeDataSource",
    "quicksight:DescribeDataSourcePermissions",
    "quicksight:PassDataSource",
    "quicksight:UpdateDataSource",
    "quicksight:UpdateDataSourcePermissions",
];
export const DATA_SET_OWNER_ACTIONS = [
    "quicksight:CreateIngestion",
    "quicksight:DeleteDataSet",
    "quicksight:DescribeDataSet",
    "quicksight:DescribeDataSetPermissions",
    "quicksight:DescribeIngestion",
    "quicksight:ListIngestions",
    "quicksight:PassDataSet",
    "quicksight:UpdateDataSet",
    "quicksight:UpdateDataSetPermissions",
];
