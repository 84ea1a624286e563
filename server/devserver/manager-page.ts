// GET / (the credential manager UI) and its assets. The page arrives as `/?code=<single-use code>`
// (browser-session.ts); its script trades the code for a session and drops it from the address bar.
import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { contentSecurityPolicy, renderManagerHtml } from "../../webview/html";
import { ApiError, sendText } from "./http-util";
import type { BrowserSessions } from "./browser-session";
import { settledRequestMessage, spentLinkMessage } from "./session-routes";

const ASSETS: Readonly<Record<string, { file: string; type: string }>> = {
  "/assets/main.js": { file: "main.js", type: "text/javascript; charset=utf-8" },
  "/assets/style.css": { file: "style.css", type: "text/css; charset=utf-8" },
  "/assets/request.js": { file: "request.js", type: "text/javascript; charset=utf-8" },
};

export function isAssetPath(pathname: string): boolean {
  return pathname in ASSETS;
}

export async function serveAsset(res: ServerResponse, pathname: string, webviewDir: string): Promise<void> {
  const asset = ASSETS[pathname]!;
  let body: Buffer;
  try {
    body = await readFile(path.join(webviewDir, asset.file));
  } catch {
    throw new ApiError(404, "not_found", `${pathname} is not built; run npm run build`);
  }
  sendText(res, 200, asset.type, body, { "Cache-Control": "no-cache" });
}

function htmlHeaders(nonce: string): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy({ nonce, mode: "browser" }),
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
  };
}

/** The two pages a link opens: the manager, and a coding agent's credential request (one form). */
export type PagePath = "/" | "/request";

export function isPagePath(pathname: string): pathname is PagePath {
  return pathname === "/" || pathname === "/request";
}

const WRONG_PAGE: Record<PagePath, string> = {
  "/": "This link opens a coding agent's request for one credential, not the credential manager. Open it exactly as the agent gave it.",
  "/request": "This page only opens from a coding agent's credential request link. For the credential manager, open a link from VS Code or `keystroke-credentials open`.",
};

/**
 * GET / and GET /request: the page holds no data, so it is served to anyone who passes the Host, Origin and
 * Sec-Fetch-Site checks; its script exchanges the link's code for a session. A spent code gets a
 * page that says so at once, so a link from the history shows why it no longer works.
 */
export function serveManagerPage(res: ServerResponse, url: URL, sessions: BrowserSessions, webviewDir: string, page: PagePath = "/"): void {
  const nonce = randomBytes(16).toString("base64");
  const code = url.searchParams.get("code");
  const state = code === null ? "valid" : sessions.linkState(code);
  const granted = code !== null && sessions.codeGrant(code) !== undefined;
  if (state !== "valid") {
    sendText(res, state === "unknown" ? 401 : 410, "text/html; charset=utf-8", messagePage(granted ? settledRequestMessage(state) : spentLinkMessage(state)), htmlHeaders(nonce));
    return;
  }
  // Without a code the request page may still be a reload of its tab, whose session is kept in it.
  if (code !== null && granted !== (page === "/request")) {
    sendText(res, 400, "text/html; charset=utf-8", messagePage(WRONG_PAGE[page]), htmlHeaders(nonce));
    return;
  }
  if (url.searchParams.has("token")) {
    sendText(res, 401, "text/html; charset=utf-8", messagePage(spentLinkMessage("unknown")), htmlHeaders(nonce));
    return;
  }
  const script = page === "/request" ? "request.js" : "main.js";
  const html = existsSync(path.join(webviewDir, script))
    ? // Relative URLs: behind a path proxy (code-server's /proxy/<port>/) the page keeps working.
      renderManagerHtml({ nonce, mode: "browser", scriptUri: `assets/${script}`, styleUri: "assets/style.css" })
    : messagePage("The credential manager UI is not built. Run npm run build; the HTTP API under /api/v1 works meanwhile.");
  sendText(res, 200, "text/html; charset=utf-8", html, htmlHeaders(nonce));
}

function messagePage(message: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>Keystroke Credentials</title></head><body><h1>Keystroke Credentials</h1><p>${message}</p></body></html>\n`;
}
