/** iot-policy-topics-scoped: the metadata and checks of one rule (see `details`). */
import { iotPolicyRule, isExplicit, isProvisioningTopic, isThingScoped, kindIsWildcard, SHADOW_ACTIONS, thingOf, TOPIC_ACTIONS, topicOf } from "../lib/iot";
import { grants, statementName } from "../lib/policy-doc";
import type { Rule } from "../lib/types";

/** Why a topic is out of scope, or undefined when it is scoped. */
export function topicProblem(topic: string, site: string | undefined): string | undefined {
    if (/^[#+*]/.test(topic)) return "covers every topic";
    if (isProvisioningTopic(topic)) return undefined;
    let parts = topic.split("/");
    if (parts[0] === "$aws" && parts[1] === "rules") {
        if (!parts[2] || !isExplicit(parts[2])) return "uses a wildcard rule name in a Basic Ingest topic";
        parts = parts.slice(3);
    }
    if (parts[0] === "$aws" && parts[1] === "things") {
        return isThingScoped(parts[2] ?? "", site)
            ? undefined
            : "reaches the reserved topics of other things; use $aws/things/${iot:Connection.Thing.ThingName}/...";
    }
    if (parts[0] === "fleet") {
        const s = parts[1] ?? "";
        if (!isExplicit(s)) return "does not name the site";
        if (site !== undefined && s !== site) return `names site ${JSON.stringify(s)}, not this site (${site})`;
        if (!isThingScoped(parts[2] ?? "", site)) return "does not name the thing; use ${iot:Connection.Thing.ThingName}";
        return undefined;
    }
    return "is outside fleet/<site>/<thing>/ and the thing's own $aws/things/<thing>/ topics";
}

export const rule: Rule = iotPolicyRule(
    {
        name: "iot-policy-topics-scoped",
        severity: "mandatory",
        securitySeverity: 8.2,
        description: "Publish/subscribe/receive only under the site and thing prefix; never `$aws/things/*` or a bare `#`.",
        mirrors: "Device Defender IOT_POLICY_OVERLY_PERMISSIVE_CHECK",
        details:
            "Publish, subscribe and receive only on the site's and the connected thing's topics: `fleet/<site>/<thing>/...` (also through Basic Ingest, `$aws/rules/<rule>/fleet/...`), the thing's own reserved topics `$aws/things/<thing>/...`, and the fleet provisioning topics. Never all things' reserved topics, never a bare `#`.",
    },
    function* (s, { resource }) {
        if (s.effect !== "Allow") return;
        const topicActions = TOPIC_ACTIONS.filter((a) => grants(s, a));
        const shadowActions = SHADOW_ACTIONS.filter((a) => grants(s, a));
        for (const res of s.resources) {
            const topic = topicOf(res);
            if (topicActions.length && (topic !== undefined || kindIsWildcard(res))) {
                const problem = topic === undefined ? "covers every topic" : topicProblem(topic, resource.site);
                if (problem) yield { message: `${statementName(s)} allows ${topicActions.join(", ")} on ${JSON.stringify(res)}, which ${problem}` };
            }
            const thing = thingOf(res);
            if (shadowActions.length && (thing === undefined ? kindIsWildcard(res) : !isThingScoped(thing, resource.site)))
                yield {
                    message: `${statementName(s)} allows ${shadowActions.join(", ")} on ${JSON.stringify(res)}, which reaches other things' shadows; use thing/\${iot:Connection.Thing.ThingName}`,
                };
        }
    },
);
