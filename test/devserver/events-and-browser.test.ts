// Live updates and the browser flow: SSE events carry ids and keys (never values) and keep-alive
// comments; the browser session: a printed link's code is traded once for a session secret that
// authenticates only in its header, from the server's own origin; HTML has its headers.
import test, { after, before } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import type { StoreEvent } from "../../server/core/schema";
import { DevServerClient } from "../../server/devserver/client";
import { ROOT, raw, removeDir, spawnServer, type Spawned } from "./harness";

let server: Spawned;
let client: DevServerClient;

before(async () => {
  server = await spawnServer({ env: { KEYSTROKE_DEVSERVER_KEEPALIVE_MS: "200" } });
  client = new DevServerClient({ host: "127.0.0.1", port: server.port, token: server.token });
});

after(async () => {
  client?.close();
  await server?.stop();
  if (server) removeDir(server.storeDir);
});

function subscribe(): Promise<{ next: (n: number) => Promise<StoreEvent[]>; dispose: () => void }> {
  return new Promise((resolve, reject) => {
    const received: StoreEvent[] = [];
    const waiters: (() => void)[] = [];
    const dispose = client.events(
      (event) => {
        received.push(event);
        waiters.splice(0).forEach((w) => w());
      },
      (error) => reject(error),
      () =>
        resolve({
          dispose,
          next: async (n) => {
            while (received.length < n) await new Promise<void>((r) => waiters.push(r));
            return received.slice(0, n);
          },
        }),
    );
  });
}

test("SSE: one event per change, ids and keys only", async () => {
  const stream = await subscribe();
  const entry = await client.put({ key: "sse-key", scope: "organization", fields: { apiKey: "sse-secret-value" } });
  await client.patch(entry.id, { fields: { apiKey: "sse-rotated-value" } });
  await client.importDotenv({ content: "X=sse-dotenv-value", mapping: [{ env: "X", key: "sse-other", field: "apiKey", scope: "organization" }] });
  await client.remove(entry.id);
  const events = await stream.next(4);
  stream.dispose();
  assert.deepEqual(events.map((e) => e.type), ["created", "updated", "imported", "deleted"]);
  assert.deepEqual(events[0]!.ids, [entry.id]);
  assert.deepEqual(events[0]!.keys, ["sse-key"]);
  assert.ok(!JSON.stringify(events).includes("value"), "no secret value in any event");
});

test("SSE: keep-alive comments arrive on an idle stream", async () => {
  const text = await new Promise<string>((resolve, reject) => {
    let seen = "";
    const req = http.get({ host: "127.0.0.1", port: server.port, path: "/api/v1/events", headers: { Authorization: `Bearer ${server.token}` } }, (res) => {
      assert.equal(res.headers["content-type"], "text/event-stream; charset=utf-8");
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        seen += chunk;
        if (seen.includes(": keep-alive")) {
          req.destroy();
          resolve(seen);
        }
      });
    });
    req.on("error", (e: NodeJS.ErrnoException) => (e.code === "ECONNRESET" ? undefined : reject(e)));
  });
  assert.match(text, /: connected/);
});

