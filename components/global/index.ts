export * from "./delivery";
export * from "./state";
