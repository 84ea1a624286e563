// The webview message protocol (server/core/schema/webview.ts) and the HTML shell's CSP: what
// each side accepts and rejects, and that nothing persistent can carry a value.
import test from "node:test";
import assert from "node:assert/strict";
import { HostMessage, WEBVIEW_METHODS, WEBVIEW_METHOD_NAMES, WebviewRequest, WebviewState } from "../../server/core/schema";
import { contentSecurityPolicy, renderManagerHtml } from "../../webview/html";
import { httpCallFor } from "../../webview/browser-transport";

test("requests: each method's params are validated; unknown methods and extra fields are refused", () => {
  assert.ok(WebviewRequest.safeParse({ type: "request", id: 1, method: "list", params: {} }).success);
  assert.ok(WebviewRequest.safeParse({ type: "request", id: 2, method: "put", params: { key: "exa", scope: "organization", fields: { apiKey: "v" } } }).success);
  assert.ok(!WebviewRequest.safeParse({ type: "request", id: 3, method: "put", params: { key: "bad key", scope: "organization", fields: { apiKey: "v" } } }).success);
  assert.ok(!WebviewRequest.safeParse({ type: "request", id: 4, method: "put", params: { key: "exa", scope: "organization", fields: {} } }).success);
  assert.ok(!WebviewRequest.safeParse({ type: "request", id: 5, method: "eval", params: {} }).success);
  assert.ok(!WebviewRequest.safeParse({ type: "request", id: 6, method: "reveal", params: { id: "x", extra: 1 } }).success);
  assert.ok(!WebviewRequest.safeParse({ type: "request", id: -1, method: "list", params: {} }).success);
  assert.ok(WebviewRequest.safeParse({ type: "request", id: 7, method: "push", params: { id: "abc", targets: [{ scope: "project", project: "bot" }] } }).success);
  assert.ok(!WebviewRequest.safeParse({ type: "request", id: 8, method: "push", params: { id: "abc", targets: [] } }).success);
});

test("host messages: responses, typed errors and events", () => {
  assert.ok(HostMessage.safeParse({ type: "response", id: 1, ok: true, result: { entries: [] } }).success);
  assert.ok(HostMessage.safeParse({ type: "error", id: 1, error: { code: "x", message: "what to do" } }).success);
  assert.ok(HostMessage.safeParse({ type: "event", event: { kind: "store", event: { type: "created", ids: ["a"], keys: ["k"], at: "t" } } }).success);
  assert.ok(HostMessage.safeParse({ type: "event", event: { kind: "focus", key: "exa" } }).success);
  assert.ok(!HostMessage.safeParse({ type: "event", event: { kind: "nope" } }).success);
  assert.ok(!HostMessage.safeParse({ type: "error", id: 1, error: { message: "no code" } }).success);
});

test("every method has params and result schemas; results are checked by the UI", () => {
  for (const name of WEBVIEW_METHOD_NAMES) {
    assert.ok(WEBVIEW_METHODS[name].params, name);
    assert.ok(WEBVIEW_METHODS[name].result, name);
  }
  assert.ok(!WEBVIEW_METHODS.reveal.result.safeParse({ id: "x" }).success);
  assert.ok(WEBVIEW_METHODS.requirements.result.safeParse({ available: false, reason: "starting" }).success);
});

test("persisted webview state holds layout only: any other property is refused", () => {
  assert.ok(WebviewState.safeParse({ collapsed: ["cloud"] }).success);
  assert.ok(!WebviewState.safeParse({ collapsed: [], revealed: { apiKey: "secret" } }).success);
});

test("browser transport maps methods onto the dev server's routes", () => {
  assert.deepEqual(httpCallFor("patch", { id: "a b", body: { name: "n" } }), { method: "PATCH", path: "/credentials/a%20b", body: { name: "n" } });
  assert.deepEqual(httpCallFor("reveal", { id: "x" }), { method: "POST", path: "/credentials/x/reveal" });
  assert.deepEqual(httpCallFor("push", { id: "x", targets: [{ scope: "user" }] }), { method: "POST", path: "/cloud/push", body: { id: "x", targets: [{ scope: "user" }] } });
  assert.equal(httpCallFor("openLocation", { root: "/", file: "a", range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }), null);
});

test("HTML shell: nonce-only scripts, no inline code, CSP per mode", () => {
  const nonce = "abcdefghijklmnopqrstuv==";
  const html = renderManagerHtml({ nonce, mode: "vscode", cspSource: "vscode-webview://x", scriptUri: "vscode-webview://x/main.js", styleUri: "vscode-webview://x/style.css" });
  assert.match(html, new RegExp(`script-src 'nonce-${nonce}'`));
  assert.match(html, /default-src 'none'/);
  assert.match(html, /connect-src 'none'/);
  assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
  assert.equal((html.match(/<script/g) ?? []).length, 1);
  assert.match(html, /<script nonce="[^"]+" src="vscode-webview:\/\/x\/main.js"><\/script>/);
  assert.doesNotMatch(html, /\sstyle=|\son[a-z]+=/, "no inline styles or handlers");
  const browser = contentSecurityPolicy({ nonce, mode: "browser" });
  assert.match(browser, /connect-src 'self'/);
  assert.match(browser, /frame-ancestors 'none'/);
  assert.doesNotMatch(renderManagerHtml({ nonce, mode: "browser", scriptUri: "/assets/main.js", styleUri: "/assets/style.css" }), /frame-ancestors/, "meta tags cannot carry frame-ancestors");
  // The browser tab gets an icon (a data: URL, allowed by img-src); the VS Code webview has none to show.
  assert.match(renderManagerHtml({ nonce, mode: "browser", scriptUri: "/assets/main.js", styleUri: "/assets/style.css" }), /<link rel="icon" type="image\/svg\+xml" href="data:image\/svg\+xml,/);
  assert.match(contentSecurityPolicy({ nonce, mode: "browser" }), /img-src 'self' data:/);
  assert.throws(() => renderManagerHtml({ nonce: "short", mode: "browser", scriptUri: "/a", styleUri: "/b" }));
  assert.throws(() => renderManagerHtml({ nonce, mode: "vscode", scriptUri: "/a", styleUri: "/b" }));
});
