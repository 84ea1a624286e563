// Upgrades credentials.json written by older versions to the current schema, one version step at a
// time. A file from a newer version is refused (never rewritten), so a downgrade cannot clobber it.
import { STORE_FILE_VERSION, StoreFile, describeZodError } from "../core/schema";

/** Upgrade steps keyed by the version they upgrade *from*; each returns the next version's shape.
 *  Version 1 is the first format, so there is no step yet: add `1: (v1) => v2` with version 2. */
const UPGRADES: Readonly<Record<number, (old: Record<string, unknown>) => Record<string, unknown>>> = {};

export type MigrationResult = { ok: true; file: StoreFile; migratedFrom: number | null } | { ok: false; message: string };

export function migrateStoreFile(raw: unknown, fileName: string): MigrationResult {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { ok: false, message: `${fileName} is not a JSON object; it was left untouched. Move it aside (rename it) to start again: the entries are then rebuilt from the secret store, marked for review, and no value is deleted.` };
  }
  let doc = raw as Record<string, unknown>;
  const version = doc.version;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
    return { ok: false, message: `${fileName} has no valid "version"; it was left untouched. Move it aside (rename it) to start again: the entries are then rebuilt from the secret store, marked for review, and no value is deleted.` };
  }
  if (version > STORE_FILE_VERSION) {
    return {
      ok: false,
      message:
        `${fileName} is format version ${version}, newer than this keystroke-credentials understands (${STORE_FILE_VERSION}). ` +
        "Update the Keystroke Credentials extension or CLI; the file was left untouched.",
    };
  }
  for (let v = version; v < STORE_FILE_VERSION; v++) {
    const step = UPGRADES[v];
    if (step === undefined) return { ok: false, message: `${fileName}: no upgrade from format version ${v}; the file was left untouched.` };
    doc = step(doc);
  }
  const parsed = StoreFile.safeParse(doc);
  if (!parsed.success) {
    return { ok: false, message: `${fileName} is invalid (${describeZodError(parsed.error)}); it was left untouched.` };
  }
  return { ok: true, file: parsed.data, migratedFrom: version === STORE_FILE_VERSION ? null : version };
}
