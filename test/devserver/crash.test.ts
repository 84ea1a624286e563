// Crash safety: SIGKILL the server in the middle of a write loop, restart it on the same store:
// credentials.json parses, every acknowledged write is present with its value, and nothing is
// left inconsistent (an unacknowledged write is either complete or cleaned up by repair).
import test, { after } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { StoreFile } from "../../server/core/schema";
import { DevServerClient } from "../../server/devserver/client";
import { readCredentialsFile, removeDir, secretToolLookup, spawnServer, tempDir, type Spawned } from "./harness";

const storeDir = tempDir();
let restarted: Spawned | undefined;

after(async () => {
  await restarted?.stop();
  removeDir(storeDir);
});

test("SIGKILL mid write loop, restart: metadata parses, acknowledged writes are all there", async () => {
  const first = await spawnServer({ storeDir });
  const client = new DevServerClient({ host: "127.0.0.1", port: first.port, token: first.token }, 5_000);
  const acknowledged = new Map<string, string>();
  let failed = false;
  // Four writers in parallel keep the queue busy; the kill lands while writes are in flight.
  const writer = async (w: number) => {
    for (let i = 0; !failed && i < 500; i++) {
      const key = `crash-${w}-${i}`;
      try {
        const entry = await client.put({ key, scope: "organization", fields: { apiKey: `v-${w}-${i}` } });
        acknowledged.set(entry.id, `v-${w}-${i}`);
      } catch {
        failed = true;
      }
    }
  };
  const loops = [0, 1, 2, 3].map(writer);
  // Wait until the loop is well under way (an event: acknowledged writes), then kill.
  while (acknowledged.size < 40 && !failed) await new Promise((r) => setImmediate(r));
  first.child.kill("SIGKILL");
  await Promise.all(loops);
  await first.exited;
  client.close();
  assert.ok(acknowledged.size >= 40);

  restarted = await spawnServer({ storeDir });
  const file = StoreFile.parse(JSON.parse(readCredentialsFile(storeDir)));
  const ids = new Set(file.entries.map((e) => e.id));
  for (const [id, value] of acknowledged) {
    assert.ok(ids.has(id), `acknowledged write ${id} survived`);
    assert.equal(JSON.parse(secretToolLookup(id) ?? "null").apiKey, value);
  }
  // Consistent after repair: every listed entry has its value (or is flagged), no temp files left.
  for (const entry of file.entries) {
    assert.notEqual(entry.secretMissing, true, `values are written before metadata, so ${entry.key} cannot lose them`);
    assert.notEqual(secretToolLookup(entry.id), null, `value of ${entry.key}`);
  }
  // Values of unacknowledged creates (keychain written, metadata not) were removed by repair.
  const index = JSON.parse(readFileSync(path.join(storeDir, "keychain-index.json"), "utf8")) as { version: number; entries: Record<string, unknown> };
  assert.equal(index.version, 2);
  for (const id of Object.keys(index.entries)) assert.ok(ids.has(id), `index id ${id} has metadata`);
  assert.deepEqual(readdirSync(storeDir).filter((f) => f.includes(".tmp-")), []);
  // Stale lock from the killed server was taken over.
  const restartedClient = new DevServerClient({ host: "127.0.0.1", port: restarted.port, token: restarted.token });
  assert.equal((await restartedClient.list()).length, file.entries.length);
  restartedClient.close();
});
