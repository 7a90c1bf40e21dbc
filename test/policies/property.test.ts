/**
 * Property tests (fast-check): generated spellings of over-broad IAM/IoT actions, IoT resource
 * ARNs and firewall address fields are judged exactly like their canonical form.
 */
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { grantsEverything, wholeServices } from "../../policies/lib/actions";
import { iotResourceGrants } from "../../policies/lib/arn";
import { addressCoverage, addressSet, portSet, portsOpen } from "../../policies/lib/nfw";
import { check, res, violations } from "./helpers";

const RUNS = { numRuns: 150, seed: 21 };

/** A spelling of `text`: each character in random case, `*` doubled at random, some letters as `?`. */
const spelling = (text: string, allowQ = true) =>
    fc.array(fc.tuple(fc.boolean(), fc.boolean(), fc.boolean()), { minLength: text.length, maxLength: text.length }).map((flags) =>
        [...text]
            .map((ch, i) => {
                const [upper, star, q] = flags[i];
                if (ch === "*") return star ? "**" : "*";
                if (allowQ && q && /[a-z]/i.test(ch)) return "?";
                return upper ? ch.toUpperCase() : ch.toLowerCase();
            })
            .join(""),
    );

/** A split of 0.0.0.0/0 into CIDR blocks by random binary splits. */
const split = (depth: number): fc.Arbitrary<string[]> =>
    fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }).map((bits) => {
        let k = 0;
        const go = (start: number, prefix: number): string[] => {
            if (prefix >= depth || !bits[k++ % bits.length])
                return [`${[start >>> 24, (start >>> 16) & 255, (start >>> 8) & 255, start & 255].join(".")}/${prefix}`];
            const half = 2 ** (31 - prefix);
            return [...go(start, prefix + 1), ...go(start + half, prefix + 1)];
        };
        return go(0, 0);
    });

