// One writer, serialized: 100 parallel PUTs of distinct keys all land; 100 parallel PUTs of one
// key leave exactly one entry whose keychain value is one of the complete values sent.
import test, { after, before } from "node:test";
import assert from "node:assert/strict";
import { StoreFile } from "../../server/core/schema";
import { DevServerClient } from "../../server/devserver/client";
import { readCredentialsFile, removeDir, secretToolLookup, spawnServer, type Spawned } from "./harness";

let server: Spawned;
let client: DevServerClient;

before(async () => {
  server = await spawnServer();
  client = new DevServerClient({ host: "127.0.0.1", port: server.port, token: server.token });
});

after(async () => {
  client?.close();
  await server?.stop();
  if (server) removeDir(server.storeDir);
});

test("100 parallel PUTs of distinct keys: none lost", async () => {
  const results = await Promise.all(
    Array.from({ length: 100 }, (_, i) => client.put({ key: `svc-${i}`, scope: "organization", fields: { apiKey: `value-${i}`, other: `o-${i}` } })),
  );
  assert.equal(new Set(results.map((r) => r.id)).size, 100);
  const file = StoreFile.parse(JSON.parse(readCredentialsFile(server.storeDir)));
  assert.equal(file.entries.filter((e) => e.key.startsWith("svc-")).length, 100);
  for (const [i, entry] of results.entries()) {
    assert.deepEqual(JSON.parse(secretToolLookup(entry.id) ?? "null"), { apiKey: `value-${i}`, other: `o-${i}` });
  }
  assert.equal((await client.list()).length, 100);
});

test("100 parallel PUTs of the same key: one entry, one whole value, not torn", async () => {
  const results = await Promise.all(
    Array.from({ length: 100 }, (_, i) => client.put({ key: "shared", scope: "organization", fields: { apiKey: `same-${i}`, check: `same-${i}` } })),
  );
  assert.equal(new Set(results.map((r) => r.id)).size, 1);
  const entries = (await client.list()).filter((e) => e.key === "shared");
  assert.equal(entries.length, 1);
  const stored = JSON.parse(secretToolLookup(entries[0]!.id) ?? "null") as { apiKey: string; check: string };
  assert.match(stored.apiKey, /^same-\d+$/);
  assert.equal(stored.check, stored.apiKey, "both fields come from the same write");
  // Serialized writes finish in order, so the last acknowledged PUT is the one stored.
  const lastUpdated = results.reduce((a, b) => (a.updatedAt >= b.updatedAt ? a : b));
  assert.equal(entries[0]!.updatedAt, lastUpdated.updatedAt);
  const file = StoreFile.parse(JSON.parse(readCredentialsFile(server.storeDir)));
  assert.equal(file.entries.filter((e) => e.key === "shared").length, 1);
});
