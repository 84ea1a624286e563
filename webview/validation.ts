// Turns a zod error from validating a form's body into messages placed next to the inputs they
// concern, so the user sees "Key: use letters, digits…" under the key field, not a JSON path.
import type { z } from "zod";
import type { FieldError } from "./dialog";

type PathKey = PropertyKey;

/**
 * `aliases` maps a body property to the input that edits it when their names differ (e.g. the
 * `fields` record to the first value input); `locate` handles nested paths. Unplaced messages
 * become form-level errors.
 */
export function zodFieldErrors(
  error: z.ZodError,
  aliases: Record<string, string>,
  locate?: (path: PathKey[]) => string | null,
): FieldError[] {
  return error.issues.map((issue) => {
    const path = issue.path as PathKey[];
    const head = typeof path[0] === "string" ? path[0] : null;
    const field = locate?.(path) ?? (head === null ? null : (aliases[head] ?? head));
    const label = head ? `${head.charAt(0).toUpperCase()}${head.slice(1)}: ` : "";
    return { field, message: `${label}${issue.message}` };
  });
}
