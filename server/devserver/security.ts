// Request checks that keep other local processes and web pages out: DNS-rebinding defence (Host),
// cross-site defence (Origin; no CORS headers are ever sent), and the token, compared in constant
// time, from the Authorization header or the manager UI's cookie.
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { ApiError } from "./http-util";
import { isLoopbackHost } from "./flags";

export interface SecurityContext {
  token: string;
  /** `host:port` values a request may carry in Host. */
  allowedHosts: ReadonlySet<string>;
  /** `http://host:port` origins that count as the server's own. */
  ownOrigins: ReadonlySet<string>;
  cookieName: string;
}

function hostWithPort(host: string, port: number): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]:${port}` : `${host}:${port}`;
}

export function securityContext(token: string, bindHost: string, port: number): SecurityContext {
  const names = ["127.0.0.1", "localhost", "[::1]"];
  // A deliberately exposed server (--host 0.0.0.0 or an interface address) is reached by that name.
  if (!isLoopbackHost(bindHost)) names.push(bindHost);
  const allowedHosts = new Set(names.map((h) => hostWithPort(h, port).toLowerCase()));
  return {
    token,
    allowedHosts,
    ownOrigins: new Set([...allowedHosts].map((h) => `http://${h}`)),
    // Cookies ignore ports: name it per port so two servers on one machine do not clash.
    cookieName: `keystroke_token_${port}`,
  };
}

/** Equal-length digests make the comparison constant-time whatever the candidate's length. */
export function tokenMatches(candidate: string, token: string): boolean {
  const a = createHash("sha256").update(candidate).digest();
  const b = createHash("sha256").update(token).digest();
  return timingSafeEqual(a, b);
}

export function checkHostAndOrigin(req: IncomingMessage, ctx: SecurityContext): void {
  const host = (req.headers.host ?? "").toLowerCase();
  if (!ctx.allowedHosts.has(host)) {
    throw new ApiError(403, "forbidden_host", "this server only answers requests addressed to 127.0.0.1, localhost or [::1] with its port");
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !ctx.ownOrigins.has(origin.toLowerCase())) {
    throw new ApiError(403, "forbidden_origin", "requests from other origins are refused");
  }
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) cookies.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return cookies;
}

/** Bearer token, else the UI cookie (whose Origin, if any, checkHostAndOrigin already vetted). */
export function authenticate(req: IncomingMessage, ctx: SecurityContext): void {
  const authorization = req.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match === null) throw new ApiError(401, "unauthorized", "use Authorization: Bearer <token> (the token is in devserver.json)");
    if (!tokenMatches(match[1]!, ctx.token)) throw new ApiError(401, "unauthorized", "the token is wrong; read the current one from devserver.json");
    return;
  }
  const cookie = parseCookies(req.headers.cookie).get(ctx.cookieName);
  if (cookie !== undefined && tokenMatches(cookie, ctx.token)) return;
  throw new ApiError(401, "unauthorized", "missing token: send Authorization: Bearer <token> (from devserver.json), or open the URL the server printed");
}
