/**
 * Mocha root hooks for mutation testing only (stryker.conf.json `mochaOptions.require`).
 * StrykerJS keeps the test process between mutants, so a memo filled under one mutant (or in the
 * dry run) would answer for the next one, and its perTest coverage would credit only the first
 * test that filled it. The action caches are started afresh before every test of the dry run and
 * whenever the active mutant changes. Outside StrykerJS (no `__stryker__` global) this does nothing.
 */
import { resetActionCaches } from "../../../policies/lib/actions";

let last: string | undefined;

export const mochaHooks = {
    beforeEach(): void {
        const stryker = (globalThis as { __stryker__?: { activeMutant?: string } }).__stryker__;
        if (!stryker) return;
        if (stryker.activeMutant === undefined || stryker.activeMutant !== last) resetActionCaches();
        last = stryker.activeMutant;
    },
};
