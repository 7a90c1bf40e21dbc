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
