// Servers of different stores starting together on one keychain: each probes with an account of
// its own and reads only its own ids, so none crashes and none reports "keychain not available"
// for a keychain that answered (4 of 125 crashed and 10 of 125 came up without secrets before).
import test, { after } from "node:test";
import assert from "node:assert/strict";
import { jsonBody, raw, removeDir, spawnServer, type Spawned } from "./harness";

const dirs: string[] = [];
after(() => dirs.forEach(removeDir));

test("10 rounds of four stores' servers starting together: every one up, secrets available, a write each", async () => {
  for (let round = 0; round < 10; round++) {
    const servers: Spawned[] = await Promise.all([0, 1, 2, 3].map(() => spawnServer()));
    try {
      for (const server of servers) dirs.push(server.storeDir);
      // Each writes while the others start, change and stop: the keychain service changes under all of them.
      const writes = await Promise.all(
        servers.map((s, i) => raw(s.port, { method: "PUT", path: "/api/v1/credentials", token: s.token, ...jsonBody({ key: `k${round}-${i}`, scope: "organization", fields: { apiKey: `v${i}` } }) })),
      );
      for (const [i, w] of writes.entries()) assert.equal(w.status, 201, `round ${round} server ${i}: ${w.text}\n${servers[i]!.stderr()}`);
      for (const s of servers) {
        assert.doesNotMatch(s.stderr(), /not available/, s.stderr());
        const health = await raw(s.port, { path: "/api/v1/health" });
        assert.equal((health.json as { secretsUnavailable: string | null }).secretsUnavailable, null);
      }
      // Removed again, so the keychain does not grow with every run.
      for (const [i, w] of writes.entries()) await raw(servers[i]!.port, { method: "DELETE", path: `/api/v1/credentials/${(w.json as { id: string }).id}`, token: servers[i]!.token });
    } finally {
      const codes = await Promise.all(servers.map((s) => s.stop()));
      assert.deepEqual(codes, [0, 0, 0, 0], "every server stopped cleanly");
    }
  }
});
