/**
 * A strict JSON schema of the Greengrass V2 component recipe format (RecipeFormatVersion
 * 2020-01-25), as our recipes use it: every key the format defines at the places it defines them
 * (AWS IoT Greengrass V2 developer guide, "AWS IoT Greengrass component recipe reference"), and
 * nothing else. Stricter than the Greengrass Development Kit's schema (which lower-cases keys and
 * lets a misspelled lifecycle step through): a misspelled key here is an error. Pure.
 */

const step = {
    oneOf: [
        { type: "string", minLength: 1 },
        {
            type: "object",
            additionalProperties: false,
            required: ["Script"],
            properties: {
                Script: { type: "string", minLength: 1 },
                RequiresPrivilege: { type: "boolean" },
                Skipif: { type: "string", pattern: "^(onpath|exists) \\S+$" },
                Timeout: { type: "integer", minimum: 1 },
                Setenv: { type: "object", additionalProperties: { type: "string" } },
            },
        },
    ],
};

export const RECIPE_SCHEMA = {
    $schema: "http://json-schema.org/draft-07/schema#",
    type: "object",
    additionalProperties: false,
    required: ["RecipeFormatVersion", "ComponentName", "ComponentVersion", "Manifests"],
    properties: {
        RecipeFormatVersion: { const: "2020-01-25" },
        ComponentName: { type: "string", pattern: "^[A-Za-z0-9._-]{1,128}$", not: { pattern: "^aws\\.greengrass\\." } },
        ComponentVersion: { type: "string", pattern: "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)$" },
        ComponentDescription: { type: "string", maxLength: 256 },
        ComponentPublisher: { type: "string", minLength: 1, maxLength: 128 },
        ComponentType: { enum: ["aws.greengrass.generic", "aws.greengrass.lambda", "aws.greengrass.plugin", "aws.greengrass.nucleus"] },
        ComponentDependencies: {
            type: "object",
            additionalProperties: {
                type: "object",
                additionalProperties: false,
                required: ["VersionRequirement"],
                properties: { VersionRequirement: { type: "string", minLength: 1 }, DependencyType: { enum: ["HARD", "SOFT"] } },
            },
        },
        ComponentConfiguration: {
            type: "object",
            additionalProperties: false,
            properties: { DefaultConfiguration: { type: "object" } },
        },
        Manifests: {
            type: "array",
            minItems: 1,
            items: {
                type: "object",
                additionalProperties: false,
                required: ["Platform", "Lifecycle"],
                properties: {
                    Name: { type: "string" },
                    Platform: {
                        type: "object",
                        additionalProperties: false,
                        required: ["os"],
                        properties: {
                            os: { enum: ["linux", "windows", "darwin", "*"] },
                            architecture: { enum: ["amd64", "arm", "aarch64", "x86", "*"] },
                            "architecture.detail": { type: "string" },
                        },
                    },
                    Lifecycle: {
                        type: "object",
                        additionalProperties: false,
                        minProperties: 1,
                        properties: {
                            Setenv: { type: "object", additionalProperties: { type: "string" } },
                            Install: step,
                            Run: step,
                            Startup: step,
                            Shutdown: step,
                            Recover: step,
                            Bootstrap: step,
                        },
                    },
                    Artifacts: {
                        type: "array",
                        items: {
                            type: "object",
                            additionalProperties: false,
                            required: ["Uri"],
                            properties: {
                                Uri: { type: "string", pattern: "^(s3://[a-z0-9.-]{3,63}/\\S+|docker:\\S+|greengrass:\\S+)$" },
                                Unarchive: { enum: ["ZIP", "NONE"] },
                                Digest: { type: "string" },
                                Algorithm: { enum: ["SHA-256", "SHA-384", "SHA-512"] },
                                Permission: {
                                    type: "object",
                                    additionalProperties: false,
                                    properties: { Read: { enum: ["NONE", "OWNER", "ALL"] }, Execute: { enum: ["NONE", "OWNER", "ALL"] } },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
} as const;

/** Recipe architecture (`Platform.architecture`) of each gateway architecture the site format names. */
export const RECIPE_ARCHITECTURE: Record<"x86_64" | "aarch64" | "armv7l", "amd64" | "aarch64" | "arm"> = { x86_64: "amd64", aarch64: "aarch64", armv7l: "arm" };