test("browser: the printed link opens the page once; its code buys one session, sent only in a header", async () => {
  const code = new URL(server.link).searchParams.get("code")!;
  assert.ok(!server.link.includes(server.token), "the printed link does not carry the token");
  const page = await raw(server.port, { path: `/?code=${encodeURIComponent(code)}`, headers: { "Sec-Fetch-Site": "none" } });
  assert.equal(page.status, 200);
  assert.equal(page.headers["set-cookie"], undefined, "no cookie, ever");
  assert.match(page.headers["content-type"] ?? "", /text\/html/);
  assert.match(String(page.headers["content-security-policy"]), /default-src 'none'/);
  assert.equal(page.headers["x-content-type-options"], "nosniff");
  assert.equal(page.headers["referrer-policy"], "no-referrer");
  assert.ok(!page.text.includes(server.token), "the page never contains the token");
  if (existsSync(path.join(ROOT, "dist/webview/main.js"))) assert.match(page.text, /src="assets\/main\.js"/, "relative, so a path-proxied page loads it");

  const own = { Origin: `http://127.0.0.1:${server.port}`, "Sec-Fetch-Site": "same-origin" };
  const exchange = () => raw(server.port, { method: "POST", path: "/api/v1/session", body: JSON.stringify({ code }), headers: { ...own, "Content-Type": "application/json" } });
  const first = await exchange();
  assert.equal(first.status, 200, first.text);
  assert.equal(first.headers["set-cookie"], undefined);
  const session = (first.json as { session: string }).session;
  assert.notEqual(session, server.token);

  const api = await raw(server.port, { path: "/api/v1/credentials", headers: { ...own, "X-Keystroke-Session": session } });
  assert.equal(api.status, 200, "session + own origin");
  const localhost = await raw(server.port, { path: "/api/v1/credentials", host: `localhost:${server.port}`, headers: { Origin: `http://localhost:${server.port}`, "X-Keystroke-Session": session } });
  assert.equal(localhost.status, 200);
  const foreign = await raw(server.port, { path: "/api/v1/credentials", headers: { "X-Keystroke-Session": session, Origin: "http://evil.example" } });
  assert.equal(foreign.status, 403, "a session from a foreign origin is refused");
  const sameSite = await raw(server.port, { path: "/api/v1/credentials", headers: { "X-Keystroke-Session": session, "Sec-Fetch-Site": "same-site" } });
  assert.equal(sameSite.status, 403, "a page on another loopback port is same-site, and refused");
  const asCookie = await raw(server.port, { path: "/api/v1/credentials", headers: { Cookie: `session=${session}; keystroke_session=${session}` } });
  assert.equal(asCookie.status, 401, "the session is no cookie");
  const mint = await raw(server.port, { method: "POST", path: "/api/v1/session/link", headers: { ...own, "X-Keystroke-Session": session } });
  assert.equal(mint.status, 401, "a browser session cannot mint links");

  const again = await exchange();
  assert.equal(again.status, 410);
  assert.equal((again.json as { error: { code: string } }).error.code, "link_used");
  const reopened = await raw(server.port, { path: `/?code=${encodeURIComponent(code)}`, headers: { "Sec-Fetch-Site": "none" } });
  assert.equal(reopened.status, 410);
  assert.match(reopened.text, /This link was used already/);
  assert.match(reopened.text, /keystroke-credentials open/);
});

test("browser: each minted link is new and single-use; the API answers where it expires", async () => {
  const [a, b] = [await client.browserLink(), await client.browserLink()];
  assert.notEqual(a.url, b.url);
  assert.equal(a.validForSeconds, 60);
  assert.ok(Math.abs(Date.parse(a.expiresAt) - Date.now() - 60_000) < 5_000);
  assert.match(a.url, new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?code=`));
});

test("a duplicate Host header is refused (Node keeps only one of them)", async () => {
  const res = await new Promise<number>((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: server.port, path: "/api/v1/health", agent: false, headers: ["Host", `127.0.0.1:${server.port}`, "Host", "evil.example"] as unknown as http.OutgoingHttpHeaders }, (r) => {
      r.resume();
      resolve(r.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
  assert.equal(res, 400);
});

test("assets are served from dist/webview with their content types (404 when not built)", async () => {
  for (const [file, type] of [
    ["main.js", "text/javascript"],
    ["style.css", "text/css"],
  ] as const) {
    const res = await raw(server.port, { path: `/assets/${file}` });
    if (!existsSync(path.join(ROOT, "dist/webview", file))) {
      assert.equal(res.status, 404);
      continue;
    }
    assert.equal(res.status, 200);
    assert.equal(res.text, readFileSync(path.join(ROOT, "dist/webview", file), "utf8"));
    assert.match(res.headers["content-type"] ?? "", new RegExp(type));
    assert.equal(res.headers["x-content-type-options"], "nosniff");
  }
});
