import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { dataAccessRole } from "./data-access-role";
import type { RegionWorkloadArgs } from "./refs";
import { cloudModels, endpointName, modelArchiveKey, sagemakerExecutionPolicy, tritonImage } from "../../src/region/ml";
import { callerScope } from "./trust";
import { pick } from "../../src/util/pick";

/** Artifacts: `models/<model>/model.tar.gz` (and `model.onnx` for the edge); KMS key: endpoint storage volumes. */
export interface PredictiveMaintenanceArgs extends RegionWorkloadArgs {
    /** Instance type of the endpoints. @default ml.m5.large (CPU, EBS volume the KMS key encrypts) */
    instanceType?: string;
}

/**
 * The predictive-maintenance endpoints of a region: per model (the models the region's edge
 * gateways run, else `failure-prediction`) a SageMaker model serving
 * `s3://<artifacts>/models/<model>/model.tar.gz` with Triton (ONNX), network isolation and the
 * private subnets, an endpoint configuration with the region's KMS key (two instances in
 * production regions, spread over zones), and the endpoint. Each model has its own execution
 * role that can read that model's artifacts and nothing else.
 *
 * The maintenance workflow calls an endpoint with the Step Functions AWS SDK integration
 * `arn:aws:states:::aws-sdk:sagemakerruntime:invokeEndpoint` (see invokeEndpointTask in
 * src/region/ml.ts).
 */
export class PredictiveMaintenance extends pulumi.ComponentResource {
    /** Endpoint name per model. */
    readonly endpointNames: Record<string, pulumi.Output<string>>;
    readonly endpointArns: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: PredictiveMaintenanceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:region:PredictiveMaintenance", name, {}, opts);
        const parent = { parent: this };
        const { fleet, region, tags } = args;
        const { identity, partition } = callerScope(this);
        const image = tritonImage(region.name);
        this.endpointNames = {};
        this.endpointArns = {};
        for (const model of cloudModels(fleet, region)) {
            const endpoint = endpointName(fleet.name, model);
            const { role, policy } = dataAccessRole(
                `${model}-sagemaker`,
                {
                    service: "sagemaker.amazonaws.com",
                    region: region.name,
                    account: identity.accountId,
                    partition: partition.partition,
                    bucketArn: args.artifactsBucketArn,
                    kmsKeyArn: args.kmsKeyArn,
                    policy: (scope, data) => sagemakerExecutionPolicy(scope, { ...data, model, endpoint }),
                    tags,
                },
                this,
            );
            const sagemakerModel = new aws.sagemaker.Model(
                model,
                {
                    name: endpoint,
                    executionRoleArn: role.arn,
                    enableNetworkIsolation: true,
                    primaryContainer: {
                        image,
                        mode: "SingleModel",
                        modelDataUrl: pulumi.interpolate`s3://${args.artifactsBucketName}/${modelArchiveKey(model)}`,
                        environment: { SAGEMAKER_TRITON_DEFAULT_MODEL_NAME: model },
                    },
                    vpcConfig: { subnets: args.privateSubnetIds, securityGroupIds: [args.securityGroupId] },
                    tags,
                },
                { parent: this, dependsOn: [policy] },
            );
            const config = new aws.sagemaker.EndpointConfiguration(
                `${model}-config`,
                {
                    kmsKeyArn: args.kmsKeyArn,
                    productionVariants: [
                        {
                            variantName: "primary",
                            modelName: sagemakerModel.name,
                            instanceType: args.instanceType ?? "ml.m5.large",
                            initialInstanceCount: region.production ? 2 : 1,
                            initialVariantWeight: 1,
                        },
                    ],
                    tags,
                },
                parent,
            );
            const ep = new aws.sagemaker.Endpoint(`${model}-endpoint`, { name: endpoint, endpointConfigName: config.name, tags }, parent);
            this.endpointNames[model] = ep.name;
            this.endpointArns[model] = ep.arn;
        }
        this.registerOutputs(pick(this, ["endpointNames", "endpointArns"]));
    }
}
