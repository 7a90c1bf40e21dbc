/**
 * The Glue table over the data lake, with partition projection so Athena finds partitions from
 * the key layout alone (no crawler, no MSCK REPAIR).
 *
 * Layout written by Firehose (dynamic partitioning):
 *   s3://<lake>/site=<site>/date=<yyyy-MM-dd>/<firehose object>.gz     JSON lines, GZIP
 */

export interface GlueColumn {
    name: string;
    type: string;
    comment: string;
}

export const LAKE_DATA_PREFIX = "site=";
export const LAKE_ERROR_PREFIX = "errors/";
export const ATHENA_RESULTS_PREFIX = "athena-results/";

/** Firehose prefix: site from the record (JQ query), date from the arrival timestamp. */
export const FIREHOSE_PREFIX = "site=!{partitionKeyFromQuery:site}/date=!{timestamp:yyyy-MM-dd}/";
export const FIREHOSE_ERROR_PREFIX = "errors/!{firehose:error-output-type}/date=!{timestamp:yyyy-MM-dd}/";
/** JQ expression extracting the partition keys from each record. */
export const FIREHOSE_PARTITION_QUERY = "{site: .site}";

export const TELEMETRY_COLUMNS: GlueColumn[] = [
    { name: "thing", type: "string", comment: "IoT thing name of the gateway" },
    { name: "channel", type: "string", comment: "telemetry or alarm" },
    { name: "sensor", type: "string", comment: "sensor name, <equipment>-<sensor> for equipment sensors" },
    { name: "ts", type: "bigint", comment: "sample time, epoch milliseconds UTC" },
    { name: "value", type: "double", comment: "sample value" },
    { name: "window", type: "int", comment: "aggregation window in seconds" },
    { name: "min", type: "double", comment: "window minimum" },
    { name: "max", type: "double", comment: "window maximum" },
    { name: "mean", type: "double", comment: "window mean" },
    { name: "count", type: "bigint", comment: "samples in the window" },
    { name: "severity", type: "string", comment: "alarm severity (alarm channel)" },
    { name: "threshold", type: "double", comment: "crossed threshold (alarm channel)" },
    { name: "received_at", type: "bigint", comment: "IoT Core receive time, epoch milliseconds" },
    { name: "seq", type: "bigint", comment: "message sequence number per gateway and channel (order by thing, seq)" },
    { name: "state", type: "string", comment: "alarm transition: raise or clear (alarm channel)" },
    {
        name: "records",
        type: "array<struct<sensor:string,ts:bigint,value:double,window:int,min:double,max:double,mean:double,count:bigint,severity:string,threshold:double,state:string>>",
        comment: "readings of a batched message (query with CROSS JOIN UNNEST); empty for one-reading messages",
    },
];

export const PARTITION_KEYS: GlueColumn[] = [
    { name: "site", type: "string", comment: "site name" },
    { name: "date", type: "string", comment: "arrival date yyyy-MM-dd (UTC)" },
];

/**
 * Table parameters: JSON SerDe, GZIP, and projection of `site` (enum of the region's sites) and
 * `date` (a date range from the first deployable day to today).
 */
export function tableParameters(bucket: string, sites: string[]): Record<string, string> {
    const site: Record<string, string> =
        sites.length > 0
            ? { "projection.site.type": "enum", "projection.site.values": [...sites].sort().join(",") }
            : // a region without sites yet: queries must name the site (WHERE site = '...')
              { "projection.site.type": "injected" };
    return {
        classification: "json",
        compressionType: "gzip",
        "projection.enabled": "true",
        ...site,
        "projection.date.type": "date",
        "projection.date.format": "yyyy-MM-dd",
        "projection.date.range": "2024-01-01,NOW",
        "projection.date.interval": "1",
        "projection.date.interval.unit": "DAYS",
        "storage.location.template": `s3://${bucket}/site=\${site}/date=\${date}/`,
    };
}

/**
 * Athena's reserved keywords, DDL and SELECT lists together ("Escape reserved keywords in queries",
 * https://docs.aws.amazon.com/athena/latest/ug/reserved-words.html). New tables use none of them
 * as a column name, so their queries need no quoting.
 */
