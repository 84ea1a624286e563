// The credential manager's HTML shell, shared by the VS Code webview view and the dev server's
// GET / (one UI, two transports). Everything dynamic lives in main.js; this page only loads it
// under a strict Content-Security-Policy: scripts only with the per-response nonce, styles and
// requests only from the page's own source, no inline anything.

export interface ManagerHtmlOptions {
  /** Fresh per response: 128 bits of randomness, base64 or hex. */
  nonce: string;
  mode: "vscode" | "browser";
  /** `webview.cspSource` in VS Code; unused in the browser (same origin: 'self'). */
  cspSource?: string;
  scriptUri: string;
  styleUri: string;
}

const NONCE = /^[A-Za-z0-9+/=_-]{16,}$/;

function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * The page's policy. `frame-ancestors` only works as an HTTP header (browsers ignore it in a meta
 * tag), so it is added for the header the dev server sends, not for the meta tag.
 */
export function contentSecurityPolicy(options: Pick<ManagerHtmlOptions, "nonce" | "mode" | "cspSource">, delivery: "header" | "meta" = "header"): string {
  const source = options.mode === "vscode" ? (options.cspSource ?? "") : "'self'";
  const directives = [
    "default-src 'none'",
    `script-src 'nonce-${options.nonce}'`,
    `style-src ${source}`,
    `img-src ${source} data:`,
    `font-src ${source}`,
    // The browser UI talks to its own origin (HTTP API and /events); the webview talks only to the host.
    options.mode === "browser" ? "connect-src 'self'" : "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ];
  if (options.mode === "browser" && delivery === "header") directives.push("frame-ancestors 'none'");
  return directives.join("; ");
}

/** The browser tab's icon: the activity-bar key, inline (a data: URL, which img-src allows) so no route serves it. */
const FAVICON = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="#0078d4" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><circle cx="7.5" cy="15.5" r="4"/><path d="M10.5 12.5 20 3"/><path d="m16 7 3 3"/><path d="m18.5 4.5 2 2"/></svg>')}`;

export function renderManagerHtml(options: ManagerHtmlOptions): string {
  if (!NONCE.test(options.nonce)) throw new Error("renderManagerHtml: the nonce must be at least 16 base64/hex characters");
  if (options.mode === "vscode" && !options.cspSource) throw new Error("renderManagerHtml: cspSource is required in vscode mode");
  const csp = escapeAttribute(contentSecurityPolicy(options, "meta"));
  const title = "Keystroke Credentials";
  return `<!DOCTYPE html>
<html lang="en" data-mode="${options.mode}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
${options.mode === "browser" ? `<link rel="icon" type="image/svg+xml" href="${escapeAttribute(FAVICON)}">\n` : ""}<link rel="stylesheet" href="${escapeAttribute(options.styleUri)}">
</head>
<body data-mode="${options.mode}">
<main id="app" aria-busy="true" aria-label="${title}"><p class="muted">Loading credentials…</p></main>
<div id="live" class="visually-hidden" role="status" aria-live="polite"></div>
<script nonce="${escapeAttribute(options.nonce)}" src="${escapeAttribute(options.scriptUri)}"></script>
</body>
</html>
`;
}
