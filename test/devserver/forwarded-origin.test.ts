// A remote editor's forwarded origin (code-server's /proxy/<port>/ passes its own Host and Origin
// through): only a token holder registers it, only an origin is accepted, and afterwards exactly
// that Host and Origin are the page's own while every other Host stays refused (DNS rebinding).
import test from "node:test";
import assert from "node:assert/strict";
import { jsonBody, raw, serverForFile } from "./harness";

const server = serverForFile();

test("registered by the token only, as a bare http(s) origin", async () => {
  const post = (body: unknown, token: string | null = server().token) => raw(server().port, { method: "POST", path: "/api/v1/session/origin", token, ...jsonBody(body) });
  assert.equal((await post({ origin: "http://127.0.0.1:9911" }, null)).status, 401);
  for (const origin of ["http://127.0.0.1:9911/proxy/1/", "javascript:alert(1)", "http://user:pw@127.0.0.1:9911", "ftp://x"]) assert.equal((await post({ origin })).status, 400, origin);
  // Before registration the forwarded Host is refused.
  assert.equal((await raw(server().port, { path: "/api/v1/health", host: "127.0.0.1:9911" })).status, 403);
  assert.equal((await post({ origin: "http://127.0.0.1:9911" })).status, 200);
  const page = await raw(server().port, { path: "/", host: "127.0.0.1:9911" });
  assert.equal(page.status, 200);
  const api = await raw(server().port, { path: "/api/v1/credentials", host: "127.0.0.1:9911", token: server().token, headers: { Origin: "http://127.0.0.1:9911", "Sec-Fetch-Site": "same-origin" } });
  assert.equal(api.status, 200);
  assert.equal((await raw(server().port, { path: "/api/v1/health", host: "evil.example:9911" })).status, 403, "other hosts stay refused");
  assert.equal((await raw(server().port, { path: "/api/v1/credentials", token: server().token, headers: { Origin: "http://127.0.0.1:9912" } })).status, 403, "other origins too");
});
