// The ONE place that knows (or guesses) the `keystroke` CLI's command surface: argv spellings,
// output shapes, error texts and exit codes. The documented `credentials set` / `connect` syntax
// itself lives in core/cli-syntax.ts (pure, so the findings' suggested commands share it); this
// module adds targeting and the undocumented parts. Citations are to sections of
// shared/reference/keystroke-platform.md. Everything marked GUESS is undocumented publicly; the
// README's "Assumptions" lists the same guesses, so a CLI change is fixed here and nowhere else.
import { z } from "zod";
import { CredentialKind, Scope, Snapshot, describeZodError } from "../core/schema";
import { connectArgs as connectBaseArgs, credentialsSetArgs, type CredentialTarget, type EnvReference } from "../core/cli-syntax";

export type { EnvReference } from "../core/cli-syntax";

// ---------------------------------------------------------------------------------------------
// Exit codes and hints
// ---------------------------------------------------------------------------------------------

/** §3.5: commands exit 0 on success and 1 on failure; no finer codes are documented. */
export const EXIT_SUCCESS = 0;

/** The npm package of the official CLI (`@keystrokehq/cli`, see the source list of the fact sheet). */
export const INSTALL_COMMAND = "npm i -g @keystrokehq/cli";
/**
 * Where an explicit CLI path is given: the editor's setting, `--cli` on our own command line, or
 * (the dev server, whose page may be open outside VS Code) the KEYSTROKE_CLI variable.
 */
export type CliPathOrigin = "keystroke.cliPath" | "--cli" | "KEYSTROKE_CLI";
const SET_PATH: Record<CliPathOrigin, string> = { "keystroke.cliPath": "set keystroke.cliPath", "--cli": "pass --cli PATH", KEYSTROKE_CLI: "start the dev server with KEYSTROKE_CLI set to its path" };
export function installHint(origin: CliPathOrigin = "keystroke.cliPath"): string {
  return `install it with \`${INSTALL_COMMAND}\` or ${SET_PATH[origin]}`;
}
/** §3.3: `keystroke auth login` is the user-level login the CLI reuses. */
export const LOGIN_HINT = "run `keystroke auth login`";
/** §3.3: `projects link --project <slug>` writes project and organization into keystroke.config.ts. */
export const LINK_HINT = "run `keystroke projects link --project <slug>`";

// ---------------------------------------------------------------------------------------------
// argv builders
// ---------------------------------------------------------------------------------------------

/** Explicit targeting, for when the CLI cannot take it from keystroke.config.ts itself. */
export interface Targeting {
  organization?: string;
  project?: string;
}

/**
 * The flags the CLI must be given, out of the effective project context: only the values
 * keystroke.config.ts does not already declare, since the CLI, run in the project root, reads that
 * file itself (§3.4). Our reading of the issue's "run it with --organization/--project from
 * keystroke.config.ts when the config lacks them": overrides (a flag, a setting) become flags.
 */
export function targetingFor(context: Targeting, config: Targeting): Targeting {
  const targeting: Targeting = {};
  if (context.organization && context.organization !== config.organization) targeting.organization = context.organization;
  if (context.project && context.project !== config.project) targeting.project = context.project;
  return targeting;
}

/** One destination of a push; a project target always names its project (§3.1). */
export type PushTarget = CredentialTarget;

/**
 * §3.4: the global targeting flags are `--organization <slug>` and `--project <slug>`; without
 * them most commands read keystroke.config.ts. GUESS: the flags are accepted after the
 * subcommand, as every documented example writes them (`deploy --project`, `apps execute ... --project`).
 */
function targetingFlags(targeting: Targeting, include: { project: boolean }): string[] {
  const flags: string[] = [];
  if (targeting.organization) flags.push("--organization", targeting.organization);
  if (include.project && targeting.project) flags.push("--project", targeting.project);
  return flags;
}

/** §3.3: `keystroke auth status` prints the current user and org memberships. */
export function authStatusArgs(): string[] {
  return ["auth", "status"];
}

/** §3.1: `keystroke credentials list`, the documented connection check. */
export function listArgs(targeting: Targeting): string[] {
  return ["credentials", "list", ...targetingFlags(targeting, { project: true })];
}

/**
 * §3.1: `keystroke credentials set <key> --set f=@env:V ... --scope ...`. Only `--organization`
 * is added for targeting: the project of a project target is its `--project-slug`, and a global
 * `--project` next to it would be ambiguous.
 */
export function setArgs(key: string, refs: EnvReference[], targets: PushTarget[], targeting: Targeting): string[] {
  return [...credentialsSetArgs(key, refs, targets), ...targetingFlags(targeting, { project: false })];
}

/** Seed spelling: `keystroke --local credentials set <key> --set ...` (§3.6: unverified elsewhere). */
export function localSetArgs(key: string, refs: EnvReference[]): string[] {
  return ["--local", ...credentialsSetArgs(key, refs, [])];
}

