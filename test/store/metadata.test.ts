// credentials.json: atomic 0600 writes, migration hook, refusal of unknown (newer) versions, and
// the read-only snapshot reader that `check --local-store` uses.
import test from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { STORE_FILE_VERSION } from "../../server/core/schema";
import { migrateStoreFile, readLocalStoreSnapshot, readStoreFile, storeToSnapshot, writeStoreFile, defaultStoreDir } from "../../server/store";
import { tempDirs } from "../support/temp-dirs";

const temp = tempDirs("ks-meta-");

const entry = {
  id: "0123456789abcdef",
  key: "acme",
  scope: "project" as const,
  project: "bot",
  default: true,
  name: "Acme",
  kind: "api_key" as const,
  fields: ["apiKey", "region"],
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
};

test("writes atomically with mode 0600 and reads back", async () => {
  const dir = temp();
  await writeStoreFile(dir, { version: 1, entries: [entry] });
  const file = path.join(dir, "credentials.json");
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.deepEqual(readdirSync(dir), ["credentials.json"], "no temp file left");
  const read = await readStoreFile(dir);
  assert.ok(read.ok && read.exists);
  assert.deepEqual(read.ok && read.file.entries, [entry]);
});

test("a missing file is an empty store; invalid JSON is refused, not replaced", async () => {
  const dir = temp();
  const empty = await readStoreFile(dir);
  assert.ok(empty.ok && !empty.exists && empty.file.entries.length === 0);
  writeFileSync(path.join(dir, "credentials.json"), "{ torn");
  const bad = await readStoreFile(dir);
  assert.ok(!bad.ok);
  assert.match(bad.ok ? "" : bad.message, /not valid JSON; it was left untouched/);
});

test("a newer format version is refused with a clear message", () => {
  const result = migrateStoreFile({ version: STORE_FILE_VERSION + 1, entries: [], somethingNew: true }, "credentials.json");
  assert.ok(!result.ok);
  assert.match(result.ok ? "" : result.message, /format version 2, newer than this keystroke-credentials understands \(1\)/);
  assert.ok(!migrateStoreFile({ entries: [] }, "f").ok, "no version");
  assert.ok(!migrateStoreFile({ version: 1, entries: [{ id: "x" }] }, "f").ok, "invalid entry");
  const current = migrateStoreFile({ version: 1, entries: [entry] }, "f");
  assert.ok(current.ok && current.migratedFrom === null);
});

test("the server refuses to start on a newer store and leaves the file byte for byte", () => {
  const dir = temp();
  const text = JSON.stringify({ version: 99, entries: [], future: "data" });
  writeFileSync(path.join(dir, "credentials.json"), text);
  const run = spawnSync(process.execPath, ["dist/devserver.js", "--store", dir], { cwd: process.cwd(), encoding: "utf8", timeout: 20_000 });
  assert.equal(run.status, 1);
  assert.match(run.stderr, /format version 99/);
  assert.equal(readFileSync(path.join(dir, "credentials.json"), "utf8"), text);
  assert.deepEqual(readdirSync(dir).sort(), ["credentials.json"], "no lock or devserver.json left behind");
});

test("storeToSnapshot lists field names only; entries without values have no fields", () => {
  const snapshot = storeToSnapshot(
    { version: 1, entries: [entry, { ...entry, id: "fedcba9876543210", key: "gone", secretMissing: true }] },
    { organization: "acme-org", project: "bot" },
    "2026-02-02T00:00:00.000Z",
  );
  assert.deepEqual(snapshot, {
    version: 1,
    organization: "acme-org",
    project: "bot",
    fetchedAt: "2026-02-02T00:00:00.000Z",
    credentials: [
      { id: entry.id, key: "acme", scope: "project", project: "bot", default: true, name: "Acme", kind: "api_key", fields: ["apiKey", "region"] },
      { id: "fedcba9876543210", key: "gone", scope: "project", project: "bot", default: true, name: "Acme", kind: "api_key", fields: [] },
    ],
  });
});

test("readLocalStoreSnapshot: snapshot when credentials.json exists, otherwise unchecked with the reason", async () => {
  const dir = temp();
  const missing = await readLocalStoreSnapshot(dir, {});
  assert.ok("unchecked" in missing && /no local store at/.test(missing.unchecked));
  await writeStoreFile(dir, { version: 1, entries: [entry] });
  const found = await readLocalStoreSnapshot(dir, { project: "bot" });
  assert.ok("snapshot" in found && found.snapshot.credentials[0]?.key === "acme");
  writeFileSync(path.join(dir, "credentials.json"), JSON.stringify({ version: 7, entries: [] }));
  const future = await readLocalStoreSnapshot(dir, {});
  assert.ok("unchecked" in future && /version 7/.test(future.unchecked));
});

test("defaultStoreDir: KEYSTROKE_CREDENTIALS_HOME, else the platform data directory", () => {
  assert.equal(defaultStoreDir({ KEYSTROKE_CREDENTIALS_HOME: "/tmp/ks-home" }), "/tmp/ks-home");
  const platform = defaultStoreDir({});
  assert.match(platform, /keystroke-credentials$/);
  assert.ok(path.isAbsolute(platform));
});
