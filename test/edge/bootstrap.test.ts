/** `fleet bootstrap`: installer configuration per provisioning mode. */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { bootstrapFiles, CRED_ENDPOINT_PLACEHOLDER, DATA_ENDPOINT_PLACEHOLDER } from "../../src/edge/bootstrap";
import { exampleFleet, matchSnapshot, ROOT, site, tmpRoot } from "./helpers";

const config = (s: string, g: string, opts = {}) => {
    const fleet = exampleFleet();
    const st = site(fleet, s);
    const files = bootstrapFiles(
        fleet,
        st,
        st.gateways.find((x) => x.name === g)!,
        opts,
    );
    assert.deepEqual(
        files.map((f) => [f.path, f.mode]),
        [
            ["config.yaml", 0o644],
            ["install.sh", 0o755],
            ["README.txt", 0o644],
        ],
    );
    return { files, yaml: parse(files[0].content) as any };
};

describe("gateway bootstrap files", () => {
    it("fleet-claim: the fleet provisioning plugin with template, claim paths, CSR path, thing name and serial", () => {
        const { yaml, files } = config("stuttgart-body", "gw-body-02");
        assert.deepEqual(yaml, {
            services: {
                "aws.greengrass.Nucleus": { version: "2.14.3" },
                "aws.greengrass.FleetProvisioningByClaim": {
                    configuration: {
                        rootPath: "/greengrass/v2",
                        awsRegion: "eu-central-1",
                        iotDataEndpoint: DATA_ENDPOINT_PLACEHOLDER,
                        iotCredentialEndpoint: CRED_ENDPOINT_PLACEHOLDER,
                        iotRoleAlias: "acme-stuttgart-body-gg-tes-alias",
                        provisioningTemplate: "acme-stuttgart-body",
                        claimCertificatePath: "/greengrass/v2/claim-certs/claim.pem.crt",
                        claimCertificatePrivateKeyPath: "/greengrass/v2/claim-certs/claim.private.pem.key",
                        rootCaPath: "/greengrass/v2/AmazonRootCA1.pem",
                        deviceId: "acme-stuttgart-body_claim_gw-body-02",
                        csrPath: "/greengrass/v2/device.csr.pem",
                        templateParameters: { ThingName: "acme-stuttgart-body-gw-body-02", SerialNumber: "SN-84522" },
                    },
                },
            },
        });
        matchSnapshot("bootstrap.stuttgart-body.gw-body-02.config.yaml", files[0].content);
        assert.match(files[1].content, /--trusted-plugin GreengrassInstaller\/aws\.greengrass\.FleetProvisioningByClaim\.jar/);
        assert.match(files[1].content, /-subj "\/CN=acme-stuttgart-body-gw-body-02\/O=acme"/);
    });

    it("csr: the nucleus configuration with thing name, certificate paths and endpoints", () => {
        const { yaml, files } = config("cork-fill-finish", "gw-cork-01", {
            dataEndpoint: "abc-ats.iot.eu-central-1.amazonaws.com",
            credentialEndpoint: "abc.credentials.iot.eu-central-1.amazonaws.com",
        });
        assert.deepEqual(yaml, {
            system: {
                certificateFilePath: "/greengrass/v2/device.pem.crt",
                privateKeyPath: "/greengrass/v2/private.pem.key",
                rootCaPath: "/greengrass/v2/AmazonRootCA1.pem",
                rootpath: "/greengrass/v2",
                thingName: "acme-cork-fill-finish-gw-cork-01",
            },
            services: {
                "aws.greengrass.Nucleus": {
                    componentType: "NUCLEUS",
                    version: "2.14.3",
                    configuration: {
                        awsRegion: "eu-central-1",
                        iotRoleAlias: "acme-cork-fill-finish-gg-tes-alias",
                        iotDataEndpoint: "abc-ats.iot.eu-central-1.amazonaws.com",
                        iotCredEndpoint: "abc.credentials.iot.eu-central-1.amazonaws.com",
                    },
                },
            },
        });
        assert.doesNotMatch(files[1].content, /FleetProvisioningByClaim/);
        assert.match(files[2].content, /fleet certs csr cork-fill-finish gw-cork-01/);
    });

    it("aws-generated: the same nucleus configuration; the README says the key is a secret stack output", () => {
        const { yaml, files } = config("austin-smt", "gw-austin-01");
        assert.equal(yaml.system.thingName, "acme-austin-smt-gw-austin-01");
        assert.equal(yaml.services["aws.greengrass.Nucleus"].configuration.awsRegion, "us-east-2");
        assert.equal(yaml.services["aws.greengrass.Nucleus"].configuration.iotDataEndpoint, DATA_ENDPOINT_PLACEHOLDER);
        assert.match(files[2].content, /secret\s+outputs/);
    });

    it("`fleet bootstrap` writes the files; an unknown gateway is an error naming the known ones", () => {
        const out = path.join(tmpRoot(), "gw");
        const r = spawnSync(
            process.execPath,
            [path.join(ROOT, "bin", "fleet.js"), "bootstrap", "cork-fill-finish", "gw-cork-02", "--out", out, "--dir", ROOT],
            { encoding: "utf8" },
        );
        assert.equal(r.status, 0, r.stderr);
        assert.deepEqual(fs.readdirSync(out).sort(), ["README.txt", "config.yaml", "install.sh"]);
        assert.equal(fs.statSync(path.join(out, "install.sh")).mode & 0o777, 0o755);
        assert.equal((parse(fs.readFileSync(path.join(out, "config.yaml"), "utf8")) as any).system.thingName, "acme-cork-fill-finish-gw-cork-02");
        const bad = spawnSync(
            process.execPath,
            [path.join(ROOT, "bin", "fleet.js"), "bootstrap", "cork-fill-finish", "gw-cork-3", "--out", out, "--dir", ROOT],
            { encoding: "utf8" },
        );
        assert.equal(bad.status, 1);
        assert.match(bad.stderr, /site cork-fill-finish has no gateway "gw-cork-3"; did you mean "gw-cork-01"\? gateways: gw-cork-01, gw-cork-02/);
    });
});
