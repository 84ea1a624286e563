// One server per store: a second one is refused and names the holder's pid; --attach prints the
// running server's URL and exits 0; a lock left by a dead process is taken over.
import test, { after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { removeDir, runServerToExit, spawnServer, tempDir } from "./harness";

const dirs: string[] = [];
after(() => dirs.forEach(removeDir));

test("a second server on the same store is refused with the holder's pid", async () => {
  const storeDir = tempDir();
  dirs.push(storeDir);
  const first = await spawnServer({ storeDir });
  try {
    const second = runServerToExit(storeDir);
    assert.equal(second.status, 1);
    assert.match(second.stderr, new RegExp(`pid ${first.child.pid}`));
    assert.match(second.stderr, /--attach/);

    const attached = runServerToExit(storeDir, ["--attach"]);
    assert.equal(attached.status, 0);
    // A fresh single-use link from the running server, never the token or the link printed first.
    const link = /Credential manager: (http:\/\/127\.0\.0\.1:(\d+)\/\?code=\S+)/.exec(attached.stdout);
    assert.ok(link, attached.stdout);
    assert.equal(Number(link[2]), first.port);
    assert.notEqual(link[1], first.link);
    assert.ok(!attached.stdout.includes(first.token), "the token is never printed");
    assert.match(attached.stdout, /valid for 60 s/);
  } finally {
    await first.stop();
  }
});

test("a stale lock (dead pid) is recovered", async () => {
  const storeDir = tempDir();
  dirs.push(storeDir);
  // A pid that surely is dead: a child that has already exited.
  const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  writeFileSync(path.join(storeDir, "devserver.lock"), `${dead.stdout}\n`);
  const server = await spawnServer({ storeDir });
  assert.match(server.stdout(), /Credential manager/);
  await server.stop();
});
