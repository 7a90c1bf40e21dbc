/** RDS Data API calls with the retry Aurora Serverless v2 needs while it resumes from zero ACUs. */
import { ExecuteStatementCommand, type ExecuteStatementCommandOutput, type RDSDataClient, type SqlParameter } from "@aws-sdk/client-rds-data";

export interface DataApiTarget {
    resourceArn: string;
    secretArn: string;
    database: string;
}

const RETRYABLE = new Set(["DatabaseResumingException", "StatementTimeoutException"]);

export async function withResumeRetry<T>(
    fn: () => Promise<T>,
    attempts = 6,
    delayMs = 2000,
    sleep = (ms: number) => new Promise((r) => setTimeout(r, ms)),
): Promise<T> {
    for (let i = 1; ; i++) {
        try {
            return await fn();
        } catch (e) {
            const name = (e as { name?: string }).name ?? "";
            if (!RETRYABLE.has(name) || i >= attempts) throw e;
            await sleep(delayMs * i);
        }
    }
}

export function execute(
    client: RDSDataClient,
    t: DataApiTarget,
    sql: string,
    parameters: SqlParameter[] = [],
    transactionId?: string,
): Promise<ExecuteStatementCommandOutput> {
    return withResumeRetry(() =>
        client.send(new ExecuteStatementCommand({ resourceArn: t.resourceArn, secretArn: t.secretArn, database: t.database, sql, parameters, transactionId })),
    );
}

export const p = {
    str: (name: string, value: string): SqlParameter => ({ name, value: { stringValue: value } }),
    long: (name: string, value: number): SqlParameter => ({ name, value: { longValue: value } }),
    nullable: (name: string, value: string | undefined): SqlParameter => ({ name, value: value === undefined ? { isNull: true } : { stringValue: value } }),
};

export function targetFromEnv(): DataApiTarget {
    const get = (n: string) => {
        const v = process.env[n];
        if (!v) throw new Error(`environment variable ${n} is not set; the stack sets it on the function`);
        return v;
    };
    return { resourceArn: get("CLUSTER_ARN"), secretArn: get("SECRET_ARN"), database: get("DATABASE") };
}
