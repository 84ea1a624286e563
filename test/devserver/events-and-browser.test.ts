// Live updates and the browser flow: SSE events carry ids and keys (never values) and keep-alive
// comments; GET /?token= moves the token into an HttpOnly SameSite=Strict cookie and redirects;
// the cookie authenticates API calls only from the server's own origin; HTML has its headers.
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

test("browser: ?token sets an HttpOnly SameSite=Strict cookie and redirects to /", async () => {
  const res = await raw(server.port, { path: `/?token=${encodeURIComponent(server.token)}` });
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, "/");
  const cookie = res.headers["set-cookie"]?.[0] ?? "";
  assert.match(cookie, new RegExp(`^keystroke_token_${server.port}=`));
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  assert.match(cookie, /Path=\//);
  const pair = cookie.split(";")[0]!;

  const page = await raw(server.port, { path: "/", headers: { Cookie: pair } });
  assert.equal(page.status, 200);
  assert.match(page.headers["content-type"] ?? "", /text\/html/);
  assert.match(String(page.headers["content-security-policy"]), /default-src 'none'/);
  assert.equal(page.headers["x-content-type-options"], "nosniff");
  assert.equal(page.headers["referrer-policy"], "no-referrer");
  assert.ok(!page.text.includes(server.token), "the page never contains the token");
  if (existsSync(path.join(ROOT, "dist/webview/main.js"))) assert.match(page.text, /src="\/assets\/main\.js"/);

  const withoutCookie = await raw(server.port, { path: "/" });
  assert.equal(withoutCookie.status, 401);

  const api = await raw(server.port, { path: "/api/v1/credentials", headers: { Cookie: pair, Origin: `http://127.0.0.1:${server.port}` } });
  assert.equal(api.status, 200, "cookie + own origin");
  const localhostOrigin = await raw(server.port, { path: "/api/v1/credentials", host: `localhost:${server.port}`, headers: { Cookie: pair, Origin: `http://localhost:${server.port}` } });
  assert.equal(localhostOrigin.status, 200);
  const foreign = await raw(server.port, { path: "/api/v1/credentials", headers: { Cookie: pair, Origin: "http://evil.example" } });
  assert.equal(foreign.status, 403, "cookie from a foreign origin is refused");
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
