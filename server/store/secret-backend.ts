// The contract every secret backend meets. Values are `{ field: value }` records; backends are
// called only from the store's write queue (and start-up repair), so they need no locking.
import { z } from "zod";
import { CredentialKind, Scope, StoredFieldName, type StoreEntry } from "../core/schema";

export type FieldValues = Record<string, string>;
export const StoredFieldValues = z.record(StoredFieldName, z.string());

export type SecretBackendKind = "keychain" | "file";

/**
 * What an entry is, kept beside its values (never a value): if credentials.json is lost, the
 * store rebuilds labelled entries from these instead of losing track of the values.
 */
export const SecretLabel = z.object({
  key: z.string().min(1).max(128),
  scope: Scope,
  project: z.string().min(1).max(128).optional(),
  name: z.string().max(200),
  kind: CredentialKind,
  default: z.boolean(),
});
export type SecretLabel = z.infer<typeof SecretLabel>;

export function labelOf(entry: StoreEntry): SecretLabel {
  return { key: entry.key, scope: entry.scope, ...(entry.project !== undefined ? { project: entry.project } : {}), name: entry.name, kind: entry.kind, default: entry.default };
}

export function sameLabel(a: SecretLabel | null | undefined, b: SecretLabel): boolean {
  return a != null && a.key === b.key && a.scope === b.scope && a.project === b.project && a.name === b.name && a.kind === b.kind && a.default === b.default;
}

export interface SecretBackend {
  readonly kind: SecretBackendKind;
  /** Said once at start-up, e.g. what happened to an unreadable index. */
  readonly notice: string | null;
  /** Null when secrets can be read and written; otherwise why not and what to do. */
  probe(): Promise<string | null>;
  /** The keychain's native module has no binary in this installation (the editor offers the ways on). */
  readonly moduleMissing?: boolean;
  get(id: string): Promise<FieldValues | null>;
  set(id: string, values: FieldValues, label: SecretLabel): Promise<void>;
  /** Records labels of ids already stored (repair, renames), without touching values. */
  relabel(labels: ReadonlyMap<string, SecretLabel>): Promise<void>;
  delete(id: string): Promise<void>;
  /** Ids this store has put into the backend (present or not), with their labels where known
   * (null: recorded by a version that kept none). */
  owned(): Promise<Map<string, SecretLabel | null>>;
  /** The values of every given id that the backend holds, in one pass where the backend can. */
  readMany(ids: readonly string[]): Promise<Map<string, FieldValues>>;
}

/** A secret operation failed because the backend cannot be reached; the HTTP layer maps it to 503. */
export class SecretsUnavailableError extends Error {
  override readonly name = "SecretsUnavailableError";
}

/** Parses a stored value; anything that is not a `{ field: string }` record counts as absent. */
export function parseStoredValues(text: string): FieldValues | null {
  try {
    const parsed = StoredFieldValues.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
