/** Building resources and running rules the way the engines do, for the policy tests. */
import * as assert from "node:assert/strict";
import { stackView } from "../../policies/lib/stack";
import type { Statement } from "../../policies/lib/policy-doc";
import type { Finding, ResourceFinding, RuleResource } from "../../policies/lib/types";
import type { ConduitModel } from "../../src/model/types";
import { UNKNOWN } from "../../policies/lib/values";
import { RULES } from "../../policies/registry";

export { UNKNOWN };

/** Where the OT rule tests' conduits are written (sites/plant.yaml). */
export const CONDUIT_AT = { file: "sites/plant.yaml", line: 40, col: 7 };

/** A conduit of the OT rule tests: OPC UA 4840/tcp from edge-dmz (level 3.5) to cell (level 1), with overrides. */
export const conduit = (c: Partial<ConduitModel>): ConduitModel => ({
    name: "c",
    from: "edge-dmz",
    to: "cell",
    protocol: "opcua",
    ports: [{ port: 4840, transport: "tcp" }],
    fromLevel: 3.5,
    toLevel: 1,
    at: CONDUIT_AT,
    ...c,
});

/**
 * A statement exactly as parsePolicyDocument returns it: every field present, those the document
 * leaves out `undefined` (a strict deepEqual tells an absent key from an undefined one).
 */
export const parsedStatement = (s: Partial<Statement>): Statement => ({
    index: 0,
    sid: undefined,
    effect: "Allow",
    actions: [],
    notActions: undefined,
    resources: [],
    notResources: undefined,
    principal: undefined,
    notPrincipal: undefined,
    condition: undefined,
    ...s,
});

/** A resource of the example's shape: URN from stack, type and name. */
export function res(type: string, name: string, props: Record<string, unknown>, extra: Partial<RuleResource> = {}): RuleResource {
    return { type, name, urn: `urn:pulumi:eu-central-1::fleet::${type}::${name}`, props, protect: false, retainOnDelete: false, secretProps: [], ...extra };
}

export function ruleOf(name: string) {
    const rule = RULES.find((r) => r.name === name);
    assert.ok(rule, `no rule ${name}`);
    return rule;
}

/** The resource part of a rule on one resource. */
export function check(rule: string, r: RuleResource): ResourceFinding[] {
    const part = ruleOf(rule).resource;
    assert.ok(part, `${rule} has no resource part`);
    if (part.types !== "*") assert.ok(part.types.includes(r.type), `${rule} does not look at ${r.type}`);
    return part.check(r);
}

/** The stack part of a rule on a list of resources. */
export function checkStack(rule: string, resources: RuleResource[]): Finding[] {
    const part = ruleOf(rule).stack;
    assert.ok(part, `${rule} has no stack part`);
    return part.check(stackView(resources));
}

/** Messages of violations (not unknowns). */
export const violations = (fs: ResourceFinding[]) => fs.filter((f) => !f.unknown).map((f) => f.message);
export const unknowns = (fs: ResourceFinding[]) => fs.filter((f) => f.unknown).map((f) => f.message);

/** Assert exactly one violation whose message contains `part`, and no unknowns. */
export function assertViolation(fs: ResourceFinding[], part: string): void {
    const v = violations(fs);
    assert.equal(v.length, 1, `expected one violation containing ${JSON.stringify(part)}, got ${JSON.stringify(v)}`);
    assert.ok(v[0].includes(part), `expected ${JSON.stringify(v[0])} to contain ${JSON.stringify(part)}`);
}

export function assertClean(fs: ResourceFinding[]): void {
    assert.deepEqual(fs, []);
}

/** Assert the check could not decide (unknown at preview) and found no violation. */
export function assertUnknown(fs: ResourceFinding[]): void {
    assert.deepEqual(violations(fs), []);
    assert.ok(unknowns(fs).length >= 1, "expected a finding about an unknown value");
    for (const m of unknowns(fs)) assert.match(m, /unknown/);
}

/** A deep copy with one change, for "each failing case changes one field". */
export function mutate<T>(value: T, change: (copy: T) => void): T {
    const copy = JSON.parse(JSON.stringify(value)) as T;
    change(copy);
    return copy;
}

/** How many bypass attempts (`caught`) and look-alikes (`clean`) the tables hold per rule; test/policies/bypass-coverage.test.ts reads it. */
export const TABLED = new Map<string, { caught: number; clean: number }>();

/**
 * Runs a table: every `caught` case (a bypass attempt) has at least one violation, every `clean`
 * case (a look-alike) none. Cases are resources, or whatever `run` takes (a site for model rules).
 */
export function table<T = RuleResource>(rule: string, run: (rule: string, r: T) => ResourceFinding[], caught: [string, T][], clean: [string, T][]) {
    const seen = TABLED.get(rule) ?? { caught: 0, clean: 0 };
    TABLED.set(rule, { caught: seen.caught + caught.length, clean: seen.clean + clean.length });
    describe(rule, () => {
        for (const [name, r] of caught) it(`catches: ${name}`, () => assert.ok(violations(run(rule, r)).length > 0, `${name} passed`));
        for (const [name, r] of clean) it(`does not flag: ${name}`, () => assert.deepEqual(violations(run(rule, r)), []));
    });
}
