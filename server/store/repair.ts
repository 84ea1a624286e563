// Start-up repair of what a crash or a lost file can leave between the two halves of the store
// (metadata file and secret backend). It never deletes a value because metadata is missing:
// - credentials.json absent while the backend holds values of this store ("metadata lost"):
//   entries are rebuilt from the backend's labels and marked `recovered` for review; values
//   recorded without a label come back as `recovered-<id>` for the person to name;
// - credentials.json read in full: entries whose values are gone are flagged `secretMissing`
//   (kept, so the user sees what to re-enter), values this store created that no entry names
//   are deleted (a create that crashed before its metadata commit), each entry's field list is
//   realigned with the values actually stored, and every entry's label is recorded.
import type { StoreEntry, StoreFile } from "../core/schema";
import { labelOf, sameLabel, type SecretBackend, type SecretLabel } from "./secret-backend";

export interface RepairReport {
  flagged: string[];
  removed: string[];
  realigned: string[];
  /** Entries rebuilt because credentials.json was missing (the ids; those without a label too). */
  recovered: string[];
  unlabelled: string[];
}

export type MetadataState = "read" | "absent";

export async function repairStore(
  file: StoreFile,
  metadata: MetadataState,
  backend: SecretBackend,
): Promise<{ file: StoreFile; report: RepairReport; changed: boolean }> {
  const owned = await backend.owned();
  if (metadata === "absent") return recoverLostMetadata(file, owned, backend);

  const ids = new Set(file.entries.map((e) => e.id));
  const removed: string[] = [];
  for (const id of owned.keys()) {
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
  // Labels for entries stored by versions that kept none, or renamed since.
  const labels = new Map<string, SecretLabel>();
  for (const entry of entries) if (stored.has(entry.id) && !sameLabel(owned.get(entry.id), labelOf(entry))) labels.set(entry.id, labelOf(entry));
  if (labels.size > 0) await backend.relabel(labels);
  const changed = entries.some((e, i) => e !== file.entries[i]);
  return { file: { ...file, entries }, report: { flagged, removed, realigned, recovered: [], unlabelled: [] }, changed };
}

async function recoverLostMetadata(file: StoreFile, owned: Map<string, SecretLabel | null>, backend: SecretBackend) {
  const report: RepairReport = { flagged: [], removed: [], realigned: [], recovered: [], unlabelled: [] };
  if (owned.size === 0) return { file, report, changed: false };
  const stored = await backend.readMany([...owned.keys()]);
  const now = new Date().toISOString();
  const entries: StoreEntry[] = [];
  for (const [id, label] of owned) {
    const values = stored.get(id);
    // An id without values has nothing to recover; it stays in the index, harmless.
    if (values === undefined) continue;
    report.recovered.push(id);
    if (label === null) report.unlabelled.push(id);
    const name = `recovered-${id}`;
    entries.push({
      id,
      key: label?.key ?? name,
      scope: label?.scope ?? "user",
      ...(label?.project !== undefined ? { project: label.project } : {}),
      // Unlabelled: a user-scope default is reached only when an action pins it, so a guess never resolves.
      default: label?.default ?? false,
      name: label?.name ?? name,
      kind: label?.kind ?? "api_key",
      fields: Object.keys(values),
      createdAt: now,
      updatedAt: now,
      recovered: true,
    });
  }
  return { file: { ...file, entries: [...file.entries, ...entries] }, report, changed: entries.length > 0 };
}