/** §3.1: `keystroke connect <slug>` opens the web flow; it has no scope flags. */
export function connectArgs(slug: string, targeting: Targeting): string[] {
  return [...connectBaseArgs(slug), ...targetingFlags(targeting, { project: true })];
}

/** §3.4: `keystroke deploy [--project <slug>] [--filter <path>]`. */
export function deployArgs(filter: string | undefined, targeting: Targeting): string[] {
  return ["deploy", ...(filter ? ["--filter", filter] : []), ...targetingFlags(targeting, { project: true })];
}

/**
 * §3.4: filter keys are exact module paths such as `agents/support`; no globs. Filters become argv
 * elements; refusing a leading '-' keeps them from reading as flags.
 */
export const DeployFilter = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[A-Za-z0-9_][A-Za-z0-9._/-]*$/, "give a module path such as agents/support (no globs)");

// ---------------------------------------------------------------------------------------------
// Failure texts
// ---------------------------------------------------------------------------------------------

// GUESS: the CLI's error texts are undocumented. These patterns match the wording of the hints
// the fact sheet reports (§3.3 "run projects link", §3.4 "print a hint to run `projects link`")
// plus common phrasings of an expired or missing login.
const NOT_LOGGED_IN =
  /not (currently )?logged in|not authenticated|unauthori[sz]ed|auth(entication)? required|login required|session (has )?expired|auth login|\b401\b/i;
const NOT_LINKED = /not linked|projects link|no (linked )?project (is )?(linked|configured|selected|found)/i;

export type FailureClass = "not-logged-in" | "not-linked" | null;

/** Classifies the text a failed command printed (stderr, then any JSON error on stdout). */
export function classifyFailure(text: string): FailureClass {
  if (NOT_LOGGED_IN.test(text)) return "not-logged-in";
  if (NOT_LINKED.test(text)) return "not-linked";
  return null;
}

/**
 * §3.5: on failure, inspect commands may print a JSON body to stdout. GUESS at its shape:
 * `{ "error": "..." }`, `{ "error": { "message": "..." } }` or `{ "message": "..." }`.
 */
export function jsonErrorMessage(stdout: string): string | null {
  const parsed = parseJsonLoosely(stdout);
  if (parsed === undefined || typeof parsed !== "object" || parsed === null) return null;
  const body = parsed as { error?: unknown; message?: unknown };
  if (typeof body.error === "string") return body.error;
  if (typeof body.error === "object" && body.error !== null) {
    const message = (body.error as { message?: unknown }).message;
    if (typeof message === "string") return message;
  }
  return typeof body.message === "string" ? body.message : null;
}

/**
 * §3.5: inspect commands print JSON to stdout. Tolerates text before the JSON (an update notice,
 * a banner): parses from the first line that opens an array or object. `undefined` = no JSON.
 */
