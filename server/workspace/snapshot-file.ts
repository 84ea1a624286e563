// Reads a store snapshot JSON file (`--local-snapshot`, `--cloud-snapshot`) and validates it with
// the one Snapshot schema. Errors name the file and, for schema errors, the offending path.
import { readFileSync } from "node:fs";
import { Snapshot, describeZodError } from "../core/schema";
import { describeFsError } from "./files";

export type SnapshotFileResult = { ok: true; snapshot: Snapshot } | { ok: false; message: string };

export function readSnapshotFile(file: string): SnapshotFileResult {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    return { ok: false, message: `Cannot read snapshot ${file}: ${describeFsError(error)}.` };
  }
  return parseSnapshotText(text, file);
}

export function parseSnapshotText(text: string, source: string): SnapshotFileResult {
  let json: unknown;
  try {
    // Editors on Windows often save UTF-8 with a byte-order mark, which JSON.parse refuses.
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    return { ok: false, message: `Snapshot ${source} is not valid JSON: ${(error as Error).message}.` };
  }
  const parsed = Snapshot.safeParse(json);
  if (!parsed.success) {
    return { ok: false, message: `Snapshot ${source} is invalid: ${describeZodError(parsed.error)}. Expected { "version": 1, "credentials": [{ "key", "scope" }, ...] }.` };
  }
  return { ok: true, snapshot: parsed.data };
}
