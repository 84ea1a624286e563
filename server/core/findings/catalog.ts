// The fixed catalog of findings: every code's severity, title, fix advice and message text lives
// here and nowhere else, so the CLI, the language server and the README agree word for word.
// Messages say what was tried, name the target, and end with what to do.
import type { CredentialKind, Finding, FindingCode, FindingData, Range, Scope, Severity, Target } from "../schema";
import { commandLine, connectArgs, credentialTarget, credentialsSetArgs, envReferences } from "../cli-syntax";

export interface CodeInfo {
  code: FindingCode;
  severity: Severity;
  /** Short rule name (SARIF rule name, README heading). */
  title: string;
  /** One-sentence "how to fix" (README table, SARIF help). */
  fix: string;
}

export const CATALOG: Record<FindingCode, CodeInfo> = {
  KS001: {
    code: "KS001",
    severity: "error",
    title: "credential not found",
    fix: "Store the credential in the target (locally, or `keystroke credentials set` / `keystroke connect` in the cloud) at a scope the requirement reaches.",
  },
  KS002: {
    code: "KS002",
    severity: "error",
    title: "only a user credential exists",
    fix: "Pin the element with `.scope(\"user\")`, or store the credential at project or organization scope.",
  },
  KS003: {
    code: "KS003",
    severity: "error",
    title: "not at the pinned scope",
    fix: "Store the credential at the pinned scope, or change the `.scope(...)` pin to a scope where it exists.",
  },
  KS004: {
    code: "KS004",
    severity: "error",
    title: "stored credential lacks required fields",
    fix: "Set the missing fields on the stored credential (or mark them `.optional()` in the definition).",
  },
  KS005: {
    code: "KS005",
    severity: "warning",
    title: "several candidates, none default",
    fix: "Mark one of the credentials at that scope as the default, or remove the extras.",
  },
  KS010: {
    code: "KS010",
    severity: "error",
    title: "invalid scope literal",
    fix: "Use `\"organization\"`, `\"project\"` or `\"user\"` (the code literal is `organization`, not the CLI's `org`).",
  },
  KS011: {
    code: "KS011",
    severity: "information",
    title: "scope not checkable",
    fix: "Pass a string literal to `.scope(...)` if you want the requirement checked.",
  },
  KS012: {
    code: "KS012",
    severity: "error",
    title: "credentials on an agent or workflow",
    fix: "Move the `credentials` list to the `defineAction(...)` calls the agent or workflow runs.",
  },
  KS013: {
    code: "KS013",
    severity: "warning",
    title: "untraceable credential element",
    fix: "Import the credential from the project module that calls `defineCredential(...)`, so it can be checked.",
  },
  KS014: {
    code: "KS014",
    severity: "error",
    title: "undeclared credential or field in run",
    fix: "Add the credential to the action's `credentials` list, or read a field its definition declares.",
  },
  KS015: {
    code: "KS015",
    severity: "warning",
    title: "duplicate credential in one action",
    fix: "Remove the second element.",
  },
  KS016: {
    code: "KS016",
    severity: "warning",
    title: "conflicting definitions of one key",
    fix: "Keep one `defineCredential(...)` per key and import it everywhere.",
  },
  KS020: {
    code: "KS020",
    severity: "warning",
    title: "catalog app not connected",
    fix: "Connect the app (`keystroke connect <app>`) or store a `keystroke` credential with that key; the key is inferred from the package name.",
  },
  KS030: {
    code: "KS030",
    severity: "warning",
    title: "environment variable read in deployed code",
    fix: "Declare a credential for the value and read it from the action's credentials; a variable that is not a secret goes in `keystroke.allowedEnv` (or `check --allow-env NAME`).",
  },
  KS031: {
    code: "KS031",
    severity: "error",
    title: "hard-coded secret in deployed code",
    fix: "Move the value into a credential (store it locally and in the cloud, read it from the action's credentials) and rotate it: it stays in git history.",
  },
};

export function severityOf(code: FindingCode): Severity {
  return CATALOG[code].severity;
}

/** The one place the README's address lives (diagnostic code links, SARIF help URIs). */
export const README_URL = "https://github.com/keystroke/keystroke-credentials-vscode";

