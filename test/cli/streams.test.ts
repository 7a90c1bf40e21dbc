/** A reader that stops early ends the CLI quietly: `fleet plan -o json | head` exits 0 with nothing on stderr (issue #21). */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { BIN, ROOT } from "./helpers";

/** Run a shell pipeline under `set -o pipefail`, so the exit status is the CLI's when head succeeds. */
function pipeline(cmd: string): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync("bash", ["--noprofile", "--norc", "-c", `set -o pipefail; ${cmd}`], { encoding: "utf8", env: { ...process.env, CI: "true" } });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("cli: output to a pipe that closes early", function () {
    this.timeout(120_000);

    it("plan -o json | head -c 20: the first bytes, exit 0, no EPIPE trace", () => {
        const r = pipeline(`node ${JSON.stringify(BIN)} plan -o json --dir ${JSON.stringify(ROOT)} | head -c 20`);
        assert.equal(r.stderr, "");
        assert.equal(r.status, 0);
        assert.equal(r.stdout, '{\n  "resources": [\n ');
    });

    it("inventory -o csv | head -n 1: the header line only, exit 0", () => {
        const r = pipeline(`node ${JSON.stringify(BIN)} inventory -o csv --dir ${JSON.stringify(ROOT)} | head -n 1`);
        assert.equal(r.stderr, "");
        assert.equal(r.status, 0);
        assert.equal(
            r.stdout,
            "site,region,kind,name,segment,address,protocol,thingName,serial,model,criticality,plc,gateway,equipment,measures,unit,sampleRateHz,transmit\r\n",
        );
    });
});
