// The first time a project opens with missing credentials, one notification offers Resolve All
// Missing: once per workspace, and never again anywhere once the person says so.
import * as vscode from "vscode";
import type { StatusParams } from "../server/core/schema";
import { plural } from "../server/core/plural";
import { COMMANDS } from "./command-ids";
import { statusBarView } from "./flows/status-bar";

const OFFERED = "keystroke.resolveOffered";
const NEVER = "keystroke.resolveOfferDismissed";

export class ResolveOffer {
  private asked = false;

  constructor(private readonly context: vscode.ExtensionContext) {}

  consider(status: StatusParams): void {
    const missing = statusBarView(status).missing;
    if (this.asked || !missing || this.context.workspaceState.get(OFFERED) || this.context.globalState.get(NEVER)) return;
    this.asked = true;
    void this.context.workspaceState.update(OFFERED, true);
    void vscode.window.showInformationMessage(`Keystroke: ${plural(missing, "credential requirement")} of this project ${missing === 1 ? "does" : "do"} not resolve.`, "Resolve All Missing…", "Don't Show Again").then((choice) => {
      if (choice === "Resolve All Missing…") void vscode.commands.executeCommand(COMMANDS.resolveAllMissing);
      if (choice === "Don't Show Again") void this.context.globalState.update(NEVER, true);
    });
  }
}
