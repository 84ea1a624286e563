// The bad-request table: every row gets its 4xx as an ApiErrorBody, credentials.json keeps its
// exact bytes, no CORS header is ever sent, and the server stays healthy afterwards.
import test, { after, before } from "node:test";
import assert from "node:assert/strict";
import { ApiErrorBody } from "../../server/core/schema";
import { jsonBody, raw, readCredentialsFile, removeDir, spawnServer, type RawRequest, type Spawned } from "./harness";

let server: Spawned;
let seededId: string;

before(async () => {
  server = await spawnServer();
  const put = await raw(server.port, { method: "PUT", path: "/api/v1/credentials", token: server.token, ...jsonBody({ key: "seeded", scope: "organization", fields: { apiKey: "v" } }) });
  assert.equal(put.status, 201);
  seededId = (put.json as { id: string }).id;
});

after(async () => {
  await server?.stop();
  if (server) removeDir(server.storeDir);
});

interface Row {
  name: string;
  req: (port: number, token: string, id: string) => RawRequest;
  status: number;
  code?: string;
}

const json = (method: string, path: string, value: unknown) => (_p: number, token: string): RawRequest => ({ method, path, token, ...jsonBody(value) });
const put = (value: unknown) => json("PUT", "/api/v1/credentials", value);
const good = { key: "acme", scope: "organization", fields: { apiKey: "x" } };

