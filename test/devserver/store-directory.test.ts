// The store directory's permissions: one the server creates is 0700; an existing one that others
// can read gets a warning and is never chmod-ed (it may be a directory the person chose).
import test, { after } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, statSync } from "node:fs";
import path from "node:path";
import { removeDir, spawnServer, tempDir, waitFor } from "./harness";

const dirs: string[] = [];
after(() => dirs.forEach(removeDir));

test("a store directory the server creates is 0700; an open one is warned about and left as it is", async () => {
  const parent = tempDir();
  dirs.push(parent);
  const created = await spawnServer({ storeDir: path.join(parent, "new-store") });
  try {
    assert.equal(statSync(created.storeDir).mode & 0o777, 0o700);
    assert.doesNotMatch(created.stderr(), /can be read by other users/);
  } finally {
    await created.stop();
  }
  const open = tempDir();
  dirs.push(open);
  chmodSync(open, 0o755);
  const warned = await spawnServer({ storeDir: open });
  try {
    // stderr and stdout are separate pipes: the warning may arrive after the link line.
    await waitFor(() => /can be read by other users \(mode 755\)/.test(warned.stderr()), "the permissions warning on stderr");
    assert.equal(statSync(open).mode & 0o777, 0o755, "never chmod-ed");
  } finally {
    await warned.stop();
  }
});
