// How a cloud read feeds the analyzer and the language server. A listing that failed makes the
// cloud target "not checked" with the failure's message as the reason: never "missing", because
// nothing is known about the cloud then.
import type { TargetInput } from "../core/analysis";
import type { CloudSnapshotParams, Snapshot } from "../core/schema";
import type { CloudResult } from "./result";

export function cloudTargetInput(listing: CloudResult<Snapshot>): TargetInput {
  return listing.ok ? { snapshot: listing.value } : { unchecked: listing.error.message };
}

/** The `keystroke/cloudSnapshot` notification the extension sends after every listing. */
export function cloudSnapshotParams(listing: CloudResult<Snapshot>): CloudSnapshotParams {
  return listing.ok ? { snapshot: listing.value } : { snapshot: null, reason: listing.error.message };
}