export const ATHENA_RESERVED = new Set(
    (
        "ALL ALTER AND ARRAY AS AUTHORIZATION BETWEEN BIGINT BINARY BOOLEAN BOTH BY CASE CASHE CAST CHAR COLUMN CONF CONSTRAINT COMMIT " +
        "CREATE CROSS CUBE CURRENT CURRENT_DATE CURRENT_TIMESTAMP CURSOR DATABASE DATE DAYOFWEEK DECIMAL DELETE DESCRIBE DISTINCT DIV " +
        "DOUBLE DROP ELSE END EXCHANGE EXISTS EXTENDED EXTERNAL EXTRACT FALSE FETCH FLOAT FLOOR FOLLOWING FOR FOREIGN FROM FULL FUNCTION " +
        "GRANT GROUP GROUPING HAVING IF IMPORT IN INNER INSERT INT INTEGER INTERSECT INTERVAL INTO IS JOIN LATERAL LEFT LESS LIKE LOCAL " +
        "MACRO MAP MORE NONE NOT NULL NUMERIC OF ON ONLY OR ORDER OUT OUTER OVER PARTIALSCAN PARTITION PERCENT PRECEDING PRECISION " +
        "PRESERVE PRIMARY RANGE READS REDUCE REGEXP REFERENCES REVOKE RIGHT RLIKE ROLLBACK ROLLUP ROW ROWS SELECT SET SMALLINT START " +
        "TABLE TABLESAMPLE THEN TIME TIMESTAMP TO TRANSFORM TRIGGER TRUE TRUNCATE UNBOUNDED UNION UNIQUEJOIN UPDATE USER USING " +
        "UTC_TIMESTAMP VALUES VARCHAR VIEWS WHEN WHERE WINDOW WITH " +
        "CURRENT_PATH CURRENT_TIME CURRENT_USER DEALLOCATE ESCAPE EXCEPT EXECUTE FIRST JSON_ARRAY JSON_ARRAYAGG JSON_EXISTS JSON_OBJECT " +
        "JSON_OBJECTAGG JSON_QUERY JSON_TABLE JSON_VALUE LAST LISTAGG LOCALTIME LOCALTIMESTAMP NATURAL NORMALIZE PREPARE RECURSIVE SKIP " +
        "TRIM UESCAPE UNNEST"
    ).split(" "),
);

/** The fields of the `records` struct of batched messages, in their declared order. */
export function recordFields(): string[] {
    const type = TELEMETRY_COLUMNS.find((c) => c.name === "records")?.type ?? "";
    const inner = /^array<struct<(.*)>>$/.exec(type)?.[1] ?? "";
    return inner.split(",").map((f) => f.split(":")[0]);
}

/**
 * The lake's readings of the last `days` days as one `(site, sensor, ts, value)` relation: single
 * readings and the readings of batched messages (UNNEST of an array of rows expands the row's
 * fields into columns, in order: Trino "UNNEST"), an aggregated reading counting with its mean.
 * Partitions older than the window are pruned through the projected `date` key.
 */
export function lakeReadingsSql(r: { database: string; table: string; days: number }): string {
    if (!Number.isInteger(r.days) || r.days < 1) throw new RangeError(`days must be a whole number of days >= 1, got ${r.days}`);
    const from = `"${r.database}"."${r.table}"`;
    const since = `"date" >= date_format(current_date - interval '${r.days}' day, '%Y-%m-%d') AND channel = 'telemetry'`;
    const cutoff = `CAST(to_unixtime(current_timestamp - interval '${r.days}' day) * 1000 AS bigint)`;
    const alias = recordFields().map((f) => `r_${f}`);
    return (
        `SELECT site, sensor, ts, value FROM (` +
        `SELECT site, sensor, ts, coalesce(value, mean) AS value FROM ${from} WHERE ${since} AND coalesce(cardinality(records), 0) = 0 ` +
        `UNION ALL ` +
        `SELECT site, r_sensor AS sensor, r_ts AS ts, coalesce(r_value, r_mean) AS value FROM ${from} ` +
        `CROSS JOIN UNNEST(records) AS b(${alias.join(", ")}) WHERE ${since}` +
        `) WHERE ts > ${cutoff} AND value IS NOT NULL`
    );
}

/**
 * A Step Functions task that runs `sql` in Athena and waits for it (`startQueryExecution.sync`):
 * `resultSelector` picks what lands in `$.export`; throttling is retried, any other failure goes
 * to the state `ExportFailed`.
 */
export function athenaExportState(sql: string, at: { workgroup: string; database: string }, resultSelector: Record<string, string>, next: string) {
    return {
        Type: "Task",
        Resource: "arn:aws:states:::athena:startQueryExecution.sync",
        Parameters: { QueryString: sql, WorkGroup: at.workgroup, QueryExecutionContext: { Database: at.database } },
        ResultSelector: resultSelector,
        ResultPath: "$.export",
        Retry: [{ ErrorEquals: ["Athena.TooManyRequestsException"], IntervalSeconds: 30, MaxAttempts: 3, BackoffRate: 2 }],
        Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "ExportFailed" }],
        Next: next,
    };
}
