// The Local store view: entries by scope (and project), each with its fields (masked, or shown for
// 30 s after Reveal) and the actions that use it ("what breaks if I revoke this?"), which open
// their source. Values reach this view only through Reveal and leave it when the 30 s are over.
import * as vscode from "vscode";
import type { ActionCaller, StoreEntry } from "../../server/core/schema";
import { callerLabel, callersTooltip, entryItems, MASK, type EntryItem } from "../flows/store-tree";
import type { UiRequirement } from "../../webview/model";
import { openLocation } from "./open-location";

export const REVEAL_MS = 30_000;

export type StoreNode =
  | { type: "scope"; id: string; label: string; items: EntryItem[] }
  | { type: "entry"; item: EntryItem }
  | { type: "field"; entry: StoreEntry; name: string }
  | { type: "usedBy"; item: EntryItem }
  | { type: "user"; requirement: UiRequirement }
  | { type: "caller"; requirement: UiRequirement; caller: ActionCaller };

/** Codicons by the caller's role (an agent, a workflow; triggers and other sources share one). */
const CALLER_ICONS: Record<string, string> = { agent: "hubot", workflow: "type-hierarchy" };

export class StoreTree implements vscode.TreeDataProvider<StoreNode>, vscode.Disposable {
  private entries: StoreEntry[] = [];
  private requirements: UiRequirement[] = [];
  private readonly revealed = new Map<string, { values: Record<string, string>; timer: NodeJS.Timeout }>();
  private readonly changes = new vscode.EventEmitter<StoreNode | undefined>();
  readonly onDidChangeTreeData = this.changes.event;

  set(entries: readonly StoreEntry[], requirements: readonly UiRequirement[]): void {
    this.entries = [...entries];
    this.requirements = [...requirements];
    this.changes.fire(undefined);
  }

  get size(): number {
    return this.entries.length;
  }

  /** Shows an entry's values for 30 s, then masks them again. */
  reveal(id: string, values: Record<string, string>): void {
    this.hide(id);
    const timer = setTimeout(() => this.hide(id), REVEAL_MS);
    this.revealed.set(id, { values, timer });
    this.changes.fire(undefined);
  }

  private hide(id: string): void {
    const shown = this.revealed.get(id);
    if (!shown) return;
    clearTimeout(shown.timer);
    this.revealed.delete(id);
    this.changes.fire(undefined);
  }

  getChildren(node?: StoreNode): StoreNode[] {
    if (node === undefined) return this.entries.length === 0 ? [] : entryItems(this.entries, this.requirements, Date.now()).map((g) => ({ type: "scope", ...g }));
    if (node.type === "scope") return node.items.map((item) => ({ type: "entry", item }));
    if (node.type === "entry") return [...node.item.entry.fields.map((name) => ({ type: "field" as const, entry: node.item.entry, name })), ...(node.item.usedBy.length > 0 ? [{ type: "usedBy" as const, item: node.item }] : [])];
    if (node.type === "usedBy") return node.item.usedBy.map((requirement) => ({ type: "user", requirement }));
    if (node.type === "user") return node.requirement.action.callers.map((caller) => ({ type: "caller", requirement: node.requirement, caller }));
    return [];
  }

  getTreeItem(node: StoreNode): vscode.TreeItem {
    switch (node.type) {
      case "scope": {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `scope:${node.id}`;
        item.description = String(node.items.length);
        return item;
      }
      case "entry": {
        const { entry } = node.item;
        const item = new vscode.TreeItem(node.item.label, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `entry:${entry.id}`;
        item.description = node.item.description;
        item.iconPath = new vscode.ThemeIcon(entry.secretMissing ? "warning" : entry.default ? "star-full" : "key");
        item.tooltip = `${entry.key} (${entry.scope}${entry.project ? ` ${entry.project}` : ""}): fields ${entry.fields.join(", ")}`;
        item.contextValue = ["entry", entry.default ? "default" : "notDefault", this.revealed.has(entry.id) ? "revealed" : "masked"].join(" ");
        return item;
      }
      case "field": {
        const value = this.revealed.get(node.entry.id)?.values[node.name];
        const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.None);
        item.id = `field:${node.entry.id}:${node.name}`;
        item.description = value ?? MASK;
        item.iconPath = new vscode.ThemeIcon(value === undefined ? "lock" : "eye");
        item.contextValue = "field";
        return item;
      }
      case "usedBy": {
        const item = new vscode.TreeItem("Used by", vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `usedBy:${node.item.entry.id}`;
        item.description = String(node.item.usedBy.length);
        item.iconPath = new vscode.ThemeIcon("references");
        return item;
      }
      case "user": {
        const r = node.requirement;
        const item = new vscode.TreeItem(r.action.name, r.action.callers.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = `user:${r.key}:${r.root}:${r.file}:${r.range.start.line}:${r.range.start.character}`;
        item.description = `${r.file}:${r.range.start.line + 1}`;
        item.tooltip = callersTooltip(r);
        item.iconPath = new vscode.ThemeIcon("symbol-function");
        item.command = openLocation({ root: r.root, file: r.file, range: r.range }, `Open ${r.action.name}`);
        return item;
      }
      case "caller": {
        const { caller, requirement: r } = node;
        const item = new vscode.TreeItem(caller.name, vscode.TreeItemCollapsibleState.None);
        item.id = `caller:${r.key}:${r.root}:${r.file}:${r.range.start.line}:${caller.file}:${caller.range.start.line}:${caller.range.start.character}`;
        item.description = `${callerLabel(caller)} · ${caller.file}:${caller.range.start.line + 1}`;
        item.iconPath = new vscode.ThemeIcon(CALLER_ICONS[caller.role] ?? "symbol-event");
        item.command = openLocation({ root: r.root, file: caller.file, range: caller.range }, `Open ${caller.name}`);
        return item;
      }
    }
  }

  dispose(): void {
    for (const id of [...this.revealed.keys()]) this.hide(id);
    this.changes.dispose();
  }
}
