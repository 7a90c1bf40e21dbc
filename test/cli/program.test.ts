/** The Pulumi entry point (src/program/index.ts) run under mocks in a child process. */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { packageEdgeComponent } from "../../src/edge/artifacts";
import { fleetDirectory } from "../../src/program/build";
import { ROOT } from "./helpers";

const SCRIPT = `
const pulumi = require("@pulumi/pulumi");
const [stack, config] = [process.argv[1], JSON.parse(process.argv[2])];
pulumi.runtime.setAllConfig(config);
pulumi.runtime.setMocks({
    newResource: (a) => ({ id: a.name + "-id", state: { ...a.inputs, arn: "arn:aws:x:" + a.name, name: a.inputs.name ?? a.name, bucket: a.inputs.bucket ?? a.name, endpoint: "g-abc.grafana-workspace.example.com" } }),
    call: (a) => (a.token === "aws:iot/getEndpoint:getEndpoint" ? { endpointAddress: a.inputs.endpointType + ".iot.example.com" } : { ...a.inputs, accountId: "123456789012", partition: "aws", names: ["a", "b", "c"], json: "{}" }),
}, "fleet", stack, false).then(async () => {
    let outputs;
    try { outputs = require(${JSON.stringify(path.join(ROOT, "dist", "src", "program", "index.js"))}); }
    catch (e) { console.log(JSON.stringify({ error: e.message })); return; }
    const resolved = {};
    for (const [k, v] of Object.entries(outputs)) resolved[k] = await new Promise((res) => pulumi.output(v).apply((x) => { res(x); return x; }));
    console.log(JSON.stringify(resolved));
});
`;

function runProgram(stack: string, config: Record<string, string> = {}): Record<string, unknown> {
    const r = spawnSync(process.execPath, ["-e", SCRIPT, stack, JSON.stringify(config)], {
        cwd: ROOT,
        env: { ...process.env, FLEET_DIR: ROOT },
        encoding: "utf8",
        maxBuffer: 64 << 20,
    });
    const last = r.stdout.trim().split("\n").pop() ?? "";
    assert.ok(last.startsWith("{"), r.stderr);
    return JSON.parse(last) as Record<string, unknown>;
}

describe("the Pulumi program", function () {
    this.timeout(600_000);

    it("selects the region from the stack name and exports what operators need", () => {
        const out = runProgram("us-east-2") as {
            region: string;
            iotDataEndpoint: string;
            iotCredentialsEndpoint: string;
            artifactsBucket: string;
            sites: Record<string, { provisioningMode: string; gatewayThings: string[] }>;
        };
        assert.equal(out.region, "us-east-2");
        assert.equal(out.iotDataEndpoint, "iot:Data-ATS.iot.example.com");
        assert.equal(out.iotCredentialsEndpoint, "iot:CredentialProvider.iot.example.com");
        assert.equal(typeof out.artifactsBucket, "string");
        assert.deepEqual(Object.keys(out.sites), ["austin-smt"]);
        assert.deepEqual(out.sites["austin-smt"].gatewayThings, ["acme-austin-smt-gw-austin-01", "acme-austin-smt-gw-austin-02"]);
        assert.ok(!JSON.stringify(out).includes("PRIVATE KEY"), "no private key is exported");
        // The shared artifacts uploaded, which fleet up compares with a site stack's recipes (src/deploy/artifact-check.ts).
        const built = [...packageEdgeComponent("collector"), ...packageEdgeComponent("edge-inference")].map((a) => `artifacts/shared/${a.key}`);
        assert.equal(built.length, 6);
        assert.deepEqual((out as { sharedArtifacts?: string[] }).sharedArtifacts, built.sort());
    });

    it("fleet:region config overrides the stack name; fleet:sites limits the sites; fleet-claim sites export their template", () => {
        const out = runProgram("prod-eu", { "fleet:region": "eu-central-1", "fleet:sites": JSON.stringify(["stuttgart-body"]) }) as {
            region: string;
            sites: Record<string, { provisioningMode: string; provisioningTemplate?: string }>;
        };
        assert.equal(out.region, "eu-central-1");
        assert.deepEqual(Object.keys(out.sites), ["stuttgart-body"]);
        assert.equal(out.sites["stuttgart-body"].provisioningMode, "fleet-claim");
        assert.equal(typeof out.sites["stuttgart-body"].provisioningTemplate, "string");
    });

    it("an unknown region names the config to fix", () => {
        const out = runProgram("eu-centrl-1");
        assert.match(
            String(out.error),
            /^stack eu-centrl-1: unknown region "eu-centrl-1"; did you mean "eu-central-1"\? .*set fleet:region or fleet:sites in Pulumi\.eu-centrl-1\.yaml/,
        );
    });

    it("finds the fleet: FLEET_DIR, else a working directory with fleet.yaml, else the tool's directory", () => {
        assert.equal(fleetDirectory({ FLEET_DIR: "/x/y" }, ROOT), "/x/y");
        assert.equal(fleetDirectory({}, ROOT), ROOT);
        assert.equal(fleetDirectory({}, "/"), ROOT);
    });
});
