// The local store as the analyzer sees it: a Snapshot with field names only, never values.
// `readLocalStoreSnapshot` reads credentials.json directly (read-only, no lock), for `check`.
import type { Snapshot, StoreFile } from "../core/schema";
import { readStoreFile } from "./metadata";
import { CREDENTIALS_FILE, storeFile } from "./paths";

export interface SnapshotContext {
  organization?: string;
  project?: string;
}

export function storeToSnapshot(file: StoreFile, ctx: SnapshotContext, fetchedAt = new Date().toISOString()): Snapshot {
  return {
    version: 1,
    ...(ctx.organization !== undefined ? { organization: ctx.organization } : {}),
    ...(ctx.project !== undefined ? { project: ctx.project } : {}),
    fetchedAt,
    credentials: file.entries.map((e) => ({
      id: e.id,
      key: e.key,
      scope: e.scope,
      ...(e.project !== undefined ? { project: e.project } : {}),
      default: e.default,
      name: e.name,
      kind: e.kind,
      // An entry whose values are gone from the keychain stores no field at all.
      fields: e.secretMissing === true ? [] : e.fields,
    })),
  };
}

/** Same shape as the analyzer's TargetInput: a snapshot, or why the local store is unchecked. */
export type LocalStoreTarget = { snapshot: Snapshot } | { unchecked: string };

export async function readLocalStoreSnapshot(dir: string, ctx: SnapshotContext): Promise<LocalStoreTarget> {
  const read = await readStoreFile(dir);
  if (!read.ok) return { unchecked: read.message };
  if (!read.exists) return { unchecked: `no local store at ${storeFile(dir, CREDENTIALS_FILE)} (set credentials with the extension or \`keystroke-credentials serve\`)` };
  return { snapshot: storeToSnapshot(read.file, ctx) };
}
