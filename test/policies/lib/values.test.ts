import * as assert from "node:assert/strict";
import { violation, unknownValue } from "../../../policies/lib/types";
import { containsUnknown, get, isObject, isUnknown, judge, list, SECRET_MASK, show, tagMap, UNKNOWN, UNKNOWN_SENTINELS } from "../../../policies/lib/values";

/** Pulumi's unknown sentinels (@pulumi/pulumi runtime/rpc.ts `unknownValue` and the typed ones of @pulumi/policy). */
const SENTINELS = [
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    "030794c1-ac77-496b-92df-f27374a8bd58",
    "e48ece36-62e2-4504-bad9-02848725956a",
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
];

describe("policies/lib/values", () => {
    it("knows the seven unknown sentinels, the canonical one and the secret mask", () => {
        assert.deepEqual([...UNKNOWN_SENTINELS], SENTINELS);
        assert.equal(UNKNOWN, SENTINELS[0]);
        assert.equal(SECRET_MASK, "[secret]");
    });

    it("isUnknown: exactly a sentinel string", () => {
        for (const s of SENTINELS) assert.equal(isUnknown(s), true, s);
        for (const v of [`${UNKNOWN} `, "", "x", 1, null, undefined, [UNKNOWN], { v: UNKNOWN }]) assert.equal(isUnknown(v), false, String(v));
    });

    it("containsUnknown: a sentinel anywhere, also inside a string built from one", () => {
        for (const s of SENTINELS) {
            assert.equal(containsUnknown(s), true, s);
            assert.equal(containsUnknown(`arn:aws:s3:::${s}/x`), true, s);
            assert.equal(containsUnknown([1, [s]]), true, s);
            assert.equal(containsUnknown({ a: { b: s } }), true, s);
        }
        for (const v of ["arn:aws:s3:::x", "", 0, 1, true, null, undefined, [], {}, [1, "x"], { a: { b: "c" } }])
            assert.equal(containsUnknown(v), false, JSON.stringify(v));
    });

    it("isObject: plain objects only", () => {
        assert.equal(isObject({}), true);
        assert.equal(isObject({ a: 1 }), true);
        for (const v of [null, undefined, [], "x", 1, true]) assert.equal(isObject(v), false, String(v));
    });

    it("get: the value at a dotted path through objects and array indexes", () => {
        const o = { a: { b: [{ c: 1 }, { c: 2 }], n: null, u: UNKNOWN, s: "str" } };
        assert.equal(get(o, "a.b.1.c"), 2);
        assert.deepEqual(get(o, "a.b.0"), { c: 1 });
        assert.equal(get(o, "a.b.x"), undefined);
        assert.equal(get(o, "a.b.1.5"), undefined);
        assert.equal(get(o, "a.b.length"), undefined);
        assert.equal(get({ l: [1, 2] }, "l.1.5"), undefined);
        assert.equal(get(o, "a.b.2.c"), undefined);
        assert.equal(get(o, "a.missing.c"), undefined);
        assert.equal(get(o, "a.n.c"), undefined);
        assert.equal(get(o, "a.s.length"), undefined);
        assert.equal(get(o, "a.u.c.d"), UNKNOWN);
        assert.equal(get(UNKNOWN, "x"), UNKNOWN);
        assert.equal(get(o, "a.n"), null);
        assert.equal(get([[5]], "0.0"), 5);
        assert.equal(get(undefined, "a"), undefined);
    });

    it("list: arrays as they are, one value as a list of one, nothing as []", () => {
        const arr = [1, 2];
        assert.equal(list(arr), arr);
        assert.deepEqual(list("x"), ["x"]);
        assert.deepEqual(list(0), [0]);
        assert.deepEqual(list(false), [false]);
        assert.deepEqual(list(undefined), []);
        assert.deepEqual(list(null), []);
    });

    it("judge: ok, bad, or unknown when anything inside is unknown (without asking the predicate)", () => {
        assert.equal(
            judge(1, (v) => v === 1),
            "ok",
        );
        assert.equal(
            judge(2, (v) => v === 1),
            "bad",
        );
        assert.equal(
            judge({ x: [UNKNOWN] }, () => {
                throw new Error("asked");
            }),
            "unknown",
        );
    });

    it("show: JSON cut to 80 characters, nothing, unknown", () => {
        assert.equal(show(undefined), "nothing");
        assert.equal(show(UNKNOWN), "(unknown at preview)");
        assert.equal(show({ a: [1, "b"] }), '{"a":[1,"b"]}');
        assert.equal(show(null), "null");
        assert.equal(
            show(() => 1),
            "() => 1",
        );
        const cyclic: Record<string, unknown> = {};
        cyclic.self = cyclic;
        assert.equal(show(cyclic), "[object Object]");
        const s78 = "x".repeat(78);
        assert.equal(show(s78), `"${s78}"`);
        assert.equal(show(`${s78}y`), `"${s78.slice(0, 76)}...`);
        assert.equal(show(`${s78}y`).length, 80);
    });

    it("tagMap: the aws map or the aws-native list of {key, value}, values as strings", () => {
        assert.equal(tagMap(undefined), undefined);
        assert.equal(tagMap(null), undefined);
        assert.equal(tagMap("x"), undefined);
        assert.deepEqual(tagMap([{ key: "a", value: "1" }, { key: "b", value: 2 }, { key: "c" }, { key: 3, value: "x" }, "junk", { key: "d", value: null }]), {
            a: "1",
            b: "2",
            c: "",
            d: "",
        });
        assert.deepEqual(tagMap({ a: "1", b: 2, c: undefined, d: null, e: false }), { a: "1", b: "2", e: "false" });
        assert.deepEqual(tagMap([]), {});
    });

    it("findings: a violation is its message; an unknown value says so and is not a violation", () => {
        assert.deepEqual(violation("bad"), { message: "bad" });
        assert.deepEqual(unknownValue("the bucket policy"), {
            message: "the bucket policy is unknown until the deployment runs; cannot be checked at preview",
            unknown: true,
        });
    });
});
