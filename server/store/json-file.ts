// Reading a JSON file the store owns (credentials.json, secrets.json). A file that exists but
// cannot be read or parsed is refused with a message and left untouched: treating it as empty
// would overwrite it on the next write.
import { readFile } from "node:fs/promises";

export type StoredJson = { ok: true; exists: false } | { ok: true; exists: true; json: unknown } | { ok: false; message: string };

/** `advice`: what the user can do about a file that is not JSON, appended to that message. */
export async function readStoredJson(file: string, advice?: string): Promise<StoredJson> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { ok: true, exists: false };
    return { ok: false, message: `cannot read ${file}: ${(error as Error).message}` };
  }
  try {
    return { ok: true, exists: true, json: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, message: `${file} is not valid JSON; it was left untouched.${advice ? ` ${advice}` : ""}` };
  }
}
