/** Temporary directories of tests, under the OS temp dir and removed by the tests. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** A fresh temporary directory for each test of the calling describe (made before, removed after it); call the result for its path. */
export function tempDirPerTest(prefix: string): () => string {
    let dir = "";
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
    return () => dir;
}

/** A fresh temporary directory for the calling describe (made before its tests, removed after them); call the result for its path. */
export function tempDirPerSuite(prefix: string): () => string {
    let dir = "";
    before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    return () => dir;
}
