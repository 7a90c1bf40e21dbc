/** Synthetic fleets: options.ts (what is accepted), fleet-file.ts and fleet.ts (the files), address-plan.ts, write.ts (to a directory), csr.ts. */
export * from "./options";
export * from "./fleet-file";
export * from "./fleet";
export { cloudRange, dmzBlockSize, dmzRange, maxSites } from "./address-plan";
export * from "./write";
export { gatewayCsr } from "./csr";
