// The Cloud view: the cloud listing's names and fields by scope (the CLI never lists values), what
// only the cloud has marked, and the local entries the cloud lacks; the listing time is the view's
// description. An unchecked cloud shows why (viewsWelcome when nothing can be listed).
import * as vscode from "vscode";
import type { CloudSnapshotParams, StoreEntry } from "../../server/core/schema";
import { cloudGroups, type CloudItem } from "../flows/store-tree";
import { entryLabel, relativeTime } from "../../webview/model";

export type CloudNode =
  | { type: "scope"; label: string; items: CloudItem[] }
  | { type: "cloudEntry"; item: CloudItem }
  | { type: "localOnly"; entries: StoreEntry[] }
  | { type: "localEntry"; entry: StoreEntry }
  | { type: "unchecked"; reason: string };

export class CloudTree implements vscode.TreeDataProvider<CloudNode>, vscode.Disposable {
  private cloud: CloudSnapshotParams | null = null;
  private entries: StoreEntry[] = [];
  private readonly changes = new vscode.EventEmitter<CloudNode | undefined>();
  readonly onDidChangeTreeData = this.changes.event;

  set(cloud: CloudSnapshotParams | null, entries: readonly StoreEntry[]): void {
    this.cloud = cloud;
    this.entries = [...entries];
    this.changes.fire(undefined);
  }

  /** "listed 2 minutes ago", for the view's description; undefined while not listed. */
  description(now = Date.now()): string | undefined {
    const at = this.cloud?.snapshot?.fetchedAt;
    return at ? `listed ${relativeTime(at, now)}` : undefined;
  }

  getChildren(node?: CloudNode): CloudNode[] {
    if (node === undefined) {
      const view = cloudGroups(this.cloud, this.entries);
      if ("unchecked" in view) return this.cloud === null ? [] : [{ type: "unchecked", reason: view.unchecked }];
      return [...view.groups.map((g) => ({ type: "scope" as const, ...g })), ...(view.localOnly.length > 0 ? [{ type: "localOnly" as const, entries: view.localOnly }] : [])];
    }
    if (node.type === "scope") return node.items.map((item) => ({ type: "cloudEntry", item }));
    if (node.type === "localOnly") return node.entries.map((entry) => ({ type: "localEntry", entry }));
    return [];
  }

  getTreeItem(node: CloudNode): vscode.TreeItem {
    switch (node.type) {
      case "scope": {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `cloud-scope:${node.label}`;
        item.description = String(node.items.length);
        return item;
      }
      case "cloudEntry": {
        const { entry } = node.item;
        const item = new vscode.TreeItem(node.item.label, vscode.TreeItemCollapsibleState.None);
        item.id = `cloud:${entry.scope}:${entry.project ?? ""}:${entry.key}:${entry.name ?? ""}`;
        item.description = node.item.description;
        item.iconPath = new vscode.ThemeIcon(node.item.onlyInCloud ? "cloud" : "cloud-download", node.item.onlyInCloud ? new vscode.ThemeColor("list.warningForeground") : undefined);
        item.contextValue = "cloudEntry";
        return item;
      }
      case "localOnly": {
        const item = new vscode.TreeItem("Only in the local store", vscode.TreeItemCollapsibleState.Expanded);
        item.id = "cloud-local-only";
        item.description = String(node.entries.length);
        item.tooltip = "Local entries the cloud listing does not have at their scope: push them to deploy with them.";
        return item;
      }
      case "localEntry": {
        const item = new vscode.TreeItem(entryLabel(node.entry), vscode.TreeItemCollapsibleState.None);
        item.id = `cloud-local:${node.entry.id}`;
        item.iconPath = new vscode.ThemeIcon("cloud-upload", new vscode.ThemeColor("list.warningForeground"));
        item.contextValue = "localOnlyEntry";
        return item;
      }
      case "unchecked": {
        const item = new vscode.TreeItem("Not checked", vscode.TreeItemCollapsibleState.None);
        item.id = "cloud-unchecked";
        item.description = node.reason;
        item.tooltip = node.reason;
        item.iconPath = new vscode.ThemeIcon("question", new vscode.ThemeColor("list.warningForeground"));
        return item;
      }
    }
  }

  dispose(): void {
    this.changes.dispose();
  }
}
