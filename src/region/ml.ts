/**
 * Predictive maintenance in the cloud and at the edge run one model. The model artifacts live
 * in the region's artifacts bucket:
 *
 *   models/<model>/model.onnx     the ONNX model; the edge-inference component downloads it
 *                                 (src/edge/greengrass.ts edgeModelUri; the site's token-exchange
 *                                 role may read exactly the models its gateways run)
 *   models/<model>/model.tar.gz   the same model.onnx packed as a Triton model repository
 *                                 (`<model>/config.pbtxt`, `<model>/1/model.onnx`) for SageMaker
 *
 * One copy per region: there is no per-site copy of a model.
 *
 * Comprehend training data for the maintenance-report classifier:
 *
 *   reports/training/labelled.csv  two columns, no header: `<failure category>,<report text>`
 *   reports/output/                classifier training output (confusion matrix, metrics)
 */
import type { FleetModel, RegionModel } from "../model/types";
import { doc, type PolicyDocument } from "../iam";

/** The model a region serves when no gateway of the region names one. */
export const DEFAULT_MODEL = "failure-prediction";

export const MODELS_PREFIX = "models/";
export const modelOnnxKey = (model: string) => `${MODELS_PREFIX}${model}/model.onnx`;
export const modelArchiveKey = (model: string) => `${MODELS_PREFIX}${model}/model.tar.gz`;

export const REPORTS_TRAINING_KEY = "reports/training/labelled.csv";
export const REPORTS_OUTPUT_PREFIX = "reports/output/";

/**
 * The models a region serves: every model an edge gateway of the region runs (so cloud and
 * edge agree), else the default model. Sorted and unique: the names key the resources.
 */
export function cloudModels(fleet: FleetModel, region: RegionModel): string[] {
    const names = new Set<string>();
    for (const site of fleet.sites) {
        if (site.region !== region.name) continue;
        for (const gw of site.gateways) if (gw.edgeInference) names.add(gw.edgeInference.model);
    }
    return names.size > 0 ? [...names].sort() : [DEFAULT_MODEL];
}

/** SageMaker model, endpoint configuration and endpoint names: at most 63 of `[a-zA-Z0-9-]`. */
export function endpointName(fleet: string, model: string): string {
    const name = `${fleet}-${model}`;
    if (name.length > 63 || !/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/.test(name)) {
        throw new Error(
            `SageMaker endpoint name ${JSON.stringify(name)} must be 1-63 letters, digits and single hyphens; shorten the model name ${JSON.stringify(model)} in the site files`,
        );
    }
    return name;
}

/** Comprehend classifier name: at most 63 of `[a-zA-Z0-9-]`. */
export const classifierName = (fleet: string) => `${fleet}-maintenance-reports`;

/**
 * The SageMaker inference container for ONNX models: NVIDIA Triton Inference Server, from the
 * AWS deep-learning-containers registry of the region. The registry account differs by region
 * (AWS "Docker Registry Paths and Example Code" for SageMaker).
 */
export const TRITON_IMAGE_TAG = "24.09-py3";
export const TRITON_REGISTRY_ACCOUNTS: Readonly<Record<string, string>> = {
    "af-south-1": "774647643957",
    "ap-east-1": "110948597952",
    "ap-northeast-1": "941853720454",
    "ap-northeast-2": "151534178276",
    "ap-south-1": "763008648453",
    "ap-southeast-1": "324986816169",
    "ap-southeast-2": "355873309152",
    "ca-central-1": "464438896020",
    "eu-central-1": "746233611703",
    "eu-north-1": "601324751636",
    "eu-south-1": "966458181534",
    "eu-west-1": "802834080501",
    "eu-west-2": "205493899709",
    "eu-west-3": "254080097072",
    "me-south-1": "836785723513",
    "sa-east-1": "756306329178",
    "us-east-1": "785573368785",
    "us-east-2": "007439368137",
    "us-west-1": "710691900526",
    "us-west-2": "301217895009",
};

export function tritonImage(region: string): string {
    const account = TRITON_REGISTRY_ACCOUNTS[region];
    if (!account) {
        throw new Error(
            `no SageMaker Triton image registry is known for region ${region}; known: ${Object.keys(TRITON_REGISTRY_ACCOUNTS).join(", ")}; set sagemaker: false for this region in fleet.yaml or add the registry to src/region/ml.ts`,
        );
    }
    return `${account}.dkr.ecr.${region}.amazonaws.com/sagemaker-tritonserver:${TRITON_IMAGE_TAG}`;
}

export interface Scope {
    partition: string;
    region: string;
    account: string;
}

