export * from "./alerts";
export * from "./edge";
export * from "./network";
export * from "./site";
export * from "./greengrass";
export * from "./identity";
export * from "./manifest";
export * from "./provisioning";
