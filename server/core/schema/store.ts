// The local credential store's records and the dev server's HTTP contract. Secret values appear
// only in request bodies that set them (PUT, PATCH, import) and in the reveal/resolve responses.
import { z } from "zod";
import { CredentialKey, CredentialKind, FieldName, Scope, Slug, StoredFieldName, fieldRecord } from "./credentials";

/** Metadata of one stored credential. Never holds a secret value. */
export const StoreEntry = z.object({
  id: z.string().regex(/^[a-z0-9-]{8,64}$/),
  key: CredentialKey,
  scope: Scope,
  project: z.string().min(1).optional(),
  default: z.boolean(),
  name: z.string(),
  kind: CredentialKind,
  fields: z.array(StoredFieldName),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastUsedAt: z.string().optional(),
  /** Set by start-up repair when the keychain no longer holds this entry's values. */
  secretMissing: z.boolean().optional(),
  /** Rebuilt from the secret backend's labels after credentials.json was lost: check it, then
   * save it (any change clears the mark). */
  recovered: z.boolean().optional(),
});
export type StoreEntry = z.infer<typeof StoreEntry>;

export const STORE_FILE_VERSION = 1;
export const StoreFile = z.object({
  version: z.literal(STORE_FILE_VERSION),
  entries: z.array(StoreEntry),
});
export type StoreFile = z.infer<typeof StoreFile>;

/** The longest value of one field, wherever values come in (PUT, PATCH, .env import). */
export const FIELD_VALUE_MAX = 16_384;

const FieldValues = fieldRecord(z.string().max(FIELD_VALUE_MAX))
  .refine((v) => Object.keys(v).length > 0, "give at least one field value");

export const PutCredentialBody = z
  .object({
    key: CredentialKey,
    scope: Scope,
    project: Slug.optional(),
    fields: FieldValues,
    default: z.boolean().optional(),
    name: z.string().max(200).optional(),
    kind: CredentialKind.optional(),
  })
  .strict();
export type PutCredentialBody = z.infer<typeof PutCredentialBody>;

export const PatchCredentialBody = z
  .object({
    name: z.string().max(200).optional(),
    default: z.boolean().optional(),
    /** Rotates (replaces) the named fields' values; other fields keep theirs. Never empty: an
     * empty object (or one whose only key, `__proto__`, zod drops) would rewrite nothing yet
     * bump `updatedAt` and the keychain entry. */
    fields: FieldValues.optional(),
  })
  .strict()
  .refine((b) => b.name !== undefined || b.default !== undefined || b.fields !== undefined, "nothing to change");
export type PatchCredentialBody = z.infer<typeof PatchCredentialBody>;

export const DotenvMapping = z
  .object({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), key: CredentialKey, field: FieldName, scope: Scope, project: Slug.optional() })
  .strict();
export const ImportDotenvBody = z
  .object({ content: z.string().max(60_000), mapping: z.array(DotenvMapping).min(1).max(200) })
  .strict();
export type ImportDotenvBody = z.infer<typeof ImportDotenvBody>;

export const RevealResponse = z.object({ id: z.string(), key: z.string(), fields: z.record(z.string(), z.string()) });
export type RevealResponse = z.infer<typeof RevealResponse>;

/** GET /credentials (entries without values); shaped like the webview's `list` result. */
export const ListCredentialsResponse = z.object({ entries: z.array(StoreEntry) });
export type ListCredentialsResponse = z.infer<typeof ListCredentialsResponse>;
/** DELETE /credentials/:id. */
export const OkResponse = z.object({ ok: z.literal(true) });
export const DeleteCredentialResponse = OkResponse;
export type DeleteCredentialResponse = z.infer<typeof DeleteCredentialResponse>;
/** POST /import/dotenv: the entries created or updated. */
export const ImportDotenvResponse = z.object({ imported: z.number().int().min(0), entries: z.array(StoreEntry) });
export type ImportDotenvResponse = z.infer<typeof ImportDotenvResponse>;

/** GET /resolve: what the resolution order picks for `key` in the current project, and why. */
export const ResolveResponse = z.object({
  key: z.string(),
  pin: Scope.nullable(),
  /** The project resolution ran for (query `project`, else the server's --root project). */
  project: z.string().nullable(),
  resolved: z.boolean(),
  entry: StoreEntry.nullable(),
  scope: Scope.nullable(),
  reason: z.string(),
  /** KS001/KS002/KS003/KS005 when not resolved. */
  code: z.string().nullable(),
  existsAt: z.array(Scope),
  /** KS005: ids of the entries that tie. */
  tied: z.array(z.string()),
  /** Only with `values=1`: the chosen entry's values, for a local run of an action. */
  values: z.record(z.string(), z.string()).optional(),
});
export type ResolveResponse = z.infer<typeof ResolveResponse>;

