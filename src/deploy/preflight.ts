/**
 * Before driving Pulumi for real: is the Pulumi CLI installed, is there a state backend to log
 * in to, are there AWS credentials? All problems at once, each with what to install or set,
 * so nobody learns them one failed run at a time. Pure over the environment it is given.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SECRETS_PROVIDER_ENV, secretsProviderProblem } from "./automation";

export interface PreflightEnv {
    env: Record<string, string | undefined>;
    home: string;
    platform: NodeJS.Platform;
    /** Project directory holding Pulumi.yaml (a `backend.url` there counts as a backend). */
    projectDir: string;
}

export interface PreflightProblem {
    what: string;
    fix: string;
}

export function currentPreflightEnv(projectDir: string): PreflightEnv {
    return { env: process.env, home: os.homedir(), platform: process.platform, projectDir };
}

/** The `pulumi` executable on PATH, if any. */
export function findOnPath(name: string, env: PreflightEnv): string | undefined {
    const dirs = (env.env.PATH ?? env.env.Path ?? "").split(path.delimiter).filter(Boolean);
    const names = env.platform === "win32" ? [`${name}.exe`, `${name}.cmd`] : [name];
    for (const d of dirs) {
        for (const n of names) {
            const candidate = path.join(d, n);
            try {
                const st = fs.statSync(candidate);
                if (st.isFile() && (env.platform === "win32" || (st.mode & 0o111) !== 0)) return candidate;
            } catch {
                /* not here */
            }
        }
    }
    return undefined;
}

function pulumiHome(env: PreflightEnv): string {
    return env.env.PULUMI_HOME || path.join(env.home, ".pulumi");
}

function hasBackend(env: PreflightEnv): boolean {
    if (env.env.PULUMI_ACCESS_TOKEN || env.env.PULUMI_BACKEND_URL) return true;
    try {
        const creds = JSON.parse(fs.readFileSync(path.join(pulumiHome(env), "credentials.json"), "utf8")) as { current?: string };
        if (creds.current) return true;
    } catch {
        /* not logged in */
    }
    try {
        const project = fs.readFileSync(path.join(env.projectDir, "Pulumi.yaml"), "utf8");
        if (/^backend:\s*\n\s+url:\s*\S+/m.test(project)) return true;
    } catch {
        /* no project file */
    }
    return false;
}

function hasAwsCredentials(env: PreflightEnv): boolean {
    const e = env.env;
    if (e.AWS_ACCESS_KEY_ID && e.AWS_SECRET_ACCESS_KEY) return true;
    if (e.AWS_PROFILE || e.AWS_DEFAULT_PROFILE || e.AWS_WEB_IDENTITY_TOKEN_FILE) return true;
    if (e.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || e.AWS_CONTAINER_CREDENTIALS_FULL_URI) return true;
    const files = [e.AWS_SHARED_CREDENTIALS_FILE || path.join(env.home, ".aws", "credentials"), e.AWS_CONFIG_FILE || path.join(env.home, ".aws", "config")];
    return files.some((f) => fs.existsSync(f));
}

export function preflight(env: PreflightEnv, opts: { checkAws: boolean }): PreflightProblem[] {
    const problems: PreflightProblem[] = [];
    if (!findOnPath("pulumi", env)) {
        const installed = path.join(pulumiHome(env), "bin");
        problems.push(
            fs.existsSync(path.join(installed, "pulumi"))
                ? { what: `the Pulumi CLI is in ${installed} but not on PATH`, fix: `add ${installed} to PATH` }
                : {
                      what: "the Pulumi CLI is not installed (no `pulumi` on PATH)",
                      fix: "install it: `curl -fsSL https://get.pulumi.com | sh` (or see https://www.pulumi.com/docs/install/), then put ~/.pulumi/bin on PATH",
                  },
        );
    }
    if (!hasBackend(env)) {
        problems.push({
            what: "no Pulumi state backend",
            fix: "set PULUMI_ACCESS_TOKEN for Pulumi Cloud, or run `pulumi login s3://<state-bucket>` for a self-managed backend, or set PULUMI_BACKEND_URL",
        });
    }
    const provider = (env.env[SECRETS_PROVIDER_ENV] ?? "").trim();
    const providerProblem = provider === "" ? undefined : secretsProviderProblem(provider);
    if (providerProblem) problems.push(providerProblem);
    if (provider === "passphrase" && !env.env.PULUMI_CONFIG_PASSPHRASE && !env.env.PULUMI_CONFIG_PASSPHRASE_FILE) {
        problems.push({
            what: `${SECRETS_PROVIDER_ENV}=passphrase but no passphrase`,
            fix: "set PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE, or use a key service (awskms://alias/<alias>?region=<region>)",
        });
    }
    if (opts.checkAws && !hasAwsCredentials(env)) {
        problems.push({
            what: "no AWS credentials",
            fix: "set AWS_PROFILE (after `aws configure` or `aws sso login`), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; with an instance or task role pass --no-credential-check",
        });
    }
    return problems;
}

export function formatPreflight(operation: string, problems: PreflightProblem[]): string {
    return [
        `cannot run ${operation}: ${problems.length} thing${problems.length === 1 ? "" : "s"} missing`,
        ...problems.map((p) => `  - ${p.what}: ${p.fix}`),
        "Offline, `fleet plan` shows what the stacks would create without any of these.",
    ].join("\n");
}