/** ENI management SageMaker and Comprehend need to run inside the private workload subnets. */
function vpcAccess(s: Scope): PolicyDocument["Statement"] {
    return [
        {
            Sid: "DescribeNetwork",
            Effect: "Allow",
            Action: ["ec2:DescribeDhcpOptions", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSecurityGroups", "ec2:DescribeSubnets", "ec2:DescribeVpcs"],
            Resource: ["*"],
        },
        {
            Sid: "ManageInterfaces",
            Effect: "Allow",
            Action: [
                "ec2:CreateNetworkInterface",
                "ec2:CreateNetworkInterfacePermission",
                "ec2:DeleteNetworkInterface",
                "ec2:DeleteNetworkInterfacePermission",
            ],
            Resource: [`arn:${s.partition}:ec2:${s.region}:${s.account}:*`],
        },
    ];
}

/**
 * The SageMaker execution role: read this model's archive only, decrypt with the region key,
 * pull the Triton image, write its own endpoint logs, run in the private subnets.
 */
export function sagemakerExecutionPolicy(s: Scope, a: { bucketArn: string; kmsKeyArn: string; model: string; endpoint: string }): PolicyDocument {
    const imageAccount = tritonImage(s.region).split(".")[0];
    return doc(
        { Sid: "ReadModel", Effect: "Allow", Action: ["s3:GetObject"], Resource: [`${a.bucketArn}/${MODELS_PREFIX}${a.model}/*`] },
        { Sid: "UseRegionKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: [a.kmsKeyArn] },
        { Sid: "RegistryToken", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: ["*"] },
        {
            Sid: "PullImage",
            Effect: "Allow",
            Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
            Resource: [`arn:${s.partition}:ecr:${s.region}:${imageAccount}:repository/sagemaker-tritonserver`],
        },
        {
            Sid: "EndpointLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
            Resource: [`arn:${s.partition}:logs:${s.region}:${s.account}:log-group:/aws/sagemaker/Endpoints/${a.endpoint}:*`],
        },
        {
            Sid: "EndpointMetrics",
            Effect: "Allow",
            Action: ["cloudwatch:PutMetricData"],
            Resource: ["*"],
            Condition: { StringLike: { "cloudwatch:namespace": ["/aws/sagemaker/Endpoints", "AWS/SageMaker"] } },
        },
        ...vpcAccess(s),
    );
}

/**
 * The Comprehend data-access role: read the labelled training set, write training output,
 * use the region key, run in the private subnets.
 */
export function comprehendDataAccessPolicy(s: Scope, a: { bucketArn: string; kmsKeyArn: string }): PolicyDocument {
    return doc(
        { Sid: "ReadTrainingData", Effect: "Allow", Action: ["s3:GetObject"], Resource: [`${a.bucketArn}/${REPORTS_TRAINING_KEY}`] },
        {
            Sid: "ListReports",
            Effect: "Allow",
            Action: ["s3:ListBucket"],
            Resource: [a.bucketArn],
            Condition: { StringLike: { "s3:prefix": ["reports/*"] } },
        },
        { Sid: "WriteOutput", Effect: "Allow", Action: ["s3:PutObject"], Resource: [`${a.bucketArn}/${REPORTS_OUTPUT_PREFIX}*`] },
        { Sid: "UseRegionKey", Effect: "Allow", Action: ["kms:CreateGrant", "kms:Decrypt", "kms:GenerateDataKey"], Resource: [a.kmsKeyArn] },
        ...vpcAccess(s),
    );
}

/**
 * How the maintenance workflow calls the endpoint: a Step Functions AWS SDK integration task
 * (there is no optimized `sagemaker:invokeEndpoint` integration).
 */
export function invokeEndpointTask(endpoint: string, next: string): Record<string, unknown> {
    return {
        Type: "Task",
        Resource: "arn:aws:states:::aws-sdk:sagemakerruntime:invokeEndpoint",
        Parameters: { EndpointName: endpoint, ContentType: "application/json", "Body.$": "States.JsonToString($.features)" },
        ResultSelector: { "prediction.$": "States.StringToJson($.Body)" },
        ResultPath: "$.prediction",
        Retry: [
            {
                ErrorEquals: ["SageMakerRuntime.ModelNotReadyException", "SageMakerRuntime.ServiceUnavailableException"],
                IntervalSeconds: 2,
                MaxAttempts: 3,
                BackoffRate: 2,
            },
        ],
        Next: next,
    };
}

/** The same for the Comprehend endpoint (ClassifyDocument on a custom classifier endpoint). */
export function classifyReportTask(endpointArn: string, next: string): Record<string, unknown> {
    return {
        Type: "Task",
        Resource: "arn:aws:states:::aws-sdk:comprehend:classifyDocument",
        Parameters: { EndpointArn: endpointArn, "Text.$": "$.report.text" },
        ResultSelector: { "classes.$": "$.Classes" },
        ResultPath: "$.reportClass",
        Next: next,
    };
}
