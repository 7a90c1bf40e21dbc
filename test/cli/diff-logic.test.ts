/** The pure parts of `fleet diff`: plan differences, replacements, critical changes first. */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { formatDiff } from "../../src/diff/format";
import { diffModels, formatModelChange } from "../../src/diff/model-diff";
import { diffInputs, diffPlans } from "../../src/diff/plan-diff";
import { CRITICAL_TYPES, REPLACE_ON_CHANGE } from "../../src/diff/replace";
import type { PlannedResource } from "../../src/plan/plan";
import { plainOptions } from "../helpers/planned";
import { ROOT } from "./helpers";
import { exampleFleet } from "../helpers/fleets";

function res(type: string, name: string, inputs: Record<string, unknown>, extra: Partial<PlannedResource> = {}): PlannedResource {
    const parent = extra.parent ? `${extra.parent}$` : "";
    return {
        urn: `urn:pulumi:eu-central-1::fleet::${parent}${type}::${name}`,
        type,
        name,
        inputs,
        region: "eu-central-1",
        ...plainOptions(),
        ...extra,
        parent: undefined,
    };
}

describe("fleet diff logic", () => {
    it("classifies add, remove, update and replace, with exact input paths", () => {
        const base = [
            res("aws:s3/bucket:Bucket", "lake", { bucket: "acme-lake", tags: { owner: "a" } }, { protect: true }),
            res("aws:sns/topic:Topic", "alerts", { name: "acme-alerts", tags: { owner: "a" } }),
            res("aws:iot/thing:Thing", "gw-1-thing", { name: "acme-s-gw-1" }),
            res("aws:lambda/function:Function", "scorer", { name: "scorer", memorySize: 128 }),
        ];
        const head = [
            res("aws:s3/bucket:Bucket", "lake", { bucket: "acme-lake-2", tags: { owner: "a" } }, { protect: true }),
            res("aws:sns/topic:Topic", "alerts", { name: "acme-alerts", tags: { owner: "b", team: "ot" } }),
            res("aws:lambda/function:Function", "scorer", { name: "scorer", memorySize: 128 }),
            res("aws:iot/thing:Thing", "gw-2-thing", { name: "acme-s-gw-2" }),
        ];
        const d = diffPlans(base, head);
        assert.deepEqual(
            d.changes.map((c) => [c.kind, c.name, c.critical ?? null]),
            [
                ["remove", "gw-1-thing", "device identity"],
                ["replace", "lake", "data store"],
                ["update", "alerts", null],
                ["add", "gw-2-thing", null],
            ],
        );
        const lake = d.changes[1];
        assert.deepEqual(lake.inputs, [{ path: "bucket", before: "acme-lake", after: "acme-lake-2", forcesReplacement: true }]);
        assert.equal(lake.reason, "bucket cannot change in place");
        assert.equal(lake.protect, true);
        assert.deepEqual(d.changes[2].inputs, [
            { path: "tags.owner", before: "a", after: "b", forcesReplacement: false },
            { path: "tags.team", after: "ot", forcesReplacement: false },
        ]);
        assert.deepEqual(d.counts, { add: 1, remove: 1, update: 1, replace: 1, rename: 0, critical: 2 });
    });

    it("a URN change without an alias is a replacement; with an alias, a rename", () => {
        const base = [res("aws:iot/policy:Policy", "site-policy", { name: "acme-site" }), res("aws:sns/topic:Topic", "t", { name: "x" })];
        const moved = {
            ...res(
                "aws:iot/policy:Policy",
                "site-policy",
                { name: "acme-site" },
                { urn: "urn:pulumi:eu-central-1::fleet::fleet:site:Site$aws:iot/policy:Policy::site-policy" },
            ),
            parent: "urn:pulumi:eu-central-1::fleet::fleet:site:Site::s",
        };
        const d1 = diffPlans(base, [moved, base[1]]);
        assert.equal(d1.changes.length, 1);
        assert.equal(d1.changes[0].kind, "replace");
        assert.equal(d1.changes[0].critical, "device identity");
        assert.equal(
            d1.changes[0].reason,
            "its URN changed from urn:pulumi:eu-central-1::fleet::aws:iot/policy:Policy::site-policy and no alias carries the old one",
        );

        const aliased = { ...moved, aliases: [base[0].urn] };
        const d2 = diffPlans(base, [aliased, base[1]]);
        assert.deepEqual(
            d2.changes.map((c) => [c.kind, c.previousUrn]),
            [["rename", base[0].urn]],
        );
        const specAlias = { ...moved, aliases: [JSON.stringify({ spec: { name: "site-policy", noParent: true } })] };
        assert.equal(diffPlans(base, [specAlias, base[1]]).changes[0].kind, "rename");
    });

    it("diffs JSON text structurally and treats every input of an immutable resource as forcing replacement", () => {
        const before = { policy: JSON.stringify({ Statement: [{ Action: ["iot:Connect"] }] }), tags: { a: "1" } };
        const after = { policy: JSON.stringify({ Statement: [{ Action: ["iot:Connect", "iot:Publish"] }] }), tags: { a: "2" } };
        assert.deepEqual(diffInputs("aws:iot/policy:Policy", before, after), [
            { path: "policy(json).Statement[0].Action[iot:Publish]", after: "iot:Publish", forcesReplacement: false, element: "added" },
            { path: "tags.a", before: "1", after: "2", forcesReplacement: false },
        ]);
        const dep = diffInputs("aws-native:greengrassv2:Deployment", { components: { a: 1 }, tags: { x: "1" } }, { components: { a: 2 }, tags: { x: "2" } });
        assert.deepEqual(
            dep.map((c) => [c.path, c.forcesReplacement]),
            [
                ["components.a", true],
                ["tags.x", false],
            ],
        );
        assert.deepEqual(diffInputs("aws:sns/topic:Topic", { region: "eu-central-1" }, { region: "eu-west-1" })[0].forcesReplacement, true);
    });

    it("every type and property in the replacement and criticality tables exists in the installed SDKs", () => {
        const pulumiDir = path.join(ROOT, "node_modules", "@pulumi");
        const argsOf = (type: string): string[] => {
            const [pkg, mod, name] = type.split(":");
            const dir = path.join(pulumiDir, pkg, mod.split("/")[0]);
            const index = fs.readFileSync(path.join(dir, "index.js"), "utf8");
            assert.ok(index.includes(`"${type}"`), `${type} is not a resource type of @pulumi/${pkg}`);
            const file = mod.includes("/") ? mod.split("/")[1] : name[0].toLowerCase() + name.slice(1);
            const dts = fs.readFileSync(path.join(dir, `${file}.d.ts`), "utf8");
            const body = dts.slice(dts.indexOf(`export interface ${name}Args {`));
            assert.ok(body.length > 0, `${type}: no ${name}Args`);
            return [...body.slice(0, body.indexOf("\n}")).matchAll(/^ {4}(?:readonly )?([a-zA-Z0-9]+)\??:/gm)].map((m) => m[1]);
        };
        for (const [type, props] of Object.entries(REPLACE_ON_CHANGE)) {
            const args = argsOf(type);
            for (const p of props) if (p !== "*") assert.ok(args.includes(p), `${type}: no input ${p}`);
        }
        for (const type of Object.keys(CRITICAL_TYPES)) argsOf(type);
    });

    it("model changes name the element, its site and the changed fields", () => {
        const base = exampleFleet();
        const head = structuredClone(base);
        const site = head.sites.find((s) => s.name === "stuttgart-body")!;
        const [removed] = site.gateways.splice(site.gateways.length - 1, 1);
        site.plcs[0] = { ...site.plcs[0], address: "192.168.10.99" };
        site.connectivity = { ...site.connectivity, bandwidthKbps: 1 };
        const changes = diffModels(base, head);
        assert.deepEqual(changes.map(formatModelChange), [
            "site stuttgart-body: connectivity.bandwidthKbps changed",
            `site stuttgart-body: gateway ${removed.name} removed`,
            `site stuttgart-body: plc ${site.plcs[0].name} changed (address)`,
        ]);
        assert.deepEqual(diffModels(base, structuredClone(base)), []);
    });

    it("a site listing the old name in previousNames is renamed, not removed and added", () => {
        const base = exampleFleet();
        const head = structuredClone(base);
        const site = head.sites.find((s) => s.name === "austin-smt")!;
        site.name = "austin-pcb";
        site.previousNames = ["austin-smt"];
        assert.deepEqual(diffModels(base, head).map(formatModelChange), ["site austin-smt renamed to austin-pcb"]);
        site.previousNames = [];
        assert.deepEqual(diffModels(base, head).map(formatModelChange), ["site austin-smt removed", "site austin-pcb added"]);
    });

    it("a retained identity is dropped from the stack, not deleted, and says so", () => {
        const base = [res("aws:iot/thing:Thing", "gw-thing", { name: "t" }, { retainOnDelete: true })];
        const d = diffPlans(base, []);
        assert.equal(d.changes[0].retainOnDelete, true);
        const text = formatDiff({ base: { ref: "main", commit: "0123456789abcdef" }, modelChanges: [], diff: d });
        assert.ok(text.includes("!!!   DROP FROM STACK (kept in AWS) DEVICE IDENTITY aws:iot:Thing gw-thing (eu-central-1 / regional platform)\n"), text);
    });

    it("formats critical changes first and loudly", () => {
        const base = [res("aws:dynamodb/table:Table", "registry", { name: "r" }, { protect: true }), res("aws:sns/topic:Topic", "t", { name: "x" })];
        const text = formatDiff({
            base: { ref: "main", commit: "0123456789abcdef0123" },
            modelChanges: [],
            diff: diffPlans(base, [res("aws:sns/topic:Topic", "t", { name: "y" })]),
        });
        assert.equal(
            text,
            [
                "fleet diff: main (0123456789ab) -> working tree",
                "",
                "!!! DANGER: 1 change deletes or replaces stored data, device identities or keys",
                "!!!   DELETE DATA STORE aws:dynamodb:Table registry (eu-central-1 / regional platform) [protected: pulumi up will refuse until it is unprotected]",
                "!!!   Data in deleted stores is lost; devices whose thing, certificate or policy is replaced must be re-provisioned. Check before you deploy.",
                "",
                "changes in the fleet files:",
                "  none",
                "",
                "resource changes: 0 to add, 1 to remove, 0 to update, 1 to replace",
                "  eu-central-1 / regional platform",
                "    -  aws:dynamodb:Table registry [data store]",
                "    +- aws:sns:Topic t (REPLACE)",
                '         name: "x" -> "y" (forces replacement)',
            ].join("\n"),
        );
    });
});
