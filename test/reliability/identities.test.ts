/**
 * Stable identities, on the plan: shuffling lists in the fleet files changes nothing (URNs,
 * inputs, generated rule ids); renaming a site or gateway keeps every resource through aliases
 * (answersTo); removing a gateway touches only that gateway's resources, plus in-place updates;
 * a new CSR replaces the gateway's certificate create-before-delete.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { parse, stringify } from "yaml";
import { diffPlans } from "../../src/diff/plan-diff";
import { makeKeyAndCsr } from "../../src/edge/csr";
import { random } from "../../src/generate/random";
import { answersTo, splitUrn } from "../../src/plan/aliases";
import type { PlannedResource } from "../../src/plan/plan";
import { copyFleet, differingUrns, editOnce, fingerprint, load, planAll, rm, ROOT } from "./helpers";

/** Every old URN some resource of `head` answers to; the old URNs no one answers to. */
function unanswered(base: PlannedResource[], head: PlannedResource[]): string[] {
    const answered = new Set<string>();
    for (const urns of answersTo(head).values()) for (const u of urns) answered.add(u);
    return base.map((r) => r.urn).filter((u) => !answered.has(u));
}

/** Shuffle every list of a parsed YAML document with the permutation seeds given. */
function shuffleDeep(value: unknown, rand: () => number): unknown {
    if (Array.isArray(value)) {
        const out = value.map((v) => shuffleDeep(v, rand));
        for (let i = out.length - 1; i > 0; i--) {
            const j = Math.floor(rand() * (i + 1));
            [out[i], out[j]] = [out[j], out[i]];
        }
        return out;
    }
    if (value && typeof value === "object") {
        const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, shuffleDeep(v, rand)] as const);
        // Mapping order must not matter either (regions, equipment types, labels).
        for (let i = entries.length - 1; i > 0; i--) {
            const j = Math.floor(rand() * (i + 1));
            [entries[i], entries[j]] = [entries[j], entries[i]];
        }
        return Object.fromEntries(entries);
    }
    return value;
}

