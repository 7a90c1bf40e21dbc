export * from "./analytics";
export * from "./network";
export * from "./platform";
export * from "./refs";
