// /api/v1/requests: a coding agent asks the person for one credential (credential-requests.ts).
// The agent's side (bearer token: the MCP server) creates, watches and cancels a request; only
// the page opened from the request's link, through its granted session, stores the values.
import type { IncomingMessage } from "node:http";
import {
  CreateCredentialRequestBody,
  FulfilCredentialRequestBody,
  describeZodError,
  type CreateCredentialRequestBody as RequestBody,
  type CredentialRequestCreated,
  type CredentialRequestState,
} from "../core/schema";
import type { ApiContext, Handler } from "./api";
import { SESSION_HEADER } from "./browser-session";
import { REQUEST_TTL_MS } from "./credential-requests";
import { ApiError, readJsonBody, sendJson } from "./http-util";
import { ownerProject } from "../store";

/** A status call may wait this long for the request to settle (long polling, not a sleep). */
const MAX_WAIT_SECONDS = 30;

function requestId(id: string | undefined): string {
  if (id === undefined || !/^[0-9a-f-]{36}$/.test(id)) throw new ApiError(400, "invalid_id", "not a credential request id");
  return id;
}

function stateOf(ctx: ApiContext, id: string): CredentialRequestState {
  const state = ctx.requests.state(id);
  if (state === null) throw new ApiError(404, "not_found", "no such credential request (the dev server may have restarted since; ask again)");
  return state;
}

/** Whether storing this request replaces the values of an entry that exists. */
export function replacesEntry(ctx: Pick<ApiContext, "store">, r: Pick<RequestBody, "key" | "scope" | "project">): boolean {
  return ctx.store.snapshotFile().entries.some((e) => e.key === r.key && e.scope === r.scope && e.project === r.project);
}

/** POST /requests (bearer): a request and its single-use link. */
export const createRequest: Handler = async (req, res, ctx) => {
  const parsed = CreateCredentialRequestBody.safeParse(await readJsonBody(req));
  if (!parsed.success) throw new ApiError(400, "invalid_request", describeZodError(parsed.error));
  const body = parsed.data;
  // The project the write will own, as the store decides it for a PUT (a 400 the same way).
  const project = ownerProject(body.scope, body.project, ctx.project.project, "");
  const names = body.fields.map((f) => f.name);
  if (new Set(names).size !== names.length) throw new ApiError(400, "invalid_request", "fields: each field once");
  const { id, expiresAt } = ctx.requests.create({ ...body, ...(project !== undefined ? { project } : {}) });
  const { code } = ctx.sessions.mintCode({ ttlMs: REQUEST_TTL_MS, grant: id });
  const created: CredentialRequestCreated = { id, url: ctx.pageUrl(code, "/request"), expiresAt: new Date(expiresAt).toISOString(), validForSeconds: REQUEST_TTL_MS / 1000 };
  sendJson(res, 201, created);
};

/** GET /requests/:id[?wait=S] (bearer): the state, after waiting up to S seconds for it to settle. */
export const requestState: Handler = async (_req, res, ctx, { id, url }) => {
  const checked = requestId(id);
  stateOf(ctx, checked);
  const wait = Number(url.searchParams.get("wait") ?? "0");
  if (!Number.isFinite(wait) || wait < 0 || wait > MAX_WAIT_SECONDS) throw new ApiError(400, "invalid_request", `wait: seconds from 0 to ${MAX_WAIT_SECONDS}`);
  if (wait > 0) await ctx.requests.waitForChange(checked, wait * 1000);
  sendJson(res, 200, stateOf(ctx, checked));
};

/** DELETE /requests/:id (bearer, or the request's own page): cancels a pending request. */
export const cancelRequest: Handler = async (_req, res, ctx, { id }) => {
  const checked = requestId(id);
  const before = stateOf(ctx, checked);
  if (!ctx.requests.cancel(checked)) throw new ApiError(409, `request_${before.state}`, `this request is ${before.state} already`);
  sendJson(res, 200, stateOf(ctx, checked));
};

function sessionOf(req: IncomingMessage): string | undefined {
  const value = req.headers[SESSION_HEADER];
  return typeof value === "string" ? value : undefined;
}

/** PUT /requests/:id { fields } (the request's page only): stores the entry, once, and ends the page's session. */
export const fulfilRequest: Handler = async (req, res, ctx, { id }) => {
  const checked = requestId(id);
  const parsed = FulfilCredentialRequestBody.safeParse(await readJsonBody(req));
  if (!parsed.success) throw new ApiError(400, "invalid_request", describeZodError(parsed.error));
  const request = ctx.requests.pending(checked);
  if (request === null) {
    const state = stateOf(ctx, checked).state;
    throw new ApiError(410, `request_${state}`, `this request is ${state}; nothing was stored. Ask the agent to request the credential again.`);
  }
  const asked = new Map(request.fields.map((f) => [f.name, f]));
  const given = parsed.data.fields;
  const extra = Object.keys(given).filter((name) => !asked.has(name));
  if (extra.length > 0) throw new ApiError(400, "invalid_request", `fields: ${extra.join(", ")} ${extra.length === 1 ? "was" : "were"} not requested`);
  const empty = request.fields.filter((f) => !f.optional && !(given[f.name] ?? "").trim());
  if (empty.length > 0) throw new ApiError(400, "invalid_request", `fields: ${empty.map((f) => f.name).join(", ")} ${empty.length === 1 ? "needs" : "need"} a value`);
  // An optional field left empty is not stored at all.
  const values = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== ""));
  if (Object.keys(values).length === 0) throw new ApiError(400, "invalid_request", "fields: give at least one value");
  const { entry } = await ctx.store.put(
    { key: request.key, scope: request.scope, ...(request.project !== undefined ? { project: request.project } : {}), fields: values, ...(request.kind !== undefined ? { kind: request.kind } : {}) },
    ctx.project.project,
  );
  ctx.requests.stored(checked, entry);
  const session = sessionOf(req);
  if (session !== undefined) ctx.sessions.end(session);
  sendJson(res, 200, stateOf(ctx, checked));
};
