// Commands reject with the contract's ApiError; anything else (a missing command, a broken
// bridge) is wrapped so the UI always has { code, message, fields } and branches on code.
import type { ApiError } from "$lib/api";

export function toApiError(e: unknown): ApiError {
  if (e && typeof e === "object" && "code" in e && "message" in e) {
    const a = e as Partial<ApiError>;
    return { code: String(a.code) as ApiError["code"], message: String(a.message), fields: Array.isArray(a.fields) ? a.fields : [] };
  }
  return { code: "internal", message: e instanceof Error ? e.message : String(e), fields: [] };
}
