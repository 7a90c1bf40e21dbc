export * from "./edge";
export * from "./network";
export * from "./site";
