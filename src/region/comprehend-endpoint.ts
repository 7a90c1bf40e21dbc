/**
 * The Comprehend classifier endpoint, which no IaC provider offers as a resource, managed by a
 * small Lambda function that `aws.lambda.Invocation` (lifecycle scope CRUD) calls on create,
 * update and delete. The decision logic is pure and takes the client as an argument; the
 * deployed entry (comprehend-endpoint-lambda.ts) passes the real SDK client.
 */

/** What aws.lambda.Invocation sends: our input plus `tf: { action, prev_input }`. */
export interface EndpointEvent {
    endpointName: string;
    modelArn: string;
    inferenceUnits: number;
    tags: Record<string, string>;
    tf?: { action: "create" | "update" | "delete"; prev_input?: Omit<EndpointEvent, "tf"> | null };
}

/** The Comprehend calls the handler makes, by API name; the SDK client adapts to this. */
export interface ComprehendCalls {
    createEndpoint(input: {
        EndpointName: string;
        ModelArn: string;
        DesiredInferenceUnits: number;
        Tags: { Key: string; Value: string }[];
    }): Promise<{ EndpointArn?: string }>;
    updateEndpoint(input: { EndpointArn: string; DesiredModelArn?: string; DesiredInferenceUnits?: number }): Promise<unknown>;
    deleteEndpoint(input: { EndpointArn: string }): Promise<unknown>;
}

/** The ARN an endpoint of that name has. */
export function endpointArnOf(partition: string, region: string, account: string, name: string): string {
    return `arn:${partition}:comprehend:${region}:${account}:document-classifier-endpoint/${name}`;
}

/** ARN of the endpoint from the model ARN: same partition, region and account. */
export function endpointArnFor(modelArn: string, name: string): string {
    const [, partition, , region, account] = modelArn.split(":");
    return endpointArnOf(partition, region, account, name);
}

/**
 * Create on create; on update, point the endpoint at the new model or capacity (a new name
 * replaces: delete the old, create the new); delete on delete. Deleting an endpoint that is
 * already gone is not an error.
 */
export async function handle(event: EndpointEvent, client: ComprehendCalls): Promise<{ endpointArn: string; action: string }> {
    const action = event.tf?.action ?? "create";
    const arn = endpointArnFor(event.modelArn, event.endpointName);
    const create = async () => {
        const out = await client.createEndpoint({
            EndpointName: event.endpointName,
            ModelArn: event.modelArn,
            DesiredInferenceUnits: event.inferenceUnits,
            Tags: Object.entries(event.tags).map(([Key, Value]) => ({ Key, Value })),
        });
        return out.EndpointArn ?? arn;
    };
    const remove = async (target: string) => {
        try {
            await client.deleteEndpoint({ EndpointArn: target });
        } catch (e) {
            if ((e as { name?: string }).name !== "ResourceNotFoundException") throw e;
        }
    };
    if (action === "create") return { endpointArn: await create(), action: "created" };
    if (action === "delete") {
        await remove(arn);
        return { endpointArn: arn, action: "deleted" };
    }
    const prev = event.tf?.prev_input;
    if (prev && prev.endpointName !== event.endpointName) {
        await remove(endpointArnFor(prev.modelArn, prev.endpointName));
        return { endpointArn: await create(), action: "replaced" };
    }
    await client.updateEndpoint({ EndpointArn: arn, DesiredModelArn: event.modelArn, DesiredInferenceUnits: event.inferenceUnits });
    return { endpointArn: arn, action: "updated" };
}

/** The Lambda's role: manage this one endpoint (and tag it), nothing else. */
export function endpointManagerPolicy(endpointArn: string, classifierArn: string): import("../iam").PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ManageEndpoint",
                Effect: "Allow",
                Action: [
                    "comprehend:CreateEndpoint",
                    "comprehend:DeleteEndpoint",
                    "comprehend:DescribeEndpoint",
                    "comprehend:TagResource",
                    "comprehend:UpdateEndpoint",
                ],
                Resource: [endpointArn, classifierArn],
            },
        ],
    };
}
