// GET / (the credential manager UI) and its assets. The token arrives once as `?token=`; it is
// moved into an HttpOnly, SameSite=Strict cookie and the browser is redirected (303) to `/`, so
// the token does not stay in the address bar, history or Referer.
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { contentSecurityPolicy, renderManagerHtml } from "../../webview/html";
import { ApiError, sendText } from "./http-util";
import { parseCookies, tokenMatches, type SecurityContext } from "./security";

const ASSETS: Readonly<Record<string, { file: string; type: string }>> = {
  "/assets/main.js": { file: "main.js", type: "text/javascript; charset=utf-8" },
  "/assets/style.css": { file: "style.css", type: "text/css; charset=utf-8" },
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

export function serveManagerPage(req: IncomingMessage, res: ServerResponse, url: URL, security: SecurityContext, webviewDir: string): void {
  const nonce = randomBytes(16).toString("base64");
  const given = url.searchParams.get("token");
  if (given !== null) {
    if (!tokenMatches(given, security.token)) {
      sendText(res, 401, "text/html; charset=utf-8", messagePage("This link's token is not valid. Open the URL the server printed when it started."), htmlHeaders(nonce));
      return;
    }
    res.writeHead(303, {
      Location: "/",
      "Set-Cookie": `${security.cookieName}=${security.token}; HttpOnly; SameSite=Strict; Path=/`,
      "Referrer-Policy": "no-referrer",
      "Cache-Control": "no-store",
      "Content-Length": 0,
    });
    res.end();
    return;
  }
  const cookie = parseCookies(req.headers.cookie).get(security.cookieName);
  if (cookie === undefined || !tokenMatches(cookie, security.token)) {
    sendText(res, 401, "text/html; charset=utf-8", messagePage("Open the URL the server printed when it started (it carries the access token)."), htmlHeaders(nonce));
    return;
  }
  const html = existsSync(path.join(webviewDir, "main.js"))
    ? renderManagerHtml({ nonce, mode: "browser", scriptUri: "/assets/main.js", styleUri: "/assets/style.css" })
    : messagePage("The credential manager UI is not built. Run npm run build; the HTTP API under /api/v1 works meanwhile.");
  sendText(res, 200, "text/html; charset=utf-8", html, htmlHeaders(nonce));
}

function messagePage(message: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>Keystroke Credentials</title></head><body><h1>Keystroke Credentials</h1><p>${message}</p></body></html>\n`;
}
