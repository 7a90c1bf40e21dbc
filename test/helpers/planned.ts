/** Planned resources written by hand in tests: the fields a plan records that most tests leave at their defaults. */
import type { PlannedResource } from "../../src/plan/plan";

/** A custom resource with no options set (fresh lists each call). */
export function plainOptions(): Pick<
    PlannedResource,
    "custom" | "protect" | "retainOnDelete" | "deleteBeforeReplace" | "aliases" | "dependsOn" | "secretInputs"
> {
    return { custom: true, protect: false, retainOnDelete: false, deleteBeforeReplace: false, aliases: [], dependsOn: [], secretInputs: [] };
}

/** A custom resource named `name` of project fleet in stack `stack` (default: its region), no options set, then `fields`. */
export function plannedResource(type: string, name: string, fields: Partial<PlannedResource> & { region: string }, stack = fields.region): PlannedResource {
    return { urn: `urn:pulumi:${stack}::fleet::${type}::${name}`, type, name, inputs: {}, ...plainOptions(), ...fields };
}