export function parseJsonLoosely(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    const lines = trimmed.split(/\r?\n/);
    const start = lines.findIndex((l) => /^\s*[[{]/.test(l));
    if (start <= 0) return undefined;
    try {
      return JSON.parse(lines.slice(start).join("\n"));
    } catch {
      return undefined;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// `keystroke credentials list` output (GUESS: no schema is documented, §3.5 and Unknowns 7)
// ---------------------------------------------------------------------------------------------

/** §2: the CLI says `org`, the code says `organization`; both are accepted, in any case. */
const ListedScope = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.enum(["org", "organization", "project", "user"]))
  .transform((s): Scope => (s === "org" ? "organization" : s));

const SlugLike = z.union([
  z.string().min(1),
  z.object({ slug: z.string().min(1) }).transform((o) => o.slug),
]);

/** Field names as a list, a list of `{ name }`, or the keys of an object (values ignored). */
const ListedFields = z.union([
  z.array(z.union([z.string(), z.object({ name: z.string() }).transform((f) => f.name)])),
  z.record(z.string(), z.unknown()).transform((o) => Object.keys(o)),
]);

const ListedKind = z.unknown().optional().transform((k) => {
  const parsed = CredentialKind.safeParse(k);
  return parsed.success ? parsed.data : undefined;
});

/**
 * One listed credential. The key is read from `key`, then `app` (string or `{ slug }`), then
 * `slug`: a plain `slug` may be the instance's own slug (§2 `--credential <slug>`), so it is the
 * last resort. Unknown properties are ignored; a missing key or unknown scope fails the parse,
 * because silently dropping an entry could report a credential as missing that is not.
 */
const ListedEntry = z
  .object({
    key: z.string().min(1).optional(),
    app: SlugLike.optional(),
    slug: z.string().min(1).optional(),
    scope: ListedScope,
    project: SlugLike.nullish(),
    projectSlug: z.string().min(1).nullish(),
    fields: ListedFields.nullish(),
    fieldNames: ListedFields.nullish(),
    default: z.boolean().nullish(),
    isDefault: z.boolean().nullish(),
    name: z.string().nullish(),
    id: z.union([z.string(), z.number()]).nullish(),
    kind: ListedKind,
    type: ListedKind,
  })
  .transform((e, ctx) => {
    const key = e.key ?? e.app ?? e.slug;
    if (key === undefined) {
      ctx.addIssue({ code: "custom", message: "no credential key (looked for key, app, slug)" });
      return z.NEVER;
    }
    const project = e.project ?? e.projectSlug ?? undefined;
    const fields = e.fields ?? e.fieldNames ?? undefined;
    const isDefault = e.default ?? e.isDefault ?? undefined;
    const kind = e.kind ?? e.type;
    return {
      key,
      scope: e.scope,
      ...(e.scope === "project" && project ? { project } : {}),
      ...(isDefault !== undefined ? { default: isDefault } : {}),
      ...(fields !== undefined ? { fields } : {}),
      ...(kind !== undefined ? { kind } : {}),
      ...(e.name ? { name: e.name } : {}),
      ...(e.id !== null && e.id !== undefined ? { id: String(e.id) } : {}),
    };
  });

/** The whole output: a bare array, or `{ credentials: [...] }` optionally with its org/project. */
const ListEnvelope = z.object({
  credentials: z.array(ListedEntry),
  organization: SlugLike.nullish(),
  project: SlugLike.nullish(),
});
const ListArray = z.array(ListedEntry).transform((credentials) => ({ credentials, organization: null, project: null }));

export type ListParse = { ok: true; snapshot: Snapshot } | { ok: false; reason: string };

/**
 * Turns `credentials list` stdout into the analyzer's snapshot (field names only, no values).
 * `context` (the project the CLI was pointed at) labels the snapshot when the output does not.
 */
export function parseCredentialList(stdout: string, meta: { fetchedAt: string; context: Targeting }): ListParse {
  const json = parseJsonLoosely(stdout);
  if (json === undefined) return { ok: false, reason: "the output is not JSON" };
  // Picked by shape first, so a failure names the bad entry rather than "no union member matched".
  const isEnvelope = typeof json === "object" && json !== null && !Array.isArray(json) && "credentials" in json;
  if (!Array.isArray(json) && !isEnvelope) return { ok: false, reason: "expected an array of credentials or { credentials: [...] }" };
  const parsed = Array.isArray(json) ? ListArray.safeParse(json) : ListEnvelope.safeParse(json);
  if (!parsed.success) return { ok: false, reason: describeZodError(parsed.error) };
  const out = parsed.data;
  const organization = out.organization ?? meta.context.organization;
  const project = out.project ?? meta.context.project;
  const snapshot = Snapshot.safeParse({
    version: 1,
    ...(organization ? { organization } : {}),
    ...(project ? { project } : {}),
    fetchedAt: meta.fetchedAt,
    credentials: out.credentials,
  });
  if (!snapshot.success) return { ok: false, reason: describeZodError(snapshot.error) };
  return { ok: true, snapshot: snapshot.data };
}

// ---------------------------------------------------------------------------------------------
// `keystroke auth status` output (§3.3: "current user + org memberships"; format a GUESS)
// ---------------------------------------------------------------------------------------------

export interface AuthStatus {
  loggedIn: boolean;
  user?: string;
  organizations: string[];
  /** The CLI's own words (first lines), for display when nothing could be parsed. */
  detail: string;
}

const NamedThing = z.union([
  z.string(),
  z
    .object({ slug: z.string().optional(), email: z.string().optional(), name: z.string().optional() })
    .transform((o) => o.email ?? o.slug ?? o.name),
]);

const AuthJson = z.object({
  loggedIn: z.boolean().optional(),
  authenticated: z.boolean().optional(),
  user: NamedThing.nullish(),
  email: z.string().optional(),
  organizations: z.array(NamedThing).optional(),
  orgs: z.array(NamedThing).optional(),
});

function firstLines(text: string, count: number): string {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .slice(0, count)
    .join(" ");
}

/** Reads `auth status` output: JSON when it is JSON, otherwise the exit code and the wording. */
export function parseAuthStatus(exitCode: number, stdout: string, stderr: string): AuthStatus | null {
  const detail = firstLines(stdout || stderr, 3);
  const json = AuthJson.safeParse(parseJsonLoosely(stdout));
  if (json.success && exitCode === EXIT_SUCCESS) {
    const j = json.data;
    const organizations = (j.organizations ?? j.orgs ?? []).filter((o): o is string => typeof o === "string");
    const user = j.user ?? j.email ?? undefined;
    const loggedIn = j.loggedIn ?? j.authenticated ?? user !== undefined;
    return { loggedIn, ...(user ? { user } : {}), organizations, detail };
  }
  if (classifyFailure(`${stdout}\n${stderr}`) === "not-logged-in") return { loggedIn: false, organizations: [], detail };
  if (exitCode === EXIT_SUCCESS) return { loggedIn: true, organizations: [], detail };
  return null;
}
