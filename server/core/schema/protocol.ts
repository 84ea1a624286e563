// Custom LSP messages between the extension (client) and the language server, declared once and
// imported by both sides. Plain strings and zod schemas: no LSP library here, so core stays pure.
import { z } from "zod";
import { RequirementStatus } from "./analysis";
import { Snapshot, TargetState } from "./credentials";

/** Client → server notification: the cloud snapshot, or why the cloud could not be read. */
export const CLOUD_SNAPSHOT_NOTIFICATION = "keystroke/cloudSnapshot";
export const CloudSnapshotParams = z.union([
  z.object({ snapshot: Snapshot }),
  z.object({ snapshot: z.null(), reason: z.string() }),
]);
export type CloudSnapshotParams = z.infer<typeof CloudSnapshotParams>;

/** Server → client notification: whether each target is checked, per workspace folder. */
export const STATUS_NOTIFICATION = "keystroke/status";
export const StatusParams = z.object({
  targets: z.object({ local: TargetState, cloud: TargetState }),
  /** Requirements that do not resolve, per target (for the status bar). */
  missing: z.object({ local: z.number().int(), cloud: z.number().int() }),
  requirements: z.number().int(),
});
export type StatusParams = z.infer<typeof StatusParams>;

/** Client → server request: every requirement in the workspace with its per-target status. */
export const REQUIREMENTS_REQUEST = "keystroke/requirements";
export const RequirementsResult = z.object({
  /** Absolute workspace folder path each `file` is relative to. */
  requirements: z.array(RequirementStatus.extend({ root: z.string() })),
});
export type RequirementsResult = z.infer<typeof RequirementsResult>;

/** Commands the language server puts on code actions and code lenses; the client runs them. */
export const SET_LOCAL_CREDENTIAL_COMMAND = "keystroke.setLocalCredential";
export const PUSH_CREDENTIAL_COMMAND = "keystroke.pushCredential";
export const CredentialCommandArgs = z.object({
  key: z.string(),
  scope: z.enum(["organization", "project", "user"]).optional(),
  project: z.string().optional(),
  fields: z.array(z.string()),
});
export type CredentialCommandArgs = z.infer<typeof CredentialCommandArgs>;
