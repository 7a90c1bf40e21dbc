/**
 * IAM documents as plain data, so tests read them without Pulumi and check every action against
 * the published list of AWS actions. Components stringify them.
 */

export interface Statement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Action: string[];
    Resource: string[];
    Principal?: Record<string, string | string[]>;
    Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: Statement[];
}

export const doc = (...statements: Statement[]): PolicyDocument => ({ Version: "2012-10-17", Statement: statements });

/**
 * Trust policy for an AWS service principal, limited to calls made on behalf of this account
 * (the confused-deputy guard AWS recommends: `aws:SourceAccount`).
 */
export function serviceTrust(service: string, account: string): PolicyDocument {
    return doc({
        Effect: "Allow",
        Principal: { Service: service },
        Action: ["sts:AssumeRole"],
        Resource: [],
        Condition: { StringEquals: { "aws:SourceAccount": account } },
    });
}

/** Trust policies have no Resource; drop the empty list when serializing. */
export function toJson(policy: PolicyDocument): string {
    return JSON.stringify({
        Version: policy.Version,
        Statement: policy.Statement.map((s) => {
            const { Resource, ...rest } = s;
            return Resource.length === 0 && s.Principal ? rest : s;
        }),
    });
}

/** Every action of a document, `service:Action`, for validation against the AWS action list. */
export function actionsOf(policy: PolicyDocument): string[] {
    return [...new Set(policy.Statement.flatMap((s) => s.Action))].sort();
}