const ROWS: Row[] = [
  // Authentication
  { name: "no token", req: () => ({ path: "/api/v1/credentials" }), status: 401, code: "unauthorized" },
  { name: "wrong token", req: () => ({ path: "/api/v1/credentials", token: "not-the-token" }), status: 401 },
  { name: "truncated token", req: (_p, t) => ({ path: "/api/v1/credentials", token: t.slice(0, -1) }), status: 401 },
  { name: "Basic auth instead of Bearer", req: (_p, t) => ({ path: "/api/v1/credentials", headers: { Authorization: `Basic ${t}` } }), status: 401 },
  { name: "PUT without token", req: (_p, _t) => ({ method: "PUT", path: "/api/v1/credentials", ...jsonBody(good) }), status: 401 },
  { name: "DELETE without token", req: (_p, _t, id) => ({ method: "DELETE", path: `/api/v1/credentials/${id}` }), status: 401 },
  { name: "reveal without token", req: (_p, _t, id) => ({ method: "POST", path: `/api/v1/credentials/${id}/reveal` }), status: 401 },
  { name: "snapshot without token", req: () => ({ path: "/api/v1/snapshot" }), status: 401 },
  { name: "events without token", req: () => ({ path: "/api/v1/events" }), status: 401 },
  { name: "cookie with a wrong token", req: (p) => ({ path: "/api/v1/credentials", headers: { Cookie: `keystroke_token_${p}=nope` } }), status: 401 },
  // Browsers send cookies for 127.0.0.1 to every port: no cookie authenticates, not even the token.
  { name: "cookie carrying the real token", req: (p, t) => ({ path: "/api/v1/credentials", headers: { Cookie: `keystroke_token_${p}=${t}` } }), status: 401 },
  { name: "unknown browser session", req: () => ({ path: "/api/v1/credentials", headers: { "X-Keystroke-Session": "not-a-session" } }), status: 401, code: "session_ended" },
  { name: "the token as a browser session", req: (_p, t) => ({ path: "/api/v1/credentials", headers: { "X-Keystroke-Session": t } }), status: 401 },
  { name: "minting a link without the token", req: () => ({ method: "POST", path: "/api/v1/session/link" }), status: 401 },
  { name: "exchanging an unknown code", req: () => ({ method: "POST", path: "/api/v1/session", ...jsonBody({ code: "never-minted" }) }), status: 401, code: "link_unknown" },
  { name: "exchange with a bad body", req: () => ({ method: "POST", path: "/api/v1/session", ...jsonBody({ code: 1 }) }), status: 400 },
  // Sec-Fetch-Site: a page on another port of 127.0.0.1 is same-site, not same-origin.
  { name: "API call from a same-site page", req: (_p, t) => ({ path: "/api/v1/credentials", token: t, headers: { "Sec-Fetch-Site": "same-site" } }), status: 403, code: "forbidden_site" },
  { name: "API call from a cross-site page", req: (_p, t) => ({ path: "/api/v1/credentials", token: t, headers: { "Sec-Fetch-Site": "cross-site" } }), status: 403 },
  { name: "API call typed into the address bar", req: (_p, t) => ({ path: "/api/v1/credentials", token: t, headers: { "Sec-Fetch-Site": "none" } }), status: 403 },
  { name: "code exchange from a same-site page", req: () => ({ method: "POST", path: "/api/v1/session", ...jsonBody({ code: "x" }), headers: { "Content-Type": "application/json", "Sec-Fetch-Site": "same-site" } }), status: 403 },
  { name: "the page opened from a same-site page", req: () => ({ path: "/", headers: { "Sec-Fetch-Site": "same-site" } }), status: 403 },
  { name: "an asset loaded by another site", req: () => ({ path: "/assets/main.js", headers: { "Sec-Fetch-Site": "cross-site" } }), status: 403 },
  // DNS rebinding and cross-site
  { name: "foreign Host", req: (p, t) => ({ path: "/api/v1/credentials", token: t, host: `evil.example:${p}` }), status: 403, code: "forbidden_host" },
  { name: "loopback Host with another port", req: (p, t) => ({ path: "/api/v1/credentials", token: t, host: `127.0.0.1:${p + 1}` }), status: 403 },
  { name: "localhost Host without port", req: (_p, t) => ({ path: "/api/v1/credentials", token: t, host: "localhost" }), status: 403 },
  { name: "foreign Host on public health", req: (p) => ({ path: "/api/v1/health", host: `attacker.test:${p}` }), status: 403 },
  { name: "foreign Origin", req: (_p, t) => ({ path: "/api/v1/credentials", token: t, headers: { Origin: "http://evil.example" } }), status: 403, code: "forbidden_origin" },
  { name: "Origin null", req: (_p, t) => ({ path: "/api/v1/credentials", token: t, headers: { Origin: "null" } }), status: 403 },
  { name: "Origin on another port", req: (p, t) => ({ path: "/api/v1/credentials", token: t, headers: { Origin: `http://localhost:${p + 1}` } }), status: 403 },
  { name: "https Origin", req: (p, t) => ({ path: "/api/v1/credentials", token: t, headers: { Origin: `https://127.0.0.1:${p}` } }), status: 403 },
  { name: "foreign Origin PUT", req: (_p, t) => ({ method: "PUT", path: "/api/v1/credentials", token: t, ...jsonBody(good), headers: { "Content-Type": "application/json", Origin: "http://evil.example" } }), status: 403 },
  { name: "Origin with a trailing slash", req: (p, t) => ({ path: "/api/v1/credentials", token: t, headers: { Origin: `http://127.0.0.1:${p}/` } }), status: 403 },
  { name: "UI cookie from a foreign Origin", req: (p, t) => ({ path: "/api/v1/credentials", headers: { Cookie: `keystroke_token_${p}=${t}`, Origin: "http://evil.example" } }), status: 403 },
  { name: "IPv6 Host without brackets", req: (p, t) => ({ path: "/api/v1/credentials", token: t, host: `::1:${p}` }), status: 403 },
  { name: "Bearer token with trailing junk", req: (_p, t) => ({ path: "/api/v1/credentials", headers: { Authorization: `Bearer ${t} x` } }), status: 401 },
  { name: "CORS preflight from a foreign Origin", req: () => ({ method: "OPTIONS", path: "/api/v1/credentials", headers: { Origin: "http://evil.example", "Access-Control-Request-Method": "PUT" } }), status: 403 },
  // Body format
  { name: "invalid JSON", req: (_p, t) => ({ method: "PUT", path: "/api/v1/credentials", token: t, body: "{", headers: { "Content-Type": "application/json" } }), status: 400, code: "invalid_json" },
  { name: "empty body", req: (_p, t) => ({ method: "PUT", path: "/api/v1/credentials", token: t, body: "", headers: { "Content-Type": "application/json" } }), status: 400 },
  { name: "JSON array body", req: put([good]), status: 400, code: "invalid_request" },
  { name: "key of the wrong type", req: put({ ...good, key: 42 }), status: 400 },
  { name: "unknown scope", req: put({ ...good, scope: "team" }), status: 400 },
  { name: "missing fields", req: put({ key: "acme", scope: "organization" }), status: 400 },
  { name: "empty fields", req: put({ ...good, fields: {} }), status: 400 },
  { name: "field value not a string", req: put({ ...good, fields: { apiKey: 1 } }), status: 400 },
  { name: "field name not an identifier", req: put({ ...good, fields: { "1bad": "x" } }), status: 400 },
  { name: "path-like key", req: put({ ...good, key: "../../etc/passwd" }), status: 400 },
  { name: "unknown property", req: put({ ...good, extra: true }), status: 400 },
  { name: "project on an organization credential", req: put({ ...good, project: "p" }), status: 400 },
  { name: "project scope without any project", req: put({ ...good, scope: "project" }), status: 400 },
  { name: "unknown kind", req: put({ ...good, kind: "password" }), status: 400 },
  { name: "field value over 16 KB", req: put({ ...good, fields: { apiKey: "x".repeat(16_385) } }), status: 400 },
  { name: "text/plain body", req: (_p, t) => ({ method: "PUT", path: "/api/v1/credentials", token: t, body: JSON.stringify(good), headers: { "Content-Type": "text/plain" } }), status: 415, code: "unsupported_media_type" },
  { name: "no Content-Type", req: (_p, t) => ({ method: "PUT", path: "/api/v1/credentials", token: t, body: JSON.stringify(good) }), status: 415 },
  { name: "form-encoded body", req: (_p, t) => ({ method: "PUT", path: "/api/v1/credentials", token: t, body: "key=acme", headers: { "Content-Type": "application/x-www-form-urlencoded" } }), status: 415 },
  { name: "JSON declared as UTF-16", req: (_p, t) => ({ method: "PUT", path: "/api/v1/credentials", token: t, body: JSON.stringify(good), headers: { "Content-Type": "application/json; charset=utf-16" } }), status: 415, code: "unsupported_media_type" },
  { name: "body that is not UTF-8", req: (_p, t) => ({ method: "PUT", path: "/api/v1/credentials", token: t, body: Buffer.concat([Buffer.from('{"key":"acme","scope":"organization","fields":{"apiKey":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}}')]), headers: { "Content-Type": "application/json" } }), status: 400, code: "invalid_json" },
  { name: "oversized body", req: put({ ...good, name: "x".repeat(70_000) }), status: 413, code: "payload_too_large" },
  {
    name: "oversized chunked body",
    req: (_p, t) => ({ method: "PUT", path: "/api/v1/credentials", token: t, body: "x".repeat(80_000), headers: { "Content-Type": "application/json", "Transfer-Encoding": "chunked" } }),
    status: 413,
  },
  // Ids and resources
  { name: "PATCH unknown id", req: json("PATCH", "/api/v1/credentials/00000000-0000-0000-0000-000000000000", { name: "x" }), status: 404, code: "not_found" },
  { name: "PATCH with nothing to change", req: (_p, t, id) => ({ method: "PATCH", path: `/api/v1/credentials/${id}`, token: t, ...jsonBody({}) }), status: 400 },
  { name: "PATCH with empty fields", req: (_p, t, id) => ({ method: "PATCH", path: `/api/v1/credentials/${id}`, token: t, ...jsonBody({ fields: {} }) }), status: 400 },
  // JSON.parse makes `__proto__` an own key; zod drops it, which must not leave an empty rotation.
  { name: "PATCH with only a __proto__ field", req: (_p, t, id) => ({ method: "PATCH", path: `/api/v1/credentials/${id}`, token: t, body: '{"fields":{"__proto__":"v"}}', headers: { "Content-Type": "application/json" } }), status: 400 },
  { name: "PATCH default of the wrong type", req: (_p, t, id) => ({ method: "PATCH", path: `/api/v1/credentials/${id}`, token: t, ...jsonBody({ default: "yes" }) }), status: 400 },
  { name: "encoded path traversal in id", req: json("PATCH", "/api/v1/credentials/..%2F..%2Fcredentials.json", { name: "x" }), status: 400, code: "invalid_id" },
  { name: "dot-dot id segment", req: (_p, t) => ({ method: "DELETE", path: "/api/v1/credentials/%2e%2e", token: t }), status: 404 },
  { name: "uppercase id", req: (_p, t) => ({ method: "DELETE", path: "/api/v1/credentials/ABCDEFGHIJ", token: t }), status: 400 },
  { name: "bad percent-encoding in id", req: (_p, t) => ({ method: "DELETE", path: "/api/v1/credentials/%E0%A4%A", token: t }), status: 400 },
  { name: "DELETE unknown id", req: (_p, t) => ({ method: "DELETE", path: "/api/v1/credentials/0123456789abcdef", token: t }), status: 404 },
  { name: "reveal unknown id", req: (_p, t) => ({ method: "POST", path: "/api/v1/credentials/0123456789abcdef/reveal", token: t }), status: 404 },
  { name: "conflicting kind for an existing entry", req: put({ key: "seeded", scope: "organization", fields: { apiKey: "w" }, kind: "oauth_managed" }), status: 409, code: "conflict" },
  // Query strings
  { name: "resolve without key", req: (_p, t) => ({ path: "/api/v1/resolve", token: t }), status: 400 },
  { name: "resolve with unknown scope", req: (_p, t) => ({ path: "/api/v1/resolve?key=acme&scope=team", token: t }), status: 400 },
  { name: "resolve with values=yes", req: (_p, t) => ({ path: "/api/v1/resolve?key=acme&values=yes", token: t }), status: 400 },
  // Import
  { name: "import with a mapped variable absent", req: json("POST", "/api/v1/import/dotenv", { content: "A=1", mapping: [{ env: "B", key: "acme", field: "apiKey", scope: "organization" }] }), status: 400 },
  { name: "import with an empty mapping", req: json("POST", "/api/v1/import/dotenv", { content: "A=1", mapping: [] }), status: 400 },
  { name: "import with a bad env name", req: json("POST", "/api/v1/import/dotenv", { content: "A=1", mapping: [{ env: "A-B", key: "acme", field: "apiKey", scope: "organization" }] }), status: 400 },
  // Validation gaps: slugs, reserved field names (never silently dropped), limits of .env import
  { name: "project starting with '-'", req: put({ ...good, scope: "project", project: "-rf" }), status: 400 },
  { name: "project with shell metacharacters", req: put({ ...good, scope: "project", project: "a;b$(x)" }), status: 400 },
  ...["__proto__", "constructor", "prototype"].flatMap((name): Row[] => [
    { name: `PUT field named ${name}`, req: (_p, t) => ({ method: "PUT", path: "/api/v1/credentials", token: t, headers: { "Content-Type": "application/json" }, body: `{"key":"acme","scope":"organization","fields":{"${name}":"x"}}` }), status: 400 },
    { name: `PATCH field named ${name}`, req: (_p, t, id) => ({ method: "PATCH", path: `/api/v1/credentials/${id}`, token: t, headers: { "Content-Type": "application/json" }, body: `{"fields":{"${name}":"x"}}` }), status: 400 },
    { name: `import mapping to field ${name}`, req: json("POST", "/api/v1/import/dotenv", { content: "A=1", mapping: [{ env: "A", key: "seeded", field: name, scope: "organization" }] }), status: 400 },
  ]),
  { name: "import of a value over 16 KB", req: json("POST", "/api/v1/import/dotenv", { content: `A=${"x".repeat(16_385)}`, mapping: [{ env: "A", key: "seeded", field: "apiKey", scope: "organization" }] }), status: 400 },
  { name: "import into a project starting with '-'", req: json("POST", "/api/v1/import/dotenv", { content: "A=1", mapping: [{ env: "A", key: "seeded", field: "apiKey", scope: "project", project: "-x" }] }), status: 400 },
  // Routes and methods
  { name: "unknown API route", req: (_p, t) => ({ path: "/api/v1/nope", token: t }), status: 404 },
  { name: "other API version", req: (_p, t) => ({ path: "/api/v2/credentials", token: t }), status: 404 },
  { name: "file path outside the API", req: () => ({ path: "/etc/passwd" }), status: 404 },
  { name: "dot segments to the store file", req: () => ({ path: "/assets/../credentials.json" }), status: 404 },
  { name: "DELETE on the collection", req: (_p, t) => ({ method: "DELETE", path: "/api/v1/credentials", token: t }), status: 405, code: "method_not_allowed" },
  { name: "POST on the collection", req: json("POST", "/api/v1/credentials", good), status: 405 },
  { name: "GET one credential", req: (_p, t, id) => ({ path: `/api/v1/credentials/${id}`, token: t }), status: 405 },
  { name: "GET reveal", req: (_p, t, id) => ({ path: `/api/v1/credentials/${id}/reveal`, token: t }), status: 405 },
  { name: "PUT health", req: json("PUT", "/api/v1/health", {}), status: 405 },
  { name: "OPTIONS without Origin", req: () => ({ method: "OPTIONS", path: "/api/v1/credentials" }), status: 405 },
  { name: "POST to the UI", req: () => ({ method: "POST", path: "/" }), status: 405 },
  { name: "UI with a wrong token", req: () => ({ path: "/?token=wrong" }), status: 401 },
  { name: "UI with the real token (old links)", req: (_p, t) => ({ path: `/?token=${encodeURIComponent(t)}` }), status: 401 },
  { name: "UI with an unknown code", req: () => ({ path: "/?code=never-minted" }), status: 401 },
];

