/** Pure derivations of a site's edge: policies, provisioning, Greengrass, bootstrap, CSRs, manifest. */
export * from "./bootstrap";
export * from "./csr";
export * from "./greengrass";
export * from "./manifest";
export * from "./policies";
export * from "./provisioning";
