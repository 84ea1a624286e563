// The store lock: exclusive, names its holder, recovers from a dead holder, releases only its own.
import test from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, writeFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { acquireStoreLock } from "../../server/store";
import { tempDirs } from "../support/temp-dirs";

const temp = tempDirs("ks-lock-");

test("a live holder keeps the lock; its pid is named", async () => {
  const dir = temp();
  const holder = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  try {
    writeFileSync(path.join(dir, "devserver.lock"), `${holder.pid}\n`);
    const result = await acquireStoreLock(dir);
    assert.ok(!result.ok);
    assert.equal(result.ok ? null : result.holderPid, holder.pid);
    assert.match(result.ok ? "" : result.message, new RegExp(`pid ${holder.pid}`));
  } finally {
    holder.kill();
  }
});

test("a dead holder's lock is taken over, and release removes only our own lock", async () => {
  const dir = temp();
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  const deadPid = child.pid!;
  await new Promise((r) => child.once("exit", r));
  writeFileSync(path.join(dir, "devserver.lock"), `${deadPid}\n`);
  const result = await acquireStoreLock(dir);
  assert.ok(result.ok);
  assert.equal(readFileSync(path.join(dir, "devserver.lock"), "utf8").trim(), String(process.pid));
  // Someone else took over: releasing must not delete their lock.
  writeFileSync(path.join(dir, "devserver.lock"), "1\n");
  if (result.ok) await result.release();
  assert.ok(existsSync(path.join(dir, "devserver.lock")));
});
