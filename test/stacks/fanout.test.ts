/** The fan-out (src/deploy/fanout.ts): dependency order, per-account budget, failure skipping, resume. */
import assert from "node:assert/strict";
import { formatFanoutSummary, parseJournal, prerequisites, runStacks, type FanoutStack, type Journal } from "../../src/deploy/fanout";

const STACKS: FanoutStack[] = [
    { name: "global", dependsOn: [] },
    { name: "eu", account: "a", dependsOn: ["global"] },
    { name: "us", account: "b", dependsOn: ["global"] },
    ...["1", "2", "3", "4", "5"].map((n) => ({ name: `eu.s${n}`, account: "a", dependsOn: ["eu"] })),
    ...["1", "2"].map((n) => ({ name: `us.s${n}`, account: "b", dependsOn: ["us"] })),
];

/** A stand-in runner: records start/end order and the peak of stacks running at once per account. */
function recorder(fail: string[] = [], delayMs = 2) {
    const events: string[] = [];
    const running = new Map<string, number>();
    const peak = new Map<string, number>();
    const account = (n: string) => STACKS.find((s) => s.name === n)?.account ?? "default";
    const runner = async (stack: string, log: (t: string) => void) => {
        const a = account(stack);
        running.set(a, (running.get(a) ?? 0) + 1);
        peak.set(a, Math.max(peak.get(a) ?? 0, running.get(a)!));
        events.push(`start ${stack}`);
        log(`working on ${stack}\npartial`);
        await new Promise((r) => setTimeout(r, delayMs));
        running.set(a, running.get(a)! - 1);
        events.push(`end ${stack}`);
        if (fail.includes(stack)) throw new Error(`stderr: boom\nerror: ${stack} failed to update`);
        return { changes: { same: 3 } };
    };
    return { events, peak, runner };
}

describe("deploy: fan-out over stacks", () => {
    it("runs every stack after its prerequisites, never more than perAccount at once per account", async () => {
        const r = recorder();
        const lines: string[] = [];
        const results = await runStacks(STACKS, { operation: "up", perAccount: 2, write: (l) => lines.push(l) }, r.runner);
        assert.deepEqual(
            results.map((x) => x.status),
            STACKS.map(() => "ok"),
        );
        const at = (e: string) => r.events.indexOf(e);
        for (const s of STACKS) for (const d of s.dependsOn) assert.ok(at(`end ${d}`) < at(`start ${s.name}`), `${d} before ${s.name}`);
        assert.equal(r.peak.get("a"), 2);
        assert.equal(r.peak.get("b"), 2);
        assert.ok(lines.includes("[eu.s3] working on eu.s3") && lines.includes("[eu.s3] partial"), "output prefixed by stack, last partial line flushed");
    });

    it("destroy goes backwards: sites before their platform, platforms before global", async () => {
        const r = recorder();
        await runStacks(STACKS, { operation: "destroy", perAccount: 8, write: () => undefined }, r.runner);
        const at = (e: string) => r.events.indexOf(e);
        assert.ok(at("end eu.s5") < at("start eu"));
        assert.ok(at("end us") < at("start global") && at("end eu") < at("start global"));
        assert.deepEqual(prerequisites(STACKS, "destroy").get("eu"), ["eu.s1", "eu.s2", "eu.s3", "eu.s4", "eu.s5"]);
        assert.deepEqual(prerequisites(STACKS, "up").get("eu.s1"), ["eu"]);
    });

    it("a failed platform skips its sites and only them; the journal holds what finished; a resume runs the rest", async () => {
        const r = recorder(["eu"]);
        const journals: Journal[] = [];
        const first = await runStacks(
            STACKS,
            { operation: "up", perAccount: 4, write: () => undefined, onJournal: (j) => journals.push(j), now: () => new Date(0) },
            r.runner,
        );
        const status = Object.fromEntries(first.map((x) => [x.stack, x.status]));
        assert.deepEqual(status, {
            global: "ok",
            eu: "failed",
            us: "ok",
            "eu.s1": "skipped",
            "eu.s2": "skipped",
            "eu.s3": "skipped",
            "eu.s4": "skipped",
            "eu.s5": "skipped",
            "us.s1": "ok",
            "us.s2": "ok",
        });
        assert.equal(first.find((x) => x.stack === "eu")!.error, "error: eu failed to update");
        assert.equal(first.find((x) => x.stack === "eu.s1")!.error, "eu did not succeed");
        const journal = journals.at(-1)!;
        assert.deepEqual(Object.keys(journal.done).sort(), ["global", "us", "us.s1", "us.s2"]);
        assert.match(
            formatFanoutSummary("up", first),
            /^summary of up: 10 stacks: 4 ok, 0 done before \(resumed\), 1 failed, 5 skipped\n {2}eu {2}FAILED {2}error: eu failed to update/,
        );

        const again = recorder();
        const second = await runStacks(
            STACKS,
            { operation: "up", perAccount: 4, write: () => undefined, resume: parseJournal(JSON.stringify(journal)) },
            again.runner,
        );
        assert.deepEqual(again.events.filter((e) => e.startsWith("start")).sort(), [
            "start eu",
            "start eu.s1",
            "start eu.s2",
            "start eu.s3",
            "start eu.s4",
            "start eu.s5",
        ]);
        assert.equal(second.filter((x) => x.status === "done-before").length, 4);
        // A journal of another operation resumes nothing.
        const other = recorder();
        await runStacks(STACKS, { operation: "destroy", perAccount: 4, write: () => undefined, resume: journal }, other.runner);
        assert.equal(other.events.filter((e) => e.startsWith("start")).length, STACKS.length);
    });

    it("a broken journal resumes nothing; a bad budget is refused", async () => {
        assert.equal(parseJournal("{not json"), undefined);
        assert.equal(parseJournal(JSON.stringify({ operation: "deploy", done: {} })), undefined);
        assert.deepEqual(parseJournal(JSON.stringify({ operation: "up", done: { a: "t", b: 3 } })), { operation: "up", done: { a: "t" } });
        await assert.rejects(
            runStacks(STACKS, { operation: "up", perAccount: 0, write: () => undefined }, recorder().runner),
            /perAccount must be a whole number of 1 or more, not 0/,
        );
    });

    it("dependencies outside the list (a CI chunk of site stacks) count as done", async () => {
        const r = recorder();
        const chunk = STACKS.filter((s) => s.name.startsWith("eu.s"));
        const results = await runStacks(chunk, { operation: "up", perAccount: 2, write: () => undefined }, r.runner);
        assert.deepEqual(
            results.map((x) => x.status),
            chunk.map(() => "ok"),
        );
    });
});
