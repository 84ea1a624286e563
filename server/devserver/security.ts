// Request checks that keep other local processes and web pages out: DNS-rebinding defence (Host,
// exactly one), cross-site defence (Origin and Sec-Fetch-Site; no CORS headers are ever sent), and
// authentication: the bearer token (clients that read devserver.json) or a browser session
// (browser-session.ts). Nothing a browser sends on its own, such as a cookie, authenticates.
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { ApiError } from "./http-util";
import { isLoopbackHost } from "./flags";
import { SESSION_HEADER, type BrowserSessions } from "./browser-session";

export interface SecurityContext {
  token: string;
  /** `host:port` values a request may carry in Host (a registered forwarding origin's included). */
  allowedHosts: Set<string>;
  /** `http://host:port` origins that count as the server's own. */
  ownOrigins: Set<string>;
  sessions: BrowserSessions;
}

/**
 * A remote editor's port forwarding (code-server's /proxy/<port>/, a tunnel) reaches this server
 * under the editor's own origin, passing its Host and Origin through. A token holder (the
 * extension, which alone knows that origin) registers exactly it; every other Host stays refused,
 * so DNS rebinding is still blocked. Such a page shares its origin with the editor and its other
 * forwarded apps (README: Browser session).
 */
export function allowForwardedOrigin(ctx: SecurityContext, origin: URL): void {
  ctx.allowedHosts.add(origin.host.toLowerCase());
  ctx.ownOrigins.add(origin.origin.toLowerCase());
}

function hostWithPort(host: string, port: number): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]:${port}` : `${host}:${port}`;
}

export function securityContext(token: string, bindHost: string, port: number, sessions: BrowserSessions): SecurityContext {
  const names = ["127.0.0.1", "localhost", "[::1]"];
  // A deliberately exposed server (--host 0.0.0.0 or an interface address) is reached by that name.
  if (!isLoopbackHost(bindHost)) names.push(bindHost);
  const allowedHosts = new Set(names.map((h) => hostWithPort(h, port).toLowerCase()));
  return { token, allowedHosts, ownOrigins: new Set([...allowedHosts].map((h) => `http://${h}`)), sessions };
}

/** Equal-length digests make the comparison constant-time whatever the candidate's length. */
export function tokenMatches(candidate: string, token: string): boolean {
  const a = createHash("sha256").update(candidate).digest();
  const b = createHash("sha256").update(token).digest();
  return timingSafeEqual(a, b);
}

/** Node keeps one of several Host headers in `req.headers`; a second one is a smuggling attempt. */
function hostHeaders(req: IncomingMessage): string[] {
  const values: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() === "host") values.push(req.rawHeaders[i + 1]!);
  return values;
}

export function checkHostAndOrigin(req: IncomingMessage, ctx: SecurityContext): void {
  const hosts = hostHeaders(req);
  if (hosts.length > 1) throw new ApiError(400, "duplicate_host", "send exactly one Host header");
  const host = (hosts[0] ?? "").toLowerCase();
  if (!ctx.allowedHosts.has(host)) {
    throw new ApiError(403, "forbidden_host", "this server only answers requests addressed to 127.0.0.1, localhost or [::1] with its port");
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !ctx.ownOrigins.has(origin.toLowerCase())) {
    throw new ApiError(403, "forbidden_origin", "requests from other origins are refused");
  }
}

/**
 * Where a browser says where a request comes from (Sec-Fetch-Site), only the page's own origin
 * counts: a page on another port of 127.0.0.1 is `same-site`, not `same-origin`. `none` (typed
 * into the address bar, opened from VS Code or a terminal) is allowed only for the page itself.
 */
export function checkFetchSite(req: IncomingMessage, topLevelPage: boolean): void {
  const site = req.headers["sec-fetch-site"];
  if (site === undefined || site === "same-origin" || (topLevelPage && site === "none")) return;
  throw new ApiError(403, "forbidden_site", topLevelPage ? "open the credential manager from the link VS Code or the server gives you, not from another page" : "requests from other pages are refused");
}

/** Who a request comes from: a token holder, or a browser session (limited to one credential request when granted). */
export type Principal = { kind: "bearer" } | { kind: "session"; grant?: string };

/**
 * The bearer token, else a live browser session from X-Keystroke-Session. `bearerOnly` routes
 * refuse sessions; `grant` routes take only the session granted for that request (or the token
 * when `allowBearer`); every other route refuses granted sessions, whose link passed through a
 * coding agent and must open nothing but its one form.
 */
export function authenticate(req: IncomingMessage, ctx: SecurityContext, options: { bearerOnly?: boolean; grant?: { id: string; allowBearer: boolean } } = {}): Principal {
  const authorization = req.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match === null) throw new ApiError(401, "unauthorized", "use Authorization: Bearer <token> (the token is in devserver.json)");
    if (!tokenMatches(match[1]!, ctx.token)) throw new ApiError(401, "unauthorized", "the token is wrong; read the current one from devserver.json");
    if (options.grant !== undefined && !options.grant.allowBearer) throw new ApiError(403, "forbidden", "only the person's page of this request may store its values");
    return { kind: "bearer" };
  }
  const session = req.headers[SESSION_HEADER];
  const live = !options.bearerOnly && typeof session === "string" ? ctx.sessions.touch(session) : null;
  if (live !== null) {
    if (options.grant !== undefined ? live.grant !== options.grant.id : live.grant !== undefined) {
      throw new ApiError(403, "forbidden_grant", "this page may only store the one credential it was opened for");
    }
    return { kind: "session", ...(live.grant !== undefined ? { grant: live.grant } : {}) };
  }
  if (typeof session === "string") {
    throw new ApiError(401, "session_ended", "this browser session has ended (the server restarted, or 8 hours passed without use); open a new link from VS Code or `keystroke-credentials open`");
  }
  throw new ApiError(401, "unauthorized", "missing token: send Authorization: Bearer <token> (from devserver.json), or open a link from `keystroke-credentials open`");
}
