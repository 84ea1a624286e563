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

  /** The language server's last report: a later placeholder update must not hide it. */
  private last: StatusParams | null = null;

  /**
   * `null` asks for the "starting" placeholder. The language server can report before the
   * project check that asks for the placeholder finishes (e.g. when the Credentials view starts
   * it first after a reload), so a known status always wins over the placeholder.
   */
  update(status: StatusParams | null, note?: string): void {
    if (status) this.last = status;
    const view = statusBarView(this.last, note);
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
