/**
 * Preloaded (`node -r`) into CLI processes the benchmark runs: on exit, writes the process's
 * peak resident memory (KiB) and CPU time (ms) as JSON to the file named by
 * FLEET_BENCH_RSS_FILE. Costs nothing else.
 */
import * as fs from "node:fs";

const file = process.env.FLEET_BENCH_RSS_FILE;
if (file) {
    process.on("exit", () => {
        try {
            const u = process.resourceUsage();
            fs.writeFileSync(file, JSON.stringify({ maxRssKiB: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 }));
        } catch {
            // The benchmark reports a missing figure; never change the exit of the measured process.
        }
    });
}