/** The README anchor for a code, e.g. `#ks001`. */
export function helpAnchor(code: FindingCode): string {
  return `#${code.toLowerCase()}`;
}

/** The README section of a code. */
export function helpUri(code: FindingCode): string {
  return `${README_URL}${helpAnchor(code)}`;
}

// ---- message builders -------------------------------------------------------------------------

export interface ResolutionSubject {
  target: Target;
  key: string;
  pin: Scope | null;
  kind: CredentialKind;
  /** Required field names of the definition, for the suggested command. */
  fields: string[];
  /** The current project slug, when known. */
  project: string | undefined;
  /** For a catalog requirement: the primitive it is attributed to. */
  host?: { role: string; name: string };
}

function tried(s: ResolutionSubject): string {
  if (s.pin) return `pinned with .scope("${s.pin}")`;
  return s.project ? `tried project "${s.project}", then organization` : "tried project, then organization";
}

function scopeWords(s: ResolutionSubject): string {
  return s.pin ? `${s.pin} scope` : "project or organization scope";
}

/** The `keystroke` command that stores the credential in the cloud at `scope`. */
export function cloudCommand(key: string, kind: CredentialKind, scope: Scope, fields: string[], project?: string): string {
  if (kind !== "api_key") return commandLine(connectArgs(key));
  // A definition without required fields still needs one value; `apiKey` is the documented example.
  const refs = envReferences(key, fields.length > 0 ? fields : ["apiKey"]);
  return commandLine(credentialsSetArgs(key, refs, [credentialTarget(scope, project)]));
}

function storeAdvice(s: ResolutionSubject, scope: Scope): string {
  if (s.target === "local") return `Set it locally at ${scope} scope (quick fix "Set local credential")`;
  return `Store it in the cloud with \`${cloudCommand(s.key, s.kind, scope, s.fields, s.project)}\` (or push the local one)`;
}

/** The scope a fix stores at: the pin, else the project when one is known, else organization. */
export function fixScope(pin: Scope | null, project: string | undefined): Scope {
  return pin ?? (project ? "project" : "organization");
}

