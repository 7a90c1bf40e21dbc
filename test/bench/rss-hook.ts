/**
 * Preloaded (`node -r`) into CLI processes the benchmark runs: on exit, writes the process's
 * peak resident memory (KiB) to the file named by FLEET_BENCH_RSS_FILE. Costs nothing else.
 */
import * as fs from "node:fs";

const file = process.env.FLEET_BENCH_RSS_FILE;
if (file) {
    process.on("exit", () => {
        try {
            fs.writeFileSync(file, String(process.resourceUsage().maxRSS));
        } catch {
            // The benchmark reports a missing figure; never change the exit of the measured process.
        }
    });
}
