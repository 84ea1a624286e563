// Start-up repair of what a crash can leave between the two halves of a write (metadata file and
// secret backend): entries whose values are gone are flagged `secretMissing` (kept, so the user
// sees what to re-enter), backend values this store created but no entry names are deleted, and
// each entry's field list is realigned with the values actually stored.
import type { StoreEntry, StoreFile } from "../core/schema";
import type { SecretBackend } from "./secret-backend";

export interface RepairReport {
  flagged: string[];
  removed: string[];
  realigned: string[];
}

export async function repairStore(file: StoreFile, backend: SecretBackend): Promise<{ file: StoreFile; report: RepairReport; changed: boolean }> {
  const ids = new Set(file.entries.map((e) => e.id));
  const removed: string[] = [];
  for (const id of await backend.owned()) {
    if (ids.has(id)) continue;
    await backend.delete(id);
    removed.push(id);
  }
  const stored = await backend.readMany([...ids]);
  const flagged: string[] = [];
  const realigned: string[] = [];
  const entries = file.entries.map((entry): StoreEntry => {
    const values = stored.get(entry.id);
    if (values === undefined) {
      flagged.push(entry.id);
      return entry.secretMissing === true ? entry : { ...entry, secretMissing: true };
    }
    const fields = Object.keys(values);
    const sameFields = fields.length === entry.fields.length && fields.every((f) => entry.fields.includes(f));
    if (sameFields && entry.secretMissing === undefined) return entry;
    if (!sameFields) realigned.push(entry.id);
    const { secretMissing: _gone, ...rest } = entry;
    return { ...rest, fields };
  });
  const changed = entries.some((e, i) => e !== file.entries[i]);
  return { file: { ...file, entries }, report: { flagged, removed, realigned }, changed };
}
