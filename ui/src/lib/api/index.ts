// The one import point for the app API: the rest of the UI imports from "$lib/api" only,
// so types.ts and commands.ts can be swapped for generated files.
export * from "./types";
export * from "./commands";
