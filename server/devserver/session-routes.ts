// /api/v1/session routes of the browser session (browser-session.ts): minting a link (bearer
// token only: VS Code, the CLI, `serve --attach`) and the page's one-time exchange of its code.
import path from "node:path";
import { defaultStoreDir } from "../store/paths";
import { ForwardedOriginBody, SessionExchangeBody, describeZodError, type BrowserLinkResponse, type SessionExchangeResponse } from "../core/schema";
import type { ApiContext, Handler } from "./api";
import { LINK_TTL_MS, SESSION_IDLE_MS, type LinkState } from "./browser-session";
import { ApiError, readJsonBody, sendJson } from "./http-util";
import { REQUEST_TTL_MS } from "./credential-requests";
import { replacesEntry } from "./request-routes";

/** What a person reads when a link no longer works; the page says the same. */
export function spentLinkMessage(state: Exclude<LinkState, "valid">): string {
  const how = "Open a new one from VS Code (“Keystroke: Open Credential Manager in Browser”) or with `keystroke-credentials open`.";
  switch (state) {
    case "used":
      return `This link was used already; each link opens one browser tab. ${how}`;
    case "expired":
      return `This link expired (links are valid for ${LINK_TTL_MS / 1000} seconds). ${how}`;
    case "unknown":
      return `This link is not one this server gave out (it may have restarted since). ${how}`;
  }
}

/** What a person reads when a credential request's link no longer opens its form. */
export function settledRequestMessage(state: string): string {
  const why: Record<string, string> = {
    stored: "its credential was stored already",
    cancelled: "the request was cancelled",
    expired: `the request expired (requests are valid for ${REQUEST_TTL_MS / 60_000} minutes)`,
    used: "this link was opened already; each link opens one form",
    unknown: "the dev server does not know it (it may have restarted since)",
  };
  return `This link no longer works: ${why[state] ?? state}. Ask the coding agent to request the credential again, or set it in VS Code.`;
}

/** A fresh link, valid once, for LINK_TTL_MS. */
export function mintBrowserLink(ctx: Pick<ApiContext, "sessions" | "pageUrl">): BrowserLinkResponse {
  const { code, expiresAt } = ctx.sessions.mintCode();
  return { url: ctx.pageUrl(code), expiresAt: new Date(expiresAt).toISOString(), validForSeconds: LINK_TTL_MS / 1000 };
}

/** The printed line every entry point and test looks for, and what to do when it is spent. */
export function linkLines(link: BrowserLinkResponse, storeDir: string): string[] {
  const store = path.resolve(storeDir) === defaultStoreDir() ? "" : ` --store ${/^[\w./:-]+$/.test(storeDir) ? storeDir : JSON.stringify(storeDir)}`;
  return [
    `Credential manager: ${link.url}`,
    `  (this link opens one browser tab and is valid for ${link.validForSeconds} s; for another, run \`keystroke-credentials open${store}\` or use “Keystroke: Open Credential Manager in Browser” in VS Code)`,
  ];
}

/** POST /session/origin { origin } (bearer only): the forwarded origin a remote editor opens the page under. */
export const registerOrigin: Handler = async (req, res, ctx) => {
  const parsed = ForwardedOriginBody.safeParse(await readJsonBody(req));
  if (!parsed.success) throw new ApiError(400, "invalid_request", describeZodError(parsed.error));
  ctx.allowOrigin(new URL(parsed.data.origin));
  sendJson(res, 200, { ok: true });
};

/** POST /session/link. */
export const mintLink: Handler = async (_req, res, ctx) => {
  sendJson(res, 200, mintBrowserLink(ctx));
};

/** POST /session { code }: uses the code and answers the session secret (410 once it is spent). */
export const exchangeCode: Handler = async (req, res, ctx) => {
  const parsed = SessionExchangeBody.safeParse(await readJsonBody(req));
  if (!parsed.success) throw new ApiError(400, "invalid_request", describeZodError(parsed.error));
  // A credential request's link opens its form only while the agent still waits for it.
  const grant = ctx.sessions.codeGrant(parsed.data.code);
  const request = grant !== undefined ? ctx.requests.view(grant, (r) => replacesEntry(ctx, r)) : undefined;
  if (grant !== undefined && request === null) throw new ApiError(410, "request_settled", settledRequestMessage(ctx.requests.state(grant)?.state ?? "expired"));
  const result = ctx.sessions.exchange(parsed.data.code);
  if (!result.ok) throw new ApiError(result.state === "unknown" ? 401 : 410, `link_${result.state}`, grant !== undefined ? settledRequestMessage(result.state) : spentLinkMessage(result.state));
  const body: SessionExchangeResponse = { session: result.session, idleTimeoutSeconds: SESSION_IDLE_MS / 1000, ...(request ? { request } : {}) };
  sendJson(res, 200, body);
};
