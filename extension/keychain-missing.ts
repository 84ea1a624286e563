// Shows the "no keychain binary" notice (extension/flows/keychain-missing.ts) and carries out the
// choice: the platform builds' page, or the file backend after a modal warning (changing the
// setting restarts the dev server with it).
import * as vscode from "vscode";
import type { HealthResponse } from "../server/core/schema";
import { FILE_BACKEND_CONFIRMATION, GET_PLATFORM_BUILD, PLATFORM_BUILDS_URL, USE_FILE_BACKEND, keychainMissingNotice } from "./flows/keychain-missing";

let shown = false;

export async function offerKeychainWaysOn(health: HealthResponse): Promise<void> {
  const notice = keychainMissingNotice(health, shown);
  if (notice === null) return;
  shown = true;
  const choice = await vscode.window.showWarningMessage(notice.message, ...notice.buttons);
  if (choice === GET_PLATFORM_BUILD) await vscode.env.openExternal(vscode.Uri.parse(PLATFORM_BUILDS_URL));
  if (choice !== USE_FILE_BACKEND) return;
  const confirm = "Use the File Backend";
  if ((await vscode.window.showWarningMessage(FILE_BACKEND_CONFIRMATION, { modal: true }, confirm)) !== confirm) return;
  await vscode.workspace.getConfiguration("keystroke").update("secretBackend", "file", vscode.ConfigurationTarget.Global);
  void vscode.window.showInformationMessage("Keystroke: the local store now keeps values in a file; the dev server is restarting with it.");
}