export const HealthResponse = z.object({
  ok: z.boolean(),
  version: z.string(),
  secretBackend: z.enum(["keychain", "file"]),
  /** Null when secrets can be read and written; otherwise why not and what to do. */
  secretsUnavailable: z.string().nullable(),
  /** Set when the reason is that this installation has no keychain binary for the platform. */
  keychainModuleMissing: z.literal(true).optional(),
  project: z.string().optional(),
});
export type HealthResponse = z.infer<typeof HealthResponse>;

/** `devserver.json` in the store directory: how clients find (and authenticate to) the server. */
export const DevServerInfo = z.object({
  port: z.number().int().min(1).max(65535),
  host: z.string(),
  pid: z.number().int(),
  token: z.string().min(32),
  startedAt: z.string(),
  version: z.string().optional(),
});
export type DevServerInfo = z.infer<typeof DevServerInfo>;

/** One Server-Sent Event per change: ids and keys, never values. */
export const StoreEvent = z.object({
  type: z.enum(["created", "updated", "deleted", "repaired", "imported"]),
  ids: z.array(z.string()),
  keys: z.array(z.string()),
  at: z.string(),
});
export type StoreEvent = z.infer<typeof StoreEvent>;

export const ApiErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

/** POST /session/link (bearer only): a fresh single-use link to the credential manager. */
export const BrowserLinkResponse = z.object({ url: z.string(), expiresAt: z.string(), validForSeconds: z.number().int().positive() });
export type BrowserLinkResponse = z.infer<typeof BrowserLinkResponse>;
/** POST /session/origin (bearer only): a remote editor's forwarded origin, e.g. http://127.0.0.1:8080. */
export const ForwardedOriginBody = z
  .object({
    origin: z
      .string()
      .max(300)
      .refine((value) => {
        try {
          const url = new URL(value);
          return (url.protocol === "http:" || url.protocol === "https:") && url.origin === value.replace(/\/$/, "") && url.username === "" && url.password === "";
        } catch {
          return false;
        }
      }, "an origin: http(s)://host[:port], nothing else"),
  })
  .strict();
export type ForwardedOriginBody = z.infer<typeof ForwardedOriginBody>;

/** POST /session: the browser page trades its link's code for a session secret, once. */
export const SessionExchangeBody = z.object({ code: z.string().min(1).max(200) }).strict();
export type SessionExchangeBody = z.infer<typeof SessionExchangeBody>;
/** A field the person is asked for: `secret` ones are masked on the page. */
export const RequestedField = z.object({ name: FieldName, optional: z.boolean(), secret: z.boolean() }).strict();
export type RequestedField = z.infer<typeof RequestedField>;

/**
 * POST /requests (bearer only): a coding agent's request for one credential, which the person
 * fills in on a single-use page (credential-requests.ts). Never carries a value.
 */
export const CreateCredentialRequestBody = z
  .object({
    key: CredentialKey,
    scope: Scope,
    project: Slug.optional(),
    kind: CredentialKind.optional(),
    fields: z.array(RequestedField).min(1).max(32),
    /** Who asks, shown on the page ("Claude Code", "a coding agent"). */
    requester: z.string().min(1).max(100),
  })
  .strict();
export type CreateCredentialRequestBody = z.infer<typeof CreateCredentialRequestBody>;

/** What the page shows: the request, and whether saving replaces an entry's values. */
export const CredentialRequestView = CreateCredentialRequestBody.extend({ id: z.string(), replaces: z.boolean(), expiresAt: z.string() });
export type CredentialRequestView = z.infer<typeof CredentialRequestView>;

export const CredentialRequestCreated = z.object({ id: z.string(), url: z.string(), expiresAt: z.string(), validForSeconds: z.number().int().positive() });
export type CredentialRequestCreated = z.infer<typeof CredentialRequestCreated>;

/** GET /requests/:id: where a request stands; `entry` (metadata) once stored. */
export const CredentialRequestState = z.object({
  id: z.string(),
  state: z.enum(["pending", "stored", "cancelled", "expired"]),
  key: CredentialKey,
  scope: Scope,
  expiresAt: z.string(),
  entry: StoreEntry.optional(),
});
export type CredentialRequestState = z.infer<typeof CredentialRequestState>;

/** PUT /requests/:id from the request page: the values, once. */
export const FulfilCredentialRequestBody = z.object({ fields: FieldValues }).strict();
export type FulfilCredentialRequestBody = z.infer<typeof FulfilCredentialRequestBody>;

export const SessionExchangeResponse = z.object({
  session: z.string(),
  idleTimeoutSeconds: z.number().int().positive(),
  /** Set when the link was a credential request's: the session may do that one write only. */
  request: CredentialRequestView.optional(),
});
export type SessionExchangeResponse = z.infer<typeof SessionExchangeResponse>;
