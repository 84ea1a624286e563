// Shows a failure with the one button that fixes it. Install CLI and Log In type the command into
// a terminal without running it, so the user sees (and confirms) what will run.
import * as vscode from "vscode";
import type { CloudErrorKind } from "../server/cloud";
import { INSTALL_CLI, INSTALL_CLI_COMMAND, LOGIN_COMMAND, LOG_IN, OPEN_SETTINGS, SHOW_OUTPUT, cloudFailureButtons } from "./flows/failures";
import type { Services } from "./services";

function typeInTerminal(name: string, text: string, cwd: string | undefined): void {
  const terminal = vscode.window.createTerminal({ name, ...(cwd ? { cwd } : {}) });
  terminal.show();
  terminal.sendText(text, false);
}

export async function showFailure(services: Services, message: string, kind?: CloudErrorKind): Promise<void> {
  const buttons = kind ? cloudFailureButtons(kind) : [SHOW_OUTPUT];
  const choice = await vscode.window.showErrorMessage(`Keystroke: ${message}`, ...buttons);
  switch (choice) {
    case OPEN_SETTINGS:
      await vscode.commands.executeCommand("workbench.action.openSettings", "keystroke.cliPath");
      break;
    case INSTALL_CLI:
      typeInTerminal("Install the Keystroke CLI", INSTALL_CLI_COMMAND, services.projectRootPath);
      break;
    case LOG_IN:
      typeInTerminal("Keystroke login", LOGIN_COMMAND, services.projectRootPath);
      break;
    case SHOW_OUTPUT:
      services.log.show();
      break;
  }
}
