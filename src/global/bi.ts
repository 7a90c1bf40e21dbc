/**
 * BI over the lake: a QuickSight Athena data source on the region's Athena workgroup and a
 * direct-query data set on the telemetry table of the Glue catalog (names from the analytics
 * stack, src/analytics/names.ts).
 */
import { regionNames } from "../analytics/names";

/** Columns of the telemetry table as QuickSight reads them (Glue `readings`). */
export const TELEMETRY_COLUMNS: readonly { name: string; type: "STRING" | "DECIMAL" | "DATETIME" | "INTEGER" }[] = [
    { name: "site", type: "STRING" },
    { name: "thing", type: "STRING" },
    { name: "equipment", type: "STRING" },
    { name: "sensor", type: "STRING" },
    { name: "kind", type: "STRING" },
    { name: "unit", type: "STRING" },
    { name: "ts", type: "DATETIME" },
    { name: "value", type: "DECIMAL" },
];

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
