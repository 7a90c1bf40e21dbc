/**
 * Where private keys live: `certs/` and its per-site directories are 0700 and key files 0600
 * whatever the umask (mkdir and open only ever remove permission bits from the mode asked for,
 * so a permissive umask is fixed by an explicit chmod), and keys are git-ignored.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { createFileAtomic } from "./atomic-write";

/** Git patterns of private keys: `<name>.key.pem` and rotated ones such as `<name>.key.pem.previous`. */
export const KEY_IGNORE_PATTERN = "*.key.pem*";

/** What `certs/.gitignore` holds, so keys stay out of git even in a repository without our root .gitignore. */
export const CERTS_GITIGNORE = `# private keys made by \`fleet certs\` stay on the machine that made them (rotated ones too)\n${KEY_IGNORE_PATTERN}\n`;

/**
 * Make `dir` (under `root`) and every directory between them, each mode 0700 even when it already
 * existed with a looser mode. `root` itself is left as it is.
 */
export function ensurePrivateDir(root: string, dir: string): void {
    const rel = path.relative(root, dir);
    if (rel.startsWith("..") || path.isAbsolute(rel)) throw new Error(`${dir} is not under ${root}`);
    let at = root;
    for (const part of rel.split(path.sep).filter(Boolean)) {
        at = path.join(at, part);
        fs.mkdirSync(at, { recursive: true, mode: 0o700 });
        fs.chmodSync(at, 0o700);
    }
}

/** Write `certs/.gitignore` when it is missing (an existing one is the user's: never replaced). */
export function ensureCertsGitignore(certsDir: string): void {
    createFileAtomic(path.join(certsDir, ".gitignore"), CERTS_GITIGNORE, 0o644);
}
