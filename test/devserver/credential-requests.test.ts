// A coding agent's credential request over real HTTP: the link's session may store that one key at
// that one scope, once, and do nothing else (no listing, no reveal, no other request, no manager);
// the agent's side (bearer) watches and cancels; a spent, cancelled or expired request's link says
// why. The request clock (expiry, waiting) is unit-tested with an injected clock.
import test from "node:test";
import assert from "node:assert/strict";
import { CredentialRequests } from "../../server/devserver/credential-requests";
import { jsonBody, raw, secretToolLookup, serverForFile } from "./harness";

const server = serverForFile();

const ASK = { key: "exa", scope: "organization", fields: [{ name: "apiKey", optional: false, secret: true }, { name: "region", optional: true, secret: false }], requester: "Test Agent" };

async function create(body: unknown = ASK): Promise<{ id: string; url: string; code: string }> {
  const res = await raw(server().port, { method: "POST", path: "/api/v1/requests", token: server().token, ...jsonBody(body) });
  assert.equal(res.status, 201, res.text);
  const created = res.json as { id: string; url: string };
  const url = new URL(created.url);
  assert.equal(url.pathname, "/request");
  return { ...created, code: url.searchParams.get("code")! };
}

async function exchange(code: string) {
  return raw(server().port, { method: "POST", path: "/api/v1/session", ...jsonBody({ code }) });
}

test("only a token holder creates requests; the body is validated and never takes a value", async () => {
  assert.equal((await raw(server().port, { method: "POST", path: "/api/v1/requests", ...jsonBody(ASK) })).status, 401);
  const withValue = await raw(server().port, { method: "POST", path: "/api/v1/requests", token: server().token, ...jsonBody({ ...ASK, value: "sk-x" }) });
  assert.equal(withValue.status, 400);
  const projectless = await raw(server().port, { method: "POST", path: "/api/v1/requests", token: server().token, ...jsonBody({ ...ASK, scope: "project" }) });
  assert.equal(projectless.status, 400);
  assert.match(projectless.text, /needs a project/);
});

test("the granted session stores exactly its one key at its scope, once; then the link and session are spent", async () => {
  const { id, code } = await create();
  const opened = await exchange(code);
  assert.equal(opened.status, 200, opened.text);
  const body = opened.json as { session: string; request: { key: string; scope: string; replaces: boolean; fields: unknown[] } };
  assert.equal(body.request.key, "exa");
  assert.equal(body.request.replaces, false);
  const session = { "X-Keystroke-Session": body.session };

  // Nothing else: the store's listing, reveal, the manager's other routes, another request.
  for (const [method, path] of [["GET", "/api/v1/credentials"], ["GET", "/api/v1/snapshot"], ["GET", "/api/v1/cloud"], ["POST", "/api/v1/session/link"], ["GET", `/api/v1/requests/${id}`]] as const) {
    const res = await raw(server().port, { method, path, headers: session });
    assert.ok(res.status === 401 || res.status === 403, `${method} ${path}: ${res.status}`);
  }
  const other = await create({ ...ASK, key: "linear" });
  const wrong = await raw(server().port, { method: "PUT", path: `/api/v1/requests/${other.id}`, headers: { ...session, "Content-Type": "application/json" }, body: JSON.stringify({ fields: { apiKey: "sk-other" } }) });
  assert.equal(wrong.status, 403);
  // Nor the token: only the person's page stores values.
  const byToken = await raw(server().port, { method: "PUT", path: `/api/v1/requests/${id}`, token: server().token, ...jsonBody({ fields: { apiKey: "sk-token" } }) });
  assert.equal(byToken.status, 403);

  const unasked = await raw(server().port, { method: "PUT", path: `/api/v1/requests/${id}`, headers: { ...session, "Content-Type": "application/json" }, body: JSON.stringify({ fields: { apiKey: "k", token: "t" } }) });
  assert.equal(unasked.status, 400);
  assert.match(unasked.text, /token was not requested/);
  const empty = await raw(server().port, { method: "PUT", path: `/api/v1/requests/${id}`, headers: { ...session, "Content-Type": "application/json" }, body: JSON.stringify({ fields: { apiKey: " ", region: "eu" } }) });
  assert.equal(empty.status, 400);
  assert.match(empty.text, /apiKey needs a value/);

  // Every refused write changed nothing.
  const listed = await raw(server().port, { path: "/api/v1/credentials", token: server().token });
  assert.deepEqual((listed.json as { entries: unknown[] }).entries, [], "the refused requests stored nothing");

  const stored = await raw(server().port, { method: "PUT", path: `/api/v1/requests/${id}`, headers: { ...session, "Content-Type": "application/json" }, body: JSON.stringify({ fields: { apiKey: "sk-request-1", region: "" } }) });
  assert.equal(stored.status, 200, stored.text);
  const state = stored.json as { state: string; entry: { id: string; key: string; scope: string; fields: string[] } };
  assert.equal(state.state, "stored");
  assert.deepEqual([state.entry.key, state.entry.scope, state.entry.fields], ["exa", "organization", ["apiKey"]], "an empty optional field is not stored");
  assert.equal(JSON.parse(secretToolLookup(state.entry.id) ?? "null").apiKey, "sk-request-1");

  const again = await raw(server().port, { method: "PUT", path: `/api/v1/requests/${id}`, headers: { ...session, "Content-Type": "application/json" }, body: JSON.stringify({ fields: { apiKey: "sk-request-2" } }) });
  assert.equal(again.status, 401, "the session ended with its write");
  const reused = await exchange(code);
  assert.equal(reused.status, 410);
  assert.match(reused.text, /stored already/);
  const page = await raw(server().port, { path: `/request?code=${encodeURIComponent(code)}` });
  assert.equal(page.status, 410);
  assert.match(page.text, /no longer works/);

  const watched = await raw(server().port, { path: `/api/v1/requests/${id}`, token: server().token });
  assert.equal((watched.json as { state: string }).state, "stored");
  assert.ok(!watched.text.includes("sk-request-1"), "the agent's side sees metadata only");
});