test(`the table has at least 40 bad requests (${ROWS.length})`, () => {
  assert.ok(ROWS.length >= 40);
});

for (const row of ROWS) {
  test(`bad request: ${row.name} → ${row.status}`, async () => {
    const before = readCredentialsFile(server.storeDir);
    const request = row.req(server.port, server.token, seededId);
    const res = await raw(server.port, request);
    assert.equal(res.status, row.status, `${row.name}: ${res.text}`);
    assert.equal(res.headers["access-control-allow-origin"], undefined, "no CORS");
    if (res.headers["content-type"]?.startsWith("application/json")) {
      const body = ApiErrorBody.parse(res.json);
      if (row.code) assert.equal(body.error.code, row.code);
      assert.ok(body.error.message.length > 0);
    }
    assert.equal(readCredentialsFile(server.storeDir), before, "store unchanged");
  });
}

test("the server is healthy after the table", async () => {
  const health = await raw(server.port, { path: "/api/v1/health" });
  assert.equal(health.status, 200);
  const list = await raw(server.port, { path: "/api/v1/credentials", token: server.token });
  assert.equal(list.status, 200);
  assert.equal((list.json as { entries: unknown[] }).entries.length, 1);
  assert.equal(server.child.exitCode, null);
});

test("the refusals say why: a reserved field name is named, a lone CR in a .env is explained", async () => {
  const reserved = await raw(server.port, { method: "PUT", path: "/api/v1/credentials", token: server.token, headers: { "Content-Type": "application/json" }, body: '{"key":"acme","scope":"organization","fields":{"__proto__":"x"}}' });
  assert.match((reserved.json as { error: { message: string } }).error.message, /"__proto__" cannot be a field name/);
  const cr = await raw(server.port, { method: "POST", path: "/api/v1/import/dotenv", token: server.token, ...jsonBody({ content: "A=1\rB=2", mapping: [{ env: "B", key: "seeded", field: "apiKey", scope: "organization" }] }) });
  assert.equal(cr.status, 400);
  assert.match((cr.json as { error: { message: string } }).error.message, /carriage return without a line feed/);
});
