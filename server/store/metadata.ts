// credentials.json: the store's metadata (never a secret value), read with migration and written
// atomically with mode 0600. Reading has no side effects, so `check --local-store` can use it
// while a server owns the store.
import { STORE_FILE_VERSION, type StoreFile } from "../core/schema";
import { writeFileAtomic } from "./atomic-write";
import { readStoredJson } from "./json-file";
import { migrateStoreFile } from "./migrate";
import { CREDENTIALS_FILE, storeFile } from "./paths";

export type ReadStoreResult =
  | { ok: true; file: StoreFile; exists: boolean; migratedFrom: number | null }
  | { ok: false; message: string };

export function emptyStoreFile(): StoreFile {
  return { version: STORE_FILE_VERSION, entries: [] };
}

export async function readStoreFile(dir: string): Promise<ReadStoreResult> {
  const file = storeFile(dir, CREDENTIALS_FILE);
  const read = await readStoredJson(file, "Move it aside (rename it) to start again: the entries are then rebuilt from the secret store, marked for review, and no value is deleted.");
  if (!read.ok) return read;
  if (!read.exists) return { ok: true, file: emptyStoreFile(), exists: false, migratedFrom: null };
  const migrated = migrateStoreFile(read.json, file);
  if (!migrated.ok) return migrated;
  return { ok: true, file: migrated.file, exists: true, migratedFrom: migrated.migratedFrom };
}

export async function writeStoreFile(dir: string, file: StoreFile): Promise<void> {
  await writeFileAtomic(storeFile(dir, CREDENTIALS_FILE), `${JSON.stringify(file, null, 2)}\n`);
}
