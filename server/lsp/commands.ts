// The client-side commands that store a credential, as code actions and code lenses attach them.
import type { Command } from "vscode-languageserver/node";
import {
  PUSH_CREDENTIAL_COMMAND,
  SET_LOCAL_CREDENTIAL_COMMAND,
  type CredentialCommandArgs,
  type FindingData,
  type Target,
} from "../core/schema";

/** Registered by the extension; the lens command when every target resolves. */
export const OPEN_MANAGER_COMMAND = "keystroke.openCredentialManager";

export function commandArgs(fix: NonNullable<FindingData["fix"]>): CredentialCommandArgs {
  return { key: fix.key, scope: fix.scope, fields: fix.fields, ...(fix.project ? { project: fix.project } : {}) };
}

/** "Set local credential exa…" for the local target, "Push exa to the cloud…" for the cloud. */
export function storeCommand(target: Target, args: CredentialCommandArgs, title?: string): Command {
  return target === "local"
    ? { title: title ?? `Set local credential ${args.key}…`, command: SET_LOCAL_CREDENTIAL_COMMAND, arguments: [args] }
    : { title: title ?? `Push ${args.key} to the cloud…`, command: PUSH_CREDENTIAL_COMMAND, arguments: [args] };
}
