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
