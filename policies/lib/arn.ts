/**
 * ARNs by meaning: parsed into their parts (partition, service, region, account, resource), each
 * judged on its own for wildcards; and IoT policy resources resolved the way AWS IoT evaluates
 * them, policy variables included, so a rule asks "does this pattern reach another device's
 * client id / topic / thing?" instead of comparing spellings.
 *
 * ARN format: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 * IoT policy variables: https://docs.aws.amazon.com/iot/latest/developerguide/iot-policy-variables.html
 * (`${iot:Connection.Thing.ThingName}` is the connected thing, only when the client id is that
 * name; `${iot:ClientId}` is whatever the client chose; thing attributes, certificate fields and
 * other variables are not the device's identity; `${*}`, `${?}` and `${$}` are literal `*`, `?`, `$`).
 */
import { globRegExp, hasWildcard } from "./actions";

export interface Arn {
    partition: string;
    service: string;
    region: string;
    account: string;
    /** Everything after the fifth colon, e.g. `topic/fleet/a/b` or `key/1234`. */
    resource: string;
}

/** The parts of an ARN, or undefined when the string is not one (fewer than six parts). */
export function parseArn(s: string): Arn | undefined {
    if (!/^arn:/i.test(s)) return undefined;
    const parts = s.split(":");
    if (parts.length < 6) return undefined;
    const [, partition, service, region, account] = parts;
    return { partition, service, region, account, resource: parts.slice(5).join(":") };
}

/** The parts of an ARN that hold a wildcard, by name. */
export function wildcardParts(arn: Arn): (keyof Arn)[] {
    return (["partition", "service", "region", "account", "resource"] as const).filter((k) => hasWildcard(arn[k]));
}

/** The connected thing's name, the one variable that names the device itself. */
export const THING_VARIABLE = "${iot:Connection.Thing.ThingName}";

/** Literal escapes of IoT and IAM policies. */
const ESCAPES: Record<string, string> = { "${*}": "\u0000STAR", "${?}": "\u0000QMARK", "${$}": "$" };

/**
 * An IoT policy resource with its variables resolved for a device whose thing name is `thing`:
 * the thing-name variable becomes `thing`, escapes become literals, and every other variable a
 * wildcard (the client or someone else chooses its value).
 */
export function resolveIotVariables(pattern: string, thing: string): string {
    return pattern.replace(/\$\{[^}]*\}/g, (v) => (v === THING_VARIABLE ? thing : (ESCAPES[v] ?? "*")));
}

/** Whether a resolved pattern (escapes kept literal) matches a concrete resource. */
function resolvedMatch(resolved: string, concrete: string): boolean {
    const re = globRegExp(resolved.replace(/\u0000STAR/g, "\u0001").replace(/\u0000QMARK/g, "\u0002"), "");
    return re.test(concrete.replace(/\*/g, "\u0001").replace(/\?/g, "\u0002"));
}

/** The probe context rules resolve IoT resources in: the device, its site, a region and account. */
export interface IotProbe {
    thing: string;
    region: string;
    account: string;
}

export const PROBE: IotProbe = { thing: "probe-site-probe-gateway", region: "eu-central-1", account: "123456789012" };

/**
 * Whether an IoT policy resource (`*`, a full ARN, or a relative `kind/name` as in tests and
 * AWS examples) grants the device `probe.thing` access to the concrete IoT resource `kind/name`.
 * The service part is a glob of its own; IoT matches resource ARNs case-sensitively.
 */
export function iotResourceGrants(pattern: string, kindAndName: string, probe: IotProbe = PROBE): boolean {
    const resolved = resolveIotVariables(pattern.trim(), probe.thing);
    const concrete = `arn:aws:iot:${probe.region}:${probe.account}:${kindAndName}`;
    if (!/^arn:/i.test(resolved)) return resolvedMatch(resolved, kindAndName) || resolvedMatch(resolved, concrete);
    const arn = parseArn(resolved);
    if (!arn) return false;
    // Partition, region and account: a policy acts in its own account and region, so any value
    // there reaches this device's resources (a wildcard is judged by iot-policy-no-wildcard-resource).
    return globRegExp(arn.service, "i").test("iot") && resolvedMatch(arn.resource, kindAndName);
}
