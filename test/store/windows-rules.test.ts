// The store's Windows rules, run here with the platform switched: renaming over a file another
// process holds open is retried (as Windows answers EPERM/EACCES/EBUSY while it is held) and, when
// it stays held, fails with the old file intact and no temp file left; a value longer than
// Credential Manager holds is refused before anything is written (real keychain underneath).
import test from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { rename } from "node:fs/promises";
import path from "node:path";
import { CredentialStore, StoreRequestError, writeFileAtomic } from "../../server/store";
import { KeychainBackend, WINDOWS_MAX_VALUE_CHARS } from "../../server/store/keychain";
import { tempDirs } from "../support/temp-dirs";

const temp = tempDirs("ks-windows-");

/** A rename that fails like Windows while another process holds the target, `times` times. */
function heldOpen(times: number, code = "EPERM") {
  let calls = 0;
  return {
    calls: () => calls,
    rename: async (from: string, to: string) => {
      calls++;
      if (calls <= times) throw Object.assign(new Error(`${code}: operation not permitted, rename '${from}' -> '${to}'`), { code });
      await rename(from, to);
    },
  };
}

test("win32: a rename over a held file is retried until the holder lets go", async () => {
  const dir = temp();
  const file = path.join(dir, "credentials.json");
  writeFileSync(file, "old");
  for (const code of ["EPERM", "EACCES", "EBUSY"]) {
    const held = heldOpen(3, code);
    await writeFileAtomic(file, `new ${code}`, { platform: "win32", rename: held.rename });
    assert.equal(readFileSync(file, "utf8"), `new ${code}`);
    assert.equal(held.calls(), 4);
  }
  assert.deepEqual(readdirSync(dir), ["credentials.json"], "no temp file left");
});

test("win32: a file held for good fails the write with the old content intact; elsewhere there is no retry", async () => {
  const dir = temp();
  const file = path.join(dir, "credentials.json");
  writeFileSync(file, "old");
  const forever = heldOpen(Infinity, "EBUSY");
  await assert.rejects(writeFileAtomic(file, "new", { platform: "win32", rename: forever.rename }), /EBUSY/);
  assert.ok(forever.calls() > 5, `${forever.calls()} attempts`);
  assert.equal(readFileSync(file, "utf8"), "old");
  assert.deepEqual(readdirSync(dir), ["credentials.json"]);

  const linux = heldOpen(1, "EPERM");
  await assert.rejects(writeFileAtomic(file, "new", { platform: "linux", rename: linux.rename }), /EPERM/);
  assert.equal(linux.calls(), 1, "POSIX renames over open files; EPERM there is a real permission problem");
  assert.equal(readFileSync(file, "utf8"), "old");
});

test("win32: a value longer than Credential Manager holds is refused, nothing stored; one that fits is stored", async (t) => {
  const dir = temp();
  const backend = await KeychainBackend.open(dir, "win32");
  const unavailable = await backend.probe();
  if (unavailable !== null) return t.skip(unavailable);
  const opened = await CredentialStore.open(dir, backend);
  assert.ok(opened.ok);
  const store = opened.opened.store;
  const pem = `-----BEGIN PRIVATE KEY-----\n${"A".repeat(1700)}\n-----END PRIVATE KEY-----`;
  await assert.rejects(store.put({ key: "github-app", scope: "organization", fields: { privateKey: pem } }, undefined), (error: Error) => {
    assert.ok(error instanceof StoreRequestError && error.kind === "invalid");
    assert.match(error.message, new RegExp(`^github-app's values take \\d+ characters stored, and Windows Credential Manager holds at most ${WINDOWS_MAX_VALUE_CHARS} per credential`));
    assert.ok(!error.message.includes("AAAA"), "never the value");
    return true;
  });
  assert.deepEqual(store.entries(), []);
  assert.equal((JSON.parse(readFileSync(path.join(dir, "credentials.json"), "utf8")) as { entries: unknown[] }).entries.length, 0);

  const fits = (await store.put({ key: "exa", scope: "organization", fields: { apiKey: "k".repeat(WINDOWS_MAX_VALUE_CHARS - 20) } }, undefined)).entry;
  assert.deepEqual((await store.reveal(fits.id)).fields, { apiKey: "k".repeat(WINDOWS_MAX_VALUE_CHARS - 20) });
  await store.remove(fits.id);
});
