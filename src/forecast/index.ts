export * from "./forecast";
export * from "./holt-winters";
export * from "./season";
export * from "./series";
