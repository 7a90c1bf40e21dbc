/**
 * The semantic rules of suppressions, provisioning and serials, previous names and files (see
 * semantic.test.ts): one change to the base fixture each, exact findings with positions.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { POLICY_NAMES } from "../../policies/catalogue";
import { makeKeyAndCsr } from "../../src/edge/csr";
import { BASE, cleanup, edit, fleetDir, insertAfter, load, messages, readTree, runCases } from "./helpers";
import { A, alpha, B, F, fleet, suppressions } from "./semantic-fixture";

describe("model: semantic rules: suppressions, identities and files", () => {
    afterEach(cleanup);

    describe("suppressions", () => {
        runCases([
            {
                name: "unknown policy, with did-you-mean",
                changes: suppressions(["ot-no-control-to-clod", "conduit/gw-to-cloud"]),
                expect: [
                    `${A}:61:15: suppressions[0].policy: unknown policy "ot-no-control-to-clod"; did you mean "ot-no-control-to-cloud"? rules: ${POLICY_NAMES.join(", ")}`,
                ],
            },
            {
                name: "unknown target kind",
                changes: suppressions(["ot-no-control-to-cloud", "zone/dmz"]),
                expect: [
                    `${A}:62:15: suppressions[0].target: unknown target kind "zone" in "zone/dmz"; accepted: site/<name>, segment/<name>, conduit/<name>, gateway/<name>, plc/<name>, equipment/<name>, sensor/<name>`,
                ],
            },
            {
                name: "unknown target kind, with did-you-mean",
                changes: suppressions(["ot-no-control-to-cloud", "segmnt/dmz"]),
                expect: [
                    `${A}:62:15: suppressions[0].target: unknown target kind "segmnt" in "segmnt/dmz"; did you mean "segment/dmz"? accepted: site/<name>, segment/<name>, conduit/<name>, gateway/<name>, plc/<name>, equipment/<name>, sensor/<name>`,
                ],
            },
            {
                name: "a target that names no entity",
                changes: suppressions(["ot-cleartext-protocol-contained", "conduit/legacy-modbus"]),
                expect: [`${A}:62:15: suppressions[0].target: "conduit/legacy-modbus" names no conduit of this site; conduits: gw-to-cell, gw-to-cloud`],
            },
            {
                name: "a target that names no entity, with did-you-mean",
                changes: suppressions(["ot-cleartext-protocol-contained", "plc/plc-2"]),
                expect: [`${A}:62:15: suppressions[0].target: "plc/plc-2" names no plc of this site; did you mean "plc-1"? plcs: plc-1`],
            },
            {
                name: "every target kind resolves",
                changes: suppressions(
                    ...[
                        "site/alpha",
                        "segment/cell",
                        "conduit/gw-to-cell",
                        "gateway/gw-1",
                        "plc/plc-1",
                        "equipment/press-1",
                        "sensor/press-1-vibration",
                        "sensor/hall-temp",
                    ].map((t) => ["ot-cleartext-protocol-contained", t] as [string, string]),
                ),
                expect: [],
            },
            {
                name: "the same suppression twice (warning)",
                changes: suppressions(["ot-cleartext-protocol-contained", "conduit/gw-to-cell"], ["ot-cleartext-protocol-contained", "conduit/gw-to-cell"]),
                expect: [
                    `${A}:64:7: warning: suppressions[1]: suppresses ot-cleartext-protocol-contained for conduit/gw-to-cell a second time (also at suppressions[0]); remove one`,
                ],
            },
            {
                name: "a reason of blanks",
                changes: suppressions(["ot-cleartext-protocol-contained", "conduit/gw-to-cell", '"          ok"']),
                expect: [
                    `${A}:63:15: suppressions[0].reason: the reason needs at least 3 different real words saying why the exception is acceptable (found 0); e.g. "Legacy Modbus PLC, replacement scheduled for 2027"`,
                ],
            },
        ]);
    });

    describe("provisioning and serials", () => {
        const csr = alpha(["  cloudNetwork:\n", "  provisioning:\n    mode: csr\n  cloudNetwork:\n"]);
        runCases([
            {
                name: "csr mode without the gateway's CSR file",
                changes: csr,
                expect: [
                    `${A}:36:13: gateways[0].name: no certificate signing request at certs/alpha/gw-1.csr.pem; the site uses provisioning mode csr: run \`fleet certs csr alpha gw-1\` on the gateway (or here) to make the key and CSR`,
                ],
            },
            {
                name: "csr mode with the gateway's CSR file",
                changes: { ...csr, "certs/alpha/gw-1.csr.pem": makeKeyAndCsr("acme-alpha-gw-1", "acme").csrPem },
                expect: [],
            },
            {
                name: "csr mode with a CSR made for another gateway",
                changes: { ...csr, "certs/alpha/gw-1.csr.pem": makeKeyAndCsr("acme-alpha-gw-2", "acme").csrPem },
                expect: [
                    `${A}:36:13: gateways[0].name: certs/alpha/gw-1.csr.pem is not a usable certificate signing request: its subject CN is "acme-alpha-gw-2", expected "acme-alpha-gw-1"; make a new one with \`fleet certs csr alpha gw-1\``,
                ],
            },
            {
                name: "csr mode with a file that is no CSR",
                changes: { ...csr, "certs/alpha/gw-1.csr.pem": "hello\n" },
                expect: [
                    `${A}:36:13: gateways[0].name: certs/alpha/gw-1.csr.pem is not a usable certificate signing request: not a PEM certificate signing request (no BEGIN/END CERTIFICATE REQUEST lines); make a new one with \`fleet certs csr alpha gw-1\``,
                ],
            },
            {
                name: "csr as the fleet default applies to every site",
                changes: fleet(["provisioning: fleet-claim", "provisioning: csr"]),
                expect: [
                    `${A}:34:13: gateways[0].name: no certificate signing request at certs/alpha/gw-1.csr.pem; the site uses provisioning mode csr: run \`fleet certs csr alpha gw-1\` on the gateway (or here) to make the key and CSR`,
                    `${B}:24:13: gateways[0].name: no certificate signing request at certs/beta/gw-1.csr.pem; the site uses provisioning mode csr: run \`fleet certs csr beta gw-1\` on the gateway (or here) to make the key and CSR`,
                ],
            },
            {
                name: "a serial twice in a site",
                changes: { [A]: insertAfter("      serial: SN-1", "    - name: gw-2\n      segment: dmz\n      address: 192.168.35.11\n      serial: SN-1") },
                expect: [`${A}:41:15: gateways[1].serial: serial "SN-1" is already the serial of gateway "gw-1"; each device has its own`],
            },
            {
                name: "a serial in two sites is reported at the gateway's place in the file, not in name order",
                changes: {
                    [B]: edit(
                        ["    - name: gw-1\n", "    - name: zz-gw\n"],
                        [
                            "      serial: SN-2\n",
                            "      serial: SN-2\n    - name: aa-gw\n      segment: dmz\n      address: 192.168.35.11\n      serial: SN-1\n",
                        ],
                    ),
                },
                expect: [
                    `${B}:31:15: gateways[1].serial: serial "SN-1" is also listed for gateway "gw-1" of site "alpha"; a device can belong to one site only`,
                ],
            },
            {
                name: "a serial in two sites",
                changes: { [B]: edit(["serial: SN-2", "serial: SN-1"]) },
                expect: [
                    `${B}:27:15: gateways[0].serial: serial "SN-1" is also listed for gateway "gw-1" of site "alpha"; a device can belong to one site only`,
                ],
            },
        ]);
    });

    describe("previous names", () => {
        const prevAlpha = (name: string) => alpha(["  region: eu-central-1\n", `  region: eu-central-1\n  previousNames:\n    - ${name}\n`]);
        runCases([
            {
                name: "a site's previous name is a current site",
                changes: prevAlpha("beta"),
                expect: [
                    `${A}:9:7: metadata.previousNames[0]: previous name "beta" is the name of a current site (sites/beta.yaml); a previous name must not be in use`,
                ],
            },
            {
                name: "a site's previous name is a current site, reported at its place in the list",
                changes: alpha(["  region: eu-central-1\n", "  region: eu-central-1\n  previousNames:\n    - zeta\n    - beta\n"]),
                expect: [
                    `${A}:10:7: metadata.previousNames[1]: previous name "beta" is the name of a current site (sites/beta.yaml); a previous name must not be in use`,
                ],
            },
            {
                name: "a site's previous name is its own name",
                changes: prevAlpha("alpha"),
                expect: [`${A}:9:7: metadata.previousNames[0]: "alpha" is the site's current name; list only earlier names`],
            },
            {
                name: "two sites claim one previous name",
                changes: { ...prevAlpha("gamma"), [B]: edit(["  region: us-east-2\n", "  region: us-east-2\n  previousNames:\n    - gamma\n"]) },
                expect: [
                    `${B}:9:7: metadata.previousNames[0]: previous name "gamma" is also a previous name of site "alpha"; a name can move to one site only`,
                ],
            },
            {
                name: "a gateway's previous name is a current gateway",
                changes: { [A]: insertAfter("      serial: SN-1", "      previousNames:\n        - gw-1") },
                expect: [`${A}:39:11: gateways[0].previousNames[0]: "gw-1" is the name of a current gateway; a previous name must not be in use`],
            },
            {
                name: "two gateways claim one previous name",
                changes: {
                    [A]: insertAfter(
                        "      serial: SN-1",
                        "      previousNames:\n        - gw-1-old\n    - name: gw-2\n      segment: dmz\n      address: 192.168.35.11\n      serial: SN-3\n      previousNames:\n        - gw-1-old",
                    ),
                },
                expect: [`${A}:45:11: gateways[1].previousNames[0]: "gw-1-old" is also a previous name of gateway "gw-1"; a name can move to one gateway only`],
            },
        ]);
    });

    describe("files", () => {
        runCases([
            {
                name: "a Site kind in fleet.yaml",
                changes: fleet(["kind: Fleet", "kind: Site"]),
                expect: [`${F}:5:7: kind: "Site" is not accepted in fleet.yaml; expected "Fleet" (a Site goes in sites/<name>.yaml)`],
            },
            {
                name: "a Fleet kind in a site file",
                changes: alpha(["kind: Site", "kind: Fleet"]),
                expect: [
                    `${A}:4:7: kind: "Fleet" is not accepted in a site file; expected "Site" (fleet.yaml holds the Fleet, sites/ holds one Site per file)`,
                ],
            },
            {
                name: "a file name that is not the site name (warning)",
                changes: { [A]: null, "sites/plant-a.yaml": readTree(BASE)[A] },
                expect: [
                    `sites/plant-a.yaml:6:9: warning: metadata.name: site "alpha" is in sites/plant-a.yaml; name the file sites/alpha.yaml so it is easy to find`,
                ],
            },
            {
                name: ".yml files are site files too",
                changes: { [A]: null, "sites/alpha.yml": readTree(BASE)[A] },
                expect: [],
            },
            {
                name: "other files in sites/ are ignored, each with a warning",
                changes: { "sites/README.md": "# notes\n", "sites/old/gamma.yaml": "not: read\n" },
                expect: [
                    "sites/README.md: warning: was ignored: site files are named <site>.yaml (or .yml)",
                    "sites/old: warning: is a directory and was ignored; site files sit directly in sites/ (sub-directories are not read)",
                ],
            },
            {
                name: "no fleet.yaml",
                changes: { [F]: null },
                expect: (dir) => [`fleet.yaml: no fleet.yaml in ${dir}; run fleet in a fleet directory or pass --dir DIR`],
            },
            {
                name: "no site files (warning)",
                changes: { [A]: null, [B]: null },
                expect: ["sites: warning: no site files (sites/*.yaml); add one with `fleet init site NAME --region R`"],
            },
            {
                name: "a region AWS does not have (warning, with did-you-mean)",
                changes: { ...fleet(["us-east-2: {}", "us-esat-2: {}"]), [B]: edit(["region: us-east-2", "region: us-esat-2"]) },
                expect: [
                    `${F}:20:5: warning: regions.us-esat-2: "us-esat-2" is not an AWS region this tool knows; did you mean "us-east-2"? (a new region is fine; a typo fails at deploy)`,
                ],
            },
        ]);

        it("a fleet without sites still yields a model", () => {
            const result = load(fleetDir({ [A]: null, [B]: null }));
            assert.equal(result.errors, 0);
            assert.deepEqual(result.model?.sites, []);
            assert.deepEqual(result.files, [F]);
        });

        it("reads files through symlinks, and reports a dangling one", () => {
            const dir = fleetDir({ [B]: null });
            fs.symlinkSync(path.join(dir, A), path.join(dir, "sites", "alpha-link.yaml"));
            fs.symlinkSync(path.join(dir, "nowhere.yaml"), path.join(dir, "sites", "gone.yaml"));
            // alpha-link.yaml sorts before alpha.yaml, so it is read first and alpha.yaml is the repeat.
            assert.deepEqual(messages(dir), [
                'sites/alpha-link.yaml:6:9: warning: metadata.name: site "alpha" is in sites/alpha-link.yaml; name the file sites/alpha.yaml so it is easy to find',
                'sites/alpha.yaml:6:9: metadata.name: site name "alpha" is already used by sites/alpha-link.yaml; site names are unique in the fleet',
                'sites/alpha.yaml:13:11: cloudNetwork.cidr: "10.40.0.0/24" overlaps the cloudNetwork of site "alpha" (10.40.0.0/24); sites share one routed network per region, so ranges must not overlap anywhere in the fleet; 10.0.0.0/24 is free in the fleet and its regions',
                "sites/gone.yaml: file not found",
            ]);
        });
    });
});
