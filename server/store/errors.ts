// Failures of a store operation that the caller caused; the HTTP layer maps `kind` to 400/404/409.
export type StoreRequestErrorKind = "invalid" | "not_found" | "conflict";

export class StoreRequestError extends Error {
  override readonly name = "StoreRequestError";
  constructor(
    readonly kind: StoreRequestErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** A write the disk refused; the HTTP layer answers 507 (no space) or 503 (read-only, no access). */
export class StorageError extends Error {
  override readonly name = "StorageError";
  constructor(
    readonly kind: "no_space" | "read_only" | "no_access",
    message: string,
  ) {
    super(message);
  }
}

const DISK_ERRORS: Readonly<Record<string, { kind: StorageError["kind"]; advice: string }>> = {
  ENOSPC: { kind: "no_space", advice: "the disk is full: free some space and try again" },
  EDQUOT: { kind: "no_space", advice: "the disk quota is used up: free some space and try again" },
  EROFS: { kind: "read_only", advice: "the store's file system is read-only: remount it writable, or start the server with --store on a writable directory" },
  EACCES: { kind: "no_access", advice: "the store's files cannot be written by this user: fix their owner or permissions" },
  EPERM: { kind: "no_access", advice: "the store's files cannot be written by this user: fix their owner or permissions" },
};

/** A disk error as a StorageError saying what to do; anything else unchanged. */
export function asStorageError(error: unknown, what: string): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const known = code !== undefined ? DISK_ERRORS[code] : undefined;
  return known ? new StorageError(known.kind, `${what} failed (${code}): ${known.advice}. Nothing was changed.`) : error;
}
