/**
 * The offline plan turns off the Pulumi runtime's debugging aids (promise leak tracking, stack
 * traces, source positions) for the length of a plan only, keeps them with --debug
 * (FLEET_DEBUG) or `stackTraces: true`, and puts everything back, also after a failed plan.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { planRegion, withoutDebuggingAids } from "../../src/plan/plan";
import { exampleFleet } from "../helpers/fleets";

type Debuggable = { debuggablePromise: <T>(p: Promise<T>, ctx: unknown) => Promise<T> };
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as Debuggable;
const resource = pulumi.Resource as unknown as { callsites: () => unknown[] };

describe("plan: the runtime's debugging aids", function () {
    this.timeout(120_000);
    const model = exampleFleet();
    let tracked = 0;
    let real: Debuggable["debuggablePromise"];
    const saved = process.env.FLEET_DEBUG;
    beforeEach(() => {
        delete process.env.FLEET_DEBUG;
        tracked = 0;
        real = debuggable.debuggablePromise;
        // Count the promises the runtime hands to its leak tracking.
        debuggable.debuggablePromise = (p, ctx) => {
            tracked++;
            return real(p, ctx);
        };
    });
    afterEach(() => {
        debuggable.debuggablePromise = real;
        if (saved === undefined) delete process.env.FLEET_DEBUG;
        else process.env.FLEET_DEBUG = saved;
    });

    it("are off while a plan runs and exactly as they were after it", async () => {
        const counting = debuggable.debuggablePromise;
        const callsites = resource.callsites;
        const limit = Error.stackTraceLimit;
        const plan = await planRegion(model, "us-east-2");
        assert.equal(plan.resources.length, 320); // the example fleet's eu-central-1 plan: pinned so a debugging aid cannot change it
        assert.equal(tracked, 0);
        assert.equal(debuggable.debuggablePromise, counting);
        assert.equal(resource.callsites, callsites);
        assert.equal(Error.stackTraceLimit, limit);
    });

    it("stay on with stackTraces: true or FLEET_DEBUG, and the plan is the same", async () => {
        const quiet = await planRegion(model, "us-east-2");
        const kept = await planRegion(model, "us-east-2", { stackTraces: true });
        const afterOption = tracked;
        process.env.FLEET_DEBUG = "1";
        const debug = await planRegion(model, "us-east-2");
        assert.ok(afterOption > 1000, `promises tracked with stackTraces: true: ${afterOption}`);
        assert.ok(tracked > 2 * afterOption - 100, `promises tracked with FLEET_DEBUG: ${tracked - afterOption}`);
        // The same resources with the same inputs and options; only the order in which the runtime
        // gets to register them may differ (its promises take fewer turns without the tracking).
        const byUrn = (p: { resources: { urn: string }[] }) => p.resources.map((r) => JSON.stringify(r)).sort();
        assert.equal(quiet.resources.length, 320);
        assert.deepEqual(byUrn(kept), byUrn(quiet));
        assert.deepEqual(byUrn(debug), byUrn(quiet));
    });

    it("withoutDebuggingAids sets each aid off and its restore puts back the very same values", () => {
        const counting = debuggable.debuggablePromise;
        const callsites = resource.callsites;
        const limit = Error.stackTraceLimit;
        const restore = withoutDebuggingAids();
        assert.equal(Error.stackTraceLimit, 0);
        assert.deepEqual(resource.callsites(), []);
        const p = Promise.resolve(1);
        assert.equal(debuggable.debuggablePromise(p, "ctx"), p);
        restore();
        assert.equal(Error.stackTraceLimit, limit);
        assert.equal(resource.callsites, callsites);
        assert.equal(debuggable.debuggablePromise, counting);
    });
});
