/** Synthetic fleets: see fleet.ts (the generator), write.ts (to a directory), csr.ts. */
export * from "./fleet";
export * from "./write";
export { gatewayCsr } from "./csr";
