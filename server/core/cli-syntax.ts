// The documented syntax of the `keystroke` commands that store a credential (fact sheet §3.1):
// `keystroke credentials set <key> --set <field>=@env:<VAR> --scope org|project|user
// [--project-slug P]` and `keystroke connect <app>`, plus the `@env:` variable naming the docs use
// (`exa` + `apiKey` → `EXA_API_KEY`). Pure, so the findings catalog (core), the webview and the
// cloud adapter (server/cloud/cli-surface.ts, which adds its guesses on top) spell it one way.
import type { Scope } from "./schema";

const CLI_NAME = "keystroke";

/** One destination of `credentials set`; a project target always names its project (§3.1). */
export type CredentialTarget = { scope: "organization" | "user" } | { scope: "project"; project: string };

/** A `--set` reference: the field and the name of the environment variable holding its value. */
export interface EnvReference {
  field: string;
  envVar: string;
}

/** §3.1: the CLI's scope spelling is `org`, not the code's `organization`. */
const CLI_SCOPE: Record<Scope, string> = { organization: "org", project: "project", user: "user" };

/**
 * Stands in for the project slug in suggested commands when the project is unknown; left
 * unquoted by `commandLine`, since it is a blank for the reader to fill, not an argument.
 */
export const PROJECT_SLUG_PLACEHOLDER = "<project-slug>";

/** `exa` + `apiKey` → `EXA_API_KEY`: the environment variable an `@env:` reference names. */
export function envVarName(key: string, field: string): string {
  const snake = (s: string) =>
    s
      .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
      .replace(/[^A-Za-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .toUpperCase();
  return `${snake(key)}_${snake(field)}`;
}

/** Each field read from its conventionally named variable (`envVarName`). */
export function envReferences(key: string, fields: string[]): EnvReference[] {
  return fields.map((field) => ({ field, envVar: envVarName(key, field) }));
}

/** §3.1: values are referenced as `<field>=@env:<VAR>`, never written inline. */
function setFlags(refs: EnvReference[]): string[] {
  return refs.flatMap((r) => ["--set", `${r.field}=@env:${r.envVar}`]);
}

/**
 * §3.1: `--scope`/`--project-slug` repeat to fan out; each project target carries its own slug,
 * written right after its `--scope project` (GUESS: the CLI pairs them in order).
 */
function scopeFlags(target: CredentialTarget): string[] {
  if (target.scope === "project") return ["--scope", CLI_SCOPE.project, "--project-slug", target.project];
  return ["--scope", CLI_SCOPE[target.scope]];
}

/** §3.1: `credentials set <key> --set f=@env:V ... --scope ...` (argv after the program name). */
export function credentialsSetArgs(key: string, refs: EnvReference[], targets: CredentialTarget[]): string[] {
  return ["credentials", "set", key, ...setFlags(refs), ...targets.flatMap(scopeFlags)];
}

/** §3.1: `connect <app>` opens the web flow for an OAuth-managed or catalog credential. */
export function connectArgs(app: string): string[] {
  return ["connect", app];
}

/** The target for `scope`, with the placeholder when a project target's slug is unknown. */
export function credentialTarget(scope: Scope, project: string | undefined): CredentialTarget {
  return scope === "project" ? { scope, project: project ?? PROJECT_SLUG_PLACEHOLDER } : { scope };
}

function shellQuote(arg: string): string {
  if (arg === PROJECT_SLUG_PLACEHOLDER || /^[A-Za-z0-9@%+=:,./_-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** `keystroke <argv...>` as one line a user can paste into a POSIX shell. */
export function commandLine(argv: string[]): string {
  return [CLI_NAME, ...argv].map(shellQuote).join(" ");
}
