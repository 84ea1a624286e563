// Pure view-model helpers for the credential manager: grouping, comparisons, labels and the CLI
// command text. No DOM and no I/O, so the UI's decisions are unit-tested in Node and the extension's
// command flows can reuse them.
import type {
  CloudSnapshotParams,
  FieldSpec,
  RequirementStatus,
  Scope,
  SnapshotEntry,
  StoreEntry,
  TargetResolution,
} from "../server/core/schema";
import { commandLine, credentialTarget, credentialsSetArgs, envReferences, envVarName } from "../server/core/cli-syntax";
import { camelWords, suggestFromVariable } from "../server/core/findings/credential-suggestion";
import { plural } from "../server/core/plural";

export type UiRequirement = RequirementStatus & { root: string };

export const SCOPE_LABELS: Record<Scope, string> = { organization: "Organization", project: "Project", user: "User" };

export interface MissingGroup {
  key: string;
  kind: RequirementStatus["kind"];
  fields: FieldSpec[];
  /** The scope to suggest when setting it: the pin, else project (the first the platform tries). */
  scope: Scope;
  actions: { name: string; root: string; file: string; range: UiRequirement["range"] }[];
  local: TargetResolution;
  cloud: TargetResolution;
  catalog: boolean;
}

function needsWork(r: TargetResolution): boolean {
  return r.status === "missing" || (r.status === "resolved" && r.missingFields.length > 0);
}

/** Severity order for picking the one resolution that stands for several actions of one key. */
function weight(r: TargetResolution): number {
  switch (r.status) {
    case "missing":
      return 3;
    case "resolved":
      return r.missingFields.length > 0 ? 2 : 0;
    case "unchecked":
      return 1;
    case "skipped":
      return 0;
  }
}

/** Requirements that do not resolve in some target, one group per credential key. */
export function missingGroups(requirements: UiRequirement[]): MissingGroup[] {
  const byKey = new Map<string, MissingGroup>();
  for (const r of requirements) {
    if (!needsWork(r.targets.local) && !needsWork(r.targets.cloud)) continue;
    let group = byKey.get(r.key);
    if (!group) {
      group = { key: r.key, kind: r.kind, fields: [], scope: r.pin ?? "project", actions: [], local: r.targets.local, cloud: r.targets.cloud, catalog: r.catalog };
      byKey.set(r.key, group);
    }
    for (const f of r.fields) if (!group.fields.some((g) => g.name === f.name)) group.fields.push(f);
    group.actions.push({ name: r.action.name, root: r.root, file: r.file, range: r.range });
    if (weight(r.targets.local) > weight(group.local)) group.local = r.targets.local;
    if (weight(r.targets.cloud) > weight(group.cloud)) group.cloud = r.targets.cloud;
  }
  return [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/**
 * Text for one target's resolution. `short` (status chips) leaves the reason of "not checked" and
 * "skipped" out: it is the same for every requirement, so the section shows it once instead.
 */
export function resolutionLabel(r: TargetResolution, short = false): string {
  if (short && (r.status === "unchecked" || r.status === "skipped")) return r.status === "unchecked" ? "not checked" : "skipped";
  switch (r.status) {
    case "resolved":
      return r.missingFields.length > 0 ? `missing field ${r.missingFields.join(", ")}` : `resolved (${r.scope})`;
    case "missing":
      // Say what is wrong: several candidates and only a user credential are not "missing".
      if (r.code === "KS005") return "several entries, none default";
      if (r.code === "KS002") return "only a user credential (pin .scope(\"user\") to use it)";
      if (r.code === "KS003") return `not at the pinned scope${r.existsAt.length > 0 ? ` (exists at ${r.existsAt.join(", ")})` : ""}`;
      return r.existsAt.length > 0 ? `missing (exists at ${r.existsAt.join(", ")})` : "missing";
    case "unchecked":
      return `not checked: ${r.reason}`;
    case "skipped":
      return `skipped: ${r.reason}`;
  }
}

/** "Cloud not checked: why", once per distinct target and reason. */
export function uncheckedReasons(requirements: UiRequirement[]): string[] {
  const reasons = new Set<string>();
  for (const r of requirements)
    for (const [label, t] of [["Local", r.targets.local], ["Cloud", r.targets.cloud]] as const) if (t.status === "unchecked") reasons.add(`${label} not checked: ${t.reason}`);
  return [...reasons];
}

export interface ScopeGroup {
  id: string;
  label: string;
  entries: StoreEntry[];
}

const SCOPE_ORDER: Scope[] = ["organization", "project", "user"];

/** Local entries grouped by scope (one group per project for project scope), sorted by key then name. */
export function groupByScope(entries: StoreEntry[]): ScopeGroup[] {
  const groups = new Map<string, ScopeGroup>();
  const sorted = [...entries].sort(
    (a, b) => SCOPE_ORDER.indexOf(a.scope) - SCOPE_ORDER.indexOf(b.scope) || (a.project ?? "").localeCompare(b.project ?? "") || a.key.localeCompare(b.key) || a.name.localeCompare(b.name),
  );
  for (const e of sorted) {
    const id = e.scope === "project" ? `project:${e.project ?? ""}` : e.scope;
    const label = e.scope === "project" ? `Project${e.project ? ` ${e.project}` : " (current)"}` : SCOPE_LABELS[e.scope];
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { id, label, entries: [] }));
    group.entries.push(e);
  }
  return [...groups.values()];
}

