// Typed outcome of every cloud operation. Callers branch on `ok`, then on `error.kind` when they
// need to (e.g. offer "Log in" for not-logged-in); `message` is always fit to show a user as is:
// it says what failed and what to do, and never carries a secret value.

export const CLOUD_ERROR_KINDS = [
  "cli-not-found",
  "not-logged-in",
  "not-linked",
  "exit",
  "timeout",
  "bad-output",
  "cancelled",
  "invalid-request",
] as const;
export type CloudErrorKind = (typeof CLOUD_ERROR_KINDS)[number];

export interface CloudError {
  kind: CloudErrorKind;
  message: string;
}

export type CloudResult<T> = { ok: true; value: T } | { ok: false; error: CloudError };

export function success<T>(value: T): CloudResult<T> {
  return { ok: true, value };
}

export function failure<T = never>(kind: CloudErrorKind, message: string): CloudResult<T> {
  return { ok: false, error: { kind, message } };
}
