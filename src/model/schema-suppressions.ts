/** fleet.yaml `spec.suppressions`: governed exceptions (issue #21), the only way to suppress a mandatory rule. */
import { Type } from "@sinclair/typebox";

const Pattern = (pattern: string, accepted: string, description: string) => Type.String({ pattern, patternErrorMessage: accepted, description });

export const GovernedSuppressions = Type.Array(
    Type.Object(
        {
            site: Pattern("^[a-z][a-z0-9-]{1,30}$", "2-31 characters of a-z, 0-9 and -, starting with a letter", "The site whose finding is suppressed."),
            policy: Type.String({ minLength: 1, description: "A mandatory (or advisory) rule of the pack." }),
            target: Pattern(
                "^[a-z-]+/[A-Za-z0-9:_./-]{1,128}$",
                "kind/name with kind site, segment, conduit, gateway, plc, equipment or sensor, e.g. conduit/legacy-modbus",
                "What the exception covers: kind/name of the site, e.g. conduit/legacy-modbus.",
            ),
            reason: Type.String({ minLength: 10, maxLength: 1024, description: "Why the exception is acceptable, in words." }),
            ticket: Type.String({ minLength: 1, maxLength: 128, description: "The change or risk ticket that records the exception." }),
            expires: Pattern("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "an ISO date YYYY-MM-DD", "Last day the exception holds (UTC); after it, an error."),
            approver: Type.String({ minLength: 1, maxLength: 128, description: "Who accepted the risk (name or e-mail)." }),
        },
        { additionalProperties: false },
    ),
    {
        maxItems: 500,
        description: "Governed suppressions: the only way to suppress a mandatory rule. See docs/site-files.md#suppression-governance.",
    },
);
