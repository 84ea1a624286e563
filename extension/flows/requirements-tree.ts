// The Requirements view's model, pure so grouping, states and the actions offered per state are
// unit-tested without VS Code: one item per credential key, in the group of its worst state
// (missing, not checked, resolves), with each target's state and the actions that would help.
import type { CredentialKind, FieldSpec, Location, Scope, Target, TargetResolution } from "../../server/core/schema";
import { TARGETS } from "../../server/core/schema";
import { resolutionLabel, type UiRequirement } from "../../webview/model";

export type GroupId = "missing" | "unchecked" | "resolves";

export const GROUP_LABELS: Record<GroupId, string> = { missing: "Missing", unchecked: "Not checked", resolves: "Resolves" };

export interface KeyItem {
  key: string;
  kind: CredentialKind;
  catalog: boolean;
  group: GroupId;
  /** The worst resolution per target over the key's requirements. */
  targets: Record<Target, TargetResolution>;
  /** The scope to set or push it at: the pin the requirements share, else project (tried first). */
  scope: Scope;
  pins: (Scope | null)[];
  fields: FieldSpec[];
  definition: Location | null;
  /** Root of the first project that requires it (where the definition's file is). */
  root: string;
  actions: { name: string; root: string; file: string; range: UiRequirement["range"] }[];
}

export interface Group {
  id: GroupId;
  label: string;
  items: KeyItem[];
}

function broken(r: TargetResolution): boolean {
  return r.status === "missing" || (r.status === "resolved" && r.missingFields.length > 0);
}

/** Worse first: missing (or missing fields), not checked, resolves, skipped. */
function weight(r: TargetResolution): number {
  if (broken(r)) return 3;
  if (r.status === "unchecked") return 2;
  return r.status === "resolved" ? 1 : 0;
}

function groupOf(targets: Record<Target, TargetResolution>): GroupId {
  if (TARGETS.some((t) => broken(targets[t]))) return "missing";
  if (TARGETS.some((t) => targets[t].status === "unchecked")) return "unchecked";
  return "resolves";
}

/** Every required key once, in its group; groups in the order missing, not checked, resolves; empty groups left out. */
export function requirementGroups(requirements: readonly UiRequirement[]): Group[] {
  const byKey = new Map<string, KeyItem>();
  for (const r of requirements) {
    let item = byKey.get(r.key);
    if (!item) {
      item = { key: r.key, kind: r.kind, catalog: r.catalog, group: "resolves", targets: { ...r.targets }, scope: r.pin ?? "project", pins: [], fields: [], definition: r.definition, root: r.root, actions: [] };
      byKey.set(r.key, item);
    }
    item.pins.push(r.pin);
    for (const f of r.fields) if (!item.fields.some((g) => g.name === f.name)) item.fields.push(f);
    item.definition ??= r.definition;
    item.actions.push({ name: r.action.name, root: r.root, file: r.file, range: r.range });
    for (const t of TARGETS) if (weight(r.targets[t]) > weight(item.targets[t])) item.targets[t] = r.targets[t];
  }
  const items = [...byKey.values()];
  for (const item of items) {
    item.group = groupOf(item.targets);
    const pinned = [...new Set(item.pins.filter((p): p is Scope => p !== null))];
    item.scope = pinned.length === 1 ? pinned[0]! : "project";
  }
  return (["missing", "unchecked", "resolves"] as const)
    .map((id) => ({ id, label: GROUP_LABELS[id], items: items.filter((i) => i.group === id).sort((a, b) => a.key.localeCompare(b.key)) }))
    .filter((g) => g.items.length > 0);
}

/** A target's state in a few words, for the item's description. */
export function shortState(r: TargetResolution): string {
  switch (r.status) {
    case "resolved":
      return r.missingFields.length > 0 ? "✗ fields" : "✓";
    case "missing":
      return r.code === "KS005" ? "✗ no default" : "✗";
    case "unchecked":
      return "not checked";
    case "skipped":
      return "skipped";
  }
}

export function describeTargets(item: Pick<KeyItem, "targets">): string {
  return TARGETS.map((t) => `${t} ${shortState(item.targets[t])}`).join(" · ");
}

/** The tooltip: each target's resolution in words (the hover's wording), then who requires it. */
export function tooltipLines(item: KeyItem): string[] {
  const users = [...new Set(item.actions.map((a) => a.name))];
  return [...TARGETS.map((t) => `${t}: ${resolutionLabel(item.targets[t])}`), `Required by ${users.join(", ")}`];
}

/** Codicon of the item: error while missing, warning while not checked, check when it resolves. */
export function iconOf(group: GroupId): { id: string; color: string } {
  if (group === "missing") return { id: "error", color: "list.errorForeground" };
  if (group === "unchecked") return { id: "question", color: "list.warningForeground" };
  return { id: "pass", color: "testing.iconPassed" };
}

/**
 * The actions that help this key, as `viewItem` flags for the manifest's `when` clauses: typed
 * credentials are set locally while local does not resolve and pushed while only the cloud is
 * missing; connected apps (OAuth, catalog) are connected instead; a definition can be opened.
 */
export function actionsOf(item: KeyItem): string[] {
  const typed = item.kind === "api_key" && !item.catalog;
  const flags = [];
  if (typed && (item.targets.local.status !== "resolved" || item.targets.local.missingFields.length > 0)) flags.push("setLocal");
  if (typed && item.targets.local.status === "resolved" && broken(item.targets.cloud)) flags.push("push");
  if (!typed && broken(item.targets.cloud)) flags.push("connect");
  if (item.definition !== null) flags.push("definition");
  return flags;
}

export function contextValue(item: KeyItem): string {
  return ["requirement", ...actionsOf(item)].join(" ");
}
