// The request pipeline: Host and Origin checks, routing (404/405), token, handler, and one place
// that turns every failure into an ApiErrorBody. Store-side request errors map to 400/404/409,
// an unreachable secret backend to 503; only a real bug yields 500, with no detail leaked.
import type { IncomingMessage, ServerResponse } from "node:http";
import { SecretsUnavailableError, StorageError, StoreRequestError } from "../store";
import * as api from "./api";
import * as cloud from "./cloud-routes";
import { requirements } from "./requirements-route";
import { ApiError, sendError } from "./http-util";
import { isAssetPath, isPagePath, serveAsset, serveManagerPage } from "./manager-page";
import { authenticate, checkFetchSite, checkHostAndOrigin, type SecurityContext } from "./security";
import { exchangeCode, mintLink, registerOrigin } from "./session-routes";
import { cancelRequest, createRequest, fulfilRequest, requestState } from "./request-routes";
import { errorMessage } from "../core/error-message";

export interface AppContext extends api.ApiContext {
  security: SecurityContext;
  webviewDir: string;
  log: (line: string) => void;
}

interface Route {
  pattern: RegExp;
  methods: Partial<Record<string, api.Handler>>;
  /**
   * Default "any": the bearer token or an ungranted browser session. "grant": only the session
   * granted the credential request named in the path; "grant-or-bearer": that, or the token.
   * Per method where methods differ.
   */
  auth?: Auth | Partial<Record<string, Auth>>;
}
type Auth = "any" | "public" | "bearer" | "grant" | "grant-or-bearer";

const PREFIX = "/api/v1";
const ROUTES: readonly Route[] = [
  { pattern: /^\/health$/, methods: { GET: api.health }, auth: "public" },
  // The page's one-time exchange of its link code; the code is the credential.
  { pattern: /^\/session$/, methods: { POST: exchangeCode }, auth: "public" },
  // A browser session must not mint links for other tabs: only token holders hand them out.
  { pattern: /^\/session\/link$/, methods: { POST: mintLink }, auth: "bearer" },
  { pattern: /^\/session\/origin$/, methods: { POST: registerOrigin }, auth: "bearer" },
  { pattern: /^\/credentials$/, methods: { GET: api.listCredentials, PUT: api.putCredential } },
  { pattern: /^\/credentials\/([^/]+)$/, methods: { PATCH: api.patchCredential, DELETE: api.deleteCredential } },
  { pattern: /^\/credentials\/([^/]+)\/reveal$/, methods: { POST: api.revealCredential } },
  { pattern: /^\/resolve$/, methods: { GET: api.resolve } },
  { pattern: /^\/snapshot$/, methods: { GET: api.snapshot } },
  { pattern: /^\/events$/, methods: { GET: api.events } },
  { pattern: /^\/import\/dotenv$/, methods: { POST: api.importDotenv } },
  { pattern: /^\/cloud$/, methods: { GET: cloud.cloudList } },
  { pattern: /^\/cloud\/refresh$/, methods: { POST: cloud.cloudRefresh } },
  { pattern: /^\/cloud\/push$/, methods: { POST: cloud.cloudPush } },
  { pattern: /^\/requirements$/, methods: { GET: requirements } },
  { pattern: /^\/requests$/, methods: { POST: createRequest }, auth: "bearer" },
  {
    pattern: /^\/requests\/([^/]+)$/,
    methods: { GET: requestState, PUT: fulfilRequest, DELETE: cancelRequest },
    auth: { GET: "bearer", PUT: "grant", DELETE: "grant-or-bearer" },
  },
];

const STORE_ERROR_STATUS = { invalid: 400, not_found: 404, conflict: 409 } as const;
const STORE_ERROR_CODE = { invalid: "invalid_request", not_found: "not_found", conflict: "conflict" } as const;

function methodNotAllowed(allowed: readonly string[]): ApiError {
  return new ApiError(405, "method_not_allowed", `use ${allowed.join(" or ")}`, { Allow: allowed.join(", ") });
}

async function route(req: IncomingMessage, res: ServerResponse, ctx: AppContext): Promise<void> {
  checkHostAndOrigin(req, ctx.security);
  let url: URL;
  try {
    url = new URL(req.url ?? "/", "http://127.0.0.1");
  } catch {
    throw new ApiError(400, "invalid_url", "the request URL cannot be parsed");
  }
  const method = req.method ?? "GET";
  if (isPagePath(url.pathname) || isAssetPath(url.pathname)) {
    if (method !== "GET") throw methodNotAllowed(["GET"]);
    checkFetchSite(req, isPagePath(url.pathname));
    if (isPagePath(url.pathname)) serveManagerPage(res, url, ctx.sessions, ctx.webviewDir, url.pathname);
    else await serveAsset(res, url.pathname, ctx.webviewDir);
    return;
  }
  if (!url.pathname.startsWith(`${PREFIX}/`)) throw new ApiError(404, "not_found", `no such route: ${url.pathname}`);
  checkFetchSite(req, false);
  const path = url.pathname.slice(PREFIX.length);
  for (const candidate of ROUTES) {
    const match = candidate.pattern.exec(path);
    if (match === null) continue;
    const handler = candidate.methods[method];
    if (handler === undefined) throw methodNotAllowed(Object.keys(candidate.methods));
    let id: string | undefined;
    let badId = false;
    if (match[1] !== undefined) {
      try {
        id = decodeURIComponent(match[1]);
      } catch {
        badId = true;
      }
    }
    // Authentication comes first, so a stranger learns nothing from how the path is refused.
    const auth = (typeof candidate.auth === "object" ? candidate.auth[method] : candidate.auth) ?? "any";
    if (auth === "grant" || auth === "grant-or-bearer") authenticate(req, ctx.security, { grant: { id: id ?? "", allowBearer: auth === "grant-or-bearer" } });
    else if (auth !== "public") authenticate(req, ctx.security, { bearerOnly: auth === "bearer" });
    if (badId) throw new ApiError(400, "invalid_id", "the credential id is not valid URL encoding");
    await handler(req, res, ctx, { url, ...(id !== undefined ? { id } : {}) });
    return;
  }
  throw new ApiError(404, "not_found", `no such route: ${url.pathname}`);
}

function toApiError(error: unknown, ctx: AppContext): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof StoreRequestError) return new ApiError(STORE_ERROR_STATUS[error.kind], STORE_ERROR_CODE[error.kind], error.message);
  if (error instanceof SecretsUnavailableError) return new ApiError(503, "secrets_unavailable", error.message);
  if (error instanceof StorageError) return new ApiError(error.kind === "no_space" ? 507 : 503, `storage_${error.kind}`, error.message);
  // A bug: log the message (never request data) and answer without details.
  ctx.log(`internal error: ${errorMessage(error)}`);
  return new ApiError(500, "internal", "internal error in the dev server; see its output");
}

export function createRequestListener(ctx: AppContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    route(req, res, ctx).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendError(res, toApiError(error, ctx));
    });
  };
}
