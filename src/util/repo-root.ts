/** Finding the repository from a built file (dist/src/...) or a source file (src/...). */
import * as fs from "node:fs";
import * as path from "node:path";

/** The nearest ancestor of `from` (itself included) that holds `folder`/ and package.json; throws naming `folder` when none does. */
export function rootWith(folder: string, from: string): string {
    let dir = from;
    for (;;) {
        if (fs.existsSync(path.join(dir, folder)) && fs.existsSync(path.join(dir, "package.json"))) return dir;
        const up = path.dirname(dir);
        if (up === dir) throw new Error(`cannot find the ${folder}/ directory above ${from}`);
        dir = up;
    }
}
