// Which button to offer next to a failure message: the one action that fixes it, when there is one.
import type { CloudErrorKind } from "../../server/cloud";

export const OPEN_SETTINGS = "Open Settings";
export const INSTALL_CLI = "Install CLI";
export const SHOW_OUTPUT = "Show Output";
export const LOG_IN = "Log In";

export const INSTALL_CLI_COMMAND = "npm i -g @keystrokehq/cli";
export const LOGIN_COMMAND = "keystroke auth login";

export function cloudFailureButtons(kind: CloudErrorKind): string[] {
  switch (kind) {
    case "cli-not-found":
      return [INSTALL_CLI, OPEN_SETTINGS];
    case "not-logged-in":
      return [LOG_IN];
    case "timeout":
    case "exit":
    case "bad-output":
      return [SHOW_OUTPUT];
    default:
      return [];
  }
}
