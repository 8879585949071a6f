// One message in both languages; both are required.
export type Pair = { readonly vi: string; readonly en: string };
