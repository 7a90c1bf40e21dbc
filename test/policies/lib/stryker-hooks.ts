/**
 * Mocha root hooks for mutation testing only (stryker.conf.json `mochaOptions.require`).
 * StrykerJS keeps the test process between mutants, so a memo filled under one mutant (or in the
 * dry run) would answer for the next one, and its perTest coverage would credit only the first
 * test that filled it. The action caches are started afresh before every test of the dry run and
 * whenever the active mutant changes. Outside StrykerJS (no `__stryker__` global) this does nothing.
 */
let last: string | undefined;

export const mochaHooks = {
    async beforeEach(): Promise<void> {
        const stryker = (globalThis as { __stryker__?: { activeMutant?: string } }).__stryker__;
        if (!stryker) return;
        // Imported here, not when mocha loads this file: a static mutant of actions.ts is active only
        // in the module instance the spec files load.
        if (stryker.activeMutant === undefined || stryker.activeMutant !== last) (await import("../../../policies/lib/actions")).resetActionCaches();
        last = stryker.activeMutant;
    },
};
