// Start-up repair on the real keychain: an entry whose value vanished is flagged (kept), a value
// this store created without metadata is removed, another store's values are never touched, and
// field lists follow the stored values.
import test from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
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
  assert.deepEqual(second.repair, { flagged: [lost.id], removed: [orphan.id], realigned: [realign.id], recovered: [], unlabelled: [] });
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

test("credentials.json missing (or a dangling link): no value is deleted; labelled entries come back marked for review", async (t) => {
  const dir = temp();
  const EXA_VALUE = "exa-value-7f3c9d";
  const first = await open(dir);
  if (first.store.secretsUnavailable !== null) {
    t.skip(`no Secret Service here: ${first.store.secretsUnavailable}`);
    return;
  }
  const project = (await first.store.put({ key: "exa", scope: "project", project: "bot", fields: { apiKey: EXA_VALUE }, name: "Exa (bot)" }, undefined)).entry;
  const org = (await first.store.put({ key: "linear", scope: "organization", fields: { token: "l1" }, default: false }, undefined)).entry;
  const index = JSON.parse(readFileSync(path.join(dir, "keychain-index.json"), "utf8")) as { version: number; entries: Record<string, { key: string; name: string }> };
  assert.equal(index.version, 2);
  assert.equal(index.entries[project.id]?.key, "exa", "labels (never values) are recorded beside the ids");
  // A value distinct enough that a random id cannot contain it (a bare "e1" did, now and then).
  assert.ok(!JSON.stringify(index).includes(EXA_VALUE));

  rmSync(path.join(dir, "credentials.json"));
  const second = await open(dir);
  assert.equal(second.lostMetadata, true);
  assert.deepEqual(second.repair?.removed, [], "nothing removed");
  assert.deepEqual(new Set(second.repair?.recovered), new Set([project.id, org.id]));
  const byId = new Map(second.store.entries().map((e) => [e.id, e]));
  assert.deepEqual(
    { key: byId.get(project.id)?.key, scope: byId.get(project.id)?.scope, project: byId.get(project.id)?.project, name: byId.get(project.id)?.name, recovered: byId.get(project.id)?.recovered },
    { key: "exa", scope: "project", project: "bot", name: "Exa (bot)", recovered: true },
  );
  assert.equal(byId.get(org.id)?.default, false);
  assert.equal(outside(project.id).getPassword(), JSON.stringify({ apiKey: EXA_VALUE }), "the value survived");
  // Saving a reviewed entry clears the mark.
  const reviewed = await second.store.patch(org.id, { name: "Linear" });
  assert.equal(reviewed.recovered, undefined);

  // A dangling symlink in its place is refused, not read as "no metadata".
  rmSync(path.join(dir, "credentials.json"));
  symlinkSync(path.join(dir, "nowhere.json"), path.join(dir, "credentials.json"));
  const backend = await openSecretBackend("keychain", dir);
  assert.ok(backend.ok);
  const refused = await CredentialStore.open(dir, backend.backend);
  assert.equal(refused.ok, false);
  assert.match(refused.ok ? "" : refused.message, /symbolic link/);
  assert.equal(outside(project.id).getPassword(), JSON.stringify({ apiKey: EXA_VALUE }));
  for (const id of [project.id, org.id]) outside(id).deleteCredential();
});

test("an index from an older version (ids only) recovers unlabelled entries as recovered-<id>; a garbage index is kept aside", async (t) => {
  const dir = temp();
  const first = await open(dir);
  if (first.store.secretsUnavailable !== null) {
    t.skip(`no Secret Service here: ${first.store.secretsUnavailable}`);
    return;
  }
  const entry = (await first.store.put({ key: "old", scope: "organization", fields: { apiKey: "o1" } }, undefined)).entry;
  writeFileSync(path.join(dir, "keychain-index.json"), JSON.stringify({ version: 1, ids: [entry.id] }));
  rmSync(path.join(dir, "credentials.json"));
  const second = await open(dir);
  assert.deepEqual(second.repair?.unlabelled, [entry.id]);
  const recovered = second.store.entries()[0]!;
  assert.equal(recovered.key, `recovered-${entry.id}`);
  assert.equal(recovered.scope, "user", "an unlabelled entry resolves nothing until the person names it");
  assert.equal(recovered.recovered, true);
  assert.equal(outside(entry.id).getPassword(), JSON.stringify({ apiKey: "o1" }));

  writeFileSync(path.join(dir, "keychain-index.json"), "{ not json");
  const backend = await openSecretBackend("keychain", dir);
  assert.ok(backend.ok);
  assert.match(backend.backend.notice ?? "", /kept as .*keychain-index\.json\.unreadable-/);
  const aside = (await import("node:fs")).readdirSync(dir).filter((f) => f.startsWith("keychain-index.json.unreadable-"));
  assert.equal(aside.length, 1);
  assert.equal(readFileSync(path.join(dir, aside[0]!), "utf8"), "{ not json");
  // The entries in credentials.json are recorded in the new index at the next repair.
  const third = await CredentialStore.open(dir, backend.backend);
  assert.ok(third.ok);
  const index = JSON.parse(readFileSync(path.join(dir, "keychain-index.json"), "utf8")) as { entries: Record<string, unknown> };
  assert.ok(entry.id in index.entries);
  outside(entry.id).deleteCredential();
});
