// The Requirements view: every credential key the code requires, grouped by its worst state, with
// each target's state as description and the resolution in words as tooltip; its children are the
// requiring actions, which open their source. Inline actions come from the item's contextValue
// (flows/requirements-tree.ts). The badge counts what the status item counts.
import * as vscode from "vscode";
import type { StatusParams } from "../../server/core/schema";
import { contextValue, describeTargets, iconOf, requirementGroups, tooltipLines, type Group, type KeyItem } from "../flows/requirements-tree";
import { statusBarView } from "../flows/status-bar";
import type { UiRequirement } from "../../webview/model";
import { plural } from "../../server/core/plural";
import { openLocation } from "./open-location";

export type RequirementNode =
  | { type: "group"; group: Group }
  | { type: "key"; item: KeyItem }
  | { type: "action"; item: KeyItem; action: KeyItem["actions"][number] };

export class RequirementsTree implements vscode.TreeDataProvider<RequirementNode>, vscode.Disposable {
  private groups: Group[] = [];
  private readonly changes = new vscode.EventEmitter<RequirementNode | undefined>();
  readonly onDidChangeTreeData = this.changes.event;

  /** Replaces what the view shows. */
  set(requirements: readonly UiRequirement[]): void {
    this.groups = requirementGroups(requirements);
    this.changes.fire(undefined);
  }

  /** The key items in file order of their first requirement (Resolve All Missing walks them). */
  missingItems(): KeyItem[] {
    return this.groups.find((g) => g.id === "missing")?.items ?? [];
  }

  getChildren(node?: RequirementNode): RequirementNode[] {
    if (node === undefined) return this.groups.map((group) => ({ type: "group", group }));
    if (node.type === "group") return node.group.items.map((item) => ({ type: "key", item }));
    if (node.type === "key") return node.item.actions.map((action) => ({ type: "action", item: node.item, action }));
    return [];
  }

  getTreeItem(node: RequirementNode): vscode.TreeItem {
    if (node.type === "group") {
      const item = new vscode.TreeItem(node.group.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `group:${node.group.id}`;
      item.description = String(node.group.items.length);
      item.contextValue = `group ${node.group.id}`;
      return item;
    }
    if (node.type === "key") {
      const { item: key } = node;
      const item = new vscode.TreeItem(key.key, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `key:${key.key}`;
      item.description = describeTargets(key);
      const icon = iconOf(key.group);
      item.iconPath = new vscode.ThemeIcon(icon.id, new vscode.ThemeColor(icon.color));
      item.tooltip = new vscode.MarkdownString(tooltipLines(key).map((l) => `- ${l.replace(/[\\`*_[\]]/g, "\\$&")}`).join("\n"));
      item.contextValue = contextValue(key);
      item.accessibilityInformation = { label: `${key.key}: ${tooltipLines(key).join("; ")}` };
      return item;
    }
    const { action } = node;
    const item = new vscode.TreeItem(action.name, vscode.TreeItemCollapsibleState.None);
    item.id = `action:${node.item.key}:${action.root}:${action.file}:${action.range.start.line}:${action.range.start.character}`;
    item.description = `${action.file}:${action.range.start.line + 1}`;
    item.iconPath = new vscode.ThemeIcon("symbol-function");
    item.contextValue = "requiringAction";
    item.command = openLocation({ root: action.root, file: action.file, range: action.range }, `Open ${action.name}`);
    return item;
  }

  getParent(node: RequirementNode): RequirementNode | undefined {
    if (node.type === "group") return undefined;
    const group = this.groups.find((g) => g.items.includes(node.item));
    if (node.type === "key") return group ? { type: "group", group } : undefined;
    return { type: "key", item: node.item };
  }

  dispose(): void {
    this.changes.dispose();
  }
}

/** The view's badge: the status item's count, so the two always agree. */
export function requirementsBadge(status: StatusParams | null): vscode.ViewBadge | undefined {
  const missing = statusBarView(status).missing;
  return missing ? { value: missing, tooltip: `${plural(missing, "credential requirement")} missing` } : undefined;
}