test("the agent cancels: the link no longer opens; a request's link never opens the manager, nor a manager link the request page", async () => {
  const { id, code } = await create({ ...ASK, key: "cancelled" });
  assert.equal((await raw(server().port, { path: `/?code=${encodeURIComponent(code)}` })).status, 400);
  const cancelled = await raw(server().port, { method: "DELETE", path: `/api/v1/requests/${id}`, token: server().token });
  assert.equal((cancelled.json as { state: string }).state, "cancelled");
  const opened = await exchange(code);
  assert.equal(opened.status, 410);
  assert.match(opened.text, /cancelled/);
  assert.equal((await raw(server().port, { method: "DELETE", path: `/api/v1/requests/${id}`, token: server().token })).status, 409);
  const manager = new URL(server().link).searchParams.get("code")!;
  const wrongPage = await raw(server().port, { path: `/request?code=${encodeURIComponent(manager)}` });
  assert.equal(wrongPage.status, 400);
  assert.match(wrongPage.text, /only opens from a coding agent/);
});

test("a status call waits for the person (long polling) and answers as soon as the request settles", async () => {
  const { id, code } = await create({ ...ASK, key: "waited" });
  const session = (await exchange(code)).json as { session: string };
  const waiting = raw(server().port, { path: `/api/v1/requests/${id}?wait=20`, token: server().token });
  const started = Date.now();
  await raw(server().port, { method: "PUT", path: `/api/v1/requests/${id}`, headers: { "X-Keystroke-Session": session.session, "Content-Type": "application/json" }, body: JSON.stringify({ fields: { apiKey: "sk-waited" } }) });
  const answer = await waiting;
  assert.equal((answer.json as { state: string }).state, "stored");
  assert.ok(Date.now() - started < 10_000, "answered on the change, not after the wait");
  assert.equal((await raw(server().port, { path: `/api/v1/requests/${id}?wait=99`, token: server().token })).status, 400);
});

test("requests expire: pending turns expired, a wait ends at the expiry, expired cannot be cancelled", async () => {
  let now = 1_000_000;
  const requests = new CredentialRequests(() => now);
  const { id } = requests.create({ key: "k", scope: "organization", fields: [{ name: "apiKey", optional: false, secret: true }], requester: "t" }, 60_000);
  assert.equal(requests.state(id)?.state, "pending");
  assert.notEqual(requests.pending(id), null);
  now += 60_000;
  assert.equal(requests.state(id)?.state, "expired");
  assert.equal(requests.pending(id), null);
  assert.equal(requests.cancel(id), false);
  assert.equal(requests.view(id, () => false), null);
  await requests.waitForChange(id, 10_000); // settled: returns at once
});
