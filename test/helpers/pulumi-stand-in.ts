/**
 * A stand-in Pulumi CLI for driving the real Automation API in tests: the PulumiCommand it calls,
 * and the CommandResult and CommandError it gets back, made with the Automation API's own classes.
 */
import * as path from "node:path";
import type { PulumiCommand } from "@pulumi/pulumi/automation";

const auto = require("@pulumi/pulumi/automation") as { CommandResult: new (stdout: string, stderr: string, code: number) => unknown };
const { createCommandError } = require("@pulumi/pulumi/automation/errors") as { createCommandError(r: unknown): Error };
/** The semver the Automation API itself uses (its version checks call .compare). */
const semver = require(require.resolve("semver", { paths: [path.dirname(require.resolve("@pulumi/pulumi"))] })) as { parse(v: string): unknown };

/** A CLI run that printed `stdout` and exited 0. */
export const ok = (stdout: string) => new auto.CommandResult(stdout, "", 0);

/** The CommandError the Automation API raises for a CLI run that exited `code`. */
export const commandError = (stdout: string, stderr: string, code = 255) => createCommandError(new auto.CommandResult(stdout, stderr, code));

export type StandInRun = (args: string[], cwd: string, env: Record<string, string>, onOutput?: (s: string) => void) => Promise<unknown>;

/**
 * A Pulumi CLI whose every command is answered by `run`, the args of each recorded in `calls`. It
 * reports `version`: 3.200 keeps the file event log (3.205+ uses gRPC); null is no version, and the
 * Automation API skips its checks.
 */
export function standInCli(run: StandInRun, version: string | null = "3.200.0"): { cli: PulumiCommand; calls: string[][] } {
    const calls: string[][] = [];
    const recorded: StandInRun = (args, ...rest) => {
        calls.push(args);
        return run(args, ...rest);
    };
    return { cli: { command: "pulumi", version: version === null ? null : semver.parse(version), run: recorded } as unknown as PulumiCommand, calls };
}