describe("reliability: stable identities", function () {
    this.timeout(900_000);
    let base: PlannedResource[];
    let baseFp: Map<string, string>;
    const dirs: string[] = [];
    before(async () => {
        base = await planAll(load(ROOT));
        baseFp = fingerprint(base);
    });
    after(() => dirs.forEach(rm));
    const fresh = () => {
        const d = copyFleet();
        dirs.push(d);
        return d;
    };

    it("shuffling every list and mapping of every file changes no URN, input or option (fast-check, 3 runs)", async () => {
        // Every list is shuffled at once: segments, conduits (and their ports), gateways, plcs,
        // equipment, sensors, alert subscribers and severities, suppressions; in fleet.yaml the
        // equipment types' sensors, the regions and the alert emails.
        await fc.assert(
            fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
                const dir = fresh();
                const rand = random(seed).next;
                const files = ["fleet.yaml", ...fs.readdirSync(path.join(dir, "sites")).map((f) => path.join("sites", f))];
                for (const f of files) {
                    const file = path.join(dir, f);
                    fs.writeFileSync(file, stringify(shuffleDeep(parse(fs.readFileSync(file, "utf8")), rand)));
                }
                const head = await planAll(load(dir));
                assert.deepEqual(differingUrns(baseFp, fingerprint(head)), []);
                rm(dir);
            }),
            { numRuns: 3, seed: 20261126, endOnFailure: true },
        );
    });

    it("the shuffle is not a no-op: it reorders the lists of the site files", () => {
        const doc = parse(fs.readFileSync(path.join(ROOT, "sites", "austin-smt.yaml"), "utf8")) as { spec: { equipment: { name: string }[] } };
        const shuffled = shuffleDeep(doc, random(7).next) as typeof doc;
        assert.notDeepEqual(
            shuffled.spec.equipment.map((e) => e.name),
            doc.spec.equipment.map((e) => e.name),
        );
        assert.deepEqual(shuffled.spec.equipment.map((e) => e.name).sort(), doc.spec.equipment.map((e) => e.name).sort());
    });

    it("renaming a site (metadata.previousNames) keeps every resource: each old URN is answered by the new plan", async () => {
        const dir = fresh();
        const from = path.join(dir, "sites", "austin-smt.yaml");
        editOnce(from, "  name: austin-smt\n", "  name: austin-pcb\n  previousNames: [austin-smt]\n");
        fs.renameSync(from, path.join(dir, "sites", "austin-pcb.yaml"));
        const head = await planAll(load(dir), ["us-east-2"]);
        const before = base.filter((r) => r.region === "us-east-2");
        assert.deepEqual(unanswered(before, head), []);
        // Without the previous name, the site's resources would be deleted and created anew.
        const noAlias = head.map((r) => ({ ...r, aliases: [] }));
        const lost = unanswered(before, noAlias);
        assert.ok(lost.length > 20 && lost.every((u) => splitUrn(u).name.includes("austin-smt")), lost.join("\n"));
        // The diff shows renames (same identity), no site resource removed.
        const diff = diffPlans(before, head);
        assert.deepEqual(
            diff.changes.filter((c) => c.kind === "remove").map((c) => c.urn),
            [],
        );
        // Same identity: renamed (no input change), or replaced where an AWS name holds the site name.
        assert.ok(diff.counts.rename > 5 && diff.counts.rename + diff.counts.replace > 20, JSON.stringify(diff.counts));
    });

    it("renaming a gateway (gateways[].previousNames) keeps its thing, certificate and attachments", async () => {
        const dir = fresh();
        const file = path.join(dir, "sites", "austin-smt.yaml");
        fs.writeFileSync(file, fs.readFileSync(file, "utf8").replaceAll("gw-austin-02", "gw-austin-12"));
        editOnce(file, "    - name: gw-austin-12\n", "    - name: gw-austin-12\n      previousNames: [gw-austin-02]\n");
        const head = await planAll(load(dir), ["us-east-2"]);
        const before = base.filter((r) => r.region === "us-east-2");
        assert.deepEqual(unanswered(before, head), []);
        const gw = head.filter((r) => r.name.startsWith("austin-smt-gw-austin-12-"));
        assert.deepEqual(gw.map((r) => r.name).sort(), [
            "austin-smt-gw-austin-12-cert",
            "austin-smt-gw-austin-12-cert-attachment",
            "austin-smt-gw-austin-12-policy-attachment",
            "austin-smt-gw-austin-12-thing",
        ]);
        const diff = diffPlans(before, head);
        assert.deepEqual(
            diff.changes.filter((c) => c.kind === "remove" || c.kind === "add").map((c) => c.urn),
            [],
        );
        // The certificate keeps its identity (a rename); the thing's AWS name follows the gateway
        // name, so AWS replaces the thing (create-before-delete; the old one is retained).
        const byName = new Map(diff.changes.map((c) => [c.name, c]));
        assert.equal(byName.get("austin-smt-gw-austin-12-cert")?.kind, "rename");
        assert.equal(byName.get("austin-smt-gw-austin-12-thing")?.kind, "replace");
        assert.match(byName.get("austin-smt-gw-austin-12-thing")?.reason ?? "", /name/);
    });

    it("removing one gateway removes exactly its five resources (identity and manifest copy); everything else is unchanged or updated in place", async () => {
        // Base: the example plus a third gateway without equipment; head: the example.
        const dir = fresh();
        editOnce(
            path.join(dir, "sites", "austin-smt.yaml"),
            "    - name: gw-austin-02\n",
            "    - name: gw-austin-03\n      segment: edge-dmz\n      address: 10.110.35.12\n      serial: SN-39016\n      hardware: { arch: x86_64 }\n    - name: gw-austin-02\n",
        );
        const withThird = await planAll(load(dir), ["us-east-2"]);
        const head = base.filter((r) => r.region === "us-east-2");
        const fpA = fingerprint(withThird);
        const fpB = fingerprint(head);
        const removed = [...fpA.keys()]
            .filter((u) => !fpB.has(u))
            .map((u) => splitUrn(u).name)
            .sort();
        assert.deepEqual(removed, [
            "austin-smt-gw-austin-03-cert",
            "austin-smt-gw-austin-03-cert-attachment",
            "austin-smt-gw-austin-03-policy-attachment",
            "austin-smt-gw-austin-03-thing",
            "austin-smt-manifest-gw-austin-03",
        ]);
        assert.deepEqual(
            [...fpB.keys()].filter((u) => !fpA.has(u)),
            [],
        );
        const diff = diffPlans(withThird, head);
        const others = diff.changes.filter((c) => c.custom && !c.name.startsWith("austin-smt-gw-austin-03-") && c.name !== "austin-smt-manifest-gw-austin-03");
        // What else changes: in place (the site manifest, the firewall's gateway addresses...),
        // except the site's Greengrass deployment: AWS::GreengrassV2::Deployment cannot change in
        // place, so a new collector configuration is a new deployment revision to the same thing
        // group (created before the old one is cancelled). It holds no data.
        assert.deepEqual(
            others.filter((c) => c.kind !== "update").map((c) => `${c.kind} ${c.name}`),
            ["replace austin-smt-deployment"],
        );
        assert.ok(others.every((c) => c.site === "austin-smt" || c.site === undefined));
        assert.ok(others.some((c) => c.kind === "update"));
    });

    it("a new CSR replaces the gateway certificate create-before-delete; attachments follow the certificate", async () => {
        const dir = fresh();
        const thing = "acme-cork-fill-finish-gw-cork-01";
        fs.writeFileSync(path.join(dir, "certs", "cork-fill-finish", "gw-cork-01.csr.pem"), makeKeyAndCsr(thing, "acme").csrPem);
        const head = await planAll(load(dir), ["eu-central-1"]);
        const before = base.filter((r) => r.region === "eu-central-1");
        const cert = (p: PlannedResource[]) => p.find((r) => r.name === "cork-fill-finish-gw-cork-01-cert")!;
        assert.equal(cert(head).urn, cert(before).urn, "the certificate keeps its URN: Pulumi replaces it in place of the old one");
        assert.notEqual(cert(head).inputs.csr, cert(before).inputs.csr);
        const diff = diffPlans(before, head);
        const changed = diff.changes.filter((c) => c.custom);
        assert.deepEqual(
            changed.map((c) => [c.kind, c.name, c.inputs.map((i) => i.path), c.inputs.every((i) => i.forcesReplacement)]),
            [["replace", "cork-fill-finish-gw-cork-01-cert", ["csr"], true]],
        );
        // Create-before-delete: neither the certificate nor what is attached to it deletes first,
        // and neither is retained (the old certificate is really deleted).
        const attached = head.filter((r) => r.name.startsWith("cork-fill-finish-gw-cork-01-"));
        assert.equal(attached.length, 4);
        for (const r of attached) assert.equal(r.deleteBeforeReplace, false, r.name);
        assert.equal(cert(head).retainOnDelete, false);
        // The attachments name the certificate's ARN: a new certificate means new attachments,
        // created after it, and the old ones deleted before the old certificate.
        const arn = "arn:aws:iot:eu-central-1:123456789012:cork-fill-finish-gw-cork-01-cert";
        assert.equal(head.find((r) => r.name === "cork-fill-finish-gw-cork-01-cert-attachment")!.inputs.principal, arn);
        assert.equal(head.find((r) => r.name === "cork-fill-finish-gw-cork-01-policy-attachment")!.inputs.target, arn);
        // Nothing else of the region changes.
        assert.deepEqual(differingUrns(fingerprint(before), fingerprint(head)), [cert(head).urn]);
    });
});
