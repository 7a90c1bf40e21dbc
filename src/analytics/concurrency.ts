/**
 * Reserved Lambda concurrency against the account's quota. Reserving concurrency takes it from
 * the account's pool for the region, and Lambda always keeps at least 100 executions unreserved:
 * PutFunctionConcurrency fails when a reservation would leave fewer (AWS Lambda developer guide,
 * "Configuring reserved concurrency"; "Lambda quotas": concurrent executions, 1,000 by default,
 * Service Quotas code L-B99A9384, lower on some new accounts).
 */

/** Service Quotas code of Lambda's "Concurrent executions" quota. */
export const LAMBDA_CONCURRENCY_QUOTA_CODE = "L-B99A9384";
/** What Lambda keeps unreserved in every account and region. */
export const LAMBDA_UNRESERVED_MINIMUM = 100;

/**
 * The problem, if any, with reserving `reserved` executions (by function) in an account whose
 * applied quota is `quota`; undefined when it fits.
 */
export function reservedConcurrencyProblem(region: string, reserved: Record<string, number>, quota: number): string | undefined {
    const total = Object.values(reserved).reduce((a, b) => a + b, 0);
    const room = quota - LAMBDA_UNRESERVED_MINIMUM;
    if (total <= room) return undefined;
    const each = Object.entries(reserved)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => `${k} ${v}`)
        .join(", ");
    return (
        `region ${region}: the platform's Lambda functions reserve ${total} concurrent executions (${each}), but the account's quota is ${quota} ` +
        `and Lambda keeps ${LAMBDA_UNRESERVED_MINIMUM} unreserved, so at most ${Math.max(room, 0)} can be reserved; ` +
        `ask for a higher "Concurrent executions" quota (Service Quotas, lambda ${LAMBDA_CONCURRENCY_QUOTA_CODE}) before deploying`
    );
}
