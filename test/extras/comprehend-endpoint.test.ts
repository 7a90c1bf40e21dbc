import * as assert from "node:assert/strict";
import { endpointManagerBundle } from "../../src/region/comprehend-endpoint-bundle";
import { endpointArnFor, endpointManagerPolicy, handle, type ComprehendCalls, type EndpointEvent } from "../../src/region/comprehend-endpoint";
import { unknownActions } from "./helpers";

const MODEL = "arn:aws:comprehend:eu-central-1:123456789012:document-classifier/acme-maintenance-reports";
const ENDPOINT = "arn:aws:comprehend:eu-central-1:123456789012:document-classifier-endpoint/acme-maintenance-reports";
const base: EndpointEvent = { endpointName: "acme-maintenance-reports", modelArn: MODEL, inferenceUnits: 1, tags: { "fleet:name": "acme" } };

function fakeClient(opts: { deleteError?: string } = {}) {
    const calls: [string, unknown][] = [];
    const client: ComprehendCalls = {
        createEndpoint: async (input) => {
            calls.push(["create", input]);
            return { EndpointArn: endpointArnFor(input.ModelArn, input.EndpointName) };
        },
        updateEndpoint: async (input) => {
            calls.push(["update", input]);
            return {};
        },
        deleteEndpoint: async (input) => {
            calls.push(["delete", input]);
            if (opts.deleteError) throw Object.assign(new Error(opts.deleteError), { name: opts.deleteError });
            return {};
        },
    };
    return { client, calls };
}

describe("extras: the Comprehend endpoint manager", () => {
    it("creates the endpoint on create, with the fleet's tags", async () => {
        const { client, calls } = fakeClient();
        assert.deepEqual(await handle({ ...base, tf: { action: "create", prev_input: null } }, client), { endpointArn: ENDPOINT, action: "created" });
        assert.deepEqual(calls, [
            ["create", { EndpointName: "acme-maintenance-reports", ModelArn: MODEL, DesiredInferenceUnits: 1, Tags: [{ Key: "fleet:name", Value: "acme" }] }],
        ]);
    });

    it("points the endpoint at a retrained model on update", async () => {
        const { client, calls } = fakeClient();
        const retrained = `${MODEL}/version/v2`;
        await handle({ ...base, modelArn: retrained, inferenceUnits: 2, tf: { action: "update", prev_input: base } }, client);
        assert.deepEqual(calls, [["update", { EndpointArn: ENDPOINT, DesiredModelArn: retrained, DesiredInferenceUnits: 2 }]]);
    });

    it("replaces the endpoint when its name changes", async () => {
        const { client, calls } = fakeClient();
        const out = await handle({ ...base, endpointName: "acme2-maintenance-reports", tf: { action: "update", prev_input: base } }, client);
        assert.equal(out.action, "replaced");
        assert.deepEqual(
            calls.map((c) => c[0]),
            ["delete", "create"],
        );
        assert.deepEqual(calls[0][1], { EndpointArn: ENDPOINT });
    });

    it("deletes on delete, and an endpoint already gone is fine; other errors are not", async () => {
        const ok = fakeClient({ deleteError: "ResourceNotFoundException" });
        assert.deepEqual(await handle({ ...base, tf: { action: "delete" } }, ok.client), { endpointArn: ENDPOINT, action: "deleted" });
        const bad = fakeClient({ deleteError: "ResourceInUseException" });
        await assert.rejects(handle({ ...base, tf: { action: "delete" } }, bad.client), { name: "ResourceInUseException" });
    });

    it("may manage only this endpoint and its classifier, with published actions", async () => {
        const p = endpointManagerPolicy(ENDPOINT, MODEL);
        assert.deepEqual(p.Statement[0].Resource, [ENDPOINT, MODEL]);
        assert.deepEqual(await unknownActions(p), []);
    });

    it("bundles to one CommonJS file that leaves the AWS SDK to the runtime", () => {
        const { code, sha256 } = endpointManagerBundle();
        assert.match(code, /require\("@aws-sdk\/client-comprehend"\)/);
        assert.match(code, /exports|module\.exports/);
        assert.match(code, /DeleteEndpointCommand/);
        assert.equal(sha256.length, 64);
        assert.equal(endpointManagerBundle().code, code, "deterministic");
    });
});
