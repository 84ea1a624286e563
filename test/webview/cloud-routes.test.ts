// The dev server's /api/v1/cloud routes (server/devserver/cloud-routes.ts), which give the
// browser UI the same cloud operations as the VS Code view: bad input is refused before the CLI
// runs, and a CLI failure is an actionable answer, not a crash.
import test, { after, before } from "node:test";
import assert from "node:assert/strict";
import { DevServerClient } from "../../server/devserver/client";
import { createStandIn, type StandIn } from "../cloud/standin";
import { raw, readCredentialsFile, removeDir, spawnServer, type Spawned } from "../devserver/harness";

let standIn: StandIn;
let server: Spawned;
let client: DevServerClient;

before(async () => {
  standIn = createStandIn({ credentials: [] });
  server = await spawnServer({ args: ["--root", standIn.project], env: standIn.env });
  client = new DevServerClient({ host: "127.0.0.1", port: server.port, token: server.token });
});

after(async () => {
  client?.close();
  await server?.stop();
  if (server) removeDir(server.storeDir);
  standIn?.cleanup();
});

const post = (path: string, body: unknown, token: string | null = server.token) =>
  raw(server.port, { method: "POST", path, token, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

test("the cloud routes need the token", async () => {
  assert.equal((await raw(server.port, { path: "/api/v1/cloud" })).status, 401);
  assert.equal((await post("/api/v1/cloud/push", { id: "x", targets: [{ scope: "user" }] }, null)).status, 401);
});

test("push refuses bad bodies and unknown ids without running the CLI", async () => {
  const before = standIn.calls().length;
  assert.equal((await post("/api/v1/cloud/push", { id: "x", targets: [] })).status, 400);
  assert.equal((await post("/api/v1/cloud/push", { id: "x", targets: [{ scope: "galaxy" }] })).status, 400);
  const missing = await post("/api/v1/cloud/push", { id: "no-such-entry-0000", targets: [{ scope: "user" }] });
  assert.equal(missing.status, 404);
  assert.equal(standIn.calls().length, before);
});

test("list, push and a logged-out CLI: the failure says what to do", async () => {
  const listed = await raw(server.port, { path: "/api/v1/cloud", token: server.token });
  assert.deepEqual((listed.json as { snapshot: { credentials: unknown[] } }).snapshot.credentials, []);
  const entry = await client.put({ key: "exa", scope: "organization", fields: { apiKey: "route-secret-1" } });
  const pushed = await post("/api/v1/cloud/push", { id: entry.id, targets: [{ scope: "organization" }] });
  assert.equal(pushed.status, 200);
  assert.deepEqual(pushed.json, { ok: true, message: "Pushed exa to organization" });
  assert.ok(!pushed.text.includes("route-secret-1"));
  standIn.writeState({ ...standIn.readState(), loggedIn: false });
  const refused = await post("/api/v1/cloud/push", { id: entry.id, targets: [{ scope: "user" }] });
  assert.equal(refused.status, 503);
  assert.match((refused.json as { error: { message: string } }).error.message, /keystroke auth login/);
  const relisted = await post("/api/v1/cloud/refresh", {});
  assert.equal(relisted.status, 200);
  assert.match((relisted.json as { reason: string }).reason, /not logged in/);
});

test("a push to targets that cannot be resolved is refused before the values are read: the store keeps its bytes", async () => {
  // A project without a project name: a project-scope push has nowhere to go.
  const unlinked = createStandIn({ credentials: [] }, 'export default { organization: "acme" };\n');
  const other = await spawnServer({ args: ["--root", unlinked.project], env: unlinked.env });
  try {
    const put = await raw(other.port, { method: "PUT", path: "/api/v1/credentials", token: other.token, headers: { "Content-Type": "application/json" }, body: JSON.stringify({ key: "exa", scope: "organization", fields: { apiKey: "v" } }) });
    const id = (put.json as { id: string }).id;
    const before = readCredentialsFile(other.storeDir);
    const refused = await raw(other.port, { method: "POST", path: "/api/v1/cloud/push", token: other.token, headers: { "Content-Type": "application/json" }, body: JSON.stringify({ id, targets: [{ scope: "project" }] }) });
    assert.equal(refused.status, 503);
    assert.match((refused.json as { error: { message: string } }).error.message, /needs a project/);
    assert.equal(readCredentialsFile(other.storeDir), before, "no lastUsedAt from a refused push");
    assert.equal(unlinked.calls().length, 0, "the CLI never ran");
    await raw(other.port, { method: "DELETE", path: `/api/v1/credentials/${id}`, token: other.token });
  } finally {
    await other.stop();
    removeDir(other.storeDir);
    unlinked.cleanup();
  }
});

test("GET /cloud and GET /resolve?values=1 from another page change nothing and run nothing", async () => {
  const entry = await client.put({ key: "resolved", scope: "organization", fields: { apiKey: "get-secret" } });
  const before = readCredentialsFile(server.storeDir);
  const calls = standIn.calls().length;
  for (const site of ["same-site", "cross-site"]) {
    const resolve = await raw(server.port, { path: "/api/v1/resolve?key=resolved&values=1", token: server.token, headers: { "Sec-Fetch-Site": site } });
    assert.equal(resolve.status, 403);
    assert.ok(!resolve.text.includes("get-secret"));
    const cloud = await raw(server.port, { path: "/api/v1/cloud/refresh", method: "POST", token: server.token, headers: { "Sec-Fetch-Site": site } });
    assert.equal(cloud.status, 403);
    const listed = await raw(server.port, { path: "/api/v1/cloud", token: server.token, headers: { "Sec-Fetch-Site": site } });
    assert.equal(listed.status, 403);
  }
  assert.equal(readCredentialsFile(server.storeDir), before, "no lastUsedAt, byte for byte");
  assert.equal(standIn.calls().length, calls, "the CLI never ran");
  await client.remove(entry.id);
});
