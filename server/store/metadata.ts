// credentials.json: the store's metadata (never a secret value), read with migration and written
// atomically with mode 0600. Reading has no side effects, so `check --local-store` can use it
// while a server owns the store.
import { readFile } from "node:fs/promises";
import { STORE_FILE_VERSION, type StoreFile } from "../core/schema";
import { writeFileAtomic } from "./atomic-write";
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
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { ok: true, file: emptyStoreFile(), exists: false, migratedFrom: null };
    return { ok: false, message: `cannot read ${file}: ${(error as Error).message}` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, message: `${file} is not valid JSON; it was left untouched. Move it aside to start an empty store.` };
  }
  const migrated = migrateStoreFile(raw, file);
  if (!migrated.ok) return migrated;
  return { ok: true, file: migrated.file, exists: true, migratedFrom: migrated.migratedFrom };
}

export async function writeStoreFile(dir: string, file: StoreFile): Promise<void> {
  await writeFileAtomic(storeFile(dir, CREDENTIALS_FILE), `${JSON.stringify(file, null, 2)}\n`);
}