/** Actions whose local resolution picks this entry. */
export function usages(entry: StoreEntry, requirements: UiRequirement[]): UiRequirement[] {
  return requirements.filter((r) => {
    const local = r.targets.local;
    if (local.status !== "resolved" || r.key !== entry.key) return false;
    return local.entryId !== undefined ? local.entryId === entry.id : local.scope === entry.scope;
  });
}

export interface ComparisonRow {
  key: string;
  local: { id: string; scope: Scope; project?: string; label: string }[];
  /** Where the cloud holds the key, in words ("organization", "project support-bot"); null when the cloud was not checked. */
  cloud: string[] | null;
  /** Local entries whose scope the cloud lacks: what "Push selected" would send. */
  pushable: string[];
}

function sameTarget(local: StoreEntry, cloud: SnapshotEntry): boolean {
  if (local.key !== cloud.key || local.scope !== cloud.scope) return false;
  return local.scope !== "project" || local.project === undefined || cloud.project === undefined || local.project === cloud.project;
}

/** One row per key known locally or in the cloud. */
export function compareLocalCloud(entries: StoreEntry[], cloud: CloudSnapshotParams | null): ComparisonRow[] {
  const remote = cloud?.snapshot ?? null;
  const keys = new Set<string>([...entries.map((e) => e.key), ...(remote?.credentials.map((c) => c.key) ?? [])]);
  return [...keys].sort().map((key) => {
    const local = entries.filter((e) => e.key === key);
    const inCloud = remote ? remote.credentials.filter((c) => c.key === key) : null;
    return {
      key,
      local: local.map((e) => ({ id: e.id, scope: e.scope, ...(e.project ? { project: e.project } : {}), label: entryLabel(e) })),
      cloud: inCloud
        ? SCOPE_ORDER.flatMap((s) => [...new Set(inCloud.filter((c) => c.scope === s).map((c) => (s === "project" ? `project ${c.project ?? remote?.project ?? "(the listing's)"}` : s)))])
        : null,
      pushable: inCloud ? local.filter((e) => !inCloud.some((c) => sameTarget(e, c))).map((e) => e.id) : [],
    };
  });
}

export function entryLabel(e: Pick<StoreEntry, "key" | "scope" | "project" | "name">): string {
  const where = e.scope === "project" && e.project ? `project ${e.project}` : e.scope;
  return e.name && e.name !== e.key ? `${e.key} "${e.name}" (${where})` : `${e.key} (${where})`;
}

/**
 * The `keystroke credentials set` command that recreates this entry in the cloud, reading every
 * value from the environment (`@env:`), so the copied text never carries a secret. The argv comes
 * from the same builder as a push from VS Code and the findings' suggested commands.
 */
