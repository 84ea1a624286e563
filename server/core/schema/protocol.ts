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
/**
 * Client → server: the cloud listing. `root` (absolute) is the project it was listed for when the
 * workspace holds several: the other projects' cloud target is then not checked, never resolved
 * against another project's cloud.
 */
export const CloudSnapshotNotification = CloudSnapshotParams.and(z.object({ root: z.string().optional() }));
export type CloudSnapshotNotification = z.infer<typeof CloudSnapshotNotification>;

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

/**
 * "Move to a credential…" (KS030/KS031): the code action's command arguments. Ranges and names
 * only: the value is read by the client from its own document or from .env through the dev
 * server, never sent to the language server.
 */
export const MOVE_TO_CREDENTIAL_COMMAND = "keystroke.moveToCredential";
export const MoveToCredentialArgs = z.object({
  uri: z.string(),
  range: z.object({ start: z.object({ line: z.number().int(), character: z.number().int() }), end: z.object({ line: z.number().int(), character: z.number().int() }) }),
  code: z.enum(["KS030", "KS031"]),
  /** The suggested key and field of the credential. */
  key: z.string(),
  field: z.string(),
  /** KS030: the variable, whose value .env may hold. */
  envName: z.string().optional(),
  /** KS031: where the value is in the document (the literal's contents). */
  valueRange: z.object({ start: z.object({ line: z.number().int(), character: z.number().int() }), end: z.object({ line: z.number().int(), character: z.number().int() }) }).optional(),
  /** Definitions the action could use instead of a new one. */
  definitions: z.array(z.object({ key: z.string(), file: z.string(), exportName: z.string(), fields: z.array(z.string()) })),
});
export type MoveToCredentialArgs = z.infer<typeof MoveToCredentialArgs>;

/** Client → server request: the one workspace edit that declares the credential and reads it instead. */
export const MOVE_TO_CREDENTIAL_EDIT_REQUEST = "keystroke/moveToCredentialEdit";
export const MoveToCredentialEditParams = z.object({
  uri: z.string(),
  range: MoveToCredentialArgs.shape.range,
  key: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/),
  field: z.string().regex(/^[A-Za-z_$][A-Za-z0-9_$]{0,63}$/),
  /** An existing definition to use; absent: a new one is created. */
  existing: z.object({ file: z.string(), exportName: z.string() }).optional(),
});
export type MoveToCredentialEditParams = z.infer<typeof MoveToCredentialEditParams>;

/** Client → server request: the arguments of "Move to a credential…" for a selected string literal. */
export const MOVE_SELECTION_ARGS_REQUEST = "keystroke/moveSelectionArgs";
export const MoveSelectionArgsParams = z.object({ uri: z.string(), range: MoveToCredentialArgs.shape.range });
export type MoveSelectionArgsParams = z.infer<typeof MoveSelectionArgsParams>;
export const MoveSelectionArgsResult = z.union([z.object({ args: MoveToCredentialArgs }), z.object({ error: z.string() })]);
export type MoveSelectionArgsResult = z.infer<typeof MoveSelectionArgsResult>;

/**
 * Client → server request: a coding agent's read-only tool in VS Code's agent mode, answered
 * from the server's analyses and targets (core/agent-tools.ts; `plan_request`: what a request
 * for one credential asks for, core/credential-request-plan.ts). Each tool validates its own
 * input; no answer holds a secret value.
 */
export const AGENT_TOOL_REQUEST = "keystroke/agentTool";
export const AgentToolParams = z.object({
  tool: z.enum(["credentials_status", "explain_credential", "plan_request"]),
  input: z.record(z.string(), z.unknown()),
});
export type AgentToolParams = z.infer<typeof AgentToolParams>;
export const AgentToolResult = z.union([z.object({ structured: z.record(z.string(), z.unknown()), summary: z.string() }), z.object({ error: z.string() })]);
export type AgentToolResult = z.infer<typeof AgentToolResult>;
