/**
 * The Greengrass token-exchange role of a region: one IAM role for every gateway of the fleet in
 * the region (instead of one per site, against IAM's 1,000 roles per account), scoped per
 * gateway by the AWS IoT credentials provider's policy variable `credentials-iot:ThingName`.
 *
 * AWS IoT Core developer guide, "Authorizing direct calls to AWS services using AWS IoT Core
 * credential provider" (https://docs.aws.amazon.com/iot/latest/developerguide/authorizing-direct-aws.html):
 * the credentials provider supports the IAM policy variables `credentials-iot:ThingName`,
 * `credentials-iot:ThingTypeName` and `credentials-iot:AwsCertificateId`; ThingName is set only
 * when the device names its thing in the `x-amzn-iot-thingname` header, and the thing must be
 * attached to the certificate that calls. The Greengrass nucleus sends that header on every
 * credentials request (aws-greengrass-nucleus, IotCloudHelper.sendHttpRequest). A request without
 * it resolves no thing name, and every statement that names one matches nothing (fails closed).
 *
 * What is per gateway: its manifest copy and its log streams. What is per region: the component
 * zips (the same build for every site, content-addressed), the region's models, the telemetry
 * stream and the region key. Site role aliases stay (the nucleus configuration of a deployed
 * gateway names its site's alias) and point at this role.
 */
import { edgeModelKeys, useKeyVia, type AwsEnv, type PolicyDocument } from "../edge/policies";
import { names } from "../naming";

/** The credentials provider's thing-name variable (IAM policies only, not IoT policies). */
export const CREDENTIALS_THING_NAME = "${credentials-iot:ThingName}";

/**
 * A log stream Greengrass's log manager writes: `/<yyyy>/<MM>/<dd>/thing/<thing>` in the
 * component's log group (Greengrass V2 developer guide, "Monitor AWS IoT Greengrass logs",
 * Access CloudWatch Logs: streams named `/DATE/thing/THING_NAME`).
 */
export function logStreamPattern(thing: string): string {
    return `/*/thing/${thing}`;
}

export interface RegionTesPolicyArgs {
    artifactsBucketArn: string;
    telemetryStreamArn: string;
    kmsKeyArn: string;
}

/** Log groups of the fleet's user components in the region (every site's collector and edge inference). */
export function fleetComponentLogGroups(region: string, fleet: string): string[] {
    return [names.collectorComponent(fleet, "*"), names.inferenceComponent(fleet, "*")].map((c) => names.componentLogGroup(region, c));
}

/**
 * The one inline policy of the region's token-exchange role: read the shared component zips, the
 * calling gateway's own manifest copy and the region's edge models (`edgeModelKeys`), put
 * telemetry records to the stream (stream manager's Kinesis export), use the region key through
 * S3 and Kinesis only, and write the calling gateway's own log streams in the fleet's component
 * log groups.
 */
export function regionTesRolePolicy(env: AwsEnv, fleet: string, a: RegionTesPolicyArgs): PolicyDocument {
    const logs = (rest: string) => `arn:${env.partition}:logs:${env.region}:${env.account}:log-group:${rest}`;
    const groups = fleetComponentLogGroups(env.region, fleet);
    return {
        Version: "2012-10-17",
        Statement: [
            {
                // Greengrass V2 developer guide, "Allow access to S3 buckets for component artifacts"
                Sid: "ReadSharedComponentArtifacts",
                Effect: "Allow",
                Action: "s3:GetObject",
                Resource: `${a.artifactsBucketArn}/${names.sharedArtifactsPrefix()}*`,
            },
            {
                Sid: "ReadOwnManifestCopy",
                Effect: "Allow",
                Action: "s3:GetObject",
                Resource: `${a.artifactsBucketArn}/${names.thingManifestKey(CREDENTIALS_THING_NAME)}`,
            },
            {
                Sid: "ReadRegionEdgeModels",
                Effect: "Allow",
                Action: "s3:GetObject",
                Resource: edgeModelKeys("*").map((k) => `${a.artifactsBucketArn}/${k}`),
            },
            { Sid: "LocateArtifactsBucket", Effect: "Allow", Action: "s3:GetBucketLocation", Resource: a.artifactsBucketArn },
            { Sid: "PutTelemetry", Effect: "Allow", Action: ["kinesis:DescribeStreamSummary", "kinesis:PutRecords"], Resource: a.telemetryStreamArn },
            useKeyVia("UseRegionKeyThroughS3AndKinesisOnly", a.kmsKeyArn, env.region, ["kinesis", "s3"]),
            {
                // CreateLogStream and PutLogEvents authorize on the log-stream resource type (Service
                // Authorization Reference, Amazon CloudWatch Logs): a gateway writes its own streams only
                Sid: "WriteOwnLogStreams",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: groups.map((g) => logs(`${g}:log-stream:${logStreamPattern(CREDENTIALS_THING_NAME)}`)),
            },
            { Sid: "DescribeComponentLogStreams", Effect: "Allow", Action: "logs:DescribeLogStreams", Resource: groups.map((g) => logs(`${g}:*`)) },
        ],
    };
}
