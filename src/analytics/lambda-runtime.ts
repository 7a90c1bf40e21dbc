/**
 * The one source for Lambda runtimes: the runtime every fleet function runs on, and the
 * runtimes the fleet accepts at all. The policy pack's lambda-baseline rule rejects any other
 * runtime before deployment; the AWS Config rule LAMBDA_FUNCTION_SETTINGS_CHECK that mirrors it
 * after deployment gets the same list (src/region/config-rules.ts).
 *
 * Source: AWS Lambda Developer Guide, "Lambda runtimes", table of supported runtimes
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html), reviewed November 2026:
 * runtimes past their deprecation date (nodejs20.x, python3.10, java11 ...) are left out, as AWS
 * no longer applies security patches to them.
 */

/** The runtime of every Node.js Lambda function the fleet deploys (bundles target it: src/analytics/bundle.ts). */
export const LAMBDA_RUNTIME = "nodejs22.x";

/** Runtimes Lambda supports for new and updated functions, in the order the docs list them. */
export const SUPPORTED_LAMBDA_RUNTIMES: readonly string[] = [
    "nodejs22.x",
    "nodejs24.x",
    "python3.11",
    "python3.12",
    "python3.13",
    "python3.14",
    "java17",
    "java21",
    "java25",
    "dotnet10",
    "ruby3.3",
    "ruby3.4",
    "provided.al2023",
];
