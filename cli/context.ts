/**
 * What every command shares: the fleet directory, output streams, error handling with the
 * exit codes of the conventions (0 success, 1 findings or invalid input, 2 usage), and progress
 * that shows only on a terminal outside CI.
 */
import * as path from "node:path";
import { FleetError, formatDiagnostic } from "../src/model/diagnostics";
import type { LoadResult } from "../src/model/load";
import type { FleetModel } from "../src/model/types";

export interface GlobalOptions {
    dir?: string;
    debug?: boolean;
}

export interface Io {
    out: (text: string) => void;
    err: (text: string) => void;
    isTTY: boolean;
}

export const processIo: Io = {
    out: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
    isTTY: Boolean(process.stderr.isTTY) && !process.env.CI,
};

export function fleetDir(opts: GlobalOptions): string {
    return path.resolve(opts.dir ?? process.cwd());
}

/**
 * Load a fleet directory the way every command does: cached, with suppressions checked against
 * the policy pack's rule names (the model layer does not import the pack; LoadOptions.knownRules).
 */
export function loadFleetDir(dir: string): LoadResult {
    const { loadFleet } = require("../src/model/load") as typeof import("../src/model/load");
    const { POLICY_NAMES } = require("../policies/catalogue") as typeof import("../policies/catalogue");
    const { QUOTAS } = require("../src/quotas/catalogue") as typeof import("../src/quotas/catalogue");
    return loadFleet(dir, { cache: true, knownRules: POLICY_NAMES, quotaKeys: QUOTAS.map((q) => q.key) });
}

/** Load and validate; on errors print them and throw a FleetError (exit 1). */
export function loadOrFail(opts: GlobalOptions, io: Io): FleetModel {
    const result: LoadResult = loadFleetDir(fleetDir(opts));
    for (const d of result.diagnostics) io.err(formatDiagnostic(d));
    if (!result.model) {
        throw new FleetError(`${result.errors} error${result.errors === 1 ? "" : "s"} in the fleet files; run \`fleet validate\` for details`, [], 1);
    }
    return result.model;
}

/** Progress on stderr, only where someone watches a terminal. */
export function progress(io: Io, text: string): void {
    if (io.isTTY) io.err(`… ${text}`);
}

/** A usage error: exit code 2. */
export function usage(message: string): FleetError {
    return new FleetError(message, [], 2);
}
