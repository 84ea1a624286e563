// A full or read-only disk under a running server: a refused write answers 507/503 with what to
// do and leaves the secret and the metadata exactly as they were (values used to be written to
// the keychain first, with no rollback, so a 500 left the new value live). Start-up on a
// read-only store says so and exits 2. A real tmpfs, the real keychain.
import test, { after, before } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { mountTinyDisk, type TinyDisk } from "../support/tiny-disk";
import { jsonBody, raw, readCredentialsFile, runServerToExit, secretToolLookup, spawnServer, type Spawned } from "./harness";

let disk: TinyDisk | string;
let server: Spawned | null = null;
let id = "";

before(async () => {
  disk = mountTinyDisk();
  if (typeof disk === "string") return;
  const storeDir = path.join(disk.dir, "store");
  mkdirSync(storeDir, { mode: 0o700 });
  server = await spawnServer({ storeDir });
  const put = await raw(server.port, { method: "PUT", path: "/api/v1/credentials", token: server.token, ...jsonBody({ key: "exa", scope: "organization", fields: { apiKey: "first-value" } }) });
  assert.equal(put.status, 201, put.text);
  id = (put.json as { id: string }).id;
});

after(async () => {
  if (typeof disk === "string") return;
  disk.readOnly(false);
  disk.drain();
  if (server) await raw(server.port, { method: "DELETE", path: `/api/v1/credentials/${id}`, token: server.token });
  await server?.stop();
  disk.dispose();
});

const attempts = () => [
  { name: "PUT", method: "PUT", path: "/api/v1/credentials", value: { key: "exa", scope: "organization", fields: { apiKey: "second-value" } } },
  { name: "PATCH", method: "PATCH", path: `/api/v1/credentials/${id}`, value: { fields: { apiKey: "second-value" } } },
  { name: "import", method: "POST", path: "/api/v1/import/dotenv", value: { content: "EXA=second-value\n", mapping: [{ env: "EXA", key: "exa", field: "apiKey", scope: "organization" }] } },
  { name: "PUT of a new key", method: "PUT", path: "/api/v1/credentials", value: { key: "linear", scope: "organization", fields: { token: "new-value" } } },
];

async function assertNothingChanges(status: number, code: string): Promise<void> {
  const s = server!;
  const before = readCredentialsFile(s.storeDir);
  for (const attempt of attempts()) {
    const res = await raw(s.port, { method: attempt.method, path: attempt.path, token: s.token, ...jsonBody(attempt.value) });
    assert.equal(res.status, status, `${attempt.name}: ${res.text}`);
    const error = (res.json as { error: { code: string; message: string } }).error;
    assert.equal(error.code, code);
    assert.match(error.message, /Nothing was changed/);
    assert.ok(!res.text.includes("second-value") && !res.text.includes("new-value"), "no value echoed");
    assert.equal(JSON.parse(secretToolLookup(id) ?? "null").apiKey, "first-value", `${attempt.name}: the secret is as it was`);
    assert.equal(readCredentialsFile(s.storeDir), before, `${attempt.name}: metadata byte for byte`);
  }
  const list = await raw(s.port, { path: "/api/v1/credentials", token: s.token });
  assert.deepEqual((list.json as { entries: { key: string }[] }).entries.map((e) => e.key), ["exa"], "no half-created entry");
  const reveal = await raw(s.port, { method: "POST", path: `/api/v1/credentials/${id}/reveal`, token: s.token });
  assert.equal(reveal.status, 200, "revealing still works; only the note of use could not be written");
  assert.equal((reveal.json as { fields: { apiKey: string } }).fields.apiKey, "first-value");
}

test("a full disk: every write answers 507 and changes neither the secret nor the metadata", async (t) => {
  if (typeof disk === "string") return t.skip(disk);
  disk.fill();
  try {
    await assertNothingChanges(507, "storage_no_space");
  } finally {
    disk.drain();
  }
});

test("a read-only disk: every write answers 503 and changes nothing", async (t) => {
  if (typeof disk === "string") return t.skip(disk);
  disk.readOnly(true);
  try {
    await assertNothingChanges(503, "storage_read_only");
  } finally {
    disk.readOnly(false);
  }
});

test("start-up on a read-only store says so and exits 2", async (t) => {
  if (typeof disk === "string") return t.skip(disk);
  const storeDir = path.join(disk.dir, "other-store");
  mkdirSync(storeDir, { mode: 0o700 });
  disk.readOnly(true);
  try {
    const run = runServerToExit(storeDir);
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /read-only file system \(EROFS\)/);
    assert.doesNotMatch(run.stderr, /at .*\.js:\d+/, "a message, not a stack trace");
  } finally {
    disk.readOnly(false);
  }
});
