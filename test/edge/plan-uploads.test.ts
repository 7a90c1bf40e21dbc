/**
 * `fleet plan` text lists the artifact uploads with their content-addressed URIs (issue #15): the
 * expected lines are computed from the zips themselves (SHA-256 of the files' bytes), not from the plan.
 */
import * as assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import { packageEdgeComponent } from "../../src/edge/artifacts";
import { planRegion } from "../../src/plan/plan";
import { artifactUploads, formatPlanSummary } from "../../src/planview/summary";
import { exampleFleet } from "../helpers/fleets";

const sha256 = (file: string) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");

describe("fleet plan: artifact uploads", () => {
    it("the example region us-east-2: one line per component and architecture, s3://<bucket>/artifacts/shared/<component>/<sha256 of the zip>/<component>.zip", async () => {
        const plan = await planRegion(exampleFleet(), "us-east-2", { sites: ["austin-smt"] });
        const expected: string[] = [];
        for (const component of ["collector", "edge-inference"]) {
            const zips = [...packageEdgeComponent(component)].sort((a, b) => a.arch.localeCompare(b.arch));
            assert.deepEqual(
                zips.map((z) => z.arch),
                ["aarch64", "armv7l", "x86_64"],
            );
            for (const z of zips) {
                const name = `${component}-${z.arch}`;
                expected.push(
                    `    ${name.padEnd("edge-inference-aarch64".length)}  s3://artifacts/artifacts/shared/${component}/${sha256(z.file)}/${component}.zip`,
                );
            }
        }
        const lines = formatPlanSummary([plan]).split("\n");
        const at = lines.indexOf("  6 artifact uploads (content-addressed: the key holds the SHA-256 of the file)");
        assert.ok(at > 0, lines.join("\n"));
        assert.deepEqual(lines.slice(at + 1, at + 7), expected);
        assert.match(lines[at + 7], /^ {2}\(\d+ components, \d+ providers not counted\)$/);
        // the gateways' manifests are uploads too, but under fixed keys: not listed
        const manifests = plan.resources.filter((r) => typeof r.inputs.key === "string" && r.inputs.key.startsWith("manifests/")).map((r) => r.name);
        assert.ok(manifests.length > 0);
        assert.deepEqual(
            artifactUploads(plan).filter((u) => manifests.includes(u.name)),
            [],
        );
    });

    it("lists only S3 objects whose key holds their metadata.sha256, by site then name", () => {
        const obj = (name: string, site: string | undefined, key: unknown, sha: unknown) => ({
            type: "aws:s3/bucketObjectv2:BucketObjectv2",
            name,
            site,
            inputs: { bucket: "b", key, metadata: sha === undefined ? undefined : { sha256: sha } },
        });
        const resources = [
            obj("z", "s2", "a/abc/z.zip", "abc"),
            obj("y", "s1", "a/abc/y.zip", "abc"),
            obj("x", "s1", "a/abcd/x.zip", "abc"), // the digest must be a whole path segment
            obj("w", "s1", "manifests/s1.json", "abc"),
            obj("v", "s1", "a/abc/v.zip", undefined),
            obj("u", "s1", 7, "abc"),
            { ...obj("t", "s1", "a/abc/t.zip", "abc"), type: "aws:s3/bucketObject:BucketObject" },
            obj("a", undefined, "models/m/abc/model.onnx", "abc"),
        ] as unknown as Parameters<typeof artifactUploads>[0]["resources"];
        assert.deepEqual(artifactUploads({ resources }), [
            { name: "a", site: undefined, uri: "s3://b/models/m/abc/model.onnx", sha256: "abc" },
            { name: "y", site: "s1", uri: "s3://b/a/abc/y.zip", sha256: "abc" },
            { name: "z", site: "s2", uri: "s3://b/a/abc/z.zip", sha256: "abc" },
        ]);
    });
});
