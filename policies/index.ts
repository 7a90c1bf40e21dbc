/**
 * The CrossGuard policy pack: `pulumi preview --policy-pack policies` (docs/policies.md).
 * This file only constructs the pack (which starts the server the engine talks to, so tests
 * never load it); the policies come from ./pack, the checks from ./rules.
 */
import { PolicyPack } from "@pulumi/policy";
import { buildPolicies } from "./pack";

new PolicyPack("fleet", { policies: buildPolicies() });
