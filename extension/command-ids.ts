// Command ids, by name. Every one is contributed in package.json (a unit test keeps the two in
// step); the two the language server puts on quick fixes and lenses come from the shared protocol.
import { MOVE_TO_CREDENTIAL_COMMAND, PUSH_CREDENTIAL_COMMAND, SET_LOCAL_CREDENTIAL_COMMAND } from "../server/core/schema/protocol";

export const COMMANDS = {
  setLocalCredential: SET_LOCAL_CREDENTIAL_COMMAND,
  pushCredential: PUSH_CREDENTIAL_COMMAND,
  connectApp: "keystroke.connectApp",
  deploy: "keystroke.deploy",
  refreshCloud: "keystroke.refreshCloud",
  openManagerInBrowser: "keystroke.openManagerInBrowser",
  importDotenv: "keystroke.importDotenv",
  showOutput: "keystroke.showOutput",
  restartLanguageServer: "keystroke.restartLanguageServer",
  /** The manager panel; from code lenses and hovers with { key }. */
  openCredentialManager: "keystroke.openCredentialManager",
  /** From the KS030/KS031 quick fix, with its arguments — not in the palette. */
  moveToCredential: MOVE_TO_CREDENTIAL_COMMAND,
  moveSelectionToCredential: "keystroke.moveSelectionToCredential",
  setUpCodingAgents: "keystroke.setUpCodingAgents",
  resolveAllMissing: "keystroke.resolveAllMissing",
  selectProject: "keystroke.selectProject",
} as const;

/** Agent mode's tools (package.json `languageModelTools`; a unit test keeps the two in step). */
export const AGENT_TOOLS = {
  status: "keystroke_credentials_status",
  explain: "keystroke_explain_credential",
  request: "keystroke_request_credential",
  push: "keystroke_push_credential",
} as const;

/** The native views' item and title actions (hidden from the palette: they need their item). */
export const TREE_COMMANDS = {
  refresh: "keystroke.tree.refresh",
  setLocal: "keystroke.tree.setLocal",
  push: "keystroke.tree.push",
  connect: "keystroke.tree.connect",
  goToDefinition: "keystroke.tree.goToDefinition",
  copyCliCommand: "keystroke.tree.copyCliCommand",
  editEntry: "keystroke.tree.editEntry",
  revealEntry: "keystroke.tree.revealEntry",
  renameEntry: "keystroke.tree.renameEntry",
  setDefault: "keystroke.tree.setDefault",
  deleteEntry: "keystroke.tree.deleteEntry",
} as const;
