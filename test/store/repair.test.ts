// Start-up repair on the real keychain: an entry whose value vanished is flagged (kept), a value
// this store created without metadata is removed, another store's values are never touched, and
// field lists follow the stored values.
import test from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { CredentialStore, KEYCHAIN_SERVICE, openSecretBackend, readStoreFile, writeStoreFile } from "../../server/store";
import { tempDirs } from "../support/temp-dirs";

const temp = tempDirs("ks-repair-");

/** libsecret's CLI as a second keychain client, the way another program (or store) would touch it.
 *  The keyring library files the account under the Secret Service attribute `username`. */
const outside = (id: string) => {
  const attrs = ["service", KEYCHAIN_SERVICE, "username", id];
  return {
    getPassword: () => {
      const run = spawnSync("secret-tool", ["lookup", ...attrs], { encoding: "utf8" });
      return run.status === 0 ? run.stdout : null;
    },
    setPassword: (value: string) => {
      const run = spawnSync("secret-tool", ["store", "--label", `test ${id}`, ...attrs], { input: value, encoding: "utf8" });
      assert.equal(run.status, 0, run.stderr);
    },
    deleteCredential: () => {
      spawnSync("secret-tool", ["clear", ...attrs]);
    },
  };
};

async function open(dir: string) {
  const backend = await openSecretBackend("keychain", dir);
  assert.ok(backend.ok);
  const opened = await CredentialStore.open(dir, backend.backend);
  assert.ok(opened.ok, opened.ok ? "" : opened.message);
  return opened.opened;
}

test("repair flags lost values, removes this store's orphans, spares other stores' values", async (t) => {
  const dir = temp();
  const first = await open(dir);
  if (first.store.secretsUnavailable !== null) {
    t.skip(`no Secret Service here: ${first.store.secretsUnavailable}`);
    return;
  }
  const kept = (await first.store.put({ key: "kept", scope: "organization", fields: { apiKey: "k" } }, undefined)).entry;
  const lost = (await first.store.put({ key: "lost", scope: "organization", fields: { apiKey: "l" } }, undefined)).entry;
  const realign = (await first.store.put({ key: "realign", scope: "organization", fields: { apiKey: "r" } }, undefined)).entry;
  const orphan = (await first.store.put({ key: "orphan", scope: "organization", fields: { apiKey: "o" } }, undefined)).entry;

  // Simulate crashes between the two halves of writes, from outside the store:
  outside(lost.id).deleteCredential(); // value gone, metadata stays
  outside(realign.id).setPassword(JSON.stringify({ apiKey: "r", extra: "e" })); // values ahead of metadata
  const foreignId = "ffffffff-0000-4000-8000-000000000000";
  outside(foreignId).setPassword(JSON.stringify({ apiKey: "another store" })); // not ours
  // The orphan: drop its metadata by rewriting the store file without it.
  const read = await readStoreFile(dir);
  assert.ok(read.ok);
  await writeStoreFile(dir, { ...read.file, entries: read.file.entries.filter((e) => e.id !== orphan.id) });

  const second = await open(dir);
  assert.deepEqual(second.repair, { flagged: [lost.id], removed: [orphan.id], realigned: [realign.id] });
  const byId = new Map(second.store.entries().map((e) => [e.id, e]));
  assert.equal(byId.get(lost.id)?.secretMissing, true, "flagged, not deleted");
  assert.equal(byId.get(kept.id)?.secretMissing, undefined);
  assert.deepEqual(byId.get(realign.id)?.fields, ["apiKey", "extra"]);
  assert.equal(byId.has(orphan.id), false);
  assert.equal(outside(orphan.id).getPassword(), null, "orphaned value removed");
  assert.equal(outside(foreignId).getPassword(), JSON.stringify({ apiKey: "another store" }), "other store untouched");

  // Setting the lost entry again clears the flag.
  const again = await second.store.put({ key: "lost", scope: "organization", fields: { apiKey: "l2" } }, undefined);
  assert.equal(again.entry.id, lost.id);
  assert.equal(again.entry.secretMissing, undefined);

  for (const id of [kept.id, lost.id, realign.id, foreignId]) outside(id).deleteCredential();
});
