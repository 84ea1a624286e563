// Credential vocabulary shared by every layer: scopes, kinds, snapshot entries and snapshots.
// A snapshot lists what a store holds (field *names* only, never values); the analyzer resolves
// code requirements against it. Unknown properties are dropped, invalid ones fail with a path.
import { z } from "zod";

export const SCOPES = ["organization", "project", "user"] as const;
export const Scope = z.enum(SCOPES);
export type Scope = z.infer<typeof Scope>;

export const CREDENTIAL_KINDS = ["api_key", "oauth_managed", "keystroke"] as const;
export const CredentialKind = z.enum(CREDENTIAL_KINDS);
export type CredentialKind = z.infer<typeof CredentialKind>;

export const TARGETS = ["local", "cloud"] as const;
export const Target = z.enum(TARGETS);
export type Target = z.infer<typeof Target>;

/**
 * The platform's rule for keys and slugs. They become argv elements of the `keystroke` CLI, so a
 * leading letter or digit also keeps one from reading as a flag.
 */
function identifier(emptyMessage: string) {
  return z
    .string()
    .min(1, emptyMessage)
    .max(128)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "use letters, digits, '.', '_' or '-' (starting with a letter or digit)");
}

/** A credential key as users type it on the CLI (`keystroke credentials set <key>`). */
export const CredentialKey = identifier("a credential key cannot be empty");

/** A project or app slug (`--project-slug <slug>`, `keystroke connect <slug>`). */
export const Slug = identifier("a slug cannot be empty");

/** Names that would reach an object's prototype machinery: refused, never silently dropped. */
const RESERVED_FIELD_NAMES: readonly string[] = ["__proto__", "constructor", "prototype"];
const reservedMessage = (name: string) => `"${name}" cannot be a field name (it is reserved in JavaScript objects); rename the field`;

/**
 * A field name as stored: what older versions accepted, so reading a store never drops a value
 * because a rule for new input got stricter.
 */
export const StoredFieldName = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z_$][A-Za-z0-9_$]*$/, "a field name is a JavaScript identifier");

/** A secret field name, as in `fields: { apiKey: z.string() }` and `--set apiKey=...`. */
export const FieldName = StoredFieldName.refine((name) => !RESERVED_FIELD_NAMES.includes(name), { error: (issue) => reservedMessage(String(issue.input)) });

/**
 * A `{ field: value }` record whose reserved keys are refused. zod's record drops an own
 * `__proto__` key (JSON.parse makes one) before its key schema sees it, so look first.
 */
export function fieldRecord<T extends z.ZodType>(values: T) {
  return z
    .unknown()
    .superRefine((input, ctx) => {
      if (typeof input !== "object" || input === null) return;
      for (const name of RESERVED_FIELD_NAMES) if (Object.hasOwn(input, name)) ctx.addIssue({ code: "custom", message: reservedMessage(name), path: [name] });
    })
    .pipe(z.record(FieldName, values));
}

export const SnapshotEntry = z.object({
  key: z.string().min(1),
  scope: Scope,
  /** For project scope: the owning project slug. Absent = the snapshot's (or current) project. */
  project: z.string().min(1).optional(),
  default: z.boolean().optional(),
  /** Every field that has a stored value. Absent = unknown, field checks are skipped. */
  fields: z.array(z.string()).optional(),
  kind: CredentialKind.optional(),
  name: z.string().optional(),
  /** Store-specific identifier, when the store has one (the local store does). */
  id: z.string().optional(),
});
export type SnapshotEntry = z.infer<typeof SnapshotEntry>;

export const Snapshot = z.object({
  version: z.literal(1),
  organization: z.string().optional(),
  project: z.string().optional(),
  fetchedAt: z.string().optional(),
  credentials: z.array(SnapshotEntry),
});
export type Snapshot = z.infer<typeof Snapshot>;

/** Whether a target's store could be read. "unchecked" always carries the reason, for the UI. */
export const TargetState = z.discriminatedUnion("state", [
  z.object({ state: z.literal("checked"), checkedAt: z.string() }),
  z.object({ state: z.literal("unchecked"), reason: z.string(), since: z.string().optional() }),
]);
export type TargetState = z.infer<typeof TargetState>;

/**
 * Formats a zod error as "path: message" lines, for CLI output and HTTP 400 bodies. A record key
 * that fails validation is left out of the path: in `fields` it may be a secret value pasted
 * where its name belongs, and these messages reach logs and UIs.
 */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const invalidKey = issue.code === "invalid_key";
      const path = invalidKey ? issue.path.slice(0, -1) : issue.path;
      const message = invalidKey ? `a name is invalid (${issue.issues.map((i) => i.message).join(", ")})` : issue.message;
      return `${path.length > 0 ? path.join(".") : "(root)"}: ${message}`;
    })
    .join("; ");
}
