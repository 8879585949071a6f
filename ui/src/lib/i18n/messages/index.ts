// Every string the UI shows, per feature, each in Vietnamese (default) and English side by
// side. Messages that come from Rust (errors, field issues, the labels of synced fields in
// `$lib/api/labels.ts`) are already localized and are not repeated here.
import { app } from "./app";
import { budget } from "./budget";
import { kpi } from "./kpi";
import { reports } from "./reports";
import { sync } from "./sync";
import { tasks } from "./tasks";
import { training } from "./training";

export const messages = { ...app, ...tasks, ...budget, ...kpi, ...reports, ...sync, ...training };

export type MessageKey = keyof typeof messages;