export function cliSetCommand(entry: Pick<StoreEntry, "key" | "scope" | "project" | "fields">, target?: { scope: Scope; project?: string }): string {
  const scope = target?.scope ?? entry.scope;
  // Project entries always carry their project; the placeholder only guards a malformed entry.
  const project = target ? target.project : entry.project;
  return commandLine(credentialsSetArgs(entry.key, envReferences(entry.key, entry.fields), [credentialTarget(scope, project)]));
}

/** Variable names in a .env text, in order; values are not read here (the dev server parses them). */
export { dotenvNames } from "../server/core/dotenv-names";

/**
 * A first guess at which credential field an env variable holds: a known key whose upper-snake
 * form prefixes the name wins (`ACME_CRM_TOKEN` with key `acme-crm` → field `token`); otherwise the
 * first word is the key (`EXA_API_KEY` → `exa`.`apiKey`).
 */
export function guessDotenvMapping(envName: string, knownKeys: string[]): { key: string; field: string } {
  const upper = envName.toUpperCase();
  // envVarName(key, "") is the key's upper-snake prefix, e.g. "ACME_CRM_".
  const known = [...knownKeys]
    .sort((a, b) => b.length - a.length)
    .find((k) => upper.startsWith(envVarName(k, "")) && upper.length > envVarName(k, "").length);
  if (known) return { key: known, field: camelWords(upper.slice(envVarName(known, "").length).split("_").filter(Boolean)) };
  return suggestFromVariable(envName);
}

export interface DotenvRow {
  env: string;
  key: string;
  field: string;
  scope: Scope;
  /** Pre-checked only when the variable names a required key and one of its definition's fields. */
  checked: boolean;
  /** Why it cannot be imported (a connected app), when it cannot. */
  skip: string | null;
}

/**
 * How each variable of a .env text maps onto the code's credentials: key and field from the
 * definitions (`EXA_API_KEY` → `exa.apiKey`), the scope the key's requirements need (the pin;
 * unpinned, an existing entry's scope, else project when the config names one, else
 * organization), connected apps skipped with why, and nothing unrelated checked.
 */
export function dotenvPlan(names: readonly string[], requirements: readonly RequirementStatus[], entries: readonly StoreEntry[], currentProject: string | undefined): DotenvRow[] {
  const required = [...new Set(requirements.map((r) => r.key))];
  const known = [...new Set([...required, ...entries.map((e) => e.key)])];
  const fallback: Scope = currentProject !== undefined ? "project" : "organization";
  return names.map((env) => {
    const guess = guessDotenvMapping(env, known);
    const reqs = requirements.filter((r) => r.key === guess.key);
    const specs = reqs.flatMap((r) => r.fields);
    const field = specs.find((f) => f.name.toLowerCase() === guess.field.toLowerCase())?.name ?? guess.field;
    const pins = [...new Set(reqs.map((r) => r.pin))];
    const pinned = pins.length === 1 && pins[0] !== null ? pins[0] : null;
    const scope = pinned ?? entries.find((e) => e.key === guess.key)?.scope ?? fallback;
    const connected = reqs.some((r) => r.kind !== "api_key" || r.catalog);
    const skip = connected ? `${guess.key} is a connected app (OAuth or catalog): use Connect App, not a .env value` : null;
    return { env, key: guess.key, field, scope, checked: !connected && specs.some((f) => f.name === field), skip };
  });
}

/** "6 values into 5 credentials": what an import stored, counted exactly. */
export function importSummary(values: number, credentials: number): string {
  return `${plural(values, "value")} into ${plural(credentials, "credential")}`;
}

/** "3 minutes ago"-style text; exact ISO time goes in the title attribute. */
const RELATIVE = new Intl.RelativeTimeFormat("en", { numeric: "always" });
/** Each unit from where it reads better than the one below it, in seconds. */
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 31_536_000],
  ["month", 2_592_000],
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
];

/** Never blank: "just now" under 45 s, then the nearest whole unit. */
export function relativeTime(iso: string, now: number): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return iso;
  const s = Math.max(0, (now - then) / 1000);
  if (s < 45) return "just now";
  const [unit, size] = UNITS.find(([, size]) => s >= size * 0.75) ?? ["minute", 60];
  return RELATIVE.format(-Math.max(1, Math.round(s / size)), unit);
}

