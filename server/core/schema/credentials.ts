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

/** A secret field name, as in `fields: { apiKey: z.string() }` and `--set apiKey=...`. */
export const FieldName = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z_$][A-Za-z0-9_$]*$/, "a field name is a JavaScript identifier");

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
