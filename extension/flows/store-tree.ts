// The Local store and Cloud views' models, pure: local entries by scope (and project) with their
// fields (never values: the tree only ever shows a mask), default mark, "used by N" and age; the
// cloud's names and fields by scope, each marked where it differs from local.
import type { ActionCaller, CloudSnapshotParams, Scope, SnapshotEntry, StoreEntry } from "../../server/core/schema";
import { groupByScope, relativeTime, SCOPE_LABELS, usages, type UiRequirement } from "../../webview/model";
import { plural } from "../../server/core/plural";

export const MASK = "••••••••";

export interface EntryItem {
  entry: StoreEntry;
  label: string;
  description: string;
  usedBy: UiRequirement[];
}

export function entryItems(entries: readonly StoreEntry[], requirements: readonly UiRequirement[], now: number): { id: string; label: string; items: EntryItem[] }[] {
  return groupByScope([...entries]).map((g) => ({
    id: g.id,
    label: g.label,
    items: g.entries.map((entry) => {
      const usedBy = usages(entry, [...requirements]);
      const parts = [entry.name !== entry.key ? entry.key : null, entry.default ? "default" : null, usedBy.length > 0 ? `used by ${plural(usedBy.length, "action")}` : "unused", `updated ${relativeTime(entry.updatedAt, now)}`];
      if (entry.secretMissing) parts.unshift("values missing");
      if (entry.recovered) parts.unshift("recovered: review");
      return { entry, label: entry.name, description: parts.filter((p): p is string => p !== null).join(" · "), usedBy };
    }),
  }));
}

/** How a caller runs the action: "agent, as a tool", "workflow, runs it". */
export function callerLabel(caller: ActionCaller): string {
  return `${caller.role}, ${caller.how === "tool" ? "as a tool" : "runs it"}`;
}

/** An action's tooltip under "Used by": what else stops working without the key. */
export function callersTooltip(requirement: UiRequirement): string {
  const { action } = requirement;
  const where = `${action.name} (${action.file}:${action.range.start.line + 1})`;
  if (action.callers.length === 0) return `${where}. No agent, workflow or trigger in the project was traced to it (a call through a name that cannot be followed statically is not listed).`;
  return `${where}, run by ${action.callers.map((c) => `${c.name} (${c.role})`).join(", ")}: without ${requirement.key} these fail too.`;
}

export interface CloudItem {
  entry: SnapshotEntry;
  label: string;
  description: string;
  /** The local store has no entry for this key at this scope (and project). */
  onlyInCloud: boolean;
}

function matches(local: StoreEntry, cloud: SnapshotEntry, cloudProject: string | undefined): boolean {
  return local.key === cloud.key && local.scope === cloud.scope && (cloud.scope !== "project" || (cloud.project ?? cloudProject) === local.project);
}

const ORDER: Scope[] = ["organization", "project", "user"];

/** The cloud listing by scope, or why it is not checked. Local entries the cloud lacks are listed too, marked. */
export function cloudGroups(cloud: CloudSnapshotParams | null, entries: readonly StoreEntry[]): { groups: { scope: Scope; label: string; items: CloudItem[] }[]; localOnly: StoreEntry[] } | { unchecked: string } {
  if (cloud === null) return { unchecked: "the cloud has not been listed yet" };
  if (cloud.snapshot === null) return { unchecked: "reason" in cloud ? cloud.reason : "the cloud could not be listed" };
  const snapshot = cloud.snapshot;
  const groups = ORDER.map((scope) => ({
    scope,
    label: SCOPE_LABELS[scope],
    items: snapshot.credentials
      .filter((c) => c.scope === scope)
      .sort((a, b) => a.key.localeCompare(b.key))
      .map((c) => {
        const onlyInCloud = !entries.some((e) => matches(e, c, snapshot.project));
        const parts = [c.name && c.name !== c.key ? c.name : null, c.default ? "default" : null, c.fields?.length ? c.fields.join(", ") : "fields not listed", onlyInCloud ? "not in the local store" : null];
        return { entry: c, label: c.key, description: parts.filter((p): p is string => p !== null).join(" · "), onlyInCloud };
      }),
  })).filter((g) => g.items.length > 0);
  const localOnly = entries.filter((e) => !snapshot.credentials.some((c) => matches(e, c, snapshot.project)));
  return { groups, localOnly };
}
