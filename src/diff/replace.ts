/**
 * Which input changes make Pulumi replace a resource (delete and create) instead of updating it
 * in place, for the resource types this tool creates, and which types hold data or device
 * identities. An approximation of the providers' schemas (`forceNew` in the Terraform-based
 * `@pulumi/aws`, `createOnlyProperties` in `@pulumi/aws-native`); a test checks that every type
 * and property named here exists in the installed SDKs.
 */

/** The InfluxDB inputs that force replacement, the same in the classic and the native provider. */
const INFLUXDB_REPLACE_FIELDS: readonly string[] = [
    "name",
    "bucket",
    "organization",
    "username",
    "password",
    "vpcSubnetIds",
    "vpcSecurityGroupIds",
    "publiclyAccessible",
];

/** `*`: every input except `tags` forces replacement (the resource is immutable). */
export const REPLACE_ON_CHANGE: Readonly<Record<string, readonly string[]>> = {
    "aws:s3/bucket:Bucket": ["bucket", "bucketPrefix", "objectLockEnabled"],
    "aws:s3/bucketObjectv2:BucketObjectv2": ["bucket", "key"],
    "aws:dynamodb/table:Table": ["name", "hashKey", "rangeKey", "localSecondaryIndexes"],
    "aws:kinesis/stream:Stream": ["name"],
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": ["name", "destination"],
    "aws:rds/cluster:Cluster": [
        "clusterIdentifier",
        "clusterIdentifierPrefix",
        "databaseName",
        "engine",
        "engineMode",
        "masterUsername",
        "storageEncrypted",
        "kmsKeyId",
        "availabilityZones",
        "dbSubnetGroupName",
        "snapshotIdentifier",
    ],
    "aws:rds/clusterInstance:ClusterInstance": ["identifier", "identifierPrefix", "clusterIdentifier", "engine"],
    "aws:rds/instance:Instance": ["identifier", "identifierPrefix", "engine", "username", "dbName", "storageEncrypted", "kmsKeyId"],
    "aws:timestreaminfluxdb/dbInstance:DbInstance": INFLUXDB_REPLACE_FIELDS,
    "aws:timestreamwrite/database:Database": ["databaseName"],
    "aws:timestreamwrite/table:Table": ["databaseName", "tableName"],
    "aws:iot/thing:Thing": ["name"],
    "aws:iot/certificate:Certificate": ["csr", "certificatePem", "caPem"],
    "aws:iot/policy:Policy": ["name"],
    "aws:iot/policyAttachment:PolicyAttachment": ["policy", "target"],
    "aws:iot/thingPrincipalAttachment:ThingPrincipalAttachment": ["thing", "principal"],
    "aws:iot/thingGroup:ThingGroup": ["name", "parentGroupName"],
    "aws:iot/provisioningTemplate:ProvisioningTemplate": ["name"],
    "aws:iot/roleAlias:RoleAlias": ["alias"],
    "aws:iot/topicRule:TopicRule": ["name"],
    "aws:iam/role:Role": ["name", "namePrefix", "path"],
    "aws:iam/policy:Policy": ["name", "namePrefix", "path"],
    "aws:kms/key:Key": ["customerMasterKeySpec", "keyUsage", "multiRegion", "customKeyStoreId", "xksKeyId"],
    "aws:kms/alias:Alias": ["name", "namePrefix"],
    "aws:lambda/function:Function": ["name"],
    "aws:sfn/stateMachine:StateMachine": ["name", "type"],
    "aws:sns/topic:Topic": ["name", "namePrefix", "fifoTopic"],
    "aws:cloudwatch/eventBus:EventBus": ["name"],
    "aws:cloudwatch/logGroup:LogGroup": ["name", "namePrefix"],
    "aws:glue/catalogDatabase:CatalogDatabase": ["name", "catalogId"],
    "aws:glue/catalogTable:CatalogTable": ["name", "databaseName", "catalogId"],
    "aws:athena/workgroup:Workgroup": ["name"],
    "aws:ec2transitgateway/transitGateway:TransitGateway": ["amazonSideAsn"],
    "aws:ec2/customerGateway:CustomerGateway": ["bgpAsn", "ipAddress", "type", "certificateArn"],
    "aws:ec2/vpnConnection:VpnConnection": ["type", "staticRoutesOnly", "enableAcceleration"],
    "aws:ec2/vpc:Vpc": ["cidrBlock"],
    "aws:ec2/subnet:Subnet": ["cidrBlock", "vpcId", "availabilityZone", "availabilityZoneId"],
    "aws:networkfirewall/ruleGroup:RuleGroup": ["name", "type", "capacity"],
    "aws:networkfirewall/firewallPolicy:FirewallPolicy": ["name"],
    "aws:networkfirewall/firewall:Firewall": ["name", "vpcId"],
    "aws:secretsmanager/secret:Secret": ["name", "namePrefix"],
    "aws:sagemaker/endpoint:Endpoint": ["name"],
    "aws-native:greengrassv2:ComponentVersion": ["*"],
    "aws-native:greengrassv2:Deployment": ["*"],
    "aws-native:iot:Thing": ["thingName"],
    "aws-native:iot:Certificate": ["certificateSigningRequest", "certificatePem", "caCertificatePem", "certificateMode"],
    "aws-native:s3:Bucket": ["bucketName", "objectLockEnabled"],
    "aws-native:kinesis:Stream": ["name"],
    "aws-native:dynamodb:Table": ["tableName", "keySchema"],
    "aws-native:timestream:InfluxDbInstance": INFLUXDB_REPLACE_FIELDS,
};

/** What losing a resource of this type means; undefined for resources that can be recreated. */
export type Criticality = "data store" | "device identity" | "encryption key";

export const CRITICAL_TYPES: Readonly<Record<string, Criticality>> = {
    "aws:s3/bucket:Bucket": "data store",
    "aws:s3/bucketV2:BucketV2": "data store",
    "aws:dynamodb/table:Table": "data store",
    "aws:kinesis/stream:Stream": "data store",
    "aws:rds/cluster:Cluster": "data store",
    "aws:rds/instance:Instance": "data store",
    "aws:timestreaminfluxdb/dbInstance:DbInstance": "data store",
    "aws:timestreamwrite/database:Database": "data store",
    "aws:timestreamwrite/table:Table": "data store",
    "aws-native:s3:Bucket": "data store",
    "aws-native:dynamodb:Table": "data store",
    "aws-native:kinesis:Stream": "data store",
    "aws-native:timestream:InfluxDbInstance": "data store",
    "aws:iot/thing:Thing": "device identity",
    "aws:iot/certificate:Certificate": "device identity",
    "aws:iot/policy:Policy": "device identity",
    "aws:iot/policyAttachment:PolicyAttachment": "device identity",
    "aws:iot/thingPrincipalAttachment:ThingPrincipalAttachment": "device identity",
    "aws:iot/roleAlias:RoleAlias": "device identity",
    "aws-native:iot:Thing": "device identity",
    "aws-native:iot:Certificate": "device identity",
    "aws:kms/key:Key": "encryption key",
};

/** Whether a change at top-level input `key` of a resource of `type` forces its replacement. */
export function forcesReplacement(type: string, key: string): boolean {
    if (key === "region" && type.startsWith("aws:")) return true;
    const props = REPLACE_ON_CHANGE[type];
    if (!props) return false;
    if (props.includes("*")) return key !== "tags";
    return props.includes(key);
}

export function criticalityOf(type: string): Criticality | undefined {
    return CRITICAL_TYPES[type];
}