describe("property: equivalent spellings are judged like the canonical form", () => {
    it("iot:* spelled any way grants the whole iot service, and the pack flags it", () => {
        fc.assert(
            fc.property(spelling("iot:*", false), fc.boolean(), (a, array) => {
                assert.deepEqual(wholeServices([a]), ["iot"], a);
                const policy = JSON.stringify({ Statement: [{ Effect: "Allow", Action: array ? [a] : a, Resource: "arn:aws:iot:eu-central-1:1:client/x" }] });
                assert.equal(violations(check("iot-policy-no-wildcard-action", res("aws:iot/policy:Policy", "p", { policy }))).length, 1, a);
            }),
            RUNS,
        );
    });

    it("s3:* with letters replaced by ? still names every s3 action when it matches only s3", () => {
        fc.assert(
            fc.property(spelling("s3:*"), (a) => {
                const whole = wholeServices([a]);
                assert.ok(whole.includes("s3"), a);
                assert.equal(
                    violations(
                        check(
                            "iam-policy-no-admin-wildcard",
                            res("aws:iam/policy:Policy", "p", { policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: a, Resource: "*" }] }) }),
                        ),
                    ).length,
                    1,
                );
            }),
            RUNS,
        );
    });

    it("client/* in any ARN spelling reaches another device's client id, client/<thing> never does", () => {
        const part = (canonical: string) => fc.constantFrom(canonical, "*", `${canonical.slice(0, 1)}*`);
        fc.assert(
            fc.property(
                part("aws"),
                fc.constantFrom("iot", "*", "i?t", "io*", "IOT"),
                part("eu-central-1"),
                part("123456789012"),
                fc.boolean(),
                (p, svc, region, account, rel) => {
                    const prefix = rel ? "" : `arn:${p}:${svc}:${region}:${account}:`;
                    assert.equal(iotResourceGrants(`${prefix}client/*`, "client/other"), true, prefix);
                    assert.equal(iotResourceGrants(`${prefix}client/\${iot:Connection.Thing.ThingName}`, "client/other"), false, prefix);
                },
            ),
            RUNS,
        );
    });

    it("any address, split into CIDR blocks, shuffled, is any; minus one block it is still at least half", () => {
        fc.assert(
            fc.property(split(6), fc.nat(), (blocks, drop) => {
                const shuffled = [...blocks].sort((a, b) => ((a.length * 7 + a.charCodeAt(0)) % 5) - ((b.length * 7 + b.charCodeAt(0)) % 5));
                assert.equal(addressCoverage(addressSet(`[${shuffled.join(",")}]`)), "all", shuffled.join(","));
                if (blocks.length > 1) {
                    const rest = blocks.filter((_, i) => i !== drop % blocks.length);
                    assert.equal(addressCoverage(addressSet(`[${rest.join(",")}]`)), "half", rest.join(","));
                }
            }),
            RUNS,
        );
    });

    it("every port, split into ranges, is every port", () => {
        fc.assert(
            fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 65534 }), { maxLength: 8 }), (cuts) => {
                const points = [0, ...[...cuts].sort((a, b) => a - b), 65535];
                const ranges = points
                    .slice(0, -1)
                    .map((p, i) => `${i === 0 ? p : p + 1}:${points[i + 1]}`)
                    .filter((r) => Number(r.split(":")[0]) <= Number(r.split(":")[1]));
                assert.equal(portsOpen(portSet(`[${ranges.join(",")}]`)), true, ranges.join(","));
            }),
            RUNS,
        );
    });

    describe("firewall pass rules: every spelling of an open field is judged like `any`", () => {
        /** Spellings that match at least half of an address family. */
        const openAddress = fc.constantFrom(
            "any",
            "0.0.0.0/0",
            "[0.0.0.0/1,128.0.0.0/1]",
            "[128.0.0.0/1, 0.0.0.0/1]",
            "!10.0.0.0/8",
            "![192.168.0.0/16,10.0.0.0/8]",
            "::/0",
            "[::/1,8000::/1]",
            "$OPEN",
            "[$OPEN]",
            "$EXTERNAL_NET",
        );
        const openPorts = fc.constantFrom(
            "any",
            "1:65535",
            "0:65535",
            "[1:32767,32768:65535]",
            "!502",
            "[1:1000,1001:65535]",
            "$ALL_PORTS",
            "[$ALL_PORTS]",
            "32768:",
        );
        const bounded = fc.constantFrom("192.168.35.0/24", "[192.168.35.10,192.168.35.11]", "$GATEWAYS", "10.40.0.0/24");
        const vars = (open: string) => ({
            ipSets: [
                { key: "OPEN", ipSet: { definitions: [open === "$OPEN" || open === "[$OPEN]" ? "0.0.0.0/0" : "0.0.0.0/1"] } },
                { key: "GATEWAYS", ipSet: { definitions: ["192.168.35.0/28"] } },
            ],
            portSets: [{ key: "ALL_PORTS", portSet: { definitions: ["1:65535"] } }],
        });
        const group = (rule: string, open: string) =>
            res("aws:networkfirewall/ruleGroup:RuleGroup", "g", {
                capacity: 10,
                type: "STATEFUL",
                ruleGroup: { rulesSource: { rulesString: rule }, ruleVariables: vars(open), statefulRuleOptions: { ruleOrder: "STRICT_ORDER" } },
            });
        const judge = (src: string, dst: string, port: string, open = "") =>
            violations(check("ot-conduit-explicit", group(`pass tcp ${src} any -> ${dst} ${port} (msg:"plant conduit c"; sid:1;)`, open)));

        it("an open source is reported exactly like `any`", () => {
            const canonical = judge("any", "10.40.0.0/24", "8883");
            assert.equal(canonical.length, 1);
            fc.assert(
                fc.property(openAddress, bounded, (src, dst) => {
                    const got = judge(src, dst, "8883", src);
                    assert.deepEqual(
                        got.map((m) => m.replace(/\(.*\) matches/, "() matches")),
                        canonical.map((m) => m.replace(/\(.*\) matches/, "() matches")),
                        src,
                    );
                }),
                RUNS,
            );
        });
        it("open ports are reported exactly like `any`, and bounded rules pass", () => {
            const canonical = judge("192.168.35.0/24", "10.40.0.0/24", "any");
            assert.match(canonical[0], /matches any destination port;/);
            fc.assert(
                fc.property(openPorts, bounded, bounded, (port, src, dst) => {
                    const strip = (ms: string[]) => ms.map((m) => m.replace(/\(.*\) matches/, "() matches"));
                    assert.deepEqual(strip(judge(src, dst, port)), strip(canonical), port);
                    assert.deepEqual(judge(src, dst, "[8883,443]"), [], `${src} -> ${dst}`);
                }),
                RUNS,
            );
        });
    });

    it("`*:*` spelled with globs in the service name grants everything and is flagged", () => {
        const svc = fc.constantFrom("*", "**", "*?", "?*", "?**");
        fc.assert(
            fc.property(svc, fc.constantFrom("*", "**", "*?*"), fc.boolean(), (service, action, upper) => {
                const a = `${upper ? service.toUpperCase() : service}:${action}`;
                assert.equal(grantsEverything([a]), true, a);
                const policy = JSON.stringify({ Statement: [{ Effect: "Allow", Action: [a], Resource: "*" }] });
                assert.equal(violations(check("iam-policy-no-admin-wildcard", res("aws:iam/policy:Policy", "p", { policy }))).length, 1, a);
            }),
            RUNS,
        );
    });
});
