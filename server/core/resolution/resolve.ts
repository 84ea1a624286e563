// The platform's documented resolution order for one credential requirement against one store
// snapshot (keystroke-platform.md §2): a pinned scope only; else project default, then
// organization default; user credentials only when pinned. Used by the analyzer, the language
// server's hovers and the dev server's GET /resolve, so there is exactly one reading of it.
import type { Scope, Snapshot, SnapshotEntry } from "../schema";

export interface ResolutionContext {
  /** The current project slug (keystroke.config.ts or a flag). */
  project?: string;
}

export type ResolutionFailureCode = "KS001" | "KS002" | "KS003" | "KS005";

export type ResolutionOutcome =
  | { ok: true; entry: SnapshotEntry; scope: Scope; reason: string }
  | {
      ok: false;
      code: ResolutionFailureCode;
      reason: string;
      /** Scopes at which a visible entry with this key exists. */
      existsAt: Scope[];
      /** KS005: the entries that tie at the deciding scope. */
      tied: SnapshotEntry[];
    };

const SCOPE_ORDER: readonly Scope[] = ["project", "organization", "user"];

/** Entries the current project can see: other projects' project-scope entries count for nothing. */
export function visibleEntries(snapshot: Snapshot, ctx: ResolutionContext): SnapshotEntry[] {
  const current = ctx.project ?? snapshot.project;
  return snapshot.credentials.filter((e) => {
    if (e.scope !== "project") return true;
    const owner = e.project ?? snapshot.project ?? current;
    return owner === current;
  });
}

type Choice = { entry: SnapshotEntry } | { tied: SnapshotEntry[] } | null;

function choose(candidates: SnapshotEntry[]): Choice {
  if (candidates.length === 0) return null;
  if (candidates.length === 1) return { entry: candidates[0]! };
  const defaults = candidates.filter((c) => c.default === true);
  if (defaults.length === 1) return { entry: defaults[0]! };
  return { tied: candidates };
}

function describe(entry: SnapshotEntry): string {
  return entry.name ? `"${entry.name}"` : `the ${entry.scope} credential`;
}

export function resolveRequirement(
  key: string,
  pin: Scope | null,
  snapshot: Snapshot,
  ctx: ResolutionContext,
): ResolutionOutcome {
  const entries = visibleEntries(snapshot, ctx).filter((e) => e.key === key);
  const at = (scope: Scope) => entries.filter((e) => e.scope === scope);
  const existsAt = SCOPE_ORDER.filter((s) => at(s).length > 0);
  const order: Scope[] = pin ? [pin] : ["project", "organization"];

  for (const scope of order) {
    const choice = choose(at(scope));
    if (choice === null) continue;
    if ("tied" in choice) {
      return {
        ok: false,
        code: "KS005",
        reason: `${choice.tied.length} ${scope} credentials for "${key}" and none is the default`,
        existsAt,
        tied: choice.tied,
      };
    }
    const how = pin ? `pinned to ${scope}` : scope === "project" ? "project default" : "organization default (no project credential)";
    return { ok: true, entry: choice.entry, scope, reason: `${how}: ${describe(choice.entry)}` };
  }

  if (pin && existsAt.length > 0) {
    return { ok: false, code: "KS003", reason: `pinned to ${pin}, but "${key}" exists only at ${existsAt.join(", ")} scope`, existsAt, tied: [] };
  }
  if (!pin && existsAt.includes("user")) {
    return {
      ok: false,
      code: "KS002",
      reason: `no project or organization credential "${key}"; a user credential exists, but only a .scope("user") pin reaches it`,
      existsAt,
      tied: [],
    };
  }
  const tried = pin ? `${pin} scope` : "project and organization scopes";
  return { ok: false, code: "KS001", reason: `no credential "${key}" at ${tried}`, existsAt, tied: [] };
}

/** Required fields the chosen entry does not store. Unknown field lists (absent) check nothing. */
export function missingFields(entry: SnapshotEntry, required: readonly string[]): string[] {
  if (entry.fields === undefined) return [];
  const stored = new Set(entry.fields);
  return required.filter((f) => !stored.has(f));
}
