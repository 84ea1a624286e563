// The contract every secret backend meets. Values are `{ field: value }` records; backends are
// called only from the store's write queue (and start-up repair), so they need no locking.
import { z } from "zod";
import { FieldName } from "../core/schema";

export type FieldValues = Record<string, string>;
export const StoredFieldValues = z.record(FieldName, z.string());

export type SecretBackendKind = "keychain" | "file";

export interface SecretBackend {
  readonly kind: SecretBackendKind;
  /** Null when secrets can be read and written; otherwise why not and what to do. */
  probe(): Promise<string | null>;
  get(id: string): Promise<FieldValues | null>;
  set(id: string, values: FieldValues): Promise<void>;
  delete(id: string): Promise<void>;
  /** Ids this store has put into the backend (present or not): candidates for orphan removal. */
  owned(): Promise<string[]>;
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
