/** data-store-protected: the metadata and checks of one rule (see `details`). */
import { defineRule } from "../lib/define";
import type { Rule } from "../lib/types";

export const STATEFUL_TYPES = [
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketV2:BucketV2",
    "aws:dynamodb/table:Table",
    "aws:rds/cluster:Cluster",
    "aws:rds/instance:Instance",
    "aws:kinesis/stream:Stream",
    "aws:timestreaminfluxdb/dbInstance:DbInstance",
    "aws:timestreaminfluxdb/dbCluster:DbCluster",
    "aws:efs/fileSystem:FileSystem",
    "aws-native:s3:Bucket",
    "aws-native:dynamodb:Table",
    "aws-native:kinesis:Stream",
    "aws-native:timestream:InfluxDbInstance",
    "aws-native:timestream:InfluxDbCluster",
    "aws-native:rds:DbCluster",
    "aws-native:rds:DbInstance",
    "aws:opensearch/domain:Domain",
    "aws-native:opensearchservice:Domain",
    "aws:redshift/cluster:Cluster",
    "aws:neptune/cluster:Cluster",
    "aws:docdb/cluster:Cluster",
    "aws:elasticache/replicationGroup:ReplicationGroup",
    "aws:dynamodb/globalTable:GlobalTable",
];

export const rule: Rule = defineRule({
    name: "data-store-protected",
    severity: "mandatory",
    securitySeverity: 6.5,
    description: "Every stateful store is protected against deletion by the stack.",
    mirrors: "Nothing lost on change",
    details:
        "Every stateful store (bucket, table, database of any engine incl. Aurora, Redshift, DocumentDB and Neptune, search domain, cache replication group, stream, time-series instance, file system) is protected against deletion by the stack: `protect` (or `retainOnDelete`) on the resource, so a renamed site or a refactor never deletes data.",
    resource: {
        types: STATEFUL_TYPES,
        check(r) {
            if (r.protect === true || r.retainOnDelete === true) return [];
            if (r.protect === undefined && r.retainOnDelete === undefined)
                return [{ message: "the resource options are unknown here; whether the store is protected cannot be checked", unknown: true }];
            return [
                { message: `${r.type.split(":").pop()} ${r.name} holds data but is not protected; create it with { protect: true } (or retainOnDelete: true)` },
            ];
        },
    },
});
