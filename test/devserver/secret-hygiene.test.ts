// A secret value sent in bad requests (as a value, or pasted where a field name belongs) must not
// come back in error bodies, nor reach the server's output or any file of the store.
import test, { after, before } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { jsonBody, raw, removeDir, spawnServer, type RawRequest, type Spawned } from "./harness";

const SECRET = "sk-live-Hygiene7Q2x9";
let server: Spawned;
let id: string;

before(async () => {
  server = await spawnServer();
  const put = await raw(server.port, { method: "PUT", path: "/api/v1/credentials", token: server.token, ...jsonBody({ key: "exa", scope: "organization", fields: { apiKey: SECRET } }) });
  assert.equal(put.status, 201);
  id = (put.json as { id: string }).id;
});

after(async () => {
  await server?.stop();
  if (server) removeDir(server.storeDir);
});

const BAD: { name: string; req: () => RawRequest }[] = [
  { name: "secret pasted as a field name", req: () => ({ method: "PUT", path: "/api/v1/credentials", token: server.token, ...jsonBody({ key: "a", scope: "organization", fields: { [SECRET]: "apiKey" } }) }) },
  { name: "secret as an over-long field name", req: () => ({ method: "PUT", path: "/api/v1/credentials", token: server.token, ...jsonBody({ key: "a", scope: "organization", fields: { [`k${SECRET.replace(/-/g, "").repeat(10)}`]: "v" } }) }) },
  { name: "rotation with a bad field name", req: () => ({ method: "PATCH", path: `/api/v1/credentials/${id}`, token: server.token, ...jsonBody({ fields: { [SECRET]: SECRET } }) }) },
  { name: "value with a wrong sibling", req: () => ({ method: "PUT", path: "/api/v1/credentials", token: server.token, ...jsonBody({ key: "a", scope: "team", fields: { apiKey: SECRET } }) }) },
  { name: "value in an unknown property", req: () => ({ method: "PUT", path: "/api/v1/credentials", token: server.token, ...jsonBody({ key: "a", scope: "organization", fields: { apiKey: "v" }, extra: SECRET }) }) },
  { name: "value in a body that does not parse", req: () => ({ method: "PUT", path: "/api/v1/credentials", token: server.token, body: `{"fields":{"apiKey":"${SECRET}"`, headers: { "Content-Type": "application/json" } }) },
  { name: "import with an absent variable", req: () => ({ method: "POST", path: "/api/v1/import/dotenv", token: server.token, ...jsonBody({ content: `A=${SECRET}`, mapping: [{ env: "B", key: "a", field: "f", scope: "organization" }] }) }) },
];

for (const row of BAD) {
  test(`no secret in the error body: ${row.name}`, async () => {
    const res = await raw(server.port, row.req());
    assert.equal(res.status, 400, res.text);
    assert.ok(!res.text.includes(SECRET) && !res.text.includes(SECRET.replace(/-/g, "")), `error body echoes the secret: ${res.text}`);
  });
}

test("the secret is in no store file and not in the server's output", async () => {
  for (const file of readdirSync(server.storeDir)) {
    const text = readFileSync(path.join(server.storeDir, file), "utf8");
    assert.ok(!text.includes(SECRET), `${file} holds the secret`);
  }
  assert.ok(!server.stdout().includes(SECRET) && !server.stderr().includes(SECRET), "server output holds the secret");
  // And it is still there to reveal: the bad requests changed nothing.
  const reveal = await raw(server.port, { method: "POST", path: `/api/v1/credentials/${id}/reveal`, token: server.token });
  assert.deepEqual((reveal.json as { fields: unknown }).fields, { apiKey: SECRET });
});
