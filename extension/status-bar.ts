// The status bar item: `$(key) N missing` from keystroke/status, warning background while a target
// is not checked, reasons in the tooltip; a click opens the Credentials view.
import * as vscode from "vscode";
import type { StatusParams } from "../server/core/schema";
import { statusBarView } from "./flows/status-bar";
import { VIEW_ID } from "./ids";

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("keystroke.status", vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = "Keystroke Credentials";
    this.item.command = { command: `${VIEW_ID}.focus`, title: "Open the Credentials view" };
  }

  update(status: StatusParams | null, note?: string): void {
    const view = statusBarView(status, note);
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.accessibilityInformation = { label: view.accessibilityLabel, role: "button" };
    this.item.backgroundColor = view.warning ? new vscode.ThemeColor("statusBarItem.warningBackground") : undefined;
    // Shown from the first update on: only Keystroke projects (or a started language server) get one.
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