export const messages = {
  KS001(s: ResolutionSubject): string {
    return `[${s.target}] "${quoted(s.key)}" is not set at ${scopeWords(s)} (${tried(s)}). ${storeAdvice(s, fixScope(s.pin, s.project))}.`;
  },
  KS002(s: ResolutionSubject): string {
    return `[${s.target}] "${quoted(s.key)}" exists only at user scope, which the unpinned chain (project, then organization) never reaches. Pin this element with .scope("user"), or ${lowerFirst(storeAdvice(s, fixScope(null, s.project)))}.`;
  },
  KS003(s: ResolutionSubject & { pin: Scope }, existsAt: Scope[]): string {
    const other = existsAt[0] ?? "organization";
    return `[${s.target}] "${quoted(s.key)}" is pinned with .scope("${s.pin}") but exists only at ${existsAt.join(" and ")} scope. Change the pin to .scope("${other}"), or ${lowerFirst(storeAdvice(s, s.pin))}.`;
  },
  KS004(s: ResolutionSubject, chosen: string, missing: string[]): string {
    const list = missing.map((f) => `"${f}"`).join(", ");
    const plural = missing.length === 1 ? "field" : "fields";
    return `[${s.target}] "${quoted(s.key)}" resolves to ${chosen}, which lacks the required ${plural} ${list}. Set ${missing.length === 1 ? "it" : "them"} on that credential, or mark ${missing.length === 1 ? "it" : "them"} .optional() in the definition.`;
  },
  KS005(s: ResolutionSubject, scope: Scope, names: string[]): string {
    return `[${s.target}] ${names.length} ${scope} credentials match "${quoted(s.key)}" (${names.join(", ")}) and none is the default, so the platform cannot choose (${tried(s)}). Mark one as the default.`;
  },
  KS010(literal: string, suggestion: Scope): string {
    return `.scope("${quoted(literal)}") is not a scope; use "organization", "project" or "user". Did you mean "${suggestion}"? Until fixed, this requirement is not resolved.`;
  },
  KS011(argumentText: string): string {
    return `.scope(${argumentText}) is not a string literal, so the pin cannot be known statically; this requirement is not resolved. Pass "organization", "project" or "user" literally to have it checked.`;
  },
  KS012(host: "defineAgent" | "defineWorkflow"): string {
    return `credentials on ${host}(...) are not used: credentials belong on actions. Move this list to the defineAction(...) calls this ${host === "defineAgent" ? "agent" : "workflow"} runs.`;
  },
  KS013(elementText: string, reason: string): string {
    return `${elementText} cannot be traced to a defineCredential(...) from "@keystrokehq/keystroke/credentials" (${reason}), so it is not checked. Import it from the project file that defines it.`;
  },
  KS014Undeclared(access: string, key: string): string {
    return `${access} reads credential "${quoted(key)}", which this action does not declare, so it is undefined at run time. Add "${quoted(key)}" to the action's credentials list.`;
  },
  KS014Field(access: string, key: string, field: string, declared: string[], definitionFile: string): string {
    const has = declared.length > 0 ? `declares ${declared.map((f) => `"${f}"`).join(", ")}` : "declares no fields";
    return `${access}: the definition of "${quoted(key)}" (${definitionFile}) ${has}, not "${field}". Read a declared field, or add "${field}" to its fields.`;
  },
  KS015(key: string): string {
    return `"${quoted(key)}" is already listed in this action's credentials; this second element is redundant. Remove it.`;
  },
  KS016(key: string, first: string, firstShape: string, thisShape: string): string {
    return `"${quoted(key)}" is also defined in ${first} as ${firstShape}, but here as ${thisShape}; which one applies depends on the import. Keep one definition and import it everywhere.`;
  },
  KS020(s: ResolutionSubject, specifier: string, code: "KS001" | "KS002" | "KS003"): string {
    const why = code === "KS002" ? `only a user credential "${quoted(s.key)}" exists, which the unpinned chain never reaches` : `no credential "${quoted(s.key)}" at ${scopeWords(s)} (${tried(s)})`;
    const todo = s.target === "local" ? `Set a local "${quoted(s.key)}" credential` : `Connect it: \`keystroke connect ${s.key}\``;
    const host = s.host ? ` (imported by ${s.host.role} "${s.host.name}")` : "";
    return `[${s.target}] The catalog app imported from "${specifier}"${host} needs credential "${quoted(s.key)}" (key inferred from the package name): ${why}. ${todo}.`;
  },
  KS031(provider: string, masked: string, guess: boolean): string {
    const what = guess ? `The ${provider} looks like a key (${masked}; a guess from its randomness)` : `A ${provider} is written in the code (${masked})`;
    return `${what}: it ships with every deploy and is in the repository for anyone who can read it. Move it into a credential and read it from the action's credentials, then rotate it, since it stays in git history. Outside an action's run (a client built at module level), build that client inside run from the credential.`;
  },
  KS030(shape: string, name: string, envFiles: readonly string[]): string {
    const local = envFiles.length > 0 ? ` ${envFiles.join(" and ")} ${envFiles.length === 1 ? "defines" : "define"} ${name}, which is why it works under \`keystroke dev\`.` : "";
    return `${quoted(shape)} is read in code that deploys, and deploying carries neither the environment nor .env files: in the cloud it is undefined.${local} Declare a credential for it and read it from the action's credentials (outside an action's run, build what needs it inside run); if it is not a secret, add "${quoted(name)}" to keystroke.allowedEnv (or check --allow-env).`;
  },
};

/** A literal from the source, cut to about 40 characters for messages (hostile input can be huge). */
export function quoted(literal: string): string {
  return literal.length > 40 ? `${literal.slice(0, 39)}…` : literal;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** Builds a finding with the catalog's severity for its code. */
export function makeFinding(
  code: FindingCode,
  file: string,
  range: Range,
  message: string,
  extra: { credential?: string | null; target?: Target | null; related?: Finding["related"]; data?: FindingData } = {},
): Finding {
  const finding: Finding = {
    code,
    severity: CATALOG[code].severity,
    file,
    range,
    message,
    credential: extra.credential ?? null,
    target: extra.target ?? null,
    related: extra.related ?? [],
  };
  if (extra.data) finding.data = extra.data;
  return finding;
}
