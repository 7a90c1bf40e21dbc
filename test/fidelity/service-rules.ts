/**
 * Service rules as pure checks, each from the AWS page it names: the dimensions CloudWatch
 * metrics are published with, EventBridge event pattern syntax, the Greengrass recipe format.
 */

/**
 * The dimension sets AWS publishes each watched metric with. A metric alarm on a single metric
 * matches only that exact set. Sources: Kinesis Data Streams developer guide (stream-level
 * metrics: StreamName); Firehose developer guide (DeliveryStreamName); Step Functions developer
 * guide (execution metrics: StateMachineArn); SQS developer guide (QueueName); Lambda developer
 * guide (FunctionName; Resource; ExecutedVersion); AWS IoT developer guide, "AWS IoT metrics and
 * dimensions" (rule action metrics Success/Failure: RuleName and ActionType).
 */
export const METRIC_DIMENSIONS: Record<string, string[][]> = {
    "AWS/Kinesis GetRecords.IteratorAgeMilliseconds": [["StreamName"]],
    "AWS/Kinesis WriteProvisionedThroughputExceeded": [["StreamName"]],
    "AWS/Firehose DeliveryToS3.Success": [["DeliveryStreamName"]],
    "AWS/Firehose DeliveryToS3.DataFreshness": [["DeliveryStreamName"]],
    "AWS/States ExecutionsFailed": [["StateMachineArn"]],
    "AWS/States ExecutionsTimedOut": [["StateMachineArn"]],
    "AWS/SQS ApproximateNumberOfMessagesVisible": [["QueueName"]],
    "AWS/Lambda Errors": [["FunctionName"], ["FunctionName", "Resource"], ["FunctionName", "ExecutedVersion", "Resource"]],
    "AWS/Lambda IteratorAge": [["FunctionName"], ["FunctionName", "Resource"]],
    "AWS/IoT Failure": [["ActionType", "RuleName"]],
    "AWS/IoT Success": [["ActionType", "RuleName"]],
};

const key = (dims: string[]) => [...dims].sort().join(",");

/** Problems of one alarm's inputs (single metric, or a Metrics Insights query in metricQueries). */
export function alarmProblems(inputs: Record<string, unknown>): string[] {
    const queries = inputs.metricQueries as { expression?: string; metric?: unknown }[] | undefined;
    if (queries && queries.length > 0) {
        return queries.flatMap((q) => {
            if (!q.expression) return [];
            const m = /^SELECT\s+\w+\((\S+?)\)\s+FROM\s+SCHEMA\("([^"]+)",\s*([^)]*)\)/i.exec(q.expression);
            if (!m) return [`query ${q.expression} is not a Metrics Insights SELECT ... FROM SCHEMA(...)`];
            const [, metric, namespace, dims] = m;
            const sets = METRIC_DIMENSIONS[`${namespace} ${metric}`];
            if (!sets) return [`${namespace} ${metric}: no published dimension set recorded; add it from the service's metrics page`];
            const named = dims.split(",").map((d) => d.trim());
            return sets.some((s) => key(s) === key(named))
                ? []
                : [`${namespace} ${metric}: SCHEMA names [${named.join(", ")}], published with ${sets.map((s) => `[${s.join(", ")}]`).join(" or ")}`];
        });
    }
    const metricKey = `${String(inputs.namespace)} ${String(inputs.metricName)}`;
    const sets = METRIC_DIMENSIONS[metricKey];
    if (!sets) return [`${metricKey}: no published dimension set recorded; add it from the service's metrics page`];
    const named = Object.keys((inputs.dimensions as Record<string, string>) ?? {});
    if (sets.some((s) => key(s) === key(named))) return [];
    return [
        `${metricKey} is published with dimensions ${sets.map((s) => `[${s.join(", ")}]`).join(" or ")}; the alarm names [${named.sort().join(", ")}] and never sees a data point`,
    ];
}

/** Content-filter matchers of EventBridge patterns (EventBridge user guide, "Event patterns", "Content filtering"). */
const MATCHERS = new Set(["prefix", "suffix", "anything-but", "numeric", "exists", "cidr", "equals-ignore-case", "wildcard"]);

/** Problems of an EventBridge event pattern: every leaf an array of values or matcher objects. */
export function eventPatternProblems(pattern: unknown, at = ""): string[] {
    if (pattern === null || typeof pattern !== "object" || Array.isArray(pattern)) return [`${at || "pattern"}: must be a JSON object`];
    const out: string[] = [];
    for (const [k, v] of Object.entries(pattern as Record<string, unknown>)) {
        const path = at ? `${at}.${k}` : k;
        if (Array.isArray(v)) {
            if (v.length === 0) out.push(`${path}: an empty array matches nothing`);
            for (const item of v) {
                if (item !== null && typeof item === "object") {
                    for (const m of Object.keys(item as object)) if (!MATCHERS.has(m)) out.push(`${path}: unknown matcher ${JSON.stringify(m)}`);
                } else if (!["string", "number", "boolean"].includes(typeof item) && item !== null) out.push(`${path}: ${JSON.stringify(item)} is not a value`);
            }
        } else if (v !== null && typeof v === "object") out.push(...eventPatternProblems(v, path));
        else out.push(`${path}: a leaf must be an array of values or matchers`);
    }
    return out;
}

/** Problems of a Greengrass recipe (Greengrass V2 developer guide, "AWS IoT Greengrass component recipe reference"). */
export function recipeProblems(recipe: Record<string, unknown>): string[] {
    const out: string[] = [];
    if (recipe.RecipeFormatVersion !== "2020-01-25") out.push(`RecipeFormatVersion ${String(recipe.RecipeFormatVersion)} is not 2020-01-25`);
    if (typeof recipe.ComponentName !== "string" || !/^[A-Za-z0-9._-]{1,128}$/.test(recipe.ComponentName))
        out.push(`ComponentName ${String(recipe.ComponentName)} is not a component name`);
    if (typeof recipe.ComponentVersion !== "string" || !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(recipe.ComponentVersion))
        out.push(`ComponentVersion ${String(recipe.ComponentVersion)} is not semantic (major.minor.patch)`);
    for (const [name, d] of Object.entries((recipe.ComponentDependencies as Record<string, { DependencyType?: string }>) ?? {}))
        if (d.DependencyType && !["HARD", "SOFT"].includes(d.DependencyType))
            out.push(`dependency ${name}: DependencyType ${d.DependencyType} is not HARD or SOFT`);
    for (const [i, m] of ((recipe.Manifests as { Artifacts?: { Uri?: string; Unarchive?: string }[] }[]) ?? []).entries())
        for (const a of m.Artifacts ?? []) {
            if (!a.Uri || !/^(s3|docker|greengrass):\/\/?\S+$/.test(a.Uri))
                out.push(`Manifests[${i}]: artifact URI ${String(a.Uri)} is not s3://, docker: or greengrass:`);
            if (a.Unarchive && !["NONE", "ZIP"].includes(a.Unarchive)) out.push(`Manifests[${i}]: Unarchive ${a.Unarchive} is not NONE or ZIP`);
        }
    return out;
}
