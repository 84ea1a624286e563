// The /api/v1 route handlers. Each validates its input with the shared zod schemas before touching
// the store, so a bad request is answered without any change.
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { resolveRequirement } from "../core/resolution";
import {
  CredentialKey,
  ImportDotenvBody,
  PatchCredentialBody,
  PutCredentialBody,
  Scope,
  StoreEntry,
  describeZodError,
  type HealthResponse,
  type ImportDotenvResponse,
  type ListCredentialsResponse,
  type ResolveResponse,
  type StoreFile,
} from "../core/schema";
import { storeToSnapshot, type CredentialStore } from "../store";
import type { BrowserSessions } from "./browser-session";
import type { CredentialRequests } from "./credential-requests";
import type { EventHub } from "./events";
import { ApiError, readJsonBody, sendJson, sendSerializedJson } from "./http-util";

export interface ApiContext {
  store: CredentialStore;
  hub: EventHub;
  /** From --root's keystroke.config.ts. */
  project: { organization?: string; project?: string };
  /** --root: where the keystroke CLI runs for the /cloud routes (cloud-routes.ts). */
  root?: string;
  version: string;
  /** Browser links and sessions (browser-session.ts). */
  sessions: BrowserSessions;
  /** Coding agents' requests for one credential each (credential-requests.ts). */
  requests: CredentialRequests;
  /** Accepts a remote editor's forwarded origin as the page's own (security.ts). */
  allowOrigin: (origin: URL) => void;
  /** A page's URL carrying a link code: the manager (`/`) or a credential request's page (`/request`). */
  pageUrl: (code: string, page?: "/" | "/request") => string;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, ctx: ApiContext, params: { id?: string; url: URL }) => Promise<void>;

function validate<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ApiError(400, "invalid_request", describeZodError(parsed.error));
  return parsed.data;
}

function requireId(id: string | undefined): string {
  const parsed = StoreEntry.shape.id.safeParse(id);
  if (!parsed.success) throw new ApiError(400, "invalid_id", "not a credential id (lowercase letters, digits and '-', 8 to 64 characters)");
  return parsed.data;
}

const ResolveQuery = z
  .object({
    key: CredentialKey,
    scope: Scope.optional(),
    project: z.string().min(1).max(128).optional(),
    values: z.enum(["0", "1"]).optional(),
  })
  .strict();

export const health: Handler = async (_req, res, ctx) => {
  const body: HealthResponse = {
    ok: true,
    version: ctx.version,
    secretBackend: ctx.store.backendKind,
    secretsUnavailable: ctx.store.secretsUnavailable,
    ...(ctx.store.keychainModuleMissing ? { keychainModuleMissing: true as const } : {}),
    ...(ctx.project.project !== undefined ? { project: ctx.project.project } : {}),
  };
  sendJson(res, 200, body);
};

// The list is the hot path (UI, language server on every event): serialize each store version
// once. The store replaces its StoreFile object on every change, so identity marks the version.
// Kept as bytes, so a request costs no encoding at all.
const listBodies = new WeakMap<StoreFile, Buffer>();

export const listCredentials: Handler = async (_req, res, ctx) => {
  const file = ctx.store.snapshotFile();
  let text = listBodies.get(file);
  if (text === undefined) {
    const body: ListCredentialsResponse = { entries: file.entries };
    text = Buffer.from(JSON.stringify(body), "utf8");
    listBodies.set(file, text);
  }
  sendSerializedJson(res, 200, text);
};

export const putCredential: Handler = async (req, res, ctx) => {
  const body = validate(PutCredentialBody, await readJsonBody(req));
  const { entry, created } = await ctx.store.put(body, ctx.project.project);
  sendJson(res, created ? 201 : 200, entry);
};

export const patchCredential: Handler = async (req, res, ctx, { id }) => {
  const checked = requireId(id);
  const body = validate(PatchCredentialBody, await readJsonBody(req));
  sendJson(res, 200, await ctx.store.patch(checked, body));
};

export const deleteCredential: Handler = async (_req, res, ctx, { id }) => {
  await ctx.store.remove(requireId(id));
  sendJson(res, 200, { ok: true });
};

export const revealCredential: Handler = async (_req, res, ctx, { id }) => {
  sendJson(res, 200, await ctx.store.reveal(requireId(id)));
};

export const resolve: Handler = async (_req, res, ctx, { url }) => {
  const query = validate(ResolveQuery, Object.fromEntries(url.searchParams));
  const project = query.project ?? ctx.project.project;
  const snapshot = storeToSnapshot(ctx.store.snapshotFile(), { ...ctx.project, ...(project !== undefined ? { project } : {}) });
  const outcome = resolveRequirement(query.key, query.scope ?? null, snapshot, project !== undefined ? { project } : {});
  const base = { key: query.key, pin: query.scope ?? null, project: project ?? null, reason: outcome.reason };
  let body: ResolveResponse;
  if (outcome.ok) {
    const entry = ctx.store.find(outcome.entry.id!) ?? null;
    body = { ...base, resolved: true, entry, scope: outcome.scope, code: null, existsAt: [], tied: [] };
    if (query.values === "1" && entry !== null) body.values = (await ctx.store.reveal(entry.id)).fields;
  } else {
    body = { ...base, resolved: false, entry: null, scope: null, code: outcome.code, existsAt: outcome.existsAt, tied: outcome.tied.flatMap((e) => (e.id !== undefined ? [e.id] : [])) };
  }
  sendJson(res, 200, body);
};

export const snapshot: Handler = async (_req, res, ctx) => {
  sendJson(res, 200, storeToSnapshot(ctx.store.snapshotFile(), ctx.project));
};

export const events: Handler = async (_req, res, ctx) => {
  ctx.hub.attach(res);
};

export const importDotenv: Handler = async (req, res, ctx) => {
  const body = validate(ImportDotenvBody, await readJsonBody(req));
  const entries = await ctx.store.importDotenv(body, ctx.project.project);
  const response: ImportDotenvResponse = { imported: entries.length, entries };
  sendJson(res, 200, response);
};
