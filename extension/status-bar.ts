// The status bar item: `$(key) N missing` from keystroke/status, warning background while a target
// is not checked, reasons in the tooltip; a click opens the Requirements view, whose badge shows
// the same count.
import * as vscode from "vscode";
import type { StatusParams } from "../server/core/schema";
import { statusBarView } from "./flows/status-bar";
import { COMMANDS } from "./command-ids";
import { TREE_IDS } from "./ids";

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("keystroke.status", vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = "Keystroke Credentials";
    this.item.command = { command: `${TREE_IDS.requirements}.focus`, title: "Open the Requirements view" };
  }

  /** The language server's last report: a later placeholder update must not hide it. */
  private last: StatusParams | null = null;

  /**
   * `null` asks for the "starting" placeholder. The language server can report before the
   * project check that asks for the placeholder finishes (e.g. when a view starts
   * it first after a reload), so a known status always wins over the placeholder.
   */
  update(status: StatusParams | null, note?: string): void {
    if (status) this.last = status;
    const view = statusBarView(this.last, note);
    this.item.text = view.text;
    // Plain lines, then the guided fix as a link when something is missing.
    const tooltip = new vscode.MarkdownString(view.tooltip.split("\n").map((l) => l.replace(/[\\`*_[\]<>]/g, "\\$&")).join("  \n"));
    if (view.missing) {
      tooltip.appendMarkdown(`\n\n[$(checklist) Resolve All Missing…](command:${COMMANDS.resolveAllMissing})`);
      tooltip.isTrusted = { enabledCommands: [COMMANDS.resolveAllMissing] };
      tooltip.supportThemeIcons = true;
    }
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: view.accessibilityLabel, role: "button" };
    this.item.backgroundColor = view.warning ? new vscode.ThemeColor("statusBarItem.warningBackground") : undefined;
    // Shown from the first update on: only Keystroke projects (or a started language server) get one.
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
